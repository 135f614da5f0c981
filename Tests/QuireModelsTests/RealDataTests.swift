import Crypto
import Foundation
import QuireCore
import QuireTesting
import Testing
@testable import QuireModels

@Suite("Classifier on real data: grouped cross-validation, calibration, the built-in model", .offThePool)
struct RealDataTests {
    @Test func theTemperatureSearchFindsAnOptimumBelowTheOldFloor() {
        // Logit gap 1 everywhere and 95 % right: the likelihood is best where sigmoid(gap / T) = 0.95,
        // T = 1 / ln 19 ≈ 0.340, under the 0.5 floor the search used to stop at.
        let zs = (0..<100).map { i in ([Float(1), 0], i < 95 ? 0 : 1) }
        let fit = LogisticRegression.fitTemperature(zs)
        #expect(fit.bracketed)
        #expect(abs(Double(fit.temperature) - 1 / log(19.0)) < 0.005, "\(fit.temperature)")
        // Half right at gap 1 means the logits carry nothing: a very high temperature (β near 0).
        let coin = (0..<100).map { i in ([Float(1), 0], i % 2) }
        #expect(LogisticRegression.fitTemperature(coin).temperature > 50)
        // All right with margin: sharper is always better, so the cap is taken and reported.
        let sure = (0..<50).map { _ in ([Float(3), 0], 0) }
        let capped = LogisticRegression.fitTemperature(sure)
        #expect(!capped.bracketed && abs(capped.temperature - 0.05) < 1e-6)
    }

    @Test func foldsKeepAGroupWholeAndAreBalanced() {
        var docs: [LabelledText] = []
        for g in 0..<12 { for j in 0..<(g % 3 + 1) { docs.append(LabelledText(text: "doc \(g) \(j)", label: "invoice", source: "s", group: "vendor\(g)")) } }
        let fold = CrossValidation.assignFolds(docs, count: 4)
        for g in Set(docs.map(\.group)) {
            #expect(Set(docs.indices.filter { docs[$0].group == g }.map { fold[$0] }).count == 1, "group \(g) split across folds")
        }
        let sizes = (0..<4).map { f in fold.filter { $0 == f }.count }
        #expect(sizes.max()! - sizes.min()! <= 3, "\(sizes)")
        // A document without a group is its own group.
        let a = LabelledText(text: "one", label: "other", source: "x"), b = LabelledText(text: "two", label: "other", source: "x")
        #expect(a.group != b.group)
    }

    @Test func crossValidationScoresEveryRealDocumentOnceAndNeverAGeneratedOne() throws {
        // Two vendors' invoices and two shops' receipts, real; generated documents of every label train only.
        var real: [LabelledText] = []
        for v in 0..<6 {
            for j in 0..<4 {
                real.append(LabelledText(text: "INVOICE number \(v)\(j) vendor\(v) net total VAT due IBAN payable within 30 days", label: "invoice", source: "r", group: "v\(v)"))
                real.append(LabelledText(text: "shop\(v) RECEIPT cash change thank you item \(j) total", label: "receipt", source: "r", group: "s\(v)"))
            }
        }
        let generated = TrainingCorpus.generate(count: 140, seed: 3)
        var h = Hyperparameters()
        h.epochs = 4
        h.features.hashBits = 14
        h.balanceClasses = true
        let cv = try CrossValidation.run(real: real, generated: generated, labels: defaultLabels, folds: 3, hyperparameters: h)
        #expect(cv.scored.count == real.count)
        #expect(Set(cv.scored.map(\.example.id)) == Set(real.map(\.id)))
        #expect(cv.scored.allSatisfy { !$0.example.isSynthetic })
        #expect(cv.generatedInTraining == 140)
        #expect(cv.evaluation.count == real.count && cv.coarse.labels == ["invoice", "receipt", "other"])
        #expect(cv.coarse.accuracy > 0.9, "\(cv.table.joined(separator: "\n"))")
        // Every fold's groups are scored by one model: a group's documents share their fold.
        for g in Set(real.map(\.group)) { #expect(Set(cv.scored.filter { $0.example.group == g }.map(\.fold)).count == 1) }
        #expect(throws: QuireError.self) { try CrossValidation.run(real: Array(real.prefix(2)), folds: 5, hyperparameters: h) }
        // Made up is a property of where a document came from, not of a folder's name.
        #expect(generated.allSatisfy(\.isSynthetic) && !LabelledText(text: "a real letter", label: "letter", source: "fixtures").isSynthetic)
    }

    @Test func otherCollectionsClassesMapOntoQuiresLabels() {
        #expect(LabelMap.label(for: "Letter") == "letter")
        #expect(LabelMap.label(for: "Memo") == "other" && LabelMap.label(for: "resume") == "other")
        #expect(LabelMap.label(for: "credit_note") == "credit_note")
        #expect(LabelMap.label(for: "vendor-x") == "vendor-x", "an unknown label is kept as it is")
        #expect(LabelMap.label(forTypeCode: "381") == "credit_note" && LabelMap.label(forTypeCode: "875") == "invoice")
        #expect(LabelMap.label(forTypeCode: "999") == nil)
    }

    @Test func aDocumentWithoutWordsAlwaysAbstains() throws {
        let model = try #require(BuiltInModels.doctype)
        for text in ["", "  \n ", "—,“", "a 1 b 2", "TOTAL 12.00"] {
            let p = model.predict(text: text, threshold: 0.5)
            #expect(p.abstained && p.probability < 0.2, "'\(text)': \(p.label) \(p.probability)")
        }
        #expect(!Classifier.tooLittleText("Invoice for consulting services"))
        // The model's order is kept: its best guess stays first, with no real confidence.
        let p: [Float] = [0.1, 0.7, 0.2]
        let h = Classifier.hedged(p, text: "")
        #expect(h.indices.max { h[$0] < h[$1] } == 1 && h.max()! < 0.34 && abs(h.reduce(0, +) - 1) < 1e-5)
        #expect(Classifier.hedged(p, text: "plenty of words here") == p)
    }

    @Test func theBuiltInModelLoadsKnowsEveryLabelAndCarriesItsHeldOutNumbers() throws {
        let model = try #require(BuiltInModels.doctype, "the base64 in DefaultDoctypeModel.swift decodes to a valid model file")
        #expect(model.info.name == "doctype" && model.model.labels == defaultLabels)
        #expect(model.fileBytes.count < 10 << 20)
        let cv = try #require(model.info.metrics["cross_validation"], "trained with --cv: held-out numbers recorded")
        #expect((cv["invoice_receipt_other"]?["macro_f1"]?.numberValue ?? 0) > 0.9)
        #expect(model.info.hyperparameters.features.edgeTokens > 0 && model.info.hyperparameters.balanceClasses)
        #expect(model.predict(text: "RECEIPT\nCoffee 3.20\nTOTAL 3.20\nCASH 5.00\nCHANGE 1.80\nThank you for your visit").label == "receipt")
        #expect(BuiltInModels.named("doctype") != nil && BuiltInModels.named("vendor") == nil)
        var retrained = model
        retrained.info.version = 2
        #expect(BuiltInModels.isBuiltIn(model) && !BuiltInModels.isBuiltIn(retrained) && !BuiltInModels.isBuiltIn(Small.model))
    }

    @Test func aModelFileFromBeforeEdgeFeaturesReadsWithoutThem() throws {
        var h = Hyperparameters()
        h.features.hashBits = 10
        h.features.edgeTokens = 0
        let m = LogisticRegression(labels: ["a", "b"], dimensions: 1 << 10, weights: [Float](repeating: 0, count: 2 << 10), bias: [0, 0])
        var bytes = ModelFile.encode(info: ModelInfo(name: "x", version: 1, labels: ["a", "b"], created: "2026-01-01", hyperparameters: h), model: m)
        // Strip the new keys from the header, as an older quire wrote it, and fix the lengths and checksum.
        let headerLength = Int(bytes[10]) | Int(bytes[11]) << 8 | Int(bytes[12]) << 16 | Int(bytes[13]) << 24
        var header = String(decoding: bytes[14..<(14 + headerLength)], as: UTF8.self)
        header = header.replacingOccurrences(of: #","edge_tokens":0"#, with: "").replacingOccurrences(of: #""edge_tokens":0,"#, with: "")
        #expect(!header.contains("edge_tokens"))
        let newHeader = Array(header.utf8)
        let body = Array(bytes[0..<10]) + (0..<4).map { UInt8((UInt32(newHeader.count) >> (8 * $0)) & 0xff) } + newHeader + Array(bytes[(14 + headerLength)..<(bytes.count - 32)])
        bytes = body + Array(SHA256.hash(data: body))
        let (info, _) = try ModelFile.decode(bytes)
        #expect(info.hyperparameters.features.edgeTokens == 0 && !info.hyperparameters.balanceClasses)
        // And the edges do change the features of a model that has them.
        let on = FeatureExtractor(configuration: FeatureConfiguration())
        #expect(on.features(text: "AVOIR\nservices 10.00").indices != FeatureExtractor(configuration: info.hyperparameters.features).features(text: "AVOIR\nservices 10.00").indices)
    }
}

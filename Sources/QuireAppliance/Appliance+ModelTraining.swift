import Crypto
public import Foundation
import Logging
public import QuireCore
public import QuireEngine
public import QuireModels
import QuireFields
import QuireStore

/// Gathers labelled documents for `quire model train` and `eval`, trains, and compares with the
/// active model on the same held-out documents.
public enum ModelTraining {
    public struct Sources: Sendable {
        /// Labelled examples stored in the appliance (fixtures added with `quire model examples add`, reviewer corrections).
        public var store = true
        /// A folder with one subfolder per label (PDF, PNG, JPEG, TIFF or .txt files).
        public var folders: [String] = []
        /// Real corpora: read e-invoices a second time as scans; keep the workers' output here.
        public var scans = false
        public var cache: String?
        /// The fixtures folder (expected/*.json: text and type).
        public var fixtures: String?
        /// Generated documents (TrainingCorpus) and their seed.
        public var generated = 0
        public var generatedSeed: UInt64 = 7
        public init() {}
    }

    /// Reads a folder of labelled documents. Five layouts are understood:
    ///
    /// - a real e-invoice corpus (`manifest.csv` with `type_code`, PDFs): the label from the type
    ///   code (``LabelMap/typeCodes``), the group from `source_repo` (else the seller); with
    ///   `scans`, each is read a second time as a 200 dpi scan with skew and noise;
    /// - a receipt corpus (`img/*.jpg` with `key/*.json`, SROIE's layout): receipts, grouped by shop;
    /// - a manifest (`manifest.csv` with `file` and `label`, optionally `group`): each file with its
    ///   label, mapped through ``LabelMap``; without a group column every document is its own group;
    /// - invoices side by side with invoice2data's golden `.json` (which names the issuer, the group);
    /// - one subfolder per label (PDF, PNG, JPEG, TIFF or .txt), mapped through ``LabelMap``; a
    ///   document with a same-named `.json` that has an `issuer` is grouped by it. Folders named `_…` (licences) are skipped.
    ///
    /// `.txt` is taken as it is; the rest goes through the isolated workers (OCR where needed).
    /// With `cache`, the workers' output for real corpora is kept there and read back next time.
    public static func folder(_ root: String, pool: WorkerPool, languages: [String], scans: Bool = false, cache: String? = nil) async throws -> [LabelledText] {
        let fm = FileManager.default
        let name = URL(fileURLWithPath: root).lastPathComponent
        if try FieldEvaluation.realDocuments(root) != nil {
            var bench = FieldEvaluation()
            bench.languages = languages
            guard let reads = try await bench.realReads(root, scans: scans, cache: cache, logger: Logger(label: "quire.model")) else { return [] }
            return reads.map { r in
                let t = r.text  // words in reading order, one line per printed line
                return LabelledText(text: t.plainText, pageCount: max(1, t.pageCount), label: r.doc.type,
                                    source: "\(name) \(r.kind)", group: "\(name)|\(r.doc.group)")
            }
        }
        var listed: [(path: String, label: String, group: String?)] = []
        if let data = fm.contents(atPath: root + "/manifest.csv"), let rows = CSVRows(String(decoding: data, as: UTF8.self)),
           rows.header.contains("file"), rows.header.contains("label") {
            for r in rows.records {
                guard let file = r["file"], let label = r["label"], !file.isEmpty, !label.isEmpty else { continue }
                guard !file.hasPrefix("/"), !file.split(separator: "/").contains("..") else {
                    throw QuireError(.invalidArgument, "\(root)/manifest.csv: '\(file)' is outside the folder; list files by their path inside it")
                }
                listed.append((root + "/" + file, LabelMap.label(for: label), r["group"].flatMap { $0.isEmpty ? nil : "\(name)|\($0)" }))
            }
        } else if let flat = try? fm.contentsOfDirectory(atPath: root).sorted(), flat.contains(where: { $0.hasSuffix(".json") }),
                  !flat.contains(where: { var d: ObjCBool = false; return fm.fileExists(atPath: root + "/" + $0, isDirectory: &d) && d.boolValue && !$0.hasPrefix(".") && !$0.hasPrefix("_") }) {
            // invoice2data's layout: invoices side by side with their golden JSON (which names the issuer).
            for file in flat where !file.hasPrefix(".") && !file.hasSuffix(".json") && !file.hasPrefix("_") {
                let stem = (file as NSString).deletingPathExtension
                guard let golden = fm.contents(atPath: root + "/" + stem + ".json").flatMap({ try? JSONValue.parse($0) }) else { continue }
                listed.append((root + "/" + file, "invoice", golden["issuer"]?.stringValue.map { "\(name)|\($0)" } ?? "\(name)|\(stem)"))
            }
        } else {
            for label in try fm.contentsOfDirectory(atPath: root).sorted() {
                var isDir: ObjCBool = false
                guard fm.fileExists(atPath: root + "/" + label, isDirectory: &isDir), isDir.boolValue, !label.hasPrefix("."), !label.hasPrefix("_") else { continue }
                for file in try fm.contentsOfDirectory(atPath: root + "/" + label).sorted() where !file.hasPrefix(".") && !file.lowercased().hasSuffix(".json") {
                    let path = root + "/" + label + "/" + file
                    // invoice2data's golden files name the issuer: the vendor, for grouped folds.
                    let stem = (path as NSString).deletingPathExtension
                    let issuer = fm.contents(atPath: stem + ".json").flatMap { try? JSONValue.parse($0) }?["issuer"]?.stringValue
                    listed.append((path, LabelMap.label(for: label), issuer.map { "\(name)|\($0)" }))
                }
            }
        }
        var out: [LabelledText] = []
        for (path, label, group) in listed {
            guard let data = fm.contents(atPath: path) else { throw QuireError(.notFound, "cannot read \(path); fix the manifest or the folder") }
            let text: String, pages: Int
            if path.lowercased().hasSuffix(".txt") {
                text = String(decoding: data, as: UTF8.self)
                pages = max(1, text.split(separator: "\u{0C}", omittingEmptySubsequences: false).count)
            } else {
                do {
                    let doc = try await DocumentInspection.read(path: path, pool: pool, languages: languages)
                    text = doc.pages.compactMap { $0["text"]?.stringValue }.joined(separator: "\n\u{0C}\n")
                    pages = max(1, doc.pages.count)
                } catch {
                    throw QuireError(.unsupportedInput, "\(path): \(error); remove it from the training folder or fix it")
                }
            }
            let id = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            out.append(LabelledText(id: id, text: text, pageCount: pages, label: label, source: name, group: group))
        }
        return out
    }

    /// `stored` are the appliance's labelled examples (used when `s.store`).
    public static func gather(_ s: Sources, stored: [TrainingExample], pool: WorkerPool?, languages: [String]) async throws -> [LabelledText] {
        var all: [LabelledText] = []
        if s.store {
            all += stored.map { LabelledText(id: $0.contentHash, text: $0.text, pageCount: $0.pageCount, label: $0.label, source: $0.source) }
        }
        for f in s.folders {
            guard let pool else { throw QuireError(.internal, "no worker pool to read \(f)") }
            all += try await folder(f, pool: pool, languages: languages, scans: s.scans, cache: s.cache)
        }
        if let fx = s.fixtures { all += try TrainingData.fixtures(fx) }
        if s.generated > 0 { all += TrainingCorpus.generate(count: s.generated, seed: s.generatedSeed) }
        return all
    }

    /// Trains a new version; where `active` is given it is scored on the new version's held-out
    /// documents too, so that promotion compares the two on the same documents.
    public static func train(name: String, version: Int, examples: [LabelledText], hyperparameters: Hyperparameters, created: String,
                             active: Classifier?, progress: (Int, Int, Double) -> Void) throws -> Trainer.Result {
        let r = try Trainer.train(name: name, version: version, examples: examples, labels: active?.model.labels,
                                  hyperparameters: hyperparameters, created: created, parent: active?.info.version, progress: progress)
        return try compare(r, with: active)
    }

    /// Scores `active` on the new version's held-out documents and records it with the new version's metrics.
    public static func compare(_ result: Trainer.Result, with active: Classifier?) throws -> Trainer.Result {
        var r = result
        if let a = active {
            let theirs = Trainer.evaluate(a, on: r.testSet)
            var m = r.classifier.info.metrics.objectValue ?? [:]
            m["active_on_holdout"] = theirs.json
            m["active_version"] = .number(Double(a.info.version))
            r.classifier.info.metrics = .object(m)
        }
        return r
    }
}

extension Appliance {
    /// A model's drift over the last `days` against the `referenceDays` before them (`quire model drift`, `GET /v1/models/{name}/drift`).
    public func driftReport(model name: String, days: Int, referenceDays: Int, now: Date = Date()) async throws -> DriftReport {
        let from = now.addingTimeInterval(-Double(days) * 86_400), refFrom = from.addingTimeInterval(-Double(referenceDays) * 86_400)
        let recent = try await store.classifications(model: name, from: from, to: now)
        let reference = try await store.classifications(model: name, from: refFrom, to: from)
        return DriftReport.make(model: name, records: recent, reference: reference)
    }
}

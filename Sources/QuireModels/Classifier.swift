internal import Crypto
public import Foundation
public import QuireCore

/// The labels the default model knows.
public let defaultLabels = ["invoice", "credit_note", "receipt", "purchase_order", "contract", "letter", "other"]

/// A document with its label, for training and evaluation. `id` is the content hash where there
/// is one (a blob), else a hash of the text.
public struct LabelledText: Sendable {
    public var id: String
    public var text: String
    public var pageCount: Int
    public var label: String
    public var source: String
    /// Who made the document (a vendor, a shop, a source repository): cross-validation keeps a
    /// group's documents in one fold, so a score never rests on a vendor seen in training.
    /// Documents with no known maker are each their own group.
    public var group: String
    /// Made up (generated documents, the project's fixtures): such documents only ever train, and are never scored as real ones.
    public var isSynthetic: Bool

    public init(id: String? = nil, text: String, pageCount: Int = 1, label: String, source: String, group: String? = nil, synthetic: Bool = false) {
        self.id = id ?? Classifier.sha256(text)
        self.text = text
        self.pageCount = pageCount
        self.label = label
        self.source = source
        self.group = group ?? source + "|" + self.id
        self.isSynthetic = synthetic
    }
}

/// One classification: the label, its probability, the others in order, and whether the model
/// abstained (the best probability is under the threshold).
public struct Prediction: Sendable, Hashable {
    public var label: String
    public var probability: Double
    public var ranked: [(label: String, probability: Double)]
    public var abstained: Bool
    public var model: String
    public var version: Int
    /// The printed title that made the model's `invoice` a `credit_note` (``DocumentTitle``); nil where none did.
    public var title: String? = nil

    public static func == (a: Prediction, b: Prediction) -> Bool {
        a.label == b.label && a.probability == b.probability && a.abstained == b.abstained && a.model == b.model && a.version == b.version && a.title == b.title
            && a.ranked.map(\.label) == b.ranked.map(\.label) && a.ranked.map(\.probability) == b.ranked.map(\.probability)
    }
    public func hash(into h: inout Hasher) { h.combine(label); h.combine(probability); h.combine(model); h.combine(version) }

    /// The prediction as the classify stage's output carries it (probabilities rounded to 0.0001, four labels ranked).
    public var classification: Classification {
        let r = { (p: Double) in (p * 10000).rounded() / 10000 }
        var c = Classification(label: label, probability: r(probability), abstained: abstained, model: model, version: version,
                               ranked: ranked.prefix(4).map { Classification.Ranked(label: $0.label, probability: r($0.probability)) })
        c.title = title
        return c
    }

    public var json: JSONValue { classification.json }
}

/// A trained model with its feature extractor: text in, prediction out.
public struct Classifier: Sendable {
    public var info: ModelInfo
    public var model: LogisticRegression
    public var extractor: FeatureExtractor

    public init(info: ModelInfo, model: LogisticRegression) {
        self.info = info
        self.model = model
        self.extractor = FeatureExtractor(configuration: info.hyperparameters.features)
    }

    public init(file bytes: [UInt8]) throws {
        let (info, model) = try ModelFile.decode(bytes)
        self.init(info: info, model: model)
    }

    public var fileBytes: [UInt8] { ModelFile.encode(info: info, model: model) }

    /// The model's probabilities, or for a text with too little to tell a type by (``tooLittleText(_:)``)
    /// nearly the same probability for every label: the model's order is kept (its best guess stays
    /// first), but no label gets more than a hair over 1/labels, so the document always abstains.
    public static func hedged(_ p: [Float], text: String) -> [Float] {
        guard tooLittleText(text), !p.isEmpty else { return p }
        let u = 1 / Float(p.count)
        return p.map { 0.999 * u + 0.001 * $0 }
    }

    /// A credit note titled as one (``DocumentTitle``), which the words alone call an invoice: the probabilities of
    /// `invoice` and `credit_note` change places, and the title is returned with them.
    public static func retitled<P: BinaryFloatingPoint>(_ p: [P], labels: [String], text: String) -> ([P], String?) {
        guard let i = labels.firstIndex(of: "invoice"), let c = labels.firstIndex(of: "credit_note"), i < p.count, c < p.count,
              p[i] == p.max(), p[i] > p[c], let title = DocumentTitle.creditNote(in: text) else { return (p, nil) }
        var q = p
        q.swapAt(i, c)
        return (q, title)
    }

    /// Fewer than three words of two or more letters: nothing to tell a type by (an OCR that read
    /// nothing, a blank page).
    public static func tooLittleText(_ text: String) -> Bool {
        var words = 0, letters = 0
        for scalar in text.unicodeScalars.prefix(20_000) {
            if scalar.properties.isAlphabetic { letters += 1 } else {
                if letters >= 2 { words += 1; if words >= 3 { return false } }
                letters = 0
            }
        }
        return words + (letters >= 2 ? 1 : 0) < 3
    }

    public func predict(text: String, pageCount: Int = 1, threshold: Double = 0) -> Prediction {
        let (p, title) = Self.retitled(Self.hedged(model.probabilities(extractor.features(text: text, pageCount: pageCount)), text: text),
                                       labels: model.labels, text: text)
        let ranked = zip(model.labels, p.map(Double.init)).sorted { $0.1 > $1.1 }.map { (label: $0.0, probability: $0.1) }
        let best = ranked[0]
        return Prediction(label: best.label, probability: best.probability, ranked: ranked, abstained: best.probability < threshold,
                          model: info.name, version: info.version, title: title)
    }

    static func sha256(_ s: String) -> String { SHA256.hash(data: Data(s.utf8)).map { String(format: "%02x", $0) }.joined() }

    /// The training data's identity: sha256 over the sorted "id label" lines.
    public static func dataHash(_ examples: [LabelledText]) -> String {
        sha256(examples.map { "\($0.id) \($0.label)" }.sorted().joined(separator: "\n"))
    }
}

/// Per-class precision, recall and F1, the confusion matrix and the expected calibration error.
public struct Evaluation: Sendable {
    public var labels: [String]
    public var confusion: [[Int]]   // [actual][predicted]
    public var accuracy: Double
    public var macroF1: Double
    public var perClass: [(label: String, precision: Double, recall: Double, f1: Double, support: Int)]
    /// Expected calibration error over 10 equal-width confidence bins.
    public var ece: Double
    public var count: Int
    /// The 10 confidence bins: documents, how many were right, the sum of their confidences.
    public var bins: [(n: Int, correct: Int, confidence: Double)] = []

    public static func evaluate(_ predictions: [(predicted: String, probability: Double, actual: String)], labels: [String]) -> Evaluation {
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        var confusion = Array(repeating: Array(repeating: 0, count: labels.count), count: labels.count)
        var bins = Array(repeating: (n: 0, correct: 0, confidence: 0.0), count: 10)
        for p in predictions {
            guard let a = index[p.actual], let q = index[p.predicted] else { continue }
            confusion[a][q] += 1
            let b = min(9, Int(p.probability * 10))
            bins[b].n += 1
            bins[b].confidence += p.probability
            if a == q { bins[b].correct += 1 }
        }
        let n = predictions.count
        var perClass: [(String, Double, Double, Double, Int)] = []
        for (i, l) in labels.enumerated() {
            let tp = Double(confusion[i][i])
            let predicted = Double(confusion.map { $0[i] }.reduce(0, +)), actual = Double(confusion[i].reduce(0, +))
            let precision = predicted == 0 ? 0 : tp / predicted, recall = actual == 0 ? 0 : tp / actual
            let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
            perClass.append((l, precision, recall, f1, Int(actual)))
        }
        let present = perClass.filter { $0.4 > 0 }
        let correct = (0..<labels.count).reduce(0) { $0 + confusion[$1][$1] }
        let ece = bins.reduce(0.0) { acc, b in b.n == 0 ? acc : acc + Double(b.n) / Double(max(1, n)) * abs(Double(b.correct) / Double(b.n) - b.confidence / Double(b.n)) }
        return Evaluation(labels: labels, confusion: confusion, accuracy: n == 0 ? 0 : Double(correct) / Double(n),
                          macroF1: present.isEmpty ? 0 : present.reduce(0) { $0 + $1.3 } / Double(present.count),
                          perClass: perClass.map { (label: $0.0, precision: $0.1, recall: $0.2, f1: $0.3, support: $0.4) }, ece: ece, count: n, bins: bins)
    }

    /// One line per non-empty confidence bin: range, documents, accuracy, mean confidence.
    public var reliabilityTable: [String] {
        bins.enumerated().compactMap { i, b in
            guard b.n > 0 else { return nil }
            return String(format: "  %.1f–%.1f  %5d  %6.1f %%  %.3f", Double(i) / 10, Double(i + 1) / 10, b.n, Double(b.correct) / Double(b.n) * 100, b.confidence / Double(b.n))
        }
    }

    public var json: JSONValue {
        func r(_ x: Double) -> JSONValue { .number((x * 10000).rounded() / 10000) }
        return ["count": .number(Double(count)), "accuracy": r(accuracy), "macro_f1": r(macroF1), "ece": r(ece),
                "per_class": .object(Dictionary(uniqueKeysWithValues: perClass.map { ($0.label, ["precision": r($0.precision), "recall": r($0.recall), "f1": r($0.f1), "support": .number(Double($0.support))]) })),
                "confusion": .array(confusion.map { .array($0.map { .number(Double($0)) }) }), "labels": .array(labels.map(JSONValue.string))]
    }

    /// A text table: per-class rows, then the confusion matrix.
    public var table: [String] {
        var out = [String(format: "accuracy %.2f %%, macro-F1 %.3f, ECE %.3f, %d documents", accuracy * 100, macroF1, ece, count)]
        out.append("label            precision  recall     F1  support")
        for c in perClass { out.append("\(c.label.padding(toLength: 16, withPad: " ", startingAt: 0)) \(String(format: "%9.3f %7.3f %6.3f %8d", c.precision, c.recall, c.f1, c.support))") }
        out.append("confusion (rows: actual, columns: predicted, in the order above)")
        for (i, row) in confusion.enumerated() { out.append("\(labels[i].padding(toLength: 16, withPad: " ", startingAt: 0)) " + row.map { String(format: "%5d", $0) }.joined()) }
        return out
    }
}

/// Trains a classifier: features for every example, a seeded shuffle, a held-out split (half of it
/// calibrates the temperature, the other half measures the model), SGD on the rest.
public enum Trainer {
    public struct Result: Sendable {
        public var classifier: Classifier
        public var evaluation: Evaluation
        /// The held-out test half, for comparing another model on the same documents.
        public var testSet: [LabelledText]
        public var seconds: Double
    }

    public static func train(name: String, version: Int, examples: [LabelledText], labels: [String]? = nil, hyperparameters h: Hyperparameters = Hyperparameters(),
                             created: String, parent: Int? = nil, progress: (Int, Int, Double) -> Void = { _, _, _ in }) throws -> Result {
        let start = Date()
        let labels = labels ?? labelOrder(examples)
        guard labels.count >= 2 else { throw QuireError(.invalidArgument, "training needs examples of at least two labels; found \(labels.joined(separator: ", "))") }
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        // A stable order first (by id), so the input order does not change the model.
        var shuffled = examples.filter { index[$0.label] != nil }.sorted { ($0.id, $0.label) < ($1.id, $1.label) }
        var rng = SeededGenerator(seed: h.seed ^ 0x5157_4952_4520)
        shuffled.shuffle(using: &rng)
        let held = Int(Double(shuffled.count) * h.holdout)
        let calibration = Array(shuffled.prefix(held / 2)), test = Array(shuffled.prefix(held).dropFirst(held / 2)), train = Array(shuffled.dropFirst(held))
        guard !train.isEmpty else { throw QuireError(.invalidArgument, "no examples left to train on") }
        let extractor = FeatureExtractor(configuration: h.features)
        let features = parallelFeatures(shuffled, extractor)
        let trainSet = (held..<shuffled.count).map { (features[$0], index[shuffled[$0].label]!) }
        var model = LogisticRegression.train(labels: labels, examples: trainSet, hyperparameters: h, progress: progress)
        model.calibrate((0..<(held / 2)).map { (features[$0], index[shuffled[$0].label]!) })
        var info = ModelInfo(name: name, version: version, labels: labels, created: created, hyperparameters: h, parent: parent)
        info.trainingData = trainingData(examples, split: ["train": .number(Double(train.count)), "calibration": .number(Double(calibration.count)),
                                                           "test": .number(Double(test.count))])
        let classifier = Classifier(info: info, model: model)
        let evaluation = evaluate(classifier, on: test, features: Array(features[(held / 2)..<held]))
        var c = classifier
        c.info.metrics = ["holdout": evaluation.json, "temperature": .number(Double(model.temperature))]
        return Result(classifier: c, evaluation: evaluation, testSet: test, seconds: Date().timeIntervalSince(start))
    }

    /// The labels of `examples`, Quire's own first in their usual order, then the rest by name.
    public static func labelOrder(_ examples: [LabelledText]) -> [String] {
        Array(Set(examples.map(\.label))).sorted { (defaultLabels.firstIndex(of: $0) ?? 99, $0) < (defaultLabels.firstIndex(of: $1) ?? 99, $1) }
    }

    /// Trains on every example and takes the temperature and the reported metrics from a grouped
    /// cross-validation (``CrossValidation``) over the real ones (not ``LabelledText/isSynthetic``): the
    /// shipped probabilities are calibrated on real documents no model had seen, and the numbers
    /// recorded with the model are held-out numbers, not a random split of generated text.
    public static func trainCrossValidated(name: String, version: Int, examples: [LabelledText], labels: [String]? = nil, folds k: Int,
                                           hyperparameters h: Hyperparameters = Hyperparameters(), created: String, parent: Int? = nil,
                                           foldProgress: (Int, Int) -> Void = { _, _ in }, progress: (Int, Int, Double) -> Void = { _, _, _ in }) throws -> (Result, CrossValidation) {
        let start = Date()
        let labels = labels ?? labelOrder(examples)
        let real = examples.filter { !$0.isSynthetic }, generated = examples.filter(\.isSynthetic)
        let cv = try CrossValidation.run(real: real, generated: generated, labels: labels, folds: k, hyperparameters: h, progress: foldProgress)
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let all = examples.filter { index[$0.label] != nil }.sorted { ($0.id, $0.label) < ($1.id, $1.label) }
        let features = parallelFeatures(all, FeatureExtractor(configuration: h.features))
        var model = LogisticRegression.train(labels: labels, examples: zip(features, all).map { ($0, index[$1.label]!) }, hyperparameters: h, progress: progress)
        model.temperature = cv.temperature
        var info = ModelInfo(name: name, version: version, labels: labels, created: created, hyperparameters: h, parent: parent)
        info.trainingData = trainingData(examples, split: ["train": .number(Double(all.count)), "cross_validation_folds": .number(Double(cv.folds))])
        info.metrics = ["holdout": cv.evaluation.json, "cross_validation": cv.json, "temperature": .number(Double(cv.temperature))]
        let classifier = Classifier(info: info, model: model)
        return (Result(classifier: classifier, evaluation: cv.evaluation, testSet: real, seconds: Date().timeIntervalSince(start)), cv)
    }

    /// What a model was trained on: the data hash, counts per label and per source, and the split.
    static func trainingData(_ examples: [LabelledText], split: [String: JSONValue]) -> JSONValue {
        var counts: [String: Int] = [:]
        var sources: [String: Int] = [:]
        for e in examples { counts[e.label, default: 0] += 1; sources[e.source, default: 0] += 1 }
        var out: [String: JSONValue] = ["sha256": .string(Classifier.dataHash(examples)), "examples": .number(Double(examples.count)),
                                        "labels": .object(counts.mapValues { .number(Double($0)) }), "sources": .object(sources.mapValues { .number(Double($0)) })]
        for (k, v) in split { out[k] = v }
        return .object(out)
    }

    public static func evaluate(_ c: Classifier, on examples: [LabelledText], features: [SparseVector]? = nil) -> Evaluation {
        let fs = features ?? parallelFeatures(examples, c.extractor)
        let preds = zip(examples, fs).map { e, f -> (String, Double, String) in
            let p = Classifier.hedged(c.model.probabilities(f), text: e.text)
            let best = p.indices.max { p[$0] < p[$1] }!
            return (c.model.labels[best], Double(p[best]), e.label)
        }
        return Evaluation.evaluate(preds.map { (predicted: $0.0, probability: $0.1, actual: $0.2) }, labels: c.model.labels)
    }

    /// Features on every core; each result lands in its own slot, so the output does not depend on scheduling.
    static func parallelFeatures(_ examples: [LabelledText], _ extractor: FeatureExtractor) -> [SparseVector] {
        let out = UnsafeMutableBufferPointer<SparseVector>.allocate(capacity: examples.count)
        out.initialize(repeating: SparseVector(indices: [], values: []))
        defer { out.deallocate() }
        let chunks = max(1, min(examples.count, ProcessInfo.processInfo.activeProcessorCount * 4))
        let box = UnsafeSendable(out)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            var i = c
            while i < examples.count {
                box.buffer[i] = extractor.features(text: examples[i].text, pageCount: examples[i].pageCount)
                i += chunks
            }
        }
        return Array(out)
    }
}

struct UnsafeSendable<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T>
    init(_ b: UnsafeMutableBufferPointer<T>) { buffer = b }
}

public import Foundation
public import QuireCore

/// Grouped cross-validation of the classifier on real documents: every group (a vendor, a shop, a
/// source) lands whole in one fold, each fold is predicted by a model trained on the others (plus
/// any generated documents, which are never scored), and probabilities are calibrated without
/// looking at the fold they score: fold i's temperature is fit on the other folds' out-of-fold
/// predictions. The temperature fit on all out-of-fold predictions is the one to ship with a
/// model trained on everything.
public struct CrossValidation: Sendable {
    /// One scored document: its label and the out-of-fold probabilities (in `labels` order).
    public struct Scored: Sendable {
        public var example: LabelledText
        public var fold: Int
        public var probabilities: [Double]
    }

    public var labels: [String]
    public var folds: Int
    public var scored: [Scored]
    /// Over all of the model's labels.
    public var evaluation: Evaluation
    /// Over invoice / receipt / other (``collapsed(_:)``).
    public var coarse: Evaluation
    /// Fit on all out-of-fold predictions: the temperature to ship.
    public var temperature: Float
    public var bracketed: Bool
    public var generatedInTraining: Int

    /// invoice and credit_note → invoice, receipt → receipt, everything else → other.
    public static func collapsed(_ label: String) -> String {
        switch label {
        case "invoice", "credit_note": "invoice"
        case "receipt": "receipt"
        default: "other"
        }
    }
    public static let coarseLabels = ["invoice", "receipt", "other"]

    /// Invoice / receipt / other from full probabilities: each coarse class gets the sum of its labels' probabilities.
    public static func coarseEvaluation(_ predictions: [(probabilities: [Double], actual: String)], labels: [String]) -> Evaluation {
        Evaluation.evaluate(predictions.map { p in
            let c = coarsePrediction(p.probabilities, labels: labels)
            return (predicted: c.label, probability: c.probability, actual: collapsed(p.actual))
        }, labels: coarseLabels)
    }

    /// The likeliest of invoice / receipt / other and its summed probability.
    public static func coarsePrediction(_ probabilities: [Double], labels: [String]) -> (label: String, probability: Double) {
        var q: [String: Double] = [:]
        for (l, x) in zip(labels, probabilities) { q[collapsed(l), default: 0] += x }
        let b = coarseLabels.max { (q[$0] ?? 0) < (q[$1] ?? 0) }!
        return (b, q[b] ?? 0)
    }

    /// Documents wrong with a probability of at least `p`.
    public func confidentlyWrong(atLeast p: Double = 0.9) -> [(example: LabelledText, predicted: String, probability: Double)] {
        scored.compactMap { s in
            let best = s.probabilities.indices.max { s.probabilities[$0] < s.probabilities[$1] }!
            guard labels[best] != s.example.label, s.probabilities[best] >= p else { return nil }
            return (s.example, labels[best], s.probabilities[best])
        }.sorted { $0.probability > $1.probability }
    }

    /// Documents whose invoice / receipt / other class is wrong with a probability of at least `p` (the class's summed probability).
    public func confidentlyWrongCoarse(atLeast p: Double = 0.9) -> Int {
        scored.filter { s in
            let c = Self.coarsePrediction(s.probabilities, labels: labels)
            return c.label != Self.collapsed(s.example.label) && c.probability >= p
        }.count
    }

    /// Folds that keep each group whole: the largest groups first, each to the fold with the fewest documents.
    public static func assignFolds(_ examples: [LabelledText], count k: Int) -> [Int] {
        let byGroup = Dictionary(grouping: examples.indices) { examples[$0].group }
        var sizes = [Int](repeating: 0, count: max(2, k))
        var fold = [Int](repeating: 0, count: examples.count)
        // Ties broken by a stable hash of the group, so equal-sized groups (one document each) are spread evenly but not by name.
        for (g, members) in byGroup.sorted(by: { ($0.value.count, StableHash.fnv1a(Array($0.key.utf8))) > ($1.value.count, StableHash.fnv1a(Array($1.key.utf8))) }) {
            _ = g
            let i = sizes.indices.min { (sizes[$0], $0) < (sizes[$1], $1) }!
            for m in members { fold[m] = i }
            sizes[i] += members.count
        }
        return fold
    }

    /// Runs `k`-fold grouped cross-validation over `real`; `generated` documents are added to every
    /// training fold. `progress` is told each fold as it finishes.
    public static func run(real: [LabelledText], generated: [LabelledText] = [], labels: [String]? = nil, folds k: Int,
                           hyperparameters h: Hyperparameters, progress: (Int, Int) -> Void = { _, _ in }) throws -> CrossValidation {
        let labels = labels ?? Trainer.labelOrder(real + generated)
        guard labels.count >= 2 else { throw QuireError(.invalidArgument, "cross-validation needs documents of at least two labels") }
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let real = real.filter { index[$0.label] != nil }.sorted { ($0.id, $0.label) < ($1.id, $1.label) }
        guard Set(real.map(\.group)).count >= max(2, k) else {
            throw QuireError(.invalidArgument, "cross-validation over \(k) folds needs at least \(k) groups of real documents; found \(Set(real.map(\.group)).count)")
        }
        let generated = generated.filter { index[$0.label] != nil }
        let extractor = FeatureExtractor(configuration: h.features)
        let realFeatures = Trainer.parallelFeatures(real, extractor)
        let generatedSet = zip(Trainer.parallelFeatures(generated, extractor), generated).map { ($0, index[$1.label]!) }
        let fold = assignFolds(real, count: k)
        var logits = [[Float]](repeating: [], count: real.count)
        for f in 0..<max(2, k) {
            let train = real.indices.filter { fold[$0] != f }.map { (realFeatures[$0], index[real[$0].label]!) } + generatedSet
            var model = LogisticRegression.train(labels: labels, examples: train, hyperparameters: h)
            model.temperature = 1
            for i in real.indices where fold[i] == f { logits[i] = model.logits(realFeatures[i]) }
            progress(f + 1, max(2, k))
        }
        // Fold f is calibrated on the other folds' out-of-fold logits only.
        var scored: [Scored] = []
        for f in 0..<max(2, k) {
            let others = real.indices.filter { fold[$0] != f }.map { (logits[$0], index[real[$0].label]!) }
            let t = LogisticRegression.fitTemperature(others).temperature
            for i in real.indices where fold[i] == f {
                let hedged = Classifier.hedged(LogisticRegression.softmax(logits[i], temperature: t), text: real[i].text).map(Double.init)
                let p = Classifier.retitled(hedged, labels: labels, text: real[i].text).0
                scored.append(Scored(example: real[i], fold: f, probabilities: p))
            }
        }
        let all = LogisticRegression.fitTemperature(real.indices.map { (logits[$0], index[real[$0].label]!) })
        func best(_ p: [Double]) -> Int { p.indices.max { p[$0] < p[$1] }! }
        let evaluation = Evaluation.evaluate(scored.map { s in
            let b = best(s.probabilities)
            return (predicted: labels[b], probability: s.probabilities[b], actual: s.example.label)
        }, labels: labels)
        let coarse = coarseEvaluation(scored.map { ($0.probabilities, $0.example.label) }, labels: labels)
        return CrossValidation(labels: labels, folds: max(2, k), scored: scored, evaluation: evaluation, coarse: coarse,
                               temperature: all.temperature, bracketed: all.bracketed, generatedInTraining: generated.count)
    }

    public var json: JSONValue {
        ["folds": .number(Double(folds)), "documents": .number(Double(scored.count)), "groups": .number(Double(Set(scored.map(\.example.group)).count)),
         "generated_in_training": .number(Double(generatedInTraining)), "temperature": .number(Double(temperature)), "temperature_bracketed": .bool(bracketed),
         "all_labels": evaluation.json, "invoice_receipt_other": coarse.json,
         "wrong_at_0_9": .number(Double(confidentlyWrong().count)), "coarse_wrong_at_0_9": .number(Double(confidentlyWrongCoarse()))]
    }

    /// The report `quire model eval --cv` prints.
    public var table: [String] {
        var out = ["\(scored.count) real documents in \(Set(scored.map(\.example.group)).count) groups, \(folds) folds (a group never in both training and test)"
            + (generatedInTraining > 0 ? "; \(generatedInTraining) generated documents added to every training fold" : "")]
        out.append(String(format: "temperature fit on all out-of-fold predictions: %.3f%@", temperature, bracketed ? "" : " (not bracketed: capped)"))
        out.append("")
        out.append("invoice / receipt / other:")
        out += coarse.table
        out.append("")
        out.append("all labels:")
        out += evaluation.table
        out.append("")
        out.append("reliability (all labels): confidence bin, documents, accuracy, mean confidence")
        out += evaluation.reliabilityTable
        let wrong = confidentlyWrong()
        out.append("")
        out.append("wrong with probability ≥ 0.9: \(wrong.count) (invoice / receipt / other wrong at ≥ 0.9: \(confidentlyWrongCoarse()))")
        for w in wrong.prefix(20) { out.append(String(format: "  %@ (%@): %@ at %.3f", w.example.group, w.example.label, w.predicted, w.probability)) }
        return out
    }
}

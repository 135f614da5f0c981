import Crypto
public import Foundation
public import QuireCore
public import QuireFields
import QuireModels
public import QuireStore

/// Trains the field ranker (the model `fields`) from documents whose right values are known: the
/// items a person approved in review (the values as approved, corrections included) and, where
/// given, real development corpora (`quire bench fields --corpus`'s folders). A fifth of the vendors
/// (whole: a vendor's documents are never on both sides) is held out, the new ranker is trained on
/// the rest, and both it and the ranker deciding now are scored on the held-out documents; the
/// registry's `promote` refuses a version that reads fewer fields right than the active one.
public enum FieldRankerTraining {
    /// What one training run produced, ready to register.
    public struct Outcome: Sendable {
        public var ranker: FieldRanker
        public var metrics: JSONValue
        public var trainingData: JSONValue
        public var hyperparameters: JSONValue
        /// Documents trained on and held out.
        public var trained: Int
        public var heldOut: Int
    }

    /// Items whose review a person decided by approving, read back as the fields stage saw them:
    /// the text (and OCR) its stages produced, the schema it read with, and the approved values as
    /// the right ones. Items whose outputs retention has removed are passed over. `skipped` counts them.
    public static func reviewed(store: any Store, limit: Int = 5000, now: Date = Date()) async throws -> (reads: [FieldEvaluation.RealRead], skipped: Int) {
        var reads: [FieldEvaluation.RealRead] = []
        var skipped = 0
        for review in try await store.reviews(queue: nil, states: [.decided], now: now, limit: limit) {
            let jobs = try await store.jobs(of: review.item).filter { $0.state == .done }
            guard let outcome = jobs.output(ReviewOutcome.self), outcome.decision == .approved,
                  let fields = jobs.output(ExtractedFields.self), fields.einvoice == nil, fields.template == nil else { skipped += 1; continue }
            func output(kind: String) -> JSONValue? {
                let runs = jobs.filter { $0.kind == kind }
                guard let stage = runs.last?.stageID else { return nil }
                return Job.stageOutputs(runs.filter { $0.stageID == stage }.map { ($0.stageID, $0.part, $0.output ?? .null) })[stage]
            }
            let text = DocumentText(textOutput: output(kind: "pdf.text"), ocrOutput: output(kind: "ocr.page"))
            guard !text.lines.isEmpty else { skipped += 1; continue }
            let v = outcome.values
            let vendor = [v["vendor_vat_id"], v["vendor_name"], v["merchant"]].compactMap { $0?.stringValue }.first { !$0.isEmpty }
            let group = vendor.map { $0.uppercased().filter { $0.isLetter || $0.isNumber } } ?? review.item.rawValue
            let doc = FieldEvaluation.RealDocument(id: review.item.rawValue, group: String(group.prefix(24)), type: fields.schema, path: "", format: "", expected: v)
            reads.append(FieldEvaluation.RealRead(doc: doc, kind: "reviewed", corpus: fields.schema == "receipt" ? "receipt" : "einvoice", text: text))
        }
        return (reads, skipped)
    }

    /// The held-out share: whole groups, taken in an order fixed by their names' hash until a fifth
    /// of the documents is in (at least one group, never all of them).
    static func split(_ reads: [FieldEvaluation.RealRead], share: Double = 0.2) -> (train: [FieldEvaluation.RealRead], holdout: [FieldEvaluation.RealRead]) {
        let byGroup = Dictionary(grouping: reads) { "\($0.corpus)|\($0.doc.group)" }
        guard byGroup.count >= 2 else { return (reads, []) }
        let order = byGroup.keys.sorted { (sha256($0), $0) < (sha256($1), $1) }
        var held = Set<String>()
        var count = 0
        for g in order where Double(count) < share * Double(reads.count) && held.count < byGroup.count - 1 {
            held.insert(g)
            count += byGroup[g]!.count
        }
        return (reads.filter { !held.contains("\($0.corpus)|\($0.doc.group)") }, reads.filter { held.contains("\($0.corpus)|\($0.doc.group)") })
    }

    static func sha256(_ s: String) -> String { SHA256.hash(data: Data(s.utf8)).map { String(format: "%02x", $0) }.joined() }

    /// Trains on all but the held-out vendors and scores the new ranker and `active` (the ranker deciding now) on them.
    public static func train(_ reads: [FieldEvaluation.RealRead], active: FieldRanker?, activeVersion: Int?, bench: FieldEvaluation = FieldEvaluation(),
                             sources: [String], now: Date = Date()) throws -> Outcome {
        let (train, holdout) = split(reads)
        let rows = bench.rankerRows(train)
        guard rows.contains(where: \.correct) else {
            throw QuireError(.invalidArgument, "none of the \(train.count) documents to train on has a right value among the candidates the rules found; review more documents (approve with corrections) or add a corpus with --from")
        }
        let documents = Set(train.map(\.doc.id)).count
        let ranker = FieldRanker.train(rows, version: ISO8601DateFormatter().string(from: now),
                                       trainedOn: "\(documents) documents (\(sources.joined(separator: ", ")))")
        func accuracy(_ report: FieldEvaluation.Report) -> Double {
            let correct = report.scores.reduce(0) { $0 + $1.correct }, total = report.scores.reduce(0) { $0 + $1.total }
            return total == 0 ? 0 : (Double(correct) / Double(total) * 10_000).rounded() / 10_000
        }
        var metrics: [String: JSONValue] = [:]
        if !holdout.isEmpty {
            let mine = bench.score(holdout, ranker: ranker)
            let theirs = bench.score(holdout, ranker: active)
            metrics["holdout"] = ["field_accuracy": .number(accuracy(mine)), "documents": .number(Double(Set(holdout.map(\.doc.id)).count)),
                                  "per_field": .object(Dictionary(mine.scores.map { ("\($0.kind).\($0.field)", JSONValue.number((($0.accuracy) * 10_000).rounded() / 10_000)) },
                                                                  uniquingKeysWith: { a, _ in a }))]
            metrics["active_on_holdout"] = ["field_accuracy": .number(accuracy(theirs)), "version": activeVersion.map { .number(Double($0)) } ?? .string(active == nil ? "rules" : "built in")]
        }
        let ids = reads.map(\.doc.id).sorted()
        let trainingData: JSONValue = ["examples": .number(Double(Set(ids).count)), "candidates": .number(Double(rows.count)), "sources": .array(sources.map(JSONValue.string)),
                                       "hash": .string(sha256(ids.joined(separator: "\n") + "|" + reads.map { $0.doc.expected.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.jsonString())" }.joined(separator: ",") }.joined(separator: "\n")))]
        let hyper: JSONValue = ["l2": 0.3, "iterations": 300, "holdout_share": 0.2, "grouped_by": "vendor (VAT id, name or merchant) or source"]
        return Outcome(ranker: ranker, metrics: .object(metrics), trainingData: trainingData, hyperparameters: hyper,
                       trained: Set(train.map(\.doc.id)).count, heldOut: Set(holdout.map(\.doc.id)).count)
    }
}

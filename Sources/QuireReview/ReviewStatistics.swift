public import Foundation
public import QuireCore
public import QuireStore

/// What the decided reviews say about the extractor and the classifier: per field, how often a
/// reviewer left the value as it was (accuracy), and the same for the document type; reject
/// reasons; handle times. Audit-sample items are counted apart, because flagged items are the
/// hard cases and would make the figures look worse than the pipeline is.
public struct ReviewStatistics: Sendable {
    public struct FieldAccuracy: Sendable, Equatable {
        public var field: String
        public var reviewed = 0
        public var corrected = 0
        public var auditReviewed = 0
        public var auditCorrected = 0
        public var accuracy: Double? { reviewed == 0 ? nil : Double(reviewed - corrected) / Double(reviewed) }
        public var auditAccuracy: Double? { auditReviewed == 0 ? nil : Double(auditReviewed - auditCorrected) / Double(auditReviewed) }
    }

    public var decided = 0
    public var approved = 0
    public var rejected = 0
    public var typeChanged = 0
    public var fields: [FieldAccuracy] = []
    public var rejectReasons: [String: Int] = [:]
    public var medianHandleSeconds: Double?
    public var open = 0

    /// One decided round of an item's reviews, read back from its review actions: an item may have
    /// been reviewed more than once (a fields round, then a bot's question), and its review row holds
    /// only the round it is in now.
    struct DecidedRound {
        var decision: ReviewDecision
        var bot: Bool
        var reasons: [String]
        var at: Date
        /// Seconds a person spent on each decision of the round (a second approval too).
        var handle: [Double]

        /// The decided rounds of an item from its actions in order; `current` is the item's review row,
        /// which describes the round it is in now. What a round was comes from the action that opened
        /// the next one (its `previous`), else from the row.
        static func split(_ actions: [ReviewAction], current: Review) -> [DecidedRound] {
            var rounds: [DecidedRound] = []
            var segment: [ReviewAction] = []
            var kind: (bot: Bool, reasons: [String])? = nil
            func close(as known: (bot: Bool, reasons: [String])) {
                let handle = segment.filter { ["approve", "approve_first", "reject"].contains($0.action) }.map(\.seconds)
                if let last = segment.last(where: { $0.action == "approve" || $0.action == "reject" }), let d = ReviewDecision(stored: last.after) {
                    rounds.append(DecidedRound(decision: d, bot: known.bot, reasons: known.reasons, at: last.at, handle: handle))
                }
                segment = []
            }
            for a in actions {
                guard a.action == "round" else { segment.append(a); continue }
                let previous = a.after["previous"]
                let before = previous.map { p in (bot: p["bot"]?.boolValue ?? false, reasons: p["reasons"]?.arrayValue?.compactMap(\.stringValue) ?? []) }
                close(as: before ?? kind ?? (bot: false, reasons: []))
                kind = (bot: a.after["bot"]?.boolValue ?? false, reasons: a.after["reasons"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            }
            close(as: (bot: current.botQuestion != nil, reasons: current.reasons))
            return rounds
        }
    }

    public static func compute(store: any ReviewStore & ObservationStore & JobStore, since: Date? = nil, now: Date = Date()) async throws -> ReviewStatistics {
        var s = ReviewStatistics()
        var byField: [String: FieldAccuracy] = [:]
        var handle: [Double] = []
        // Every item with a review: one whose current round is open may have decided rounds before it.
        let reviews = try await store.reviews(queue: nil, states: [.open, .claimed, .decided], now: now, limit: 100_000)
        s.open = reviews.filter { $0.state != .decided }.count
        for r in reviews {
            let rounds = DecidedRound.split(try await store.reviewActions(item: r.item), current: r)
            // The fields as extracted, read once for an item with an approved round about its fields.
            let fieldRounds = rounds.contains { $0.decision.action == .approve && !$0.bot }
            let extracted = fieldRounds ? try await store.jobs(of: r.item).output(ExtractedFields.self) : nil
            for round in rounds where since.map({ round.at >= $0 }) ?? true {
                let d = round.decision
                s.decided += 1
                handle += round.handle
                if d.action == .reject {
                    s.rejected += 1
                    s.rejectReasons[d.reason ?? "?", default: 0] += 1
                    continue
                }
                s.approved += 1
                // A bot's question is about the bot's target, not the extracted fields: it says nothing of their accuracy.
                if round.bot { continue }
                if d.documentType != nil { s.typeChanged += 1 }
                let audit = round.reasons.contains { $0.hasPrefix("audit sample") }
                let corrections = d.corrections ?? [:]
                let shown = Set(extracted.map { Array($0.fields.keys) } ?? []).union(corrections.keys)
                for name in shown {
                    var a = byField[name] ?? FieldAccuracy(field: name)
                    a.reviewed += 1
                    if corrections[name] != nil { a.corrected += 1 }
                    if audit {
                        a.auditReviewed += 1
                        if corrections[name] != nil { a.auditCorrected += 1 }
                    }
                    byField[name] = a
                }
            }
        }
        s.fields = byField.values.sorted { ($0.accuracy ?? 1, $0.field) < ($1.accuracy ?? 1, $1.field) }
        let sorted = handle.sorted()
        if !sorted.isEmpty { s.medianHandleSeconds = sorted[sorted.count / 2] }
        return s
    }

    public init() {}

    /// Reads what ``json`` wrote (a server's `GET /v1/reviews/stats`); throws when the shape is not that.
    public init(json j: JSONValue) throws {
        guard j.objectValue != nil, let fields = j["fields"]?.arrayValue else {
            throw QuireError(.internal, "the server's review statistics do not have this quire's shape; use a quire of the server's version")
        }
        open = j["open"]?.intValue ?? 0
        decided = j["decided"]?.intValue ?? 0
        approved = j["approved"]?.intValue ?? 0
        rejected = j["rejected"]?.intValue ?? 0
        typeChanged = j["document_type_changed"]?.intValue ?? 0
        medianHandleSeconds = j["median_handle_seconds"]?.numberValue
        rejectReasons = (j["reject_reasons"]?.objectValue ?? [:]).compactMapValues(\.intValue)
        self.fields = fields.map { f in
            var a = FieldAccuracy(field: f["field"]?.stringValue ?? "?")
            a.reviewed = f["reviewed"]?.intValue ?? 0
            a.corrected = f["corrected"]?.intValue ?? 0
            a.auditReviewed = f["audit_reviewed"]?.intValue ?? 0
            a.auditCorrected = f["audit_corrected"]?.intValue ?? 0
            return a
        }
    }

    public var json: JSONValue {
        func r(_ x: Double?) -> JSONValue { x.map { .number(($0 * 10000).rounded() / 10000) } ?? .null }
        return ["open": .number(Double(open)), "decided": .number(Double(decided)), "approved": .number(Double(approved)), "rejected": .number(Double(rejected)),
                "document_type_changed": .number(Double(typeChanged)), "median_handle_seconds": r(medianHandleSeconds),
                "reject_reasons": .object(rejectReasons.mapValues { .number(Double($0)) }),
                "fields": .array(fields.map { f in
                    ["field": .string(f.field), "reviewed": .number(Double(f.reviewed)), "corrected": .number(Double(f.corrected)), "accuracy": r(f.accuracy),
                     "audit_reviewed": .number(Double(f.auditReviewed)), "audit_corrected": .number(Double(f.auditCorrected)), "audit_accuracy": r(f.auditAccuracy)]
                })]
    }
}

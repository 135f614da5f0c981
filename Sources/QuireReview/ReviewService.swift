public import Foundation
public import QuireCore
public import QuireStore
import QuireObservability

/// Reject reasons a reviewer picks from (a pipeline may configure its own list).
public let defaultRejectReasons = ["UNREADABLE_RESCAN", "WRONG_DOC_TYPE", "DUPLICATE", "MISSING_PAGES", "OUT_OF_SCOPE", "VENDOR_UNKNOWN",
                                   "AMOUNT_PO_MISMATCH", "SUSPECTED_FRAUD", "OTHER"]

/// A check of a corrected value beyond its type (an IBAN's check digits, a VAT id's format), given
/// by the appliance from the fields module's validators: nil when the value is acceptable, else
/// what is wrong. (Compared equal always, so that states holding one stay comparable.)
public struct FieldValidator: Sendable, Equatable {
    public let check: @Sendable (String, JSONValue) -> String?

    public init(_ check: @escaping @Sendable (String, JSONValue) -> String?) {
        self.check = check
    }

    public static func == (_: FieldValidator, _: FieldValidator) -> Bool { true }
}

/// The review queue's operations, for the terminal UI and the HTTP API: list, claim with a lease,
/// heartbeat, and the actions — approve (with corrected fields and document type), reject with a
/// reason code, skip, escalate to another queue — each a compare-and-swap on the review's version,
/// recorded with the values before and after, who, when and how long it took. Four eyes: above the
/// amount limit an approval needs two different reviewers. A decided review resumes the item.
public struct ReviewService: Sendable {
    public let store: any Store
    /// Lease of a claim (default 10 minutes), kept alive by heartbeats.
    public var lease: Double = 600
    /// The rules of a pipeline's reviews (its reject reasons, ...), by pipeline name.
    public var policy: @Sendable (String) -> ReviewPolicy = { _ in ReviewPolicy() }
    /// Checks corrected values beyond their type (nil: type checks only).
    public var validator: FieldValidator?
    /// Called when a review is decided, with the item and who decided: re-queue the item's review
    /// stage (the appliance's retry).
    public var resume: @Sendable (ItemID, String) async throws -> Void

    public init(store: any Store, lease: Double = 600, resume: @escaping @Sendable (ItemID, String) async throws -> Void) {
        self.store = store
        self.lease = lease
        self.resume = resume
    }

    public func list(queue: String? = nil, now: Date = Date(), limit: Int = 200) async throws -> [Review] {
        try await store.reviews(queue: queue, states: [.open, .claimed], now: now, limit: limit)
    }

    public func claim(reviewer: String, queue: String? = nil, item: ItemID? = nil, now: Date = Date()) async throws -> Review? {
        try await store.claimReview(queue: queue, item: item, reviewer: reviewer, until: now.addingTimeInterval(lease), now: now)
    }

    public func heartbeat(_ item: ItemID, reviewer: String, now: Date = Date()) async throws {
        try await store.heartbeatReview(item: item, reviewer: reviewer, until: now.addingTimeInterval(lease), now: now)
    }

    /// Fields whose values are amounts (decimals with two places).
    public static let amountFields: Set<String> = ["total", "net_total", "tax_total", "amount_due", "tax"]

    /// A corrected value, checked by its kind: dates are ISO dates, amounts decimals; null says
    /// the field is not on the document.
    public static func check(field: String, value: JSONValue) throws -> JSONValue {
        let amounts = amountFields
        if value == .null { return .null }
        if field.hasSuffix("date") {
            guard let s = value.stringValue, s.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil,
                  ISO8601DateFormatter.date(s) != nil else {
                throw QuireError(.invalidArgument, "\(field) must be a date as YYYY-MM-DD, e.g. 2026-03-01")
            }
            return value
        }
        if amounts.contains(field) {
            if let n = value.numberValue, n.isFinite { return .number((n * 100).rounded() / 100) }
            if let s = value.stringValue, let n = Double(s.replacingOccurrences(of: ",", with: ".")), n.isFinite { return .number((n * 100).rounded() / 100) }
            throw QuireError(.invalidArgument, "\(field) must be an amount such as 1234.56")
        }
        return value
    }

    /// The amount four eyes is decided on: the larger of the total as extracted and as corrected,
    /// both read through ``check(field:value:)`` (so `"250000"` is 250000, as it will be stored).
    /// Taking the larger means correcting a large total down (or to "not on the document") does
    /// not let one reviewer decide it alone.
    public static func fourEyesAmount(extracted: JSONValue?, corrected: JSONValue?) -> Double? {
        let values = [extracted, corrected].compactMap { v -> Double? in
            guard let v, let checked = try? check(field: "total", value: v) else { return nil }
            return checked.numberValue
        }
        return values.max()
    }

    /// Approves, with corrected fields and document type where the reviewer changed them.
    /// `fourEyesAbove`: a total above it needs a second, different reviewer (the pipeline's
    /// policy when nil). `total`: the total as extracted; four eyes is decided on
    /// ``fourEyesAmount(extracted:corrected:)`` of it and the checked correction. `original`: the
    /// values as extracted (and `document_type` as classified), recorded as the action's before.
    @discardableResult
    public func approve(_ item: ItemID, reviewer: String, version: Int, corrections: [String: JSONValue] = [:], documentType: String? = nil,
                        total: JSONValue? = nil, fourEyesAbove: Double? = nil, original: [String: JSONValue] = [:], started: Date? = nil,
                        now: Date = Date()) async throws -> Review {
        var checked: [String: JSONValue] = [:]
        for (k, v) in corrections {
            checked[k] = try Self.check(field: k, value: v)
            if let problem = validator?.check(k, checked[k]!) { throw QuireError(.invalidArgument, "\(k): \(problem)") }
        }
        guard let current = try await store.review(item) else { throw QuireError(.notFound, "no review of item \(item.rawValue)") }
        var approvals = current.approvals
        if approvals.contains(reviewer) {
            throw QuireError(.invalidState, "\(reviewer) approved this item already; four eyes needs a different reviewer")
        }
        approvals.append(reviewer)
        let amount = Self.fourEyesAmount(extracted: total ?? original["total"], corrected: checked["total"])
        let limit = fourEyesAbove ?? policy(current.pipeline).fourEyesAbove
        let needsSecond = (limit.map { (amount ?? 0) > $0 } ?? false) && approvals.count < 2
        let decision = ReviewDecision(action: .approve, reviewers: approvals, corrections: checked, documentType: documentType)
        // Before: the values as extracted (`original`, for the corrected fields and the type), else the earlier decision.
        let before: JSONValue = original.isEmpty ? (current.decision ?? .null) : .object(original.filter { checked[$0.key] != nil || ($0.key == "document_type" && documentType != nil) })
        let action = ReviewAction(item: item, action: needsSecond ? "approve_first" : "approve", actor: reviewer, before: before,
                                  after: decision.json, seconds: started.map { now.timeIntervalSince($0) } ?? 0, at: now)
        let change = needsSecond ? ReviewChange(state: .open, decision: decision.json, approvals: approvals)
                                 : ReviewChange(state: .decided, decision: decision.json, approvals: approvals)
        let r = try await store.updateReview(item: item, reviewer: reviewer, expectedVersion: version, change: change, action: action, now: now)
        QuireMetrics.reviewDecision(queue: current.queue, action: checked.isEmpty && documentType == nil ? action.action : action.action + "_corrected",
                                    seconds: started.map { now.timeIntervalSince($0) })
        if r.state == .decided { try await resume(item, reviewer) }
        return r
    }

    @discardableResult
    public func reject(_ item: ItemID, reviewer: String, version: Int, reason: String, note: String? = nil, started: Date? = nil, now: Date = Date()) async throws -> Review {
        guard let current = try await store.review(item) else { throw QuireError(.notFound, "no review of item \(item.rawValue)") }
        let reasons = policy(current.pipeline).rejectReasons
        guard reasons.contains(reason) else {
            throw QuireError(.invalidArgument, "'\(reason)' is not a reject reason of pipeline \(current.pipeline); use one of \(reasons.joined(separator: ", "))")
        }
        if reason == "OTHER", (note ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw QuireError(.invalidArgument, "a rejection with OTHER needs a note that says why")
        }
        let decision = ReviewDecision(action: .reject, reviewers: [reviewer], reason: reason, note: note).json
        let r = try await store.updateReview(item: item, reviewer: reviewer, expectedVersion: version, change: ReviewChange(state: .decided, decision: decision),
                                             action: ReviewAction(item: item, action: "reject", actor: reviewer, after: decision, reasonCode: reason, note: note,
                                                                  seconds: started.map { now.timeIntervalSince($0) } ?? 0, at: now), now: now)
        QuireMetrics.reviewDecision(queue: current.queue, action: "reject", seconds: started.map { now.timeIntervalSince($0) })
        try await resume(item, reviewer)
        return r
    }

    /// Gives the item back to its queue for someone else. Only the reviewer who holds the claim may,
    /// unless `supervisor` (the `review.supervise` permission) says otherwise: one reviewer cannot
    /// take another's item away from them.
    public func skip(_ item: ItemID, reviewer: String, supervisor: Bool = false, now: Date = Date()) async throws {
        if !supervisor, let current = try await store.review(item), current.state == .claimed, let holder = current.claimedBy, holder != reviewer,
           (current.leaseUntil ?? .distantPast) > now {
            throw QuireError(.invalidState, "the review of \(item.rawValue) is claimed by \(holder); only they, or a supervisor (review.supervise), can give it back")
        }
        try await store.releaseReview(item: item, action: ReviewAction(item: item, action: "skip", actor: reviewer, at: now), now: now)
    }

    /// Moves the item to another queue with a comment.
    @discardableResult
    public func escalate(_ item: ItemID, reviewer: String, version: Int, to queue: String, comment: String, now: Date = Date()) async throws -> Review {
        try await store.updateReview(item: item, reviewer: reviewer, expectedVersion: version, change: ReviewChange(state: .open, queue: queue),
                                     action: ReviewAction(item: item, action: "escalate", actor: reviewer, after: ["queue": .string(queue)], note: comment, at: now), now: now)
    }

    /// A supervisor takes a claim away (recorded).
    public func release(_ item: ItemID, by supervisor: String, note: String, now: Date = Date()) async throws {
        try await store.releaseReview(item: item, action: ReviewAction(item: item, action: "release", actor: supervisor, note: note, at: now), now: now)
    }
}

extension ISO8601DateFormatter {
    /// A calendar date from YYYY-MM-DD, nil when the day does not exist.
    static func date(_ s: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withFullDate]
        guard let d = f.date(from: s), f.string(from: d) == s else { return nil }
        return d
    }
}

extension ReviewAction {
    /// An action as `quire review show` and `GET /v1/reviews/{id}` list it.
    public var exported: JSONValue {
        ["action": .string(action), "actor": .string(actor), "at": .string(ISO8601DateFormatter().string(from: at)), "seconds": .number(seconds),
         "before": before, "after": after, "reason": reasonCode.map(JSONValue.string) ?? .null, "note": note.map(JSONValue.string) ?? .null]
    }
}

extension Review {
    /// The review as the CLI and the API show it.
    public var json: JSONValue {
        let f = ISO8601DateFormatter()
        return ["item": .string(item.rawValue), "pipeline": .string(pipeline), "queue": .string(queue), "priority": .number(Double(priority)),
                "state": .string(state.rawValue), "reasons": .array(reasons.map(JSONValue.string)), "due": due.map { .string(f.string(from: $0)) } ?? .null,
                "claimed_by": claimedBy.map(JSONValue.string) ?? .null, "lease_until": leaseUntil.map { .string(f.string(from: $0)) } ?? .null,
                "version": .number(Double(version)), "decision": decision ?? .null, "approvals": .array(approvals.map(JSONValue.string)),
                "stage": stage.map(JSONValue.string) ?? .null, "round": .number(Double(round)), "question": botQuestion?.json ?? .null]
    }
}

import Foundation
import QuireCore

/// Rules both drivers share, so that they cannot drift apart.
enum StoreRules {
    /// What opening a review does to the item's current one (the same rules in both drivers).
    enum ReviewOpening: Equatable {
        /// No review yet: a new row.
        case insert
        /// A later round than the current one: the row starts afresh (open, unclaimed, no decision).
        case nextRound
        /// The current round asked again while undecided: its reasons, priority, due date and context change.
        case update
        /// The current round is decided: it stays as it is until a later round opens.
        case keep
    }

    static func reviewOpening(existing: Review?, asked r: Review) -> ReviewOpening {
        guard let existing else { return .insert }
        if r.round > existing.round { return .nextRound }
        return existing.state == .decided ? .keep : .update
    }

    /// The review action (and audit entry) that records a new round opening on an item: the round, its
    /// queue, reasons and stage, whether a bot asked it, and what the round before it was (its row is
    /// overwritten), so that statistics can tell a fields round from a bot's question afterwards.
    static func roundAction(_ r: Review, previous: Review? = nil) -> ReviewAction {
        var after: [String: JSONValue] = ["round": .number(Double(r.round)), "queue": .string(r.queue),
                                          "reasons": .array(r.reasons.map(JSONValue.string)), "bot": .bool(r.botQuestion != nil)]
        if let s = r.stage { after["stage"] = .string(s) }
        if let p = previous {
            after["previous"] = ["round": .number(Double(p.round)), "stage": p.stage.map(JSONValue.string) ?? .null, "bot": .bool(p.botQuestion != nil),
                                 "reasons": .array(p.reasons.map(JSONValue.string))]
        }
        return ReviewAction(item: r.item, action: "round", actor: "stage:" + (r.stage ?? "review"), after: .object(after), at: r.createdAt)
    }

    /// JSON kept as text in a column.
    static func json(_ s: String?) -> JSONValue? {
        switch s {
        case nil: return nil
        case "{}": return .emptyObject
        case "null": return .null
        default: return try? JSONValue.parse(s!)
        }
    }

    /// Item events that are audited, with who did them.
    static func auditedEvent(_ kind: String, data: JSONValue) -> (action: String, actor: String)? {
        switch kind {
        case "retried": return ("item.retry", data["by"]?.stringValue ?? "operator")
        case "cancelled" where data["by"] != nil: return ("item.cancel", data["by"]?.stringValue ?? "operator")
        case "dead_letter": return ("job.dead_letter", "system:scheduler")
        case "rescued": return ("job.rescue", "system:scheduler")
        default: return nil
        }
    }

    /// Claimed jobs in claim order: priority (high first), deadline, id.
    static func claimOrder(_ a: ClaimedJob, _ b: ClaimedJob) -> Bool {
        func key(_ j: Job) -> (Int, Double, Int64) { (j.priority, -(j.deadline?.timeIntervalSince1970 ?? 9.0e15), -j.id) }
        return key(a.job) > key(b.job)
    }

    /// Reviews, most urgent first: priority, then due date, then age.
    static func reviewOrder(_ a: Review, _ b: Review) -> Bool {
        func key(_ r: Review) -> (Int, Double, Double) { (r.priority, -(r.due?.timeIntervalSince1970 ?? 9e15), -r.createdAt.timeIntervalSince1970) }
        return key(a) > key(b)
    }

    /// Reviews as a queue shows them: an expired claim is open again; filtered and ordered.
    static func effective(_ all: [Review], queue: String?, states: [Review.State], now: Date, limit: Int) -> [Review] {
        let effective = all.filter { queue == nil || $0.queue == queue }.map { r -> Review in
            var r = r
            if r.state == .claimed, let until = r.leaseUntil, until <= now { r.state = .open; r.claimedBy = nil; r.leaseUntil = nil }
            return r
        }
        return Array(effective.filter { states.contains($0.state) }.sorted(by: reviewOrder).prefix(limit))
    }

    // MARK: Leases

    /// Whether a completion may be applied to the job as the store holds it; every refusal is a stale lease, and
    /// comes before anything is written: the job is gone (its result was recorded, or it was cancelled), its
    /// token is not the completion's (another worker owns it now), or a rescue came after the lease was renewed.
    static func admit(_ c: Completion, to job: Job?) throws -> Job {
        guard let job else {
            throw QuireError(.staleLease, "job \(c.job) is no longer active; its result was already recorded or the job was cancelled")
        }
        guard job.state == .leased, job.token == c.token else {
            throw QuireError(.staleLease, "job \(c.job): lease token \(c.token) is stale (current \(job.token), state \(job.state.rawValue)); the result is discarded")
        }
        if let at = c.onlyIfExpiredAt, let exp = job.leaseExpiresAt, exp >= at {
            throw QuireError(.staleLease, "job \(c.job): lease was renewed; not rescued")
        }
        return job
    }

    /// A heartbeat that changed no row: the token is no longer the job's.
    static func staleHeartbeat(job: JobID, token: LeaseToken) -> QuireError {
        QuireError(.staleLease, "job \(job): lease token \(token) is no longer current; another worker owns the job now")
    }

    /// A review heartbeat or write by someone who no longer holds the claim.
    static func lostReviewClaim(item: ItemID, reviewer: String) -> QuireError {
        QuireError(.staleLease, "\(reviewer) no longer holds the review of \(item.rawValue) (the lease ran out or it was released); claim it again")
    }

    /// Whether a finished part of a fan-out stage moves the item on: only the last part (no job of the stage left),
    /// and only while the item is still in progress (another part may have failed it, or it was cancelled).
    static func lastPartMovesOn(partsLeft: Int, itemState: String?) -> Bool {
        partsLeft == 0 && (itemState == ItemState.received.rawValue || itemState == ItemState.processing.rawValue)
    }
}

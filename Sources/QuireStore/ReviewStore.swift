public import Foundation
public import QuireCore

/// The review queue: rounds, exclusive leased claims, compare-and-swap decisions and the actions taken.
public protocol ReviewStore: Sendable {
    /// Puts an item into a review queue (or updates the reasons of an open review of it). A decided
    /// review is left as it is and returned.
    func openReview(_ review: Review) async throws -> Review
    func review(_ item: ItemID) async throws -> Review?
    /// Reviews of a queue (every queue when nil) in the given states, most urgent first:
    /// priority, then due date, then age. Expired claims count as open.
    func reviews(queue: String?, states: [Review.State], now: Date, limit: Int) async throws -> [Review]
    /// Claims the most urgent open review of `queue` (or `item` when given) for `reviewer`, with a
    /// lease until `until`; nil when there is none. Exclusive: two reviewers never hold one item.
    func claimReview(queue: String?, item: ItemID?, reviewer: String, until: Date, now: Date) async throws -> Review?
    /// Extends a claim; fails (staleLease) when `reviewer` no longer holds it.
    func heartbeatReview(item: ItemID, reviewer: String, until: Date, now: Date) async throws
    /// Writes a change made by the claim holder if the review is still at `version` (compare-and-swap):
    /// a conflict (someone else changed it, or the claim was lost) throws `conflict` and writes nothing.
    func updateReview(item: ItemID, reviewer: String, expectedVersion: Int, change: ReviewChange, action: ReviewAction, now: Date) async throws -> Review
    /// Returns a claim to the queue (a supervisor's release, or the reviewer's skip); recorded as an action.
    func releaseReview(item: ItemID, action: ReviewAction, now: Date) async throws
    func reviewActions(item: ItemID) async throws -> [ReviewAction]
}

/// What a review submit changes.
public struct ReviewChange: Sendable {
    public var state: Review.State
    public var queue: String?
    public var decision: JSONValue?
    public var approvals: [String]?
    /// Keep the claim (false releases it).
    public var keepClaim: Bool

    public init(state: Review.State, queue: String? = nil, decision: JSONValue? = nil, approvals: [String]? = nil, keepClaim: Bool = false) {
        self.state = state
        self.queue = queue
        self.decision = decision
        self.approvals = approvals
        self.keepClaim = keepClaim
    }
}

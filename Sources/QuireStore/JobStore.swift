public import Foundation
public import QuireCore

/// The job queue: claims with leases and fencing tokens, completions, lease rescue, wake-ups and history.
/// Active jobs live in a hot table; finished jobs move to a history table, so claiming stays fast however
/// many jobs have finished.
public protocol JobStore: Sendable {
    /// Claims up to `limit` ready jobs of one stage, in order: priority (high first), deadline, age.
    /// Each claimed job gets a new fencing token and a lease until `now + lease`.
    func claim(_ request: ClaimRequest) async throws -> [ClaimedJob]
    /// Extends a lease. Throws `staleLease` when the token is no longer current.
    func heartbeat(job: JobID, token: LeaseToken, leaseUntil: Date) async throws
    /// Applies a job's result in one transaction. Throws `staleLease` when the token is not current.
    func complete(_ completion: Completion) async throws
    /// Applies several completions in one transaction (group commit). Each is applied or
    /// refused on its own; the result holds, per completion, the error that refused it.
    func complete(batch: [Completion]) async throws -> [QuireError?]
    /// Leased jobs whose lease ran out before `now` (crashed or hung workers).
    func expiredLeases(now: Date, limit: Int) async throws -> [Job]
    /// Active and finished jobs of an item, oldest first.
    func jobs(of item: ItemID) async throws -> [Job]
    /// The earliest `run_at` among ready jobs (for sleeping until work is due).
    func nextRunAt() async throws -> Date?
    /// Deletes finished jobs and their events older than `before`. Returns how many jobs went.
    func pruneHistory(finishedBefore before: Date) async throws -> Int
    /// Signals when another process (or node) queued work that is due now; nil when the driver
    /// cannot tell (then schedulers poll).
    func jobWakeups() -> AsyncStream<Void>?
}

extension JobStore {
    public func jobWakeups() -> AsyncStream<Void>? { nil }

    /// One transaction per completion; drivers that can do better override it.
    public func complete(batch: [Completion]) async throws -> [QuireError?] {
        var results: [QuireError?] = []
        for c in batch {
            do {
                try await complete(c)
                results.append(nil)
            } catch let e as QuireError where e.code == .staleLease {
                results.append(e)
            }
        }
        return results
    }
}

public struct ClaimRequest: Sendable {
    public var owner: String
    public var pipeline: String
    public var stageID: String
    public var limit: Int
    /// Lease length, seconds.
    public var lease: Double
    public var now: Date
    public init(owner: String, pipeline: String, stageID: String, limit: Int, lease: Double, now: Date) {
        self.owner = owner
        self.pipeline = pipeline
        self.stageID = stageID
        self.limit = limit
        self.lease = lease
        self.now = now
    }
}

/// What happens to a job and its item when a run ends (decided by the engine, applied by the store).
public struct Completion: Sendable {
    public enum Disposition: Sendable, Hashable {
        /// The job leaves the hot table with this final state.
        case finish(JobState, output: JSONValue?, error: String?)
        /// The job goes back to ready at `runAt` (retry with backoff, snooze, shutdown).
        /// `countAttempt: false` undoes the claim's attempt count (snooze, graceful release).
        case requeue(runAt: Date, error: String?, countAttempt: Bool)
    }

    public var job: JobID
    public var token: LeaseToken
    public var disposition: Disposition
    public var itemState: ItemState?
    public var itemReason: String?
    public var enqueue: [JobDraft]
    public var events: [EventDraft]
    /// Set by a rescuer: apply only if the lease is still expired at this instant.
    public var onlyIfExpiredAt: Date?
    /// For a part of a fan-out stage: `enqueue` and `itemState` apply only if no other part of
    /// the stage is still active once this one finishes (decided inside the transaction, so two
    /// last parts finishing together cannot both miss it).
    public var joinParts: Bool = false
    public var now: Date

    public init(job: JobID, token: LeaseToken, disposition: Disposition, itemState: ItemState? = nil, itemReason: String? = nil,
                enqueue: [JobDraft] = [], events: [EventDraft] = [], onlyIfExpiredAt: Date? = nil, now: Date) {
        self.job = job
        self.token = token
        self.disposition = disposition
        self.itemState = itemState
        self.itemReason = itemReason
        self.enqueue = enqueue
        self.events = events
        self.onlyIfExpiredAt = onlyIfExpiredAt
        self.now = now
    }
}

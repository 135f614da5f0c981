public import Foundation
public import QuireCore

/// Durable state of the appliance: items, jobs, events, blobs, cron ticks and leaders.
///
/// One protocol, two drivers (``SQLiteStore``, the embedded default; ``PostgresStore``, shared by several nodes), one conformance
/// suite (`StoreConformance` in QuireTesting) that every driver passes. Every method is
/// one transaction. Active jobs live in a hot table; finished jobs move to a history table,
/// so claiming stays fast however many jobs have finished.
public protocol Store: BudgetStore {
    /// Records a new item with its first jobs, or finds the item it duplicates.
    func intake(_ request: IntakeRequest) async throws -> IntakeResult
    func item(_ id: ItemID) async throws -> Item?
    func item(intakeKey: String) async throws -> Item?
    func items(_ query: ItemQuery) async throws -> [Item]

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
    /// Changes an item's state outside a job (operator retry or cancel).
    func transition(_ transition: ItemTransition) async throws -> Item
    /// Active and finished jobs of an item, oldest first.
    func jobs(of item: ItemID) async throws -> [Job]
    /// The item's events, oldest first.
    func events(of item: ItemID) async throws -> [Event]
    /// The earliest `run_at` among ready jobs (for sleeping until work is due).
    func nextRunAt() async throws -> Date?
    /// Counts for `quire status`.
    func statistics(now: Date) async throws -> StoreStatistics

    /// Takes or keeps a named leadership lease. Returns true while `holder` leads.
    func acquireLeadership(name: String, holder: String, ttl: Double, now: Date) async throws -> Bool
    /// Records that a cron tick fired. Returns false when it was already recorded (by anyone).
    func recordCronTick(name: String, tick: Date, firedBy: String, now: Date) async throws -> Bool
    /// Deletes finished jobs and their events older than `before`. Returns how many jobs went.
    func pruneHistory(finishedBefore before: Date) async throws -> Int
    /// Records that `item` holds a business key in its pipeline (vendor + invoice number + total).
    /// Returns the earlier item that already holds it, or nil when `item` holds it now. A key
    /// whose holder was cancelled or failed passes to the new item.
    func claimBusinessKey(pipeline: String, key: String, item: ItemID, now: Date) async throws -> ItemID?

    // MARK: Models
    /// The next free version number for a model name (1 for a new name).
    func nextModelVersion(name: String) async throws -> Int
    /// Records a new model version and its first event, in one transaction.
    func registerModel(_ model: ModelRecord, event: ModelEvent) async throws
    /// Every version of `name` (or of every model), oldest first.
    func models(name: String?) async throws -> [ModelRecord]
    /// Sets the state (and canary share) of several versions at once, with their events, in one
    /// transaction; the indexes refuse two active models, or two on trial, of one name.
    func updateModels(_ changes: [(name: String, version: Int, state: ModelState, canaryPercent: Double?)], events: [ModelEvent]) async throws
    func modelEvents(name: String) async throws -> [ModelEvent]
    func recordClassifications(_ records: [ClassificationRecord]) async throws
    func classifications(model: String, from: Date, to: Date) async throws -> [ClassificationRecord]
    /// Adds or relabels training examples (one per content hash).
    func putTrainingExamples(_ examples: [TrainingExample]) async throws
    func trainingExamples() async throws -> [TrainingExample]

    // MARK: Reviews
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

    // MARK: Governance
    /// Appends entries to the hash-chained audit trail. Store operations that are audited by
    /// nature (review actions, model state changes, retries, cancels, dead letters, rescues,
    /// token changes) append theirs in the same transaction themselves.
    func appendAudit(_ drafts: [AuditDraft], now: Date) async throws
    /// Audit entries after `seq`, in order.
    func auditEntries(after seq: Int64, limit: Int) async throws -> [AuditEntry]
    func latestAudit(subject: String) async throws -> AuditEntry?
    /// The highest entry number ever issued (removing the newest entries leaves it higher).
    func auditHighestSequence() async throws -> Int64
    func createToken(_ token: TokenRecord) async throws
    func tokens() async throws -> [TokenRecord]
    func token(hash: String) async throws -> TokenRecord?
    func revokeToken(id: String, by actor: String, now: Date) async throws

    // Webhooks (migration v6-webhooks): a durable delivery log.
    /// Items changed after the cursor `(updatedAt, id)`, oldest change first.
    func itemsChanged(after cursor: ItemCursor?, limit: Int) async throws -> [Item]
    func webhookCursor(_ name: String) async throws -> ItemCursor?
    /// Queues deliveries (one per item, event, item version and URL; repeats are ignored) and moves the cursor, in one transaction.
    func enqueueWebhooks(_ deliveries: [WebhookDelivery], cursor: (name: String, at: ItemCursor)?) async throws
    /// Deliveries due now, claimed for a minute (so two processes do not send one twice).
    func dueWebhooks(now: Date, limit: Int) async throws -> [WebhookDelivery]
    /// Records an attempt: delivered, or failed with the time of the next try (nil: give up).
    func recordWebhookAttempt(id: Int64, status: Int?, error: String?, delivered: Bool, nextAt: Date?, now: Date) async throws
    func webhookDeliveries(item: ItemID?, states: [String]?, limit: Int) async throws -> [WebhookDelivery]
    /// Queues a delivery again now (replay); returns it.
    func replayWebhook(id: Int64, by actor: String, now: Date) async throws -> WebhookDelivery

    // Retention.
    /// Finished items of a pipeline (done, failed, cancelled, duplicate, exception) last changed
    /// before `before` and not purged yet, oldest first.
    func retentionCandidates(pipeline: String, before: Date, limit: Int) async throws -> [Item]
    /// Whether anything but the item `except` still refers to a blob: another item that is not
    /// purged holds it as its content, lists it in its metadata (attachments) or in a stage's
    /// output (evidence, embedded XML), or a model's file is it. Retention deletes a blob only when
    /// this is false. (Scans metadata and outputs: a nightly job's query, not a hot path.)
    func blobInUse(_ id: BlobID, except: ItemID) async throws -> Bool
    /// Replaces job outputs, sets the item's metadata (marked purged), drops the blob rows, and
    /// appends the audit entry, in one transaction.
    func purgeItem(_ item: ItemID, outputs: [(job: JobID, output: JSONValue?)], metadata: JSONValue, blobs: [String], audit: AuditDraft, now: Date) async throws

    // MARK: Observations (metrics replay, the nightly report)
    /// Finished jobs whose `finishedAt` is in [from, to), by id, after `after` (paging).
    func finishedJobs(from: Date, to: Date, after: JobID?, limit: Int) async throws -> [Job]
    /// Events of these kinds with `at` in [from, to), by id, after `after`.
    func events(kinds: [String], from: Date, to: Date, after: Int64?, limit: Int) async throws -> [Event]
    /// Review actions with `at` in [from, to), oldest first.
    func reviewActions(from: Date, to: Date, limit: Int) async throws -> [ReviewAction]

    // MARK: Nodes (migration v8-nodes)
    /// Records a node's heartbeat: inserts it or updates its state, workers, details and time.
    func heartbeatNode(_ node: NodeRecord) async throws
    /// Every node that has used this store, latest heartbeat first.
    func nodes() async throws -> [NodeRecord]
    /// Signals when another process (or node) queued work that is due now; nil when the driver
    /// cannot tell (then schedulers poll).
    func jobWakeups() -> AsyncStream<Void>?
    /// Lets go of connections and locks (PostgreSQL); SQLite closes with the process.
    func close() async
}

/// A process (`quire serve`) that uses the store, with its last heartbeat.
public struct NodeRecord: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Codable { case running, stopped }
    public var id: String
    public var host: String
    public var pid: Int
    public var version: String
    public var state: State
    public var workers: Int
    /// Free-form facts for `quire status` (API address, pipelines, whether it leads cron).
    public var details: JSONValue
    public var startedAt: Date
    public var heartbeatAt: Date

    /// What the node's row says now: `running`, `stopped` (it said goodbye), or `lost` — it says
    /// running but missed three heartbeats (killed, crashed or cut off).
    public func condition(now: Date, heartbeatInterval: Double) -> String {
        state == .running && now.timeIntervalSince(heartbeatAt) > 3 * heartbeatInterval ? "lost" : state.rawValue
    }

    public init(id: String, host: String, pid: Int, version: String, state: State = .running, workers: Int, details: JSONValue = .emptyObject,
                startedAt: Date, heartbeatAt: Date) {
        self.id = id
        self.host = host
        self.pid = pid
        self.version = version
        self.state = state
        self.workers = workers
        self.details = details
        self.startedAt = startedAt
        self.heartbeatAt = heartbeatAt
    }
}

extension Store {
    public func jobWakeups() -> AsyncStream<Void>? { nil }
    public func close() async {}

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

/// A new item and its first jobs.
public struct IntakeRequest: Sendable {
    public var item: Item
    public var jobs: [JobDraft]
    /// Unique per intake attempt (the spool's claim name); a second intake with the same key returns the first item.
    public var intakeKey: String?
    /// Link the item to an earlier item of the same pipeline with the same content hash.
    public var deduplicate: Bool
    public var eventData: JSONValue
    /// Commit with a full fsync (default). Intake of files always wants this: the original is
    /// deleted right after. Benchmarks that only fill a queue may turn it off.
    public var durable: Bool

    public init(item: Item, jobs: [JobDraft], intakeKey: String? = nil, deduplicate: Bool = true, eventData: JSONValue = .emptyObject, durable: Bool = true) {
        self.item = item
        self.durable = durable
        self.jobs = jobs
        self.intakeKey = intakeKey
        self.deduplicate = deduplicate
        self.eventData = eventData
    }
}

public enum IntakeResult: Sendable, Hashable {
    /// A new item; its first jobs are queued.
    case created(Item)
    /// The same bytes were already accepted: recorded as a duplicate linked to `original`.
    case duplicate(Item, original: Item)
    /// The intake key or idempotency key was already used: the earlier item, unchanged.
    case existing(Item)

    public var item: Item {
        switch self {
        case .created(let i), .duplicate(let i, _), .existing(let i): return i
        }
    }
}

public struct ItemQuery: Sendable {
    public var pipeline: String?
    public var states: [ItemState]?
    public var limit: Int
    /// Items created before this id (for paging, newest first).
    public var before: ItemID?
    /// Only items of these tenants (a token's tenants); nil: every item.
    public var tenants: [String]?
    /// Only items created at or after `since` and before `until`.
    public var since: Date?
    public var until: Date?
    public init(pipeline: String? = nil, states: [ItemState]? = nil, limit: Int = 50, before: ItemID? = nil, tenants: [String]? = nil,
                since: Date? = nil, until: Date? = nil) {
        self.pipeline = pipeline
        self.states = states
        self.limit = limit
        self.before = before
        self.tenants = tenants
        self.since = since
        self.until = until
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

/// An event to append.
public struct EventDraft: Sendable, Hashable {
    public var kind: String
    public var stageID: String?
    public var jobID: JobID?
    public var data: JSONValue
    public init(kind: String, stageID: String? = nil, jobID: JobID? = nil, data: JSONValue = .emptyObject) {
        self.kind = kind
        self.stageID = stageID
        self.jobID = jobID
        self.data = data
    }
}

/// An operator's change of an item's state.
public struct ItemTransition: Sendable {
    public var item: ItemID
    /// The change is refused (`invalidState`) unless the item is in one of these states.
    public var allowedFrom: [ItemState]
    public var to: ItemState
    public var reason: String?
    /// Move the item's active jobs to history as cancelled.
    public var cancelActiveJobs: Bool
    public var enqueue: [JobDraft]
    public var events: [EventDraft]
    public var now: Date
    public init(item: ItemID, allowedFrom: [ItemState], to: ItemState, reason: String? = nil, cancelActiveJobs: Bool = false,
                enqueue: [JobDraft] = [], events: [EventDraft] = [], now: Date) {
        self.item = item
        self.allowedFrom = allowedFrom
        self.to = to
        self.reason = reason
        self.cancelActiveJobs = cancelActiveJobs
        self.enqueue = enqueue
        self.events = events
        self.now = now
    }
}

/// Counts for `quire status`.
public struct StoreStatistics: Sendable, Hashable, Codable {
    public struct StageRow: Sendable, Hashable, Codable {
        public var pipeline: String
        public var stage: String
        public var ready: Int
        public var scheduled: Int
        public var leased: Int
        /// Seconds the oldest ready job has waited.
        public var oldestReadyAge: Double?
        public var finishedLastMinute: Int
        public var finishedLastHour: Int
        public var deadLetters: Int
        public init(pipeline: String, stage: String, ready: Int = 0, scheduled: Int = 0, leased: Int = 0, oldestReadyAge: Double? = nil,
                    finishedLastMinute: Int = 0, finishedLastHour: Int = 0, deadLetters: Int = 0) {
            self.pipeline = pipeline
            self.stage = stage
            self.ready = ready
            self.scheduled = scheduled
            self.leased = leased
            self.oldestReadyAge = oldestReadyAge
            self.finishedLastMinute = finishedLastMinute
            self.finishedLastHour = finishedLastHour
            self.deadLetters = deadLetters
        }
    }
    /// Items per pipeline and state.
    public var items: [String: [String: Int]]
    public var stages: [StageRow]
    public init(items: [String: [String: Int]], stages: [StageRow]) {
        self.items = items
        self.stages = stages
    }
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

/// A position in the items' change order: `(updated_at, id)`.
public struct ItemCursor: Sendable, Hashable {
    public var updatedAt: Date
    public var item: ItemID
    public init(updatedAt: Date, item: ItemID) {
        self.updatedAt = updatedAt
        self.item = item
    }
}

/// One webhook call of an item's event, with its attempts.
public struct WebhookDelivery: Sendable, Hashable {
    public var id: Int64
    public var pipeline: String
    public var item: ItemID
    public var event: String
    public var itemVersion: Int
    public var url: String
    /// The name of the secret that signs it (never its value).
    public var secret: String
    public var payload: JSONValue
    /// pending, delivered or failed.
    public var state: String
    public var attempts: Int
    public var nextAt: Date
    public var lastStatus: Int?
    public var lastError: String?
    public var createdAt: Date
    public var deliveredAt: Date?

    public init(id: Int64 = 0, pipeline: String, item: ItemID, event: String, itemVersion: Int, url: String, secret: String, payload: JSONValue,
                state: String = "pending", attempts: Int = 0, nextAt: Date, lastStatus: Int? = nil, lastError: String? = nil, createdAt: Date, deliveredAt: Date? = nil) {
        self.id = id
        self.pipeline = pipeline
        self.item = item
        self.event = event
        self.itemVersion = itemVersion
        self.url = url
        self.secret = secret
        self.payload = payload
        self.state = state
        self.attempts = attempts
        self.nextAt = nextAt
        self.lastStatus = lastStatus
        self.lastError = lastError
        self.createdAt = createdAt
        self.deliveredAt = deliveredAt
    }
}

extension WebhookDelivery {
    /// The delivery as `quire webhooks list --json` and `GET /v1/webhooks` show it (without its payload;
    /// the secret by name only).
    public var exported: JSONValue {
        let f = ISO8601DateFormatter()
        return .object([
            "id": .number(Double(id)), "item": .string(item.rawValue), "pipeline": .string(pipeline), "event": .string(event),
            "url": .string(url), "state": .string(state), "attempts": .number(Double(attempts)),
            "last_status": lastStatus.map { .number(Double($0)) } ?? .null, "last_error": lastError.map(JSONValue.string) ?? .null,
            "next_at": .string(f.string(from: nextAt)), "created_at": .string(f.string(from: createdAt)),
            "delivered_at": deliveredAt.map { .string(f.string(from: $0)) } ?? .null,
        ])
    }

    /// The delivery states a filter may name.
    public static let states = ["pending", "delivered", "failed"]
}

extension Store {
    /// Every finished job in [from, to), a page of up to 1000 at a time, for counts and metrics over a window.
    public func forEachFinishedJob(from: Date, to: Date, _ body: ([Job]) async throws -> Void) async throws {
        var after: JobID? = nil
        while true {
            let page = try await finishedJobs(from: from, to: to, after: after, limit: 1000)
            guard let last = page.last else { return }
            after = last.id
            try await body(page)
        }
    }
}

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
}

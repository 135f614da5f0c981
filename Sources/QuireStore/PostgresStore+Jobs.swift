public import Foundation
public import QuireCore
import PostgresNIO
import NIOCore
import NIOPosix
import Logging

extension PostgresStore {
    /// One statement (``ClaimStatement``), committed on its own, that leases the jobs and returns them with
    /// their items and the outputs of their items' finished stages.
    public func claim(_ request: ClaimRequest) async throws -> [ClaimedJob] {
        guard request.limit > 0 else { return [] }
        return try await autocommit { tx in
            try await tx.run(ClaimStatement(request)).sorted(by: StoreRules.claimOrder)
        }
    }

    /// Whether a plan walks the claim index under LockRows under Limit.
    public static func claimPlanUsesIndex(_ plan: String) -> Bool {
        let lines = plan.split(separator: "\n").map(String.init)
        guard let limit = lines.firstIndex(where: { $0.contains("Limit") }),
              let lock = lines.firstIndex(where: { $0.contains("LockRows") }),
              let scan = lines.firstIndex(where: { $0.contains("Index Scan using jobs_claim") }) else { return false }
        return limit < lock && lock < scan
    }

    public func heartbeat(job: JobID, token: LeaseToken, leaseUntil: Date) async throws {
        let changed = try await autocommit { tx in
            try await tx.execute("UPDATE jobs SET lease_expires_at = \(Self.t(leaseUntil)) WHERE id = \(job) AND token = \(token.rawValue) AND state = 'leased'")
        }
        if changed == 0 {
            throw StoreRules.staleHeartbeat(job: job, token: token)
        }
    }

    public func complete(_ c: Completion) async throws {
        let error: QuireError? = try await transaction { tx in
            let (errors, due) = try await Self.applyMany([c], tx)
            if due { try await Self.wake(tx) }
            return errors[0]
        }
        if let error { throw error }
    }

    /// Group commit, in parallel and pipelined: the batch is split into up to
    /// ``completionParallelism`` transactions on as many connections, and within each the common
    /// completions go in one burst (``applyMany``). A refused completion writes nothing, so it
    /// needs no savepoint; another error fails its whole group (and only that group).
    public func complete(batch: [Completion]) async throws -> [QuireError?] {
        guard !batch.isEmpty else { return [] }
        // In job order, so two nodes' transactions lock rows in one order.
        let order = batch.indices.sorted { batch[$0].job < batch[$1].job }
        let groups = min(completionParallelism, max(1, order.count / 4))
        var results = [QuireError?](repeating: nil, count: batch.count)
        try await withThrowingTaskGroup(of: [(Int, QuireError?)].self) { group in
            for g in 0..<groups {
                let mine = stride(from: g, to: order.count, by: groups).map { order[$0] }
                group.addTask {
                    // A group that fails fails alone: the others committed, and their callers must hear so.
                    do {
                        return try await self.transaction { tx in
                            let (errors, due) = try await Self.applyMany(mine.map { batch[$0] }, tx)
                            if due { try await Self.wake(tx) }
                            return Array(zip(mine, errors))
                        }
                    } catch {
                        let e = error as? QuireError ?? QuireError(.storage, "PostgreSQL: \(error)", cause: error)
                        return mine.map { ($0, e) }
                    }
                }
            }
            for try await part in group { for (i, e) in part { results[i] = e } }
        }
        return results
    }

    static let moveToHistory = """
        INSERT INTO job_history (id, item_id, pipeline, stage_id, part, kind, state, priority, deadline, run_at, attempts, max_attempts,
                                 lease_owner, token, input, output, last_error, created_at, started_at, finished_at)
        """

    /// The job and its item, both locked: a cancel, a rescue or a sibling part waits for this completion.
    static func lockForCompletion(_ c: Completion) -> PostgresQuery {
        "SELECT jobs.*, items.state AS item_state FROM jobs JOIN items ON items.id = jobs.item_id WHERE jobs.id = \(c.job) FOR UPDATE"
    }

    /// The refusals, all before anything is written: the job is gone, the token is stale, a rescue came too late.
    static func check(_ c: Completion, _ row: PGRow?) throws -> (job: Job, itemState: String) {
        let job = try StoreRules.admit(c, to: row.map { Self.job($0, history: false) })
        return (job, row?["item_state"] ?? "")
    }

    /// The job's own change: moved to history (and a failed part's waiting siblings cancelled), or requeued.
    static func jobStatements(_ c: Completion, _ job: Job) -> (statements: [PostgresQuery], due: Bool) {
        let now = t(c.now)
        switch c.disposition {
        case .finish(let state, let output, let error):
            var out = [PostgresQuery(unsafeSQL: """
                WITH moved AS (DELETE FROM jobs WHERE id = $1 RETURNING *)
                \(moveToHistory)
                SELECT id, item_id, pipeline, stage_id, part, kind, $2, priority, deadline, run_at, attempts, max_attempts,
                       lease_owner, token, input, $3, $4, created_at, started_at, $5
                FROM moved
                """, binds: binds(c.job, state.rawValue, output?.jsonString(), error ?? job.lastError, now))]
            if job.part > 0 && state != .done {
                out.append(PostgresQuery(unsafeSQL: """
                    WITH moved AS (DELETE FROM jobs WHERE item_id = $1 AND stage_id = $2 AND state = 'ready' RETURNING *)
                    \(moveToHistory)
                    SELECT id, item_id, pipeline, stage_id, part, kind, 'cancelled', priority, deadline, run_at, attempts, max_attempts,
                           lease_owner, token, input, NULL, $3, created_at, started_at, $4
                    FROM moved
                    """, binds: binds(job.itemID.rawValue, job.stageID, "part \(job.part) of this stage failed", now)))
            }
            return (out, false)
        case .requeue(let runAt, let error, let countAttempt):
            return (["""
                UPDATE jobs SET state = 'ready', run_at = \(t(runAt)), lease_owner = NULL, lease_expires_at = NULL,
                                last_error = COALESCE(\(error), last_error), attempts = attempts - \(countAttempt ? 0 : 1)
                WHERE id = \(c.job)
                """], anyDue([runAt], now: c.now))
        }
    }

    /// The item moving on: its next jobs and its new state.
    static func itemStatements(_ c: Completion, _ job: Job) -> (statements: [PostgresQuery], due: Bool) {
        var out = c.enqueue.map { jobInsert(itemID: job.itemID, pipeline: job.pipeline, draft: $0, now: c.now) }
        if let s = c.itemState {
            out.append("""
                UPDATE items SET state = \(s.rawValue), reason = COALESCE(\(c.itemReason), reason), updated_at = \(t(c.now)), version = version + 1
                WHERE id = \(job.itemID.rawValue)
                """)
        }
        return (out, anyDue(c.enqueue.map(\.runAt), now: c.now))
    }

    /// Whether a completion can be sent as one pipelined burst: it waits for no sibling part and
    /// writes no audit entry (whose hash needs the chain's head first).
    static func pipelinable(_ c: Completion) -> Bool {
        !c.joinParts && c.events.allSatisfy { StoreRules.auditedEvent($0.kind, data: $0.data) == nil }
    }

    /// Applies one completion, statement by statement; returns whether it queued work that is
    /// due now (the caller notifies once per transaction). Every refusal comes before the first write.
    static func apply(_ c: Completion, _ tx: PGTransaction) async throws -> Bool {
        let (job, itemState) = try check(c, try await tx.row(lockForCompletion(c)))
        let own = jobStatements(c, job)
        for q in own.statements { try await tx.execute(q) }
        var moveOn = true
        if c.joinParts {
            // The last part of a fan-out stage moves the item on, and only while it is still in progress.
            let left = try await tx.row("SELECT COUNT(*)::bigint AS n FROM jobs WHERE item_id = \(job.itemID.rawValue) AND stage_id = \(job.stageID)")
            moveOn = StoreRules.lastPartMovesOn(partsLeft: left?["n"] ?? 0, itemState: itemState)
        }
        var due = own.due
        if moveOn {
            let item = itemStatements(c, job)
            for q in item.statements { try await tx.execute(q) }
            due = due || item.due
        }
        for e in c.events { try await insertEvent(tx, item: job.itemID, e, at: c.now) }
        return due
    }

    /// The common completion — a stage done, the next jobs queued, the item's state, events that
    /// are not audited — as one statement of data-modifying CTEs: the DELETE that moves the job
    /// is also the check (right token, still leased) and the lock. It returns 1 row, or 0 when
    /// the completion is refused (the caller then asks why).
    static func fastCompletion(_ c: Completion) -> CompleteStatement? {
        guard case .finish(.done, let output, let error) = c.disposition, pipelinable(c) else { return nil }
        return CompleteStatement(c, output: output, error: error)
    }

    /// Applies several completions in one transaction in one round trip for all the common ones
    /// (``fastCompletion``, all sent at once: PostgreSQL runs a connection's statements in the
    /// order they arrive, and a failed one fails the rest and the commit). Refused ones are then
    /// asked why, one by one; the others go statement by statement (``apply``).
    static func applyMany(_ completions: [Completion], _ tx: PGTransaction) async throws -> (errors: [QuireError?], due: Bool) {
        let fast = completions.indices.compactMap { i in fastCompletion(completions[i]).map { (i, $0) } }
        // All at once: each is written to the connection as its task starts, and none waits for another's answer.
        // Their order does not matter: each moves its own job, and a job's item is locked by no other
        // completion in the batch (parts of one stage, which share it, are not sent this way).
        var moved: [Int: Int64] = [:]
        try await withThrowingTaskGroup(of: (Int, Int64).self) { group in
            for (i, statement) in fast { group.addTask { (i, try await tx.run(statement).first ?? 0) } }
            for try await (i, n) in group { moved[i] = n }
        }
        var errors = [QuireError?](repeating: nil, count: completions.count)
        var due = false
        var refused: [Int] = []
        for (i, _) in fast {
            if moved[i] == 0 { refused.append(i) } else if anyDue(completions[i].enqueue.map(\.runAt), now: completions[i].now) { due = true }
        }
        for i in refused {
            do {
                _ = try check(completions[i], try await tx.row(lockForCompletion(completions[i])))
                errors[i] = QuireError(.staleLease, "job \(completions[i].job): the completion was refused")
            } catch let e as QuireError {
                errors[i] = e
            }
        }
        for (i, c) in completions.enumerated() where moved[i] == nil {
            do { due = try await apply(c, tx) || due } catch let e as QuireError { errors[i] = e }
        }
        return (errors, due)
    }

    public func expiredLeases(now: Date, limit: Int) async throws -> [Job] {
        try await autocommit { tx in
            try await tx.rows("SELECT * FROM jobs WHERE state = 'leased' AND lease_expires_at < \(Self.t(now)) ORDER BY lease_expires_at LIMIT \(limit)")
                .map { Self.job($0, history: false) }
        }
    }

    public func jobs(of item: ItemID) async throws -> [Job] {
        try await autocommit { tx in
            let finished = try await tx.rows("SELECT * FROM job_history WHERE item_id = \(item.rawValue) ORDER BY id").map { Self.job($0, history: true) }
            let active = try await tx.rows("SELECT * FROM jobs WHERE item_id = \(item.rawValue) ORDER BY id").map { Self.job($0, history: false) }
            return (finished + active).sorted { $0.id < $1.id }
        }
    }

    public func nextRunAt() async throws -> Date? {
        try await autocommit { tx in
            let r = try await tx.row("SELECT MIN(run_at) AS m FROM jobs WHERE state = 'ready'")
            return (r?["m"] as Double?).map(Self.d)
        }
    }

    public func pruneHistory(finishedBefore before: Date) async throws -> Int {
        try await autocommit { tx in try await tx.execute("DELETE FROM job_history WHERE finished_at < \(Self.t(before))") }
    }

    /// LISTEN on `quire_jobs` on a connection of its own, reconnecting after a failure; each
    /// notification (sent at the commit of a transaction that queued due work) yields once.
    public func jobWakeups() -> AsyncStream<Void>? {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let configuration = configuration
        let logger = logger
        let task = Task.detached {
            while !Task.isCancelled {
                do {
                    let conn = try await Self.connect(configuration, logger: logger)
                    defer { Task { try? await conn.close() } }
                    try await withTaskCancellationHandler {
                        try await conn.listen(on: Self.wakeChannel) { notifications in
                            // Work queued while we were away is found by the next poll; wake once on (re)connecting.
                            continuation.yield()
                            for try await _ in notifications { continuation.yield() }
                        }
                    } onCancel: {
                        Task { try? await conn.close() }
                    }
                } catch {
                    if Task.isCancelled { break }
                    Logger(label: "quire.store").warning("LISTEN quire_jobs failed; retrying in 1 s (schedulers poll meanwhile)", metadata: ["error": "\(Self.describe(error))"])
                }
                try? await Task.sleep(nanoseconds: 1_000_000_000)
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}

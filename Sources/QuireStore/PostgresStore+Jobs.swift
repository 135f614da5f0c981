public import Foundation
public import QuireCore
import PostgresNIO
import NIOCore
import NIOPosix
import Logging

extension PostgresStore {
    static let jobColumns = "id, item_id, pipeline, stage_id, part, kind, state, priority, deadline, run_at, attempts, max_attempts, lease_owner, token, input"

    static func json(_ s: String?) -> JSONValue? { StoreRules.json(s) }

    static func item(_ r: PGRow) -> Item { StoreRows.item(PGStoreRow(r)) }

    static func job(_ r: PGRow, history: Bool) -> Job { StoreRows.job(PGStoreRow(r), history: history) }

    static func event(_ r: PGRow) -> Event { StoreRows.event(PGStoreRow(r)) }

    /// Queues jobs and wakes idle schedulers on every node when any is due now (delivered at commit).
    static func insertJobs(_ tx: PGTransaction, itemID: ItemID, pipeline: String, drafts: [JobDraft], now: Date) async throws {
        for j in drafts { try await tx.execute(jobInsert(itemID: itemID, pipeline: pipeline, draft: j, now: now)) }
        if anyDue(drafts.map(\.runAt), now: now) { try await wake(tx) }
    }

    /// Whether work queued at `now` should wake schedulers (due within a second).
    static func anyDue(_ runAts: [Date], now: Date) -> Bool {
        runAts.contains { $0 <= now.addingTimeInterval(1) }
    }

    static func jobInsert(itemID: ItemID, pipeline: String, draft j: JobDraft, now: Date) -> PostgresQuery {
        """
        INSERT INTO jobs (item_id, pipeline, stage_id, part, kind, state, priority, deadline, run_at, max_attempts, input, created_at)
        VALUES (\(itemID.rawValue), \(pipeline), \(j.stageID), \(j.part), \(j.kind), 'ready', \(j.priority),
                \(j.deadline.map(t) ?? noDeadline), \(t(j.runAt)), \(j.maxAttempts), \(j.input.jsonString()), \(t(now)))
        ON CONFLICT (item_id, stage_id, part) DO NOTHING
        """
    }

    static func wake(_ tx: PGTransaction) async throws {
        try await tx.execute("SELECT pg_notify(\(wakeChannel), '')")
    }

    static let wakeChannel = "quire_jobs"

    static func insertEvent(_ tx: PGTransaction, item: ItemID, _ e: EventDraft, at: Date) async throws {
        try await tx.execute("INSERT INTO events (item_id, job_id, at, kind, stage_id, data) VALUES (\(item.rawValue), \(e.jobID), \(t(at)), \(e.kind), \(e.stageID), \(e.data.jsonString()))")
        if let (action, actor) = StoreRules.auditedEvent(e.kind, data: e.data) {
            var details = e.data.objectValue ?? [:]
            if let s = e.stageID { details["stage"] = .string(s) }
            try await appendAudit(tx, AuditDraft(actor: actor, action: action, subject: "item:" + item.rawValue, details: .object(details)), at: at)
        }
    }

    static func fetchItem(_ tx: PGTransaction, _ id: ItemID, lock: Bool = false) async throws -> Item? {
        try await tx.row(lock ? "SELECT * FROM items WHERE id = \(id.rawValue) FOR UPDATE" : "SELECT * FROM items WHERE id = \(id.rawValue)").map(item)
    }

    /// Outputs of finished stages for several items at once (claims come in batches).
    static func outputs(_ tx: PGTransaction, items: [String]) async throws -> [String: [String: JSONValue]] {
        let rows = try await tx.rows("""
            SELECT item_id, stage_id, part, output FROM job_history WHERE item_id = ANY(\(items)) AND state = 'done' ORDER BY id
            """)
        var byItem: [String: [(String, Int, JSONValue)]] = [:]
        for r in rows { byItem[r["item_id"], default: []].append((r["stage_id"], r["part"], json(r["output"]) ?? .null)) }
        return byItem.mapValues { Job.stageOutputs($0) }
    }

    // MARK: Items

    public func intake(_ request: IntakeRequest) async throws -> IntakeResult {
        try await transaction { tx in
            let i = request.item
            if let key = request.intakeKey, let existing = try await tx.row("SELECT * FROM items WHERE intake_key = \(key)") {
                return .existing(Self.item(existing))
            }
            if let key = i.idempotencyKey,
               let existing = try await tx.row("SELECT * FROM items WHERE pipeline = \(i.pipeline) AND idempotency_key = \(key) AND COALESCE(tenant, '') = \(i.tenant ?? "")") {
                return .existing(Self.item(existing))
            }
            var item = i
            var original: Item?
            if request.deduplicate {
                // Two nodes taking in the same bytes at once: the second waits here and sees the first.
                try await tx.execute("SELECT pg_advisory_xact_lock(hashtextextended(\(i.pipeline + "\u{1}" + (i.tenant ?? "") + "\u{1}" + i.contentHash), 0))")
                if let row = try await tx.row("""
                    SELECT * FROM items WHERE pipeline = \(i.pipeline) AND content_hash = \(i.contentHash) AND COALESCE(tenant, '') = \(i.tenant ?? "")
                        AND state != 'duplicate' ORDER BY created_at LIMIT 1
                    """) {
                    original = Self.item(row)
                    item.state = .duplicate
                    item.duplicateOf = original!.id
                    item.reason = "same content as \(original!.id)"
                }
            }
            let conflict = try await tx.uniqueViolation("intake", """
                INSERT INTO items (id, pipeline, source, name, content_hash, size, media_type, state, priority, tenant, external_ref,
                                   idempotency_key, intake_key, metadata, duplicate_of, reason, created_at, updated_at, version)
                VALUES (\(item.id.rawValue), \(item.pipeline), \(item.source.rawValue), \(item.name), \(item.contentHash), \(item.size),
                        \(item.mediaType), \(item.state.rawValue), \(item.priority), \(item.tenant), \(item.externalRef),
                        \(item.idempotencyKey), \(request.intakeKey), \(item.metadata.jsonString()), \(item.duplicateOf?.rawValue),
                        \(item.reason), \(Self.t(item.createdAt)), \(Self.t(item.updatedAt)), 1)
                """)
            if conflict {
                // Another node took the same intake or idempotency key in the meantime: its item wins.
                if let key = request.intakeKey, let existing = try await tx.row("SELECT * FROM items WHERE intake_key = \(key)") {
                    return .existing(Self.item(existing))
                }
                if let key = i.idempotencyKey,
                   let existing = try await tx.row("SELECT * FROM items WHERE pipeline = \(i.pipeline) AND idempotency_key = \(key) AND COALESCE(tenant, '') = \(i.tenant ?? "")") {
                    return .existing(Self.item(existing))
                }
                throw QuireError(.conflict, "item \(item.id) exists already")
            }
            try await tx.execute("INSERT INTO blobs (hash, size, created_at) VALUES (\(item.contentHash), \(item.size), \(Self.t(item.createdAt))) ON CONFLICT (hash) DO NOTHING")
            if let original {
                try await Self.insertEvent(tx, item: item.id, EventDraft(kind: "duplicate", data: ["original": .string(original.id.rawValue), "name": .string(item.name)]), at: item.createdAt)
                try await Self.insertEvent(tx, item: original.id, EventDraft(kind: "duplicate_received", data: ["duplicate": .string(item.id.rawValue), "name": .string(item.name)]), at: item.createdAt)
                return .duplicate(item, original: original)
            }
            try await Self.insertJobs(tx, itemID: item.id, pipeline: item.pipeline, drafts: request.jobs, now: item.createdAt)
            try await Self.insertEvent(tx, item: item.id, EventDraft(kind: "received", data: request.eventData), at: item.createdAt)
            return .created(item)
        }
    }

    public func item(_ id: ItemID) async throws -> Item? {
        try await autocommit { tx in try await Self.fetchItem(tx, id) }
    }

    public func item(intakeKey: String) async throws -> Item? {
        try await autocommit { tx in try await tx.row("SELECT * FROM items WHERE intake_key = \(intakeKey)").map(Self.item) }
    }

    public func items(_ query: ItemQuery) async throws -> [Item] {
        var sql = "SELECT * FROM items WHERE true"
        var binds = PostgresBindings()
        func bind(_ v: some PostgresDynamicTypeEncodable) -> String { binds.append(v); return "$\(binds.count)" }
        if let p = query.pipeline { sql += " AND pipeline = \(bind(p))" }
        if let s = query.states, !s.isEmpty { sql += " AND state = ANY(\(bind(s.map(\.rawValue))))" }
        if let b = query.before { sql += " AND id < \(bind(b.rawValue))" }
        if let s = query.since { sql += " AND created_at >= \(bind(Self.t(s)))" }
        if let u = query.until { sql += " AND created_at < \(bind(Self.t(u)))" }
        if let t = query.tenants { sql += t.isEmpty ? " AND false" : " AND tenant = ANY(\(bind(t)))" }
        sql += " ORDER BY id DESC LIMIT \(bind(query.limit))"
        let q = PostgresQuery(unsafeSQL: sql, binds: binds)
        return try await autocommit { tx in try await tx.rows(q).map(Self.item) }
    }

    // MARK: Jobs

    /// One statement: the CTE walks `jobs_claim` in order, skips rows another node has locked,
    /// and stops at the limit (Limit → LockRows → Index Scan); the update leases what it took.
    public func claim(_ request: ClaimRequest) async throws -> [ClaimedJob] {
        guard request.limit > 0 else { return [] }
        // One statement, committed on its own; the leased jobs are ours, so reading their items
        // and outputs afterwards sees what the claim saw.
        return try await autocommit { tx in
            let rows = try await tx.rows(Self.claimStatement(request))
            guard !rows.isEmpty else { return [] }
            let jobs = rows.map { Self.job($0, history: false) }
            let ids = Array(Set(jobs.map(\.itemID.rawValue)))
            var items: [String: Item] = [:]
            for r in try await tx.rows("SELECT * FROM items WHERE id = ANY(\(ids))") { let i = Self.item(r); items[i.id.rawValue] = i }
            let outputs = try await Self.outputs(tx, items: ids)
            return jobs.compactMap { job in
                items[job.itemID.rawValue].map { ClaimedJob(job: job, item: $0, outputs: outputs[job.itemID.rawValue] ?? [:]) }
            }.sorted(by: StoreRules.claimOrder)
        }
    }

    static func claimStatement(_ request: ClaimRequest) -> PostgresQuery {
        let now = t(request.now)
        return """
            WITH next AS (
                SELECT id FROM jobs
                WHERE pipeline = \(request.pipeline) AND stage_id = \(request.stageID) AND state = 'ready' AND run_at <= \(now)
                ORDER BY priority DESC, deadline, id
                LIMIT \(request.limit)
                FOR UPDATE SKIP LOCKED)
            UPDATE jobs SET state = 'leased', lease_owner = \(request.owner), lease_expires_at = \(now + request.lease),
                            token = jobs.token + 1, attempts = jobs.attempts + 1, started_at = \(now)
            FROM next WHERE jobs.id = next.id
            RETURNING jobs.*
            """
    }

    /// PostgreSQL's plan for a claim (EXPLAIN, not run): it should walk `jobs_claim` under
    /// LockRows under Limit, so a claim reads only the rows it takes.
    public func explainClaim(pipeline: String, stageID: String, limit: Int = 8) async throws -> String {
        let claim = Self.claimStatement(ClaimRequest(owner: "explain", pipeline: pipeline, stageID: stageID, limit: limit, lease: 15, now: Date()))
        return try await autocommit { tx in
            try await tx.rows(PostgresQuery(unsafeSQL: "EXPLAIN (COSTS OFF) " + claim.sql, binds: claim.binds)).map { $0["QUERY PLAN"] as String }.joined(separator: "\n")
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

    /// Adds `count` finished jobs (and their items) straight into history, for benchmarks that
    /// measure claiming with a large history. Not used by the appliance itself.
    public func fillHistoryForBenchmark(count: Int, pipeline: String = "bench-history") async throws {
        let now = Date().timeIntervalSince1970
        try await transaction { tx in
            try await tx.execute("""
                INSERT INTO items (id, pipeline, source, name, content_hash, size, media_type, state, created_at, updated_at)
                SELECT 'itm_hist' || lpad(g::text, 12, '0'), \(pipeline), 'cli', 'history.pdf', 'h', 1, 'pdf', 'done', \(now), \(now)
                FROM generate_series(1, \(count)) g
                """)
            let base = try await tx.row("SELECT COALESCE(MAX(id), 0) AS m FROM job_history")?["m"] as Int64? ?? 0
            try await tx.execute("""
                INSERT INTO job_history (id, item_id, pipeline, stage_id, kind, state, priority, deadline, run_at, attempts, max_attempts,
                                         token, input, output, created_at, started_at, finished_at)
                SELECT \(base) + g, 'itm_hist' || lpad(g::text, 12, '0'), \(pipeline), 'noop', 'bench.noop', 'done', 0, 9e15, \(now), 1, 5, 1, '{}', '{}', \(now), \(now), \(now)
                FROM generate_series(1, \(count)) g
                """)
            try await tx.execute(PostgresQuery(unsafeSQL: "SELECT setval(pg_get_serial_sequence('jobs', 'id'), GREATEST((SELECT MAX(id) FROM job_history), (SELECT COALESCE(MAX(id), 0) FROM jobs)) + 1, false)"))
        }
        try await autocommit { tx in try await tx.execute("ANALYZE") }
    }

    public func heartbeat(job: JobID, token: LeaseToken, leaseUntil: Date) async throws {
        let changed = try await autocommit { tx in
            try await tx.execute("UPDATE jobs SET lease_expires_at = \(Self.t(leaseUntil)) WHERE id = \(job) AND token = \(token.rawValue) AND state = 'leased'")
        }
        if changed == 0 {
            throw QuireError(.staleLease, "job \(job): lease token \(token) is no longer current; another worker owns the job now")
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
        guard let row else {
            throw QuireError(.staleLease, "job \(c.job) is no longer active; its result was already recorded or the job was cancelled")
        }
        let job = Self.job(row, history: false)
        guard job.state == .leased, job.token == c.token else {
            throw QuireError(.staleLease, "job \(c.job): lease token \(c.token) is stale (current \(job.token), state \(job.state.rawValue)); the result is discarded")
        }
        if let at = c.onlyIfExpiredAt, let exp = job.leaseExpiresAt, exp >= at {
            throw QuireError(.staleLease, "job \(c.job): lease was renewed; not rescued")
        }
        return (job, row["item_state"])
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
            moveOn = (left?["n"] as Int?) == 0 && (itemState == ItemState.received.rawValue || itemState == ItemState.processing.rawValue)
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
    static func fastCompletion(_ c: Completion) -> PostgresQuery? {
        guard case .finish(.done, let output, let error) = c.disposition, pipelinable(c) else { return nil }
        let now = t(c.now)
        var b = PostgresBindings()
        func bind(_ v: some PostgresDynamicTypeEncodable) -> String { b.append(v); return "$\(b.count)" }
        func bindOptional(_ v: String?) -> String { if let v { b.append(v) } else { b.appendNull() }; return "$\(b.count)" }
        let expired = c.onlyIfExpiredAt.map { " AND lease_expires_at < \(bind(t($0)))" } ?? ""
        let sql = """
            WITH moved AS (
                DELETE FROM jobs WHERE id = \(bind(c.job)) AND token = \(bind(c.token.rawValue)) AND state = 'leased'\(expired) RETURNING *
            ), history AS (
                \(moveToHistory)
                SELECT id, item_id, pipeline, stage_id, part, kind, 'done', priority, deadline, run_at, attempts, max_attempts,
                       lease_owner, token, input, \(bindOptional(output?.jsonString())), COALESCE(\(bindOptional(error)), last_error), created_at, started_at, \(bind(now))
                FROM moved
            ), queued AS (
                INSERT INTO jobs (item_id, pipeline, stage_id, part, kind, state, priority, deadline, run_at, max_attempts, input, created_at)
                SELECT moved.item_id, moved.pipeline, d.stage_id, d.part, d.kind, 'ready', d.priority, d.deadline, d.run_at, d.max_attempts, d.input, \(bind(now))
                FROM moved, unnest(\(bind(c.enqueue.map(\.stageID)))::text[], \(bind(c.enqueue.map { Int64($0.part) }))::bigint[],
                                   \(bind(c.enqueue.map(\.kind)))::text[], \(bind(c.enqueue.map { Int64($0.priority) }))::bigint[],
                                   \(bind(c.enqueue.map { $0.deadline.map(t) ?? noDeadline }))::float8[], \(bind(c.enqueue.map { t($0.runAt) }))::float8[],
                                   \(bind(c.enqueue.map { Int64($0.maxAttempts) }))::bigint[], \(bind(c.enqueue.map { $0.input.jsonString() }))::text[])
                     AS d(stage_id, part, kind, priority, deadline, run_at, max_attempts, input)
                ON CONFLICT (item_id, stage_id, part) DO NOTHING
            ), item AS (
                UPDATE items SET state = \(bindOptional(c.itemState?.rawValue)), reason = COALESCE(\(bindOptional(c.itemReason)), reason),
                                 updated_at = \(bind(now)), version = version + 1
                WHERE id = (SELECT item_id FROM moved) AND \(bind(c.itemState != nil))
            ), logged AS (
                INSERT INTO events (item_id, job_id, at, kind, stage_id, data)
                SELECT moved.item_id, NULLIF(e.job_id, 0), \(bind(now)), e.kind, NULLIF(e.stage_id, ''), e.data
                FROM moved, unnest(\(bind(c.events.map { $0.jobID ?? 0 }))::bigint[], \(bind(c.events.map(\.kind)))::text[],
                                   \(bind(c.events.map { $0.stageID ?? "" }))::text[], \(bind(c.events.map { $0.data.jsonString() }))::text[])
                     AS e(job_id, kind, stage_id, data)
            )
            SELECT COUNT(*)::bigint AS n FROM moved
            """
        return PostgresQuery(unsafeSQL: sql, binds: b)
    }

    /// Applies several completions in one transaction in one round trip for all the common ones
    /// (``fastCompletion``, all sent at once: PostgreSQL runs a connection's statements in the
    /// order they arrive, and a failed one fails the rest and the commit). Refused ones are then
    /// asked why, one by one; the others go statement by statement (``apply``).
    static func applyMany(_ completions: [Completion], _ tx: PGTransaction) async throws -> (errors: [QuireError?], due: Bool) {
        let sent = completions.map { c in fastCompletion(c).map { tx.send($0) } }
        var errors = [QuireError?](repeating: nil, count: completions.count)
        var due = false
        var refused: [Int] = []
        for (i, f) in sent.enumerated() {
            guard let f else { continue }
            let n = try await f.get().rows.first.map { PGRow($0.makeRandomAccess())["n"] as Int } ?? 0
            if n == 0 { refused.append(i) } else if anyDue(completions[i].enqueue.map(\.runAt), now: completions[i].now) { due = true }
        }
        for i in refused {
            do {
                _ = try check(completions[i], try await tx.row(lockForCompletion(completions[i])))
                errors[i] = QuireError(.staleLease, "job \(completions[i].job): the completion was refused")
            } catch let e as QuireError {
                errors[i] = e
            }
        }
        for (i, c) in completions.enumerated() where sent[i] == nil {
            do { due = try await apply(c, tx) || due } catch let e as QuireError { errors[i] = e }
        }
        return (errors, due)
    }

    static func binds(_ values: (any PostgresDynamicTypeEncodable)?...) -> PostgresBindings {
        var b = PostgresBindings()
        for v in values {
            if let v { b.append(v) } else { b.appendNull() }
        }
        return b
    }

    public func expiredLeases(now: Date, limit: Int) async throws -> [Job] {
        try await autocommit { tx in
            try await tx.rows("SELECT * FROM jobs WHERE state = 'leased' AND lease_expires_at < \(Self.t(now)) ORDER BY lease_expires_at LIMIT \(limit)")
                .map { Self.job($0, history: false) }
        }
    }

    public func transition(_ tr: ItemTransition) async throws -> Item {
        try await transaction { tx in
            guard var item = try await Self.fetchItem(tx, tr.item, lock: true) else {
                throw QuireError(.notFound, "no item \(tr.item); list items with 'quire items list'")
            }
            guard tr.allowedFrom.contains(item.state) else {
                throw QuireError(.invalidState, "item \(tr.item) is \(item.state.rawValue); this works only on items that are \(tr.allowedFrom.map(\.rawValue).joined(separator: " or "))")
            }
            let now = Self.t(tr.now)
            if tr.cancelActiveJobs {
                try await tx.execute(PostgresQuery(unsafeSQL: """
                    WITH moved AS (DELETE FROM jobs WHERE item_id = $1 RETURNING *)
                    \(Self.moveToHistory)
                    SELECT id, item_id, pipeline, stage_id, part, kind, 'cancelled', priority, deadline, run_at, attempts, max_attempts,
                           lease_owner, token, input, NULL, last_error, created_at, started_at, $2
                    FROM moved
                    """, binds: Self.binds(item.id.rawValue, now)))
            }
            item.state = tr.to
            item.reason = tr.to == .processing ? tr.reason : (tr.reason ?? item.reason)
            item.updatedAt = tr.now
            item.version += 1
            try await tx.execute("UPDATE items SET state = \(tr.to.rawValue), reason = \(item.reason), updated_at = \(now), version = version + 1 WHERE id = \(item.id.rawValue)")
            try await Self.insertJobs(tx, itemID: item.id, pipeline: item.pipeline, drafts: tr.enqueue, now: tr.now)
            for e in tr.events { try await Self.insertEvent(tx, item: item.id, e, at: tr.now) }
            return item
        }
    }

    public func jobs(of item: ItemID) async throws -> [Job] {
        try await autocommit { tx in
            let finished = try await tx.rows("SELECT * FROM job_history WHERE item_id = \(item.rawValue) ORDER BY id").map { Self.job($0, history: true) }
            let active = try await tx.rows("SELECT * FROM jobs WHERE item_id = \(item.rawValue) ORDER BY id").map { Self.job($0, history: false) }
            return (finished + active).sorted { $0.id < $1.id }
        }
    }

    public func events(of item: ItemID) async throws -> [Event] {
        try await autocommit { tx in try await tx.rows("SELECT * FROM events WHERE item_id = \(item.rawValue) ORDER BY id").map(Self.event) }
    }

    public func nextRunAt() async throws -> Date? {
        try await autocommit { tx in
            let r = try await tx.row("SELECT MIN(run_at) AS m FROM jobs WHERE state = 'ready'")
            return (r?["m"] as Double?).map(Self.d)
        }
    }

    public func statistics(now: Date) async throws -> StoreStatistics {
        let t = Self.t(now)
        return try await autocommit { tx in
            StoreRows.statistics(
                now: t,
                items: try await tx.rows("SELECT pipeline, state, COUNT(*)::bigint AS n FROM items GROUP BY pipeline, state").map(PGStoreRow.init),
                queued: try await tx.rows("""
                    SELECT pipeline, stage_id,
                           COUNT(*) FILTER (WHERE state = 'ready' AND run_at <= \(t))::bigint AS ready,
                           COUNT(*) FILTER (WHERE state = 'ready' AND run_at > \(t))::bigint AS scheduled,
                           COUNT(*) FILTER (WHERE state = 'leased')::bigint AS leased,
                           MIN(run_at) FILTER (WHERE state = 'ready' AND run_at <= \(t)) AS oldest
                    FROM jobs GROUP BY pipeline, stage_id
                    """).map(PGStoreRow.init),
                finished: try await tx.rows("""
                    SELECT pipeline, stage_id, COUNT(*) FILTER (WHERE finished_at >= \(t - 60))::bigint AS m, COUNT(*)::bigint AS h
                    FROM job_history WHERE finished_at >= \(t - 3600) GROUP BY pipeline, stage_id
                    """).map(PGStoreRow.init),
                dead: try await tx.rows("SELECT pipeline, stage_id, COUNT(*)::bigint AS n FROM job_history WHERE state = 'dead' GROUP BY pipeline, stage_id").map(PGStoreRow.init))
        }
    }

    // MARK: Cron, pruning, business keys

    public func recordCronTick(name: String, tick: Date, firedBy: String, now: Date) async throws -> Bool {
        try await autocommit { tx in
            try await tx.execute("INSERT INTO cron_ticks (name, tick, fired_by, fired_at) VALUES (\(name), \(Self.t(tick)), \(firedBy), \(Self.t(now))) ON CONFLICT DO NOTHING") > 0
        }
    }

    public func pruneHistory(finishedBefore before: Date) async throws -> Int {
        try await autocommit { tx in try await tx.execute("DELETE FROM job_history WHERE finished_at < \(Self.t(before))") }
    }

    public func claimBusinessKey(pipeline: String, key: String, item: ItemID, now: Date) async throws -> ItemID? {
        try await transaction { tx in
            if try await tx.execute("INSERT INTO business_keys (pipeline, key, item_id, created_at) VALUES (\(pipeline), \(key), \(item.rawValue), \(Self.t(now))) ON CONFLICT DO NOTHING") > 0 {
                return nil
            }
            guard let r = try await tx.row("""
                SELECT b.item_id, i.state FROM business_keys b LEFT JOIN items i ON i.id = b.item_id
                WHERE b.pipeline = \(pipeline) AND b.key = \(key) FOR UPDATE OF b
                """) else { return nil }
            let holder: String = r["item_id"]
            guard holder != item.rawValue else { return nil }
            let state: String? = r["state"]
            if state == ItemState.cancelled.rawValue || state == ItemState.failed.rawValue || state == nil {
                try await tx.execute("UPDATE business_keys SET item_id = \(item.rawValue), created_at = \(Self.t(now)) WHERE pipeline = \(pipeline) AND key = \(key)")
                return nil
            }
            return ItemID(holder)
        }
    }
}

extension PostgresStore {
    /// Creates (`create: true`) or drops a database on the server of `url`, over one plain
    /// connection to the URL's database — no store is opened there, so it gets no Quire tables.
    /// Benchmarks use a throw-away database.
    public static func administer(url: String, database name: String, create: Bool) async throws {
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw QuireError(.invalidConfiguration, "bad database name '\(name)': use letters, digits and _")
        }
        let configuration = try Configuration(url: url)
        var log = Logger(label: "quire.store.postgres")
        log.logLevel = .error
        do {
            let conn = try await connect(configuration, logger: log)
            defer { Task { try? await conn.close() } }
            let sql = create ? "CREATE DATABASE \(name)" : "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"
            _ = try await conn.query(PostgresQuery(unsafeSQL: sql), logger: log).get()
        } catch {
            throw QuireError(.storage, "cannot \(create ? "create" : "drop") database \(name) on \(redacted(url)): \(describe(error)); the user needs the CREATEDB privilege", cause: error)
        }
    }

    /// Queues `count` ready jobs spread over `stages` of pipeline `bench` (for plan checks), then ANALYZE.
    public func fillReadyJobsForBenchmark(count: Int, stages: [String]) async throws {
        let now = Date().timeIntervalSince1970
        try await transaction { tx in
            try await tx.execute("""
                INSERT INTO items (id, pipeline, source, name, content_hash, size, media_type, state, created_at, updated_at)
                SELECT 'itm_ready' || lpad(g::text, 12, '0'), 'bench', 'cli', 'ready.pdf', 'r' || g, 1, 'pdf', 'processing', \(now), \(now)
                FROM generate_series(1, \(count)) g
                """)
            try await tx.execute("""
                INSERT INTO jobs (item_id, pipeline, stage_id, kind, state, priority, deadline, run_at, max_attempts, input, created_at)
                SELECT 'itm_ready' || lpad(g::text, 12, '0'), 'bench', (\(stages))[1 + g % \(stages.count)], 'bench.noop', 'ready', g % 3, 9e15, \(now) + (g % 7) - 3, 5, '{}', \(now)
                FROM generate_series(1, \(count)) g
                """)
        }
        try await autocommit { tx in try await tx.execute("ANALYZE") }
    }
}

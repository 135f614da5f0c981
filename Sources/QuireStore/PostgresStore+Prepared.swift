import PostgresNIO
import NIOCore
import QuireCore

/// The scheduler's completion as a named prepared statement: PostgreSQL parses and plans it once per
/// connection (postgres-nio prepares it on a connection's first use) instead of for every job. Parsing
/// and planning were most of the server's work for it: 0.34 ms to parse, 0.34 ms to bind and plan,
/// 0.28 ms to run (server log, 2026-12-04). (A statement `PREPARE`d in SQL cannot be used: `EXECUTE`
/// cannot refer to the protocol's parameters.)
struct CompleteStatement: PostgresPreparedStatement {
    static let name = "quire_complete_1"
    static let bindingDataTypes: [PostgresDataType] = [
        .int8, .int8, .float8, .text, .text, .float8,
        .textArray, .int8Array, .textArray, .int8Array, .float8Array, .float8Array, .int8Array, .textArray,
        .text, .text, .bool, .int8Array, .textArray, .textArray, .textArray,
    ]
    static let sql = """
        WITH moved AS (
            DELETE FROM jobs WHERE id = $1 AND token = $2 AND state = 'leased' AND ($3::float8 IS NULL OR lease_expires_at < $3) RETURNING *
        ), history AS (
            \(PostgresStore.moveToHistory)
            SELECT id, item_id, pipeline, stage_id, part, kind, 'done', priority, deadline, run_at, attempts, max_attempts,
                   lease_owner, token, input, $4, COALESCE($5, last_error), created_at, started_at, $6
            FROM moved
        ), queued AS (
            INSERT INTO jobs (item_id, pipeline, stage_id, part, kind, state, priority, deadline, run_at, max_attempts, input, created_at)
            SELECT moved.item_id, moved.pipeline, d.stage_id, d.part, d.kind, 'ready', d.priority, d.deadline, d.run_at, d.max_attempts, d.input, $6
            FROM moved, unnest($7, $8, $9, $10, $11, $12, $13, $14)
                 AS d(stage_id, part, kind, priority, deadline, run_at, max_attempts, input)
            ON CONFLICT (item_id, stage_id, part) DO NOTHING
        ), item AS (
            UPDATE items SET state = $15, reason = COALESCE($16, reason), updated_at = $6, version = version + 1
            WHERE id = (SELECT item_id FROM moved) AND $17
        ), logged AS (
            INSERT INTO events (item_id, job_id, at, kind, stage_id, data)
            SELECT moved.item_id, NULLIF(e.job_id, 0), $6, e.kind, NULLIF(e.stage_id, ''), e.data
            FROM moved, unnest($18, $19, $20, $21) AS e(job_id, kind, stage_id, data)
        )
        SELECT COUNT(*)::bigint AS n FROM moved
        """

    let bindings: PostgresBindings
    /// The values of `$1`…`$21` in the order the statement numbers them.
    init(_ c: Completion, output: JSONValue?, error: String?) {
        let now = PostgresStore.t(c.now)
        var b = PostgresBindings(capacity: Self.bindingDataTypes.count)
        b.append(c.job)
        b.append(c.token.rawValue)
        b.append(c.onlyIfExpiredAt.map(PostgresStore.t))
        b.append(output?.jsonString())
        b.append(error)
        b.append(now)
        b.append(c.enqueue.map(\.stageID))
        b.append(c.enqueue.map { Int64($0.part) })
        b.append(c.enqueue.map(\.kind))
        b.append(c.enqueue.map { Int64($0.priority) })
        b.append(c.enqueue.map { $0.deadline.map(PostgresStore.t) ?? PostgresStore.noDeadline })
        b.append(c.enqueue.map { PostgresStore.t($0.runAt) })
        b.append(c.enqueue.map { Int64($0.maxAttempts) })
        b.append(c.enqueue.map { $0.input.jsonString() })
        b.append(c.itemState?.rawValue)
        b.append(c.itemReason)
        b.append(c.itemState != nil)
        b.append(c.events.map { $0.jobID ?? 0 })
        b.append(c.events.map(\.kind))
        b.append(c.events.map { $0.stageID ?? "" })
        b.append(c.events.map { $0.data.jsonString() })
        bindings = b
    }
    func makeBindings() throws -> PostgresBindings { bindings }
    /// How many jobs it moved: 1, or 0 when the completion is refused.
    func decodeRow(_ row: PostgresRow) throws -> Int64 { try row.decode(Int64.self) }
}

extension PGTransaction {
    /// Runs a prepared statement and returns its rows. A connection that is closed already fails at once
    /// (as in ``send(_:)``: postgres-nio would write to it without a promise and never answer).
    func run<S: PostgresPreparedStatement>(_ statement: S) async throws -> [S.Row] {
        guard !connection.isClosed else { throw ConnectionClosed() }
        var rows: [S.Row] = []
        for try await row in try await connection.execute(statement, logger: logger) { rows.append(row) }
        return rows
    }
}

/// The claim (``PostgresStore/claim(_:)``), prepared, and in the same round trip what the claimed jobs'
/// stages need: their items (columns named `item_…`) and the outputs of each item's finished stages, in the
/// order they finished (`out_stages`, `out_parts`, `out_outputs`). The CTE `next` walks `jobs_claim` in
/// order, skips rows another node has locked, and stops at the limit (Limit → LockRows → Index Scan); the
/// update leases what it took. The jobs are leased by the statement itself, so the items and outputs it
/// reads are those the claim saw. A connection keeps using the generic plan once PostgreSQL finds it as cheap
/// as the custom ones; ``PostgresStore/explainClaim()`` shows that plan.
///
/// (They were two more statements after the claim, parsed and planned each time; a build that made the items up
/// instead of reading them ran about 14 % more jobs a second: `quire bench scheduler`, 2026-12-07.)
struct ClaimStatement: PostgresPreparedStatement {
    static let name = "quire_claim_2"
    static let bindingDataTypes: [PostgresDataType] = [.text, .text, .float8, .int8, .text, .float8]
    // The returned columns are qualified: `next` has an `id` too.
    static let sql = """
        WITH next AS (
            SELECT id FROM jobs
            WHERE pipeline = $1 AND stage_id = $2 AND state = 'ready' AND run_at <= $3
            ORDER BY priority DESC, deadline, id
            LIMIT $4
            FOR UPDATE SKIP LOCKED
        ), claimed AS (
            UPDATE jobs SET state = 'leased', lease_owner = $5, lease_expires_at = $6,
                            token = jobs.token + 1, attempts = jobs.attempts + 1, started_at = $3
            FROM next WHERE jobs.id = next.id
            RETURNING \(PostgresStore.jobColumns.map { "jobs.\($0)" }.joined(separator: ", "))
        )
        SELECT \(PostgresStore.jobColumns.map { "claimed.\($0)" }.joined(separator: ", ")),
               \(PostgresStore.itemColumns.map { "items.\($0) AS item_\($0)" }.joined(separator: ", ")),
               outs.stages AS out_stages, outs.parts AS out_parts, outs.outputs AS out_outputs
        FROM claimed
        JOIN items ON items.id = claimed.item_id
        LEFT JOIN LATERAL (
            SELECT array_agg(h.stage_id ORDER BY h.id) AS stages, array_agg(h.part::bigint ORDER BY h.id) AS parts,
                   array_agg(COALESCE(h.output, 'null') ORDER BY h.id) AS outputs
            FROM job_history h WHERE h.item_id = claimed.item_id AND h.state = 'done'
        ) outs ON true
        """

    let bindings: PostgresBindings
    init(_ request: ClaimRequest) {
        var b = PostgresBindings(capacity: Self.bindingDataTypes.count)
        let now = PostgresStore.t(request.now)
        b.append(request.pipeline)
        b.append(request.stageID)
        b.append(now)
        b.append(Int64(request.limit))
        b.append(request.owner)
        b.append(now + request.lease)
        bindings = b
    }
    func makeBindings() throws -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) throws -> ClaimedJob {
        let r = PGRow(row.makeRandomAccess())
        let stages = try r.row["out_stages"].decode([String]?.self) ?? []
        let parts = try r.row["out_parts"].decode([Int64]?.self) ?? []
        let outputs = try r.row["out_outputs"].decode([String]?.self) ?? []
        guard stages.count == parts.count, parts.count == outputs.count else {
            throw QuireError(.storage, "PostgreSQL: a claim's outputs came back in arrays of different lengths")
        }
        let finished = zip(stages, zip(parts, outputs)).map { ($0, Int($1.0), PostgresStore.json($1.1) ?? .null) }
        return ClaimedJob(job: PostgresStore.job(r, history: false), item: StoreRows.item(PGStoreRow(r, prefix: "item_")),
                          outputs: Job.stageOutputs(finished))
    }
}

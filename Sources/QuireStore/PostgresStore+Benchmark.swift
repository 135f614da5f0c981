import Foundation
import QuireCore
import PostgresNIO
import NIOCore
import Logging

extension PostgresStore {
    /// PostgreSQL's generic plan for a claim (EXPLAIN, not run), the plan a connection settles on for the
    /// prepared ``ClaimStatement``: it should walk `jobs_claim` under LockRows under Limit, so a claim
    /// reads only the rows it takes. (A generic plan does not depend on the values, so all are NULL;
    /// PostgreSQL 15 has no `EXPLAIN (GENERIC_PLAN)`.)
    public func explainClaim() async throws -> String {
        let name = "quire_explain_claim_\(UInt32.random(in: 0...UInt32.max))"
        let types = ClaimStatement.bindingDataTypes
        return try await transaction { tx in
            try await tx.execute(PostgresQuery(unsafeSQL: "PREPARE \(name) (\(types.compactMap(\.knownSQLName).joined(separator: ", "))) AS \(ClaimStatement.sql)"))
            do {
                try await tx.execute("SET LOCAL plan_cache_mode = force_generic_plan")
                let plan = try await tx.rows(PostgresQuery(unsafeSQL: "EXPLAIN (COSTS OFF) EXECUTE \(name)(\(types.map { _ in "NULL" }.joined(separator: ", ")))"))
                    .map { $0["QUERY PLAN"] as String }.joined(separator: "\n")
                try await tx.execute(PostgresQuery(unsafeSQL: "DEALLOCATE \(name)"))
                return plan
            } catch {
                // Not undone by the rollback: a prepared statement outlives its transaction.
                _ = try? await tx.execute(PostgresQuery(unsafeSQL: "ROLLBACK"))
                _ = try? await tx.execute(PostgresQuery(unsafeSQL: "DEALLOCATE \(name)"))
                throw error
            }
        }
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

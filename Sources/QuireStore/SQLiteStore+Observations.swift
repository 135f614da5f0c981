public import Foundation
import GRDB
public import QuireCore

extension SQLiteStore {
    public func statistics(now: Date) async throws -> StoreStatistics {
        let t = Self.t(now)
        return try await read { db in
            StoreRows.statistics(
                now: t,
                items: try Self.rows(db, "SELECT pipeline, state, COUNT(*) AS n FROM items GROUP BY pipeline, state").map(SQLiteRow.init),
                queued: try Self.rows(db, """
                    SELECT pipeline, stage_id,
                           SUM(CASE WHEN state = 'ready' AND run_at <= ? THEN 1 ELSE 0 END) AS ready,
                           SUM(CASE WHEN state = 'ready' AND run_at > ? THEN 1 ELSE 0 END) AS scheduled,
                           SUM(CASE WHEN state = 'leased' THEN 1 ELSE 0 END) AS leased,
                           MIN(CASE WHEN state = 'ready' AND run_at <= ? THEN run_at END) AS oldest
                    FROM jobs GROUP BY pipeline, stage_id
                    """, arguments: [t, t, t]).map(SQLiteRow.init),
                finished: try Self.rows(db, """
                    SELECT pipeline, stage_id, SUM(CASE WHEN finished_at >= ? THEN 1 ELSE 0 END) AS m, COUNT(*) AS h
                    FROM job_history WHERE finished_at >= ? GROUP BY pipeline, stage_id
                    """, arguments: [t - 60, t - 3600]).map(SQLiteRow.init),
                dead: try Self.rows(db, "SELECT pipeline, stage_id, COUNT(*) AS n FROM job_history WHERE state = 'dead' GROUP BY pipeline, stage_id").map(SQLiteRow.init))
        }
    }

    public func finishedJobs(from: Date, to: Date, after: JobID?, limit: Int) async throws -> [Job] {
        try await read { db in
            try Self.rows(db, "SELECT * FROM job_history WHERE finished_at >= ? AND finished_at < ? AND id > ? ORDER BY id LIMIT ?",
                          arguments: [Self.t(from), Self.t(to), after ?? 0, limit]).map { Self.job($0, history: true) }
        }
    }

    public func events(kinds: [String], from: Date, to: Date, after: Int64?, limit: Int) async throws -> [Event] {
        guard !kinds.isEmpty else { return [] }
        return try await read { db in
            var args: [any DatabaseValueConvertible & Sendable] = kinds
            args += [Self.t(from), Self.t(to), after ?? 0, limit]
            return try Self.rows(db, "SELECT * FROM events WHERE kind IN (\(kinds.map { _ in "?" }.joined(separator: ","))) AND at >= ? AND at < ? AND id > ? ORDER BY id LIMIT ?",
                                 arguments: StatementArguments(args)).map { StoreRows.event(SQLiteRow($0)) }
        }
    }

    public func reviewActions(from: Date, to: Date, limit: Int) async throws -> [ReviewAction] {
        try await read { db in
            try Self.rows(db, "SELECT * FROM review_actions WHERE at >= ? AND at < ? ORDER BY at, id LIMIT ?", arguments: [Self.t(from), Self.t(to), limit]).map { StoreRows.reviewAction(SQLiteRow($0)) }
        }
    }
}

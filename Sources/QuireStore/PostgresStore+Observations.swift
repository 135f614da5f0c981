public import Foundation
public import QuireCore
import PostgresNIO
import NIOCore
import Logging

extension PostgresStore {
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

    public func finishedJobs(from: Date, to: Date, after: JobID?, limit: Int) async throws -> [Job] {
        try await autocommit { tx in
            try await tx.rows("""
                SELECT * FROM job_history WHERE finished_at >= \(Self.t(from)) AND finished_at < \(Self.t(to)) AND id > \(after ?? 0) ORDER BY id LIMIT \(limit)
                """).map { Self.job($0, history: true) }
        }
    }

    public func events(kinds: [String], from: Date, to: Date, after: Int64?, limit: Int) async throws -> [Event] {
        guard !kinds.isEmpty else { return [] }
        return try await autocommit { tx in
            try await tx.rows("""
                SELECT * FROM events WHERE kind = ANY(\(kinds)) AND at >= \(Self.t(from)) AND at < \(Self.t(to)) AND id > \(after ?? 0) ORDER BY id LIMIT \(limit)
                """).map(Self.event)
        }
    }

    public func reviewActions(from: Date, to: Date, limit: Int) async throws -> [ReviewAction] {
        try await autocommit { tx in
            try await tx.rows("SELECT * FROM review_actions WHERE at >= \(Self.t(from)) AND at < \(Self.t(to)) ORDER BY at, id LIMIT \(limit)").map(Self.reviewAction)
        }
    }
}

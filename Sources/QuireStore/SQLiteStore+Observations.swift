public import Foundation
import GRDB
public import QuireCore

extension SQLiteStore {
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

    // MARK: Nodes

    public func heartbeatNode(_ n: NodeRecord) async throws {
        try await write { db in
            try Self.exec(db, """
                INSERT INTO nodes (id, host, pid, version, state, workers, details, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET state = excluded.state, workers = excluded.workers, details = excluded.details, heartbeat_at = excluded.heartbeat_at
                """, arguments: [n.id, n.host, n.pid, n.version, n.state.rawValue, n.workers, n.details.jsonString(), Self.t(n.startedAt), Self.t(n.heartbeatAt)])
        }
    }

    public func nodes() async throws -> [NodeRecord] {
        try await read { db in
            try Self.rows(db, "SELECT * FROM nodes ORDER BY heartbeat_at DESC, id").map { StoreRows.node(SQLiteRow($0)) }
        }
    }
}

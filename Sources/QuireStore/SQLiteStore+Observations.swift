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
                                 arguments: StatementArguments(args)).map { r in
                Event(id: r["id"], itemID: ItemID(r["item_id"]), jobID: r["job_id"], at: Self.d(r["at"]), kind: r["kind"],
                      stageID: r["stage_id"], data: Self.json(r["data"]) ?? .emptyObject)
            }
        }
    }

    public func reviewActions(from: Date, to: Date, limit: Int) async throws -> [ReviewAction] {
        try await read { db in
            try Self.rows(db, "SELECT * FROM review_actions WHERE at >= ? AND at < ? ORDER BY at, id LIMIT ?", arguments: [Self.t(from), Self.t(to), limit]).map { r in
                ReviewAction(item: ItemID(r["item_id"]), action: r["action"], actor: r["actor"], before: Self.json(r["before"]) ?? .null,
                             after: Self.json(r["after"]) ?? .null, reasonCode: r["reason_code"], note: r["note"], seconds: r["seconds"], at: Self.d(r["at"]))
            }
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
            try Self.rows(db, "SELECT * FROM nodes ORDER BY heartbeat_at DESC, id").map { r in
                NodeRecord(id: r["id"], host: r["host"], pid: r["pid"], version: r["version"], state: NodeRecord.State(rawValue: r["state"]) ?? .stopped,
                           workers: r["workers"], details: Self.json(r["details"]) ?? .emptyObject, startedAt: Self.d(r["started_at"]), heartbeatAt: Self.d(r["heartbeat_at"]))
            }
        }
    }
}

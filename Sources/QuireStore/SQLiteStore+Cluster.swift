public import Foundation
import QuireCore
internal import GRDB

extension SQLiteStore {
    public func acquireLeadership(name: String, holder: String, ttl: Double, now: Date) async throws -> Bool {
        try await write { db in
            let t = Self.t(now)
            try Self.exec(db, """
                INSERT INTO leaders (name, holder, expires_at) VALUES (?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                WHERE leaders.holder = excluded.holder OR leaders.expires_at < ?
                """, arguments: [name, holder, t + ttl, t])
            return db.changesCount > 0
        }
    }

    public func recordCronTick(name: String, tick: Date, firedBy: String, now: Date) async throws -> Bool {
        try await write { db in
            try Self.exec(db, "INSERT INTO cron_ticks (name, tick, fired_by, fired_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                           arguments: [name, Self.t(tick), firedBy, Self.t(now)])
            return db.changesCount > 0
        }
    }

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

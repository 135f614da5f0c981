public import Foundation
import QuireCore
import PostgresNIO
import NIOCore
import Logging
import Synchronization

extension PostgresStore {
    public func recordCronTick(name: String, tick: Date, firedBy: String, now: Date) async throws -> Bool {
        try await autocommit { tx in
            try await tx.execute("INSERT INTO cron_ticks (name, tick, fired_by, fired_at) VALUES (\(name), \(Self.t(tick)), \(firedBy), \(Self.t(now))) ON CONFLICT DO NOTHING") > 0
        }
    }

    /// A session advisory lock per name on a connection of its own: PostgreSQL gives the lock up
    /// the moment that connection dies (a killed node), so another node leads at its next check,
    /// not after a lease runs out. Within one process, holders share the lock and the
    /// `leaders` row decides between them as in SQLite; the row also names the leader for
    /// `quire status`.
    public func acquireLeadership(name: String, holder: String, ttl: Double, now: Date) async throws -> Bool {
        let key = Int64(bitPattern: StableHash.fnv1a(Array(("quire-leader:" + name).utf8)))
        var session: LeaderSession
        if let s = leaders.withLock({ $0.byName[name] }) {
            if s.held, s.holder != holder, s.until > now { return false }
            session = s
        } else {
            do {
                session = LeaderSession(connection: try await Self.connect(configuration, logger: logger))
            } catch {
                throw QuireError(.storage, "PostgreSQL (\(location)): cannot open the leadership connection: \(Self.describe(error))", cause: error)
            }
            guard leaders.withLock({ $0.keep(session, as: name) }) else {
                try? await session.connection.close()
                throw QuireError(.storage, "PostgreSQL (\(location)): the store was closed while it asked for leadership of '\(name)'")
            }
        }
        // Held: is the connection (and with it the lock) still there? Not held: may we take it now?
        // A query on a connection the server dropped can wait for ever, hence the time limit.
        let conn = session.connection
        let logger = logger
        let query: PostgresQuery = session.held ? "SELECT true AS ok" : "SELECT pg_try_advisory_lock(\(key)) AS ok"
        let answer = conn.isClosed ? nil : await Self.within(seconds: 5) {
            (try? await conn.query(query, logger: logger).get().rows.first).map { PGRow($0.makeRandomAccess())["ok"] as Bool }
        }
        guard let ok = answer ?? nil else {
            // The connection broke (and took any lock with it): start afresh at the next check.
            leaders.withLock { _ = $0.byName.removeValue(forKey: name) }
            Task.detached { try? await conn.close() }
            return false
        }
        guard ok else { return false }
        session.held = true
        session.holder = holder
        session.until = now.addingTimeInterval(ttl)
        let held = session
        guard leaders.withLock({ $0.keep(held, as: name) }) else {
            try? await conn.close()
            return false
        }
        try await autocommit { tx in
            try await tx.execute("""
                INSERT INTO leaders (name, holder, expires_at) VALUES (\(name), \(holder), \(Self.t(now) + ttl))
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                """)
        }
        return true
    }

    public func heartbeatNode(_ n: NodeRecord) async throws {
        try await autocommit { tx in
            try await tx.execute("""
                INSERT INTO nodes (id, host, pid, version, state, workers, details, started_at, heartbeat_at)
                VALUES (\(n.id), \(n.host), \(n.pid), \(n.version), \(n.state.rawValue), \(n.workers), \(n.details.jsonString()), \(Self.t(n.startedAt)), \(Self.t(n.heartbeatAt)))
                ON CONFLICT (id) DO UPDATE SET state = excluded.state, workers = excluded.workers, details = excluded.details, heartbeat_at = excluded.heartbeat_at
                """)
        }
    }

    public func nodes() async throws -> [NodeRecord] {
        try await autocommit { tx in
            try await tx.rows("SELECT * FROM nodes ORDER BY heartbeat_at DESC, id").map { StoreRows.node(PGStoreRow($0)) }
        }
    }
}

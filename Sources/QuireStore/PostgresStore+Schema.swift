import Foundation
import PostgresNIO
import QuireCore

extension PostgresStore {
    /// ``Migration/all`` in PostgreSQL's dialect, by the same names as on SQLite.
    static let migrations = Migration.rendered(.postgres)

    /// Applies the migrations not applied yet, under a session advisory lock, so nodes that
    /// start together migrate once.
    func migrate() async throws {
        try await client.withConnection { conn in
            let tx = PGTransaction(connection: conn, logger: logger, chain: chain)
            try await tx.execute("SELECT pg_advisory_lock(\(Self.migrationLock))")
            do {
                try await tx.execute("CREATE TABLE IF NOT EXISTS quire_migrations (name text PRIMARY KEY, applied_at double precision NOT NULL)")
                let applied = Set(try await tx.rows("SELECT name FROM quire_migrations").map { $0["name"] as String })
                let known = Set(Self.migrations.map(\.name))
                if let unknown = applied.subtracting(known).sorted().first {
                    throw QuireError(.storage, "the database at \(location) was migrated by a newer Quire (migration \(unknown)); upgrade this node")
                }
                for m in Self.migrations where !applied.contains(m.name) {
                    try await tx.execute("BEGIN")
                    do {
                        for statement in Self.statements(m.sql) { try await tx.execute(PostgresQuery(unsafeSQL: statement)) }
                        try await tx.execute("INSERT INTO quire_migrations (name, applied_at) VALUES (\(m.name), \(Date().timeIntervalSince1970))")
                        try await tx.execute("COMMIT")
                    } catch {
                        _ = try? await tx.execute("ROLLBACK")
                        throw QuireError(.storage, "migration \(m.name) failed on \(location): \(Self.describe(error))", cause: error)
                    }
                }
                try await tx.execute("SELECT pg_advisory_unlock(\(Self.migrationLock))")
            } catch {
                _ = try? await tx.execute("SELECT pg_advisory_unlock(\(Self.migrationLock))")
                throw error
            }
        }
    }

    /// Splits a migration into statements at semicolons outside quotes, `$$` bodies and comments.
    static func statements(_ sql: String) -> [String] {
        var out: [String] = []
        var current = ""
        var quoted = false, dollar = false, comment = false
        var previous: Character = " "
        for ch in sql {
            if comment {
                if ch == "\n" { comment = false }
                previous = ch
                continue
            }
            if !quoted && !dollar && ch == "-" && previous == "-" { current.removeLast(); comment = true; continue }
            if ch == "'" && !dollar { quoted.toggle() }
            if ch == "$" && previous == "$" && !quoted { dollar.toggle() }
            if ch == ";" && !quoted && !dollar {
                let s = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if !s.isEmpty { out.append(s) }
                current = ""
            } else {
                current.append(ch)
            }
            previous = ch
        }
        let s = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !s.isEmpty { out.append(s) }
        return out
    }

    static let migrationLock: Int64 = 0x5155_4952_4501
}

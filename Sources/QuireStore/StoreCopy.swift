import Foundation
import GRDB
import PostgresNIO
import QuireCore

/// Copies an SQLite appliance's whole state into an empty PostgreSQL database (`quire migrate
/// --to`): every table row for row with its ids, the audit chain's head, and the id sequences,
/// in one PostgreSQL transaction (a failure leaves the target empty). Written by hand: no
/// library copies between these two drivers.
public enum StoreCopy {
    /// Tables in an order that satisfies the foreign keys. Leaders, nodes and budget slots are not
    /// copied: they describe running processes, which the copy does not move.
    static let tables = ["items", "jobs", "job_history", "events", "blobs", "cron_ticks", "business_keys", "models", "model_events",
                         "classifications", "training_examples", "reviews", "review_actions", "audit", "tokens", "webhook_deliveries", "webhook_cursor", "vendors"]
    static let skipped = ["leaders", "nodes", "budget_slots"]
    /// Identity columns whose sequences continue after the copied rows.
    static let identities: [(table: String, also: String?)] = [("jobs", "job_history"), ("events", nil), ("model_events", nil), ("classifications", nil),
                                                                 ("review_actions", nil), ("webhook_deliveries", nil)]

    public struct Report: Sendable {
        /// Rows per table: (source, target after the copy).
        public var tables: [(table: String, source: Int, target: Int)] = []
        public var seconds: Double = 0
        public var matches: Bool { tables.allSatisfy { $0.source == $0.target } }
    }

    public static func copy(from source: SQLiteStore, to target: PostgresStore, progress: @escaping @Sendable (String, Int) -> Void = { _, _ in }) async throws -> Report {
        let started = Date()
        // The target must be empty: a second copy would duplicate or clash.
        let existing = try await target.autocommit { tx in
            try await tx.row("SELECT (SELECT COUNT(*) FROM items) + (SELECT COUNT(*) FROM audit) + (SELECT COUNT(*) FROM models) + (SELECT COUNT(*) FROM tokens) AS n")?["n"] as Int? ?? 0
        }
        guard existing == 0 else {
            throw QuireError(.conflict, "the PostgreSQL database at \(target.location) is not empty (\(existing) items, audit entries, models or tokens); copy into a new, empty database")
        }
        // A table added by a later migration and missing from the list would be left behind silently.
        let sourceTables = try await source.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%'")
        }
        if let unknown = Set(sourceTables).subtracting(tables + skipped).sorted().first {
            throw QuireError(.internal, "the SQLite store has a table \(unknown) that this copy does not know; nothing was copied (report this: StoreCopy.tables needs it)")
        }
        var report = Report()
        let columnTypes = try await target.autocommit { tx in
            var types: [String: [String: String]] = [:]
            for r in try await tx.rows("SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema()") {
                types[r["table_name"], default: [:]][r["column_name"]] = r["data_type"]
            }
            return types
        }
        let auditHead = try await source.read { db -> (Int64, String) in
            let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'audit'") ?? 0
            let hash = try String.fetchOne(db, sql: "SELECT hash FROM audit ORDER BY seq DESC LIMIT 1") ?? ""
            return (seq, hash)
        }
        // One transaction for the whole copy, however long it takes: no query deadline.
        try await target.transaction(deadline: false) { tx in
            for table in tables {
                guard let types = columnTypes[table] else { throw QuireError(.storage, "the target has no table \(table); its schema is not Quire's") }
                var last: Int64 = Int64.min
                var copied = 0
                while true {
                    let after = last
                    let (columns, rows): ([String], [(Int64, [DatabaseValue])]) = try await source.read { db in
                        let rows = try Row.fetchAll(db, sql: "SELECT rowid AS quire_rowid, * FROM \(table) WHERE rowid > ? ORDER BY rowid LIMIT 500", arguments: [after])
                        let columns = rows.first.map { Array($0.columnNames.dropFirst()) } ?? []
                        return (columns, rows.map { r in (r["quire_rowid"] as Int64, Array(r.databaseValues.dropFirst())) })
                    }
                    if rows.isEmpty { break }
                    var binds = PostgresBindings()
                    var tuples: [String] = []
                    for (_, values) in rows {
                        var marks: [String] = []
                        for (column, value) in zip(columns, values) {
                            try bind(value, as: types[column] ?? "text", into: &binds, where: "\(table).\(column)")
                            marks.append("$\(binds.count)")
                        }
                        tuples.append("(" + marks.joined(separator: ", ") + ")")
                    }
                    try await tx.execute(PostgresQuery(unsafeSQL: "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES \(tuples.joined(separator: ", "))", binds: binds))
                    copied += rows.count
                    last = rows.last!.0
                    progress(table, copied)
                }
            }
            try await tx.execute("UPDATE audit_head SET seq = \(auditHead.0), hash = \(auditHead.1) WHERE id = 1")
            for (table, also) in identities {
                let maxSQL = also.map { "GREATEST((SELECT MAX(id) FROM \(table)), (SELECT MAX(id) FROM \($0)))" } ?? "(SELECT MAX(id) FROM \(table))"
                try await tx.execute(PostgresQuery(unsafeSQL: "SELECT setval(pg_get_serial_sequence('\(table)', 'id'), COALESCE(\(maxSQL), 0) + 1, false)"))
            }
        }
        for table in tables {
            let s = try await source.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
            let t = try await target.autocommit { tx in try await tx.row(PostgresQuery(unsafeSQL: "SELECT COUNT(*)::bigint AS n FROM \(table)"))?["n"] as Int? ?? 0 }
            report.tables.append((table, s, t))
        }
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    static func bind(_ value: DatabaseValue, as type: String, into binds: inout PostgresBindings, where column: String) throws {
        switch value.storage {
        case .null: binds.appendNull()
        case .int64(let i):
            switch type {
            case "double precision": binds.append(Double(i))
            case "integer": binds.append(Int32(truncatingIfNeeded: i))
            case "text": binds.append(String(i))
            default: binds.append(i)
            }
        case .double(let d):
            switch type {
            case "bigint", "integer": binds.append(Int64(d))
            case "text": binds.append(String(d))
            default: binds.append(d)
            }
        case .string(let s):
            switch type {
            case "bigint": guard let i = Int64(s) else { throw QuireError(.storage, "\(column) holds '\(s)', not a number") }; binds.append(i)
            case "double precision": guard let d = Double(s) else { throw QuireError(.storage, "\(column) holds '\(s)', not a number") }; binds.append(d)
            default: binds.append(s)
            }
        case .blob(let data):
            binds.append(String(decoding: data, as: UTF8.self))
        }
    }
}

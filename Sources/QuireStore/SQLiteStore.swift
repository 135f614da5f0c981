public import Foundation
import QuireCore
internal import GRDB

/// The embedded ``Store`` driver: one SQLite file in WAL mode, written through GRDB.
///
/// Writes use `BEGIN IMMEDIATE` and a busy timeout, so several processes (`quire serve`,
/// `quire drop`, a second scheduler) can share the file. GRDB runs every statement on its
/// own serial queue, off Swift's cooperative pool.
public final class SQLiteStore: Store {
    /// Driver settings with documented defaults.
    public struct Configuration: Sendable {
        /// How long a writer waits for another process's lock before failing (default 10 s).
        public var busyTimeout: Double = 10
        /// `normal` (default) syncs the WAL at checkpoints: a process crash loses nothing, a power
        /// cut may lose the last transactions. Intake always commits with `full` regardless, so an
        /// accepted file is on disk before it leaves the inbox. `full` syncs every commit.
        public var synchronousFull = false
        /// Concurrent readers (default 4).
        public var maximumReaderCount = 4
        public init() {}
    }

    let pool: DatabasePool

    public let path: String

    let synchronousFull: Bool

    static let noDeadline = StoreRows.noDeadline

    /// `auditKey`: the audit trail's HMAC key (`Appliance.open` reads it from the data folder);
    /// nil chains entries with plain SHA-256.
    public init(path: String, configuration: Configuration = Configuration(), auditKey: Data? = nil) throws {
        self.path = path
        let chain = AuditChain(key: auditKey)
        self.synchronousFull = configuration.synchronousFull
        var config = GRDB.Configuration()
        config.busyMode = .timeout(configuration.busyTimeout)
        config.maximumReaderCount = configuration.maximumReaderCount
        config.label = "quire.store"
        let sync = configuration.synchronousFull ? "FULL" : "NORMAL"
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(sync)")
            // Fewer, larger checkpoints (16 MB of WAL) and memory-mapped reads of the first 64 MB. The mapped
            // pages count in the server's RSS: with 256 MB a soak's RSS followed the database's size (110 MB at
            // 3,000 items, 206 MB at 19,500) while the heap stayed at 61–65 MB, which reads as a leak to anyone
            // watching RSS. Past 64 MB, reads go through the page cache as usual.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 4000")
            try db.execute(sql: "PRAGMA mmap_size = 67108864")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            // The audit chain's hash, so that appending inside any transaction needs no key in scope.
            db.add(function: DatabaseFunction("quire_audit_hash", argumentCount: 2, pure: true) { values in
                chain.hash(previous: String.fromDatabaseValue(values[0]) ?? "", canonical: String.fromDatabaseValue(values[1]) ?? "")
            })
        }
        do {
            let dir = (path as NSString).deletingLastPathComponent
            if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
            pool = try DatabasePool(path: path, configuration: config)
            try Self.migrator.migrate(pool)
        } catch {
            throw QuireError(.storage, "cannot open the database at \(path): \(error); check that the folder is writable and the file is a Quire database", cause: error)
        }
    }

    /// One `BEGIN IMMEDIATE` transaction. `durable` commits with `synchronous = FULL`.
    func write<T: Sendable>(durable: Bool = false, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let restore = synchronousFull ? "FULL" : "NORMAL"
        do {
            return try await pool.writeWithoutTransaction { db in
                if durable && !self.synchronousFull { try db.execute(sql: "PRAGMA synchronous = FULL") }
                defer { if durable && !self.synchronousFull { try? db.execute(sql: "PRAGMA synchronous = \(restore)") } }
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch let e as QuireError {
            throw e
        } catch {
            throw QuireError(.storage, "database write failed: \(error)", cause: error)
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch let e as QuireError {
            throw e
        } catch {
            throw QuireError(.storage, "database read failed: \(error)", cause: error)
        }
    }

    // Fixed SQL goes through GRDB's statement cache: compiling a statement (and GRDB's
    // authorizer that runs during compilation) cost more than executing it.
    static func exec(_ db: Database, _ sql: String, arguments: StatementArguments = StatementArguments()) throws {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }

    static func rows(_ db: Database, _ sql: String, arguments: StatementArguments = StatementArguments()) throws -> [Row] {
        try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
    }

    static func row(_ db: Database, _ sql: String, arguments: StatementArguments = StatementArguments()) throws -> Row? {
        try Row.fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }

    static func t(_ d: Date) -> Double { d.timeIntervalSince1970 }

    static func d(_ t: Double) -> Date { Date(timeIntervalSince1970: t) }

    static func json(_ s: String?) -> JSONValue? { StoreRules.json(s) }

    static func item(_ r: Row) -> Item { StoreRows.item(SQLiteRow(r)) }

    static func job(_ r: Row, history: Bool) -> Job { StoreRows.job(SQLiteRow(r), history: history) }

    static func insertJobs(_ db: Database, item: Item, drafts: [JobDraft], now: Date) throws {
        try insertJobs(db, itemID: item.id, pipeline: item.pipeline, drafts: drafts, now: now)
    }

    static func insertJobs(_ db: Database, itemID: ItemID, pipeline: String, drafts: [JobDraft], now: Date) throws {
        for j in drafts {
            try Self.exec(db, """
                INSERT INTO jobs (item_id, pipeline, stage_id, part, kind, state, priority, deadline, run_at, max_attempts, input, created_at)
                VALUES (?, ?, ?, ?, ?, 'ready', ?, ?, ?, ?, ?, ?)
                ON CONFLICT(item_id, stage_id, part) DO NOTHING
                """, arguments: [itemID.rawValue, pipeline, j.stageID, j.part, j.kind, j.priority,
                                 j.deadline.map(t) ?? noDeadline, t(j.runAt), j.maxAttempts, j.input.jsonString(), t(now)])
        }
    }

    static func insertEvent(_ db: Database, item: ItemID, _ e: EventDraft, at: Date) throws {
        try Self.exec(db, "INSERT INTO events (item_id, job_id, at, kind, stage_id, data) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [item.rawValue, e.jobID, t(at), e.kind, e.stageID, e.data.jsonString()])
        if let (action, actor) = StoreRules.auditedEvent(e.kind, data: e.data) {
            var details = e.data.objectValue ?? [:]
            if let s = e.stageID { details["stage"] = .string(s) }
            try appendAudit(db, AuditDraft(actor: actor, action: action, subject: "item:" + item.rawValue, details: .object(details)), at: at)
        }
    }

    /// Outputs of an item's finished stages by stage id: the latest run of each; for a fan-out
    /// stage, the array of its parts' outputs in part order.
    static func outputs(_ db: Database, item: ItemID) throws -> [String: JSONValue] {
        Job.stageOutputs(try Self.rows(db, "SELECT stage_id, part, output FROM job_history WHERE item_id = ? AND state = 'done' ORDER BY id",
                                       arguments: [item.rawValue]).map { r in
            let row = SQLiteRow(r)
            return (row["stage_id"], row["part"], Self.json(row["output"]) ?? .null)
        })
    }

    static func fetchItem(_ db: Database, _ id: ItemID) throws -> Item? {
        try Self.row(db, "SELECT * FROM items WHERE id = ?", arguments: [id.rawValue]).map(item)
    }
}

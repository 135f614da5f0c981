public import Foundation
import QuireCore
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Synchronization

/// The shared ``Store`` driver: one PostgreSQL database that several Quire nodes use at once.
///
/// Transactions run at READ COMMITTED. What SQLite gets from its single writer, this driver
/// gets from row locks: a claim takes ready jobs with `FOR UPDATE SKIP LOCKED` (two nodes
/// never take one job and never wait for each other), a completion locks its job and item,
/// intake serialises same-content items with a transaction-scoped advisory lock, and the audit
/// chain's head is one locked row. A serialization failure or a deadlock is retried. New ready
/// jobs `NOTIFY quire_jobs`, which wakes idle schedulers on every node (``jobWakeups()``); cron
/// leadership is a session advisory lock that PostgreSQL releases the moment the leader's
/// connection dies.
public final class PostgresStore: Store {
    /// Driver settings, from the URL's query (`?pool=20&sslmode=require`) or set directly.
    public struct Configuration: Sendable {
        public enum TLSMode: String, Sendable { case disable, prefer, require, verifyFull = "verify-full" }
        public var host: String = "127.0.0.1"
        public var port: Int = 5432
        /// A Unix socket folder or file (`?host=/run/postgresql`), used instead of TCP when set.
        public var socketPath: String?
        public var user: String = "quire"
        public var password: String?
        public var database: String = "quire"
        /// Connections this process may open (default 10; `?pool=N`).
        public var poolSize: Int = 10
        /// `disable`, `prefer` (default: TLS when the server offers it), `require` (TLS, any
        /// certificate), `verify-full` (TLS, the certificate must name the host; `?sslrootcert=FILE`).
        public var tls: TLSMode = .prefer
        public var rootCertificate: String?
        public var connectTimeout: Double = 10
        /// The most one transaction may take, from having its connection to its commit (default
        /// 30 s; `?query_timeout=SECONDS`, 0 for none). Past it the connection is closed (a network
        /// that stopped answering never answers a cancel either), the transaction fails with a
        /// timeout, and the pool opens a new connection for the next one.
        public var queryTimeout: Double? = 30

        public init() {}

        /// Parses `postgres://user[:password]@host[:port]/database?pool=10&sslmode=prefer&host=/socket/dir`.
        public init(url: String) throws {
            guard let c = URLComponents(string: url), c.scheme == "postgres" || c.scheme == "postgresql" else {
                throw QuireError(.invalidConfiguration, "'\(PostgresStore.redacted(url))' is not a PostgreSQL URL; write postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE")
            }
            self.init()
            if let h = c.host, !h.isEmpty { host = h }
            if let p = c.port { port = p }
            if let u = c.user, !u.isEmpty { user = u.removingPercentEncoding ?? u }
            password = c.password?.removingPercentEncoding ?? c.password
            let db = String(c.path.drop { $0 == "/" })
            if !db.isEmpty { database = db }
            for q in c.queryItems ?? [] {
                let v = q.value ?? ""
                switch q.name {
                case "pool", "pool_size":
                    guard let n = Int(v), n >= 1, n <= 500 else {
                        throw QuireError(.invalidConfiguration, "pool=\(v) in the store URL: give a number of connections from 1 to 500")
                    }
                    poolSize = n
                case "sslmode":
                    guard let m = TLSMode(rawValue: v) else {
                        throw QuireError(.invalidConfiguration, "sslmode=\(v) in the store URL: use disable, prefer, require or verify-full")
                    }
                    tls = m
                case "sslrootcert": rootCertificate = v
                case "host": socketPath = v
                case "connect_timeout":
                    guard let s = Double(v), s > 0 else { throw QuireError(.invalidConfiguration, "connect_timeout=\(v) in the store URL: give seconds") }
                    connectTimeout = s
                case "query_timeout":
                    guard let s = Double(v), s >= 0 else { throw QuireError(.invalidConfiguration, "query_timeout=\(v) in the store URL: give seconds (0: no deadline)") }
                    queryTimeout = s == 0 ? nil : s
                case "password": password = v
                case "user": user = v
                default:
                    throw QuireError(.invalidConfiguration, "unknown option '\(q.name)' in the store URL; known: pool, sslmode, sslrootcert, host, connect_timeout, query_timeout")
                }
            }
        }
    }

    let client: PostgresClient
    let runner: Task<Void, Never>
    let logger: Logger
    let chain: AuditChain
    public let configuration: Configuration
    /// Where the database is, without the password (for messages and `quire status`).
    public let location: String
    static let noDeadline = StoreRows.noDeadline
    /// Transactions one batch of completions is split over (at most half the pool).
    var completionParallelism: Int { max(1, configuration.poolSize / 2) }
    /// Connections that hold session advisory locks (leadership), by lock name; once the store is closed, none is kept.
    let leaders = Mutex(LeaderSessions())

    /// Opens the database and brings its schema up to date.
    public static func open(url: String, auditKey: Data? = nil) async throws -> PostgresStore {
        try await open(configuration: Configuration(url: url), auditKey: auditKey)
    }

    public static func open(configuration: Configuration, auditKey: Data? = nil) async throws -> PostgresStore {
        let store = try PostgresStore(configuration: configuration, auditKey: auditKey)
        do {
            // One direct connection first: the pool waits for a server that is down instead of failing.
            try await store.probe()
            try await store.migrate()
        } catch {
            await store.close()
            throw store.openError(error)
        }
        return store
    }

    init(configuration: Configuration, auditKey: Data?) throws {
        self.configuration = configuration
        self.chain = AuditChain(key: auditKey)
        var log = Logger(label: "quire.store.postgres")
        log.logLevel = .error
        self.logger = log
        location = configuration.socketPath.map { "postgres://\(configuration.user)@/\(configuration.database)?host=\($0)" }
            ?? "postgres://\(configuration.user)@\(configuration.host):\(configuration.port)/\(configuration.database)"
        client = PostgresClient(configuration: try Self.clientConfiguration(configuration), backgroundLogger: log)
        let c = client
        runner = Task.detached { await c.run() }
    }

    static func clientConfiguration(_ c: Configuration) throws -> PostgresClient.Configuration {
        var config: PostgresClient.Configuration
        if let socket = c.socketPath {
            var path = socket
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: socket, isDirectory: &isDir), isDir.boolValue { path = socket + "/.s.PGSQL.\(c.port)" }
            config = .init(unixSocketPath: path, username: c.user, password: c.password, database: c.database)
        } else {
            let tls: PostgresClient.Configuration.TLS
            switch c.tls {
            case .disable: tls = .disable
            case .prefer, .require:
                var t = TLSConfiguration.makeClientConfiguration()
                t.certificateVerification = .none
                tls = c.tls == .prefer ? .prefer(t) : .require(t)
            case .verifyFull:
                var t = TLSConfiguration.makeClientConfiguration()
                if let root = c.rootCertificate {
                    do { t.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(root)) } catch {
                        throw QuireError(.invalidConfiguration, "cannot read the CA certificate \(root) (sslrootcert): \(error)")
                    }
                }
                tls = .require(t)
            }
            config = .init(host: c.host, port: c.port, username: c.user, password: c.password, database: c.database, tls: tls)
        }
        config.options.maximumConnections = c.poolSize
        config.options.minimumConnections = 0
        config.options.connectTimeout = .milliseconds(Int64(c.connectTimeout * 1000))
        return config
    }

    /// Closes every connection (leadership locks go with them).
    public func close() async {
        let sessions = leaders.withLock { l in
            defer { l.byName.removeAll(); l.closed = true }
            return Array(l.byName.values)
        }
        for s in sessions { try? await s.connection.close() }
        runner.cancel()
        _ = await runner.value
    }

    /// The URL with its password replaced by `***`.
    public static func redacted(_ url: String) -> String {
        guard var c = URLComponents(string: url), c.password != nil else { return url }
        c.password = "***"
        return c.string ?? url
    }

    /// Connects once, within the connect timeout, and says why not.
    func probe() async throws {
        let configuration = configuration
        let logger = logger
        let seconds = configuration.connectTimeout
        let outcome: Result<Void, any Error>? = await Self.within(seconds: seconds + 1) {
            do {
                let conn = try await Self.connect(configuration, logger: logger)
                try? await conn.close()
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        switch outcome {
        case .success?: return
        case .failure(let e)?: throw e
        case nil: throw QuireError(.timeout, "no answer from PostgreSQL at \(location) within \(Int(seconds)) s; check that the server runs and that this machine may reach it (a slow network: connect_timeout=SECONDS in the URL)")
        }
    }

    func openError(_ error: any Error) -> QuireError {
        if let q = error as? QuireError { return q }
        return QuireError(.storage, "cannot open the PostgreSQL store at \(location): \(Self.describe(error)); check that the server runs, that the database exists and that the user may connect (see docs/operations.md, PostgreSQL)", cause: error)
    }

    // MARK: Transactions

    /// Whether a deadline closed the connection under a transaction.
    final class Watchdog: Sendable {
        let fired = Mutex(false)
    }

    /// Runs `body` on `conn` within `seconds` (nil: no deadline). When the time is up the
    /// connection is closed, which fails whatever it was waiting for at once, and the caller gets
    /// a timeout error that says what to check. (A query cannot be cancelled by cancelling its task
    /// in postgres-nio, and a server cut off by the network would not answer a cancel request.)
    nonisolated(nonsending) func bounded<T>(_ conn: PostgresConnection, seconds: Double?, call: BoundedCall? = nil, _ body: () async throws -> T) async throws -> T {
        guard let seconds else { return try await body() }
        let dog = Watchdog()
        let timer = conn.eventLoop.scheduleTask(in: .milliseconds(Int64(seconds * 1000))) {
            dog.fired.withLock { $0 = true }
            call?.set(.closed)
            _ = conn.close() as EventLoopFuture<Void>
        }
        defer { timer.cancel() }
        do {
            return try await body()
        } catch {
            guard dog.fired.withLock({ $0 }) else { throw error }
            throw QuireError(.timeout, "PostgreSQL at \(location) did not answer within \(Self.seconds(seconds)); its connection was closed and the next call opens a new one. Check the network and the server's load (a deadline that is too short for a large store: query_timeout=SECONDS in the store URL)", cause: error)
        }
    }

    static func seconds(_ s: Double) -> String { s == s.rounded() ? "\(Int(s)) s" : "\(s) s" }

    /// One transaction on a pooled connection; serialization failures and deadlocks are retried.
    /// `deadline`: false for work that takes as long as it takes (``StoreCopy``), else the
    /// configuration's query timeout bounds it.
    @discardableResult
    func transaction<T: Sendable>(deadline: Bool = true, _ body: @escaping @Sendable (PGTransaction) async throws -> T) async throws -> T {
        try await onConnection(explicit: true, deadline: deadline, body)
    }

    /// Statements outside an explicit transaction (each commits on its own and sees committed
    /// data): reads, and writes that are one statement.
    @discardableResult
    func autocommit<T: Sendable>(_ body: @escaping @Sendable (PGTransaction) async throws -> T) async throws -> T {
        try await onConnection(explicit: false, deadline: true, body)
    }

    /// Where a bounded call was when its hard deadline passed (for the error line).
    enum CallPhase: String, Sendable {
        case waiting = "waiting for a pooled connection"
        case running = "running on a connection"
        case closed = "running on a connection its deadline had closed"
    }

    /// One hard-bounded call: where it is, and the task that runs it.
    final class BoundedCall: Sendable {
        let phase = Mutex(CallPhase.waiting)
        let work = Mutex<Task<Void, Never>?>(nil)
        func set(_ p: CallPhase) { phase.withLock { $0 = p } }
        func cancel() { work.withLock { $0?.cancel() } }
    }

    /// Runs `body` on a pooled connection within the query timeout when `deadline` (see
    /// ``attempts(explicit:limit:call:_:)``), and answers within a hard deadline whatever the
    /// driver does: the query timeout closes the connection, which should fail the call at once,
    /// but waiting for a pooled connection has no deadline of its own, and a call the driver never
    /// ended once held a scheduler's result writer, and with it every later result, for good
    /// (CI, 2026-12-04). Past the hard deadline the call is abandoned (its task cancelled, which
    /// ends a wait for a connection; a statement in flight is left to its connection's deadline)
    /// and the caller gets a timeout, like any other; a write it made may still commit, which is
    /// what fencing tokens and idempotent intake are for.
    func onConnection<T: Sendable>(explicit: Bool, deadline: Bool, _ body: @escaping @Sendable (PGTransaction) async throws -> T) async throws -> T {
        guard deadline, let limit = configuration.queryTimeout else {
            return try await attempts(explicit: explicit, limit: nil, call: nil, body)
        }
        let hard = limit + max(limit, 10)
        let call = BoundedCall()
        let once = Once<Result<T, any Error>>()
        let location = location
        return try await withTaskCancellationHandler {
            try await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, any Error>, Never>) in
                once.set(continuation)
                let timer = MultiThreadedEventLoopGroup.singleton.next().scheduleTask(in: .milliseconds(Int64(hard * 1000))) {
                    let at = call.phase.withLock { $0 }
                    Logger(label: "quire.store").error("a PostgreSQL call did not end within its hard deadline; abandoned", metadata: [
                        "store": "\(location)", "seconds": "\(Self.seconds(hard))", "phase": "\(at.rawValue)"])
                    // The answer first: the cancelled call's own error must not be the one the caller hears.
                    once.resume(.failure(QuireError(.timeout, "PostgreSQL at \(location) did not answer within \(Self.seconds(hard)) (the call was \(at.rawValue)); it was abandoned and the next call starts afresh. Check the network, the server's load and the pool size (?pool=N in the store URL)")))
                    call.cancel()
                }
                let task = Task {
                    let result: Result<T, any Error>
                    do { result = .success(try await self.attempts(explicit: explicit, limit: limit, call: call, body)) } catch { result = .failure(error) }
                    timer.cancel()
                    once.resume(result)
                }
                call.work.withLock { $0 = task }
            }.get()
        } onCancel: {
            call.cancel()
        }
    }

    /// Runs `body` on a pooled connection (inside BEGIN/COMMIT when `explicit`), within `limit`
    /// seconds once it has the connection. A call that never reached the server is made again on
    /// another connection, and so is an explicit transaction that failed on serialization or a deadlock.
    func attempts<T: Sendable>(explicit: Bool, limit: Double?, call: BoundedCall?, _ body: @Sendable (PGTransaction) async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await client.withConnection { conn in
                    call?.set(.running)
                    defer { call?.set(.waiting) }
                    return try await bounded(conn, seconds: limit, call: call) {
                        let tx = PGTransaction(connection: conn, logger: logger, chain: chain)
                        guard explicit else { return try await body(tx) }
                        // BEGIN goes out with the body's first statement instead of taking a round trip of its own:
                        // a connection's statements run in the order they were sent, and its answer is read before
                        // COMMIT. (On a connection that works BEGIN cannot fail; one that is broken fails them all.)
                        let begin = tx.send("BEGIN")
                        do {
                            let value = try await body(tx)
                            _ = try await begin.get()
                            try await tx.execute("COMMIT")
                            return value
                        } catch {
                            _ = try? await tx.execute("ROLLBACK")
                            throw error
                        }
                    }
                }
            } catch let e as QuireError {
                throw e
            } catch {
                if Self.closedBeforeUse(error) && attempt < 8 { continue }
                let state = Self.sqlState(error)
                if explicit, state == "40001" || state == "40P01", attempt < 8 {
                    try await Task.sleep(nanoseconds: UInt64.random(in: 1_000_000...(5_000_000 * UInt64(attempt))))
                    continue
                }
                throw QuireError(.storage, "PostgreSQL (\(location)): \(Self.describe(error))", cause: error)
            }
        }
    }

    /// A pooled connection that a deadline closed an instant before the pool lent it again: the
    /// call never reached the server, so it is made again on another connection. (A connection
    /// closed under a call's own deadline is a timeout, never this.)
    static func closedBeforeUse(_ error: any Error) -> Bool {
        error is ConnectionClosed || (error as? PSQLError)?.code == .clientClosedConnection
    }

    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    static func describe(_ error: any Error) -> String {
        guard let p = error as? PSQLError else { return "\(error)" }
        if let info = p.serverInfo {
            var s = info[.message] ?? "server error"
            if let d = info[.detail] { s += " (\(d))" }
            if let h = info[.hint] { s += "; hint: \(h)" }
            if let c = info[.sqlState] { s += " [\(c)]" }
            return s
        }
        return "\(p.code)\(p.underlying.map { ": \($0)" } ?? "")"
    }

    static func t(_ d: Date) -> Double { d.timeIntervalSince1970 }
    static func d(_ t: Double) -> Date { Date(timeIntervalSince1970: t) }
}

/// A statement was not sent: its connection was closed already.
struct ConnectionClosed: Error, CustomStringConvertible {
    var description: String { "the connection was closed before the statement was sent" }
}

/// One connection inside one transaction (or a plain reading connection).
struct PGTransaction: Sendable {
    let connection: PostgresConnection
    let logger: Logger
    let chain: AuditChain

    /// Sends a statement without waiting for its answer (pipelining); statements on one
    /// connection run in the order they were sent.
    ///
    /// A statement for a connection that is closed already fails at once. (postgres-nio writes
    /// the statement to the channel without a promise: on a channel that has finished closing
    /// the write fails unseen and the statement's answer never comes. That is how a ROLLBACK
    /// after a deadline closed the connection held a scheduler's result writer for good.)
    func send(_ query: PostgresQuery) -> EventLoopFuture<PostgresQueryResult> {
        guard !connection.isClosed else { return connection.eventLoop.makeFailedFuture(ConnectionClosed()) }
        return connection.query(query, logger: logger)
    }

    /// Runs a statement; returns the number of rows it changed.
    @discardableResult
    func execute(_ query: PostgresQuery) async throws -> Int {
        let result = try await send(query).get()
        return result.metadata.rows ?? 0
    }

    func rows(_ query: PostgresQuery) async throws -> [PGRow] {
        try await send(query).get().rows.map { PGRow($0.makeRandomAccess()) }
    }

    func row(_ query: PostgresQuery) async throws -> PGRow? {
        try await rows(query).first
    }

    /// Whether a statement failed on a unique index (run inside a savepoint so the transaction goes on).
    func uniqueViolation(_ savepoint: String, _ query: PostgresQuery) async throws -> Bool {
        try await execute(PostgresQuery(unsafeSQL: "SAVEPOINT \(savepoint)"))
        do {
            try await execute(query)
            try await execute(PostgresQuery(unsafeSQL: "RELEASE SAVEPOINT \(savepoint)"))
            return false
        } catch where PostgresStore.sqlState(error) == "23505" {
            try await execute(PostgresQuery(unsafeSQL: "ROLLBACK TO SAVEPOINT \(savepoint)"))
            return true
        }
    }
}

/// A row read by column name, like GRDB's rows; a column of another type than the schema's is a bug.
struct PGRow: Sendable {
    let row: PostgresRandomAccessRow

    init(_ row: PostgresRandomAccessRow) { self.row = row }

    subscript<T: PostgresDecodable>(_ name: String) -> T {
        do {
            return try row[name].decode(T.self)
        } catch {
            preconditionFailure("PostgreSQL column \(name) does not decode as \(T.self): \(error)")
        }
    }
}

/// A dedicated connection that holds session advisory locks for leadership.
/// A dedicated connection for one leadership lock: kept open while the lock is held, and also
/// while it is not (a node that does not lead asks again each second on the same connection
/// instead of opening a new one, and a new server process, every time).
struct LeaderSession: Sendable {
    let connection: PostgresConnection
    var held = false
    var holder = ""
    var until = Date.distantPast
}

/// The leadership connections, and whether ``PostgresStore/close()`` has run: a connection opened while the store closes
/// is closed at once, never left open in a store nobody closes again.
struct LeaderSessions: Sendable {
    var byName: [String: LeaderSession] = [:]
    var closed = false

    /// Keeps `session` under `name`, unless the store is closed (false: the caller closes its connection).
    mutating func keep(_ session: LeaderSession, as name: String) -> Bool {
        guard !closed else { return false }
        byName[name] = session
        return true
    }
}

// Rows, statements and helpers every capability uses.
extension PostgresStore {
    /// Every column ``job(_:history:)`` reads from `jobs`. (Prepared statements name their columns: a
    /// `*` would change its result when a newer node's migration adds one, which PostgreSQL refuses.)
    static let jobColumns = ["id", "item_id", "pipeline", "stage_id", "part", "kind", "state", "priority", "deadline", "run_at", "attempts",
                             "max_attempts", "lease_owner", "lease_expires_at", "token", "input", "last_error", "created_at", "started_at"]

    /// Every column ``item(_:)`` reads from `items` (for statements that name their columns, as ``jobColumns``).
    static let itemColumns = ["id", "pipeline", "source", "name", "content_hash", "size", "media_type", "state", "priority", "tenant",
                              "external_ref", "idempotency_key", "metadata", "duplicate_of", "reason", "created_at", "updated_at", "version"]

    static func json(_ s: String?) -> JSONValue? { StoreRules.json(s) }

    static func item(_ r: PGRow) -> Item { StoreRows.item(PGStoreRow(r)) }

    static func job(_ r: PGRow, history: Bool) -> Job { StoreRows.job(PGStoreRow(r), history: history) }

    static func event(_ r: PGRow) -> Event { StoreRows.event(PGStoreRow(r)) }

    /// Queues jobs and wakes idle schedulers on every node when any is due now (delivered at commit).
    static func insertJobs(_ tx: PGTransaction, itemID: ItemID, pipeline: String, drafts: [JobDraft], now: Date) async throws {
        for j in drafts { try await tx.execute(jobInsert(itemID: itemID, pipeline: pipeline, draft: j, now: now)) }
        if anyDue(drafts.map(\.runAt), now: now) { try await wake(tx) }
    }

    /// Whether work queued at `now` should wake schedulers (due within a second).
    static func anyDue(_ runAts: [Date], now: Date) -> Bool {
        runAts.contains { $0 <= now.addingTimeInterval(1) }
    }

    static func jobInsert(itemID: ItemID, pipeline: String, draft j: JobDraft, now: Date) -> PostgresQuery {
        """
        INSERT INTO jobs (item_id, pipeline, stage_id, part, kind, state, priority, deadline, run_at, max_attempts, input, created_at)
        VALUES (\(itemID.rawValue), \(pipeline), \(j.stageID), \(j.part), \(j.kind), 'ready', \(j.priority),
                \(j.deadline.map(t) ?? noDeadline), \(t(j.runAt)), \(j.maxAttempts), \(j.input.jsonString()), \(t(now)))
        ON CONFLICT (item_id, stage_id, part) DO NOTHING
        """
    }

    static func wake(_ tx: PGTransaction) async throws {
        try await tx.execute("SELECT pg_notify(\(wakeChannel), '')")
    }

    static let wakeChannel = "quire_jobs"

    static func insertEvent(_ tx: PGTransaction, item: ItemID, _ e: EventDraft, at: Date) async throws {
        try await tx.execute("INSERT INTO events (item_id, job_id, at, kind, stage_id, data) VALUES (\(item.rawValue), \(e.jobID), \(t(at)), \(e.kind), \(e.stageID), \(e.data.jsonString()))")
        if let (action, actor) = StoreRules.auditedEvent(e.kind, data: e.data) {
            var details = e.data.objectValue ?? [:]
            if let s = e.stageID { details["stage"] = .string(s) }
            try await appendAudit(tx, AuditDraft(actor: actor, action: action, subject: "item:" + item.rawValue, details: .object(details)), at: at)
        }
    }

    static func fetchItem(_ tx: PGTransaction, _ id: ItemID, lock: Bool = false) async throws -> Item? {
        try await tx.row(lock ? "SELECT * FROM items WHERE id = \(id.rawValue) FOR UPDATE" : "SELECT * FROM items WHERE id = \(id.rawValue)").map(item)
    }

    static func binds(_ values: (any PostgresDynamicTypeEncodable)?...) -> PostgresBindings {
        var b = PostgresBindings()
        for v in values {
            if let v { b.append(v) } else { b.appendNull() }
        }
        return b
    }
}

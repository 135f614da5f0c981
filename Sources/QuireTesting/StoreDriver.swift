import Foundation
import Synchronization
public import QuireStore
#if canImport(Glibc)
import Glibc
#endif

/// The store drivers the conformance suite runs against.
public enum StoreDriver: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }

    /// A fresh, empty store for one test, and a closure that closes and removes it. PostgreSQL:
    /// one private cluster per test process (started on first use, stopped at exit), a new
    /// database per store.
    public func makeStore() async throws -> (store: any Store, cleanup: @Sendable () async -> Void) {
        switch self {
        case .sqlite:
            let dir = try TemporaryDirectory("quire-store")
            let store = try SQLiteStore(path: dir.file("quire.sqlite"))
            return (store, { dir.remove() })
        case .postgres:
            let (cluster, database) = try SharedPostgres.database()
            let store = try await PostgresStore.open(url: cluster.url(database: database))
            return (store, {
                await store.close()
                _ = cluster.psql("DROP DATABASE IF EXISTS \(database) WITH (FORCE)", database: "postgres")
            })
        }
    }
}

/// One PostgreSQL cluster for the whole test process.
public enum SharedPostgres {
    static let state = Mutex<(cluster: PostgresCluster?, next: Int)>((nil, 0))

    /// The process's cluster (started on first use; stopped when the process exits).
    public static func cluster() throws -> PostgresCluster {
        try state.withLock { s in
            if let c = s.cluster { return c }
            let c = try PostgresCluster.start()
            s.cluster = c
            atexit { SharedPostgres.state.withLock { $0.cluster?.stop() } }
            return c
        }
    }

    /// A new empty database in the shared cluster.
    public static func database() throws -> (PostgresCluster, String) {
        let c = try cluster()
        let name = state.withLock { s in s.next += 1; return "t\(getpid())_\(s.next)" }
        let created = c.psql("CREATE DATABASE \(name)", database: "postgres")
        guard created.status == 0 else { throw PostgresCluster.failure("CREATE DATABASE \(name) failed: \(created.stdout)") }
        return (c, name)
    }
}

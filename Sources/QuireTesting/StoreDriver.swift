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
            let (cluster, database) = try await SharedPostgres.database()
            let store = try await PostgresStore.open(url: cluster.url(database: database))
            return (store, {
                await store.close()
                await SharedPostgres.drop(database, in: cluster)
            })
        }
    }
}

/// One PostgreSQL cluster for the whole test process. Everything that waits for a process
/// (initdb, psql) runs on a Dispatch thread, never on the cooperative pool.
public enum SharedPostgres {
    static let state = Mutex<(cluster: PostgresCluster?, next: Int)>((nil, 0))
    static let starter = Starter()

    actor Starter {
        var task: Task<PostgresCluster, any Error>?
        func cluster() async throws -> PostgresCluster {
            if task == nil {
                task = Task {
                    let c = try await PostgresCluster.started()
                    SharedPostgres.state.withLock { $0.cluster = c }
                    atexit { SharedPostgres.state.withLock { $0.cluster?.stop() } }
                    return c
                }
            }
            return try await task!.value
        }
    }

    /// The process's cluster (started on first use; stopped when the process exits).
    public static func cluster() async throws -> PostgresCluster {
        try await starter.cluster()
    }

    /// A new empty database in the shared cluster.
    public static func database() async throws -> (PostgresCluster, String) {
        let c = try await cluster()
        let name = state.withLock { s in s.next += 1; return "t\(getpid())_\(s.next)" }
        let created = await c.query("CREATE DATABASE \(name)", database: "postgres")
        guard created.status == 0 else { throw PostgresCluster.failure("CREATE DATABASE \(name) failed: \(created.stdout)") }
        return (c, name)
    }

    public static func drop(_ database: String, in cluster: PostgresCluster) async {
        _ = await cluster.query("DROP DATABASE IF EXISTS \(database) WITH (FORCE)", database: "postgres")
    }
}

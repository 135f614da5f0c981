public import Foundation
import Dispatch
import QuireCore
#if canImport(Glibc)
import Glibc
#endif

/// A private PostgreSQL server for one test: `initdb` in a temporary folder, `pg_ctl start` on a
/// free loopback port with its socket in that folder, a database `quire` owned by role `quire`
/// (trust authentication, loopback only), and `stop()` that shuts it down and removes everything.
/// initdb refuses to run as root, so as root (CI) the server runs as the `postgres` user that
/// Debian's package creates. `./install.sh test` installs PostgreSQL.
public final class PostgresCluster: Sendable {
    public let directory: String
    public let port: Int
    public let binaries: String
    /// `postgres://quire@127.0.0.1:<port>/quire`
    public var url: String { url(database: "quire") }

    /// The URL of another database of this cluster (TLS off: the private cluster has no certificate).
    /// A minute to connect: tests share two cores with servers under load.
    public func url(database: String) -> String { "postgres://quire@127.0.0.1:\(port)/\(database)?sslmode=disable&connect_timeout=60" }

    static func failure(_ message: String) -> QuireError { QuireError(.io, message) }

    init(directory: String, port: Int, binaries: String) {
        self.directory = directory
        self.port = port
        self.binaries = binaries
    }

    /// The newest `/usr/lib/postgresql/<version>/bin`, nil when PostgreSQL is not installed.
    public static var installedBinaries: String? {
        let base = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []).compactMap(Int.init).sorted()
        return versions.last.map { "\(base)/\($0)/bin" }.flatMap { FileManager.default.isExecutableFile(atPath: $0 + "/initdb") ? $0 : nil }
    }

    /// A loopback port nobody listens on now.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// Runs a PostgreSQL program as the server's user (postgres when we are root).
    func run(_ program: String, _ args: [String]) -> (status: Int32, stdout: String) {
        let argv = getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--", binaries + "/" + program] + args : [binaries + "/" + program] + args
        return Spawn.output(argv)
    }

    /// Starts a cluster. Throws with what to install when PostgreSQL is missing.
    @available(*, noasync, message: "use `await started()`: this wait holds its thread, and a test's thread is one of the cooperative pool's two")
    public static func start() throws -> PostgresCluster {
        guard let bin = installedBinaries else {
            throw QuireError(.invalidConfiguration, "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); ./install.sh test installs it")
        }
        let dir = "/tmp/quire-pg-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        if getuid() == 0 {
            guard Spawn.run(["/bin/chown", "postgres:postgres", dir]) == 0 else {
                throw QuireError(.io, "cannot give \(dir) to the postgres user; is PostgreSQL's package installed (it creates the user)?")
            }
        }
        let cluster = PostgresCluster(directory: dir, port: freePort(), binaries: bin)
        let initdb = cluster.run("initdb", ["-D", dir + "/data", "-U", "quire", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"])
        guard initdb.status == 0 else {
            try? FileManager.default.removeItem(atPath: dir)
            throw QuireError(.io, "initdb failed (status \(initdb.status)): \(initdb.stdout.suffix(400))")
        }
        let options = "-p \(cluster.port) -k \(dir) -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        let started = cluster.run("pg_ctl", ["-D", dir + "/data", "-o", options, "-l", dir + "/server.log", "-w", "-t", "60", "start"])
        guard started.status == 0 else {
            let log = (try? String(contentsOfFile: dir + "/server.log", encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(atPath: dir)
            throw QuireError(.io, "PostgreSQL did not start on port \(cluster.port): \(started.stdout.suffix(300)) \(log.suffix(400))")
        }
        guard cluster.psql("CREATE DATABASE quire", database: "postgres").status == 0 else {
            cluster.stop()
            throw QuireError(.io, "cannot create the database quire on port \(cluster.port)")
        }
        return cluster
    }

    /// Runs SQL with psql over TCP; the output is unaligned, tuples only.
    @available(*, noasync, message: "use `await query(_:database:)`: this wait holds its thread, and a test's thread is one of the cooperative pool's two")
    public func psql(_ sql: String, database: String = "quire") -> (status: Int32, stdout: String) {
        Spawn.output([binaries + "/psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port), "-U", "quire", "-d", database, "-c", sql])
    }

    /// ``psql(_:database:)`` on a thread of its own: a test waiting for a process must not hold one of
    /// the cooperative pool's threads (two on a two-core machine), or every other test starves.
    public func query(_ sql: String, database: String = "quire") async -> (status: Int32, stdout: String) {
        await OwnThread.run { self.psql(sql, database: database) }
    }

    /// The first row's first column of a query, trimmed ("" on failure).
    public func value(_ sql: String, database: String = "quire") async -> String {
        await query(sql, database: database).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// ``start()`` on a thread of its own (initdb and pg_ctl take seconds).
    public static func started() async throws -> PostgresCluster {
        try await OwnThread.run { try start() }
    }

    /// ``stop()`` on a thread of its own.
    public func stopped() async {
        await OwnThread.run { self.stop() }
    }

    /// Stops the server (fast shutdown) and removes its folder.
    @available(*, noasync, message: "use `await stopped()`: this wait holds its thread, and a test's thread is one of the cooperative pool's two")
    public func stop() {
        _ = run("pg_ctl", ["-D", directory + "/data", "-m", "fast", "-w", "-t", "60", "stop"])
        try? FileManager.default.removeItem(atPath: directory)
    }
}

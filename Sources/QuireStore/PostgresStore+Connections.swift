import Foundation
import QuireCore
import PostgresNIO
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

// Connections outside the pool, and waiting with a time limit.
extension PostgresStore {
    /// The body's result, or nil when it takes longer than `seconds` (the body is left to finish on its own).
    static func within<T: Sendable>(seconds: Double, _ body: @escaping @Sendable () async -> T) async -> T? {
        let once = Once<T?>()
        return await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
            once.set(continuation)
            Task.detached { once.resume(await body()) }
            Task.detached {
                try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
                once.resume(nil)
            }
        }
    }

    /// One connection outside the pool (leadership, LISTEN, probes, creating databases).
    static func connect(_ configuration: Configuration, logger: Logger) async throws -> PostgresConnection {
        try await PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(), configuration: try connectionConfiguration(configuration),
                                             id: Int.random(in: 0...Int.max), logger: logger).get()
    }

    static func connectionConfiguration(_ c: Configuration) throws -> PostgresConnection.Configuration {
        let client = try clientConfiguration(c)
        var config: PostgresConnection.Configuration
        if let path = client.unixSocketPath {
            config = .init(unixSocketPath: path, username: c.user, password: c.password, database: c.database)
            config.options.connectTimeout = .milliseconds(Int64(c.connectTimeout * 1000))
            return config
        }
        let tls: PostgresConnection.Configuration.TLS
        switch c.tls {
        case .disable: tls = .disable
        case .prefer, .require, .verifyFull:
            var t = TLSConfiguration.makeClientConfiguration()
            if c.tls != .verifyFull { t.certificateVerification = .none }
            if let root = c.rootCertificate, let certs = try? NIOSSLCertificate.fromPEMFile(root) { t.trustRoots = .certificates(certs) }
            let context = try NIOSSLContext(configuration: t)
            tls = c.tls == .prefer ? .prefer(context) : .require(context)
        }
        config = .init(host: c.host, port: c.port, username: c.user, password: c.password, database: c.database, tls: tls)
        config.options.connectTimeout = .milliseconds(Int64(c.connectTimeout * 1000))
        return config
    }
}

/// Resumes a continuation once, whoever comes first.
final class Once<T: Sendable>: Sendable {
    let state = Mutex<(continuation: CheckedContinuation<T, Never>?, done: Bool)>((nil, false))

    func set(_ c: CheckedContinuation<T, Never>) { state.withLock { $0.continuation = c } }

    func resume(_ value: T) {
        let c: CheckedContinuation<T, Never>? = state.withLock { s in
            guard !s.done, let c = s.continuation else { return nil }
            s.done = true
            s.continuation = nil
            return c
        }
        c?.resume(returning: value)
    }
}

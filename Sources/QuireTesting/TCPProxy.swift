import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A TCP proxy on loopback between a test's client and a server, that the test can make stall
/// (bytes are held, both ways: a network that stopped answering without closing anything) and
/// resume, or cut (every connection closed at once). Plain sockets and one thread per direction:
/// a test utility, not a server.
public final class TCPProxy: Sendable {
    public let port: Int
    let targetPort: Int
    let listener: Int32
    struct State {
        var stalled = false
        var stopped = false
        var listening = true
        var sockets: Set<Int32> = []
    }
    let state = Mutex(State())

    /// Listens on a free loopback port and forwards each connection to `127.0.0.1:targetPort`.
    public init(targetPort: Int) throws {
        self.targetPort = targetPort
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw PostgresCluster.failure("proxy: socket() failed") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(fd, 64) == 0 else { close(fd); throw PostgresCluster.failure("proxy: cannot listen on loopback") }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        port = Int(UInt16(bigEndian: addr.sin_port))
        listener = fd
        let proxy = self
        Thread.detachNewThread { proxy.acceptLoop() }
    }

    static func loopback(port: Int) -> sockaddr_in {
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_port = UInt16(port).bigEndian
        a.sin_addr.s_addr = inet_addr("127.0.0.1")
        return a
    }

    /// Holds every byte from now on, both ways, without closing anything.
    public func stall() { state.withLock { $0.stalled = true } }
    /// Passes bytes again (held ones first).
    public func resume() { state.withLock { $0.stalled = false } }
    /// Closes every connection through the proxy now (new ones are still accepted). Sockets are
    /// shut down and closed only under the lock, so a descriptor number the process has given to
    /// something else since is never touched.
    public func cutAll() {
        state.withLock { s in
            for fd in s.sockets { shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }
    /// Stops accepting (the accepting thread closes the listener) and cuts every connection.
    public func stop() {
        state.withLock { s in
            s.stopped = true
            if s.listening { shutdown(listener, Int32(SHUT_RDWR)) }
        }
        cutAll()
    }

    func acceptLoop() {
        defer {
            state.withLock { s in
                s.listening = false
                close(listener)
            }
        }
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if state.withLock({ $0.stopped }) { return }
                if errno == EINTR { continue }
                return
            }
            if state.withLock({ $0.stopped }) { close(client); return }
            let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var addr = Self.loopback(port: targetPort)
            let connected = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            guard connected == 0 else { close(client); close(server); continue }
            state.withLock { $0.sockets.formUnion([client, server]) }
            let proxy = self
            // The first direction to end shuts both sockets down, so the other ends too; the second closes them.
            let ended = Mutex(0)
            let finish: @Sendable () -> Void = {
                let count = ended.withLock { n in n += 1; return n }
                proxy.state.withLock { s in
                    if count == 1 {
                        shutdown(client, Int32(SHUT_RDWR))
                        shutdown(server, Int32(SHUT_RDWR))
                    } else {
                        s.sockets.subtract([client, server])
                        close(client)
                        close(server)
                    }
                }
            }
            Thread.detachNewThread { proxy.pump(from: client, to: server); finish() }
            Thread.detachNewThread { proxy.pump(from: server, to: client); finish() }
        }
    }

    func pump(from: Int32, to: Int32) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(from, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            // Stalled: hold this chunk (and, the socket not being read, everything after it).
            while state.withLock({ $0.stalled && !$0.stopped }) { usleep(10_000) }
            var sent = 0
            while sent < n {
                let m = buffer.withUnsafeBytes { send(to, $0.baseAddress! + sent, n - sent, Int32(MSG_NOSIGNAL)) }
                if m <= 0 { return }
                sent += m
            }
        }
    }
}

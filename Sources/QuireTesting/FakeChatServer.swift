public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A small HTTP server on 127.0.0.1 that speaks just enough of the OpenAI chat-completions
/// protocol for tests: it answers each POST with the reply its `behaviour` gives, after an
/// optional delay. It stands in for vLLM / llama.cpp / Ollama; the client under test is real.
public final class FakeChatServer: @unchecked Sendable {
    public enum Behaviour: Sendable {
        /// `{"choices":[{"message":{"content": content}}]}` with HTTP 200.
        case answer(String)
        /// An HTTP status with a short body.
        case status(Int)
        /// Waits this long before answering `content`.
        case slow(Double, String)
        /// HTTP 200 with a body of this many bytes, written until the client hangs up.
        case flood(Int)
        /// HTTP 302 to this address.
        case redirect(String)
    }

    public let port: Int
    private let fd: Int32
    private let lock = NSLock()
    private var _behaviour: Behaviour
    private var _requests: [String] = []
    private var thread: Thread?
    private var stopped = false

    public var behaviour: Behaviour {
        get { lock.lock(); defer { lock.unlock() }; return _behaviour }
        set { lock.lock(); _behaviour = newValue; lock.unlock() }
    }
    /// The request bodies received, oldest first.
    public var requests: [String] { lock.lock(); defer { lock.unlock() }; return _requests }

    public init(behaviour: Behaviour) throws {
        _behaviour = behaviour
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(fd, 16) == 0 else { throw NSError(domain: "FakeChatServer", code: Int(errno)) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        self.port = Int(UInt16(bigEndian: addr.sin_port))
        let t = Thread { [weak self] in self?.serve() }
        thread = t
        t.start()
    }

    public var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    /// Stops listening. Idempotent: the socket is closed once (closing a number twice could close
    /// a descriptor another thread has opened since).
    public func stop() {
        lock.lock()
        let first = !stopped
        stopped = true
        lock.unlock()
        guard first else { return }
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }

    deinit { stop() }

    private func serve() {
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 { return }
            lock.lock(); let done = stopped; lock.unlock()
            if done { close(client); return }
            Thread.detachNewThread { [weak self] in self?.handle(client) }
        }
    }

    private func handle(_ client: Int32) {
        defer { close(client) }
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        // Read headers, then Content-Length bytes of body.
        while true {
            let n = read(client, &buffer, buffer.count)
            if n <= 0 { return }
            data += buffer[0..<n]
            guard let end = String(decoding: data, as: UTF8.self).range(of: "\r\n\r\n") else { continue }
            let head = String(decoding: data, as: UTF8.self)[..<end.lowerBound]
            let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
            let headerBytes = head.utf8.count + 4
            if data.count - headerBytes >= length {
                let body = String(decoding: data[headerBytes..<(headerBytes + length)], as: UTF8.self)
                lock.lock(); _requests.append(body); lock.unlock()
                break
            }
        }
        var status = 200
        var content = ""
        switch behaviour {
        case .answer(let c): content = c
        case .status(let s): status = s
        case .slow(let seconds, let c):
            Thread.sleep(forTimeInterval: seconds)
            content = c
        case .flood(let size):
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(size)\r\nConnection: close\r\n\r\n"
            _ = head.withCString { write(client, $0, strlen($0)) }
            // A client that stops reading must not hold this thread for good: a send waits at most 5 s.
            var wait = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
            let chunk = [UInt8](repeating: 0x20, count: 65536)
            var left = size
            while left > 0 {
                // send with MSG_NOSIGNAL: the client hanging up must not raise SIGPIPE in the test process.
                let n = chunk.withUnsafeBytes { send(client, $0.baseAddress, min(left, chunk.count), Int32(MSG_NOSIGNAL)) }
                if n <= 0 { return }
                left -= n
            }
            return
        case .redirect(let location):
            let head = "HTTP/1.1 302 Found\r\nLocation: \(location)\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            _ = head.withCString { write(client, $0, strlen($0)) }
            return
        }
        let escaped = content.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
        let body = status == 200 ? "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"\(escaped)\"},\"finish_reason\":\"stop\"}]}" : "{\"error\":\"fake\"}"
        let response = "HTTP/1.1 \(status) X\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        _ = response.withCString { write(client, $0, strlen($0)) }
    }
}

public import Foundation
import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import QuireCore
import Synchronization

/// The one way Quire calls out over HTTP: HTTP bots, pipeline webhooks, alert webhooks, model servers,
/// and the CLI against a server (`--server`). async-http-client on a client made once per process, with
///
/// - a cap on the answer's size (`maxResponseBytes`): the body is read up to it and the call fails past
///   it, so a server that answers with gigabytes (broken, or hostile) costs at most that much memory;
/// - one deadline for the whole exchange (connect, send, answer), a `timeout` error past it;
/// - no redirects followed: a bot, webhook or model server is called at the address configured, never
///   at one its answer names (which could be inside the appliance's network); a 3xx is its status.
public enum OutboundHTTP {
    public struct Response: Sendable {
        public var status: Int
        /// Header names in lower case; a repeated header's values joined by ", ".
        public var headers: [String: String]
        public var body: Data
    }

    /// The default cap on an answer: 16 MiB.
    public static let defaultMaxResponseBytes = 16 << 20

    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(10))
        configuration.decompression = .disabled
        // A refused connection fails the call at once (the pool would otherwise retry until the deadline,
        // and a model server that is down would hold every document for its whole timeout).
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// Sends one request and reads the whole answer (up to `maxResponseBytes`). Throws a `QuireError`:
    /// `timeout` past `timeout` seconds, `unsupportedInput` for an answer over `maxResponseBytes`, `io` when the
    /// server cannot be reached.
    public static func send(_ method: String, url: URL, headers: [String: String] = [:], body: Data? = nil, timeout: Double,
                            maxResponseBytes: Int = defaultMaxResponseBytes) async throws -> Response {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let where_ = "\(url.scheme ?? "http")://\(url.host ?? "?")\(url.port.map { ":\($0)" } ?? "")"
        do {
            // One deadline for the whole exchange, head and body. async-http-client's own deadline ends when the
            // head arrives (a body that trickles would hold the caller for good), so the exchange runs as a task
            // that is cancelled at the deadline, and the caller is answered then whether or not it has stopped.
            let ready = request
            return try await answeredBy(seconds: timeout, where_: where_) {
                let response = try await client.execute(ready, deadline: .now() + .milliseconds(Int64(timeout * 1000)))
                var fields: [String: String] = [:]
                for h in response.headers {
                    let name = h.name.lowercased()
                    fields[name] = fields[name].map { $0 + ", " + h.value } ?? h.value
                }
                let buffer: ByteBuffer
                do { buffer = try await response.body.collect(upTo: maxResponseBytes) } catch is NIOTooManyBytesError {
                    throw QuireError(.unsupportedInput, "\(where_) answered with more than \(maxResponseBytes) bytes, more than any answer Quire expects from it; the answer was dropped")
                }
                return Response(status: Int(response.status.code), headers: fields, body: Data(buffer.readableBytesView))
            }
        } catch let e as QuireError {
            throw e
        } catch let e as HTTPClientError where e == .deadlineExceeded || e == .readTimeout || e == .connectTimeout {
            throw QuireError(.timeout, "\(where_) did not answer within \(timeout) s")
        } catch {
            throw QuireError(.io, "cannot reach \(where_): \(error)", cause: error)
        }
    }

    /// Runs `work` as a task of its own and answers with its result, or with a `timeout` error once
    /// `seconds` have passed, cancelling it then without waiting for it to stop.
    static func answeredBy<T: Sendable>(seconds: Double, where_: String, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let once = FirstAnswer<T>()
        let task = Task { try await work() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<T, any Error>) in
                once.slot.withLock { $0 = c }
                Task {
                    let r = await task.result
                    once.slot.withLock { c in c.take() }?.resume(with: r)
                }
                Task {
                    try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                    guard let c = once.slot.withLock({ $0.take() }) else { return }
                    task.cancel()
                    c.resume(throwing: QuireError(.timeout, "\(where_) did not answer within \(seconds) s"))
                }
            }
        } onCancel: {
            task.cancel()
        }
    }
}

/// The caller's continuation, resumed by whichever comes first: the answer or the deadline.
final class FirstAnswer<T: Sendable>: Sendable {
    let slot = Mutex<CheckedContinuation<T, any Error>?>(nil)
}

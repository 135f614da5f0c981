public import Foundation
import QuireCore
import QuireHTTP
import Crypto

/// The `http` bot kind: the same request JSON is POSTed to the bot's URL, signed with
/// HMAC-SHA256 over `<timestamp>.<body>` (headers `Quire-Timestamp` and
/// `Quire-Signature: v1=<hex>`), with `Idempotency-Key` and `traceparent` headers.
///
/// The answer: a 2xx with a result object (`{"status": "done", "output": {...}}`) is that result;
/// a 2xx with any other JSON object (or none) is `done` with that object as output. 400, 403, 404,
/// 409 and 422 are business errors (the request will not work by repeating it); 408, 425, 429,
/// every 5xx, a timeout and a refused connection are application errors (retried). Other
/// statuses are application errors too.
public struct HTTPBotClient: Sendable {
    public init() {}

    /// The signature a receiver recomputes: `v1=` + hex HMAC-SHA256 of `<timestamp>.<body>`.
    public static func signature(secret: String, timestamp: Int, body: Data) -> String {
        var message = Data("\(timestamp).".utf8)
        message.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return "v1=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// The most of an answer read from a bot or webhook receiver (1 MiB: a result object, not a document;
    /// evidence travels as files, not in the answer). A longer answer is an application error.
    public static let maxAnswerBytes = 1 << 20

    /// One JSON POST, signed when there is a secret (`Quire-Timestamp`, `Quire-Signature`): the
    /// request of HTTP bots and of pipeline webhooks. Throws a `timeout` error past `timeout`, and an `io`
    /// error for an answer over ``maxAnswerBytes`` (redirects are not followed: ``OutboundHTTP``).
    public static func post(url: URL, body: Data, secret: String?, timeout: Double, headers: [String: String] = [:]) async throws -> (status: Int, body: Data) {
        let timestamp = Int(Date().timeIntervalSince1970)
        var fields = ["Content-Type": "application/json", "Quire-Timestamp": String(timestamp)]
        if let secret { fields["Quire-Signature"] = signature(secret: secret, timestamp: timestamp, body: body) }
        fields.merge(headers) { _, given in given }
        let answer = try await OutboundHTTP.send("POST", url: url, headers: fields, body: body, timeout: timeout, maxResponseBytes: maxAnswerBytes)
        return (answer.status, answer.body)
    }

    /// Maps an HTTP status and body to a result.
    public static func result(status: Int, body: Data, bot: String) -> BotResult {
        let json = try? JSONValue.parse(body)
        let snippet = BotMessage.quote(String(decoding: body.prefix(300), as: UTF8.self))
        switch status {
        case 200..<300:
            if let json, json["status"] != nil || json["type"] == "result" {
                if let r = try? BotResult(json: json) { return r }
                return .failure("bot_protocol", "bot \(bot) answered \(status) with a result quire cannot read: \(snippet)")
            }
            if let json, json.objectValue != nil { return BotResult(status: .done, output: json) }
            if body.isEmpty || json == nil { return BotResult(status: .done) }
            return .failure("bot_protocol", "bot \(bot) answered \(status) with JSON that is not an object: \(snippet)")
        case 400, 403, 404, 409, 422:
            let message = json?["message"]?.stringValue ?? json?["detail"]?.stringValue ?? snippet
            return BotResult(status: .businessError, code: json?["code"]?.stringValue ?? "http_\(status)", message: "bot \(bot) refused the request (HTTP \(status)): \(message)")
        default:
            return .failure("http_\(status)", "bot \(bot) answered HTTP \(status): \(snippet)")
        }
    }

    public func dispatch(_ manifest: BotManifest, request: BotRequest, secrets: [String: String]) async -> BotRun {
        let started = Date()
        guard let urlText = manifest.url, let url = URL(string: urlText) else {
            return BotRun(result: .failure("bot_not_started", "bot \(manifest.name) has no url"))
        }
        let body = Data(request.json.jsonString().utf8)
        let timeout = max(0.5, min(manifest.timeout, request.deadline.timeIntervalSinceNow))
        var secret: String?
        if let name = manifest.signingSecret {
            guard let value = secrets[name] else {
                return BotRun(result: .failure("secret_missing", "bot \(manifest.name) signs with secret \(name), which is not configured; add it to the secrets file or the environment (docs/bots.md)"))
            }
            secret = value
        }
        var run = BotRun(result: .failure("bot_exited", ""))
        run.transcript.append(.init(direction: .sent, text: "POST \(urlText) " + String(decoding: body, as: UTF8.self)))
        do {
            let (status, data) = try await Self.post(url: url, body: body, secret: secret, timeout: timeout,
                                                     headers: ["Idempotency-Key": request.idempotencyKey, "traceparent": request.traceparent])
            run.transcript.append(.init(direction: .received, text: "HTTP \(status) " + String(decoding: data.prefix(2000), as: UTF8.self)))
            run.result = Self.result(status: status, body: data, bot: manifest.name)
        } catch let e as QuireError where e.code == .timeout {
            run.result = .failure("bot_timeout", "bot \(manifest.name) at \(urlText) did not answer within \(Int(timeout)) s")
        } catch {
            run.result = .failure("bot_unreachable", "bot \(manifest.name) at \(urlText) could not be reached: \(error.localizedDescription)")
        }
        run.seconds = Date().timeIntervalSince(started)
        return run
    }
}

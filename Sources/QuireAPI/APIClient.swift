public import Foundation
public import QuireCore
import QuireHTTP
import QuireStore

/// A client of a running `quire serve`, for CLI commands given `--server`: bearer token, JSON in
/// and out, and problem details turned back into ``QuireError``s with the server's message.
public struct APIClient: Sendable {
    public let base: String
    let token: String
    let timeout: Double

    public init(base: String, token: String, timeout: Double = 60) throws {
        let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
        guard let url = URL(string: trimmed), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            throw QuireError(.invalidArgument, "the server address \(base) is not an http(s) URL such as http://127.0.0.1:8470")
        }
        self.base = trimmed
        self.token = token
        self.timeout = timeout
    }

    /// Reads a token from a file that only its owner can read (as `quire init` writes `admin.token`).
    public static func token(file: String) throws -> String {
        guard let data = try PrivateFile.read(file) else {
            throw QuireError(.invalidConfiguration, "cannot read the token file \(file); create a token with 'quire tokens create --role operator' and save it there (chmod 600)")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw QuireError(.invalidConfiguration, "the token file \(file) is empty") }
        return token
    }

    public struct Response: Sendable {
        public var status: Int
        public var body: JSONValue
        public var headers: [String: String]
        /// The body as text (for answers that are not JSON, such as /metrics).
        public var text: String
    }

    /// The most of an answer read (64 MiB: the longest lists and exports the API pages out are far below it).
    static let maxAnswerBytes = 64 << 20

    /// Sends a request; a problem answer (4xx, 5xx) is thrown as a QuireError with its message.
    @discardableResult
    public func send(_ method: String, _ path: String, json: JSONValue? = nil, body: Data? = nil, contentType: String? = nil,
                     headers: [String: String] = [:], timeout: Double? = nil) async throws -> Response {
        guard let url = URL(string: base + path) else { throw QuireError(.invalidArgument, "bad request path \(path)") }
        var fields = ["Authorization": "Bearer " + token, "User-Agent": "quire-cli/\(QuireVersion.current)"]
        var payload: Data? = nil
        if let json {
            payload = Data(json.compactText.utf8)
            fields["Content-Type"] = "application/json"
        } else if let body {
            payload = body
            fields["Content-Type"] = contentType ?? "application/octet-stream"
        }
        fields.merge(headers) { _, given in given }
        let answer: OutboundHTTP.Response
        do {
            answer = try await OutboundHTTP.send(method, url: url, headers: fields, body: payload, timeout: (timeout ?? self.timeout) + 5, maxResponseBytes: Self.maxAnswerBytes)
        } catch let e as QuireError where e.code == .timeout {
            throw QuireError(.timeout, "\(base) did not answer \(method) \(path) in time: \(e.message)")
        } catch let e as QuireError where e.code == .unsupportedInput {
            throw e
        } catch {
            throw QuireError(.io, "cannot reach quire at \(base): \(error); is 'quire serve' running there, and is --server right?", cause: error)
        }
        let data = answer.body
        let json = (try? JSONValue.parse(data)) ?? .null
        guard (200..<300).contains(answer.status) else {
            let code = json["code"]?.stringValue ?? "http_\(answer.status)"
            let detail = json["detail"]?.stringValue ?? String(decoding: data.prefix(300), as: UTF8.self)
            let message = "the server answered \(answer.status) \(code): \(detail)"
            switch answer.status {
            case 401, 403: throw QuireError(.invalidConfiguration, message)
            case 404: throw QuireError(.notFound, message)
            case 409: throw QuireError(.conflict, message)
            case 400, 413, 415, 422: throw QuireError(.invalidArgument, message)
            case 408, 429, 503, 504: throw QuireError(.timeout, message)
            default: throw QuireError(.internal, message)
            }
        }
        return Response(status: answer.status, body: json, headers: answer.headers, text: String(decoding: data, as: UTF8.self))
    }

    /// A multipart/form-data body of text fields and files, for `POST /v1/items`.
    public static func multipart(fields: [(String, String)], files: [(field: String, name: String, data: Data)]) -> (Data, String) {
        let boundary = "quire-" + UUID().uuidString
        var body = Data()
        func add(_ s: String) { body.append(Data(s.utf8)) }
        for (k, v) in fields {
            add("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n")
        }
        for f in files {
            let safe = f.name.replacingOccurrences(of: "\"", with: "_").replacingOccurrences(of: "\r", with: "_").replacingOccurrences(of: "\n", with: "_")
            add("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(f.field)\"; filename=\"\(safe)\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            body.append(f.data)
            add("\r\n")
        }
        add("--\(boundary)--\r\n")
        return (body, "multipart/form-data; boundary=\(boundary)")
    }
}

public import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
public import QuireCore
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

    /// Sends a request; a problem answer (4xx, 5xx) is thrown as a QuireError with its message.
    @discardableResult
    public func send(_ method: String, _ path: String, json: JSONValue? = nil, body: Data? = nil, contentType: String? = nil,
                     headers: [String: String] = [:], timeout: Double? = nil) async throws -> Response {
        guard let url = URL(string: base + path) else { throw QuireError(.invalidArgument, "bad request path \(path)") }
        var request = URLRequest(url: url, timeoutInterval: timeout ?? self.timeout)
        request.httpMethod = method
        request.setValue("Bearer " + token, forHTTPHeaderField: "Authorization")
        request.setValue("quire-cli/\(QuireVersion.current)", forHTTPHeaderField: "User-Agent")
        if let json {
            request.httpBody = Data(json.compactText.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        } else if let body {
            request.httpBody = body
            request.setValue(contentType ?? "application/octet-stream", forHTTPHeaderField: "Content-Type")
        }
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        let ready = request
        let data: Data, response: URLResponse
        do {
            (data, response) = try await withTimeout((timeout ?? self.timeout) + 5) { try await URLSession.shared.data(for: ready) }
        } catch let e as QuireError {
            throw QuireError(.timeout, "\(base) did not answer \(method) \(path) in time: \(e.message)")
        } catch {
            throw QuireError(.io, "cannot reach quire at \(base): \(error.localizedDescription); is 'quire serve' running there, and is --server right?", cause: error)
        }
        guard let http = response as? HTTPURLResponse else { throw QuireError(.io, "\(base) did not answer over HTTP") }
        var fields: [String: String] = [:]
        for (k, v) in http.allHeaderFields { fields[String(describing: k).lowercased()] = String(describing: v) }
        let json = (try? JSONValue.parse(data)) ?? .null
        guard (200..<300).contains(http.statusCode) else {
            let code = json["code"]?.stringValue ?? "http_\(http.statusCode)"
            let detail = json["detail"]?.stringValue ?? String(decoding: data.prefix(300), as: UTF8.self)
            let message = "the server answered \(http.statusCode) \(code): \(detail)"
            switch http.statusCode {
            case 401, 403: throw QuireError(.invalidConfiguration, message)
            case 404: throw QuireError(.notFound, message)
            case 409: throw QuireError(.conflict, message)
            case 400, 413, 415, 422: throw QuireError(.invalidArgument, message)
            case 408, 429, 503, 504: throw QuireError(.timeout, message)
            default: throw QuireError(.internal, message)
            }
        }
        return Response(status: http.statusCode, body: json, headers: fields, text: String(decoding: data, as: UTF8.self))
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

import Foundation
import QuireAPI
import QuireCore

/// What the CLI asks a running `quire serve` for when given `--server` (see ``ServerOptions``).
enum Remote {
    static func escape(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? s }
    static func query(_ pairs: [(String, String)]) -> String {
        let q = pairs.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+"))) ?? $0.1)" }
        return q.isEmpty ? "" : "?" + q.joined(separator: "&")
    }

    static func decode<T: Decodable>(_ type: T.Type, _ value: JSONValue) throws -> T {
        let dec = JSONDecoder()
        dec.dateDecodingStrategy = .iso8601
        do { return try dec.decode(T.self, from: Data(value.jsonString().utf8)) } catch {
            throw QuireError(.internal, "the server's answer does not match this quire's version (\(error)); use a quire of the server's version")
        }
    }

    /// `GET /v1/items`, following the cursor until `limit` items are in.
    static func items(_ client: APIClient, pipeline: String?, states: [String], limit: Int) async throws -> [Item] {
        var out: [Item] = []
        var cursor: String? = nil
        repeat {
            var q: [(String, String)] = [("limit", String(min(500, limit - out.count)))]
            if let pipeline { q.append(("pipeline", pipeline)) }
            if !states.isEmpty { q.append(("state", states.joined(separator: ","))) }
            if let cursor { q.append(("cursor", cursor)) }
            let r = try await client.send("GET", "/v1/items" + query(q))
            out += try decode([Item].self, r.body["items"] ?? [])
            cursor = r.body["next_cursor"]?.stringValue
        } while cursor != nil && out.count < limit
        return out
    }

    static func item(_ client: APIClient, id: String) async throws -> (Item, [Job], [Event]) {
        let path = "/v1/items/" + escape(id)
        let item = try decode(Item.self, try await client.send("GET", path).body)
        let jobs = try decode([Job].self, try await client.send("GET", path + "/jobs").body["jobs"] ?? [])
        let events = try decode([Event].self, try await client.send("GET", path + "/events").body["events"] ?? [])
        return (item, jobs, events)
    }
}

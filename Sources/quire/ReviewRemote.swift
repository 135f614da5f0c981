import Foundation
import QuireAPI
import QuireAppliance
import QuireCore
import QuireReview

/// `quire review --server`: the review screen over a server's API, as the token's name (the server
/// records who did what by the token, whatever `--as` says).
struct HTTPReviewBackend: ReviewBackend {
    let client: APIClient

    var validator: FieldValidator? { Appliance.fieldValidator }

    static func path(_ id: ItemID, _ rest: String = "") -> String { "/v1/reviews/\(Remote.escape(id.rawValue))\(rest)" }

    func rows(queue: String?) async throws -> [QueueRow] {
        let answer = try await client.send("GET", "/v1/reviews/queue" + Remote.query(queue.map { [("queue", $0)] } ?? []))
        return try (answer.body["rows"]?.arrayValue ?? []).map { try QueueRow(json: $0) }
    }

    func claim(reviewer: String, queue: String?, item: ItemID?) async throws -> ItemDetail? {
        // The next in the queue is the first row that is open (the server claims by item).
        var id = item
        if id == nil { id = try await rows(queue: queue).first { $0.review.state == .open }?.review.item }
        guard let id else { return nil }
        do {
            try await client.send("POST", Self.path(id, "/claim"))
        } catch let e as QuireError where e.code == .conflict {
            return nil
        }
        return try ItemDetail(json: try await client.send("GET", Self.path(id, "/detail")).body)
    }

    func heartbeat(_ item: ItemID, reviewer: String) async throws {
        try await client.send("POST", Self.path(item, "/heartbeat"))
    }

    func submit(_ item: ItemID, _ body: [String: JSONValue]) async throws -> JSONValue {
        try await client.send("POST", Self.path(item, "/submit"), json: .object(body)).body
    }

    func approve(_ item: ItemID, reviewer: String, version: Int, corrections: [String: JSONValue], documentType: String?,
                 total: JSONValue?, fourEyesAbove: Double?, original: [String: JSONValue], started: Date?) async throws -> Bool {
        var body: [String: JSONValue] = ["action": "approve", "version": .number(Double(version)), "corrections": .object(corrections)]
        if let documentType { body["document_type"] = .string(documentType) }
        if let started { body["seconds"] = Self.seconds(since: started) }
        return try await submit(item, body)["state"] == "decided"
    }

    func reject(_ item: ItemID, reviewer: String, version: Int, reason: String, note: String?, started: Date?) async throws {
        var body: [String: JSONValue] = ["action": "reject", "version": .number(Double(version)), "reason": .string(reason)]
        if let note { body["note"] = .string(note) }
        if let started { body["seconds"] = Self.seconds(since: started) }
        _ = try await submit(item, body)
    }

    /// Seconds since the screen opened the item, to a tenth (what the server records as handle time).
    static func seconds(since started: Date) -> JSONValue { .number(min(86_400, max(0, (Date().timeIntervalSince(started) * 10).rounded() / 10))) }

    func skip(_ item: ItemID, reviewer: String) async throws {
        // (A skip gives the claim back whatever the version; the route asks for one all the same.)
        _ = try await submit(item, ["action": "skip", "version": 0])
    }

    func escalate(_ item: ItemID, reviewer: String, version: Int, to queue: String, comment: String) async throws {
        _ = try await submit(item, ["action": "escalate", "version": .number(Double(version)), "queue": .string(queue), "comment": .string(comment)])
    }

    func release(_ item: ItemID, by supervisor: String, note: String) async throws {
        try await client.send("POST", Self.path(item, "/release"), json: ["note": .string(note)])
    }

    func picture(_ item: ItemID, _ request: PictureRequest) async throws -> PagePicture {
        try PagePicture(json: try await client.send("POST", Self.path(item, "/picture"), json: request.json).body)
    }
}

public import Foundation
public import QuireCore

/// Webhooks (migration v6-webhooks): the items' change feed and a durable delivery log.
public protocol WebhookStore: Sendable {
    /// Items changed after the cursor `(updatedAt, id)`, oldest change first.
    func itemsChanged(after cursor: ItemCursor?, limit: Int) async throws -> [Item]
    func webhookCursor(_ name: String) async throws -> ItemCursor?
    /// Queues deliveries (one per item, event, item version and URL; repeats are ignored) and moves the cursor, in one transaction.
    func enqueueWebhooks(_ deliveries: [WebhookDelivery], cursor: (name: String, at: ItemCursor)?) async throws
    /// Deliveries due now, claimed for a minute (so two processes do not send one twice).
    func dueWebhooks(now: Date, limit: Int) async throws -> [WebhookDelivery]
    /// Records an attempt: delivered, or failed with the time of the next try (nil: give up).
    func recordWebhookAttempt(id: Int64, status: Int?, error: String?, delivered: Bool, nextAt: Date?, now: Date) async throws
    func webhookDeliveries(item: ItemID?, states: [String]?, limit: Int) async throws -> [WebhookDelivery]
    /// Queues a delivery again now (replay); returns it.
    func replayWebhook(id: Int64, by actor: String, now: Date) async throws -> WebhookDelivery
}

/// A position in the items' change order: `(updated_at, id)`.
public struct ItemCursor: Sendable, Hashable {
    public var updatedAt: Date
    public var item: ItemID
    public init(updatedAt: Date, item: ItemID) {
        self.updatedAt = updatedAt
        self.item = item
    }
}

/// One webhook call of an item's event, with its attempts.
public struct WebhookDelivery: Sendable, Hashable {
    public var id: Int64
    public var pipeline: String
    public var item: ItemID
    public var event: String
    public var itemVersion: Int
    public var url: String
    /// The name of the secret that signs it (never its value).
    public var secret: String
    public var payload: JSONValue
    /// pending, delivered or failed.
    public var state: String
    public var attempts: Int
    public var nextAt: Date
    public var lastStatus: Int?
    public var lastError: String?
    public var createdAt: Date
    public var deliveredAt: Date?

    public init(id: Int64 = 0, pipeline: String, item: ItemID, event: String, itemVersion: Int, url: String, secret: String, payload: JSONValue,
                state: String = "pending", attempts: Int = 0, nextAt: Date, lastStatus: Int? = nil, lastError: String? = nil, createdAt: Date, deliveredAt: Date? = nil) {
        self.id = id
        self.pipeline = pipeline
        self.item = item
        self.event = event
        self.itemVersion = itemVersion
        self.url = url
        self.secret = secret
        self.payload = payload
        self.state = state
        self.attempts = attempts
        self.nextAt = nextAt
        self.lastStatus = lastStatus
        self.lastError = lastError
        self.createdAt = createdAt
        self.deliveredAt = deliveredAt
    }
}

extension WebhookDelivery {
    /// The delivery as `quire webhooks list --json` and `GET /v1/webhooks` show it (without its payload;
    /// the secret by name only).
    public var exported: JSONValue {
        let f = ISO8601DateFormatter()
        return .object([
            "id": .number(Double(id)), "item": .string(item.rawValue), "pipeline": .string(pipeline), "event": .string(event),
            "url": .string(url), "state": .string(state), "attempts": .number(Double(attempts)),
            "last_status": lastStatus.map { .number(Double($0)) } ?? .null, "last_error": lastError.map(JSONValue.string) ?? .null,
            "next_at": .string(f.string(from: nextAt)), "created_at": .string(f.string(from: createdAt)),
            "delivered_at": deliveredAt.map { .string(f.string(from: $0)) } ?? .null,
        ])
    }

    /// The delivery states a filter may name.
    public static let states = ["pending", "delivered", "failed"]
}

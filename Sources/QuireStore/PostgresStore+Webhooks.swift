public import Foundation
public import QuireCore
import PostgresNIO
import NIOCore
import Logging

extension PostgresStore {
    static func delivery(_ r: PGRow) -> WebhookDelivery { StoreRows.delivery(PGStoreRow(r)) }

    public func itemsChanged(after cursor: ItemCursor?, limit: Int) async throws -> [Item] {
        try await autocommit { tx in
            guard let c = cursor else { return try await tx.rows("SELECT * FROM items ORDER BY updated_at, id LIMIT \(limit)").map(Self.item) }
            return try await tx.rows("SELECT * FROM items WHERE (updated_at, id) > (\(Self.t(c.updatedAt)), \(c.item.rawValue)) ORDER BY updated_at, id LIMIT \(limit)").map(Self.item)
        }
    }

    public func webhookCursor(_ name: String) async throws -> ItemCursor? {
        try await autocommit { tx in
            try await tx.row("SELECT * FROM webhook_cursor WHERE name = \(name)").map { ItemCursor(updatedAt: Self.d($0["updated_at"]), item: ItemID($0["item_id"] as String)) }
        }
    }

    public func enqueueWebhooks(_ deliveries: [WebhookDelivery], cursor: (name: String, at: ItemCursor)?) async throws {
        let cursor = cursor.map { (name: $0.name, at: $0.at) }
        try await transaction { tx in
            for d in deliveries {
                try await tx.execute("""
                    INSERT INTO webhook_deliveries (pipeline, item_id, event, item_version, url, secret, payload, state, attempts, next_at, created_at)
                    VALUES (\(d.pipeline), \(d.item.rawValue), \(d.event), \(d.itemVersion), \(d.url), \(d.secret), \(d.payload.jsonString()), 'pending', 0, \(Self.t(d.nextAt)), \(Self.t(d.createdAt)))
                    ON CONFLICT DO NOTHING
                    """)
            }
            if let c = cursor {
                try await tx.execute("""
                    INSERT INTO webhook_cursor (name, updated_at, item_id) VALUES (\(c.name), \(Self.t(c.at.updatedAt)), \(c.at.item.rawValue))
                    ON CONFLICT (name) DO UPDATE SET updated_at = excluded.updated_at, item_id = excluded.item_id
                    """)
            }
        }
    }

    public func dueWebhooks(now: Date, limit: Int) async throws -> [WebhookDelivery] {
        // Claimed for a minute, skipping rows another node is claiming: no delivery is sent twice at once.
        try await transaction { tx in
            let due = try await tx.rows("""
                SELECT * FROM webhook_deliveries WHERE state = 'pending' AND next_at <= \(Self.t(now)) ORDER BY next_at, id LIMIT \(limit) FOR UPDATE SKIP LOCKED
                """).map(Self.delivery)
            if !due.isEmpty {
                try await tx.execute("UPDATE webhook_deliveries SET next_at = \(Self.t(now.addingTimeInterval(60))) WHERE id = ANY(\(due.map(\.id)))")
            }
            return due
        }
    }

    public func recordWebhookAttempt(id: Int64, status: Int?, error: String?, delivered: Bool, nextAt: Date?, now: Date) async throws {
        try await autocommit { tx in
            try await tx.execute("""
                UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = \(status), last_error = \(error),
                    state = \(delivered ? "delivered" : (nextAt == nil ? "failed" : "pending")), next_at = COALESCE(\(nextAt.map(Self.t)), next_at),
                    delivered_at = \(delivered ? Self.t(now) : nil) WHERE id = \(id)
                """)
        }
    }

    public func webhookDeliveries(item: ItemID?, states: [String]?, limit: Int) async throws -> [WebhookDelivery] {
        try await autocommit { tx in
            try await tx.rows("""
                SELECT * FROM webhook_deliveries WHERE (\(item?.rawValue)::text IS NULL OR item_id = \(item?.rawValue))
                    AND (\(states == nil || states!.isEmpty) OR state = ANY(\(states ?? [])))
                ORDER BY id DESC LIMIT \(limit)
                """).map(Self.delivery)
        }
    }

    public func replayWebhook(id: Int64, by actor: String, now: Date) async throws -> WebhookDelivery {
        try await transaction { tx in
            guard let d = try await tx.row("SELECT * FROM webhook_deliveries WHERE id = \(id) FOR UPDATE").map(Self.delivery) else {
                throw QuireError(.notFound, "no webhook delivery \(id); list them with 'quire webhooks list'")
            }
            try await tx.execute("UPDATE webhook_deliveries SET state = 'pending', next_at = \(Self.t(now)), attempts = 0 WHERE id = \(id)")
            try await Self.appendAudit(tx, AuditDraft(actor: actor, action: "webhook.replay", subject: "item:" + d.item.rawValue,
                                                      details: ["delivery": .number(Double(id)), "event": .string(d.event), "url": .string(d.url)]), at: now)
            return Self.delivery(try await tx.row("SELECT * FROM webhook_deliveries WHERE id = \(id)")!)
        }
    }
}

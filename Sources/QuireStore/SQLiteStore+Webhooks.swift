public import Foundation
import GRDB
public import QuireCore

extension SQLiteStore {
    static func delivery(_ r: Row) -> WebhookDelivery { StoreRows.delivery(SQLiteRow(r)) }

    public func itemsChanged(after cursor: ItemCursor?, limit: Int) async throws -> [Item] {
        try await read { db in
            guard let c = cursor else {
                return try Self.rows(db, "SELECT * FROM items ORDER BY updated_at, id LIMIT ?", arguments: [limit]).map(Self.item)
            }
            return try Self.rows(db, "SELECT * FROM items WHERE (updated_at, id) > (?, ?) ORDER BY updated_at, id LIMIT ?",
                                 arguments: [Self.t(c.updatedAt), c.item.rawValue, limit]).map(Self.item)
        }
    }

    public func webhookCursor(_ name: String) async throws -> ItemCursor? {
        try await read { db in
            try Self.row(db, "SELECT * FROM webhook_cursor WHERE name = ?", arguments: [name]).map {
                ItemCursor(updatedAt: Date(timeIntervalSince1970: $0["updated_at"]), item: ItemID($0["item_id"] as String))
            }
        }
    }

    public func enqueueWebhooks(_ deliveries: [WebhookDelivery], cursor: (name: String, at: ItemCursor)?) async throws {
        try await write { db in
            for d in deliveries {
                try Self.exec(db, """
                    INSERT OR IGNORE INTO webhook_deliveries (pipeline, item_id, event, item_version, url, secret, payload, state, attempts, next_at, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)
                    """, arguments: [d.pipeline, d.item.rawValue, d.event, d.itemVersion, d.url, d.secret, d.payload.jsonString(), Self.t(d.nextAt), Self.t(d.createdAt)])
            }
            if let c = cursor {
                try Self.exec(db, "INSERT INTO webhook_cursor (name, updated_at, item_id) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET updated_at = excluded.updated_at, item_id = excluded.item_id",
                              arguments: [c.name, Self.t(c.at.updatedAt), c.at.item.rawValue])
            }
        }
    }

    public func dueWebhooks(now: Date, limit: Int) async throws -> [WebhookDelivery] {
        // Claimed for a minute: another process sharing the store does not send them at the same time.
        try await write { db in
            let due = try Self.rows(db, "SELECT * FROM webhook_deliveries WHERE state = 'pending' AND next_at <= ? ORDER BY next_at, id LIMIT ?",
                                    arguments: [Self.t(now), limit]).map(Self.delivery)
            for d in due {
                try Self.exec(db, "UPDATE webhook_deliveries SET next_at = ? WHERE id = ?", arguments: [Self.t(now.addingTimeInterval(60)), d.id])
            }
            return due
        }
    }

    public func recordWebhookAttempt(id: Int64, status: Int?, error: String?, delivered: Bool, nextAt: Date?, now: Date) async throws {
        try await write { db in
            try Self.exec(db, """
                UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = ?, last_error = ?,
                    state = ?, next_at = COALESCE(?, next_at), delivered_at = ? WHERE id = ?
                """, arguments: [status, error, delivered ? "delivered" : (nextAt == nil ? "failed" : "pending"), nextAt.map(Self.t),
                                 delivered ? Self.t(now) : nil, id])
        }
    }

    public func webhookDeliveries(item: ItemID?, states: [String]?, limit: Int) async throws -> [WebhookDelivery] {
        try await read { db in
            var sql = "SELECT * FROM webhook_deliveries WHERE 1 = 1"
            var args: [(any DatabaseValueConvertible)?] = []
            if let item { sql += " AND item_id = ?"; args.append(item.rawValue) }
            if let states, !states.isEmpty { sql += " AND state IN (\(states.map { _ in "?" }.joined(separator: ", ")))"; args += states }
            sql += " ORDER BY id DESC LIMIT ?"
            args.append(limit)
            return try Self.rows(db, sql, arguments: StatementArguments(args)).map(Self.delivery)
        }
    }

    public func replayWebhook(id: Int64, by actor: String, now: Date) async throws -> WebhookDelivery {
        try await write { db in
            guard let d = try Self.row(db, "SELECT * FROM webhook_deliveries WHERE id = ?", arguments: [id]).map(Self.delivery) else {
                throw QuireError(.notFound, "no webhook delivery \(id); list them with 'quire webhooks list'")
            }
            try Self.exec(db, "UPDATE webhook_deliveries SET state = 'pending', next_at = ?, attempts = 0 WHERE id = ?", arguments: [Self.t(now), id])
            try Self.appendAudit(db, AuditDraft(actor: actor, action: "webhook.replay", subject: "item:" + d.item.rawValue,
                                                details: ["delivery": .number(Double(id)), "event": .string(d.event), "url": .string(d.url)]), at: now)
            return try Self.row(db, "SELECT * FROM webhook_deliveries WHERE id = ?", arguments: [id]).map(Self.delivery)!
        }
    }
}

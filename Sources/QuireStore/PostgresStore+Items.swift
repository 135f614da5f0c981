public import Foundation
public import QuireCore
import PostgresNIO
import NIOCore
import Logging

extension PostgresStore {
    public func intake(_ request: IntakeRequest) async throws -> IntakeResult {
        try await transaction { tx in
            let i = request.item
            if let key = request.intakeKey, let existing = try await tx.row("SELECT * FROM items WHERE intake_key = \(key)") {
                return .existing(Self.item(existing))
            }
            if let key = i.idempotencyKey,
               let existing = try await tx.row("SELECT * FROM items WHERE pipeline = \(i.pipeline) AND idempotency_key = \(key) AND COALESCE(tenant, '') = \(i.tenant ?? "")") {
                return .existing(Self.item(existing))
            }
            var item = i
            var original: Item?
            if request.deduplicate {
                // Two nodes taking in the same bytes at once: the second waits here and sees the first.
                try await tx.execute("SELECT pg_advisory_xact_lock(hashtextextended(\(i.pipeline + "\u{1}" + (i.tenant ?? "") + "\u{1}" + i.contentHash), 0))")
                if let row = try await tx.row("""
                    SELECT * FROM items WHERE pipeline = \(i.pipeline) AND content_hash = \(i.contentHash) AND COALESCE(tenant, '') = \(i.tenant ?? "")
                        AND state != 'duplicate' ORDER BY created_at LIMIT 1
                    """) {
                    original = Self.item(row)
                    item.state = .duplicate
                    item.duplicateOf = original!.id
                    item.reason = "same content as \(original!.id)"
                }
            }
            let conflict = try await tx.uniqueViolation("intake", """
                INSERT INTO items (id, pipeline, source, name, content_hash, size, media_type, state, priority, tenant, external_ref,
                                   idempotency_key, intake_key, metadata, duplicate_of, reason, created_at, updated_at, version)
                VALUES (\(item.id.rawValue), \(item.pipeline), \(item.source.rawValue), \(item.name), \(item.contentHash), \(item.size),
                        \(item.mediaType), \(item.state.rawValue), \(item.priority), \(item.tenant), \(item.externalRef),
                        \(item.idempotencyKey), \(request.intakeKey), \(item.metadata.jsonString()), \(item.duplicateOf?.rawValue),
                        \(item.reason), \(Self.t(item.createdAt)), \(Self.t(item.updatedAt)), 1)
                """)
            if conflict {
                // Another node took the same intake or idempotency key in the meantime: its item wins.
                if let key = request.intakeKey, let existing = try await tx.row("SELECT * FROM items WHERE intake_key = \(key)") {
                    return .existing(Self.item(existing))
                }
                if let key = i.idempotencyKey,
                   let existing = try await tx.row("SELECT * FROM items WHERE pipeline = \(i.pipeline) AND idempotency_key = \(key) AND COALESCE(tenant, '') = \(i.tenant ?? "")") {
                    return .existing(Self.item(existing))
                }
                throw QuireError(.conflict, "item \(item.id) exists already")
            }
            try await tx.execute("INSERT INTO blobs (hash, size, created_at) VALUES (\(item.contentHash), \(item.size), \(Self.t(item.createdAt))) ON CONFLICT (hash) DO NOTHING")
            if let original {
                try await Self.insertEvent(tx, item: item.id, EventDraft(kind: "duplicate", data: ["original": .string(original.id.rawValue), "name": .string(item.name)]), at: item.createdAt)
                try await Self.insertEvent(tx, item: original.id, EventDraft(kind: "duplicate_received", data: ["duplicate": .string(item.id.rawValue), "name": .string(item.name)]), at: item.createdAt)
                return .duplicate(item, original: original)
            }
            try await Self.insertJobs(tx, itemID: item.id, pipeline: item.pipeline, drafts: request.jobs, now: item.createdAt)
            try await Self.insertEvent(tx, item: item.id, EventDraft(kind: "received", data: request.eventData), at: item.createdAt)
            return .created(item)
        }
    }

    public func item(_ id: ItemID) async throws -> Item? {
        try await autocommit { tx in try await Self.fetchItem(tx, id) }
    }

    public func item(intakeKey: String) async throws -> Item? {
        try await autocommit { tx in try await tx.row("SELECT * FROM items WHERE intake_key = \(intakeKey)").map(Self.item) }
    }

    public func items(_ query: ItemQuery) async throws -> [Item] {
        var sql = "SELECT * FROM items WHERE true"
        var binds = PostgresBindings()
        func bind(_ v: some PostgresDynamicTypeEncodable) -> String { binds.append(v); return "$\(binds.count)" }
        if let p = query.pipeline { sql += " AND pipeline = \(bind(p))" }
        if let s = query.states, !s.isEmpty { sql += " AND state = ANY(\(bind(s.map(\.rawValue))))" }
        if let b = query.before { sql += " AND id < \(bind(b.rawValue))" }
        if let s = query.since { sql += " AND created_at >= \(bind(Self.t(s)))" }
        if let u = query.until { sql += " AND created_at < \(bind(Self.t(u)))" }
        if let t = query.tenants { sql += t.isEmpty ? " AND false" : " AND tenant = ANY(\(bind(t)))" }
        sql += " ORDER BY id DESC LIMIT \(bind(query.limit))"
        let q = PostgresQuery(unsafeSQL: sql, binds: binds)
        return try await autocommit { tx in try await tx.rows(q).map(Self.item) }
    }

    public func transition(_ tr: ItemTransition) async throws -> Item {
        try await transaction { tx in
            guard var item = try await Self.fetchItem(tx, tr.item, lock: true) else {
                throw QuireError(.notFound, "no item \(tr.item); list items with 'quire items list'")
            }
            guard tr.allowedFrom.contains(item.state) else {
                throw QuireError(.invalidState, "item \(tr.item) is \(item.state.rawValue); this works only on items that are \(tr.allowedFrom.map(\.rawValue).joined(separator: " or "))")
            }
            let now = Self.t(tr.now)
            if tr.cancelActiveJobs {
                try await tx.execute(PostgresQuery(unsafeSQL: """
                    WITH moved AS (DELETE FROM jobs WHERE item_id = $1 RETURNING *)
                    \(Self.moveToHistory)
                    SELECT id, item_id, pipeline, stage_id, part, kind, 'cancelled', priority, deadline, run_at, attempts, max_attempts,
                           lease_owner, token, input, NULL, last_error, created_at, started_at, $2
                    FROM moved
                    """, binds: Self.binds(item.id.rawValue, now)))
            }
            item.state = tr.to
            item.reason = tr.to == .processing ? tr.reason : (tr.reason ?? item.reason)
            item.updatedAt = tr.now
            item.version += 1
            try await tx.execute("UPDATE items SET state = \(tr.to.rawValue), reason = \(item.reason), updated_at = \(now), version = version + 1 WHERE id = \(item.id.rawValue)")
            try await Self.insertJobs(tx, itemID: item.id, pipeline: item.pipeline, drafts: tr.enqueue, now: tr.now)
            for e in tr.events { try await Self.insertEvent(tx, item: item.id, e, at: tr.now) }
            return item
        }
    }

    public func events(of item: ItemID) async throws -> [Event] {
        try await autocommit { tx in try await tx.rows("SELECT * FROM events WHERE item_id = \(item.rawValue) ORDER BY id").map(Self.event) }
    }

    public func claimBusinessKey(pipeline: String, key: String, item: ItemID, now: Date) async throws -> ItemID? {
        try await transaction { tx in
            if try await tx.execute("INSERT INTO business_keys (pipeline, key, item_id, created_at) VALUES (\(pipeline), \(key), \(item.rawValue), \(Self.t(now))) ON CONFLICT DO NOTHING") > 0 {
                return nil
            }
            guard let r = try await tx.row("""
                SELECT b.item_id, i.state FROM business_keys b LEFT JOIN items i ON i.id = b.item_id
                WHERE b.pipeline = \(pipeline) AND b.key = \(key) FOR UPDATE OF b
                """) else { return nil }
            let holder: String = r["item_id"]
            guard holder != item.rawValue else { return nil }
            let state: String? = r["state"]
            if state == ItemState.cancelled.rawValue || state == ItemState.failed.rawValue || state == nil {
                try await tx.execute("UPDATE business_keys SET item_id = \(item.rawValue), created_at = \(Self.t(now)) WHERE pipeline = \(pipeline) AND key = \(key)")
                return nil
            }
            return ItemID(holder)
        }
    }
}

public import Foundation
public import QuireCore
internal import GRDB

extension SQLiteStore {
    public func intake(_ request: IntakeRequest) async throws -> IntakeResult {
        try await write(durable: request.durable) { db in try Self.intake(request, db) }
    }

    /// The batch in one transaction (one fsync), each request in a savepoint of its own.
    public func intake(batch: [IntakeRequest]) async throws -> [Result<IntakeResult, QuireError>] {
        guard !batch.isEmpty else { return [] }
        return try await write(durable: batch.contains(where: \.durable)) { db in
            var results: [Result<IntakeResult, QuireError>] = []
            for r in batch {
                do {
                    var result: IntakeResult?
                    try db.inSavepoint {
                        result = try Self.intake(r, db)
                        return .commit
                    }
                    results.append(.success(result!))
                } catch let e as QuireError {
                    results.append(.failure(e))
                } catch {
                    results.append(.failure(QuireError(.storage, "database write failed: \(error)", cause: error)))
                }
            }
            return results
        }
    }

    static func intake(_ request: IntakeRequest, _ db: Database) throws -> IntakeResult {
        let i = request.item
        if let key = request.intakeKey,
           let existing = try Self.row(db, "SELECT * FROM items WHERE intake_key = ?", arguments: [key]) {
            return .existing(Self.item(existing))
        }
        if let key = i.idempotencyKey,
           let existing = try Self.row(db, "SELECT * FROM items WHERE pipeline = ? AND idempotency_key = ? AND IFNULL(tenant, '') = IFNULL(?, '')",
                                       arguments: [i.pipeline, key, i.tenant]) {
            return .existing(Self.item(existing))
        }
        var item = i
        var original: Item?
        if request.deduplicate,
           let row = try Self.row(db, """
               SELECT * FROM items WHERE pipeline = ? AND content_hash = ? AND IFNULL(tenant, '') = IFNULL(?, '') AND state != 'duplicate'
               ORDER BY created_at LIMIT 1
               """, arguments: [i.pipeline, i.contentHash, i.tenant]) {
            original = Self.item(row)
            item.state = .duplicate
            item.duplicateOf = original!.id
            item.reason = "same content as \(original!.id)"
        }
        try Self.exec(db, """
            INSERT INTO items (id, pipeline, source, name, content_hash, size, media_type, state, priority, tenant, external_ref,
                               idempotency_key, intake_key, metadata, duplicate_of, reason, created_at, updated_at, version)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
            """, arguments: [item.id.rawValue, item.pipeline, item.source.rawValue, item.name, item.contentHash, item.size,
                             item.mediaType, item.state.rawValue, item.priority, item.tenant, item.externalRef,
                             item.idempotencyKey, request.intakeKey, item.metadata.jsonString(), item.duplicateOf?.rawValue,
                             item.reason, Self.t(item.createdAt), Self.t(item.updatedAt)])
        try Self.exec(db, "INSERT INTO blobs (hash, size, created_at) VALUES (?, ?, ?) ON CONFLICT(hash) DO NOTHING",
                       arguments: [item.contentHash, item.size, Self.t(item.createdAt)])
        if let original {
            try Self.insertEvent(db, item: item.id, EventDraft(kind: "duplicate", data: ["original": .string(original.id.rawValue), "name": .string(item.name)]), at: item.createdAt)
            try Self.insertEvent(db, item: original.id, EventDraft(kind: "duplicate_received", data: ["duplicate": .string(item.id.rawValue), "name": .string(item.name)]), at: item.createdAt)
            return .duplicate(item, original: original)
        }
        try Self.insertJobs(db, item: item, drafts: request.jobs, now: item.createdAt)
        try Self.insertEvent(db, item: item.id, EventDraft(kind: "received", data: request.eventData), at: item.createdAt)
        return .created(item)
    }

    public func item(_ id: ItemID) async throws -> Item? {
        try await read { db in try Self.fetchItem(db, id) }
    }

    public func item(intakeKey: String) async throws -> Item? {
        try await read { db in
            try Self.row(db, "SELECT * FROM items WHERE intake_key = ?", arguments: [intakeKey]).map(Self.item)
        }
    }

    public func items(_ query: ItemQuery) async throws -> [Item] {
        try await read { db in
            var sql = "SELECT * FROM items WHERE 1=1"
            var args: [any DatabaseValueConvertible & Sendable] = []
            if let p = query.pipeline { sql += " AND pipeline = ?"; args.append(p) }
            if let s = query.states, !s.isEmpty {
                sql += " AND state IN (\(s.map { _ in "?" }.joined(separator: ",")))"
                args.append(contentsOf: s.map(\.rawValue))
            }
            if let b = query.before { sql += " AND id < ?"; args.append(b.rawValue) }
            if let s = query.since { sql += " AND created_at >= ?"; args.append(Self.t(s)) }
            if let u = query.until { sql += " AND created_at < ?"; args.append(Self.t(u)) }
            if let t = query.tenants {
                sql += t.isEmpty ? " AND 0" : " AND tenant IN (\(t.map { _ in "?" }.joined(separator: ",")))"
                args.append(contentsOf: t)
            }
            sql += " ORDER BY id DESC LIMIT ?"
            args.append(query.limit)
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map(Self.item)
        }
    }

    public func transition(_ tr: ItemTransition) async throws -> Item {
        try await write { db in
            guard var item = try Self.fetchItem(db, tr.item) else {
                throw QuireError(.notFound, "no item \(tr.item); list items with 'quire items list'")
            }
            guard tr.allowedFrom.contains(item.state) else {
                throw QuireError(.invalidState, "item \(tr.item) is \(item.state.rawValue); this works only on items that are \(tr.allowedFrom.map(\.rawValue).joined(separator: " or "))")
            }
            let now = Self.t(tr.now)
            if tr.cancelActiveJobs {
                try Self.exec(db, """
                    INSERT INTO job_history (id, item_id, pipeline, stage_id, part, kind, state, priority, deadline, run_at, attempts, max_attempts,
                                             lease_owner, token, input, output, last_error, created_at, started_at, finished_at)
                    SELECT id, item_id, pipeline, stage_id, part, kind, 'cancelled', priority, deadline, run_at, attempts, max_attempts,
                           lease_owner, token, input, NULL, last_error, created_at, started_at, ?
                    FROM jobs WHERE item_id = ?
                    """, arguments: [now, item.id.rawValue])
                try Self.exec(db, "DELETE FROM jobs WHERE item_id = ?", arguments: [item.id.rawValue])
            }
            item.state = tr.to
            // A retried item is processing again: why it stopped is history (in its events).
            item.reason = tr.to == .processing ? tr.reason : (tr.reason ?? item.reason)
            item.updatedAt = tr.now
            item.version += 1
            try Self.exec(db, "UPDATE items SET state = ?, reason = ?, updated_at = ?, version = version + 1 WHERE id = ?",
                           arguments: [tr.to.rawValue, item.reason, now, item.id.rawValue])
            try Self.insertJobs(db, item: item, drafts: tr.enqueue, now: tr.now)
            for e in tr.events { try Self.insertEvent(db, item: item.id, e, at: tr.now) }
            return item
        }
    }

    public func events(of item: ItemID) async throws -> [Event] {
        try await read { db in
            try Self.rows(db, "SELECT * FROM events WHERE item_id = ? ORDER BY id", arguments: [item.rawValue]).map { StoreRows.event(SQLiteRow($0)) }
        }
    }

    public func claimBusinessKey(pipeline: String, key: String, item: ItemID, now: Date) async throws -> ItemID? {
        try await write { db in
            try Self.exec(db, "INSERT INTO business_keys (pipeline, key, item_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                           arguments: [pipeline, key, item.rawValue, Self.t(now)])
            if db.changesCount > 0 { return nil }
            guard let holder = try String.fetchOne(db, sql: "SELECT item_id FROM business_keys WHERE pipeline = ? AND key = ?", arguments: [pipeline, key]),
                  holder != item.rawValue else { return nil }
            let state = try String.fetchOne(db, sql: "SELECT state FROM items WHERE id = ?", arguments: [holder])
            if state == ItemState.cancelled.rawValue || state == ItemState.failed.rawValue || state == nil {
                try Self.exec(db, "UPDATE business_keys SET item_id = ?, created_at = ? WHERE pipeline = ? AND key = ?",
                              arguments: [item.rawValue, Self.t(now), pipeline, key])
                return nil
            }
            return ItemID(holder)
        }
    }
}

public import Foundation
public import QuireCore
internal import GRDB

extension SQLiteStore {
    public func nextModelVersion(name: String) async throws -> Int {
        try await read { db in (try Int.fetchOne(db, sql: "SELECT MAX(version) FROM models WHERE name = ?", arguments: [name]) ?? 0) + 1 }
    }

    public func registerModel(_ m: ModelRecord, event: ModelEvent) async throws {
        try await write { db in
            do {
                try Self.exec(db, """
                    INSERT INTO models (name, version, state, blob, labels, training_data, hyperparameters, metrics, parent, canary_percent, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [m.name, m.version, m.state.rawValue, m.blob, JSONValue.array(m.labels.map(JSONValue.string)).jsonString(),
                                     m.trainingData.jsonString(), m.hyperparameters.jsonString(), m.metrics.jsonString(), m.parent, m.canaryPercent,
                                     Self.t(m.createdAt), Self.t(m.updatedAt)])
            } catch let e as DatabaseError where e.resultCode == .SQLITE_CONSTRAINT {
                throw QuireError(.conflict, "model \(m.name) version \(m.version) exists already, or another version of it is \(m.state.rawValue)")
            }
            try Self.insertModelEvent(db, event)
        }
    }

    static func insertModelEvent(_ db: Database, _ e: ModelEvent) throws {
        try exec(db, "INSERT INTO model_events (name, version, from_state, to_state, actor, reason, forced, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 arguments: [e.name, e.version, e.from?.rawValue, e.to.rawValue, e.actor, e.reason, e.forced ? 1 : 0, t(e.at)])
        try appendAudit(db, AuditDraft(actor: e.actor, action: "model." + e.to.rawValue, subject: "model:\(e.name)/v\(e.version)",
                                       details: ["from": e.from.map { .string($0.rawValue) } ?? .null, "to": .string(e.to.rawValue),
                                                 "reason": e.reason.map(JSONValue.string) ?? .null, "forced": .bool(e.forced)]), at: e.at)
    }

    static func model(_ r: Row) -> ModelRecord { StoreRows.model(SQLiteRow(r)) }

    public func models(name: String?) async throws -> [ModelRecord] {
        try await read { db in
            if let name { return try Self.rows(db, "SELECT * FROM models WHERE name = ? ORDER BY version", arguments: [name]).map(Self.model) }
            return try Self.rows(db, "SELECT * FROM models ORDER BY name, version").map(Self.model)
        }
    }

    public func updateModels(_ changes: [(name: String, version: Int, state: ModelState, canaryPercent: Double?)], events: [ModelEvent]) async throws {
        let now = Date()
        try await write { db in
            // Leave the states first, then enter the new ones, so a swap does not trip the unique indexes.
            for c in changes {
                try Self.exec(db, "UPDATE models SET state = 'retired' WHERE name = ? AND version = ?", arguments: [c.name, c.version])
                guard db.changesCount == 1 else { throw QuireError(.notFound, "no model \(c.name) version \(c.version); see 'quire model list'") }
            }
            for c in changes {
                do {
                    try Self.exec(db, "UPDATE models SET state = ?, canary_percent = ?, updated_at = ? WHERE name = ? AND version = ?",
                                  arguments: [c.state.rawValue, c.canaryPercent, Self.t(now), c.name, c.version])
                } catch let e as DatabaseError where e.resultCode == .SQLITE_CONSTRAINT {
                    throw QuireError(.conflict, "\(c.name) would have two \(c.state == .active ? "active models" : "models on trial (shadow or canary)")")
                }
            }
            for e in events { try Self.insertModelEvent(db, e) }
        }
    }

    public func modelEvents(name: String) async throws -> [ModelEvent] {
        try await read { db in
            try Self.rows(db, "SELECT * FROM model_events WHERE name = ? ORDER BY id", arguments: [name]).map { StoreRows.modelEvent(SQLiteRow($0)) }
        }
    }

    public func recordClassifications(_ records: [ClassificationRecord]) async throws {
        guard !records.isEmpty else { return }
        try await write { db in
            for c in records {
                try Self.exec(db, "INSERT INTO classifications (item_id, pipeline, model, version, label, probability, abstained, role, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                              arguments: [c.item.rawValue, c.pipeline, c.model, c.version, c.label, c.probability, c.abstained ? 1 : 0, c.role, Self.t(c.at)])
            }
        }
    }

    public func classifications(model: String, from: Date, to: Date) async throws -> [ClassificationRecord] {
        try await read { db in
            try Self.rows(db, "SELECT * FROM classifications WHERE model = ? AND at >= ? AND at < ? ORDER BY id", arguments: [model, Self.t(from), Self.t(to)]).map { StoreRows.classification(SQLiteRow($0)) }
        }
    }

    public func putTrainingExamples(_ examples: [TrainingExample]) async throws {
        try await write { db in
            for e in examples {
                try Self.exec(db, """
                    INSERT INTO training_examples (content_hash, label, text, page_count, source, item_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(content_hash) DO UPDATE SET label = excluded.label, source = excluded.source, item_id = excluded.item_id, created_at = excluded.created_at
                    """, arguments: [e.contentHash, e.label, e.text, e.pageCount, e.source, e.item?.rawValue, Self.t(e.createdAt)])
            }
        }
    }

    public func trainingExamples() async throws -> [TrainingExample] {
        try await read { db in
            try Self.rows(db, "SELECT * FROM training_examples ORDER BY content_hash").map { StoreRows.trainingExample(SQLiteRow($0)) }
        }
    }
}

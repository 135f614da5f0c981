public import Foundation
public import QuireCore
import PostgresNIO
import NIOCore
import Logging

extension PostgresStore {
    public func nextModelVersion(name: String) async throws -> Int {
        try await autocommit { tx in ((try await tx.row("SELECT MAX(version) AS v FROM models WHERE name = \(name)"))?["v"] as Int? ?? 0) + 1 }
    }

    public func registerModel(_ m: ModelRecord, event: ModelEvent) async throws {
        try await transaction { tx in
            let conflict = try await tx.uniqueViolation("model", """
                INSERT INTO models (name, version, state, blob, labels, training_data, hyperparameters, metrics, parent, canary_percent, created_at, updated_at)
                VALUES (\(m.name), \(m.version), \(m.state.rawValue), \(m.blob), \(JSONValue.array(m.labels.map(JSONValue.string)).jsonString()),
                        \(m.trainingData.jsonString()), \(m.hyperparameters.jsonString()), \(m.metrics.jsonString()), \(m.parent), \(m.canaryPercent),
                        \(Self.t(m.createdAt)), \(Self.t(m.updatedAt)))
                """)
            if conflict { throw QuireError(.conflict, "model \(m.name) version \(m.version) exists already, or another version of it is \(m.state.rawValue)") }
            try await Self.insertModelEvent(tx, event)
        }
    }

    static func insertModelEvent(_ tx: PGTransaction, _ e: ModelEvent) async throws {
        try await tx.execute("""
            INSERT INTO model_events (name, version, from_state, to_state, actor, reason, forced, at)
            VALUES (\(e.name), \(e.version), \(e.from?.rawValue), \(e.to.rawValue), \(e.actor), \(e.reason), \(e.forced ? 1 : 0), \(t(e.at)))
            """)
        try await appendAudit(tx, AuditDraft(actor: e.actor, action: "model." + e.to.rawValue, subject: "model:\(e.name)/v\(e.version)",
                                             details: ["from": e.from.map { .string($0.rawValue) } ?? .null, "to": .string(e.to.rawValue),
                                                       "reason": e.reason.map(JSONValue.string) ?? .null, "forced": .bool(e.forced)]), at: e.at)
    }

    static func model(_ r: PGRow) -> ModelRecord { StoreRows.model(PGStoreRow(r)) }

    public func models(name: String?) async throws -> [ModelRecord] {
        try await autocommit { tx in
            if let name { return try await tx.rows("SELECT * FROM models WHERE name = \(name) ORDER BY version").map(Self.model) }
            return try await tx.rows("SELECT * FROM models ORDER BY name, version").map(Self.model)
        }
    }

    public func updateModels(_ changes: [(name: String, version: Int, state: ModelState, canaryPercent: Double?)], events: [ModelEvent]) async throws {
        let now = Date()
        let changes = changes.map { (name: $0.name, version: $0.version, state: $0.state, canaryPercent: $0.canaryPercent) }
        try await transaction { tx in
            // Serialise changes of one model name across nodes.
            for n in Set(changes.map(\.name)).sorted() {
                try await tx.execute("SELECT pg_advisory_xact_lock(hashtextextended(\("model:" + n), 0))")
            }
            for c in changes {
                guard try await tx.execute("UPDATE models SET state = 'retired' WHERE name = \(c.name) AND version = \(c.version)") == 1 else {
                    throw QuireError(.notFound, "no model \(c.name) version \(c.version); see 'quire model list'")
                }
            }
            for c in changes {
                if try await tx.uniqueViolation("model_state", "UPDATE models SET state = \(c.state.rawValue), canary_percent = \(c.canaryPercent), updated_at = \(Self.t(now)) WHERE name = \(c.name) AND version = \(c.version)") {
                    throw QuireError(.conflict, "\(c.name) would have two \(c.state == .active ? "active models" : "models on trial (shadow or canary)")")
                }
            }
            for e in events { try await Self.insertModelEvent(tx, e) }
        }
    }

    public func modelEvents(name: String) async throws -> [ModelEvent] {
        try await autocommit { tx in
            try await tx.rows("SELECT * FROM model_events WHERE name = \(name) ORDER BY id").map { StoreRows.modelEvent(PGStoreRow($0)) }
        }
    }

    public func recordClassifications(_ records: [ClassificationRecord]) async throws {
        guard !records.isEmpty else { return }
        try await transaction { tx in
            for c in records {
                try await tx.execute("""
                    INSERT INTO classifications (item_id, pipeline, model, version, label, probability, abstained, role, at)
                    VALUES (\(c.item.rawValue), \(c.pipeline), \(c.model), \(c.version), \(c.label), \(c.probability), \(c.abstained ? 1 : 0), \(c.role), \(Self.t(c.at)))
                    """)
            }
        }
    }

    public func classifications(model: String, from: Date, to: Date) async throws -> [ClassificationRecord] {
        try await autocommit { tx in
            try await tx.rows("SELECT * FROM classifications WHERE model = \(model) AND at >= \(Self.t(from)) AND at < \(Self.t(to)) ORDER BY id").map { StoreRows.classification(PGStoreRow($0)) }
        }
    }

    public func putTrainingExamples(_ examples: [TrainingExample]) async throws {
        try await transaction { tx in
            for e in examples {
                try await tx.execute("""
                    INSERT INTO training_examples (content_hash, label, text, page_count, source, item_id, created_at)
                    VALUES (\(e.contentHash), \(e.label), \(e.text), \(e.pageCount), \(e.source), \(e.item?.rawValue), \(Self.t(e.createdAt)))
                    ON CONFLICT (content_hash) DO UPDATE SET label = excluded.label, source = excluded.source, item_id = excluded.item_id, created_at = excluded.created_at
                    """)
            }
        }
    }

    public func trainingExamples() async throws -> [TrainingExample] {
        try await autocommit { tx in
            try await tx.rows("SELECT * FROM training_examples ORDER BY content_hash").map { StoreRows.trainingExample(PGStoreRow($0)) }
        }
    }
}

public import Foundation

/// Where a model version stands: trained and waiting (candidate), run beside the active model
/// without deciding anything (shadow), deciding for a share of the items (canary), deciding for
/// all (active), or out of use (retired).
public enum ModelState: String, Sendable, Codable, CaseIterable {
    case candidate, shadow, canary, active, retired
}

/// A model version in the registry, with its lineage.
public struct ModelRecord: Sendable, Hashable {
    public var name: String
    public var version: Int
    public var state: ModelState
    /// sha256 of the model file in the blob store.
    public var blob: String
    public var labels: [String]
    /// Hash of the training data (sorted content hashes and labels) and what it held.
    public var trainingData: JSONValue
    public var hyperparameters: JSONValue
    public var metrics: JSONValue
    public var parent: Int?
    /// For a canary: the share of items (0–100) it decides.
    public var canaryPercent: Double?
    public var createdAt: Date
    public var updatedAt: Date

    /// A version as `GET /v1/models` answers it and `quire model list` shows it.
    public var summary: JSONValue {
        ["name": .string(name), "version": .number(Double(version)), "state": .string(state.rawValue), "labels": .array(labels.map(JSONValue.string)),
         "metrics": metrics, "examples": trainingData["examples"] ?? .null,
         "parent": parent.map { .number(Double($0)) } ?? .null, "canary_percent": canaryPercent.map(JSONValue.number) ?? .null,
         "created_at": .string(ISO8601DateFormatter().string(from: createdAt))]
    }

    /// A version's lineage as `quire model show` prints it and `GET /v1/models/{name}` answers: training data,
    /// hyperparameters, metrics, parent, and its changes of state (`history`, oldest first).
    public func detail(history: [ModelEvent]) -> JSONValue {
        let f = ISO8601DateFormatter()
        return [
            "name": .string(name), "version": .number(Double(version)), "state": .string(state.rawValue), "file_sha256": .string(blob),
            "labels": .array(labels.map(JSONValue.string)), "parent": parent.map { .number(Double($0)) } ?? .null,
            "canary_percent": canaryPercent.map(JSONValue.number) ?? .null, "created": .string(f.string(from: createdAt)),
            "training_data": trainingData, "hyperparameters": hyperparameters, "metrics": metrics,
            "history": .array(history.filter { $0.version == version }.map { e in
                ["at": .string(f.string(from: e.at)), "from": e.from.map { .string($0.rawValue) } ?? .null, "to": .string(e.to.rawValue),
                 "actor": .string(e.actor), "reason": e.reason.map(JSONValue.string) ?? .null, "forced": .bool(e.forced)]
            }),
        ]
    }

    /// The version `quire model show` means: `version` if given, else the active one, else the newest.
    public static func pick(_ all: [ModelRecord], version: Int?) -> ModelRecord? {
        if let version { return all.first { $0.version == version } }
        return all.first { $0.state == .active } ?? all.max { $0.version < $1.version }
    }

    public init(name: String, version: Int, state: ModelState, blob: String, labels: [String], trainingData: JSONValue, hyperparameters: JSONValue,
                metrics: JSONValue, parent: Int?, canaryPercent: Double? = nil, createdAt: Date, updatedAt: Date) {
        self.name = name
        self.version = version
        self.state = state
        self.blob = blob
        self.labels = labels
        self.trainingData = trainingData
        self.hyperparameters = hyperparameters
        self.metrics = metrics
        self.parent = parent
        self.canaryPercent = canaryPercent
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A change of a model's state: who, when, why, and whether a check was overridden.
public struct ModelEvent: Sendable, Hashable {
    public var name: String
    public var version: Int
    public var from: ModelState?
    public var to: ModelState
    public var actor: String
    public var reason: String?
    public var forced: Bool
    public var at: Date

    public init(name: String, version: Int, from: ModelState?, to: ModelState, actor: String, reason: String? = nil, forced: Bool = false, at: Date) {
        self.name = name
        self.version = version
        self.from = from
        self.to = to
        self.actor = actor
        self.reason = reason
        self.forced = forced
        self.at = at
    }
}

/// One classification made by a model, for lineage and drift.
public struct ClassificationRecord: Sendable, Hashable {
    public var item: ItemID
    public var pipeline: String
    public var model: String
    public var version: Int
    public var label: String
    public var probability: Double
    public var abstained: Bool
    /// The role of the model: `decided` (its label counted) or `shadow` (recorded only).
    public var role: String
    public var at: Date

    public init(item: ItemID, pipeline: String, model: String, version: Int, label: String, probability: Double, abstained: Bool, role: String, at: Date) {
        self.item = item
        self.pipeline = pipeline
        self.model = model
        self.version = version
        self.label = label
        self.probability = probability
        self.abstained = abstained
        self.role = role
        self.at = at
    }
}

/// A labelled document for training: from the fixtures, a folder, or a reviewer's correction.
public struct TrainingExample: Sendable, Hashable {
    public var contentHash: String
    public var label: String
    public var text: String
    public var pageCount: Int
    public var source: String
    public var item: ItemID?
    public var createdAt: Date

    public init(contentHash: String, label: String, text: String, pageCount: Int, source: String, item: ItemID? = nil, createdAt: Date) {
        self.contentHash = contentHash
        self.label = label
        self.text = text
        self.pageCount = pageCount
        self.source = source
        self.item = item
        self.createdAt = createdAt
    }
}

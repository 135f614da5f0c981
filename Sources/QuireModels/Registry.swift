public import Foundation
public import QuireCore
public import QuireStore
import Synchronization

/// The model registry over the store and the blob store: versions, states, lineage, and the
/// models a classification runs with. Every change of state records who made it and why.
public struct ModelRegistry: Sendable {
    public let store: any Store
    public let blobs: BlobStore
    let cache = ClassifierCache()
    let endpointCalibrations = EndpointCalibrationCache()

    public init(store: any Store, blobs: BlobStore) {
        self.store = store
        self.blobs = blobs
    }

    /// Stores a trained classifier as a new candidate version.
    @discardableResult
    public func register(_ classifier: Classifier, actor: String, reason: String? = nil, now: Date = Date()) async throws -> ModelRecord {
        let bytes = classifier.fileBytes
        let hash = try blobs.put(data: Data(bytes)).hash
        let i = classifier.info
        let record = ModelRecord(name: i.name, version: i.version, state: .candidate, blob: hash, labels: i.labels, trainingData: i.trainingData,
                                 hyperparameters: ModelFile.headerJSON(i, classifier.model)["hyperparameters"] ?? .emptyObject, metrics: i.metrics,
                                 parent: i.parent, createdAt: now, updatedAt: now)
        try await store.registerModel(record, event: ModelEvent(name: i.name, version: i.version, from: nil, to: .candidate, actor: actor, reason: reason ?? "trained", at: now))
        return record
    }

    /// Stores a model file that is not a classifier (the field ranker) as the next version of `name`,
    /// a candidate whose parent is the version active now.
    @discardableResult
    public func register(file bytes: Data, name: String, labels: [String], trainingData: JSONValue, hyperparameters: JSONValue, metrics: JSONValue,
                         actor: String, reason: String? = nil, now: Date = Date()) async throws -> ModelRecord {
        let all = try await versions(name)
        let version = (all.map(\.version).max() ?? 0) + 1
        let hash = try blobs.put(data: bytes).hash
        let record = ModelRecord(name: name, version: version, state: .candidate, blob: hash, labels: labels, trainingData: trainingData,
                                 hyperparameters: hyperparameters, metrics: metrics, parent: all.first { $0.state == .active }?.version, createdAt: now, updatedAt: now)
        try await store.registerModel(record, event: ModelEvent(name: name, version: version, from: nil, to: .candidate, actor: actor, reason: reason ?? "trained", at: now))
        return record
    }

    /// The bytes of a version's model file, as stored.
    public func fileBytes(_ r: ModelRecord) throws -> Data {
        guard let id = BlobID(r.blob), let data = try? blobs.read(id) else {
            throw QuireError(.notFound, "the file of model \(r.name) version \(r.version) is missing from the blob store (\(r.blob)); restore the blobs or retrain")
        }
        return data
    }

    /// The active version of `name` and the one in shadow or canary, if any (both nil when none is registered).
    public func inUse(_ name: String) async throws -> (active: ModelRecord?, trial: ModelRecord?) {
        let all = try await versions(name)
        return (all.first { $0.state == .active }, all.first { $0.state == .shadow || $0.state == .canary })
    }

    public func versions(_ name: String) async throws -> [ModelRecord] { try await store.models(name: name) }

    public func record(_ name: String, _ version: Int) async throws -> ModelRecord {
        guard let r = try await store.models(name: name).first(where: { $0.version == version }) else {
            throw QuireError(.notFound, "no model \(name) version \(version); see 'quire model list'")
        }
        return r
    }

    /// Reads and checks a version's model file (cached by its hash).
    public func load(_ r: ModelRecord) throws -> Classifier {
        if let c = cache.get(r.blob) { return c }
        guard let id = BlobID(r.blob), let data = try? blobs.read(id) else {
            throw QuireError(.notFound, "the file of model \(r.name) version \(r.version) is missing from the blob store (\(r.blob)); restore the blobs or retrain")
        }
        do {
            let c = try Classifier(file: [UInt8](data))
            cache.put(r.blob, c)
            return c
        } catch let e as ModelFileError {
            throw QuireError(.invalidState, "model \(r.name) version \(r.version): \(e.message)")
        }
    }

    /// The macro-F1 of a version on its own holdout and of the model that was active when it was trained, on the same documents.
    static func holdoutScores(_ r: ModelRecord) -> (candidate: Double?, active: Double?) {
        // A classifier is measured by its macro-F1, the field ranker by the share of fields read right.
        let key = r.metrics["holdout"]?["macro_f1"] != nil ? "macro_f1" : "field_accuracy"
        return (r.metrics["holdout"]?[key]?.numberValue, r.metrics["active_on_holdout"]?[key]?.numberValue)
    }

    /// Makes a version the active one; the previously active version is retired. A version that
    /// scored worse on its holdout than the active model did is refused unless `force` (recorded).
    public func promote(_ name: String, _ version: Int, actor: String, force: Bool = false, reason: String? = nil, now: Date = Date()) async throws {
        let all = try await versions(name)
        guard let target = all.first(where: { $0.version == version }) else { throw QuireError(.notFound, "no model \(name) version \(version); see 'quire model list'") }
        guard target.state != .active else { throw QuireError(.invalidState, "\(name) version \(version) is already active") }
        let current = all.first { $0.state == .active }
        var forced = false
        if let current {
            let (mine, theirs) = Self.holdoutScores(target)
            if let mine, let theirs, mine < theirs {
                guard force else {
                    let measure = target.metrics["holdout"]?["macro_f1"] != nil ? "macro-F1" : "fields right"
                    throw QuireError(.invalidState, String(format: "%@ version %d is worse than the active version %d on its holdout (%@ %.3f against %.3f); to promote it anyway pass --force with --reason", name, version, current.version, measure, mine, theirs))
                }
                forced = true
            }
        }
        var changes: [(name: String, version: Int, state: ModelState, canaryPercent: Double?)] = [(name, version, .active, nil)]
        var events = [ModelEvent(name: name, version: version, from: target.state, to: .active, actor: actor, reason: reason, forced: forced, at: now)]
        if let current {
            changes.insert((name, current.version, .retired, nil), at: 0)
            events.insert(ModelEvent(name: name, version: current.version, from: .active, to: .retired, actor: actor, reason: "replaced by version \(version)", at: now), at: 0)
        }
        try await store.updateModels(changes, events: events)
    }

    /// Returns to the version that was active before the current one.
    public func rollback(_ name: String, actor: String, reason: String? = nil, now: Date = Date()) async throws -> Int {
        let all = try await versions(name)
        guard let current = all.first(where: { $0.state == .active }) else { throw QuireError(.invalidState, "\(name) has no active version to roll back") }
        let history = try await store.modelEvents(name: name)
        guard let previous = history.reversed().first(where: { $0.from == .active && $0.to == .retired && $0.version != current.version }),
              all.contains(where: { $0.version == previous.version }) else {
            throw QuireError(.invalidState, "\(name) version \(current.version) has no earlier active version to return to")
        }
        try await store.updateModels([(name, current.version, .retired, nil), (name, previous.version, .active, nil)], events: [
            ModelEvent(name: name, version: current.version, from: .active, to: .retired, actor: actor, reason: reason ?? "rolled back", at: now),
            ModelEvent(name: name, version: previous.version, from: .retired, to: .active, actor: actor, reason: reason ?? "rolled back to", at: now),
        ])
        return previous.version
    }

    /// Puts a version on trial: `shadow` (runs beside the active model, decides nothing) or
    /// `canary` with a share of items (0 < percent ≤ 100). A version on trial before goes back to candidate.
    public func trial(_ name: String, _ version: Int, state: ModelState, percent: Double? = nil, actor: String, reason: String? = nil, now: Date = Date()) async throws {
        precondition(state == .shadow || state == .canary)
        if state == .canary { guard let p = percent, p > 0, p <= 100 else { throw QuireError(.invalidArgument, "a canary share is a percentage above 0 and at most 100") } }
        let all = try await versions(name)
        guard let target = all.first(where: { $0.version == version }) else { throw QuireError(.notFound, "no model \(name) version \(version); see 'quire model list'") }
        guard target.state != .active else { throw QuireError(.invalidState, "\(name) version \(version) is the active version; put another version on trial") }
        var changes: [(name: String, version: Int, state: ModelState, canaryPercent: Double?)] = []
        var events: [ModelEvent] = []
        if let other = all.first(where: { ($0.state == .shadow || $0.state == .canary) && $0.version != version }) {
            changes.append((name, other.version, .candidate, nil))
            events.append(ModelEvent(name: name, version: other.version, from: other.state, to: .candidate, actor: actor, reason: "replaced on trial by version \(version)", at: now))
        }
        changes.append((name, version, state, state == .canary ? percent : nil))
        events.append(ModelEvent(name: name, version: version, from: target.state, to: state, actor: actor,
                                 reason: reason ?? (state == .canary ? String(format: "canary at %g %%", percent ?? 0) : "shadow"), at: now))
        try await store.updateModels(changes, events: events)
    }

    /// Takes a version out of use.
    public func retire(_ name: String, _ version: Int, actor: String, reason: String? = nil, now: Date = Date()) async throws {
        let target = try await record(name, version)
        guard target.state != .active else { throw QuireError(.invalidState, "\(name) version \(version) is active; promote another version or roll back first") }
        try await store.updateModels([(name, version, .retired, nil)], events: [ModelEvent(name: name, version: version, from: target.state, to: .retired, actor: actor, reason: reason, at: now)])
    }

    /// The models a classification of `name` runs with now.
    public func deployment(_ name: String) async throws -> Deployment {
        let all = try await versions(name)
        // A store that never had a version of this name (no quire init yet, a new shared store): the model built into quire.
        if all.isEmpty, let builtIn = BuiltInModels.named(name) { return Deployment(active: builtIn) }
        guard let active = all.first(where: { $0.state == .active }) else {
            throw QuireError(.invalidState, "no active version of model \(name); train one with 'quire model train' and promote it, or run 'quire init' to install the default model")
        }
        let trial = all.first { $0.state == .shadow || $0.state == .canary }
        return Deployment(active: try load(active), trial: try trial.map { (try load($0), $0.state, $0.canaryPercent ?? 0) })
    }
}

/// The active model and the one on trial, with the rule that picks which decides for an item.
public struct Deployment: Sendable {
    public var active: Classifier
    public var trial: (classifier: Classifier, state: ModelState, percent: Double)?

    public init(active: Classifier, trial: (classifier: Classifier, state: ModelState, percent: Double)? = nil) {
        self.active = active
        self.trial = trial
    }

    /// A stable bucket in 0..<10000 for an item and model name: the same item always lands in the same bucket.
    public static func bucket(item: ItemID, model: String) -> Int {
        Int(FeatureExtractor.fnv(7, Array((model + "|" + item.rawValue).utf8)) % 10_000)
    }

    /// Whether the canary decides for this item.
    public func canaryDecides(_ item: ItemID) -> Bool {
        guard let t = trial, t.state == .canary else { return false }
        return Double(Self.bucket(item: item, model: active.info.name)) < t.percent * 100
    }
}

/// Loaded classifiers by model file hash (a file never changes under its hash).
final class ClassifierCache: Sendable {
    private let entries = Mutex<[String: Classifier]>([:])
    func get(_ k: String) -> Classifier? { entries.withLock { $0[k] } }
    func put(_ k: String, _ c: Classifier) { entries.withLock { $0[k] = c } }
}

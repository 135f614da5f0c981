import Foundation
public import QuireCore
public import QuireFields
public import QuireModels
import Synchronization

/// The fields stage's ranker from the model registry: the active version of the model `fields`, a
/// version in shadow beside it, or a canary for its share of items; the ranker built into quire while
/// no version is active (a new appliance, or one whose trained versions are still candidates).
public struct RegistryFieldRankers: FieldRankerSource {
    /// The model name of the field ranker in the registry.
    public static let modelName = "fields"

    let registry: ModelRegistry
    let cache = RankerCache()

    public init(registry: ModelRegistry) {
        self.registry = registry
    }

    public func rankers(item: ItemID) async throws -> FieldRankerChoice {
        let (active, trial) = try await registry.inUse(Self.modelName)
        // Until a version is promoted (a trained one starts as a candidate), the built-in ranker decides.
        var choice = try active.map { FieldRankerChoice(active: try load($0), activeVersion: $0.version) } ?? .builtIn
        if let trial {
            let ranker = try load(trial)
            if trial.state == .canary, Double(Deployment.bucket(item: item, model: Self.modelName)) < (trial.canaryPercent ?? 0) * 100 {
                choice = FieldRankerChoice(active: ranker, activeVersion: trial.version)
            } else if trial.state == .shadow {
                choice.shadow = (ranker, trial.version)
            }
        }
        return choice
    }

    /// A version's ranker, read and checked once per file (a file never changes under its hash).
    public func load(_ r: ModelRecord) throws -> FieldRanker {
        if let hit = cache.entries.withLock({ $0[r.blob] }) { return hit }
        let ranker: FieldRanker
        do { ranker = try FieldRanker.decode(try registry.fileBytes(r)) } catch let e as QuireError { throw e } catch {
            throw QuireError(.invalidState, "model \(r.name) version \(r.version) is not a field ranker quire can read (\(error)); retrain it with 'quire model train --name fields'")
        }
        cache.entries.withLock { $0[r.blob] = ranker }
        return ranker
    }
}

final class RankerCache: Sendable {
    let entries = Mutex<[String: FieldRanker]>([:])
}

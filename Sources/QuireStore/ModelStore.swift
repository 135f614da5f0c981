public import Foundation
public import QuireCore

/// The model registry: versions and their states, lineage events, classifications and training examples.
public protocol ModelStore: Sendable {
    /// The next free version number for a model name (1 for a new name).
    func nextModelVersion(name: String) async throws -> Int
    /// Records a new model version and its first event, in one transaction.
    func registerModel(_ model: ModelRecord, event: ModelEvent) async throws
    /// Every version of `name` (or of every model), oldest first.
    func models(name: String?) async throws -> [ModelRecord]
    /// Sets the state (and canary share) of several versions at once, with their events, in one
    /// transaction; the indexes refuse two active models, or two on trial, of one name.
    func updateModels(_ changes: [(name: String, version: Int, state: ModelState, canaryPercent: Double?)], events: [ModelEvent]) async throws
    func modelEvents(name: String) async throws -> [ModelEvent]
    func recordClassifications(_ records: [ClassificationRecord]) async throws
    func classifications(model: String, from: Date, to: Date) async throws -> [ClassificationRecord]
    /// Adds or relabels training examples (one per content hash).
    func putTrainingExamples(_ examples: [TrainingExample]) async throws
    func trainingExamples() async throws -> [TrainingExample]
}

import Foundation
import QuireCore

/// Durable state of the appliance: items, jobs, events, blobs, model versions, reviews, the audit trail and more.
///
/// Two drivers (``SQLiteStore``, the embedded default; ``PostgresStore``, shared by several nodes) conform to every
/// capability below and pass one conformance suite (`StoreConformance` in QuireTesting, a part per capability). Every
/// method is one transaction. Each driver keeps a capability's methods in a file named after it
/// (`SQLiteStore+Jobs.swift`, `PostgresStore+Jobs.swift`, …); rules both drivers apply live once, in ``StoreRules``.
public protocol Store: ItemStore, JobStore, ClusterStore, ModelStore, ReviewStore, GovernanceStore, WebhookStore,
                       RetentionStore, ObservationStore, BudgetStore, VendorStore {
    /// Lets go of connections and locks (PostgreSQL); SQLite closes with the process.
    func close() async
}

extension Store {
    public func close() async {}
}

public import Foundation
public import QuireCore
public import QuireStore
import Synchronization

/// An item store whose first `failures` intakes are committed by the store underneath and then answered with an error,
/// as when the connection to PostgreSQL drops between the commit and its answer. For testing that a caller does not
/// take a document in twice when it cannot tell whether it was recorded.
public final class LostAnswerItemStore: ItemStore {
    let inner: any ItemStore
    let left: Mutex<Int>

    public init(_ inner: any ItemStore, failures: Int = 1) {
        self.inner = inner
        self.left = Mutex(failures)
    }

    public func intake(_ request: IntakeRequest) async throws -> IntakeResult {
        let result = try await inner.intake(request)
        if left.withLock({ n in defer { n = max(0, n - 1) }; return n > 0 }) {
            throw QuireError(.storage, "PostgreSQL: serverClosedConnection (the commit's answer was lost)")
        }
        return result
    }

    public func item(_ id: ItemID) async throws -> Item? { try await inner.item(id) }
    public func item(intakeKey: String) async throws -> Item? { try await inner.item(intakeKey: intakeKey) }
    public func items(_ query: ItemQuery) async throws -> [Item] { try await inner.items(query) }
    public func transition(_ transition: ItemTransition) async throws -> Item { try await inner.transition(transition) }
    public func events(of item: ItemID) async throws -> [Event] { try await inner.events(of: item) }
    public func claimBusinessKey(pipeline: String, key: String, item: ItemID, now: Date) async throws -> ItemID? {
        try await inner.claimBusinessKey(pipeline: pipeline, key: key, item: item, now: now)
    }
}

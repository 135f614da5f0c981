public import Foundation
public import QuireCore
public import QuireStore

/// An item store that passes every call to `inner`: test stores that change one call conform to
/// it and write only that call.
public protocol ForwardingItemStore: ItemStore {
    var inner: any ItemStore { get }
}

extension ForwardingItemStore {
    public func intake(_ request: IntakeRequest) async throws -> IntakeResult { try await inner.intake(request) }
    public func item(_ id: ItemID) async throws -> Item? { try await inner.item(id) }
    public func item(intakeKey: String) async throws -> Item? { try await inner.item(intakeKey: intakeKey) }
    public func items(_ query: ItemQuery) async throws -> [Item] { try await inner.items(query) }
    public func transition(_ transition: ItemTransition) async throws -> Item { try await inner.transition(transition) }
    public func events(of item: ItemID) async throws -> [Event] { try await inner.events(of: item) }
    public func claimBusinessKey(pipeline: String, key: String, item: ItemID, now: Date) async throws -> ItemID? {
        try await inner.claimBusinessKey(pipeline: pipeline, key: key, item: item, now: now)
    }
}

import Foundation
import QuireCore
import QuireStore
import QuireTesting
import Testing
@testable import QuireAPI

/// The shared change feed behind `/v1/items/{id}/wait`, on a real SQLite store.
@Suite("Item change feed (/wait)")
struct ItemChangeFeedTests {
    /// Runs `body`; false when it has not returned within `seconds` (the waiter would hang).
    static func returns(within seconds: Double, _ body: @escaping @Sendable () async -> Void) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { await body(); return true }
            group.addTask { try? await Task.sleep(for: .seconds(seconds)); return false }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    static func cancel(_ item: Item, in store: any Store) async throws {
        _ = try await store.transition(ItemTransition(item: item.id, allowedFrom: [item.state], to: .cancelled, reason: "test", cancelActiveJobs: true, now: Date()))
    }

    @Test func aWaiterWakesWhenItsItemChangesAndOnlyThen() async throws {
        let dir = try TemporaryDirectory("quire-feed")
        defer { dir.remove() }
        let store = try SQLiteStore(path: dir.file("q.sqlite"))
        let watched = try await StoreConformance.enqueue(store)
        let other = try await StoreConformance.enqueue(store)
        let feed = ItemChangeFeed(store: store, interval: .milliseconds(50), lookback: 0)

        // Both would wait far longer than the test; only the changed one is woken. (The bound on the
        // wake-up is loose: a full test run on two cores can starve this test's tasks for a while.)
        let woken = Task { await Self.returns(within: 150) { await feed.changed(watched.id, within: 600) } }
        let idle = Task { await feed.changed(other.id, within: 600) }
        #expect(await eventually { await feed.waiting == 2 })
        try await Self.cancel(watched, in: store)
        #expect(await woken.value, "the waiter for the changed item is woken by the feed, long before its 600 s")
        #expect(await feed.waiting == 1, "the other item's waiter still waits")

        // A caller that hangs up stops waiting.
        idle.cancel()
        #expect(await eventually { await feed.waiting == 0 })
        await idle.value
    }

    @Test func aWaiterReturnsAtItsTimeoutWhenNothingChanges() async throws {
        let dir = try TemporaryDirectory("quire-feed")
        defer { dir.remove() }
        let store = try SQLiteStore(path: dir.file("q.sqlite"))
        let item = try await StoreConformance.enqueue(store)
        let feed = ItemChangeFeed(store: store, interval: .milliseconds(50), lookback: 0)
        #expect(await Self.returns(within: 120) { await feed.changed(item.id, within: 0.3) })
        #expect(await feed.waiting == 0)
    }
}

import Foundation
import QuireCore
import QuireStore
import QuireTesting
import Testing

/// SQLite applies a batch of completions without a savepoint per completion (a refusal is decided before
/// anything is written). A completion that fails after it was admitted rolls the whole transaction back and
/// the batch is applied again with savepoints: the failure is the batch's, as it was with savepoints only.
@Suite("SQLite completion batches")
struct SQLiteBatchTests {
    @Test func aCompletionFailingAfterAdmissionLeavesTheWholeBatchUnwritten() async throws {
        let dir = try TemporaryDirectory("quire-batch")
        defer { dir.remove() }
        let path = dir.file("q.sqlite")
        let store = try SQLiteStore(path: path)
        let a = try await StoreConformance.enqueue(store)
        let b = try await StoreConformance.enqueue(store)
        // A write that fails after the completion was admitted: the database refuses one kind of event.
        #expect(await Spawn.running(["/usr/bin/sqlite3", path,
                           "CREATE TRIGGER refuse_boom BEFORE INSERT ON events WHEN NEW.kind = 'boom' BEGIN SELECT RAISE(ABORT, 'boom refused'); END;"]) == 0)
        let claimed = try await store.claim(ClaimRequest(owner: "w1", pipeline: "p", stageID: "s1", limit: 10, lease: 30, now: Date()))
        #expect(claimed.count == 2)
        func done(_ item: Item, event: String) -> Completion {
            let c = claimed.first { $0.job.itemID == item.id }!
            return Completion(job: c.job.id, token: c.token, disposition: .finish(.done, output: nil, error: nil), itemState: .done,
                              events: [EventDraft(kind: event, stageID: "s1", jobID: c.job.id)], now: Date())
        }
        await #expect(throws: QuireError.self) { _ = try await store.complete(batch: [done(a, event: "done"), done(b, event: "boom")]) }
        #expect(try await store.jobs(of: a.id).map(\.state) == [.leased], "the good completion was rolled back with the batch")
        #expect(try await store.item(a.id)?.state != .done)
        #expect(try await store.complete(batch: [done(a, event: "done")]) == [nil], "and applies alone")
        #expect(try await store.item(a.id)?.state == .done)
        #expect(try await store.jobs(of: b.id).map(\.state) == [.leased])
    }
}

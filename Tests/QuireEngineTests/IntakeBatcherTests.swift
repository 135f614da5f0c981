import Foundation
import QuireCore
@testable import QuireEngine
import QuireStore
import QuireTesting
import Synchronization
import Testing

@Suite("Intake group commit")
struct IntakeBatcherTests {
    /// The spool writes a batch's blobs without fsyncs and flushes them once before the batch's commit: every commit
    /// comes after a flush of its own, and a flush that fails commits nothing of its batch.
    @Test func eachBatchIsFlushedBeforeItIsCommittedAndAFailedFlushCommitsNothing() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try SQLiteStore(path: dir.file("q.sqlite"))
        let slow = SlowCommitItemStore(store, delay: .milliseconds(20))
        // At each flush, how many commits were made before it.
        let flushes = Mutex<[Int]>([])
        let batcher = IntakeBatcher(store: slow) { flushes.withLock { $0.append(slow.batchSizes.count) } }
        let n = 40
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<n {
                group.addTask { _ = try await batcher.intake(IntakeRequest(item: StoreConformance.item(name: "f\(i).pdf"), jobs: [])) }
            }
            try await group.waitForAll()
        }
        let sizes = slow.batchSizes
        #expect(sizes.reduce(0, +) == n)
        #expect(sizes.count < n, "intakes shared commits: \(sizes)")
        #expect(flushes.withLock { $0 } == Array(0..<sizes.count), "one flush before each commit, none after: \(flushes.withLock { $0 }) for \(sizes)")

        struct DiskFailed: Error {}
        let failing = IntakeBatcher(store: store) { throw DiskFailed() }
        let before = try await store.items(ItemQuery()).count
        await #expect(throws: DiskFailed.self) { try await failing.intake(IntakeRequest(item: StoreConformance.item(name: "lost.pdf"), jobs: [])) }
        #expect(try await store.items(ItemQuery()).count == before, "nothing committed without its flush")
    }
}

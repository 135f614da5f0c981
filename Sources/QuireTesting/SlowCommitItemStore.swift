public import Foundation
public import QuireCore
public import QuireStore
import Synchronization

/// An item store whose commits of intakes take `delay` longer, and that records how many intakes
/// each commit held: for testing that intakes arriving together are committed together.
public final class SlowCommitItemStore: ForwardingItemStore {
    public let inner: any ItemStore
    let delay: Duration
    let sizes = Mutex<[Int]>([])

    public init(_ inner: any ItemStore, delay: Duration = .milliseconds(50)) {
        self.inner = inner
        self.delay = delay
    }

    /// The number of intakes in each commit so far, in order.
    public var batchSizes: [Int] { sizes.withLock { $0 } }

    public func intake(_ request: IntakeRequest) async throws -> IntakeResult {
        try await intake(batch: [request])[0].get()
    }

    public func intake(batch: [IntakeRequest]) async throws -> [Result<IntakeResult, QuireError>] {
        sizes.withLock { $0.append(batch.count) }
        try await Task.sleep(for: delay)
        return try await inner.intake(batch: batch)
    }
}

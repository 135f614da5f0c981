public import Foundation
public import QuireCore
public import QuireStore
import Synchronization

/// An item store whose first `failures` intakes are committed by the store underneath and then answered with an error,
/// as when the connection to PostgreSQL drops between the commit and its answer. For testing that a caller does not
/// take a document in twice when it cannot tell whether it was recorded.
public final class LostAnswerItemStore: ForwardingItemStore {
    public let inner: any ItemStore
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
}

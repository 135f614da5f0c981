public import Foundation
public import Testing

// Swift Testing runs every test, synchronous ones too, on the cooperative pool, which has one thread
// per core: two on a CI machine. A test that blocks there (waiting for a process, computing an OCR
// page) takes one of the two from every other test in the process, and the tasks they wait on (a
// bot's watchdog, a database connection's timeout, a lease's heartbeat) then run late, all at once.
// A CI run saw bots "time out" minutes after they had exited and PostgreSQL "not answer" for a
// minute. Dispatch's global queues are no way out: on Linux they too have about a thread per core
// (eight waits of three seconds each took six seconds there), and GRDB's queues run on them. So
// whatever blocks for long in a test runs on a thread of its own.

/// Runs blocking work on a thread of its own and awaits its result.
public enum OwnThread {
    public static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: body()) }
        }
    }

    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
        }
    }
}

/// A task executor that runs each job on a thread of its own (see ``OffThePool``).
public final class OwnThreadExecutor: TaskExecutor {
    public static let shared = OwnThreadExecutor()

    /// Whether the caller runs on one of this executor's threads.
    public static var isCurrent: Bool { Thread.current.threadDictionary[marker] != nil }
    static let marker = "quire.tests.own-thread"

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        Thread.detachNewThread {
            Thread.current.threadDictionary[Self.marker] = true
            job.runSynchronously(on: executor)
        }
    }
}

/// A trait for suites whose tests compute or block for seconds in synchronous code (OCR, PDF
/// rendering, training a model): their bodies, and the tasks they start, run on
/// ``OwnThreadExecutor`` instead of the cooperative pool.
public struct OffThePool: TestTrait, SuiteTrait, TestScoping {
    public var isRecursive: Bool { true }

    public func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        try await withTaskExecutorPreference(OwnThreadExecutor.shared) { try await function() }
    }
}

extension Trait where Self == OffThePool {
    /// See ``OffThePool``.
    public static var offThePool: Self { OffThePool() }
}

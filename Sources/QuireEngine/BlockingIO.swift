import Dispatch

/// Work that blocks a thread — fsync above all, or a long computation such as training — run on
/// threads of its own instead of the cooperative pool, which has one thread per core: intake waits
/// mostly on fsync, and with the calls on the pool at most one per core would be under way, and the
/// scheduler and the API would wait behind them.
public enum BlockingIO {
    /// A concurrent queue: libdispatch adds threads while its work blocks.
    private static let queue = DispatchQueue(label: "quire.blocking-io", attributes: .concurrent)

    public static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: work()) }
        }
    }

    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}

import QuireCore
import QuireStore
import Synchronization

/// Group commit for job results: stages that finish at about the same time have their
/// completions written in one transaction. Each caller still gets its own answer (a stale
/// lease refuses only that completion). Runs as a child task of the scheduler.
final class CompletionWriter: Sendable {
    private struct Pending: Sendable {
        var id: UInt64
        var completion: Completion
        var continuation: CheckedContinuation<Void, any Error>
    }
    private let nextID = Mutex<UInt64>(0)

    private let store: any JobStore
    private let pending = Mutex<[Pending]>([])
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation
    /// Completions written in one transaction at most.
    private let maxBatch: Int

    init(store: any JobStore, maxBatch: Int = 256) {
        self.store = store
        self.maxBatch = maxBatch
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Writes a completion; returns once it is committed, or throws what refused it. A caller
    /// cancelled while its completion still waits for a batch stops waiting (CancellationError)
    /// and the completion is not written: a scheduler that stops never waits on a writer that
    /// does not answer. (One already in a batch is answered by the batch.)
    func submit(_ completion: Completion) async throws {
        let id = nextID.withLock { n in n += 1; return n }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (cont: CheckedContinuation<Void, any Error>) in
                if Task.isCancelled { cont.resume(throwing: CancellationError()); return }
                pending.withLock { $0.append(Pending(id: id, completion: completion, continuation: cont)) }
                wake.yield()
            }
        } onCancel: {
            let waiting: Pending? = pending.withLock { p in
                guard let i = p.firstIndex(where: { $0.id == id }) else { return nil }
                return p.remove(at: i)
            }
            waiting?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Drains submissions until the task is cancelled. Call it from a child task that is
    /// cancelled only after every submitter has returned.
    func run() async {
        for await _ in wakeups {
            while true {
                let batch: [Pending] = pending.withLock { p in
                    let n = min(p.count, maxBatch)
                    let b = Array(p.prefix(n))
                    p.removeFirst(n)
                    return b
                }
                if batch.isEmpty { break }
                do {
                    let results = try await store.complete(batch: batch.map(\.completion))
                    for (p, r) in zip(batch, results) {
                        if let r { p.continuation.resume(throwing: r) } else { p.continuation.resume() }
                    }
                } catch {
                    for p in batch { p.continuation.resume(throwing: error) }
                }
            }
        }
        // Cancelled: nothing should be left, but never leave a caller hanging.
        for p in pending.withLock({ p in defer { p.removeAll() }; return p }) {
            p.continuation.resume(throwing: QuireError(.internal, "the scheduler stopped before this result was written"))
        }
    }
}

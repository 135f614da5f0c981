import QuireCore
import QuireStore
import Synchronization

/// Group commit for intake: files taken in at about the same time are recorded in one store
/// transaction, so a flood costs one commit (one fsync) per batch instead of one per file. Each
/// caller still gets its own answer.
///
/// No task of its own: a caller that finds no commit under way commits its own intake with
/// everything queued behind the last commit; callers that arrive while a commit is under way
/// queue, and when it ends the first of them commits the next batch. A caller that arrives alone
/// commits alone, as before.
///
/// `beforeCommit` runs once per batch, after the batch is chosen and before it is committed: the
/// spool's one flush of the blob store for every file of the batch (their blobs were written without
/// fsyncs), so nothing is committed that refers to a blob not yet on disk.
final class IntakeBatcher: Sendable {
    private enum Turn: Sendable {
        case done(IntakeResult)
        /// The commit before ended: this caller commits the next batch.
        case lead
    }
    private struct Waiting: Sendable {
        var request: IntakeRequest
        var continuation: CheckedContinuation<Turn, any Error>
    }
    private struct State: Sendable {
        var queue: [Waiting] = []
        var committing = false
    }

    private let store: any ItemStore
    private let state = Mutex(State())
    /// Intakes recorded in one transaction at most.
    private let maxBatch: Int
    private let beforeCommit: @Sendable () async throws -> Void

    init(store: any ItemStore, maxBatch: Int = 128, beforeCommit: @escaping @Sendable () async throws -> Void = {}) {
        self.store = store
        self.maxBatch = max(1, maxBatch)
        self.beforeCommit = beforeCommit
    }

    /// Records `request`, in one transaction with whatever else is queued; returns once it is committed.
    func intake(_ request: IntakeRequest) async throws -> IntakeResult {
        let leads = state.withLock { s in
            if s.committing { return false }
            s.committing = true
            return true
        }
        if !leads {
            let turn = try await withCheckedThrowingContinuation { (cont: CheckedContinuation<Turn, any Error>) in
                let queued = state.withLock { s in
                    // The commit under way ended meanwhile and nobody leads: this caller does.
                    guard s.committing else { s.committing = true; return false }
                    s.queue.append(Waiting(request: request, continuation: cont))
                    return true
                }
                if !queued { cont.resume(returning: .lead) }
            }
            if case .done(let result) = turn { return result }
        }
        return try await commit(leading: request)
    }

    private func commit(leading request: IntakeRequest) async throws -> IntakeResult {
        let others: [Waiting] = state.withLock { s in
            let n = min(s.queue.count, maxBatch - 1)
            defer { s.queue.removeFirst(n) }
            return Array(s.queue.prefix(n))
        }
        let results: [Result<IntakeResult, QuireError>]
        do {
            try await beforeCommit()
            results = try await store.intake(batch: [request] + others.map(\.request))
        } catch {
            for w in others { w.continuation.resume(throwing: error) }
            handOff()
            throw error
        }
        for (w, r) in zip(others, results.dropFirst()) {
            switch r {
            case .success(let result): w.continuation.resume(returning: .done(result))
            case .failure(let e): w.continuation.resume(throwing: e)
            }
        }
        handOff()
        return try results[0].get()
    }

    /// The next caller in the queue commits the next batch; with none, the next to arrive does.
    private func handOff() {
        let next: Waiting? = state.withLock { s in
            if s.queue.isEmpty {
                s.committing = false
                return nil
            }
            return s.queue.removeFirst()
        }
        next?.continuation.resume(returning: .lead)
    }
}

import Foundation
import QuireCore
@testable import QuireEngine
import QuireStore
import QuireTesting
import Synchronization
import Testing

/// The scheduler's group-commit writer: a result waiting for a writer that does not answer is
/// given up when its job is cancelled (a stopping scheduler), instead of holding the stop for good.
@Suite("Completion writer")
struct CompletionWriterTests {
    @Test func aCancelledCallerStopsWaitingForAWriterThatDoesNotAnswer() async throws {
        let dir = try TemporaryDirectory("quire-writer")
        defer { dir.remove() }
        let store = try SQLiteStore(path: dir.file("q.sqlite"))
        // Its run loop is never started: nothing will write what is submitted.
        let writer = CompletionWriter(store: store)
        let completion = Completion(job: JobID(1), token: LeaseToken(1), disposition: .requeue(runAt: Date(), error: nil, countAttempt: false), events: [], now: Date())
        for cancelFirst in [false, true] {
            let ended = Mutex<(any Error)??>(nil)
            let gate = AsyncStream<Void>.makeStream()
            let caller = Task {
                if cancelFirst { for await _ in gate.stream {} }
                do { try await writer.submit(completion); ended.withLock { $0 = .some(nil) } } catch { ended.withLock { $0 = .some(error) } }
            }
            if !cancelFirst { try await Task.sleep(for: .milliseconds(200)) }
            caller.cancel()
            gate.continuation.finish()
            // (Bounded: before the change the caller waited for ever.)
            #expect(await eventually(timeout: 10) { ended.withLock { $0 != nil } }, "the cancelled caller stopped waiting")
            let error = ended.withLock { $0 } ?? nil
            #expect(error is CancellationError, "\(String(describing: error))")
        }
    }
}

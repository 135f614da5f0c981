import Foundation
import Synchronization

/// Lets a repeated failure be logged once every `every` seconds: `admit` says whether to log now and how many
/// occurrences since the last line were not logged.
final class LogGate: Sendable {
    let every: Double
    private let state = Mutex<(last: Date?, suppressed: Int)>((nil, 0))

    init(every: Double) { self.every = every }

    func admit(now: Date) -> Int? {
        state.withLock { s in
            if let last = s.last, now.timeIntervalSince(last) < every { s.suppressed += 1; return nil }
            defer { s = (now, 0) }
            return s.suppressed
        }
    }
}

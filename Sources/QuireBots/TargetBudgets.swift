public import QuireCore
import Synchronization

/// Concurrency and rate budgets per target system (or per bot, when it names no target), shared
/// by every stage and pipeline of one process. The rate is a sliding window (at most `count`
/// starts in any `period`), not a token bucket, so a burst never exceeds what the target system
/// was promised. The clock is a parameter, so tests drive time.
public final class TargetBudgets: Sendable {
    public struct Limits: Sendable, Hashable {
        public var concurrency: Int
        public var rate: StageSpec.Rate?
        public init(concurrency: Int, rate: StageSpec.Rate? = nil) {
            self.concurrency = concurrency
            self.rate = rate
        }
    }

    /// A granted dispatch; give it back with ``release(_:)``.
    public struct Permit: Sendable, Hashable {
        public let key: String
    }

    public enum Decision: Sendable, Hashable {
        case granted(Permit)
        /// Try again after this many seconds.
        case wait(Double)
    }

    struct Entry {
        var running = 0
        /// Start times within the last period, oldest first.
        var starts: [Double] = []
    }

    let now: @Sendable () -> Double
    let entries = Mutex<[String: Entry]>([:])

    /// `now`: seconds on a monotonic scale (default: the continuous clock).
    public init(now: @escaping @Sendable () -> Double = TargetBudgets.monotonic) {
        self.now = now
    }

    static let origin = ContinuousClock.now
    public static let monotonic: @Sendable () -> Double = {
        let d = ContinuousClock.now - origin
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    public func tryAcquire(_ key: String, limits: Limits) -> Decision {
        let t = now()
        return entries.withLock { all in
            var e = all[key] ?? Entry()
            defer { all[key] = e }
            guard e.running < limits.concurrency else { return .wait(0.05) }
            if let rate = limits.rate {
                if let drop = e.starts.firstIndex(where: { $0 > t - rate.period }) { e.starts.removeFirst(drop) } else { e.starts.removeAll() }
                if Double(e.starts.count) >= rate.count.rounded(.down) {
                    return .wait(max(0.01, e.starts[0] + rate.period - t))
                }
                e.starts.append(t)
            }
            e.running += 1
            return .granted(Permit(key: key))
        }
    }

    public func release(_ permit: Permit) {
        entries.withLock { all in
            if var e = all[permit.key] {
                e.running = max(0, e.running - 1)
                all[permit.key] = e
            }
        }
    }

    /// Dispatches running now under `key`.
    public func running(_ key: String) -> Int { entries.withLock { $0[key]?.running ?? 0 } }

    /// Waits for a permit for at most `maxWait` seconds (by `sleep`); nil when none came.
    public func acquire(_ key: String, limits: Limits, maxWait: Double,
                        sleep: @Sendable (Double) async throws -> Void = { try await Task.sleep(for: .milliseconds(Int64($0 * 1000))) }) async throws -> Permit? {
        let start = now()
        while true {
            switch tryAcquire(key, limits: limits) {
            case .granted(let p): return p
            case .wait(let s):
                if now() - start + s > maxWait { return nil }
                try await sleep(s)
            }
        }
    }
}

public import Foundation
public import Logging
public import QuireCore
public import QuireStore
import Synchronization

/// What the bot stage asks before it dispatches: a share of the target system's budget, held
/// for the dispatch and given back after it. ``TargetBudgets`` keeps the budgets of one process
/// (one `quire serve` on its SQLite home); ``SharedTargetBudgets`` keeps them in the store, so
/// several nodes on one PostgreSQL store keep one budget between them.
public protocol BudgetGate: Sendable {
    /// Waits for a permit for at most `maxWait` seconds; nil when none came. `lease`: seconds
    /// after which a permit never given back (its node died) frees itself.
    func take(_ key: String, limits: TargetBudgets.Limits, lease: Double, maxWait: Double) async throws -> TargetBudgets.Permit?
    func giveBack(_ permit: TargetBudgets.Permit) async
}

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
        /// The store's slot (``SharedTargetBudgets``); nil for a permit of this process.
        public let slot: String?
        init(key: String, slot: String? = nil) {
            self.key = key
            self.slot = slot
        }
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
    /// Waits this many seconds (a busy target's retry); tests pass their own.
    public static let sleep: @Sendable (Double) async throws -> Void = { try await Task.sleep(for: .milliseconds(Int64($0 * 1000))) }

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
                        sleep: @Sendable (Double) async throws -> Void = TargetBudgets.sleep) async throws -> Permit? {
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

extension TargetBudgets: BudgetGate {
    public func take(_ key: String, limits: Limits, lease: Double, maxWait: Double) async throws -> Permit? {
        try await acquire(key, limits: limits, maxWait: maxWait)
    }

    public func giveBack(_ permit: Permit) async {
        release(permit)
    }
}

/// Budgets kept in the store (``BudgetStore``): every node on one PostgreSQL store counts the
/// same slots, so a target's concurrency and rate hold over all of them. Each ask is one short
/// transaction; a busy target is asked again every 0.1 s until `maxWait` runs out. A slot that is
/// never given back (the node died mid-dispatch) frees itself when its lease ends.
public struct SharedTargetBudgets: BudgetGate {
    let store: any BudgetStore
    let holder: String
    let logger: Logger
    let now: @Sendable () -> Date
    let sleep: @Sendable (Double) async throws -> Void

    /// `holder`: this node's owner id (its slots carry it).
    public init(store: any BudgetStore, holder: String, logger: Logger, now: @escaping @Sendable () -> Date = Date.init,
                sleep: @escaping @Sendable (Double) async throws -> Void = TargetBudgets.sleep) {
        self.store = store
        self.holder = holder
        self.logger = logger
        self.now = now
        self.sleep = sleep
    }

    public func take(_ key: String, limits: TargetBudgets.Limits, lease: Double, maxWait: Double) async throws -> TargetBudgets.Permit? {
        let request = BudgetSlotRequest(key: key, holder: holder, concurrency: limits.concurrency,
                                        rateCount: limits.rate.map { Int($0.count.rounded(.down)) }, ratePeriod: limits.rate?.period, lease: lease)
        let start = now()
        while true {
            switch try await store.takeBudgetSlot(request, now: now()) {
            case .granted(let id): return TargetBudgets.Permit(key: key, slot: id)
            case .wait(let s):
                if now().timeIntervalSince(start) + s > maxWait { return nil }
                try await sleep(s)
            }
        }
    }

    public func giveBack(_ permit: TargetBudgets.Permit) async {
        guard let slot = permit.slot else { return }
        do {
            try await store.releaseBudgetSlot(id: slot, now: now())
        } catch {
            // The slot frees itself when its lease ends; until then the target has one dispatch less.
            logger.warning("could not give a target budget's slot back; it frees itself when its lease ends",
                           metadata: ["budget": "\(permit.key)", "error": "\(error)"])
        }
    }
}

public import Foundation

/// Target-system budgets held in the store, so that several nodes on one PostgreSQL store keep
/// one budget between them (migration `v11-budget-slots`): "at most 2 sessions on the ERP" is 2
/// over all nodes, not 2 per node.
///
/// A dispatch takes a *slot* of its target's budget for as long as it runs and gives it back
/// when it ends. A slot has a lease (the bot's timeout and a margin): a node that dies while it
/// holds one frees it when the lease runs out, never before. A released slot still counts
/// towards the rate until it is older than the rate's period (a sliding window, as in
/// `TargetBudgets`).
public protocol BudgetStore: Sendable {
    /// Takes a slot of `request.key`'s budget if fewer than `concurrency` unexpired slots are
    /// held and (with a rate) fewer than `rateCount` were taken in the last `ratePeriod` seconds;
    /// else says how long to wait before asking again. One transaction, serialised per key.
    func takeBudgetSlot(_ request: BudgetSlotRequest, now: Date) async throws -> BudgetSlotDecision
    /// Gives a slot back (no-op for a slot that is gone or already released).
    func releaseBudgetSlot(id: String, now: Date) async throws
}

/// What a dispatch asks of its target's budget.
public struct BudgetSlotRequest: Sendable, Hashable {
    /// The budget's name ("target:erp", "bot:ledger-csv").
    public var key: String
    /// Who holds the slot (the node's owner id), for `quire status` and for debugging.
    public var holder: String
    public var concurrency: Int
    /// At most this many slots taken in any `ratePeriod` seconds; nil: no rate.
    public var rateCount: Int?
    public var ratePeriod: Double?
    /// Seconds until the slot frees itself if it is never given back.
    public var lease: Double

    public init(key: String, holder: String, concurrency: Int, rateCount: Int? = nil, ratePeriod: Double? = nil, lease: Double) {
        self.key = key
        self.holder = holder
        self.concurrency = concurrency
        self.rateCount = rateCount
        self.ratePeriod = ratePeriod
        self.lease = lease
    }
}

public enum BudgetSlotDecision: Sendable, Hashable {
    case granted(id: String)
    /// Ask again after this many seconds.
    case wait(Double)
}

/// The one rule both drivers apply to what they counted.
enum BudgetRules {
    /// How often a node asks again while the target is busy: each ask is a transaction.
    static let busyRetry = 0.1

    /// `running`: unexpired, unreleased slots; `recent`: slots taken within the rate's period;
    /// `oldestRecent`: when the oldest of those was taken.
    static func decide(_ r: BudgetSlotRequest, running: Int, recent: Int, oldestRecent: Double?, now: Double) -> BudgetSlotDecision? {
        if running >= r.concurrency { return .wait(busyRetry) }
        if let count = r.rateCount, let period = r.ratePeriod, recent >= count {
            return .wait(max(0.01, (oldestRecent ?? now) + period - now))
        }
        return nil
    }

    /// Rows older than this (taken before it, and released or expired) count for nothing any more.
    static func pruneBefore(_ r: BudgetSlotRequest, now: Double) -> Double { now - max(0, r.ratePeriod ?? 0) }

    static func newID() -> String { UUID().uuidString.lowercased() }
}

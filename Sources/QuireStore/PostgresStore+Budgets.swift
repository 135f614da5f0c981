public import Foundation
import PostgresNIO

extension PostgresStore {
    // MARK: Target budgets (migration v11-budget-slots)

    public func takeBudgetSlot(_ r: BudgetSlotRequest, now: Date) async throws -> BudgetSlotDecision {
        let asked = Date()
        return try await transaction { tx in
            // One node at a time counts and takes a key's slots.
            try await tx.execute("SELECT pg_advisory_xact_lock(hashtextextended(\("budget:" + r.key), 0))")
            // The slot's time is when the lock was had, not when it was asked for.
            let n = Self.t(now) + Date().timeIntervalSince(asked)
            try await tx.execute("""
                DELETE FROM budget_slots WHERE key = \(r.key) AND taken_at <= \(BudgetRules.pruneBefore(r, now: n))
                AND (released_at IS NOT NULL OR lease_until <= \(n))
                """)
            let since = n - (r.ratePeriod ?? 0)
            let row = try await tx.row("""
                SELECT COUNT(CASE WHEN released_at IS NULL AND lease_until > \(n) THEN 1 END) AS running,
                       COUNT(CASE WHEN taken_at > \(since) THEN 1 END) AS recent,
                       MIN(CASE WHEN taken_at > \(since) THEN taken_at END) AS oldest
                FROM budget_slots WHERE key = \(r.key)
                """)
            if let wait = BudgetRules.decide(r, running: (row?["running"] as Int?) ?? 0, recent: (row?["recent"] as Int?) ?? 0,
                                             oldestRecent: row?["oldest"] as Double?, now: n) {
                return wait
            }
            let id = BudgetRules.newID()
            try await tx.execute("INSERT INTO budget_slots (id, key, holder, taken_at, lease_until) VALUES (\(id), \(r.key), \(r.holder), \(n), \(n + r.lease))")
            return .granted(id: id)
        }
    }

    public func releaseBudgetSlot(id: String, now: Date) async throws {
        try await autocommit { tx in
            try await tx.execute("UPDATE budget_slots SET released_at = \(Self.t(now)) WHERE id = \(id) AND released_at IS NULL")
        }
    }
}

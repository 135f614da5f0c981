public import Foundation
import GRDB

extension SQLiteStore {
    // MARK: Target budgets (migration v11-budget-slots)

    public func takeBudgetSlot(_ r: BudgetSlotRequest, now: Date) async throws -> BudgetSlotDecision {
        let asked = Date()
        return try await write { db in
            // The slot's time is when the write lock was had, not when it was asked for.
            let n = Self.t(now) + Date().timeIntervalSince(asked)
            try Self.exec(db, "DELETE FROM budget_slots WHERE key = ? AND taken_at <= ? AND (released_at IS NOT NULL OR lease_until <= ?)",
                          arguments: [r.key, BudgetRules.pruneBefore(r, now: n), n])
            let since = n - (r.ratePeriod ?? 0)
            let row = try Self.rows(db, """
                SELECT COUNT(CASE WHEN released_at IS NULL AND lease_until > ? THEN 1 END) AS running,
                       COUNT(CASE WHEN taken_at > ? THEN 1 END) AS recent,
                       MIN(CASE WHEN taken_at > ? THEN taken_at END) AS oldest
                FROM budget_slots WHERE key = ?
                """, arguments: [n, since, since, r.key]).first
            if let wait = BudgetRules.decide(r, running: row?["running"] ?? 0, recent: row?["recent"] ?? 0, oldestRecent: row?["oldest"], now: n) {
                return wait
            }
            let id = BudgetRules.newID()
            try Self.exec(db, "INSERT INTO budget_slots (id, key, holder, taken_at, lease_until) VALUES (?, ?, ?, ?, ?)",
                          arguments: [id, r.key, r.holder, n, n + r.lease])
            return .granted(id: id)
        }
    }

    public func releaseBudgetSlot(id: String, now: Date) async throws {
        try await write { db in
            try Self.exec(db, "UPDATE budget_slots SET released_at = ? WHERE id = ? AND released_at IS NULL", arguments: [Self.t(now), id])
        }
    }
}

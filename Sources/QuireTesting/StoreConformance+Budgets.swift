public import Foundation
public import QuireCore
public import QuireStore
import Testing

extension StoreConformance {
    /// The checks of ``BudgetStore``.
    public static let budgets: [Check] = [
        ("budget slots hold concurrency, rate and leases", budgetSlotsHoldConcurrencyRateAndLeases),
    ]

    /// Budget slots: at most `concurrency` held, at most `rateCount` taken in a period, a slot
    /// never given back frees itself at the end of its lease, and keys do not share.
    public static func budgetSlotsHoldConcurrencyRateAndLeases(_ store: any Store) async throws {
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        func at(_ s: Double) -> Date { t0.addingTimeInterval(s) }
        let erp = BudgetSlotRequest(key: "target:erp", holder: "node-a", concurrency: 2, rateCount: 3, ratePeriod: 60, lease: 30)
        var other = erp
        other.holder = "node-b"
        let first = Date()
        guard case .granted(let s1) = try await store.takeBudgetSlot(erp, now: t0) else {
            Issue.record("the first slot of a budget of two is granted")
            return
        }
        let tookFirst = Date().timeIntervalSince(first)
        guard case .granted = try await store.takeBudgetSlot(other, now: at(1)) else {
            Issue.record("the first two slots of a budget of two are granted")
            return
        }
        guard case .wait(let busy) = try await store.takeBudgetSlot(other, now: at(2)) else {
            Issue.record("a third slot while two are held is refused")
            return
        }
        #expect(busy > 0 && busy <= 1)
        var elsewhere = erp
        elsewhere.key = "target:crm"
        if case .wait = try await store.takeBudgetSlot(elsewhere, now: at(2)) { Issue.record("another target's budget is its own") }
        try await store.releaseBudgetSlot(id: s1, now: at(3))
        try await store.releaseBudgetSlot(id: s1, now: at(3))
        guard case .granted(let s3) = try await store.takeBudgetSlot(erp, now: at(3)) else {
            Issue.record("a released slot can be taken again")
            return
        }
        try await store.releaseBudgetSlot(id: s3, now: at(4))
        // One slot is held (below two), but three were taken in the last 60 s: the rate says wait
        // until the oldest of them is 60 s old.
        let asked = Date()
        guard case .wait(let rated) = try await store.takeBudgetSlot(erp, now: at(4)) else {
            Issue.record("a fourth start within the rate's period is refused")
            return
        }
        // (PostgreSQL dates a slot when its lock was had, so the real seconds a call took on a busy machine shift the
        // answer by as much, never more: the first start's 56 s, later by what its own call took and earlier by what
        // this one took; on an idle machine under a second either way, so not the second start's 57.)
        let took = Date().timeIntervalSince(asked)
        #expect(rated <= 56 + tookFirst + 0.05 && rated >= 56 - took - 0.05,
                "waits until the first start leaves the window: \(rated) (the first call took \(tookFirst) s, this one \(took) s)")
        // At 61 s the first start has left the window and the slot of node b, never given back,
        // ran out of lease at 31 s. (Later by what the first call took: PostgreSQL dated that start when its lock was had.)
        guard case .granted = try await store.takeBudgetSlot(erp, now: at(61 + tookFirst)) else {
            Issue.record("an expired lease and an aged start free the budget")
            return
        }
        // Without a rate, only the lease frees a slot that is never given back.
        let one = BudgetSlotRequest(key: "bot:ledger", holder: "node-a", concurrency: 1, lease: 10)
        guard case .granted = try await store.takeBudgetSlot(one, now: t0) else { Issue.record("a free budget grants"); return }
        if case .granted = try await store.takeBudgetSlot(one, now: at(9)) { Issue.record("a held slot is held until its lease ends") }
        if case .wait = try await store.takeBudgetSlot(one, now: at(11)) { Issue.record("a lease that ran out frees its slot") }
    }
}

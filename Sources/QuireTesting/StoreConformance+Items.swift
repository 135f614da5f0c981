public import Foundation
public import QuireCore
public import QuireStore
import Testing

extension StoreConformance {
    /// The checks of ``ItemStore``.
    public static let items: [Check] = [
        ("intake records item, job and event", intakeRecordsItemJobAndEvent),
        ("idempotency keys are unique", idempotencyKeysAreUnique),
        ("same content is linked as duplicate", sameContentIsLinkedAsDuplicate),
        ("intake key makes intake idempotent", intakeKeyMakesIntakeIdempotent),
        ("a batch of intakes is each intake in order", aBatchOfIntakesIsEachIntakeInOrder),
        ("transitions check the state", transitionsCheckTheState),
        ("business keys point at the first holder", businessKeysPointAtTheFirstHolder),
        ("tenants have their own keys and duplicates", tenantsHaveTheirOwnKeysAndDuplicates),
    ]

    public static func intakeRecordsItemJobAndEvent(_ store: any Store) async throws {
        let i = try await enqueue(store)
        let fetched = try #require(try await store.item(i.id))
        #expect(fetched.name == "a.pdf")
        #expect(fetched.state == .received)
        let jobs = try await store.jobs(of: i.id)
        #expect(jobs.count == 1)
        #expect(jobs.first?.state == .ready)
        #expect(jobs.first?.attempts == 0)
        #expect(try await store.events(of: i.id).map(\.kind) == ["received"])
    }

    public static func idempotencyKeysAreUnique(_ store: any Store) async throws {
        let first = try await store.intake(IntakeRequest(item: item(key: "K1"), jobs: [draft()]))
        guard case .created = first else { Issue.record("first intake should create"); return }
        let second = try await store.intake(IntakeRequest(item: item(key: "K1"), jobs: [draft()]))
        #expect(isExisting(second, first.item.id))
        let otherPipeline = try await store.intake(IntakeRequest(item: item("q", key: "K1"), jobs: []))
        guard case .created = otherPipeline else { Issue.record("a key is unique per pipeline only"); return }
        // Racing submits with one key: exactly one item.
        let results = try await withThrowingTaskGroup(of: IntakeResult.self) { group in
            for _ in 0..<8 { group.addTask { try await store.intake(IntakeRequest(item: item(key: "RACE"), jobs: [draft()])) } }
            var r: [IntakeResult] = []
            for try await x in group { r.append(x) }
            return r
        }
        #expect(Set(results.map(\.item.id)).count == 1)
        #expect(try await store.items(ItemQuery(pipeline: "p")).count == 2)
    }

    public static func sameContentIsLinkedAsDuplicate(_ store: any Store) async throws {
        let a = try await store.intake(IntakeRequest(item: item(name: "a.pdf", hash: "H"), jobs: [draft()]))
        let b = try await store.intake(IntakeRequest(item: item(name: "b.pdf", hash: "H"), jobs: [draft()]))
        guard case .duplicate(let dup, let original) = b else { Issue.record("expected a duplicate, got \(b)"); return }
        #expect(original.id == a.item.id)
        #expect(dup.duplicateOf == a.item.id)
        #expect(dup.state == .duplicate)
        #expect(try await store.jobs(of: dup.id).isEmpty, "a duplicate is not processed")
        #expect(try await store.events(of: a.item.id).map(\.kind) == ["received", "duplicate_received"])
    }

    public static func intakeKeyMakesIntakeIdempotent(_ store: any Store) async throws {
        let a = try await store.intake(IntakeRequest(item: item(), jobs: [draft()], intakeKey: "claim-1"))
        let b = try await store.intake(IntakeRequest(item: item(), jobs: [draft()], intakeKey: "claim-1"))
        #expect(isExisting(b, a.item.id))
        #expect(try await store.item(intakeKey: "claim-1")?.id == a.item.id)
        #expect(try await store.items(ItemQuery()).count == 1)
    }

    public static func aBatchOfIntakesIsEachIntakeInOrder(_ store: any Store) async throws {
        let a = item(name: "a.pdf", hash: "BATCH-H")
        var clash = item(name: "clash.pdf")
        clash.id = a.id   // the same id again: refused by the store, alone
        let results = try await store.intake(batch: [
            IntakeRequest(item: a, jobs: [draft()], intakeKey: "batch-a"),
            IntakeRequest(item: item(name: "b.pdf", hash: "BATCH-H"), jobs: [draft()], intakeKey: "batch-b"),
            IntakeRequest(item: item(name: "a-again.pdf"), jobs: [draft()], intakeKey: "batch-a"),
            IntakeRequest(item: clash, jobs: [draft()], intakeKey: "batch-clash"),
            IntakeRequest(item: item(name: "c.pdf"), jobs: [draft()], intakeKey: "batch-c"),
        ])
        #expect(results.count == 5)
        guard results.count == 5, case .success(.created(let first)) = results[0] else { Issue.record("\(results)"); return }
        guard case .success(.duplicate(_, let original)) = results[1] else { Issue.record("b: \(results[1])"); return }
        #expect(original.id == first.id, "a later intake of the batch finds an earlier one as its original")
        guard case .success(let again) = results[2] else { Issue.record("a again: \(results[2])"); return }
        #expect(isExisting(again, first.id))
        guard case .failure = results[3] else { Issue.record("an id taken already must fail: \(results[3])"); return }
        guard case .success(.created(let c)) = results[4] else { Issue.record("c: \(results[4])"); return }
        #expect(try await store.item(intakeKey: "batch-clash") == nil, "the refused one left nothing behind")
        #expect(Set(try await store.items(ItemQuery()).map(\.name)) == ["a.pdf", "b.pdf", "c.pdf"])
        #expect(try await store.jobs(of: c.id).count == 1)
        #expect(try await store.events(of: first.id).map(\.kind) == ["received", "duplicate_received"])
        #expect(try await store.intake(batch: []).isEmpty)
    }

    public static func transitionsCheckTheState(_ store: any Store) async throws {
        let i = try await enqueue(store)
        let cancelled = try await store.transition(ItemTransition(item: i.id, allowedFrom: [.received, .processing], to: .cancelled, reason: "test",
                                                                  cancelActiveJobs: true, events: [EventDraft(kind: "cancelled")], now: Date()))
        #expect(cancelled.state == .cancelled)
        #expect(try await store.jobs(of: i.id).map(\.state) == [.cancelled])
        #expect(try await claim(store).isEmpty)
        do {
            _ = try await store.transition(ItemTransition(item: i.id, allowedFrom: [.failed], to: .processing, now: Date()))
            Issue.record("a transition from a state not allowed must be refused")
        } catch let e as QuireError {
            #expect(e.code == .invalidState)
        }
        let retried = try await store.transition(ItemTransition(item: i.id, allowedFrom: [.cancelled], to: .processing, enqueue: [draft()], now: Date()))
        #expect(retried.state == .processing)
        #expect(try await claim(store).count == 1)
    }

    public static func businessKeysPointAtTheFirstHolder(_ store: any Store) async throws {
        let a = try await enqueue(store), b = try await enqueue(store), c = try await enqueue(store)
        #expect(try await store.claimBusinessKey(pipeline: "p", key: "k1", item: a.id, now: Date()) == nil)
        #expect(try await store.claimBusinessKey(pipeline: "p", key: "k1", item: a.id, now: Date()) == nil, "the holder claiming again is not a duplicate")
        #expect(try await store.claimBusinessKey(pipeline: "p", key: "k1", item: b.id, now: Date()) == a.id)
        #expect(try await store.claimBusinessKey(pipeline: "other", key: "k1", item: b.id, now: Date()) == nil, "keys are per pipeline")
        // A cancelled holder gives the key up.
        _ = try await store.transition(ItemTransition(item: a.id, allowedFrom: [.received], to: .cancelled, reason: "test", cancelActiveJobs: true, now: Date()))
        #expect(try await store.claimBusinessKey(pipeline: "p", key: "k1", item: c.id, now: Date()) == nil)
        #expect(try await store.claimBusinessKey(pipeline: "p", key: "k1", item: b.id, now: Date()) == c.id)
    }

    /// Idempotency keys and same-content duplicates are per tenant.
    public static func tenantsHaveTheirOwnKeysAndDuplicates(_ store: any Store) async throws {
        func tenantItem(_ tenant: String?, key: String?) -> Item {
            var i = item("p", hash: "same-bytes", key: key)
            i.tenant = tenant
            return i
        }
        guard case .created(let a) = try await store.intake(IntakeRequest(item: tenantItem("acme", key: "K"), jobs: [])) else { Issue.record("acme creates"); return }
        guard case .created(let g) = try await store.intake(IntakeRequest(item: tenantItem("globex", key: "K"), jobs: [])) else {
            Issue.record("globex's key K and bytes are its own"); return
        }
        #expect(a.id != g.id)
        guard case .created = try await store.intake(IntakeRequest(item: tenantItem(nil, key: "K"), jobs: [])) else { Issue.record("no tenant is a tenant of its own"); return }
        let again = try await store.intake(IntakeRequest(item: tenantItem("globex", key: "K"), jobs: []))
        #expect(isExisting(again, g.id), "globex's own key finds globex's item")
        guard case .duplicate(_, let original) = try await store.intake(IntakeRequest(item: tenantItem("globex", key: nil), jobs: [])) else {
            Issue.record("the same bytes within a tenant are a duplicate"); return
        }
        #expect(original.id == g.id)
    }
}

public import Foundation
public import QuireCore
public import QuireStore
import Testing

extension StoreConformance {
    /// The checks of ``GovernanceStore``.
    public static let governance: [Check] = [
        ("audited actions are chained in the audit trail", auditedActionsAreChained),
        ("tokens are kept as hashes and revoked with an audit entry", tokensAreHashedAndRevoked),
    ]

    /// Every check, by name, for a parameterised test.
    /// Every audited kind of action lands in the trail, in order, and the chain checks out.
    public static func auditedActionsAreChained(_ store: any Store) async throws {
        try await store.appendAudit([AuditDraft(actor: "ann", action: "pipeline.load", subject: "pipeline:p", details: ["sha256": "abc"])], now: Date())
        let i = try await enqueue(store)
        let c = try #require(try await claim(store).first)
        try await store.complete(Completion(job: c.job.id, token: c.token, disposition: .finish(.dead, output: nil, error: "boom"),
                                            itemState: .failed, itemReason: "s1 failed", events: [EventDraft(kind: "dead_letter", stageID: "s1")], now: Date()))
        _ = try await store.transition(ItemTransition(item: i.id, allowedFrom: [.failed], to: .processing, enqueue: [draft()],
                                                      events: [EventDraft(kind: "retried", data: ["by": "bob"])], now: Date()))
        _ = try await store.openReview(Review(item: i.id, pipeline: "p", queue: "q", priority: 0, reasons: [], due: nil, createdAt: Date(), updatedAt: Date()))
        _ = try #require(try await store.claimReview(queue: "q", item: nil, reviewer: "cat", until: Date().addingTimeInterval(60), now: Date()))
        let entries = try await store.auditEntries(after: 0, limit: 100)
        #expect(entries.map(\.action) == ["pipeline.load", "job.dead_letter", "item.retry", "review.claim"])
        #expect(entries.map(\.actor) == ["ann", "system:scheduler", "bob", "cat"])
        #expect(entries.dropFirst().allSatisfy { $0.subject == "item:" + i.id.rawValue })
        #expect(entries.map(\.seq) == [1, 2, 3, 4])
        #expect(try await store.auditHighestSequence() == 4)
        #expect(try await store.latestAudit(subject: "pipeline:p")?.details["sha256"] == "abc")
        #expect(try await store.auditEntries(after: 2, limit: 1).map(\.seq) == [3])
        let check = AuditChain(key: nil).verify(entries, highest: 4)
        #expect(check.intact, "\(check)")
        // The chain notices an edited entry, a missing one and a missing tail.
        var edited = entries
        edited[1].actor = "mallory"
        #expect(AuditChain(key: nil).verify(edited, highest: 4).firstBad == 2)
        #expect(AuditChain(key: nil).verify([entries[0], entries[2], entries[3]], highest: 4).firstBad == 2)
        #expect(AuditChain(key: nil).verify([entries[0], entries[1], entries[3], entries[2]], highest: 4).firstBad == 3)
        #expect(AuditChain(key: nil).verify(Array(entries.prefix(3)), highest: 4).firstBad == 4)
        // A key changes every hash: a chain made without it does not verify with it.
        #expect(AuditChain(key: Data(repeating: 7, count: 32)).verify(entries, highest: 4).firstBad == 1)
    }

    public static func tokensAreHashedAndRevoked(_ store: any Store) async throws {
        let now = Date()
        let t = TokenRecord(id: "tok_a", name: "AP team", role: .reviewer, tenants: ["acme"], hash: String(repeating: "ab", count: 32), createdAt: now,
                            expiresAt: now.addingTimeInterval(3600), createdBy: "ann")
        try await store.createToken(t)
        #expect(try await store.tokens().map(\.id) == ["tok_a"])
        let found = try #require(try await store.token(hash: t.hash))
        #expect(found.role == .reviewer && found.tenants == ["acme"] && found.isValid(at: now) && !found.isValid(at: now.addingTimeInterval(7200)))
        #expect(try await store.token(hash: String(repeating: "cd", count: 32)) == nil)
        try await store.revokeToken(id: "tok_a", by: "bob", now: now)
        #expect(try await store.token(hash: t.hash)?.isValid(at: now) == false)
        await #expect(throws: QuireError.self) { try await store.revokeToken(id: "tok_a", by: "bob", now: now) }
        await #expect(throws: QuireError.self) { try await store.revokeToken(id: "tok_nope", by: "bob", now: now) }
        let audit = try await store.auditEntries(after: 0, limit: 10)
        #expect(audit.map(\.action) == ["token.create", "token.revoke"] && audit.map(\.actor) == ["ann", "bob"])
        #expect(!audit.map(\.details.compactText).joined().contains(t.hash), "the token's hash is not copied into the trail")
    }
}

public import Foundation
public import QuireCore
public import QuireStore
import Testing

extension StoreConformance {
    /// The checks of ``ReviewStore``.
    public static let reviews: [Check] = [
        ("review claims are exclusive, leased and compare-and-swap", reviewClaimsAreExclusiveLeasedAndCompareAndSwap),
        ("review rounds follow each other", reviewRoundsFollowEachOther),
    ]

    public static func reviewClaimsAreExclusiveLeasedAndCompareAndSwap(_ store: any Store) async throws {
        let now = Date()
        let a = try await enqueue(store), b = try await enqueue(store)
        for (i, p) in [(a, 1), (b, 5)] {
            _ = try await store.openReview(Review(item: i.id, pipeline: "p", queue: "invoices", priority: p, reasons: ["low confidence"], due: nil, createdAt: now, updatedAt: now))
        }
        // The most urgent first; two reviewers never get the same item.
        async let x = store.claimReview(queue: "invoices", item: nil, reviewer: "ann", until: now.addingTimeInterval(600), now: now)
        async let y = store.claimReview(queue: "invoices", item: nil, reviewer: "bob", until: now.addingTimeInterval(600), now: now)
        let (cx, cy) = try await (x, y)
        #expect(Set([cx?.item, cy?.item].compactMap { $0 }) == [a.id, b.id])
        #expect(try await store.claimReview(queue: "invoices", item: nil, reviewer: "cat", until: now.addingTimeInterval(600), now: now) == nil)
        let annHolds = cx?.claimedBy == "ann" ? cx! : cy!
        #expect(try await store.reviews(queue: "invoices", states: [.claimed], now: now, limit: 10).count == 2)
        // Compare-and-swap: a stale version is a conflict and writes nothing; the holder's current version goes through.
        let act = ReviewAction(item: annHolds.item, action: "approve", actor: "ann", at: now)
        do {
            _ = try await store.updateReview(item: annHolds.item, reviewer: "ann", expectedVersion: annHolds.version - 1, change: ReviewChange(state: .decided), action: act, now: now)
            Issue.record("a stale version must be refused")
        } catch let e as QuireError { #expect(e.code == .conflict) }
        do {
            _ = try await store.updateReview(item: annHolds.item, reviewer: "bob", expectedVersion: annHolds.version, change: ReviewChange(state: .decided), action: act, now: now)
            Issue.record("only the holder may submit")
        } catch let e as QuireError { #expect(e.code == .conflict) }
        let decided = try await store.updateReview(item: annHolds.item, reviewer: "ann", expectedVersion: annHolds.version,
                                                   change: ReviewChange(state: .decided, decision: ["action": "approve"]), action: act, now: now)
        #expect(decided.state == .decided && decided.decision?["action"] == "approve" && decided.claimedBy == nil)
        // A lease that runs out returns the item to the queue; the old holder's heartbeat fails.
        let other = annHolds.item == a.id ? b.id : a.id
        let later = now.addingTimeInterval(601)
        #expect(try await store.reviews(queue: "invoices", states: [.open], now: later, limit: 10).map(\.item) == [other])
        do {
            try await store.heartbeatReview(item: other, reviewer: annHolds.item == a.id ? "bob" : "ann", until: later.addingTimeInterval(600), now: later)
            Issue.record("a heartbeat after the lease ran out must fail")
        } catch let e as QuireError { #expect(e.code == .staleLease) }
        let again = try await store.claimReview(queue: "invoices", item: nil, reviewer: "cat", until: later.addingTimeInterval(600), now: later)
        #expect(again?.item == other && again?.claimedBy == "cat")
        try await store.releaseReview(item: other, action: ReviewAction(item: other, action: "release", actor: "supervisor", note: "cat went home", at: later), now: later)
        #expect(try await store.review(other)?.state == .open)
        #expect(try await store.reviewActions(item: other).map(\.action) == ["claim", "claim", "release"])
    }

    /// An item is reviewed in rounds: the same stage asking again updates its open round, a decided
    /// round is kept until a later round opens, and a new round (another stage's question) starts
    /// open and unclaimed with its own queue, reasons and question, the last decision kept in the
    /// review actions and the audit trail.
    public static func reviewRoundsFollowEachOther(_ store: any Store) async throws {
        let now = Date()
        let item = try await enqueue(store)
        let first = try await store.openReview(Review(item: item.id, pipeline: "p", queue: "invoices", priority: 0, reasons: ["total: unsure"], due: nil,
                                                      createdAt: now, updatedAt: now, stage: "review", round: 1))
        #expect(first.round == 1 && first.stage == "review")
        let claimed = try #require(try await store.claimReview(queue: "invoices", item: item.id, reviewer: "ann", until: now.addingTimeInterval(600), now: now))
        _ = try await store.updateReview(item: item.id, reviewer: "ann", expectedVersion: claimed.version,
                                         change: ReviewChange(state: .decided, decision: ["action": "approve", "reviewers": ["ann"]]),
                                         action: ReviewAction(item: item.id, action: "approve", actor: "ann", at: now), now: now)
        // The same round asked again leaves the decision alone.
        let same = try await store.openReview(Review(item: item.id, pipeline: "p", queue: "invoices", priority: 0, reasons: ["again"], due: nil,
                                                     createdAt: now, updatedAt: now, stage: "review", round: 1))
        #expect(same.state == .decided && same.reasons == ["total: unsure"])
        // A bot's question opens round 2 in its own queue.
        let question: JSONValue = ["bot": "erp", "action": "enter", "code": "ambiguous_vendor", "message": "two vendors match", "evidence": []]
        let second = try await store.openReview(Review(item: item.id, pipeline: "p", queue: "bots", priority: 3, reasons: ["bot erp asks for a person"],
                                                       due: now.addingTimeInterval(3600), createdAt: now.addingTimeInterval(1), updatedAt: now.addingTimeInterval(1),
                                                       stage: "enter", round: 2, context: question))
        #expect(second.round == 2 && second.stage == "enter" && second.queue == "bots" && second.state == .open)
        #expect(second.decision == nil && second.approvals.isEmpty && second.claimedBy == nil && second.version > claimed.version)
        #expect(second.botQuestion?.message == "two vendors match")
        // Updating the open round keeps its question unless a new one is given.
        let updated = try await store.openReview(Review(item: item.id, pipeline: "p", queue: "bots", priority: 3, reasons: ["still asking"], due: nil,
                                                        createdAt: now, updatedAt: now, stage: "enter", round: 2))
        #expect(updated.reasons == ["still asking"] && updated.botQuestion?.code == "ambiguous_vendor" && updated.round == 2)
        #expect(try await store.reviews(queue: "bots", states: [.open], now: now, limit: 10).map(\.item) == [item.id])
        let actions = try await store.reviewActions(item: item.id)
        #expect(actions.map(\.action) == ["claim", "approve", "round"])
        #expect(actions.last?.after["round"] == 2 && actions.last?.actor == "stage:enter")
        // The opening says what this round and the one before it were (the row now holds only this one).
        #expect(actions.last?.after["bot"] == true && actions.last?.after["previous"]?["bot"] == false
                && actions.last?.after["previous"]?["reasons"] == ["total: unsure"] && actions.last?.after["previous"]?["stage"] == "review")
        #expect(actions.currentRound.isEmpty, "the new round has no actions of its own yet")
    }
}

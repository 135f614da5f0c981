public import Foundation
public import QuireCore
public import QuireStore
import Testing

extension StoreConformance {
    /// The checks of ``WebhookStore``.
    public static let webhooks: [Check] = [
        ("webhook deliveries are unique, claimed, retried and replayed", webhookDeliveries),
    ]

    public static func webhookDeliveries(_ store: any Store) async throws {
        let now = Date()
        // Its own pipeline and stage: the checks share a store, and these jobs must not be claimed by others.
        let a = try await store.intake(IntakeRequest(item: item("hooks", at: now.addingTimeInterval(-5)), jobs: [draft("wh")])).item
        let b = try await store.intake(IntakeRequest(item: item("hooks", at: now.addingTimeInterval(-4)), jobs: [draft("wh")])).item
        // The change order: everything from the start, then only what follows a cursor.
        let all = try await store.itemsChanged(after: nil, limit: 100_000).map(\.id)
        #expect(all.firstIndex(of: a.id).map { i in all.firstIndex(of: b.id).map { i < $0 } ?? false } == true)
        let after = try await store.itemsChanged(after: ItemCursor(updatedAt: a.updatedAt, item: a.id), limit: 100_000).map(\.id)
        #expect(after.contains(b.id) && !after.contains(a.id))
        let d = WebhookDelivery(pipeline: "p", item: a.id, event: "done", itemVersion: 1, url: "http://hook", secret: "S", payload: ["event": "done"],
                                nextAt: now, createdAt: now)
        try await store.enqueueWebhooks([d, d], cursor: ("webhooks", ItemCursor(updatedAt: b.updatedAt, item: b.id)))
        #expect(try await store.webhookCursor("webhooks")?.item == b.id)
        // Queued once; claimed by the first asker only.
        let due = try await store.dueWebhooks(now: now, limit: 10)
        #expect(due.count == 1 && due.first?.payload["event"] == "done")
        #expect(try await store.dueWebhooks(now: now, limit: 10).isEmpty)
        let id = try #require(due.first?.id)
        try await store.recordWebhookAttempt(id: id, status: 503, error: "HTTP 503", delivered: false, nextAt: now.addingTimeInterval(5), now: now)
        #expect(try await store.dueWebhooks(now: now.addingTimeInterval(6), limit: 10).map(\.attempts) == [1])
        try await store.recordWebhookAttempt(id: id, status: 200, error: nil, delivered: true, nextAt: nil, now: now)
        #expect(try await store.webhookDeliveries(item: a.id, states: ["delivered"], limit: 10).first?.attempts == 2)
        let again = try await store.replayWebhook(id: id, by: "ops", now: now)
        #expect(again.state == "pending" && again.attempts == 0)
        #expect(try await store.auditEntries(after: 0, limit: 100).contains { $0.action == "webhook.replay" && $0.actor == "ops" })
        await #expect(throws: QuireError.self) { try await store.replayWebhook(id: 999_999, by: "ops", now: now) }
    }
}

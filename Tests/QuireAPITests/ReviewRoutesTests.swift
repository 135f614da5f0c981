import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import QuireAPI
import QuireCore
import QuireStore
import QuireTesting
import Testing

/// The review routes in process: the queue as each token may see it, claims, decisions and their
/// refusals, and the statistics that need a supervisor of no tenant.
@Suite("API review routes (in process)")
struct ReviewRoutesTests {
    @Test func aReviewerWorksTheQueueAndEachRefusalSaysWhy() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        let item = try await StoreConformance.enqueue(h.store)
        let now = Date()
        _ = try await h.store.openReview(Review(item: item.id, pipeline: "p", queue: "q", priority: 0, reasons: ["total: low confidence"], due: nil,
                                                createdAt: now, updatedAt: now, stage: "review", round: 1))
        let id = item.id.rawValue
        @Sendable func post(_ path: String, _ token: String, _ body: String = "{}") -> (uri: String, headers: HTTPFields, body: ByteBuffer) {
            (path, APIHarness.headers(token), ByteBuffer(string: body))
        }
        try await h.application().test(.router) { client in
            // The queue: a token of no tenant sees the item; a tenant's token does not, nor can it open it.
            try await client.execute(uri: "/v1/reviews", method: .get, headers: APIHarness.headers(h.reviewer)) { r in
                let rows = try APIHarness.json(r)["reviews"]?.arrayValue ?? []
                #expect(r.status == .ok && rows.contains { $0["item"]?.stringValue == id }, "\(rows)")
            }
            try await client.execute(uri: "/v1/reviews", method: .get, headers: APIHarness.headers(h.tenantReviewer)) { r in
                let rows = try APIHarness.json(r)["reviews"]?.arrayValue ?? []
                #expect(r.status == .ok && rows.isEmpty, "\(rows)")
            }
            try await client.execute(uri: "/v1/reviews/\(id)", method: .get, headers: APIHarness.headers(h.tenantReviewer)) { r in
                #expect(r.status == .notFound, "another tenant's item is not found")
            }
            // A decision needs the version seen; an unknown action is named.
            let a = post("/v1/reviews/\(id)/submit", h.reviewer, #"{"action": "approve"}"#)
            try await client.execute(uri: a.uri, method: .post, headers: a.headers, body: a.body) { r in
                let p = try APIHarness.json(r)
                #expect(r.status == .badRequest && p["code"] == "version_required", "\(p)")
            }
            // Claimed by one reviewer, the item is not claimable by another.
            var version = 0
            let c = post("/v1/reviews/\(id)/claim", h.reviewer)
            try await client.execute(uri: c.uri, method: .post, headers: c.headers, body: c.body) { r in
                let p = try APIHarness.json(r)
                #expect(r.status == .ok && p["claimed_by"] == "ann", "\(p)")
                version = p["version"]?.intValue ?? 0
            }
            let again = post("/v1/reviews/\(id)/claim", h.admin)
            try await client.execute(uri: again.uri, method: .post, headers: again.headers, body: again.body) { r in
                let p = try APIHarness.json(r)
                #expect(r.status == .conflict && p["code"] == "not_claimable", "\(p)")
            }
            let odd = post("/v1/reviews/\(id)/submit", h.reviewer, #"{"action": "ponder", "version": \#(version)}"#)
            try await client.execute(uri: odd.uri, method: .post, headers: odd.headers, body: odd.body) { r in
                let p = try APIHarness.json(r)
                #expect(r.status == .badRequest && p["code"] == "invalid_action", "\(p)")
            }
            let slow = post("/v1/reviews/\(id)/submit", h.reviewer, #"{"action": "approve", "version": \#(version), "seconds": -1}"#)
            try await client.execute(uri: slow.uri, method: .post, headers: slow.headers, body: slow.body) { r in
                let p = try APIHarness.json(r)
                #expect(r.status == .badRequest && p["code"] == "invalid_seconds", "\(p)")
            }
            // A release needs a supervisor and a note.
            let noNote = post("/v1/reviews/\(id)/release", h.supervisor)
            try await client.execute(uri: noNote.uri, method: .post, headers: noNote.headers, body: noNote.body) { r in
                let p = try APIHarness.json(r)
                #expect(r.status == .badRequest && p["code"] == "note_required", "\(p)")
            }
            let byReviewer = post("/v1/reviews/\(id)/release", h.reviewer, #"{"note": "away"}"#)
            try await client.execute(uri: byReviewer.uri, method: .post, headers: byReviewer.headers, body: byReviewer.body) { r in
                #expect(r.status == .forbidden)
            }
            // The decision, with a correction and the time looked at; it is the token's.
            let ok = post("/v1/reviews/\(id)/submit", h.reviewer, #"{"action": "approve", "version": \#(version), "corrections": {"total": 12.5}, "seconds": 40}"#)
            try await client.execute(uri: ok.uri, method: .post, headers: ok.headers, body: ok.body) { r in
                let p = try APIHarness.json(r)
                #expect(r.status == .ok && p["state"] == "decided", "\(p)")
            }
            try await client.execute(uri: "/v1/reviews/\(id)", method: .get, headers: APIHarness.headers(h.reviewer)) { r in
                let actions = try APIHarness.json(r)["actions"]?.arrayValue ?? []
                #expect(actions.contains { $0["action"] == "approve" && $0["actor"] == "ann" }, "\(actions)")
            }
            // Statistics: a supervisor of no tenant; a reviewer may not.
            try await client.execute(uri: "/v1/reviews/stats", method: .get, headers: APIHarness.headers(h.reviewer)) { r in
                #expect(r.status == .forbidden)
            }
            try await client.execute(uri: "/v1/reviews/stats?since_seconds=0", method: .get, headers: APIHarness.headers(h.supervisor)) { r in
                let p = try APIHarness.json(r)
                #expect(r.status == .badRequest && p["code"] == "invalid_since_seconds", "\(p)")
            }
            try await client.execute(uri: "/v1/reviews/stats", method: .get, headers: APIHarness.headers(h.supervisor)) { r in
                let p = try APIHarness.json(r)
                #expect(r.status == .ok && p["decided"] == 1 && p["approved"] == 1, "\(p)")
                #expect((p["fields"]?.arrayValue ?? []).contains { $0["field"] == "total" && $0["corrected"] == 1 }, "\(p)")
            }
        }
    }
}

import Foundation
import QuireCore
import QuireStore
import QuireReview
import Hummingbird
import HTTPTypes
import NIOCore

extension QuireAPI {
    /// The review queue's routes: the queue as a list and as the screen shows it, an item's detail and
    /// page pictures, claims, releases, heartbeats, decisions, and the statistics over every tenant.
    static func addReviewRoutes(_ router: Router<QuireRequestContext>, store: any Store, review: ReviewService, reviewData: ReviewData, operations: APIOperations) {
        /// The queue's rows the token may see (a token limited to tenants: only their items).
        @Sendable func visibleRows(_ request: Request, _ p: TokenRecord) async throws -> [QueueRow] {
            try await reviewData.rows(queue: request.uri.queryParameters.get("queue")).filter { p.tenants.isEmpty || $0.tenant.map(p.tenants.contains) == true }
        }
        router.get("/v1/reviews") { request, context in
            let p = try require(.reviewWork, context)
            return json(["reviews": .array(try await visibleRows(request, p).map { reviewJSON($0.review, name: $0.name, type: $0.documentType) })])
        }
        // Per-field accuracy, reject reasons and handle time over every tenant's reviews: a supervisor's token of no tenant.
        router.get("/v1/reviews/stats") { request, context in
            let p = try require(.reviewSupervise, context)
            guard p.tenants.isEmpty else {
                throw Problem(.forbidden, "tenant_scoped", "review statistics count every tenant's reviews; a token limited to \(p.tenants.joined(separator: ", ")) may not read them — use a token created without --tenant")
            }
            let since = try Problem.wholeNumber(request.uri.queryParameters.get("since_seconds"), "since_seconds", in: 1...(100 * 365 * 86_400))
            return json(try await ReviewStatistics.compute(store: store, since: since.map { Date().addingTimeInterval(-Double($0)) }).json)
        }
        // The queue as `quire review --server` lists it (vendor, lowest confidence, flagged fields).
        router.get("/v1/reviews/queue") { request, context in
            let p = try require(.reviewWork, context)
            return json(["rows": .array(try await visibleRows(request, p).map(\.json))])
        }
        // What the review screen shows of an item: its review, fields with checks and candidates, page text, the pipeline's policy.
        router.get("/v1/reviews/{id}/detail") { _, context in
            let p = try require(.reviewWork, context)
            let i = try await item(try context.parameters.require("id"), p, store)
            guard let r = try await store.review(i.id) else { throw Problem(.notFound, "not_in_review", "item \(i.id) was never in a review queue") }
            return json(try await reviewData.detail(r).json)
        }
        // A page of the item's document (or its review's evidence) drawn for a terminal, by a worker on the server.
        router.post("/v1/reviews/{id}/picture") { request, context in
            let p = try require(.reviewWork, context)
            let i = try await item(try context.parameters.require("id"), p, store)
            let wanted: PictureRequest
            do { wanted = try PictureRequest(json: try await body(request)).validated() } catch let e as QuireError {
                throw Problem(.badRequest, "invalid_picture", e.message)
            }
            do {
                return json(try await operations.picture(i.id, wanted).json)
            } catch let e as QuireError where e.code == .invalidArgument {
                // The request was checked above: what the worker refuses is a page the document does not have.
                throw Problem(.notFound, "no_such_page", e.message)
            }
        }
        // An item's review and every action on it, as `quire review show` prints them.
        router.get("/v1/reviews/{id}") { _, context in
            let p = try require(.reviewWork, context)
            let i = try await item(try context.parameters.require("id"), p, store)
            guard let r = try await store.review(i.id) else { throw Problem(.notFound, "not_in_review", "item \(i.id) was never in a review queue") }
            var out = reviewJSON(r, name: i.name, type: nil).objectValue ?? [:]
            out["actions"] = .array(try await store.reviewActions(item: i.id).map(\.exported))
            return json(.object(out))
        }
        router.post("/v1/reviews/{id}/claim") { _, context in
            let p = try require(.reviewWork, context)
            let i = try await item(try context.parameters.require("id"), p, store)
            guard let r = try await review.claim(reviewer: p.name, item: i.id) else {
                throw Problem(.conflict, "not_claimable", "item \(i.id) is held by another reviewer, decided, or not in review")
            }
            return json(reviewJSON(r, name: i.name, type: nil))
        }
        // A supervisor takes a claim away from a reviewer; the item is back in its queue (recorded with the token's name and the note).
        router.post("/v1/reviews/{id}/release") { request, context in
            let p = try require(.reviewSupervise, context)
            let i = try await item(try context.parameters.require("id"), p, store)
            guard let note = try await body(request)["note"]?.stringValue, !note.isEmpty, note.count <= 2000 else {
                throw Problem(.badRequest, "note_required", "say why, in 1 to 2000 characters: {\"note\": \"ann is away\"}")
            }
            try await review.release(i.id, by: p.name, note: note)
            return json(["item": .string(i.id.rawValue), "state": "open"])
        }
        router.post("/v1/reviews/{id}/heartbeat") { _, context in
            let p = try require(.reviewWork, context)
            let i = try await item(try context.parameters.require("id"), p, store)
            try await review.heartbeat(i.id, reviewer: p.name)
            return json(["item": .string(i.id.rawValue), "lease_seconds": .number(review.lease)])
        }
        router.post("/v1/reviews/{id}/submit") { request, context in
            let p = try require(.reviewWork, context)
            let i = try await item(try context.parameters.require("id"), p, store)
            let b = try await body(request)
            guard let version = b["version"]?.intValue else { throw Problem(.badRequest, "version_required", "name the review version you saw: {\"version\": 3, ...}") }
            let service = review
            let policy = reviewData.policy(i.pipeline)
            // How long the reviewer looked at the item before deciding (the screen's own clock), for handle time.
            var started: Date? = nil
            if let s = b["seconds"] {
                guard let n = s.numberValue, n.isFinite, n >= 0, n <= 86_400 else {
                    throw Problem(.badRequest, "invalid_seconds", "seconds (how long the item was looked at) must be a number from 0 to 86400")
                }
                started = Date().addingTimeInterval(-n)
            }
            let r: Review
            switch b["action"]?.stringValue {
            case "approve":
                guard let current = try await store.review(i.id) else { throw Problem(.notFound, "not_in_review", "item \(i.id) is not in review") }
                r = try await reviewData.approve(current, service: service, reviewer: p.name, version: version, corrections: b["corrections"]?.objectValue ?? [:],
                                                 documentType: b["document_type"]?.stringValue, started: started)
            case "reject":
                guard let reason = b["reason"]?.stringValue else { throw Problem(.badRequest, "reason_required", "a rejection names a reason: one of \(policy.rejectReasons.joined(separator: ", "))") }
                r = try await service.reject(i.id, reviewer: p.name, version: version, reason: reason, note: b["note"]?.stringValue, started: started)
            case "escalate":
                guard let q = b["queue"]?.stringValue, let c = b["comment"]?.stringValue else { throw Problem(.badRequest, "queue_required", "escalate with {\"queue\": \"finance\", \"comment\": \"why\"}") }
                r = try await service.escalate(i.id, reviewer: p.name, version: version, to: q, comment: c)
            case "skip":
                try await service.skip(i.id, reviewer: p.name, supervisor: p.role.allows(.reviewSupervise))
                return json(["item": .string(i.id.rawValue), "state": "open"])
            default:
                throw Problem(.badRequest, "invalid_action", "action must be approve, reject, escalate or skip")
            }
            return json(reviewJSON(r, name: i.name, type: nil))
        }
    }
}

public import Foundation
public import QuireCore
import PostgresNIO
import NIOCore
import Logging

extension PostgresStore {
    static func review(_ r: PGRow) -> Review { StoreRows.review(PGStoreRow(r)) }

    static func reviewAction(_ r: PGRow) -> ReviewAction { StoreRows.reviewAction(PGStoreRow(r)) }

    static func insertReviewAction(_ tx: PGTransaction, _ a: ReviewAction) async throws {
        try await tx.execute("""
            INSERT INTO review_actions (item_id, action, actor, before, after, reason_code, note, seconds, at)
            VALUES (\(a.item.rawValue), \(a.action), \(a.actor), \(a.before.jsonString()), \(a.after.jsonString()), \(a.reasonCode), \(a.note), \(a.seconds), \(t(a.at)))
            """)
        var details: [String: JSONValue] = ["before": a.before, "after": a.after, "seconds": .number((a.seconds * 10).rounded() / 10)]
        if let r = a.reasonCode { details["reason"] = .string(r) }
        if let n = a.note { details["note"] = .string(n) }
        try await appendAudit(tx, AuditDraft(actor: a.actor, action: "review." + a.action, subject: "item:" + a.item.rawValue, details: .object(details)), at: a.at)
    }

    public func openReview(_ r: Review) async throws -> Review {
        try await transaction { tx in
            let reasons = JSONValue.array(r.reasons.map(JSONValue.string)).jsonString()
            let context = r.context?.jsonString()
            let inserted = try await tx.execute("""
                INSERT INTO reviews (item_id, pipeline, queue, priority, reasons, due, state, version, approvals, created_at, updated_at, stage_id, round, context)
                VALUES (\(r.item.rawValue), \(r.pipeline), \(r.queue), \(r.priority), \(reasons), \(r.due.map(Self.t)), 'open', 1, '[]', \(Self.t(r.createdAt)), \(Self.t(r.updatedAt)),
                        \(r.stage), \(r.round), \(context))
                ON CONFLICT (item_id) DO NOTHING
                """)
            if inserted == 0 {
                let existing = Self.review(try await tx.row("SELECT * FROM reviews WHERE item_id = \(r.item.rawValue) FOR UPDATE")!)
                switch StoreRules.reviewOpening(existing: existing, asked: r) {
                case .keep, .insert:
                    return existing
                case .nextRound:
                    // A new round: the last one's decision stays in the review actions and the audit trail.
                    try await tx.execute("""
                        UPDATE reviews SET stage_id = \(r.stage), round = \(r.round), queue = \(r.queue), priority = \(r.priority), reasons = \(reasons),
                            due = \(r.due.map(Self.t)), context = \(context), state = 'open', claimed_by = NULL, lease_until = NULL, decision = NULL,
                            approvals = '[]', version = version + 1, created_at = \(Self.t(r.createdAt)), updated_at = \(Self.t(r.updatedAt))
                        WHERE item_id = \(r.item.rawValue)
                        """)
                    try await Self.insertReviewAction(tx, StoreRules.roundAction(r, previous: existing))
                case .update:
                    try await tx.execute("""
                        UPDATE reviews SET reasons = \(reasons), priority = \(r.priority), due = \(r.due.map(Self.t)), context = COALESCE(\(context), context),
                            updated_at = \(Self.t(r.updatedAt)) WHERE item_id = \(r.item.rawValue)
                        """)
                }
            } else if r.round > 1 {
                try await Self.insertReviewAction(tx, StoreRules.roundAction(r))
            }
            return Self.review(try await tx.row("SELECT * FROM reviews WHERE item_id = \(r.item.rawValue)")!)
        }
    }

    public func review(_ item: ItemID) async throws -> Review? {
        try await autocommit { tx in try await tx.row("SELECT * FROM reviews WHERE item_id = \(item.rawValue)").map(Self.review) }
    }

    public func reviews(queue: String?, states: [Review.State], now: Date, limit: Int) async throws -> [Review] {
        let all = try await autocommit { tx in
            try await tx.rows("SELECT * FROM reviews WHERE (\(queue)::text IS NULL OR queue = \(queue)) AND (state != 'decided' OR \(states.contains(.decided)))").map(Self.review)
        }
        return StoreRules.effective(all, queue: queue, states: states, now: now, limit: limit)
    }

    public func claimReview(queue: String?, item: ItemID?, reviewer: String, until: Date, now: Date) async throws -> Review? {
        try await transaction { tx in
            let n = Self.t(now)
            let row: PGRow?
            if let item {
                row = try await tx.row("""
                    SELECT * FROM reviews WHERE item_id = \(item.rawValue) AND (state = 'open' OR (state = 'claimed' AND lease_until <= \(n))) FOR UPDATE
                    """)
            } else {
                // SKIP LOCKED: two reviewers asking at once get two different items.
                row = try await tx.row("""
                    SELECT * FROM reviews WHERE (\(queue)::text IS NULL OR queue = \(queue)) AND (state = 'open' OR (state = 'claimed' AND lease_until <= \(n)))
                    ORDER BY priority DESC, COALESCE(due, 9e15), created_at LIMIT 1 FOR UPDATE SKIP LOCKED
                    """)
            }
            guard let r = row.map(Self.review) else { return nil }
            try await tx.execute("""
                UPDATE reviews SET state = 'claimed', claimed_by = \(reviewer), lease_until = \(Self.t(until)), version = version + 1, updated_at = \(n)
                WHERE item_id = \(r.item.rawValue)
                """)
            try await Self.insertReviewAction(tx, ReviewAction(item: r.item, action: "claim", actor: reviewer, at: now))
            return try await tx.row("SELECT * FROM reviews WHERE item_id = \(r.item.rawValue)").map(Self.review)
        }
    }

    public func heartbeatReview(item: ItemID, reviewer: String, until: Date, now: Date) async throws {
        let changed = try await autocommit { tx in
            try await tx.execute("""
                UPDATE reviews SET lease_until = \(Self.t(until)) WHERE item_id = \(item.rawValue) AND state = 'claimed' AND claimed_by = \(reviewer) AND lease_until > \(Self.t(now))
                """)
        }
        guard changed == 1 else {
            throw StoreRules.lostReviewClaim(item: item, reviewer: reviewer)
        }
    }

    public func updateReview(item: ItemID, reviewer: String, expectedVersion: Int, change: ReviewChange, action: ReviewAction, now: Date) async throws -> Review {
        try await transaction { tx in
            guard let current = try await tx.row("SELECT * FROM reviews WHERE item_id = \(item.rawValue) FOR UPDATE").map(Self.review) else {
                throw QuireError(.notFound, "no review of item \(item.rawValue)")
            }
            guard current.state == .claimed, current.claimedBy == reviewer, (current.leaseUntil ?? .distantPast) > now else {
                throw QuireError(.conflict, "the review of \(item.rawValue) is not held by \(reviewer) any more\(current.claimedBy.map { " (held by \($0))" } ?? ""); nothing was changed")
            }
            guard current.version == expectedVersion else {
                throw QuireError(.conflict, "the review of \(item.rawValue) changed since you opened it (version \(current.version), you saw \(expectedVersion)); reload it, nothing was changed")
            }
            try await tx.execute("""
                UPDATE reviews SET state = \(change.state.rawValue), queue = COALESCE(\(change.queue), queue), decision = COALESCE(\(change.decision?.jsonString()), decision),
                    approvals = COALESCE(\(change.approvals.map { JSONValue.array($0.map(JSONValue.string)).jsonString() }), approvals),
                    claimed_by = CASE WHEN \(change.keepClaim) THEN claimed_by ELSE NULL END, lease_until = CASE WHEN \(change.keepClaim) THEN lease_until ELSE NULL END,
                    version = version + 1, updated_at = \(Self.t(now)) WHERE item_id = \(item.rawValue)
                """)
            try await Self.insertReviewAction(tx, action)
            return Self.review(try await tx.row("SELECT * FROM reviews WHERE item_id = \(item.rawValue)")!)
        }
    }

    public func releaseReview(item: ItemID, action: ReviewAction, now: Date) async throws {
        try await transaction { tx in
            guard try await tx.execute("""
                UPDATE reviews SET state = 'open', claimed_by = NULL, lease_until = NULL, version = version + 1, updated_at = \(Self.t(now))
                WHERE item_id = \(item.rawValue) AND state = 'claimed'
                """) == 1 else { throw QuireError(.invalidState, "the review of \(item.rawValue) is not claimed") }
            try await Self.insertReviewAction(tx, action)
        }
    }

    public func reviewActions(item: ItemID) async throws -> [ReviewAction] {
        try await autocommit { tx in try await tx.rows("SELECT * FROM review_actions WHERE item_id = \(item.rawValue) ORDER BY id").map(Self.reviewAction) }
    }
}

public import Foundation
public import QuireCore
internal import GRDB

extension SQLiteStore {
    static func review(_ r: Row) -> Review { StoreRows.review(SQLiteRow(r)) }

    static func insertReviewAction(_ db: Database, _ a: ReviewAction) throws {
        try exec(db, "INSERT INTO review_actions (item_id, action, actor, before, after, reason_code, note, seconds, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 arguments: [a.item.rawValue, a.action, a.actor, a.before.jsonString(), a.after.jsonString(), a.reasonCode, a.note, a.seconds, t(a.at)])
        var details: [String: JSONValue] = ["before": a.before, "after": a.after, "seconds": .number((a.seconds * 10).rounded() / 10)]
        if let r = a.reasonCode { details["reason"] = .string(r) }
        if let n = a.note { details["note"] = .string(n) }
        try appendAudit(db, AuditDraft(actor: a.actor, action: "review." + a.action, subject: "item:" + a.item.rawValue, details: .object(details)), at: a.at)
    }

    public func openReview(_ r: Review) async throws -> Review {
        try await write { db in
            let reasons = JSONValue.array(r.reasons.map(JSONValue.string)).jsonString()
            let context = r.context?.jsonString()
            let existing = try Self.row(db, "SELECT * FROM reviews WHERE item_id = ?", arguments: [r.item.rawValue]).map(Self.review)
            switch StoreRules.reviewOpening(existing: existing, asked: r) {
            case .keep:
                return existing!
            case .nextRound:
                // A new round: the last one's decision stays in the review actions and the audit trail.
                try Self.exec(db, """
                    UPDATE reviews SET stage_id = ?, round = ?, queue = ?, priority = ?, reasons = ?, due = ?, context = ?, state = 'open',
                        claimed_by = NULL, lease_until = NULL, decision = NULL, approvals = '[]', version = version + 1, created_at = ?, updated_at = ?
                    WHERE item_id = ?
                    """, arguments: [r.stage, r.round, r.queue, r.priority, reasons, r.due.map(Self.t), context, Self.t(r.createdAt), Self.t(r.updatedAt), r.item.rawValue])
                try Self.insertReviewAction(db, StoreRules.roundAction(r, previous: existing))
            case .update:
                try Self.exec(db, "UPDATE reviews SET reasons = ?, priority = ?, due = ?, context = COALESCE(?, context), updated_at = ? WHERE item_id = ?",
                              arguments: [reasons, r.priority, r.due.map(Self.t), context, Self.t(r.updatedAt), r.item.rawValue])
            case .insert:
                try Self.exec(db, """
                    INSERT INTO reviews (item_id, pipeline, queue, priority, reasons, due, state, version, approvals, created_at, updated_at, stage_id, round, context)
                    VALUES (?, ?, ?, ?, ?, ?, 'open', 1, '[]', ?, ?, ?, ?, ?)
                    """, arguments: [r.item.rawValue, r.pipeline, r.queue, r.priority, reasons, r.due.map(Self.t), Self.t(r.createdAt), Self.t(r.updatedAt),
                                     r.stage, r.round, context])
                if r.round > 1 { try Self.insertReviewAction(db, StoreRules.roundAction(r)) }
            }
            return try Self.row(db, "SELECT * FROM reviews WHERE item_id = ?", arguments: [r.item.rawValue]).map(Self.review)!
        }
    }

    public func review(_ item: ItemID) async throws -> Review? {
        try await read { db in try Self.row(db, "SELECT * FROM reviews WHERE item_id = ?", arguments: [item.rawValue]).map(Self.review) }
    }

    public func reviews(queue: String?, states: [Review.State], now: Date, limit: Int) async throws -> [Review] {
        try await read { db in
            let all = try Self.rows(db, "SELECT * FROM reviews WHERE (? IS NULL OR queue = ?) AND (state != 'decided' OR ? = 1)",
                                    arguments: [queue, queue, states.contains(.decided) ? 1 : 0]).map(Self.review)
            return StoreRules.effective(all, queue: queue, states: states, now: now, limit: limit)
        }
    }

    public func claimReview(queue: String?, item: ItemID?, reviewer: String, until: Date, now: Date) async throws -> Review? {
        try await write { db in
            let open = "(state = 'open' OR (state = 'claimed' AND lease_until <= ?))"
            let row: Row?
            if let item {
                row = try Self.row(db, "SELECT * FROM reviews WHERE item_id = ? AND \(open)", arguments: [item.rawValue, Self.t(now)])
            } else {
                row = try Self.row(db, "SELECT * FROM reviews WHERE (? IS NULL OR queue = ?) AND \(open) ORDER BY priority DESC, COALESCE(due, 9e15), created_at LIMIT 1",
                                   arguments: [queue, queue, Self.t(now)])
            }
            guard let r = row.map(Self.review) else { return nil }
            try Self.exec(db, "UPDATE reviews SET state = 'claimed', claimed_by = ?, lease_until = ?, version = version + 1, updated_at = ? WHERE item_id = ?",
                          arguments: [reviewer, Self.t(until), Self.t(now), r.item.rawValue])
            try Self.insertReviewAction(db, ReviewAction(item: r.item, action: "claim", actor: reviewer, at: now))
            return try Self.row(db, "SELECT * FROM reviews WHERE item_id = ?", arguments: [r.item.rawValue]).map(Self.review)
        }
    }

    public func heartbeatReview(item: ItemID, reviewer: String, until: Date, now: Date) async throws {
        try await write { db in
            try Self.exec(db, "UPDATE reviews SET lease_until = ? WHERE item_id = ? AND state = 'claimed' AND claimed_by = ? AND lease_until > ?",
                          arguments: [Self.t(until), item.rawValue, reviewer, Self.t(now)])
            guard db.changesCount == 1 else {
                throw StoreRules.lostReviewClaim(item: item, reviewer: reviewer)
            }
        }
    }

    public func updateReview(item: ItemID, reviewer: String, expectedVersion: Int, change: ReviewChange, action: ReviewAction, now: Date) async throws -> Review {
        try await write { db in
            guard let current = try Self.row(db, "SELECT * FROM reviews WHERE item_id = ?", arguments: [item.rawValue]).map(Self.review) else {
                throw QuireError(.notFound, "no review of item \(item.rawValue)")
            }
            guard current.state == .claimed, current.claimedBy == reviewer, (current.leaseUntil ?? .distantPast) > now else {
                throw QuireError(.conflict, "the review of \(item.rawValue) is not held by \(reviewer) any more\(current.claimedBy.map { " (held by \($0))" } ?? ""); nothing was changed")
            }
            guard current.version == expectedVersion else {
                throw QuireError(.conflict, "the review of \(item.rawValue) changed since you opened it (version \(current.version), you saw \(expectedVersion)); reload it, nothing was changed")
            }
            try Self.exec(db, """
                UPDATE reviews SET state = ?, queue = COALESCE(?, queue), decision = COALESCE(?, decision), approvals = COALESCE(?, approvals),
                    claimed_by = CASE WHEN ? THEN claimed_by ELSE NULL END, lease_until = CASE WHEN ? THEN lease_until ELSE NULL END,
                    version = version + 1, updated_at = ? WHERE item_id = ?
                """, arguments: [change.state.rawValue, change.queue, change.decision?.jsonString(),
                                 change.approvals.map { JSONValue.array($0.map(JSONValue.string)).jsonString() },
                                 change.keepClaim, change.keepClaim, Self.t(now), item.rawValue])
            try Self.insertReviewAction(db, action)
            return try Self.row(db, "SELECT * FROM reviews WHERE item_id = ?", arguments: [item.rawValue]).map(Self.review)!
        }
    }

    public func releaseReview(item: ItemID, action: ReviewAction, now: Date) async throws {
        try await write { db in
            try Self.exec(db, "UPDATE reviews SET state = 'open', claimed_by = NULL, lease_until = NULL, version = version + 1, updated_at = ? WHERE item_id = ? AND state = 'claimed'",
                          arguments: [Self.t(now), item.rawValue])
            guard db.changesCount == 1 else { throw QuireError(.invalidState, "the review of \(item.rawValue) is not claimed") }
            try Self.insertReviewAction(db, action)
        }
    }

    public func reviewActions(item: ItemID) async throws -> [ReviewAction] {
        try await read { db in
            try Self.rows(db, "SELECT * FROM review_actions WHERE item_id = ? ORDER BY id", arguments: [item.rawValue]).map { StoreRows.reviewAction(SQLiteRow($0)) }
        }
    }
}

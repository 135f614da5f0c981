public import Foundation
public import QuireCore
import PostgresNIO
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

// Leadership, models, reviews, governance, webhooks, retention, observations and nodes.
extension PostgresStore {
    // MARK: Leadership

    /// A session advisory lock per name on a connection of its own: PostgreSQL gives the lock up
    /// the moment that connection dies (a killed node), so another node leads at its next check,
    /// not after a lease runs out. Within one process, holders share the lock and the
    /// `leaders` row decides between them as in SQLite; the row also names the leader for
    /// `quire status`.
    public func acquireLeadership(name: String, holder: String, ttl: Double, now: Date) async throws -> Bool {
        let key = Int64(bitPattern: StableHash.fnv1a(Array(("quire-leader:" + name).utf8)))
        var session: LeaderSession
        if let s = leaders.withLock({ $0[name] }) {
            if s.held, s.holder != holder, s.until > now { return false }
            session = s
        } else {
            do {
                session = LeaderSession(connection: try await Self.connect(configuration, logger: logger))
            } catch {
                throw QuireError(.storage, "PostgreSQL (\(location)): cannot open the leadership connection: \(Self.describe(error))", cause: error)
            }
            leaders.withLock { $0[name] = session }
        }
        // Held: is the connection (and with it the lock) still there? Not held: may we take it now?
        // A query on a connection the server dropped can wait for ever, hence the time limit.
        let conn = session.connection
        let logger = logger
        let query: PostgresQuery = session.held ? "SELECT true AS ok" : "SELECT pg_try_advisory_lock(\(key)) AS ok"
        let answer = conn.isClosed ? nil : await Self.within(seconds: 5) {
            (try? await conn.query(query, logger: logger).get().rows.first).map { PGRow($0.makeRandomAccess())["ok"] as Bool }
        }
        guard let ok = answer ?? nil else {
            // The connection broke (and took any lock with it): start afresh at the next check.
            leaders.withLock { _ = $0.removeValue(forKey: name) }
            Task.detached { try? await conn.close() }
            return false
        }
        guard ok else { return false }
        session.held = true
        session.holder = holder
        session.until = now.addingTimeInterval(ttl)
        let held = session
        leaders.withLock { $0[name] = held }
        try await autocommit { tx in
            try await tx.execute("""
                INSERT INTO leaders (name, holder, expires_at) VALUES (\(name), \(holder), \(Self.t(now) + ttl))
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                """)
        }
        return true
    }

    /// The body's result, or nil when it takes longer than `seconds` (the body is left to finish on its own).
    static func within<T: Sendable>(seconds: Double, _ body: @escaping @Sendable () async -> T) async -> T? {
        let once = Once<T?>()
        return await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
            once.set(continuation)
            Task.detached { once.resume(await body()) }
            Task.detached {
                try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
                once.resume(nil)
            }
        }
    }

    /// One connection outside the pool (leadership, LISTEN, probes, creating databases).
    static func connect(_ configuration: Configuration, logger: Logger) async throws -> PostgresConnection {
        try await PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(), configuration: try connectionConfiguration(configuration),
                                             id: Int.random(in: 0...Int.max), logger: logger).get()
    }

    static func connectionConfiguration(_ c: Configuration) throws -> PostgresConnection.Configuration {
        let client = try clientConfiguration(c)
        var config: PostgresConnection.Configuration
        if let path = client.unixSocketPath {
            config = .init(unixSocketPath: path, username: c.user, password: c.password, database: c.database)
            config.options.connectTimeout = .milliseconds(Int64(c.connectTimeout * 1000))
            return config
        }
        let tls: PostgresConnection.Configuration.TLS
        switch c.tls {
        case .disable: tls = .disable
        case .prefer, .require, .verifyFull:
            var t = TLSConfiguration.makeClientConfiguration()
            if c.tls != .verifyFull { t.certificateVerification = .none }
            if let root = c.rootCertificate, let certs = try? NIOSSLCertificate.fromPEMFile(root) { t.trustRoots = .certificates(certs) }
            let context = try NIOSSLContext(configuration: t)
            tls = c.tls == .prefer ? .prefer(context) : .require(context)
        }
        config = .init(host: c.host, port: c.port, username: c.user, password: c.password, database: c.database, tls: tls)
        config.options.connectTimeout = .milliseconds(Int64(c.connectTimeout * 1000))
        return config
    }

    // MARK: Models

    public func nextModelVersion(name: String) async throws -> Int {
        try await autocommit { tx in ((try await tx.row("SELECT MAX(version) AS v FROM models WHERE name = \(name)"))?["v"] as Int? ?? 0) + 1 }
    }

    public func registerModel(_ m: ModelRecord, event: ModelEvent) async throws {
        try await transaction { tx in
            let conflict = try await tx.uniqueViolation("model", """
                INSERT INTO models (name, version, state, blob, labels, training_data, hyperparameters, metrics, parent, canary_percent, created_at, updated_at)
                VALUES (\(m.name), \(m.version), \(m.state.rawValue), \(m.blob), \(JSONValue.array(m.labels.map(JSONValue.string)).jsonString()),
                        \(m.trainingData.jsonString()), \(m.hyperparameters.jsonString()), \(m.metrics.jsonString()), \(m.parent), \(m.canaryPercent),
                        \(Self.t(m.createdAt)), \(Self.t(m.updatedAt)))
                """)
            if conflict { throw QuireError(.conflict, "model \(m.name) version \(m.version) exists already, or another version of it is \(m.state.rawValue)") }
            try await Self.insertModelEvent(tx, event)
        }
    }

    static func insertModelEvent(_ tx: PGTransaction, _ e: ModelEvent) async throws {
        try await tx.execute("""
            INSERT INTO model_events (name, version, from_state, to_state, actor, reason, forced, at)
            VALUES (\(e.name), \(e.version), \(e.from?.rawValue), \(e.to.rawValue), \(e.actor), \(e.reason), \(e.forced ? 1 : 0), \(t(e.at)))
            """)
        try await appendAudit(tx, AuditDraft(actor: e.actor, action: "model." + e.to.rawValue, subject: "model:\(e.name)/v\(e.version)",
                                             details: ["from": e.from.map { .string($0.rawValue) } ?? .null, "to": .string(e.to.rawValue),
                                                       "reason": e.reason.map(JSONValue.string) ?? .null, "forced": .bool(e.forced)]), at: e.at)
    }

    static func model(_ r: PGRow) -> ModelRecord { StoreRows.model(PGStoreRow(r)) }

    public func models(name: String?) async throws -> [ModelRecord] {
        try await autocommit { tx in
            if let name { return try await tx.rows("SELECT * FROM models WHERE name = \(name) ORDER BY version").map(Self.model) }
            return try await tx.rows("SELECT * FROM models ORDER BY name, version").map(Self.model)
        }
    }

    public func updateModels(_ changes: [(name: String, version: Int, state: ModelState, canaryPercent: Double?)], events: [ModelEvent]) async throws {
        let now = Date()
        let changes = changes.map { (name: $0.name, version: $0.version, state: $0.state, canaryPercent: $0.canaryPercent) }
        try await transaction { tx in
            // Serialise changes of one model name across nodes.
            for n in Set(changes.map(\.name)).sorted() {
                try await tx.execute("SELECT pg_advisory_xact_lock(hashtextextended(\("model:" + n), 0))")
            }
            for c in changes {
                guard try await tx.execute("UPDATE models SET state = 'retired' WHERE name = \(c.name) AND version = \(c.version)") == 1 else {
                    throw QuireError(.notFound, "no model \(c.name) version \(c.version); see 'quire model list'")
                }
            }
            for c in changes {
                if try await tx.uniqueViolation("model_state", "UPDATE models SET state = \(c.state.rawValue), canary_percent = \(c.canaryPercent), updated_at = \(Self.t(now)) WHERE name = \(c.name) AND version = \(c.version)") {
                    throw QuireError(.conflict, "\(c.name) would have two \(c.state == .active ? "active models" : "models on trial (shadow or canary)")")
                }
            }
            for e in events { try await Self.insertModelEvent(tx, e) }
        }
    }

    public func modelEvents(name: String) async throws -> [ModelEvent] {
        try await autocommit { tx in
            try await tx.rows("SELECT * FROM model_events WHERE name = \(name) ORDER BY id").map { StoreRows.modelEvent(PGStoreRow($0)) }
        }
    }

    public func recordClassifications(_ records: [ClassificationRecord]) async throws {
        guard !records.isEmpty else { return }
        try await transaction { tx in
            for c in records {
                try await tx.execute("""
                    INSERT INTO classifications (item_id, pipeline, model, version, label, probability, abstained, role, at)
                    VALUES (\(c.item.rawValue), \(c.pipeline), \(c.model), \(c.version), \(c.label), \(c.probability), \(c.abstained ? 1 : 0), \(c.role), \(Self.t(c.at)))
                    """)
            }
        }
    }

    public func classifications(model: String, from: Date, to: Date) async throws -> [ClassificationRecord] {
        try await autocommit { tx in
            try await tx.rows("SELECT * FROM classifications WHERE model = \(model) AND at >= \(Self.t(from)) AND at < \(Self.t(to)) ORDER BY id").map { StoreRows.classification(PGStoreRow($0)) }
        }
    }

    public func putTrainingExamples(_ examples: [TrainingExample]) async throws {
        try await transaction { tx in
            for e in examples {
                try await tx.execute("""
                    INSERT INTO training_examples (content_hash, label, text, page_count, source, item_id, created_at)
                    VALUES (\(e.contentHash), \(e.label), \(e.text), \(e.pageCount), \(e.source), \(e.item?.rawValue), \(Self.t(e.createdAt)))
                    ON CONFLICT (content_hash) DO UPDATE SET label = excluded.label, source = excluded.source, item_id = excluded.item_id, created_at = excluded.created_at
                    """)
            }
        }
    }

    public func trainingExamples() async throws -> [TrainingExample] {
        try await autocommit { tx in
            try await tx.rows("SELECT * FROM training_examples ORDER BY content_hash").map { StoreRows.trainingExample(PGStoreRow($0)) }
        }
    }

    // MARK: Reviews

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
            throw QuireError(.staleLease, "\(reviewer) no longer holds the review of \(item.rawValue) (the lease ran out or it was released); claim it again")
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

    // MARK: Governance

    /// Appends to the audit chain inside the caller's transaction. Locking the head row orders
    /// appends from every node; the hash is computed here (the key never reaches the database).
    static func appendAudit(_ tx: PGTransaction, _ a: AuditDraft, at date: Date) async throws {
        let head = try await tx.row("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")!
        let seq: Int64 = head["seq"]
        let previous: String = head["hash"]
        let at = AuditChain.timestamp(date)
        let canonical = AuditEntry.canonical(seq: seq, at: at, actor: a.actor, action: a.action, subject: a.subject, details: a.details)
        let hash = tx.chain.hash(previous: previous, canonical: canonical)
        try await tx.execute("""
            INSERT INTO audit (seq, at, actor, action, subject, details, prev_hash, hash)
            VALUES (\(seq), \(at), \(a.actor), \(a.action), \(a.subject), \(a.details.compactText), \(previous), \(hash))
            """)
        try await tx.execute("UPDATE audit_head SET hash = \(hash) WHERE id = 1")
    }

    static func auditEntry(_ r: PGRow) -> AuditEntry { StoreRows.auditEntry(PGStoreRow(r)) }

    public func appendAudit(_ drafts: [AuditDraft], now: Date) async throws {
        try await transaction { tx in for d in drafts { try await Self.appendAudit(tx, d, at: now) } }
    }

    public func auditEntries(after seq: Int64, limit: Int) async throws -> [AuditEntry] {
        try await autocommit { tx in try await tx.rows("SELECT * FROM audit WHERE seq > \(seq) ORDER BY seq LIMIT \(limit)").map(Self.auditEntry) }
    }

    public func latestAudit(subject: String) async throws -> AuditEntry? {
        try await autocommit { tx in try await tx.row("SELECT * FROM audit WHERE subject = \(subject) ORDER BY seq DESC LIMIT 1").map(Self.auditEntry) }
    }

    public func auditHighestSequence() async throws -> Int64 {
        try await autocommit { tx in try await tx.row("SELECT seq FROM audit_head WHERE id = 1")?["seq"] ?? 0 }
    }

    static func token(_ r: PGRow) -> TokenRecord { StoreRows.token(PGStoreRow(r)) }

    public func createToken(_ t: TokenRecord) async throws {
        try await transaction { tx in
            try await tx.execute("""
                INSERT INTO tokens (id, name, role, tenants, hash, created_at, expires_at, revoked_at, created_by)
                VALUES (\(t.id), \(t.name), \(t.role.rawValue), \(JSONValue.array(t.tenants.map(JSONValue.string)).compactText), \(t.hash), \(Self.t(t.createdAt)),
                        \(t.expiresAt.map(Self.t)), NULL, \(t.createdBy))
                """)
            try await Self.appendAudit(tx, AuditDraft(actor: t.createdBy, action: "token.create", subject: "token:" + t.id,
                                                      details: ["name": .string(t.name), "role": .string(t.role.rawValue), "tenants": .array(t.tenants.map(JSONValue.string)),
                                                                "expires_at": t.expiresAt.map { .string(AuditChain.timestamp($0)) } ?? .null]), at: t.createdAt)
        }
    }

    public func tokens() async throws -> [TokenRecord] {
        try await autocommit { tx in try await tx.rows("SELECT * FROM tokens ORDER BY created_at, id").map(Self.token) }
    }

    public func token(hash: String) async throws -> TokenRecord? {
        try await autocommit { tx in try await tx.row("SELECT * FROM tokens WHERE hash = \(hash)").map(Self.token) }
    }

    public func revokeToken(id: String, by actor: String, now: Date) async throws {
        try await transaction { tx in
            guard try await tx.execute("UPDATE tokens SET revoked_at = \(Self.t(now)) WHERE id = \(id) AND revoked_at IS NULL") == 1 else {
                let exists = try await tx.row("SELECT id FROM tokens WHERE id = \(id)") != nil
                throw QuireError(exists ? .invalidState : .notFound, exists ? "token \(id) is revoked already" : "no token \(id); list them with 'quire tokens list'")
            }
            try await Self.appendAudit(tx, AuditDraft(actor: actor, action: "token.revoke", subject: "token:" + id), at: now)
        }
    }

    // MARK: Webhooks

    static func delivery(_ r: PGRow) -> WebhookDelivery { StoreRows.delivery(PGStoreRow(r)) }

    public func itemsChanged(after cursor: ItemCursor?, limit: Int) async throws -> [Item] {
        try await autocommit { tx in
            guard let c = cursor else { return try await tx.rows("SELECT * FROM items ORDER BY updated_at, id LIMIT \(limit)").map(Self.item) }
            return try await tx.rows("SELECT * FROM items WHERE (updated_at, id) > (\(Self.t(c.updatedAt)), \(c.item.rawValue)) ORDER BY updated_at, id LIMIT \(limit)").map(Self.item)
        }
    }

    public func webhookCursor(_ name: String) async throws -> ItemCursor? {
        try await autocommit { tx in
            try await tx.row("SELECT * FROM webhook_cursor WHERE name = \(name)").map { ItemCursor(updatedAt: Self.d($0["updated_at"]), item: ItemID($0["item_id"] as String)) }
        }
    }

    public func enqueueWebhooks(_ deliveries: [WebhookDelivery], cursor: (name: String, at: ItemCursor)?) async throws {
        let cursor = cursor.map { (name: $0.name, at: $0.at) }
        try await transaction { tx in
            for d in deliveries {
                try await tx.execute("""
                    INSERT INTO webhook_deliveries (pipeline, item_id, event, item_version, url, secret, payload, state, attempts, next_at, created_at)
                    VALUES (\(d.pipeline), \(d.item.rawValue), \(d.event), \(d.itemVersion), \(d.url), \(d.secret), \(d.payload.jsonString()), 'pending', 0, \(Self.t(d.nextAt)), \(Self.t(d.createdAt)))
                    ON CONFLICT DO NOTHING
                    """)
            }
            if let c = cursor {
                try await tx.execute("""
                    INSERT INTO webhook_cursor (name, updated_at, item_id) VALUES (\(c.name), \(Self.t(c.at.updatedAt)), \(c.at.item.rawValue))
                    ON CONFLICT (name) DO UPDATE SET updated_at = excluded.updated_at, item_id = excluded.item_id
                    """)
            }
        }
    }

    public func dueWebhooks(now: Date, limit: Int) async throws -> [WebhookDelivery] {
        // Claimed for a minute, skipping rows another node is claiming: no delivery is sent twice at once.
        try await transaction { tx in
            let due = try await tx.rows("""
                SELECT * FROM webhook_deliveries WHERE state = 'pending' AND next_at <= \(Self.t(now)) ORDER BY next_at, id LIMIT \(limit) FOR UPDATE SKIP LOCKED
                """).map(Self.delivery)
            if !due.isEmpty {
                try await tx.execute("UPDATE webhook_deliveries SET next_at = \(Self.t(now.addingTimeInterval(60))) WHERE id = ANY(\(due.map(\.id)))")
            }
            return due
        }
    }

    public func recordWebhookAttempt(id: Int64, status: Int?, error: String?, delivered: Bool, nextAt: Date?, now: Date) async throws {
        try await autocommit { tx in
            try await tx.execute("""
                UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = \(status), last_error = \(error),
                    state = \(delivered ? "delivered" : (nextAt == nil ? "failed" : "pending")), next_at = COALESCE(\(nextAt.map(Self.t)), next_at),
                    delivered_at = \(delivered ? Self.t(now) : nil) WHERE id = \(id)
                """)
        }
    }

    public func webhookDeliveries(item: ItemID?, states: [String]?, limit: Int) async throws -> [WebhookDelivery] {
        try await autocommit { tx in
            try await tx.rows("""
                SELECT * FROM webhook_deliveries WHERE (\(item?.rawValue)::text IS NULL OR item_id = \(item?.rawValue))
                    AND (\(states == nil || states!.isEmpty) OR state = ANY(\(states ?? [])))
                ORDER BY id DESC LIMIT \(limit)
                """).map(Self.delivery)
        }
    }

    public func replayWebhook(id: Int64, by actor: String, now: Date) async throws -> WebhookDelivery {
        try await transaction { tx in
            guard let d = try await tx.row("SELECT * FROM webhook_deliveries WHERE id = \(id) FOR UPDATE").map(Self.delivery) else {
                throw QuireError(.notFound, "no webhook delivery \(id); list them with 'quire webhooks list'")
            }
            try await tx.execute("UPDATE webhook_deliveries SET state = 'pending', next_at = \(Self.t(now)), attempts = 0 WHERE id = \(id)")
            try await Self.appendAudit(tx, AuditDraft(actor: actor, action: "webhook.replay", subject: "item:" + d.item.rawValue,
                                                      details: ["delivery": .number(Double(id)), "event": .string(d.event), "url": .string(d.url)]), at: now)
            return Self.delivery(try await tx.row("SELECT * FROM webhook_deliveries WHERE id = \(id)")!)
        }
    }

    // MARK: Retention

    public func retentionCandidates(pipeline: String, before: Date, limit: Int) async throws -> [Item] {
        try await autocommit { tx in
            try await tx.rows("""
                SELECT * FROM items WHERE pipeline = \(pipeline) AND state IN ('done', 'failed', 'cancelled', 'duplicate', 'exception')
                    AND updated_at < \(Self.t(before)) AND (metadata::jsonb -> 'purged_at') IS NULL
                ORDER BY updated_at, id LIMIT \(limit)
                """).map(Self.item)
        }
    }

    public func blobInUse(_ id: BlobID, except: ItemID) async throws -> Bool {
        let hash = id.hex
        return try await autocommit { tx in
            // The id is 64 hex digits, so a plain substring test cannot match anything but the id.
            try await tx.row("""
                SELECT 1 AS one WHERE
                    EXISTS (SELECT 1 FROM items WHERE content_hash = \(hash) AND id != \(except.rawValue) AND (metadata::jsonb -> 'purged_at') IS NULL)
                    OR EXISTS (SELECT 1 FROM items WHERE id != \(except.rawValue) AND (metadata::jsonb -> 'purged_at') IS NULL AND strpos(metadata, \(hash)) > 0)
                    OR EXISTS (SELECT 1 FROM job_history h JOIN items i ON i.id = h.item_id
                               WHERE h.item_id != \(except.rawValue) AND strpos(h.output, \(hash)) > 0 AND (i.metadata::jsonb -> 'purged_at') IS NULL)
                    OR EXISTS (SELECT 1 FROM models WHERE blob = \(hash))
                """) != nil
        }
    }

    public func purgeItem(_ item: ItemID, outputs: [(job: JobID, output: JSONValue?)], metadata: JSONValue, blobs: [String], audit: AuditDraft, now: Date) async throws {
        let rows = outputs.map { ($0.job, $0.output?.jsonString()) }
        try await transaction { tx in
            for (job, output) in rows { try await tx.execute("UPDATE job_history SET output = \(output) WHERE id = \(job)") }
            try await tx.execute("UPDATE items SET metadata = \(metadata.jsonString()), version = version + 1 WHERE id = \(item.rawValue)")
            if !blobs.isEmpty { try await tx.execute("DELETE FROM blobs WHERE hash = ANY(\(blobs))") }
            try await Self.appendAudit(tx, audit, at: now)
        }
    }

    // MARK: Observations

    public func finishedJobs(from: Date, to: Date, after: JobID?, limit: Int) async throws -> [Job] {
        try await autocommit { tx in
            try await tx.rows("""
                SELECT * FROM job_history WHERE finished_at >= \(Self.t(from)) AND finished_at < \(Self.t(to)) AND id > \(after ?? 0) ORDER BY id LIMIT \(limit)
                """).map { Self.job($0, history: true) }
        }
    }

    public func events(kinds: [String], from: Date, to: Date, after: Int64?, limit: Int) async throws -> [Event] {
        guard !kinds.isEmpty else { return [] }
        return try await autocommit { tx in
            try await tx.rows("""
                SELECT * FROM events WHERE kind = ANY(\(kinds)) AND at >= \(Self.t(from)) AND at < \(Self.t(to)) AND id > \(after ?? 0) ORDER BY id LIMIT \(limit)
                """).map(Self.event)
        }
    }

    public func reviewActions(from: Date, to: Date, limit: Int) async throws -> [ReviewAction] {
        try await autocommit { tx in
            try await tx.rows("SELECT * FROM review_actions WHERE at >= \(Self.t(from)) AND at < \(Self.t(to)) ORDER BY at, id LIMIT \(limit)").map(Self.reviewAction)
        }
    }
}

extension PostgresStore {
    // MARK: Nodes

    public func heartbeatNode(_ n: NodeRecord) async throws {
        try await autocommit { tx in
            try await tx.execute("""
                INSERT INTO nodes (id, host, pid, version, state, workers, details, started_at, heartbeat_at)
                VALUES (\(n.id), \(n.host), \(n.pid), \(n.version), \(n.state.rawValue), \(n.workers), \(n.details.jsonString()), \(Self.t(n.startedAt)), \(Self.t(n.heartbeatAt)))
                ON CONFLICT (id) DO UPDATE SET state = excluded.state, workers = excluded.workers, details = excluded.details, heartbeat_at = excluded.heartbeat_at
                """)
        }
    }

    public func nodes() async throws -> [NodeRecord] {
        try await autocommit { tx in
            try await tx.rows("SELECT * FROM nodes ORDER BY heartbeat_at DESC, id").map { StoreRows.node(PGStoreRow($0)) }
        }
    }

    // MARK: Wake-ups

    /// LISTEN on `quire_jobs` on a connection of its own, reconnecting after a failure; each
    /// notification (sent at the commit of a transaction that queued due work) yields once.
    public func jobWakeups() -> AsyncStream<Void>? {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let configuration = configuration
        let logger = logger
        let task = Task.detached {
            while !Task.isCancelled {
                do {
                    let conn = try await Self.connect(configuration, logger: logger)
                    defer { Task { try? await conn.close() } }
                    try await withTaskCancellationHandler {
                        try await conn.listen(on: Self.wakeChannel) { notifications in
                            // Work queued while we were away is found by the next poll; wake once on (re)connecting.
                            continuation.yield()
                            for try await _ in notifications { continuation.yield() }
                        }
                    } onCancel: {
                        Task { try? await conn.close() }
                    }
                } catch {
                    if Task.isCancelled { break }
                    Logger(label: "quire.store").warning("LISTEN quire_jobs failed; retrying in 1 s (schedulers poll meanwhile)", metadata: ["error": "\(Self.describe(error))"])
                }
                try? await Task.sleep(nanoseconds: 1_000_000_000)
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}

/// Resumes a continuation once, whoever comes first.
final class Once<T: Sendable>: Sendable {
    let state = Mutex<(continuation: CheckedContinuation<T, Never>?, done: Bool)>((nil, false))
    func set(_ c: CheckedContinuation<T, Never>) { state.withLock { $0.continuation = c } }
    func resume(_ value: T) {
        let c: CheckedContinuation<T, Never>? = state.withLock { s in
            guard !s.done, let c = s.continuation else { return nil }
            s.done = true
            s.continuation = nil
            return c
        }
        c?.resume(returning: value)
    }
}

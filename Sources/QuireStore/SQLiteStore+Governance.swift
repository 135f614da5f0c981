public import Foundation
public import QuireCore
internal import GRDB

extension SQLiteStore {
    /// Appends to the audit trail inside the caller's transaction, so an action and its entry
    /// commit together.
    static func appendAudit(_ db: Database, _ a: AuditDraft, at date: Date) throws {
        let last = try Row.fetchOne(db, sql: "SELECT hash FROM audit ORDER BY seq DESC LIMIT 1")
        let previous: String = last?["hash"] ?? ""
        let highest = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'audit'") ?? 0
        let seq = highest + 1
        let at = AuditChain.timestamp(date)
        let canonical = AuditEntry.canonical(seq: seq, at: at, actor: a.actor, action: a.action, subject: a.subject, details: a.details)
        let hash = try String.fetchOne(db, sql: "SELECT quire_audit_hash(?, ?)", arguments: [previous, canonical]) ?? ""
        try exec(db, "INSERT INTO audit (seq, at, actor, action, subject, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 arguments: [seq, at, a.actor, a.action, a.subject, a.details.compactText, previous, hash])
    }
}

extension SQLiteStore {
    static func auditEntry(_ r: Row) -> AuditEntry { StoreRows.auditEntry(SQLiteRow(r)) }

    public func appendAudit(_ drafts: [AuditDraft], now: Date) async throws {
        try await write { db in for d in drafts { try Self.appendAudit(db, d, at: now) } }
    }

    public func auditEntries(after seq: Int64, limit: Int) async throws -> [AuditEntry] {
        try await read { db in
            try Self.rows(db, "SELECT * FROM audit WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [seq, limit]).map(Self.auditEntry)
        }
    }

    public func latestAudit(subject: String) async throws -> AuditEntry? {
        try await read { db in try Self.row(db, "SELECT * FROM audit WHERE subject = ? ORDER BY seq DESC LIMIT 1", arguments: [subject]).map(Self.auditEntry) }
    }

    public func auditHighestSequence() async throws -> Int64 {
        try await read { db in try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'audit'") ?? 0 }
    }

    static func token(_ r: Row) -> TokenRecord { StoreRows.token(SQLiteRow(r)) }

    public func createToken(_ t: TokenRecord) async throws {
        try await write { db in
            try Self.exec(db, "INSERT INTO tokens (id, name, role, tenants, hash, created_at, expires_at, revoked_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)",
                          arguments: [t.id, t.name, t.role.rawValue, JSONValue.array(t.tenants.map(JSONValue.string)).compactText, t.hash, Self.t(t.createdAt),
                                       t.expiresAt.map(Self.t), t.createdBy])
            try Self.appendAudit(db, AuditDraft(actor: t.createdBy, action: "token.create", subject: "token:" + t.id,
                                                details: ["name": .string(t.name), "role": .string(t.role.rawValue), "tenants": .array(t.tenants.map(JSONValue.string)),
                                                          "expires_at": t.expiresAt.map { .string(AuditChain.timestamp($0)) } ?? .null]), at: t.createdAt)
        }
    }

    public func tokens() async throws -> [TokenRecord] {
        try await read { db in try Self.rows(db, "SELECT * FROM tokens ORDER BY created_at, id").map(Self.token) }
    }

    public func token(hash: String) async throws -> TokenRecord? {
        try await read { db in try Self.row(db, "SELECT * FROM tokens WHERE hash = ?", arguments: [hash]).map(Self.token) }
    }

    public func revokeToken(id: String, by actor: String, now: Date) async throws {
        try await write { db in
            try Self.exec(db, "UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [Self.t(now), id])
            guard db.changesCount == 1 else {
                let exists = try Self.row(db, "SELECT id FROM tokens WHERE id = ?", arguments: [id]) != nil
                throw QuireError(exists ? .invalidState : .notFound, exists ? "token \(id) is revoked already" : "no token \(id); list them with 'quire tokens list'")
            }
            try Self.appendAudit(db, AuditDraft(actor: actor, action: "token.revoke", subject: "token:" + id), at: now)
        }
    }
}

public import Foundation
public import QuireCore
import PostgresNIO
import NIOCore
import Logging

extension PostgresStore {
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
}

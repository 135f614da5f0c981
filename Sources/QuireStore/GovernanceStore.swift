public import Foundation
public import QuireCore

/// The hash-chained audit trail and API tokens.
public protocol GovernanceStore: Sendable {
    /// Appends entries to the hash-chained audit trail. Store operations that are audited by
    /// nature (review actions, model state changes, retries, cancels, dead letters, rescues,
    /// token changes) append theirs in the same transaction themselves.
    func appendAudit(_ drafts: [AuditDraft], now: Date) async throws
    /// Audit entries after `seq`, in order.
    func auditEntries(after seq: Int64, limit: Int) async throws -> [AuditEntry]
    func latestAudit(subject: String) async throws -> AuditEntry?
    /// The highest entry number ever issued (removing the newest entries leaves it higher).
    func auditHighestSequence() async throws -> Int64
    func createToken(_ token: TokenRecord) async throws
    func tokens() async throws -> [TokenRecord]
    func token(hash: String) async throws -> TokenRecord?
    func revokeToken(id: String, by actor: String, now: Date) async throws
}

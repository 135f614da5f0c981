public import Foundation

/// What a principal may do. The HTTP API checks these; the CLI runs as the local operator.
public enum Permission: String, Sendable, CaseIterable, Codable {
    case itemsRead = "items.read"
    case itemsSubmit = "items.submit"
    case itemsRetry = "items.retry"
    case reviewWork = "review.work"
    case reviewSupervise = "review.supervise"
    case modelsRead = "models.read"
    case modelsManage = "models.manage"
    case botsRead = "bots.read"
    case pipelinesRead = "pipelines.read"
    case pipelinesManage = "pipelines.manage"
    case tokensManage = "tokens.manage"
    case auditRead = "audit.read"
    case metricsRead = "metrics.read"

    /// Permissions over what every tenant shares (the models, the pipelines, the tokens) or what holds
    /// every tenant's entries (the audit trail): a token limited to some tenants may not use them,
    /// whatever its role.
    public var isApplianceWide: Bool {
        switch self {
        case .modelsManage, .pipelinesManage, .tokensManage, .auditRead: return true
        default: return false
        }
    }
}

/// The roles a token has (docs/governance.md has the matrix as a table).
public enum Role: String, Sendable, CaseIterable, Codable {
    case admin, `operator`, reviewer, bot, auditor

    public var permissions: Set<Permission> {
        switch self {
        case .admin: return Set(Permission.allCases)
        case .operator:
            return [.itemsRead, .itemsSubmit, .itemsRetry, .reviewSupervise, .modelsRead, .modelsManage, .botsRead, .pipelinesRead, .pipelinesManage, .metricsRead]
        case .reviewer: return [.itemsRead, .reviewWork, .modelsRead, .pipelinesRead]
        case .bot: return [.itemsRead, .itemsSubmit]
        case .auditor: return [.itemsRead, .auditRead, .modelsRead, .pipelinesRead, .metricsRead]
        }
    }

    public func allows(_ p: Permission) -> Bool { permissions.contains(p) }
}

/// A bearer token's principal. The token itself is never stored: only its SHA-256.
public struct TokenRecord: Sendable, Hashable {
    public var id: String
    public var name: String
    public var role: Role
    /// Tenants whose items the principal sees; empty: every tenant.
    public var tenants: [String]
    public var hash: String
    public var createdAt: Date
    public var expiresAt: Date?
    public var revokedAt: Date?
    public var createdBy: String

    /// The token as `quire tokens list --json` prints it and `GET /v1/tokens` answers it: never its secret or hash.
    public func summary(now: Date) -> JSONValue {
        let f = ISO8601DateFormatter()
        return ["id": .string(id), "name": .string(name), "role": .string(role.rawValue), "tenants": .array(tenants.map(JSONValue.string)),
                "created_at": .string(f.string(from: createdAt)), "expires_at": expiresAt.map { .string(f.string(from: $0)) } ?? .null,
                "revoked_at": revokedAt.map { .string(f.string(from: $0)) } ?? .null, "created_by": .string(createdBy),
                "valid": .bool(isValid(at: now))]
    }

    public init(id: String, name: String, role: Role, tenants: [String], hash: String, createdAt: Date, expiresAt: Date?, revokedAt: Date? = nil, createdBy: String) {
        self.id = id
        self.name = name
        self.role = role
        self.tenants = tenants
        self.hash = hash
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.createdBy = createdBy
    }

    public func isValid(at now: Date) -> Bool { revokedAt == nil && (expiresAt.map { $0 > now } ?? true) }
}

/// What happened, for the audit trail.
public struct AuditDraft: Sendable, Hashable {
    public var actor: String
    public var action: String
    public var subject: String
    public var details: JSONValue

    public init(actor: String, action: String, subject: String, details: JSONValue = .emptyObject) {
        self.actor = actor
        self.action = action
        self.subject = subject
        self.details = details
    }
}

/// One entry of the append-only, hash-chained audit trail.
public struct AuditEntry: Sendable, Hashable {
    public var seq: Int64
    public var at: Date
    /// `at` exactly as written and hashed (ISO 8601 with milliseconds).
    public var stamp: String
    public var actor: String
    public var action: String
    public var subject: String
    public var details: JSONValue
    public var previousHash: String
    public var hash: String

    /// The entry as `quire audit export` prints it and `GET /v1/audit` answers it: with its hashes, so
    /// that whoever holds the audit key can check an export.
    public var exported: JSONValue {
        ["seq": .number(Double(seq)), "at": .string(stamp), "actor": .string(actor), "action": .string(action), "subject": .string(subject),
         "details": details, "prev_hash": .string(previousHash), "hash": .string(hash)]
    }

    public init(seq: Int64, at: Date, stamp: String, actor: String, action: String, subject: String, details: JSONValue, previousHash: String, hash: String) {
        self.seq = seq
        self.at = at
        self.stamp = stamp
        self.actor = actor
        self.action = action
        self.subject = subject
        self.details = details
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The bytes the entry's hash covers (the previous hash is chained in separately).
    public static func canonical(seq: Int64, at: String, actor: String, action: String, subject: String, details: JSONValue) -> String {
        JSONValue.object(["seq": .number(Double(seq)), "at": .string(at), "actor": .string(actor), "action": .string(action),
                          "subject": .string(subject), "details": details]).compactText
    }
}

public import Foundation
public import QuireCore
public import QuireStore
import Crypto
import QuireEngine

/// Bearer tokens: 256 random bits, shown once, kept only as their SHA-256.
public enum Tokens {
    public static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Creates a token; returns its record and the secret (to show once).
    public static func create(store: any Store, name: String, role: Role, tenants: [String], expiresIn: Double?, by actor: String,
                              now: Date = Date()) async throws -> (TokenRecord, String) {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let secret = "qt_" + Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let id = "tok_" + String((0..<10).map { _ in "0123456789abcdefghijklmnopqrstuvwxyz".randomElement(using: &rng)! })
        let record = TokenRecord(id: id, name: name, role: role, tenants: tenants, hash: hash(secret), createdAt: now,
                                 expiresAt: expiresIn.map { now.addingTimeInterval($0) }, createdBy: actor)
        try await store.createToken(record)
        return (record, secret)
    }

    /// The principal of a presented token, if it is known, unrevoked and unexpired.
    public static func authenticate(_ secret: String, store: any Store, now: Date = Date()) async throws -> TokenRecord? {
        guard let t = try await store.token(hash: hash(secret)), t.isValid(at: now) else { return nil }
        return t
    }
}

extension Appliance {
    /// Records the pipelines and the configuration file when they differ from what the audit trail
    /// saw last (`quire serve` calls it at start): who changed what is not known to Quire, so
    /// the actor is the operating-system user that started it. Returns the entries written.
    @discardableResult
    public func auditConfiguration(actor: String = ProcessInfo.processInfo.environment["USER"] ?? "system") async throws -> [AuditDraft] {
        var files: [(String, String)] = [("config", configuration.layout.configFile)]
        for spec in catalog.specs { if let f = spec.file { files.append(("pipeline:" + spec.name, f)) } }
        var drafts: [AuditDraft] = []
        for (subject, path) in files {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            if try await store.latestAudit(subject: subject)?.details["sha256"]?.stringValue == digest { continue }
            drafts.append(AuditDraft(actor: actor, action: subject == "config" ? "config.load" : "pipeline.load", subject: subject,
                                     details: ["sha256": .string(digest), "file": .string(path)]))
        }
        if !drafts.isEmpty { try await store.appendAudit(drafts, now: Date()) }
        return drafts
    }
}

public import Foundation
public import QuireCore
import QuireStore
import Crypto
import QuireEngine

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

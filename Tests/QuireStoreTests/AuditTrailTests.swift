import Foundation
import QuireCore
import QuireStore
import QuireTesting
import Testing

/// The SQLite side of the audit trail: the database refuses changes, and a keyed chain edited
/// behind the triggers' back (by someone with the file but not the key) is caught.
@Suite("Audit trail (SQLite)")
struct AuditTrailTests {
    func sql(_ path: String, _ statement: String) -> Int32 { Spawn.run(["/usr/bin/sqlite3", path, statement]) }

    @Test func theDatabaseRefusesChangesAndTheKeyedChainCatchesThemAnyway() async throws {
        let dir = try TemporaryDirectory("quire-audit")
        defer { dir.remove() }
        let key = try AuditChain.loadOrCreateKey(at: dir.file("data/audit.key"))
        #expect(try AuditChain.loadOrCreateKey(at: dir.file("data/audit.key")) == key, "the key is read back, not replaced")
        let attributes = try FileManager.default.attributesOfItem(atPath: dir.file("data/audit.key"))
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let path = dir.file("q.sqlite")
        let store = try SQLiteStore(path: path, auditKey: key)
        for n in 1...5 { try await store.appendAudit([AuditDraft(actor: "ann", action: "test.\(n)", subject: "s")], now: Date()) }
        func check() async throws -> AuditChain.Verification {
            AuditChain(key: key).verify(try await store.auditEntries(after: 0, limit: 100), highest: try await store.auditHighestSequence())
        }
        #expect(try await check().intact)
        #expect(sql(path, "UPDATE audit SET actor = 'mallory' WHERE seq = 3") != 0, "the trigger refuses an update")
        #expect(sql(path, "DELETE FROM audit WHERE seq = 3") != 0, "and a delete")
        #expect(try await check().intact)

        // Someone with the file drops the triggers and rewrites entry 3, recomputing its plain SHA-256:
        // without the key the hash does not match.
        #expect(sql(path, "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;") == 0)
        let e3 = try #require(try await store.auditEntries(after: 2, limit: 1).first)
        let forged = AuditChain(key: nil).hash(previous: e3.previousHash, canonical: AuditEntry.canonical(seq: 3, at: e3.stamp, actor: "mallory", action: e3.action, subject: e3.subject, details: e3.details))
        #expect(sql(path, "UPDATE audit SET actor = 'mallory', hash = '\(forged)' WHERE seq = 3") == 0)
        var r = try await check()
        #expect(r.firstBad == 3 && r.problem?.contains("changed") == true, "\(r)")
        // Deleting it instead leaves a gap; deleting the newest entries leaves the sequence ahead.
        #expect(sql(path, "DELETE FROM audit WHERE seq = 3") == 0)
        r = try await check()
        #expect(r.firstBad == 3 && r.problem?.contains("missing") == true, "\(r)")
        let other = try SQLiteStore(path: dir.file("tail.sqlite"), auditKey: key)
        for n in 1...4 { try await other.appendAudit([AuditDraft(actor: "ann", action: "test.\(n)", subject: "s")], now: Date()) }
        #expect(sql(dir.file("tail.sqlite"), "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq >= 3;") == 0)
        let tail = AuditChain(key: key).verify(try await other.auditEntries(after: 0, limit: 100), highest: try await other.auditHighestSequence())
        #expect(tail.firstBad == 3 && tail.problem?.contains("gone") == true, "\(tail)")
    }

    @Test func aBadKeyFileIsRefusedWithAMessage() throws {
        let dir = try TemporaryDirectory("quire-audit-key")
        defer { dir.remove() }
        try Data("not a key\n".utf8).write(to: URL(fileURLWithPath: dir.file("audit.key")))
        #expect(throws: QuireError.self) { try AuditChain.loadOrCreateKey(at: dir.file("audit.key")) }
    }
}

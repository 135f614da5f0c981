import Foundation
import QuireCore
import QuireTesting
import Testing

@Suite("Tokens and the audit trail (real binary)")
struct GovernanceTests {
    @Test func initMakesAnAdminTokenTokensAreShownOnceAndTheAuditTrailCatchesTampering() async throws {
        let dir = try TemporaryDirectory("quire-governance")
        defer { dir.remove() }
        let home = dir.file("home")
        let initialized = try await QuireBinary.run(["init", home, "--pipelines", QuireBinary.repositoryRoot + "/pipelines"])
        #expect(initialized.status == 0, "\(initialized.stderr)")
        #expect(initialized.stdout.contains("admin token written to \(home)/admin.token"))
        for file in [home + "/admin.token", home + "/data/audit.key"] {
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(file) is readable by its owner only")
        }
        let admin = try String(contentsOfFile: home + "/admin.token", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(admin.hasPrefix("qt_") && admin.count >= 45, "256 random bits")
        #expect(try await QuireBinary.run(["init", home]).stdout.contains("admin token") == false, "a second init makes no second admin token")

        let created = try await QuireBinary.run(["tokens", "create", "--role", "reviewer", "--tenant", "acme", "--expires", "90d", "--name", "AP team", "--home", home],
                                          environment: ["QUIRE_ACTOR": "ann"])
        #expect(created.status == 0, "\(created.stderr)")
        let secret = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(secret.hasPrefix("qt_") && created.stderr.contains("shown this once"))
        let listed = try await QuireBinary.run(["tokens", "list", "--json", "--home", home])
        #expect(!listed.stdout.contains(secret) && !listed.stdout.contains(admin), "secrets are never listed")
        let rows = listed.stdout.split(separator: "\n").compactMap { try? JSONValue.parse(Data($0.utf8)) }
        let reviewer = try #require(rows.first { $0["role"] == "reviewer" })
        #expect(reviewer["tenants"] == ["acme"] && reviewer["valid"] == true && reviewer["name"] == "AP team")
        let db = home + "/data/quire.sqlite"
        #expect(await Spawn.outputOf(["/usr/bin/sqlite3", db, "SELECT COUNT(*) FROM tokens WHERE hash LIKE '%\(secret.dropFirst(3).prefix(12))%'"]).stdout.hasPrefix("0"),
                "the database holds the hash, not the token")
        let id = try #require(reviewer["id"]?.stringValue)
        #expect(try await QuireBinary.run(["tokens", "revoke", id, "--home", home], environment: ["QUIRE_ACTOR": "bob"]).status == 0)
        #expect(try await QuireBinary.run(["tokens", "revoke", id, "--home", home]).status == 75)
        #expect(try await QuireBinary.run(["tokens", "create", "--role", "boss", "--home", home]).stderr.contains("use one of admin, operator, reviewer, bot, auditor"))

        let verified = try await QuireBinary.run(["audit", "verify", "--home", home])
        #expect(verified.status == 0 && verified.stdout.contains("audit trail intact"), "\(verified.stdout)\(verified.stderr)")
        let export = try await QuireBinary.run(["audit", "export", "--home", home]).stdout.split(separator: "\n").compactMap { try? JSONValue.parse(Data($0.utf8)) }
        let actions = export.compactMap { $0["action"]?.stringValue }
        #expect(actions.contains("model.active") && actions.suffix(2) == ["token.create", "token.revoke"], "\(actions)")
        #expect(export.last?["actor"] == "bob" && export.dropLast().last?["actor"] == "ann")

        // Someone with the database (not the key) edits an entry behind the triggers: verify names it.
        let target = export.count - 1
        #expect(await Spawn.running(["/usr/bin/sqlite3", db, "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'mallory' WHERE seq = \(target)"]) == 0)
        let broken = try await QuireBinary.run(["audit", "verify", "--home", home])
        #expect(broken.status == 1 && broken.stdout.contains("BROKEN at entry \(target)"), "\(broken.stdout)")
    }
}

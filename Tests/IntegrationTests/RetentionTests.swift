import Foundation
import QuireCore
import QuireTesting
import Testing

/// Retention per pipeline: past the policy, the original and the document text go; the decision,
/// the history and the audit trail stay.
@Suite("Retention (real binary)")
struct RetentionTests {
    @Test func expiredOriginalsAndTextGoWhileDecisionsAndTheAuditTrailStay() async throws {
        let dir = try TemporaryDirectory("quire-retention")
        defer { dir.remove() }
        let home = dir.file("home")
        let root = QuireBinary.repositoryRoot
        try await QuireBinary.initHome(home)
        try QuireBinary.withoutReview(home: home)
        let spec = home + "/pipelines/invoices.yaml"
        func retention(_ text: String) throws {
            try String(contentsOfFile: spec, encoding: .utf8).replacingOccurrences(of: #"(?m)^  retention: .*$"#, with: "  retention: \(text)", options: .regularExpression)
                .write(toFile: spec, atomically: true, encoding: .utf8)
        }
        let server = try QuireBinary.serve(home: home, log: dir.file("serve.log"), environment: ["QUIRE_SPOOL_SETTLE": "150ms"])
        try FileManager.default.copyItem(atPath: root + "/fixtures/documents/doc-001.pdf", toPath: home + "/inbox/invoices/doc-001.pdf")
        func item() async -> JSONValue? {
            (try? await QuireBinary.run(["items", "list", "--json", "--home", home]).stdout.split(separator: "\n").compactMap { try? JSONValue.parse(String($0)) }.first) ?? nil
        }
        let done = await eventually { await item()?["state"] == "done" }
        kill(server.processIdentifier, SIGTERM)
        await server.exited()
        #expect(done, "see \(dir.file("serve.log"))")
        let before = try #require(await item())
        let id = try #require(before["id"]?.stringValue)
        let hash = try #require(before["contentHash"]?.stringValue)
        let blob = "\(home)/data/blobs/sha256/\(hash.prefix(2))/\(hash.dropFirst(2).prefix(2))/\(hash)"
        #expect(FileManager.default.fileExists(atPath: blob))
        let record = "\(home)/outbox/invoices/done/\(id).json"
        #expect(try String(contentsOfFile: record, encoding: .utf8).contains("Brauhaus Technik GmbH\\nRECHNUNG") || (try String(contentsOfFile: record, encoding: .utf8)).contains("\"words\""))

        // Not yet: the item is younger than the policy (an hour). Then the policy is one second.
        try retention("1h")
        var run = try await QuireBinary.run(["retention", "run", "--by", "ops", "--home", home])
        #expect(run.stdout.contains("invoices: 0 items purged"), "\(run.stdout)")
        try retention("1s")
        try await Task.sleep(for: .seconds(1.5))
        run = try await QuireBinary.run(["retention", "run", "--by", "ops", "--home", home])
        #expect(run.status == 0 && run.stdout.contains("invoices: 1 item purged"), "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("purging invoices 1"), "how far the purge is, on standard error: \(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: blob), "the original is gone")
        let after = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: record)))
        let text = after.jsonString()
        #expect(!text.contains("\"words\"") && !text.contains("\"pages\""), "no page text or word boxes are left in the outbox record")
        #expect(after["result"]?["values"]?["total"] == 3593.05, "the decision stays")
        #expect(after["item"]?["metadata"]?["purged_at"] != nil)
        let shown = try await QuireBinary.run(["items", "show", id, "--json", "--home", home]).stdout
        #expect(!shown.contains("\"words\"") && shown.contains("3593.05"))
        // The audit trail still verifies and says who purged what; a second run has nothing to do.
        let verify = try await QuireBinary.run(["audit", "verify", "--home", home])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let audit = try await QuireBinary.run(["audit", "export", "--home", home]).stdout
        #expect(audit.contains("retention.purge") && audit.contains("item:\(id)") && audit.contains("\"ops\""))
        run = try await QuireBinary.run(["retention", "run", "--home", home])
        #expect(run.stdout.contains("invoices: 0 items purged"))
    }
}

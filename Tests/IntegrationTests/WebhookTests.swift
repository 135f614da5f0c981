import Foundation
import QuireCore
import QuireTesting
import Testing

/// Pipeline webhooks against the reference receiver (bots/webhook-receiver), which checks the
/// signature: delivered once per event, retried while a receiver is down, logged, replayed.
@Suite("Pipeline webhooks (real binary)")
struct WebhookTests {
    @Test func itemsAnnounceThemselvesSignedRetriedAndReplayed() async throws {
        let dir = try TemporaryDirectory("quire-webhooks")
        defer { dir.remove() }
        let root = QuireBinary.repositoryRoot
        let receiver = try await HelperServer.start(root + "/bots/webhook-receiver/receiver.py", arguments: ["--log", dir.file("received.jsonl")],
                                                    environment: ["WEBHOOK_SECRET": "hook-secret-9"], log: dir.file("receiver.log"))
        defer { receiver.stop() }
        let home = dir.file("home")
        #expect(try await QuireBinary.run(["init", home, "--pipelines", root + "/pipelines"]).status == 0)
        try QuireBinary.withoutReview(home: home)
        let spec = home + "/pipelines/invoices.yaml"
        // A second webhook points at a port where nobody listens: it is retried, then replayed.
        try (try String(contentsOfFile: spec, encoding: .utf8) + """

            webhooks:
              - url: http://127.0.0.1:\(receiver.port)/quire
                events: [done, failed]
                secret: HOOK_SECRET
              - url: http://127.0.0.1:9/down
                events: [done]
                secret: HOOK_SECRET
            """).write(toFile: spec, atomically: true, encoding: .utf8)
        FileManager.default.createFile(atPath: home + "/secrets.yaml", contents: Data("HOOK_SECRET: hook-secret-9\n".utf8), attributes: [.posixPermissions: 0o600])
        let server = try QuireBinary.serve(home: home, log: dir.file("serve.log"), environment: ["QUIRE_SPOOL_SETTLE": "150ms"])
        defer { kill(server.processIdentifier, SIGTERM); server.waitUntilExit() }
        try FileManager.default.copyItem(atPath: root + "/fixtures/documents/doc-001.pdf", toPath: home + "/inbox/invoices/doc-001.pdf")
        try Data("%PDF-1.4 this is not really a PDF".utf8).write(to: URL(fileURLWithPath: home + "/inbox/invoices/broken.pdf"))

        func received() -> [JSONValue] {
            ((try? String(contentsOfFile: dir.file("received.jsonl"), encoding: .utf8)) ?? "").split(separator: "\n").compactMap { try? JSONValue.parse(String($0)) }
        }
        let both = await eventually(timeout: 120) { received().count == 2 }
        #expect(both, "the receiver got done and failed; see \(dir.file("serve.log"))")
        let events = received()
        let done = try #require(events.first { $0["request"]?["event"] == "done" })
        #expect(done["request"]?["item"]?["name"] == "doc-001.pdf")
        #expect(done["request"]?["result"]?["values"]?["total"] == 3593.05)
        #expect(events.contains { $0["request"]?["event"] == "failed" && $0["request"]?["item"]?["name"] == "broken.pdf" })

        func deliveries(_ extra: [String] = []) async throws -> [JSONValue] {
            try await QuireBinary.run(["webhooks", "list", "--json", "--home", home] + extra).stdout.split(separator: "\n").compactMap { try? JSONValue.parse(String($0)) }
        }
        let retried = await eventually(timeout: 60) { ((try? await deliveries()) ?? []).contains { $0["url"]?.stringValue?.hasSuffix("/down") == true && ($0["attempts"]?.intValue ?? 0) >= 1 } }
        #expect(retried, "the delivery to the closed port was tried and is pending")
        let down = try #require(try await deliveries().first { $0["url"]?.stringValue?.hasSuffix("/down") == true })
        #expect(down["state"] == "pending" && down["last_error"]?.stringValue?.contains("no answer") == true)
        #expect(try await deliveries(["--state", "delivered"]).count == 2)

        // Replay a delivered one: the receiver sees its key again and says it is a duplicate.
        let delivered = try #require(try await deliveries(["--state", "delivered"]).first)
        let replay = try await QuireBinary.run(["webhooks", "replay", String(delivered["id"]?.intValue ?? 0), "--by", "ops", "--home", home])
        #expect(replay.status == 0 && replay.stdout.contains("queued again"))
        let again = await eventually(timeout: 30) { ((try? await deliveries(["--state", "delivered"])) ?? []).contains { $0["id"] == delivered["id"] && $0["attempts"] == 1 && $0["delivered_at"] != nil && $0["delivered_at"] != delivered["delivered_at"] } }
        #expect(again)
        #expect(received().count == 2, "the receiver recorded the replayed key once")
        let audit = try await QuireBinary.run(["audit", "export", "--home", home]).stdout
        #expect(audit.contains("webhook.replay"))
        // A forged request (wrong secret) is refused by the receiver's check.
        let forged = Spawn.output(["/usr/bin/curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "-H", "Quire-Timestamp: \(Int(Date().timeIntervalSince1970))",
                                   "-H", "Quire-Signature: v1=00", "--data", "{}", "http://127.0.0.1:\(receiver.port)/quire"])
        #expect(forged.stdout == "401")
    }
}

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
        let (server, port) = try await QuireBinary.serveAPI(home: home, log: dir.file("serve.log"), environment: ["QUIRE_SPOOL_SETTLE": "150ms"])
        defer { server.stop() }
        try FileManager.default.copyItem(atPath: root + "/fixtures/documents/doc-001.pdf", toPath: home + "/inbox/invoices/doc-001.pdf")
        try Data("%PDF-1.4 this is not really a PDF".utf8).write(to: URL(fileURLWithPath: home + "/inbox/invoices/broken.pdf"))

        func received() -> [JSONValue] {
            ((try? String(contentsOfFile: dir.file("received.jsonl"), encoding: .utf8)) ?? "").split(separator: "\n").compactMap { try? JSONValue.parse(String($0)) }
        }
        let both = await eventually { received().count == 2 }
        #expect(both, "the receiver got done and failed; see \(dir.file("serve.log"))")
        let events = received()
        let done = try #require(events.first { $0["request"]?["event"] == "done" })
        #expect(done["request"]?["item"]?["name"] == "doc-001.pdf")
        #expect(done["request"]?["result"]?["values"]?["total"] == 3593.05)
        #expect(events.contains { $0["request"]?["event"] == "failed" && $0["request"]?["item"]?["name"] == "broken.pdf" })

        func deliveries(_ extra: [String] = []) async throws -> [JSONValue] {
            try await QuireBinary.run(["webhooks", "list", "--json", "--home", home] + extra).stdout.split(separator: "\n").compactMap { try? JSONValue.parse(String($0)) }
        }
        let retried = await eventually { ((try? await deliveries()) ?? []).contains { $0["url"]?.stringValue?.hasSuffix("/down") == true && ($0["attempts"]?.intValue ?? 0) >= 1 } }
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

        // The same log over the API (an operator token of no tenant), and a replay recorded under the token's name.
        let url = "http://127.0.0.1:\(port)"
        let operatorToken = try await QuireBinary.run(["tokens", "create", "--role", "operator", "--name", "ops-desk", "--home", home]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let asOperator = ["QUIRE_TOKEN": operatorToken]
        let remote = try await QuireBinary.run(["webhooks", "list", "--json", "--state", "delivered", "--server", url], environment: asOperator)
        let remoteIDs = remote.stdout.split(separator: "\n").compactMap { try? JSONValue.parse(String($0))["id"] }
        let localIDs = try await deliveries(["--state", "delivered"]).compactMap { $0["id"] }
        #expect(remote.status == 0 && !remoteIDs.isEmpty && Set(remoteIDs) == Set(localIDs), "\(remote.stdout)\(remote.stderr)")
        let table = try await QuireBinary.run(["webhooks", "list", "--server", url, "--item", done["request"]?["item"]?["id"]?.stringValue ?? "?"], environment: asOperator)
        #expect(table.status == 0 && table.stdout.contains("/quire") && table.stdout.contains("/down") && !table.stdout.contains("failed   "), "\(table.stdout)\(table.stderr)")
        let remoteReplay = try await QuireBinary.run(["webhooks", "replay", String(down["id"]?.intValue ?? 0), "--server", url], environment: asOperator)
        #expect(remoteReplay.status == 0 && remoteReplay.stdout.contains("queued again"), "\(remoteReplay.stdout)\(remoteReplay.stderr)")
        #expect(try await QuireBinary.run(["audit", "export", "--home", home]).stdout.contains("token:ops-desk"))
        // Bad input is refused before it reaches the store, with what to send instead; unknown ids are 404.
        let badItem = try await QuireBinary.run(["webhooks", "list", "--server", url, "--item", "'; DROP TABLE items"], environment: asOperator)
        #expect(badItem.status != 0 && badItem.stderr.contains("item id"), "\(badItem.stderr)")
        let unknown = try await QuireBinary.run(["webhooks", "replay", "999999", "--server", url], environment: asOperator)
        #expect(unknown.status != 0 && unknown.stderr.contains("404"), "\(unknown.stderr)")
        // A bot token may not read the log.
        let bot = try await QuireBinary.run(["tokens", "create", "--role", "bot", "--home", home]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let refused = try await QuireBinary.run(["webhooks", "list", "--server", url], environment: ["QUIRE_TOKEN": bot])
        #expect(refused.status == 78 && refused.stderr.contains("pipelines.manage"), "\(refused.stderr)")
        // A forged request (wrong secret) is refused by the receiver's check.
        let forged = await Spawn.outputOf(["/usr/bin/curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "-H", "Quire-Timestamp: \(Int(Date().timeIntervalSince1970))",
                                   "-H", "Quire-Signature: v1=00", "--data", "{}", "http://127.0.0.1:\(receiver.port)/quire"])
        #expect(forged.stdout == "401")
    }
}

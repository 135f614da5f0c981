import Foundation
import QuireCore
import QuireTesting
import Testing

/// A bot that tries to leak its secret everywhere it can — log lines, progress, stderr, an error
/// message that becomes a retry event, its result message and output — through a real
/// `quire serve`. The secret's value appears in none of the logs, events, jobs, outbox records,
/// audit trail, metrics or the nightly report; the redaction marker does.
@Suite("Secrets never leak (real binary)")
struct SecretTests {
    static let secret = "s3cr3t-VALUE-9f8e7d6c"

    @Test func aBotsSecretAppearsNowhereQuireWrites() async throws {
        let dir = try TemporaryDirectory("quire-secrets")
        defer { dir.remove() }
        let home = dir.file("home")
        let root = QuireBinary.repositoryRoot
        try await QuireBinary.initHome(home)
        try dir.write("home/bots/leaky/bot.yaml", """
            name: leaky
            description: Says its secret everywhere.
            command: [/usr/bin/python3, leaky.py]
            actions:
              - name: leak
            timeout: 30s
            secrets: [LEAKY_TOKEN]
            """)
        try dir.write("home/bots/leaky/leaky.py", #"""
            import json, os, sys
            request = json.loads(sys.stdin.readline())
            token = os.environ["LEAKY_TOKEN"]
            def say(o): print(json.dumps(o), flush=True)
            say({"type": "log", "level": "warning", "message": "logging in with " + token})
            say({"type": "progress", "percent": 50, "message": "token " + token})
            print("stderr says " + token, file=sys.stderr, flush=True)
            if request["attempt"] == 1:
                say({"type": "result", "status": "application_error", "code": "E1", "message": "login failed for " + token})
            else:
                say({"type": "result", "status": "done", "code": "OK", "message": "entered with " + token, "output": {"echo": token, "nested": ["x", "token=" + token]}})
            """#)
        try dir.write("home/pipelines/leaky.yaml", """
            name: leaky
            sources:
              spool:
                accept: [pdf]
            stages:
              - id: identify
                use: file.identify
              - id: leak
                use: bot
                with: { bot: leaky, action: leak }
                retry: { max_attempts: 3, backoff: 100ms, max_backoff: 200ms }
              - id: done_record
                use: outbox.write
            """)
        FileManager.default.createFile(atPath: home + "/secrets.yaml", contents: Data("LEAKY_TOKEN: \(Self.secret)\n".utf8), attributes: [.posixPermissions: 0o600])
        let log = dir.file("serve.log")
        let server = try QuireBinary.serve(home: home, log: log, environment: ["QUIRE_SPOOL_SETTLE": "150ms", "QUIRE_LOG_LEVEL": "debug"])
        #expect(await eventually(timeout: 30) { FileManager.default.fileExists(atPath: home + "/inbox/leaky") }, "quire serve makes the new pipeline's inbox")
        try FileManager.default.copyItem(atPath: root + "/fixtures/documents/doc-001.pdf", toPath: home + "/inbox/leaky/doc-001.pdf")
        func items() async -> [JSONValue] {
            (try? await QuireBinary.run(["items", "list", "--json", "--home", home]).stdout.split(separator: "\n").compactMap { try? JSONValue.parse(String($0)) }) ?? []
        }
        let done = await eventually { await items().first?["state"] == "done" }
        kill(server.processIdentifier, SIGTERM)
        await server.exited()
        #expect(done, "see \(log)")
        let id = try #require(await items().first?["id"]?.stringValue)

        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd"
        f.timeZone = .current
        #expect(try await QuireBinary.run(["report", "--date", f.string(from: Date()), "--home", home]).status == 0)
        var written: [(String, String)] = [
            ("serve.log", try String(contentsOfFile: log, encoding: .utf8)),
            ("items show", try await QuireBinary.run(["items", "show", id, "--json", "--home", home]).stdout),
            ("audit export", try await QuireBinary.run(["audit", "export", "--home", home]).stdout),
            ("metrics", try await QuireBinary.run(["metrics", "--home", home]).stdout),
        ]
        for folder in ["outbox/leaky/done", "reports/" + f.string(from: Date())] {
            for name in try FileManager.default.contentsOfDirectory(atPath: home + "/" + folder) where !name.hasSuffix(".png") && !name.hasSuffix(".pdf") {
                written.append((folder + "/" + name, try String(contentsOfFile: home + "/" + folder + "/" + name, encoding: .utf8)))
            }
        }
        // The PDF's text, as pdftotext reads it.
        let pdf = await Spawn.outputOf(["/usr/bin/pdftotext", home + "/reports/\(f.string(from: Date()))/report.pdf", "-"])
        written.append(("report.pdf", pdf.stdout))
        #expect(written.count >= 10, "\(written.map(\.0))")
        for (what, text) in written {
            #expect(!text.contains(Self.secret), "\(what) holds the secret")
        }
        let everything = written.map(\.1).joined()
        #expect(everything.contains("[secret LEAKY_TOKEN]"), "the bot did run and its words were kept, redacted")
        let shown = try JSONValue.parse(Data(written[1].1.utf8))
        #expect(shown["events"]?.arrayValue?.contains { $0["kind"] == "retry" && ($0["data"]?["error"]?.stringValue ?? "").contains("[secret LEAKY_TOKEN]") } == true)
    }
}

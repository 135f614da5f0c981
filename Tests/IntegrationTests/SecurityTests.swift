import Foundation
import QuireCore
import QuireTesting
import Testing

/// Regression tests for the security review (docs/security.md), through the real binary and API.
@Suite("Security findings (real binary)")
struct SecurityTests {
    /// Four eyes is decided on the checked, typed total, whatever JSON type the reviewer sent it
    /// as: a string total above the limit needs a second reviewer like a number does, and a
    /// malformed one is refused.
    @Test func fourEyesHoldsForStringNumberAndMalformedTotalsThroughTheAPI() async throws {
        let dir = try TemporaryDirectory("quire-four-eyes")
        defer { dir.remove() }
        let home = dir.file("home")
        let root = QuireBinary.repositoryRoot
        try await QuireBinary.initHome(home, everyItemInReview: true)
        func token(_ role: String, _ name: String) async throws -> String { try await QuireBinary.token(home: home, role: role, name: name) }
        let ann = try await token("reviewer", "ann"), bob = try await token("reviewer", "bob"), bot = try await token("bot", "bot")
        let (server, port) = try await QuireBinary.serveAPI(home: home, log: dir.file("serve.log"),
                                                            environment: ["QUIRE_SPOOL_SETTLE": "150ms", "QUIRE_API_RATE": "10000/1s"])
        defer { server.stop() }
        let api = APITests.Client(base: "http://127.0.0.1:\(port)")
        // Three invoices whose extracted totals are under the pipeline's four-eyes limit (10,000).
        var ids: [String] = []
        for n in 1...3 {
            let pdf = try Data(contentsOf: URL(fileURLWithPath: root + "/fixtures/documents/doc-00\(n).pdf"))
            let (status, body, _) = try await api.call("POST", "/v1/items?pipeline=invoices&name=d\(n).pdf", token: bot, data: pdf)
            #expect(status == 201 || status == 202, "\(body)")
            ids.append(body["id"]?.stringValue ?? "?")
        }
        let queued = await eventually {
            let list = (try? await QuireBinary.run(["review", "list", "--json", "--home", home]).stdout) ?? ""
            return ids.allSatisfy(list.contains)
        }
        #expect(queued, "the items reach review; see \(dir.file("serve.log"))")
        guard queued else { return }

        func approve(_ id: String, as who: String, total: JSONValue) async throws -> (Int, JSONValue) {
            var (status, body, _) = try await api.call("POST", "/v1/reviews/\(id)/claim", token: who)
            guard status == 200 else { return (status, body) }
            let version = body["version"]?.intValue ?? 0
            (status, body, _) = try await api.call("POST", "/v1/reviews/\(id)/submit", token: who,
                                                    body: ["action": "approve", "version": .number(Double(version)), "corrections": ["total": total]])
            return (status, body)
        }
        // A string total above the limit: one approval does not decide it (before the fix it did).
        var (status, body) = try await approve(ids[0], as: ann, total: "250000")
        #expect(status == 200 && body["state"] == "open", "a string total over the limit waits for a second reviewer: \(body)")
        (status, body) = try await approve(ids[0], as: ann, total: "250000")
        #expect(status == 409, "the same reviewer cannot give the second approval: \(body)")
        (status, body, _) = try await api.call("POST", "/v1/reviews/\(ids[0])/submit", token: ann, body: ["action": "skip", "version": 0])
        #expect(status == 200, "ann gives the item back for a second reviewer: \(body)")
        (status, body) = try await approve(ids[0], as: bob, total: "250000")
        #expect(status == 200 && body["state"] == "decided", "\(body)")
        // The stored correction is the number, the same value four eyes was decided on.
        let stored = await eventually {
            ((try? await QuireBinary.run(["items", "show", ids[0], "--json", "--home", home]).stdout) ?? "").contains("250000")
        }
        #expect(stored, "the corrected total is stored as the number")

        // A number total above the limit: the same.
        (status, body) = try await approve(ids[1], as: ann, total: 250_000)
        #expect(status == 200 && body["state"] == "open", "\(body)")
        (status, body) = try await approve(ids[1], as: bob, total: 250_000)
        #expect(status == 200 && body["state"] == "decided", "\(body)")

        // Malformed totals are refused with a message, and the review stays as it was.
        var claimed: JSONValue
        (status, claimed, _) = try await api.call("POST", "/v1/reviews/\(ids[2])/claim", token: ann)
        #expect(status == 200, "\(claimed)")
        for bad: JSONValue in ["25O000", "1e999", ["amount": 5], "250000; DROP TABLE"] {
            (status, body, _) = try await api.call("POST", "/v1/reviews/\(ids[2])/submit", token: ann,
                                                    body: ["action": "approve", "version": claimed["version"] ?? 0, "corrections": ["total": bad]])
            #expect(status == 400 && body["detail"]?.stringValue?.contains("amount") == true, "\(bad): \(status) \(body)")
        }
        // Another reviewer cannot take ann's claim away by skipping it (finding 8); ann can.
        (status, body, _) = try await api.call("POST", "/v1/reviews/\(ids[2])/submit", token: bob, body: ["action": "skip", "version": 0])
        #expect(status == 409 && body["detail"]?.stringValue?.contains("claimed by ann") == true, "\(status) \(body)")
        (status, body, _) = try await api.call("POST", "/v1/reviews/\(ids[2])/submit", token: ann, body: ["action": "skip", "version": 0])
        #expect(status == 200, "\(body)")
        let reviews = try await QuireBinary.run(["review", "list", "--json", "--home", home]).stdout
        #expect(reviews.contains(ids[2]), "the item with only malformed corrections still waits")
    }

    /// Metadata keys Quire relies on (attachments, purged_at, capture, …) cannot come from a
    /// caller's free-form metadata: the API refuses them with 400 and a spool sidecar that sets
    /// them is rejected with a record, so `attachments[].sha256 = ../../data/audit.key` never
    /// reaches the blob folder.
    @Test func reservedMetadataKeysAreRefusedFromTheAPIAndTheInbox() async throws {
        let dir = try TemporaryDirectory("quire-reserved-metadata")
        defer { dir.remove() }
        let home = dir.file("home")
        let root = QuireBinary.repositoryRoot
        try await QuireBinary.initHome(home)
        try QuireBinary.withoutReview(home: home)
        let bot = try await QuireBinary.token(home: home, role: "bot", name: "bot")
        let (server, port) = try await QuireBinary.serveAPI(home: home, log: dir.file("serve.log"),
                                                            environment: ["QUIRE_SPOOL_SETTLE": "150ms", "QUIRE_API_RATE": "10000/1s"])
        defer { server.stop() }
        let api = APITests.Client(base: "http://127.0.0.1:\(port)")
        let traversal: JSONValue = ["attachments": [["name": "k", "sha256": "../../../data/audit.key"]]]
        // A JSON capture with the key in its metadata.
        var (status, body, _) = try await api.call("POST", "/v1/items", token: bot,
                                                    body: ["pipeline": "bot-capture", "capture": ["fields": ["total": "1"]], "metadata": traversal])
        #expect(status == 400 && body["code"] == "reserved_metadata" && body["detail"]?.stringValue?.contains("attachments") == true, "\(status) \(body)")
        (status, body, _) = try await api.call("POST", "/v1/items", token: bot,
                                                body: ["pipeline": "bot-capture", "capture": ["fields": ["total": "1"]], "metadata": ["purged_at": "2020-01-01T00:00:00Z"]])
        #expect(status == 400 && body["code"] == "reserved_metadata", "\(status) \(body)")
        // The caller's own keys are still kept.
        let pdf = try Data(contentsOf: URL(fileURLWithPath: root + "/fixtures/documents/doc-002.pdf"))
        (status, body, _) = try await api.call("POST", "/v1/items", token: bot,
                                                body: ["pipeline": "bot-capture", "capture": ["fields": ["total": "1"]], "metadata": ["batch": "b-7"],
                                                       "files": [["name": "doc.pdf", "content_base64": .string(pdf.base64EncodedString())]]])
        #expect((status == 201 || status == 202) && body["metadata"]?["batch"] == "b-7", "\(status) \(body)")

        // A sidecar in the inbox: the file is not taken, a record says why.
        let inbox = home + "/inbox/invoices"
        try Data(traversal.jsonString().utf8).write(to: URL(fileURLWithPath: inbox + "/.evil.pdf.json.tmp"))
        rename(inbox + "/.evil.pdf.json.tmp", inbox + "/evil.pdf.json")
        try FileManager.default.copyItem(atPath: root + "/fixtures/documents/doc-001.pdf", toPath: inbox + "/.evil.pdf.tmp")
        rename(inbox + "/.evil.pdf.tmp", inbox + "/evil.pdf")
        let record = home + "/outbox/invoices/rejected/evil.pdf.json"
        let rejected = await eventually { FileManager.default.fileExists(atPath: record) }
        #expect(rejected, "see \(dir.file("serve.log"))")
        let text = (try? String(contentsOfFile: record, encoding: .utf8)) ?? ""
        #expect(text.contains("reserved") && text.contains("attachments"), "\(text)")
    }

    /// `quire report --date` names a folder: only a real YYYY-MM-DD is accepted, never a path piece.
    @Test func theReportDateIsADayNotAPath() async throws {
        let dir = try TemporaryDirectory("quire-report-date")
        defer { dir.remove() }
        let home = dir.file("home")
        try await QuireBinary.initHome(home)
        for bad in ["../../outside", "2026-11-28/../../x", "2026-13-45", "/tmp/x"] {
            let r = try await QuireBinary.run(["report", "--date", bad, "--home", home])
            #expect(r.status != 0 && r.stderr.contains("YYYY-MM-DD"), "\(bad): \(r.status) \(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.file("outside")) && !FileManager.default.fileExists(atPath: home + "/x"))
        let good = try await QuireBinary.run(["report", "--date", "2026-11-28", "--home", home])
        #expect(good.status == 0 && FileManager.default.fileExists(atPath: home + "/reports/2026-11-28/report.json"), "\(good.stderr)")
    }

    /// Two tenants never meet through duplicate detection (same bytes, same invoice) or an
    /// Idempotency-Key: each sees only its own items (security finding 3).
    @Test func tenantsDoNotSeeEachOtherThroughDuplicatesOrIdempotencyKeys() async throws {
        let dir = try TemporaryDirectory("quire-tenant-isolation")
        defer { dir.remove() }
        let home = dir.file("home")
        let root = QuireBinary.repositoryRoot
        try await QuireBinary.initHome(home)
        try QuireBinary.withoutReview(home: home)
        func token(_ tenant: String) async throws -> String { try await QuireBinary.token(home: home, role: "bot", name: "bot-\(tenant)", tenant: tenant) }
        let acme = try await token("acme"), globex = try await token("globex"), initech = try await token("initech")
        let (server, port) = try await QuireBinary.serveAPI(home: home, log: dir.file("serve.log"),
                                                            environment: ["QUIRE_SPOOL_SETTLE": "150ms", "QUIRE_API_RATE": "10000/1s"])
        defer { server.stop() }
        let api = APITests.Client(base: "http://127.0.0.1:\(port)")
        let pdf = try Data(contentsOf: URL(fileURLWithPath: root + "/fixtures/documents/doc-001.pdf"))

        // The same bytes under the same Idempotency-Key: each tenant gets its own new item.
        var (status, body, _) = try await api.call("POST", "/v1/items?pipeline=invoices&name=a.pdf", token: acme, data: pdf, headers: ["Idempotency-Key": "k-1"])
        #expect(status == 201, "\(body)")
        let acmeItem = try #require(body["id"]?.stringValue)
        (status, body, _) = try await api.call("POST", "/v1/items?pipeline=invoices&name=g.pdf", token: globex, data: pdf, headers: ["Idempotency-Key": "k-1"])
        #expect(status == 201 && body["id"]?.stringValue != acmeItem && body["duplicate_of"] == nil, "globex's key is its own: \(status) \(body)")
        #expect(!body.jsonString().contains(acmeItem), "nothing of acme's item is revealed")
        let globexItem = try #require(body["id"]?.stringValue)
        // The same bytes again, without a key: a duplicate of the tenant's own item only.
        (status, body, _) = try await api.call("POST", "/v1/items?pipeline=invoices&name=g2.pdf", token: globex, data: pdf)
        #expect(body["duplicate_of"]?.stringValue == globexItem, "\(status) \(body)")
        // The same invoice scanned (other bytes, same vendor, number and total) by a third tenant is not
        // a duplicate of the first two tenants' invoice.
        let scan = try Data(contentsOf: URL(fileURLWithPath: root + "/fixtures/scans/doc-001.png"))
        (status, body, _) = try await api.call("POST", "/v1/items?pipeline=invoices&name=scan.png", token: initech, data: scan)
        #expect(status == 201, "\(body)")
        let scanItem = try #require(body["id"]?.stringValue)
        (status, body, _) = try await api.call("GET", "/v1/items/\(scanItem)/wait?timeout=120", token: initech)
        #expect(body["state"] == "done", "initech's scan is processed, not a duplicate of another tenant's invoice: \(body)")
        #expect(!body.jsonString().contains(acmeItem) && !body.jsonString().contains(globexItem))
        // Within one tenant the same invoice is still caught.
        (status, body, _) = try await api.call("POST", "/v1/items?pipeline=invoices&name=scan.png", token: acme, data: scan)
        let again = try #require(body["id"]?.stringValue)
        (status, body, _) = try await api.call("GET", "/v1/items/\(again)/wait?timeout=120", token: acme)
        #expect(body["state"] == "exception" && body.jsonString().contains("duplicate_invoice"), "\(body)")
    }

    /// Uploads in progress at once are capped: past the cap a caller gets 429 with Retry-After
    /// instead of the server holding one more body in memory (security finding 6).
    @Test func aFloodOfConcurrentUploadsIsAnswered429() async throws {
        let dir = try TemporaryDirectory("quire-upload-flood")
        defer { dir.remove() }
        let home = dir.file("home")
        try await QuireBinary.initHome(home)
        let bot = try await QuireBinary.token(home: home, role: "bot", name: "bot")
        let (server, port) = try await QuireBinary.serveAPI(home: home, log: dir.file("serve.log"),
                                                            environment: ["QUIRE_API_RATE": "10000/1s", "QUIRE_API_UPLOADS": "2", "QUIRE_API_BODY_TIMEOUT": "300s"])
        defer { server.stop() }
        let api = APITests.Client(base: "http://127.0.0.1:\(port)")
        // Two slow senders hold both slots: 200 KB at 2 KB/s, 100 s, under a body timeout of 300 s (with
        // 20 s, a loaded machine's probes below could all come after the server had cut the senders off).
        let body = dir.file("slow.pdf")
        try Data(repeating: 0x41, count: 200_000).write(to: URL(fileURLWithPath: body))
        var slow: [Process] = []
        for _ in 0..<2 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
            p.arguments = ["-sS", "-o", "/dev/null", "--limit-rate", "2k", "-H", "Authorization: Bearer \(bot)", "-H", "Content-Type: application/pdf",
                           "--data-binary", "@" + body, "http://127.0.0.1:\(port)/v1/classify"]
            try p.run()
            slow.append(p)
        }
        defer { for p in slow where p.isRunning { p.terminate() } }
        var refused = false
        var retryAfter: String?
        for _ in 0..<40 where !refused {
            try await Task.sleep(for: .milliseconds(250))
            let (status, answer, headers) = try await api.call("POST", "/v1/classify", token: bot, body: ["text": "Invoice No 1, Total 10 EUR"])
            if status == 429 {
                refused = answer["code"] == "too_many_uploads"
                retryAfter = headers["retry-after"]
            }
        }
        #expect(refused && retryAfter != nil, "a third upload while two are in progress is refused with Retry-After")
        for p in slow { kill(p.processIdentifier, SIGKILL); await p.exited() }
        // The slots are given back when the senders go.
        let freed = await eventually(timeout: 30) {
            (try? await api.call("POST", "/v1/classify", token: bot, body: ["text": "Invoice No 1, Total 10 EUR"]).0) == 200
        }
        #expect(freed)
    }

    /// A document sent as the body of `POST /v1/items` is streamed to a private file while it
    /// arrives (the server never holds it whole), and the file is gone when the sender hangs up
    /// or the item is created (security finding 6).
    @Test func anUploadIsStreamedToDiskAndRemoved() async throws {
        let dir = try TemporaryDirectory("quire-upload-stream")
        defer { dir.remove() }
        let home = dir.file("home")
        try await QuireBinary.initHome(home)
        let bot = try await QuireBinary.token(home: home, role: "bot", name: "bot")
        let (server, port) = try await QuireBinary.serveAPI(home: home, log: dir.file("serve.log"),
                                                            environment: ["QUIRE_API_RATE": "10000/1s", "QUIRE_API_BODY_TIMEOUT": "300s"])
        defer { server.stop() }
        let uploads = home + "/data/uploads"
        func staged() -> [Int] {
            ((try? FileManager.default.contentsOfDirectory(atPath: uploads)) ?? []).compactMap {
                (try? FileManager.default.attributesOfItem(atPath: uploads + "/" + $0)[.size] as? NSNumber)?.intValue
            }
        }
        // A slow sender: 300 KB at 4 KB/s. While it sends, part of its body is on disk.
        let body = dir.file("big.pdf")
        // 600 KB at 4 KB/s: two and a half minutes to send, so a busy machine still sees it half-way.
        try Data(repeating: 0x41, count: 600_000).write(to: URL(fileURLWithPath: body))
        let slow = Process()
        slow.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        slow.arguments = ["-sS", "-o", "/dev/null", "--limit-rate", "4k", "-H", "Authorization: Bearer \(bot)", "-H", "Content-Type: application/pdf",
                          "--data-binary", "@" + body, "http://127.0.0.1:\(port)/v1/items?pipeline=invoices&name=big.pdf"]
        try slow.run()
        defer { if slow.isRunning { slow.terminate() } }
        let partial = await eventually { staged().contains { $0 > 0 && $0 < 600_000 } }
        #expect(partial, "the body is written to \(uploads) as it arrives: \(staged())")
        kill(slow.processIdentifier, SIGKILL)
        await slow.exited()
        #expect(await eventually { staged().isEmpty }, "the partial upload is removed when its sender hangs up: \(staged())")
        // The same for a form's document part.
        let slowForm = Process()
        slowForm.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        slowForm.arguments = ["-sS", "-o", "/dev/null", "--limit-rate", "4k", "-H", "Authorization: Bearer \(bot)", "-F", "pipeline=invoices",
                              "-F", "file=@" + body, "http://127.0.0.1:\(port)/v1/items"]
        try slowForm.run()
        defer { if slowForm.isRunning { kill(slowForm.processIdentifier, SIGKILL) } }
        #expect(await eventually { staged().contains { $0 > 0 && $0 < 600_000 } }, "a form's document is written as it arrives: \(staged())")
        kill(slowForm.processIdentifier, SIGKILL)
        await slowForm.exited()
        #expect(await eventually { staged().isEmpty }, "and removed when its sender hangs up: \(staged())")
        let listed = try await QuireBinary.run(["items", "list", "--json", "--home", home]).stdout
        #expect(!listed.contains("big.pdf"), "a body cut off is no item")
        // A whole document: the item is created from the streamed file, which is then removed.
        let pdf = QuireBinary.repositoryRoot + "/fixtures/documents/doc-001.pdf"
        let sent = await Spawn.outputOf(["/usr/bin/curl", "-sS", "-w", "\n%{http_code}", "-H", "Authorization: Bearer \(bot)", "-H", "Content-Type: application/pdf",
                                 "--data-binary", "@" + pdf, "http://127.0.0.1:\(port)/v1/items?pipeline=invoices&name=doc-001.pdf"])
        #expect(sent.stdout.hasSuffix("201"), "\(sent.stdout)")
        let id = try #require(try JSONValue.parse(String(sent.stdout.split(separator: "\n").first ?? ""))["id"]?.stringValue)
        let item = try await QuireBinary.run(["items", "show", id, "--json", "--home", home])
        let size = try #require((try? FileManager.default.attributesOfItem(atPath: pdf)[.size] as? NSNumber)?.intValue)
        #expect(item.stdout.contains(id) && item.stdout.contains("\(size)"), "the item holds the whole document (\(size) bytes):\n\(item.stdout.prefix(600))")
        #expect(staged().isEmpty, "no staged file is left: \(staged())")
        // A form (curl -F), with a field and an attachment beside the document: the same.
        let other = QuireBinary.repositoryRoot + "/fixtures/documents/doc-004.pdf"
        let form = await Spawn.outputOf(["/usr/bin/curl", "-sS", "-w", "\n%{http_code}", "-H", "Authorization: Bearer \(bot)", "-F", "pipeline=invoices",
                                 "-F", "file=@" + other, "-F", "file=@" + pdf, "-F", "metadata={\"po\": \"PO-7\"}", "http://127.0.0.1:\(port)/v1/items"])
        #expect(form.stdout.hasSuffix("201"), "\(form.stdout)")
        let formID = try #require(try JSONValue.parse(String(form.stdout.split(separator: "\n").first ?? ""))["id"]?.stringValue)
        let shown = try await QuireBinary.run(["items", "show", formID, "--json", "--home", home]).stdout
        let otherSize = try #require((try? FileManager.default.attributesOfItem(atPath: other)[.size] as? NSNumber)?.intValue)
        #expect(shown.contains("\(otherSize)") && shown.contains("doc-004.pdf") && shown.contains("PO-7") && shown.contains("attachments"),
                "the form's document, field and attachment are the item's:\n\(shown.prefix(800))")
        #expect(staged().isEmpty, "no staged file is left: \(staged())")
    }

    /// Someone with write access to the database deletes the newest audit entries and resets the
    /// sequence that counted them: the checkpoint beside the key, outside the database, still
    /// finds the cut (security finding 5).
    @Test func aCutAuditTailIsFoundByTheCheckpoint() async throws {
        let dir = try TemporaryDirectory("quire-audit-cut")
        defer { dir.remove() }
        let home = dir.file("home")
        try await QuireBinary.initHome(home)
        for n in 1...4 {
            #expect(try await QuireBinary.run(["tokens", "create", "--role", "bot", "--name", "bot\(n)", "--home", home]).status == 0)
        }
        let checkpoint = try await QuireBinary.run(["audit", "checkpoint", "--home", home])
        #expect(checkpoint.status == 0 && checkpoint.stdout.contains("checkpoint: entry"), "\(checkpoint.stdout)\(checkpoint.stderr)")
        var verify = try await QuireBinary.run(["audit", "verify", "--home", home])
        #expect(verify.status == 0 && verify.stdout.contains("checkpoint's entry is there"), "\(verify.stdout)\(verify.stderr)")
        // A report signs the newest entry too; its copy, kept elsewhere, anchors the trail on its own.
        let archived = dir.file("archive")
        let report = try await QuireBinary.run(["report", "--date", "2026-11-28", "--out", archived, "--home", home])
        #expect(report.status == 0 && report.stdout.contains("Audit trail: entry "), "\(report.stdout)\(report.stderr)")
        let reportJSON = archived + "/report.json"
        let signed = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: reportJSON)))["audit_checkpoint"]
        #expect(signed?["seq"]?.intValue ?? 0 > 4 && signed?["mac"]?.stringValue?.count == 64, "\(String(describing: signed))")
        verify = try await QuireBinary.run(["audit", "verify", "--report", reportJSON, "--home", home])
        #expect(verify.status == 0 && verify.stdout.contains("the entry signed into"), "\(verify.stdout)\(verify.stderr)")
        // The cut: the append-only trigger dropped, the two newest entries deleted, the sequence set back.
        let db = home + "/data/quire.sqlite"
        let cut = await Spawn.outputOf(["/usr/bin/sqlite3", db, """
            DROP TRIGGER audit_no_delete;
            DELETE FROM audit WHERE seq > (SELECT MAX(seq) - 2 FROM audit);
            UPDATE sqlite_sequence SET seq = (SELECT MAX(seq) FROM audit) WHERE name = 'audit';
            SELECT COUNT(*) FROM audit;
            """])
        #expect(cut.status == 0, "\(cut)")
        verify = try await QuireBinary.run(["audit", "verify", "--home", home])
        #expect(verify.status == 1 && verify.stdout.contains("BROKEN") && verify.stdout.contains("checkpoint"), "\(verify.stdout)\(verify.stderr)")
        // Without the checkpoint file (removed with the cut), the archived report still finds it.
        try FileManager.default.moveItem(atPath: home + "/data/audit.checkpoint", toPath: dir.file("checkpoint.saved"))
        verify = try await QuireBinary.run(["audit", "verify", "--home", home])
        #expect(verify.status == 0, "without any anchor the cut tail cannot be seen: \(verify.stdout)\(verify.stderr)")
        verify = try await QuireBinary.run(["audit", "verify", "--report", reportJSON, "--home", home])
        #expect(verify.status == 1 && verify.stdout.contains("BROKEN") && verify.stdout.contains("were deleted"), "\(verify.stdout)\(verify.stderr)")
        // A report whose entry was moved back to before the cut is refused as not signed.
        var edited = try String(contentsOfFile: reportJSON, encoding: .utf8)
        edited = edited.replacingOccurrences(of: #""seq" : \d+"#, with: "\"seq\" : 1", options: .regularExpression)
        try edited.write(toFile: reportJSON, atomically: true, encoding: .utf8)
        verify = try await QuireBinary.run(["audit", "verify", "--report", reportJSON, "--home", home])
        #expect(verify.status != 0 && (verify.stdout + verify.stderr).contains("not signed with this audit key"), "\(verify.stdout)\(verify.stderr)")
        try FileManager.default.moveItem(atPath: dir.file("checkpoint.saved"), toPath: home + "/data/audit.checkpoint")
        // An edited checkpoint is refused as such.
        let file = home + "/data/audit.checkpoint"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        // Moving the checkpoint back to before the cut breaks its signature.
        var lines = text.split(separator: "\n").map(String.init)
        let parts = lines.removeLast().split(separator: " ")
        lines.append((["1"] + parts.dropFirst()).joined(separator: " "))
        try lines.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        verify = try await QuireBinary.run(["audit", "verify", "--home", home])
        #expect(verify.status != 0 && (verify.stdout + verify.stderr).contains("not signed with this audit key"), "\(verify.stdout)\(verify.stderr)")
    }
}

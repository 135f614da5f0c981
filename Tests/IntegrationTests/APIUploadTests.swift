import Foundation
import QuireCore
import QuireTesting
import Testing

/// The three body forms of `POST /v1/items` and the synchronous `POST /v1/classify` and
/// `POST /v1/extract`, against a real `quire serve`.
@Suite("HTTP API uploads and synchronous analysis (real binary)")
struct APIUploadTests {
    static func multipart(_ parts: [(name: String, filename: String?, body: Data)], boundary: String = "quire-test-boundary-7MA4YWxk") -> (Data, String) {
        var d = Data()
        for p in parts {
            d.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(p.name)\"\(p.filename.map { "; filename=\"\($0)\"" } ?? "")\r\n".utf8))
            d.append(Data((p.filename != nil ? "Content-Type: application/octet-stream\r\n" : "") .utf8))
            d.append(Data("\r\n".utf8))
            d.append(p.body)
            d.append(Data("\r\n".utf8))
        }
        d.append(Data("--\(boundary)--\r\n".utf8))
        return (d, "multipart/form-data; boundary=\(boundary)")
    }

    @Test func multipartJSONCaptureClassifyAndExtract() async throws {
        let dir = try TemporaryDirectory("quire-api-upload")
        defer { dir.remove() }
        let home = dir.file("home")
        let root = QuireBinary.repositoryRoot
        #expect(try await QuireBinary.run(["init", home, "--pipelines", root + "/pipelines"]).status == 0)
        let admin = try String(contentsOfFile: home + "/admin.token", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let bot = try await QuireBinary.run(["tokens", "create", "--role", "bot", "--name", "capture-bot", "--home", home]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let reviewer = try await QuireBinary.run(["tokens", "create", "--role", "reviewer", "--name", "r", "--home", home]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        // (A synchronous read of a PDF starts a worker: in a full test run on a busy two-core machine that took over the
        // default 30 s and the call answered 503. This test is about what the calls answer, not how fast.)
        let (server, port) = try await QuireBinary.serveAPI(home: home, log: dir.file("serve.log"),
                                                            environment: ["QUIRE_SPOOL_SETTLE": "150ms", "QUIRE_API_ANALYSIS_TIMEOUT": "120s"])
        defer { server.stop() }
        let api = APITests.Client(base: "http://127.0.0.1:\(port)")
        let pdf = try Data(contentsOf: URL(fileURLWithPath: root + "/fixtures/documents/doc-001.pdf"))
        let png = try Data(contentsOf: URL(fileURLWithPath: root + "/fixtures/scans/doc-001.png"))
        let otherPNG = try Data(contentsOf: URL(fileURLWithPath: root + "/fixtures/scans/doc-005.png"))

        // Multipart: the document, an attachment, a capture and fields; replayed with its key.
        let (form, type) = Self.multipart([("pipeline", nil, Data("bot-capture".utf8)), ("region", nil, Data("eu".utf8)),
                                           ("capture", nil, Data(#"{"fields": {"total": "3593.05"}}"#.utf8)),
                                           ("file", "screen.png", png), ("file", "invoice.pdf", pdf)])
        var (status, body, headers) = try await api.call("POST", "/v1/items", token: bot, data: form, headers: ["Content-Type": type, "Idempotency-Key": "m-1"])
        #expect(status == 201, "\(body)")
        #expect(body["name"] == "screen.png" && body["metadata"]?["region"] == "eu" && body["metadata"]?["capture"]?["fields"]?["total"] == "3593.05")
        #expect(body["metadata"]?["attachments"]?.arrayValue?.first?["name"] == "invoice.pdf")
        let first = body["id"]
        (status, body, headers) = try await api.call("POST", "/v1/items", token: bot, data: form, headers: ["Content-Type": type, "Idempotency-Key": "m-1"])
        #expect(status == 201 && body["id"] == first && headers["idempotent-replayed"] == "true")
        let (other, _) = Self.multipart([("pipeline", nil, Data("bot-capture".utf8)), ("capture", nil, Data(#"{"fields": {"total": "1.00"}}"#.utf8)),
                                         ("file", "screen.png", png)])
        (status, body, _) = try await api.call("POST", "/v1/items", token: bot, data: other, headers: ["Content-Type": type, "Idempotency-Key": "m-1"])
        #expect(status == 409 && body["code"] == "idempotency_key_reused", "same key, same screenshot, another capture: \(body)")
        let (noFile, _) = Self.multipart([("pipeline", nil, Data("bot-capture".utf8))])
        (status, body, _) = try await api.call("POST", "/v1/items", token: bot, data: noFile, headers: ["Content-Type": type])
        #expect(status == 400 && body["code"] == "file_required")
        (status, body, _) = try await api.call("POST", "/v1/items", token: bot, data: Data("--nope\r\n".utf8), headers: ["Content-Type": "multipart/form-data"])
        #expect(status == 415 && body["code"] == "multipart_boundary")

        // JSON: a bot capture with a base64 screenshot.
        let capture: JSONValue = ["pipeline": "bot-capture", "tenant": nil, "capture": ["fields": ["vendor_name": "Brauhaus Technik GmbH"]],
                                  "files": [["name": "shot.png", "content_base64": .string(otherPNG.base64EncodedString())]], "metadata": ["run": "r-7"]]
        (status, body, _) = try await api.call("POST", "/v1/items", token: bot, body: capture)
        #expect(status == 201 && body["name"] == "shot.png" && body["metadata"]?["run"] == "r-7", "\(body)")
        (status, body, _) = try await api.call("POST", "/v1/items", token: bot, body: ["pipeline": "bot-capture"])
        #expect(status == 400 && body["code"] == "capture_required")
        (status, body, _) = try await api.call("POST", "/v1/items", token: bot, body: ["pipeline": "bot-capture", "capture": [:], "files": [["name": "x"]]])
        #expect(status == 400 && body["code"] == "invalid_file")

        // The synchronous calls below leave nothing in the blob store (security finding 6).
        func blobFiles() -> Int { (FileManager.default.enumerator(atPath: home + "/data/blobs/sha256")?.allObjects.count) ?? 0 }
        let blobsBefore = blobFiles()
        // Classify: text and a PDF; the model version in a header; the caller's trace kept.
        let trace = "0af7651916cd43dd8448eb211c80319c"
        (status, body, headers) = try await api.call("POST", "/v1/classify", token: bot, body: ["text": "RECHNUNG\nRechnungsnummer: 7\nGesamtbetrag 10,00 EUR"],
                                                      headers: ["traceparent": "00-\(trace)-b7ad6b7169203331-01"])
        #expect(status == 200 && body["label"] == "invoice", "\(body)")
        #expect(headers["quire-model-version"]?.hasPrefix("doctype@") == true)
        #expect(body["trace_id"]?.stringValue == trace && headers["traceparent"]?.contains(trace) == true)
        (status, body, _) = try await api.call("POST", "/v1/classify", token: bot, data: pdf)
        #expect(status == 200 && body["label"] == "invoice" && body["trace_id"]?.stringValue?.count == 32, "\(status) \(body)")
        (status, body, _) = try await api.call("POST", "/v1/classify", token: bot, data: png)
        #expect(status == 400 && body["code"] == "unsupported_input" && body["detail"]?.stringValue?.contains("POST /v1/items") == true)
        (status, body, _) = try await api.call("POST", "/v1/classify", token: bot, body: ["txt": "typo"])
        #expect(status == 400 && body["code"] == "text_required")
        (status, _, _) = try await api.call("POST", "/v1/classify", token: reviewer, body: ["text": "x"])
        #expect(status == 403)

        // Extract: the fields of a born-digital PDF, decided with a pipeline's policies.
        (status, body, headers) = try await api.call("POST", "/v1/extract?pipeline=invoices", token: bot, data: pdf)
        #expect(status == 200, "\(body)")
        #expect(body["values"]?["invoice_number"] == "RE-2026-00113" && body["values"]?["total"] == 3593.05)
        #expect(body["decision"] == "approve" && body["document_type"]?["label"] == "invoice")
        #expect(headers["quire-model-version"]?.hasPrefix("doctype@") == true)
        (status, body, _) = try await api.call("POST", "/v1/extract", token: bot, body: ["text": "Invoice No: A-1\nDate: 2026-01-05\nACME Ltd\nTotal: 12.50 GBP", "schema": "invoice"])
        #expect(status == 200 && body["values"]?["invoice_number"] == "A-1" && body["schema"] == "invoice", "\(body)")
        (status, body, _) = try await api.call("POST", "/v1/extract", token: bot, body: ["text": "x", "schema": "poem"])
        #expect(status == 400 && body["detail"]?.stringValue?.contains("schema must be") == true)
        // A credit note with its embedded e-invoice XML: read from the request alone.
        let facturX = try Data(contentsOf: URL(fileURLWithPath: root + "/fixtures/documents/doc-002.pdf"))
        (status, body, _) = try await api.call("POST", "/v1/extract", token: bot, data: facturX)
        #expect(status == 200 && body["values"]?["invoice_number"] == "AV-2026-00126", "\(body)")
        #expect(blobFiles() == blobsBefore, "no blob was kept for a synchronous request")
        // Nothing of this became an item: the synchronous calls keep no work behind.
        let items = try await QuireBinary.run(["items", "list", "--json", "--home", home]).stdout.split(separator: "\n")
        #expect(items.count == 2)
        _ = admin
    }

    /// The API on a Unix socket (--api unix:PATH): same routes, same tokens; a stale socket file is replaced.
    @Test func theAPIListensOnAUnixSocket() async throws {
        let dir = try TemporaryDirectory("quire-api-unix")
        defer { dir.remove() }
        let home = dir.file("home")
        #expect(try await QuireBinary.run(["init", home, "--pipelines", QuireBinary.repositoryRoot + "/pipelines"]).status == 0)
        let admin = try String(contentsOfFile: home + "/admin.token", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let socket = dir.file("api.sock")
        for round in 1...2 {
            let server = try QuireBinary.serve(home: home, log: dir.file("serve.log"), environment: ["QUIRE_API": "unix:" + socket])
            let up = await eventually(timeout: 30) {
                await Spawn.outputOf(["/usr/bin/curl", "-s", "--unix-socket", socket, "http://quire/healthz"]).stdout.contains("ok")
            }
            #expect(up, "round \(round): the API answers on \(socket)")
            let pipelines = await Spawn.outputOf(["/usr/bin/curl", "-s", "--unix-socket", socket, "-H", "Authorization: Bearer \(admin)", "http://quire/v1/pipelines"]).stdout
            #expect(pipelines.contains("invoices"))
            let anonymous = await Spawn.outputOf(["/usr/bin/curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--unix-socket", socket, "http://quire/v1/items"]).stdout
            #expect(anonymous == "401")
            // The second round starts over the socket file the first left behind (SIGKILL).
            kill(server.processIdentifier, SIGKILL)
            await server.exited()
        }
        try "not a socket".write(toFile: dir.file("plain"), atomically: true, encoding: .utf8)
        let refused = try await QuireBinary.run(["serve", "--home", home, "--api", "unix:" + dir.file("plain")])
        #expect(refused.status == 78 && refused.stderr.contains("is not a socket"))
    }
}

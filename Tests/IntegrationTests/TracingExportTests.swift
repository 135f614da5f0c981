import Foundation
import QuireCore
import QuireTesting
import Testing

/// `quire serve` with an OTLP endpoint sends its spans to a collector over OTLP/HTTP: a stub
/// collector (Python's http.server) receives protobuf POSTs on /v1/traces that carry the item's
/// trace id.
@Suite("Tracing export over OTLP (real binary)")
struct TracingExportTests {
    @Test func spansReachACollectorInTheItemsTrace() async throws {
        let dir = try TemporaryDirectory("quire-otlp")
        defer { dir.remove() }
        let home = dir.file("home")
        try await QuireBinary.initHome(home)
        try QuireBinary.withoutReview(home: home)
        let received = dir.file("received")
        try FileManager.default.createDirectory(atPath: received, withIntermediateDirectories: true)
        let stub = try dir.write("collector.py", #"""
            import http.server, sys, os, itertools
            folder = sys.argv[1]
            counter = itertools.count()
            class H(http.server.BaseHTTPRequestHandler):
                def do_POST(self):
                    body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
                    name = os.path.join(folder, "%03d-%s" % (next(counter), self.path.strip("/").replace("/", "_")))
                    open(name + ".tmp", "wb").write(body); os.rename(name + ".tmp", name)
                    self.send_response(200); self.send_header('Content-Length', '0'); self.end_headers()
                def log_message(self, *a): pass
            s = http.server.HTTPServer(('127.0.0.1', 0), H)
            print(s.server_address[1], flush=True)
            s.serve_forever()
            """#)
        let collector = Process()
        collector.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        collector.arguments = [stub, received]
        let out = Pipe()
        collector.standardOutput = out
        try collector.run()
        defer { collector.stop(SIGKILL) }
        let portLine = String(decoding: out.fileHandleForReading.availableData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let port = try #require(Int(portLine), "the stub collector printed its port: \(portLine)")

        let server = try QuireBinary.serve(home: home, log: dir.file("serve.log"),
                                           environment: ["QUIRE_SPOOL_SETTLE": "150ms", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:\(port)",
                                                         "OTEL_BSP_SCHEDULE_DELAY": "200"])
        #expect(await eventually(timeout: 30) { FileManager.default.fileExists(atPath: home + "/inbox/invoices") })
        try FileManager.default.copyItem(atPath: QuireBinary.repositoryRoot + "/fixtures/documents/doc-001.pdf", toPath: home + "/inbox/invoices/doc-001.pdf")
        var id: String?
        let done = await eventually {
            let line = (try? await QuireBinary.run(["items", "list", "--json", "--home", home]).stdout.split(separator: "\n").first).map(String.init) ?? ""
            guard let item = try? JSONValue.parse(line), item["state"] == "done" else { return false }
            id = item["id"]?.stringValue
            return true
        }
        #expect(done, "see \(dir.file("serve.log"))")
        // The batch goes out within the schedule delay; SIGTERM flushes what is left.
        try await Task.sleep(for: .seconds(1))
        kill(server.processIdentifier, SIGTERM)
        await server.exited()
        let posts = try FileManager.default.contentsOfDirectory(atPath: received).filter { !$0.hasSuffix(".tmp") }.sorted()
        #expect(!posts.isEmpty && posts.allSatisfy { $0.hasSuffix("v1_traces") }, "\(posts)")
        // The record names the trace; its 16 bytes are in what the collector got (OTLP protobuf carries ids as bytes).
        let record = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: "\(home)/outbox/invoices/done/\(try #require(id)).json")))
        let traceHex = try #require(record["trace_id"]?.stringValue)
        var traceBytes = Data()
        var chars = Array(traceHex)
        while chars.count >= 2 { traceBytes.append(UInt8(String(chars[0...1]), radix: 16)!); chars.removeFirst(2) }
        let bodies = try posts.map { try Data(contentsOf: URL(fileURLWithPath: received + "/" + $0)) }
        #expect(bodies.contains { $0.range(of: traceBytes) != nil }, "a span of the item's trace was exported")
        #expect(bodies.contains { $0.range(of: Data("invoices/fields".utf8)) != nil }, "the fields stage's span was exported")
    }
}

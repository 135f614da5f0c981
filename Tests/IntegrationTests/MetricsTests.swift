import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import QuireCore
import QuireTesting
import Testing

/// `/metrics` of a real `quire serve` after it processed fixtures, and `quire metrics` rebuilt from
/// the store afterwards: the series are there with the values the work implies.
@Suite("Metrics (real binary)")
struct MetricsTests {
    /// `name{labels} value` lines → value by "name{labels}" (labels as printed).
    static func parse(_ text: String) -> [String: Double] {
        var out: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let v = Double(line[line.index(after: space)...]) else { continue }
            out[String(line[..<space])] = v
        }
        return out
    }

    @Test func processedFixturesShowUpInTheSeries() async throws {
        let dir = try TemporaryDirectory("quire-metrics")
        defer { dir.remove() }
        let home = dir.file("home")
        let root = QuireBinary.repositoryRoot
        try await QuireBinary.initHome(home)
        try QuireBinary.withoutReview(home: home)
        let auditor = try await QuireBinary.run(["tokens", "create", "--role", "auditor", "--home", home]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let bot = try await QuireBinary.run(["tokens", "create", "--role", "bot", "--home", home]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let (server, port) = try await QuireBinary.serveAPI(home: home, log: dir.file("serve.log"), environment: ["QUIRE_SPOOL_SETTLE": "150ms"])
        let documents = ["documents/doc-001.pdf", "documents/doc-002.pdf", "documents/doc-003.pdf", "scans/doc-005.png"]
        for d in documents { try FileManager.default.copyItem(atPath: root + "/fixtures/" + d, toPath: home + "/inbox/invoices/" + (d as NSString).lastPathComponent) }
        try dir.write("home/inbox/invoices/notes.txt", "not a document\n")
        let api = APITests.Client(base: "http://127.0.0.1:\(port)")
        var series: [String: Double] = [:]
        let settled = await eventually {
            guard let (status, _, _) = try? await api.call("GET", "/v1/items?state=done&limit=10", token: auditor), status == 200 else { return false }
            let text = (try? await Self.scrape(port: port, token: auditor)) ?? ""
            series = Self.parse(text)
            return series[#"quire_items{pipeline="invoices",state="done"}"#] == 4
        }
        #expect(settled, "see \(dir.file("serve.log"))")
        // A bot token may not read metrics.
        #expect(try await api.call("GET", "/metrics", token: bot).0 == 403)
        kill(server.processIdentifier, SIGTERM)
        await server.exited()

        let p = #"pipeline="invoices""#
        #expect(series[#"quire_items_received_total{\#(p),source="spool"}"#] == 4)
        #expect(series[#"quire_spool_rejected_total{\#(p),code="unsupported_type"}"#] == 1)
        for stage in ["identify", "text", "classify", "fields", "done_record"] {
            #expect(series[#"quire_stage_attempts_total{\#(p),stage="\#(stage)",outcome="done"}"#] == 4, "\(stage)")
            #expect(series[#"quire_stage_duration_seconds_count{\#(p),stage="\#(stage)"}"#] == 4, "\(stage)")
            #expect((series[#"quire_stage_duration_seconds_sum{\#(p),stage="\#(stage)"}"#] ?? 0) > 0, "\(stage)")
            #expect(series[#"quire_jobs{\#(p),stage="\#(stage)",state="ready"}"#] == 0)
        }
        #expect(series[#"quire_ocr_pages_total{\#(p)}"#] == 1, "one scanned page")
        #expect((series[#"quire_ocr_seconds_total{\#(p)}"#] ?? 0) > 0)
        #expect(series[#"quire_classifier_confidence_count{model="doctype"}"#] == 4)
        #expect(series[#"quire_items{\#(p),state="failed"}"#] == 0)
        #expect(series[#"quire_review_backlog{queue="needs_human"}"#] == 0, "the queue of the shipped receipts pipeline, empty")
        #expect(series.keys.contains { $0.hasPrefix("quire_queue_oldest_age_seconds{") })

        // Without a server, rebuilt from the store: the same counts.
        let replay = try await QuireBinary.run(["metrics", "--home", home])
        #expect(replay.status == 0, "\(replay.stderr)")
        let again = Self.parse(replay.stdout)
        for stage in ["identify", "text", "classify", "fields", "done_record"] {
            #expect(again[#"quire_stage_attempts_total{\#(p),stage="\#(stage)",outcome="done"}"#] == 4, "\(stage)")
        }
        #expect(again[#"quire_items{\#(p),state="done"}"#] == 4)
        #expect(again[#"quire_ocr_pages_total{\#(p)}"#] == 1)
        #expect(again[#"quire_classifier_confidence_count{model="doctype"}"#] == 4)

        // The report of today (the home's time zone is the machine's): every file, the day's four documents.
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd"
        f.timeZone = .current
        let today = f.string(from: Date())
        let report = try await QuireBinary.run(["report", "--date", today, "--home", home])
        #expect(report.status == 0 && report.stdout.contains("Quire nightly report \(today)"), "\(report.stdout)\(report.stderr)")
        let folder = home + "/reports/" + today
        for file in ["report.html", "report.pdf", "report.json", "summary.txt", "documents.csv", "exceptions.csv", "review_actions.csv", "field_metrics.csv", "volume.png", "latency.png"] {
            #expect(FileManager.default.fileExists(atPath: folder + "/" + file), "\(file)")
        }
        let json = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: folder + "/report.json")))
        #expect(json["schema"] == "quire.report/1" && json["funnel"]?["received"] == 4 && json["funnel"]?["dispatched"] == 4, "\(json["funnel"] ?? .null)")
        #expect(try String(contentsOfFile: folder + "/documents.csv", encoding: .utf8).split(separator: "\r\n").count == 5)
    }

    static func scrape(port: Int, token: String) async throws -> String {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/metrics")!)
        request.setValue("Bearer " + token, forHTTPHeaderField: "Authorization")
        let (data, _) = try await URLSession.shared.data(for: request)
        return String(decoding: data, as: UTF8.self)
    }
}

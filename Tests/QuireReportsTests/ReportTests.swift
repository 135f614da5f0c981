import Foundation
import QuireCore
import QuireReports
import QuireStore
import QuireTesting
import Testing

/// A store seeded with three days of made-up work at fixed times, so the report of 2026-11-20 is
/// the same on every run: its JSON, CSV and text are compared with golden files
/// (Tests/QuireReportsTests/Golden; QUIRE_UPDATE_GOLDEN=1 rewrites them, review the diff), and the
/// HTML, PNG charts and PDF render (the PDF, turned into pages by pdftoppm, is not blank).
@Suite("Nightly report", .offThePool)
struct ReportTests {
    static let utc = TimeZone(identifier: "UTC")!

    static func at(_ text: String) -> Date {
        let f = ISO8601DateFormatter()
        return f.date(from: text)!
    }

    /// Drives items through made-up stages with explicit times.
    struct Seeder {
        let store: SQLiteStore

        func receive(_ id: String, _ name: String, _ time: String, pipeline: String = "invoices", hash: String? = nil) async throws -> Item {
            let t = ReportTests.at(time)
            let item = Item(id: ItemID(id), pipeline: pipeline, source: .spool, name: name, contentHash: hash ?? "sha-\(id)", size: 1000, mediaType: "pdf",
                            createdAt: t, updatedAt: t)
            switch try await store.intake(IntakeRequest(item: item, jobs: [JobDraft(stageID: "classify", kind: "classify", runAt: t)])) {
            case .created(let i), .existing(let i): return i
            case .duplicate(let i, _): return i
            }
        }

        enum End { case done(JSONValue), business(String), retry, dead(String) }

        /// Claims the item's ready job of `stage` at `start` and ends it at `end`, queueing `next`.
        func run(_ item: Item, _ stage: String, _ start: String, _ end: String, _ outcome: End, next: String? = nil, state: ItemState? = nil) async throws {
            let claimed = try await store.claim(ClaimRequest(owner: "seed", pipeline: item.pipeline, stageID: stage, limit: 1, lease: 600, now: ReportTests.at(start)))
            let c = try #require(claimed.first)
            #expect(c.job.itemID == item.id)
            let t = ReportTests.at(end)
            let kinds = ["classify": "classify", "fields": "fields", "review": "review", "done_record": "outbox.write"]
            let enqueue = next.map { [JobDraft(stageID: $0, kind: kinds[$0] ?? $0, runAt: t)] } ?? []
            let disposition: Completion.Disposition
            var itemState = state, reason: String? = nil
            switch outcome {
            case .done(let out): disposition = .finish(.done, output: out, error: nil)
            case .business(let e): disposition = .finish(.stopped, output: nil, error: e); itemState = .exception; reason = e
            case .retry: disposition = .requeue(runAt: t, error: "timeout: slow", countAttempt: true)
            case .dead(let e): disposition = .finish(.dead, output: nil, error: e); itemState = .failed; reason = "\(stage) failed: \(e)"
            }
            try await store.complete(Completion(job: c.job.id, token: c.token, disposition: disposition, itemState: itemState, itemReason: reason,
                                                enqueue: enqueue, now: t))
        }

        /// classify → fields → (review) → done_record.
        func through(_ item: Item, _ t0: String, type: String = "invoice", p: Double = 0.93, values: JSONValue, review: (String, JSONValue, Double, String?)? = nil,
                     reviewAt: (String, String)? = nil) async throws {
            let base = ReportTests.at(t0)
            func s(_ offset: Double) -> String { ISO8601DateFormatter().string(from: base.addingTimeInterval(offset)) }
            try await run(item, "classify", s(1), s(3), .done(Classification(label: type, probability: p, abstained: p < 0.5, model: "doctype", version: 3, ranked: []).json),
                          next: "fields", state: .processing)
            try await store.recordClassifications([ClassificationRecord(item: item.id, pipeline: item.pipeline, model: "doctype", version: 3, label: type, probability: p,
                                                                        abstained: p < 0.5, role: "decided", at: base.addingTimeInterval(3))])
            try await run(item, "fields", s(3), s(4), .done(ExtractedFields(schema: type, fields: [:], confidence: 0.9, missing: [], values: values.objectValue ?? [:], decision: .approve, reviewReasons: []).json), next: review == nil && reviewAt == nil ? "done_record" : "review")
            if let (opened, decided) = reviewAt ?? review.map({ _ in (s(2), s(120)) }) {
                try await store.openReview(Review(item: item.id, pipeline: item.pipeline, queue: "needs_human", priority: 0, reasons: ["low confidence: total 0.41", "audit sample"],
                                                  due: ReportTests.at(opened).addingTimeInterval(4 * 3600), createdAt: ReportTests.at(opened), updatedAt: ReportTests.at(opened)))
                guard let (action, decision, seconds, reasonCode) = review else { return }
                let claimed = try #require(try await store.claimReview(queue: nil, item: item.id, reviewer: "ann", until: ReportTests.at(decided).addingTimeInterval(600),
                                                                      now: ReportTests.at(decided).addingTimeInterval(-seconds)))
                _ = try await store.updateReview(item: item.id, reviewer: "ann", expectedVersion: claimed.version, change: ReviewChange(state: .decided, decision: decision),
                                                 action: ReviewAction(item: item.id, action: action, actor: "ann", after: decision, reasonCode: reasonCode, seconds: seconds,
                                                                      at: ReportTests.at(decided)), now: ReportTests.at(decided))
                let rejected = action == "reject"
                try await run(item, "review", decided, ISO8601DateFormatter().string(from: ReportTests.at(decided).addingTimeInterval(1)),
                              .done(["decision": .string(rejected ? "rejected" : "approved")]), next: rejected ? nil : "done_record", state: rejected ? .cancelled : nil)
                if rejected { return }
                let d = ReportTests.at(decided)
                try await run(item, "done_record", ISO8601DateFormatter().string(from: d.addingTimeInterval(1)), ISO8601DateFormatter().string(from: d.addingTimeInterval(2)),
                              .done(["written": true]), state: .done)
                return
            }
            try await run(item, "done_record", s(5), s(6), .done(["written": true]), state: .done)
        }
    }

    static func seed(_ store: SQLiteStore) async throws {
        let s = Seeder(store: store)
        let v: JSONValue = ["invoice_number": "INV-1", "total": 100.0, "currency": "EUR", "vendor_name": "ACME"]
        // Two earlier days, for the 7-day median.
        for (day, n) in [("2026-11-18", 2), ("2026-11-19", 3)] {
            for k in 0..<n {
                let i = try await s.receive("itm_\(day.suffix(2))_\(k)", "old-\(k).pdf", "\(day)T0\(k + 8):00:00Z")
                try await s.through(i, "\(day)T0\(k + 8):00:00Z", values: v)
            }
        }
        // The day: straight through, corrected, approved, an exception, a dead letter with a retry, a rejection, two open reviews, a duplicate.
        let a1 = try await s.receive("itm_a01", "acme-1.pdf", "2026-11-20T08:05:00Z")
        try await s.through(a1, "2026-11-20T08:05:00Z", values: v)
        let a2 = try await s.receive("itm_a02", "acme-2.pdf", "2026-11-20T08:40:00Z")
        try await s.through(a2, "2026-11-20T08:40:00Z", p: 0.62, values: v,
                            review: ("approve", ["action": "approve", "corrections": ["total": 118.0], "reviewers": ["ann"]], 45, nil))
        let a3 = try await s.receive("itm_a03", "shop.pdf", "2026-11-20T09:10:00Z")
        try await s.through(a3, "2026-11-20T09:10:00Z", type: "receipt", p: 0.71, values: ["total": 12.5, "currency": "EUR", "invoice_number": .null],
                            review: ("approve", ["action": "approve", "corrections": [:], "document_type": "invoice", "reviewers": ["ann"]], 20, nil))
        let a4 = try await s.receive("itm_a04", "acme-1-again.pdf", "2026-11-20T10:00:00Z")
        try await s.run(a4, "classify", "2026-11-20T10:00:01Z", "2026-11-20T10:00:02Z", .done(Classification(label: "invoice", probability: 0.9, abstained: false, model: "doctype", version: 3, ranked: []).json),
                        next: "fields", state: .processing)
        try await s.run(a4, "fields", "2026-11-20T10:00:02Z", "2026-11-20T10:00:03Z", .business("duplicate_invoice: INV-1 from ACME was received before as itm_a01"))
        let a5 = try await s.receive("itm_a05", "scan.pdf", "2026-11-20T10:30:00Z")
        try await s.run(a5, "classify", "2026-11-20T10:30:01Z", "2026-11-20T10:30:31Z", .retry)
        try await s.run(a5, "classify", "2026-11-20T10:31:01Z", "2026-11-20T10:31:31Z", .dead("timeout: stage 'classify' ran longer than its timeout of 30s"))
        let a6 = try await s.receive("itm_a06", "blurry.pdf", "2026-11-20T13:00:00Z")
        try await s.through(a6, "2026-11-20T13:00:00Z", p: 0.35, values: ["total": .null],
                            review: ("reject", ["action": "reject", "reason": "ILLEGIBLE", "reviewers": ["ann"]], 30, "ILLEGIBLE"))
        for (id, t) in [("itm_a07", "2026-11-20T20:30:00Z"), ("itm_a08", "2026-11-20T18:00:00Z")] {
            let i = try await s.receive(id, "\(id).pdf", t)
            try await s.through(i, t, p: 0.55, values: v, reviewAt: (t, t))
        }
        _ = try await s.receive("itm_a09", "acme-1-copy.pdf", "2026-11-20T11:00:00Z", hash: "sha-itm_a01")
    }

    static func golden(_ name: String, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)")
        if ProcessInfo.processInfo.environment["QUIRE_UPDATE_GOLDEN"] == "1" {
            try text.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let want = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        #expect(text == want, "\(name) differs from \(file.path); if the change is intended, run with QUIRE_UPDATE_GOLDEN=1\n\(text)", sourceLocation: sourceLocation)
    }

    @Test func theDayIsRenderedTheSameEveryTime() async throws {
        let dir = try TemporaryDirectory("quire-report")
        defer { dir.remove() }
        let store = try SQLiteStore(path: dir.file("q.sqlite"))
        try await Self.seed(store)
        let spec = PipelineSpec(name: "invoices", stages: [], policies: ["sla": "4h"])
        let builder = ReportBuilder(store: store, pipelines: [spec], settings: ReportSettings(timeZone: Self.utc))
        let model = try await builder.build(date: "2026-11-20", now: Self.at("2026-11-21T02:00:00Z"))

        // The figures the seed implies, asserted here as well as in the golden files.
        #expect(model.funnel.received == 8 && model.funnel.duplicates == 1)
        #expect(model.funnel.autoApproved == 1 && model.funnel.approved == 0 && model.funnel.corrected == 2 && model.funnel.rejected == 1)
        #expect(model.funnel.dispatched == 3 && model.funnel.failed == 3 && model.funnel.inProgress == 2)
        #expect(model.sla.met == 6 && model.sla.missed == 1 && model.sla.atRisk == 1, "\(model.sla)")
        #expect(model.exceptions.map(\.signature) == ["classify/timeout", "fields/duplicate_invoice"])
        #expect(model.latency.first { $0.stage == "classify" }?.retries == 1)
        #expect(model.review.decisions == 3 && model.review.rejectReasons == ["ILLEGIBLE": 1])
        #expect(model.review.correctedFields.map(\.field) == ["document_type", "total"])
        let total = try #require(model.quality.fields.first { $0.field == "total" })
        #expect(total.extracted == 2 && total.correct == 1 && total.precision == 0.5, "of two extracted totals one was corrected")
        #expect(model.headline.figures.first { $0.name == "documents" }?.median7d == 2.5)
        #expect(model.volume.receivedPerHour[8] == 2 && model.volume.receivedPerHour.reduce(0, +) == 9)

        try Self.golden("report.json", String(decoding: try ReportRenderer.json(model), as: UTF8.self))
        try Self.golden("summary.txt", ReportRenderer.text(model))
        for (name, text) in ReportRenderer.csvFiles(model) { try Self.golden(name, text) }

        let folder = dir.file("reports/2026-11-20")
        try FileManager.default.createDirectory(atPath: dir.file("reports"), withIntermediateDirectories: true)
        try ReportWriter.write(model, to: folder)
        let html = try String(contentsOfFile: folder + "/report.html", encoding: .utf8)
        #expect(html.contains("<img src=\"volume.png\"") && html.contains("Straight-through rate") && html.contains("fields/duplicate_invoice"))
        #expect(!html.contains("<script") && !html.contains("<style"), "mail clients drop scripts and style sheets: inline styles only")
        for png in ["volume.png", "latency.png"] {
            let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + png))
            #expect(data.prefix(8) == Data([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) && data.count > 2000, "\(png)")
        }
        // The PDF: pdftoppm turns it into page images; two pages, neither blank.
        let pages = dir.file("page")
        #expect(await Spawn.running(["/usr/bin/pdftoppm", "-r", "30", "-gray", folder + "/report.pdf", pages]) == 0)
        let images = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("page") }.sorted()
        #expect(images.count == 2, "\(images)")
        for image in images {
            let pgm = try Data(contentsOf: URL(fileURLWithPath: dir.file(image)))
            let pixels = pgm.suffix(pgm.count / 2)
            let dark = pixels.filter { $0 < 128 }.count
            #expect(dark > 40, "\(image) has ink on it (\(dark) dark pixels)")
        }
    }

    @Test func earlierReportsStandInForRebuildingTheirDays() async throws {
        let dir = try TemporaryDirectory("quire-report-history")
        defer { dir.remove() }
        let store = try SQLiteStore(path: dir.file("q.sqlite"))
        try await Self.seed(store)
        let builder = ReportBuilder(store: store, pipelines: [PipelineSpec(name: "invoices", stages: [], policies: ["sla": "4h"])], settings: ReportSettings(timeZone: Self.utc))
        try ReportWriter.write(try await builder.build(date: "2026-11-19", now: Self.at("2026-11-20T02:00:00Z")), to: dir.file("2026-11-19"))
        let read = Probe()
        let model = try await builder.build(date: "2026-11-20", now: Self.at("2026-11-21T02:00:00Z")) { day in
            read.bump(day)
            return ReportBuilder.headlineFigures(ofReportAt: dir.file("\(day)/report.json"))
        }
        #expect(read["2026-11-19"] == 1 && read["2026-11-13"] == 1, "each of the seven days is looked up once")
        let rebuilt = try await builder.build(date: "2026-11-20", now: Self.at("2026-11-21T02:00:00Z"))
        #expect(model.headline.figures.map(\.median7d) == rebuilt.headline.figures.map(\.median7d), "the same medians from the stored report")
        #expect(ReportBuilder.headlineFigures(ofReportAt: dir.file("none/report.json")) == nil)
    }

    @Test("A day whose documents all wait is not green: nothing finished, or most wait for a person")
    func aDayWhoseDocumentsWaitIsNotGreen() async throws {
        let dir = try TemporaryDirectory("quire-report-waiting")
        defer { dir.remove() }
        let store = try SQLiteStore(path: dir.file("q.sqlite"))
        let seed = Seeder(store: store)
        let a = try await seed.receive("itm_w1", "a.pdf", "2026-11-20T09:00:00Z")
        _ = try await seed.receive("itm_w2", "b.pdf", "2026-11-20T09:01:00Z")
        try await seed.run(a, "classify", "2026-11-20T09:00:01Z", "2026-11-20T09:00:02Z", .done(["type": "invoice"]), state: .needsHuman)
        let model = try await ReportBuilder(store: store, pipelines: [], settings: ReportSettings(timeZone: Self.utc))
            .build(date: "2026-11-20", now: Self.at("2026-11-21T02:00:00Z"))
        #expect(model.headline.status != .green)
        #expect(model.headline.notes.contains("2 documents received, none finished; 1 wait for a person (quire review)"), "\(model.headline.notes)")
    }

    @Test func aDayWithoutWorkStillRenders() async throws {
        let dir = try TemporaryDirectory("quire-report-empty")
        defer { dir.remove() }
        let store = try SQLiteStore(path: dir.file("q.sqlite"))
        let model = try await ReportBuilder(store: store, pipelines: [], settings: ReportSettings(timeZone: Self.utc)).build(date: "2026-11-20", now: Self.at("2026-11-21T02:00:00Z"))
        #expect(model.funnel.received == 0 && model.headline.status == .green && model.headline.notes.contains("no earlier days to compare with yet"))
        try ReportWriter.write(model, to: dir.file("r"))
        #expect(FileManager.default.fileExists(atPath: dir.file("r/report.pdf")))
        #expect(throws: QuireError.self) { try ReportBuilder(store: store, pipelines: [], settings: ReportSettings(timeZone: Self.utc)).window("20-11-2026x") }
    }
}


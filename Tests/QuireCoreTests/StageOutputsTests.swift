import Foundation
import Logging
import QuireCore
import QuireTesting
import Testing

@Suite("Typed stage outputs")
struct StageOutputsTests {
    static let fields = ExtractedFields(
        schema: "invoice",
        fields: ["total": .init(value: 119, confidence: 0.93, strategy: "layout", text: "119,00", page: 1,
                                words: [.init(text: "119,00", box: [400, 700.5, 440, 712], confidence: 0.91)],
                                checks: [.init(name: "totals", passed: true, reason: "net + tax = total")],
                                alternatives: [.init(value: 100, score: 0.4, strategy: "layout", text: "100,00", note: "right of label 'Netto'")])],
        confidence: 0.93, missing: ["vendor_iban"], values: ["total": 119, "vendor_iban": .null],
        decision: .review, reviewReasons: ["missing: vendor_iban"], businessKey: "invoice|DE1|R1|11900")

    @Test("each output survives the store's JSON unchanged, under the keys consumers and outbox records have always had")
    func roundTrip() throws {
        let json = Self.fields.json
        #expect(try ExtractedFields(json: json) == Self.fields)
        #expect(json["review_reasons"] == ["missing: vendor_iban"] && json["business_key"] == "invoice|DE1|R1|11900" && json["decision"] == "review")
        #expect(json["fields"]?["total"]?["words"]?.arrayValue?.first?["box"] == [400, 700.5, 440, 712])
        #expect(json["fields"]?["total"]?["checks"] != nil && json["fields"]?["total"]?["page"] == 1)
        let c = Classification(label: "receipt", probability: 0.97, abstained: false, model: "doctype", version: 2,
                               ranked: [.init(label: "receipt", probability: 0.97), .init(label: "invoice", probability: 0.02)])
        #expect(try Classification(json: c.json) == c)
        let b = BotDispatch(bot: "erp-web", action: "book", idempotencyKey: "k1", attempt: 2, seconds: 1.25, code: "ok", message: "booked",
                            output: ["erp_id": 42], evidence: [.init(kind: "screenshot", name: "a.png", sha256: "ab", size: 10, mediaType: "image/png")])
        #expect(try BotDispatch(json: b.json) == b)
        #expect(b.json["idempotency_key"] == "k1" && b.json["evidence"]?.arrayValue?.first?["media_type"] == "image/png")
        let r = ReviewOutcome(decision: .notNeeded, values: ["total": 5])
        #expect(r.json["decision"] == "not_needed" && r.json["document_type"] == nil)
        #expect(try ReviewOutcome(json: r.json) == r)
    }

    @Test("outputs stored by earlier versions still read: explicit nulls, numbers written as decimals, keys added later absent")
    func earlierOutputsRead() throws {
        let stored = try JSONValue.parse(#"""
            {"decision": "approved", "reviewers": ["ann"], "values": {"total": 12.5}, "corrections": {}, "document_type": null,
             "type_changed": false, "actions": []}
            """#)
        let review = try ReviewOutcome(json: stored)
        #expect(review.decision == .approved && review.documentType == nil && review.reviewers == ["ann"])
        let classified = try Classification(json: try JSONValue.parse(#"""
            {"label": "invoice", "probability": 0.9, "abstained": false, "model": "doctype", "version": 3.0,
             "ranked": [{"label": "invoice", "probability": 0.9}], "reported_confidence": null}
            """#))
        #expect(classified.version == 3 && classified.backend == nil && classified.reportedConfidence == nil)
    }

    @Test("a review's stored decision reads typed, as earlier versions wrote it, and says whether anything was corrected")
    func reviewDecisions() throws {
        let rejected = try #require(ReviewDecision(stored: try JSONValue.parse(#"{"action": "reject", "reason": "VENDOR_UNKNOWN", "note": null, "reviewers": ["ann"]}"#)))
        #expect(rejected.action == .reject && rejected.reason == "VENDOR_UNKNOWN" && rejected.note == nil && !rejected.corrected)
        let approved = ReviewDecision(action: .approve, reviewers: ["ann", "bob"], corrections: ["total": 12.5])
        #expect(ReviewDecision(stored: approved.json) == approved && approved.corrected)
        #expect(approved.json["corrections"]?["total"] == 12.5 && approved.json["document_type"] == nil)
        #expect(ReviewDecision(action: .approve, reviewers: ["ann"], corrections: [:], documentType: "receipt").corrected, "a changed type is a correction")
        #expect(ReviewDecision(stored: nil) == nil && ReviewDecision(stored: ["action": "maybe"]) == nil)
        let review = Review(item: ItemID("itm_a"), pipeline: "p", queue: "q", priority: 0, reasons: [], due: nil, state: .decided, decision: approved.json,
                            createdAt: Date(), updatedAt: Date())
        #expect(review.decided == approved)
    }

    @Test("a value of another shape is refused with the type's name, not read as empty")
    func wrongShape() {
        #expect(throws: QuireError.self) { try ExtractedFields(json: ["decision": "maybe", "values": [:]]) }
        do {
            _ = try Classification(json: ["label": "invoice"])
            Issue.record("a classification without a probability must not read")
        } catch {
            #expect("\(error)".contains("Classification"))
        }
    }

    @Test("readers find an output by the kind of stage that wrote it, whatever the pipeline calls that stage")
    func foundByKind() throws {
        let item = Item(id: ItemID("itm_a"), pipeline: "p", source: .cli, name: "a.pdf", contentHash: "h", size: 1, mediaType: "pdf", createdAt: Date(), updatedAt: Date())
        let spec = PipelineSpec(name: "p", stages: [StageSpec(id: "what_is_it", kind: "classify"), StageSpec(id: "read", kind: "fields"),
                                                    StageSpec(id: "check", kind: "review")])
        let classified = Classification(label: "invoice", probability: 0.8, abstained: false, model: "doctype", version: 1, ranked: [])
        let context = StageContext(item: item, job: NullStageServices.job(for: item, stage: "check"), settings: .null,
                                   outputs: ["what_is_it": classified.json, "read": Self.fields.json], pipeline: spec, logger: Logger(label: "t"),
                                   services: NullStageServices())
        #expect(try context.output(ExtractedFields.self) == Self.fields)
        #expect(try context.output(Classification.self)?.label == "invoice")
        #expect(try context.output(ReviewOutcome.self) == nil, "the review has not run")
        #expect(throws: QuireError.self, "a named stage's output of another shape is an error, not nothing") {
            try context.output(Classification.self, stage: "read")
        }
        // A fields output that does not read stops the stage that needs it instead of looking like "nothing found".
        var broken = context
        broken.outputs["read"] = ["decision": "approve"]
        #expect(throws: QuireError.self) { try broken.output(ExtractedFields.self) }

        func job(_ kind: String, _ output: JSONValue?, _ state: JobState = .done) -> Job {
            var j = NullStageServices.job(for: item, stage: kind + "_stage")
            j.kind = kind
            j.state = state
            j.output = output
            return j
        }
        let older = Self.fields
        var newer = Self.fields
        newer.values["total"] = 120
        let jobs = [job("classify", classified.json), job("fields", older.json), job("fields", newer.json), job("fields", Self.fields.json, .dead)]
        #expect(jobs.output(ExtractedFields.self)?.values["total"] == 120, "the latest finished run")
        #expect(jobs.output(Classification.self)?.probability == 0.8)
    }
}

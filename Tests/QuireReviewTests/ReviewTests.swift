import Foundation
import Logging
import QuireCore
import QuireStore
import QuireTesting
import Testing
@testable import QuireReview

final class Resumed: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: [ItemID] = []
    func add(_ i: ItemID) { lock.lock(); ids.append(i); lock.unlock() }
    var all: [ItemID] { lock.lock(); defer { lock.unlock() }; return ids }
}

@Suite("Review queue service and stage", .serialized)
struct ReviewTests {
    static func setUp() throws -> (SQLiteStore, TemporaryDirectory) {
        let dir = try TemporaryDirectory("quire-review")
        return (try SQLiteStore(path: dir.file("q.sqlite")), dir)
    }

    static func open(_ store: any Store, queue: String = "invoices") async throws -> Item {
        let item = try await StoreConformance.enqueue(store)
        _ = try await store.openReview(Review(item: item.id, pipeline: "p", queue: queue, priority: 0, reasons: ["total: sum does not add up"], due: nil,
                                              createdAt: Date(), updatedAt: Date()))
        return item
    }

    @Test func approvingWithTypedCorrectionsRecordsBeforeAndAfterAndResumesTheItem() async throws {
        let (store, dir) = try Self.setUp()
        defer { dir.remove() }
        let resumed = Resumed()
        let service = ReviewService(store: store) { id, _ in resumed.add(id) }
        let item = try await Self.open(store)
        let claim = try #require(try await service.claim(reviewer: "ann", queue: "invoices"))
        await #expect(throws: QuireError.self) {
            try await service.approve(item.id, reviewer: "ann", version: claim.version, corrections: ["issue_date": "03/01/2026"])
        }
        await #expect(throws: QuireError.self) {
            try await service.approve(item.id, reviewer: "ann", version: claim.version, corrections: ["total": "twelve"])
        }
        var strict = service
        strict.validator = FieldValidator { field, _ in field == "vendor_iban" ? "the IBAN's check digits are wrong" : nil }
        await #expect(throws: QuireError.self) {
            try await strict.approve(item.id, reviewer: "ann", version: claim.version, corrections: ["vendor_iban": "DE00123"])
        }
        let r = try await service.approve(item.id, reviewer: "ann", version: claim.version, corrections: ["issue_date": "2026-03-01", "total": "129,5"],
                                          documentType: "invoice", started: Date().addingTimeInterval(-12))
        #expect(r.state == .decided)
        #expect(r.decision?["corrections"]?["total"] == 129.5 && r.decision?["corrections"]?["issue_date"] == "2026-03-01")
        #expect(resumed.all == [item.id])
        let actions = try await store.reviewActions(item: item.id)
        #expect(actions.map(\.action) == ["claim", "approve"])
        #expect(actions.last?.actor == "ann" && (actions.last?.seconds ?? 0) >= 11)
        #expect(actions.last?.after["document_type"] == "invoice")
    }

    @Test func fourEyesNeedTwoDifferentReviewers() async throws {
        let (store, dir) = try Self.setUp()
        defer { dir.remove() }
        let resumed = Resumed()
        let service = ReviewService(store: store) { id, _ in resumed.add(id) }
        let item = try await Self.open(store)
        let first = try #require(try await service.claim(reviewer: "ann"))
        let after = try await service.approve(item.id, reviewer: "ann", version: first.version, total: 25_000, fourEyesAbove: 10_000)
        #expect(after.state == .open && after.approvals == ["ann"] && resumed.all.isEmpty)
        let again = try #require(try await service.claim(reviewer: "ann"))
        await #expect(throws: QuireError.self) { try await service.approve(item.id, reviewer: "ann", version: again.version, total: 25_000, fourEyesAbove: 10_000) }
        try await service.skip(item.id, reviewer: "ann")
        let second = try #require(try await service.claim(reviewer: "bob"))
        let done = try await service.approve(item.id, reviewer: "bob", version: second.version, total: 25_000, fourEyesAbove: 10_000)
        #expect(done.state == .decided && done.approvals == ["ann", "bob"] && resumed.all == [item.id])
    }

    @Test func rejectSkipEscalateAndRelease() async throws {
        let (store, dir) = try Self.setUp()
        defer { dir.remove() }
        let service = ReviewService(store: store) { _, _ in }
        let a = try await Self.open(store), b = try await Self.open(store)
        var claim = try #require(try await service.claim(reviewer: "ann", item: a.id))
        await #expect(throws: QuireError.self) { try await service.reject(a.id, reviewer: "ann", version: claim.version, reason: "BORING") }
        await #expect(throws: QuireError.self) { try await service.reject(a.id, reviewer: "ann", version: claim.version, reason: "OTHER") }
        var custom = service
        custom.policy = { _ in ReviewPolicy(rejectReasons: ["NO_PO"]) }
        await #expect(throws: QuireError.self, "the pipeline's own list replaces the defaults") {
            try await custom.reject(a.id, reviewer: "ann", version: claim.version, reason: "UNREADABLE_RESCAN")
        }
        let rejected = try await service.reject(a.id, reviewer: "ann", version: claim.version, reason: "UNREADABLE_RESCAN", note: "page 2 is black")
        #expect(rejected.decision?["reason"] == "UNREADABLE_RESCAN")
        claim = try #require(try await service.claim(reviewer: "ann", item: b.id))
        let moved = try await service.escalate(b.id, reviewer: "ann", version: claim.version, to: "finance", comment: "amount looks wrong")
        #expect(moved.queue == "finance" && moved.state == .open)
        #expect(try await service.list(queue: "finance").map(\.item) == [b.id])
        _ = try #require(try await service.claim(reviewer: "bob", queue: "finance"))
        try await service.release(b.id, by: "supervisor", note: "bob is away")
        #expect(try await store.reviewActions(item: b.id).map(\.action) == ["claim", "escalate", "claim", "release"])
    }

    func run(_ stage: any Stage, item: Item, outputs: [String: JSONValue], policies: String = "") async throws -> Outcome {
        let job = NullStageServices.job(for: item, stage: "review")
        var spec = try PipelineSpec.load(yaml: TestAppliance.pipeline(stages: "  - id: review\n    use: review\n") + policies, file: "p.yaml", registry: StageRegistry([ReviewKind()]))
        // The stages the review stage reads, found by their kind.
        spec.stages = [StageSpec(id: "classify", kind: "classify"), StageSpec(id: "fields", kind: "fields")] + spec.stages
        return try await stage.run(StageContext(item: item, job: job, settings: .null, outputs: outputs, pipeline: spec, logger: Logger(label: "t"), services: NullStageServices()))
    }

    /// A fields stage's output with these values, decision and reasons.
    static func fields(_ decision: ExtractedFields.Decision, reasons: [String] = [], values: [String: JSONValue]) -> JSONValue {
        ExtractedFields(schema: "invoice", fields: values.mapValues { ExtractedFields.Field(value: $0, confidence: 0.9, strategy: "layout", text: "\($0)") },
                        confidence: 0.9, missing: [], values: values, decision: decision, reviewReasons: reasons).json
    }

    @Test func theStageQueuesWhatFieldsAskForAndPassesTheDecisionOn() async throws {
        let (store, dir) = try Self.setUp()
        defer { dir.remove() }
        let stage = try ReviewKind(store: store).makeStage(settings: ["queue": "ap", "sla": "8h"])
        let item = try await StoreConformance.enqueue(store)
        let fields = Self.fields(.review, reasons: ["vendor_iban: the IBAN's check digits are wrong"],
                                 values: ["total": 100, "vendor_iban": "DE00", "vendor_name": "  Lindqvist Bakery AB ", "vendor_vat_id": "se 556677889901"])
        guard case .needsHuman(let why) = try await run(stage, item: item, outputs: ["fields": fields]) else { Issue.record("must wait for a person"); return }
        #expect(try await store.vendors(limit: 10).isEmpty, "nothing is known before a person decides")
        #expect(why.contains("review queue ap") && why.contains("IBAN"))
        let review = try #require(try await store.review(item.id))
        #expect(review.queue == "ap" && review.reasons == ["vendor_iban: the IBAN's check digits are wrong"])
        #expect(abs((review.due?.timeIntervalSince(item.createdAt) ?? 0) - 8 * 3600) < 1)
        // A reviewer corrects the IBAN and approves; the stage runs again and passes the corrected values on.
        let service = ReviewService(store: store) { _, _ in }
        let c = try #require(try await service.claim(reviewer: "ann", queue: "ap"))
        try await service.approve(item.id, reviewer: "ann", version: c.version, corrections: ["vendor_iban": "DE60432500437302118841"])
        guard case .done(let out) = try await run(stage, item: item, outputs: ["fields": fields]) else { Issue.record("must go on"); return }
        #expect(out["decision"] == "approved" && out["values"]?["vendor_iban"] == "DE60432500437302118841" && out["values"]?["total"] == 100)
        // The vendor as approved (the corrected IBAN) is known from now on.
        let known = try await store.vendors(limit: 10)
        #expect(known.count == 1 && known.first?.name == "Lindqvist Bakery AB" && known.first?.vatID == "SE556677889901"
                && known.first?.iban == "DE60432500437302118841" && known.first?.source == "review" && known.first?.item == item.id)
        // A rejection ends the item as a business error with the reason code.
        let other = try await StoreConformance.enqueue(store)
        _ = try await run(stage, item: other, outputs: ["fields": fields])
        let c2 = try #require(try await service.claim(reviewer: "bob", item: other.id))
        try await service.reject(other.id, reviewer: "bob", version: c2.version, reason: "DUPLICATE")
        guard case .businessError(let code, let message) = try await run(stage, item: other, outputs: ["fields": fields]) else { Issue.record("rejected"); return }
        #expect(code == "rejected" && message.contains("DUPLICATE") && message.contains("bob"))
    }

    /// After a bot's round was decided, the review stage asking again opens the next round, in its
    /// own queue, due an SLA from now (not from the item's arrival), and takes only its own decision.
    @Test func theReviewStageAfterABotsRoundOpensTheNextRound() async throws {
        let (store, dir) = try Self.setUp()
        defer { dir.remove() }
        let stage = try ReviewKind(store: store).makeStage(settings: ["queue": "ap", "sla": "8h"])
        let item = try await StoreConformance.enqueue(store, StoreConformance.item(at: Date().addingTimeInterval(-2 * 86_400)))
        let now = Date()
        _ = try await store.openReview(Review(item: item.id, pipeline: "p", queue: "erp-questions", priority: 0, reasons: ["bot erp asks"], due: nil,
                                              createdAt: now, updatedAt: now, stage: "erp", round: 1))
        let service = ReviewService(store: store) { _, _ in }
        let c = try #require(try await service.claim(reviewer: "ann", queue: "erp-questions"))
        try await service.approve(item.id, reviewer: "ann", version: c.version)
        let fields = Self.fields(.review, reasons: ["total: unsure"], values: ["total": 100])
        guard case .needsHuman = try await run(stage, item: item, outputs: ["fields": fields]) else { Issue.record("the bot's decision is not the review stage's"); return }
        let r = try #require(try await store.review(item.id))
        #expect(r.round == 2 && r.stage == "review" && r.queue == "ap" && r.state == .open && r.reasons == ["total: unsure"])
        #expect(abs((r.due?.timeIntervalSinceNow ?? 0) - 8 * 3600) < 60, "due 8 h from now, not from the item's arrival two days ago")
    }

    @Test func theAuditSampleSendsAStableShareOfApprovedItemsToReview() async throws {
        let ids = (0..<20_000).map { ItemID("itm_\($0)") }
        let share = Double(ids.filter { ReviewStage.draw($0) < 0.02 }.count) / Double(ids.count)
        #expect(abs(share - 0.02) < 0.005, "\(share)")
        let (store, dir) = try Self.setUp()
        defer { dir.remove() }
        let stage = try ReviewKind(store: store).makeStage(settings: .null)
        let item = try await StoreConformance.enqueue(store)
        let approved = Self.fields(.approve, values: ["total": 5])
        let none = try await run(stage, item: item, outputs: ["fields": approved], policies: "policies:\n  audit_sample: 0\n")
        guard case .done(let out) = none else { Issue.record("no review needed"); return }
        #expect(out["decision"] == "not_needed")
        let all = try await run(stage, item: item, outputs: ["fields": approved], policies: "policies:\n  audit_sample: 1\n")
        guard case .needsHuman(let why) = all else { Issue.record("audited"); return }
        #expect(why.contains("audit sample"))
    }

    @Test func theClassifiersDoubtGoesToReviewAndTheReviewersTypeBecomesATrainingExample() async throws {
        let (store, dir) = try Self.setUp()
        defer { dir.remove() }
        let stage = try ReviewKind(store: store).makeStage(settings: .null)
        let item = try await StoreConformance.enqueue(store)
        let outputs: [String: JSONValue] = [
            "text": ["page_count": 1, "pages": [["number": 1, "text": "Gutschrift Nr. GS-7 über 120,00 EUR für Rechnung RE-5", "words": []]]],
            "classify": Classification(label: "invoice", probability: 0.41, abstained: true, model: "doctype", version: 1,
                                       ranked: [.init(label: "invoice", probability: 0.41), .init(label: "credit_note", probability: 0.38)]).json,
            "fields": Self.fields(.approve, values: ["total": 120]),
        ]
        guard case .needsHuman(let why) = try await run(stage, item: item, outputs: outputs, policies: "policies:\n  audit_sample: 0\n") else {
            Issue.record("the classifier's doubt must reach a person"); return
        }
        #expect(why.contains("document type") && why.contains("credit_note 0.38"))
        let service = ReviewService(store: store) { _, _ in }
        let c = try #require(try await service.claim(reviewer: "ann"))
        try await service.approve(item.id, reviewer: "ann", version: c.version, documentType: "credit_note", original: ["document_type": "invoice", "total": 120])
        #expect(try await store.reviewActions(item: item.id).last?.before == ["document_type": "invoice"], "before: the type as classified")
        guard case .done(let out) = try await run(stage, item: item, outputs: outputs) else { Issue.record("approved"); return }
        #expect(out["document_type"] == "credit_note" && out["type_changed"] == true)
        #expect(out["actions"]?.arrayValue?.map { $0["action"] } == ["claim", "approve"])
        let examples = try await store.trainingExamples()
        #expect(examples.count == 1)
        #expect(examples.first?.label == "credit_note" && examples.first?.source == "review" && examples.first?.item == item.id)
        #expect(examples.first?.text.contains("Gutschrift") == true)
    }

    @Test func statisticsCountCorrectionsPerFieldWithTheAuditSampleApart() async throws {
        let (store, dir) = try Self.setUp()
        defer { dir.remove() }
        let service = ReviewService(store: store) { _, _ in }
        func reviewed(_ reason: String, corrections: [String: JSONValue], reject: String? = nil) async throws {
            let item = try await StoreConformance.enqueue(store)
            _ = try await store.openReview(Review(item: item.id, pipeline: "p", queue: "q", priority: 0, reasons: [reason], due: nil, createdAt: Date(), updatedAt: Date()))
            let c = try #require(try await service.claim(reviewer: "ann", item: item.id))
            if let reject {
                try await service.reject(item.id, reviewer: "ann", version: c.version, reason: reject)
            } else {
                try await service.approve(item.id, reviewer: "ann", version: c.version, corrections: corrections)
            }
        }
        try await reviewed("total: low confidence", corrections: ["total": 10])
        try await reviewed("total: low confidence", corrections: [:])
        try await reviewed("audit sample (2 % of automatically approved items)", corrections: [:])
        try await reviewed("audit sample (2 % of automatically approved items)", corrections: ["issue_date": "2026-01-02"])
        try await reviewed("vendor unknown", corrections: [:], reject: "VENDOR_UNKNOWN")
        let s = try await ReviewStatistics.compute(store: store)
        #expect(s.decided == 5 && s.approved == 4 && s.rejected == 1 && s.rejectReasons == ["VENDOR_UNKNOWN": 1])
        let total = try #require(s.fields.first { $0.field == "total" })
        #expect(total.reviewed == 1 && total.corrected == 1, "only items where the field was shown or corrected count")
        let date = try #require(s.fields.first { $0.field == "issue_date" })
        #expect(date.auditReviewed == 1 && date.auditCorrected == 1 && date.auditAccuracy == 0)
        #expect(s.medianHandleSeconds != nil)
    }

    /// An item reviewed twice: its fields in round 1, then a bot's question in round 2. The fields
    /// round's correction counts in per-field accuracy although the item's review row now holds the
    /// bot's round; the bot's round counts as a decision, not in field accuracy.
    @Test func statisticsCountEveryRoundOfAnItemAndLeaveABotsQuestionOutOfFieldAccuracy() async throws {
        let (store, dir) = try Self.setUp()
        defer { dir.remove() }
        let service = ReviewService(store: store) { _, _ in }
        let item = try await StoreConformance.enqueue(store)
        let now = Date()
        _ = try await store.openReview(Review(item: item.id, pipeline: "p", queue: "q", priority: 0, reasons: ["audit sample (2 % of automatically approved items)"], due: nil,
                                              createdAt: now, updatedAt: now, stage: "review", round: 1))
        var c = try #require(try await service.claim(reviewer: "ann", item: item.id))
        try await service.approve(item.id, reviewer: "ann", version: c.version, corrections: ["total": 12], started: now.addingTimeInterval(-30))
        let question = BotQuestion(bot: "erp", action: "enter", code: "ambiguous_vendor", message: "two vendors match", evidence: [])
        _ = try await store.openReview(Review(item: item.id, pipeline: "p", queue: "bots", priority: 0, reasons: ["bot erp asks for a person"], due: nil,
                                              createdAt: now.addingTimeInterval(1), updatedAt: now.addingTimeInterval(1), stage: "enter", round: 2, context: question.json))
        // While the bot's round is open, the fields round is already counted.
        var s = try await ReviewStatistics.compute(store: store)
        #expect(s.open == 1 && s.decided == 1 && s.approved == 1)
        var total = try #require(s.fields.first { $0.field == "total" })
        #expect(total.reviewed == 1 && total.corrected == 1 && total.auditReviewed == 1 && total.auditCorrected == 1, "\(total)")
        c = try #require(try await service.claim(reviewer: "bob", item: item.id))
        try await service.approve(item.id, reviewer: "bob", version: c.version, corrections: ["branch": "Hamburg"])
        s = try await ReviewStatistics.compute(store: store)
        #expect(s.open == 0 && s.decided == 2 && s.approved == 2)
        total = try #require(s.fields.first { $0.field == "total" })
        #expect(total.reviewed == 1 && total.corrected == 1, "the fields round still counts once the bot's round is decided")
        #expect(!s.fields.contains { $0.field == "branch" }, "a bot's question is not a field's accuracy")
        #expect(s.medianHandleSeconds != nil)
    }
}

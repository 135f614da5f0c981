import Foundation
import Logging
import QuireBots
import QuireCore
import QuireStore
import QuireTesting
import Testing

/// Stage services that keep blobs in a folder and hand out the item's earlier jobs.
struct FolderServices: StageServices {
    let folder: String
    let earlier: [Job]
    func withBlobFile<T>(hash: BlobID, _ body: (String) async throws -> T) async throws -> T { try await body(folder + "/" + hash.hex) }
    func readBlob(hash: BlobID) throws -> Data {
        guard let d = FileManager.default.contents(atPath: folder + "/" + hash.hex) else { throw QuireError(.notFound, "no blob \(hash)") }
        return d
    }
    func copyBlob(hash: BlobID, to path: String) throws { try FileManager.default.copyItem(atPath: folder + "/" + hash.hex, toPath: path) }
    func jobs(of item: ItemID) async throws -> [Job] { earlier }
    func events(of item: ItemID) async throws -> [Event] { [] }
    var outboxDirectory: String { folder }
    /// The sha256 of some bytes, as the blob store names them.
    static func sha256(_ data: Data, in folder: String) throws -> String {
        let tmp = folder + "/.hash-\(UUID().uuidString)"
        FileManager.default.createFile(atPath: tmp, contents: data)
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        return try BlobStore.sha256(fileAt: tmp)
    }
    func putBlob(_ bytes: [UInt8]) throws -> String {
        let hash = try Self.sha256(Data(bytes), in: folder)
        FileManager.default.createFile(atPath: folder + "/" + hash, contents: Data(bytes))
        return hash
    }
    var isolation: (any IsolatedRunner)? { nil }
    func claimBusinessKey(_ key: String, item: Item) async throws -> ItemID? { nil }
}

@Suite("The bot stage")
struct BotStageTests {
    let dir: TemporaryDirectory
    init() throws { dir = try TemporaryDirectory("quire-bot-stage") }

    /// A catalog with one bot whose script answers what the payload's `answer` says.
    func environment(region: String? = nil, store: (any Store)? = nil) throws -> BotEnvironment {
        try dir.write("bots/echo/bot.py", """
            import json, os, sys
            request = json.loads(sys.stdin.readline())
            p = request["payload"]
            if p.get("answer") == "evidence":
                open(os.path.join(request["scratch"], "page.html"), "w").write("<p>entered</p>")
                print(json.dumps({"type": "evidence", "path": "page.html", "kind": "html"}))
            files = [open(f["path"]).read() for f in request["files"]]
            status = p.get("answer") if p.get("answer") in ("business_error", "application_error", "needs_human") else "done"
            if p.get("answer") == "ask" and not p.get("human"):
                open(os.path.join(request["scratch"], "shot.png"), "wb").write(b"not really a png")
                print(json.dumps({"type": "evidence", "path": "shot.png", "kind": "screenshot", "media_type": "image/png"}))
                status = "needs_human"
            print(json.dumps({"type": "result", "status": status, "code": "C1", "message": "said " + status,
                              "output": {"values": p.get("values"), "files": files, "key": request["idempotency_key"], "attempt": request["attempt"],
                                         "human": p.get("human")}}))
            """)
        try dir.write("bots/echo/bot.yaml", """
            name: echo
            command: [/usr/bin/python3, bot.py]
            actions:
              - name: enter
                input: {type: object, required: [values], properties: {values: {type: object, required: [total]}}}
            \(region.map { "region: \($0)" } ?? "")
            """)
        return BotEnvironment(catalog: try BotCatalog.load(directory: dir.file("bots")), dispatcher: BotDispatcher(processEnvironment: [:]),
                              scratchRoot: dir.file("scratch"), store: store)
    }

    func context(metadata: JSONValue = .emptyObject, values: JSONValue, constants: JSONValue = .emptyObject, env: BotEnvironment,
                 policies: [String: JSONValue] = [:], id: ItemID = ItemID("itm_stage"), settings: [String: JSONValue] = [:]) throws -> (any Stage, StageContext) {
        let original = try FolderServices.sha256(Data("the original document".utf8), in: dir.path)
        try "the original document".write(toFile: dir.file(original), atomically: true, encoding: .utf8)
        let now = Date()
        let item = Item(id: id, pipeline: "p", source: .api, name: "invoice.pdf", contentHash: original, size: 21,
                        mediaType: "application/pdf", metadata: metadata, createdAt: now, updatedAt: now)
        var review = NullStageServices.job(for: item, stage: "review")
        review.state = .done
        review.output = ["decision": "approved", "values": values, "reviewers": ["ann"]]
        var job = NullStageServices.job(for: item, stage: "erp")
        job.id = JobID(2)
        job.attempts = 3
        var all: [String: JSONValue] = ["bot": "echo", "action": "enter", "payload": constants]
        for (k, v) in settings { all[k] = v }
        let stage = try BotKind(environment: env).makeStage(settings: .object(all))
        try FileManager.default.createDirectory(atPath: dir.file("blobs"), withIntermediateDirectories: true)
        let services = FolderServices(folder: dir.path, earlier: [review])
        return (stage, StageContext(item: item, job: job, settings: .emptyObject, outputs: [:], pipeline: PipelineSpec(name: "p", stages: [], policies: policies),
                                    logger: Logger(label: "test"), services: services))
    }

    @Test func doneCarriesTheOutputTheKeyAndTheEvidence() async throws {
        defer { dir.remove() }
        let (stage, ctx) = try context(values: ["total": 12.5], constants: ["answer": "evidence"], env: try environment())
        guard case .done(let out) = try await stage.run(ctx) else { Issue.record("not done"); return }
        #expect(out["bot"] == "echo")
        #expect(out["output"]?["values"]?["total"] == 12.5)
        #expect(out["output"]?["files"] == ["the original document"])
        #expect(out["output"]?["attempt"] == 3)
        #expect(out["idempotency_key"]?.stringValue == BotProtocol.idempotencyKey(item: ItemID("itm_stage"), stage: "erp", action: "enter"))
        #expect(out["output"]?["key"] == out["idempotency_key"])
        #expect(out["evidence"]?.arrayValue?.first?["kind"] == "html")
        let hash = try #require(out["evidence"]?.arrayValue?.first?["sha256"]?.stringValue)
        #expect(try String(contentsOfFile: dir.file(hash), encoding: .utf8) == "<p>entered</p>")
        // The scratch folder is gone afterwards.
        #expect((try? FileManager.default.contentsOfDirectory(atPath: dir.file("scratch")))?.isEmpty ?? true)
    }

    @Test func theBotsAnswersBecomeOutcomes() async throws {
        defer { dir.remove() }
        let env = try environment()
        var (stage, ctx) = try context(values: ["total": 1], constants: ["answer": "business_error"], env: env)
        #expect(try await stage.run(ctx) == .businessError(code: "C1", message: "echo: said business_error"))
        (stage, ctx) = try context(values: ["total": 1], constants: ["answer": "application_error"], env: env)
        #expect(try await stage.run(ctx) == .applicationError(code: "C1", message: "said application_error"))
        (stage, ctx) = try context(values: ["total": 1], constants: ["answer": "needs_human"], env: env)
        #expect(try await stage.run(ctx) == .needsHuman(reason: "bot echo asks for a person: said needs_human"))
    }

    /// A bot's `needs_human` opens a review round of its own (the bot's message as the reason, its
    /// screenshot as evidence, the stage's queue); an approval runs the bot again with the person's
    /// answer under `human`, a rejection ends the item without calling the bot.
    @Test func aBotsQuestionGoesToReviewAndTheAnswerBackToTheBot() async throws {
        defer { dir.remove() }
        let store = try SQLiteStore(path: dir.file("q.sqlite"))
        let env = try environment(store: store)
        for (n, approve) in [(1, true), (2, false)] {
            let item = try await StoreConformance.enqueue(store, StoreConformance.item(name: "bot\(n).pdf"))
            let (stage, ctx) = try context(values: ["total": 1], constants: ["answer": "ask"], env: env, id: item.id, settings: ["review_queue": "erp-questions"])
            #expect(try await stage.run(ctx) == .needsHuman(reason: "bot echo asks for a person: said needs_human"))
            let asked = try #require(try await store.review(item.id))
            #expect(asked.queue == "erp-questions" && asked.stage == "erp" && asked.round == 1 && asked.state == .open)
            #expect(asked.reasons == ["bot echo asks for a person: said needs_human"])
            let question = try #require(asked.botQuestion)
            #expect(question.bot == "echo" && question.code == "C1" && question.evidence.map(\.kind) == ["screenshot"])
            #expect(FileManager.default.contents(atPath: dir.file(question.evidence[0].sha256)) == Data("not really a png".utf8))
            let claim = try #require(try await store.claimReview(queue: "erp-questions", item: nil, reviewer: "ann", until: Date().addingTimeInterval(600), now: Date()))
            let decision = approve ? ReviewDecision(action: .approve, reviewers: ["ann"], corrections: ["vendor_name": "ACME GmbH"], note: "the Hamburg one")
                                   : ReviewDecision(action: .reject, reviewers: ["ann"], reason: "wrong_vendor")
            _ = try await store.updateReview(item: item.id, reviewer: "ann", expectedVersion: claim.version, change: ReviewChange(state: .decided, decision: decision.json),
                                             action: ReviewAction(item: item.id, action: approve ? "approve" : "reject", actor: "ann", at: Date()), now: Date())
            let again = try await stage.run(ctx)
            if approve {
                guard case .done(let out) = again else { Issue.record("the bot was not run with the answer: \(again)"); continue }
                #expect(out["output"]?["human"]?["decision"] == "approve")
                #expect(out["output"]?["human"]?["corrections"]?["vendor_name"] == "ACME GmbH")
                #expect(out["output"]?["human"]?["note"] == "the Hamburg one" && out["output"]?["human"]?["round"] == 1)
            } else {
                guard case .businessError(let code, let message) = again else { Issue.record("a rejection must end the item: \(again)"); continue }
                #expect(code == "rejected" && message.contains("wrong_vendor"))
            }
        }
    }

    @Test func aPayloadThatDoesNotFitTheActionIsABusinessErrorBeforeDispatch() async throws {
        defer { dir.remove() }
        let (stage, ctx) = try context(values: ["vendor_name": "ACME"], env: try environment())
        let outcome = try await stage.run(ctx)
        guard case .businessError(let code, let message) = outcome else { Issue.record("\(outcome)"); return }
        #expect(code == "payload_invalid")
        #expect(message.contains("values.total is required and missing"))
    }

    @Test func anItemFromARegionNeverReachesABotOutsideIt() async throws {
        defer { dir.remove() }
        let store = try SQLiteStore(path: dir.file("q.sqlite"))
        let (stage, ctx) = try context(metadata: ["region": "eu"], values: ["total": 1], constants: ["answer": "evidence"],
                                       env: try environment(region: "us", store: store))
        let outcome = try await stage.run(ctx)
        guard case .businessError(let code, let message) = outcome else { Issue.record("\(outcome)"); return }
        #expect(code == "region_refused")
        #expect(message.contains("region eu"))
        #expect(!FileManager.default.fileExists(atPath: dir.file(try FolderServices.sha256(Data("<p>entered</p>".utf8), in: dir.path))))  // the bot never ran: no evidence
        let audit = try await store.auditEntries(after: 0, limit: 10)
        #expect(audit.contains { $0.action == "residency.refused" && $0.subject == "item:itm_stage" && $0.details["bot_region"] == "us" })
        // The same item goes to a bot of its region.
        let (same, ctx2) = try context(metadata: ["region": "eu"], values: ["total": 1], env: try environment(region: "eu"))
        guard case .done = try await same.run(ctx2) else { Issue.record("not done in its own region"); return }
        // The pipeline's allowed_bot_regions: items of any region, or none, only reach bots inside the list.
        let (outside, ctx3) = try context(values: ["total": 1], env: try environment(region: "us", store: store), policies: ["allowed_bot_regions": ["eu", "ch"]])
        guard case .businessError("region_refused", let why) = try await outside.run(ctx3) else { Issue.record("a bot outside allowed_bot_regions got the item"); return }
        #expect(why.contains("allows only regions eu, ch"))
        let (inside, ctx4) = try context(values: ["total": 1], env: try environment(region: "ch"), policies: ["allowed_bot_regions": ["eu", "ch"]])
        guard case .done = try await inside.run(ctx4) else { Issue.record("not done inside the allowed regions"); return }
    }

    @Test func pipelinesNamingAnUnknownBotOrActionAreRefused() throws {
        defer { dir.remove() }
        let kind = BotKind(environment: try environment())
        #expect(kind.validate(settings: ["bot": "echo", "action": "enter"]).isEmpty)
        #expect(kind.validate(settings: ["bot": "nope", "action": "enter"]).first?.message.contains("installed bots: echo") == true)
        #expect(kind.validate(settings: ["bot": "echo", "action": "fly"]).first?.message.contains("its actions: enter") == true)
        #expect(kind.validate(settings: ["bot": "echo"]).first?.path == ["action"])
    }
}

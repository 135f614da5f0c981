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
            print(json.dumps({"type": "result", "status": status, "code": "C1", "message": "said " + status,
                              "output": {"values": p.get("values"), "files": files, "key": request["idempotency_key"], "attempt": request["attempt"]}}))
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
                 policies: [String: JSONValue] = [:]) throws -> (any Stage, StageContext) {
        let original = try FolderServices.sha256(Data("the original document".utf8), in: dir.path)
        try "the original document".write(toFile: dir.file(original), atomically: true, encoding: .utf8)
        let now = Date()
        let item = Item(id: ItemID("itm_stage"), pipeline: "p", source: .api, name: "invoice.pdf", contentHash: original, size: 21,
                        mediaType: "application/pdf", metadata: metadata, createdAt: now, updatedAt: now)
        var review = NullStageServices.job(for: item, stage: "review")
        review.state = .done
        review.output = ["decision": "approved", "values": values, "reviewers": ["ann"]]
        var job = NullStageServices.job(for: item, stage: "erp")
        job.id = JobID(2)
        job.attempts = 3
        let stage = try BotKind(environment: env).makeStage(settings: ["bot": "echo", "action": "enter", "payload": constants])
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

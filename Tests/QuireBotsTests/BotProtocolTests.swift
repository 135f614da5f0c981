import Foundation
import QuireBots
import QuireCore
import QuireTesting
import Testing

/// A bot written into a temporary folder: a Python script and its manifest.
struct ScriptBot {
    let dir: TemporaryDirectory
    let manifest: BotManifest

    /// Generous limits by default: the suite runs beside others on two cores, where a process can
    /// wait seconds for a thread; the tests about limits set their own.
    init(_ script: String, timeout: String = "3m", heartbeat: String = "2m", extra: String = "") throws {
        dir = try TemporaryDirectory("quire-bot")
        try dir.write("bot.py", "import json, os, sys, time, signal, subprocess\n" +
                      "def send(m):\n    sys.stdout.write(json.dumps(m) + '\\n'); sys.stdout.flush()\n" +
                      "request = json.loads(sys.stdin.readline())\n" + script)
        try dir.write("bot.yaml", """
            name: test-bot
            command: [/usr/bin/python3, bot.py]
            actions: [{name: go}]
            timeout: \(timeout)
            heartbeat_timeout: \(heartbeat)
            \(extra)
            """)
        manifest = try BotManifest.load(directory: dir.path)
    }

    func request(payload: JSONValue = .emptyObject, files: [BotFile] = []) throws -> BotRequest {
        let scratch = dir.file("scratch-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let item = ItemID("itm_test")
        return BotRequest(item: item, pipeline: "p", stage: "erp", action: "go", attempt: 2, leaseToken: 7, deadline: Date().addingTimeInterval(300),
                          idempotencyKey: BotProtocol.idempotencyKey(item: item, stage: "erp", action: "go"), payload: payload, files: files,
                          scratch: scratch, traceparent: TraceContext(traceID: "0af7651916cd43dd8448eb211c80319c").header)
    }

    func run(payload: JSONValue = .emptyObject, secrets: [String: String] = [:], environment: [String: String] = [:]) async throws -> BotRun {
        let dispatcher = BotDispatcher(secrets: Secrets(values: secrets), processEnvironment: environment)
        return await dispatcher.dispatch(manifest, request: try request(payload: payload))
    }
}

@Suite("Bot protocol")
struct BotProtocolTests {
    @Test func doneWithOutputEvidenceAndTheWholeRequest() async throws {
        let bot = try ScriptBot("""
            send({"type": "heartbeat"})
            send({"type": "progress", "percent": 50, "message": "half"})
            send({"type": "log", "level": "info", "message": "hello"})
            open(os.path.join(request["scratch"], "shot.png"), "wb").write(b"\\x89PNG fake")
            send({"type": "evidence", "path": "shot.png", "kind": "screenshot", "media_type": "image/png"})
            send({"type": "result", "status": "done", "code": "entered", "output": {"request": request, "cwd": os.getcwd()}})
            """)
        defer { bot.dir.remove() }
        let run = try await bot.run(payload: ["total": 12.5])
        #expect(run.result.status == .done)
        #expect(run.result.code == "entered")
        let seen = try #require(run.result.output["request"])
        #expect(seen["protocol"] == 1)
        #expect(seen["item"] == "itm_test")
        #expect(seen["action"] == "go")
        #expect(seen["attempt"] == 2)
        #expect(seen["lease_token"] == 7)
        #expect(seen["payload"]?["total"] == 12.5)
        #expect(seen["idempotency_key"]?.stringValue == BotProtocol.idempotencyKey(item: ItemID("itm_test"), stage: "erp", action: "go"))
        #expect(seen["deadline"]?.stringValue?.hasSuffix("Z") == true)
        #expect(seen["traceparent"]?.stringValue?.range(of: "^00-[0-9a-f]{32}-[0-9a-f]{16}-01$", options: .regularExpression) != nil)
        #expect(run.result.output["cwd"]?.stringValue == bot.dir.path)
        #expect(run.evidence.count == 1)
        #expect(run.evidence.first?.kind == "screenshot")
        #expect(run.evidence.first?.path.hasSuffix("/shot.png") == true)
        #expect(run.exit == "exit 0")
        #expect(run.transcript.contains { $0.direction == .received && $0.text.contains("\"progress\"") })
    }

    @Test func theIdempotencyKeyIsStablePerItemStageAndAction() {
        let a = BotProtocol.idempotencyKey(item: ItemID("itm_1"), stage: "erp", action: "enter")
        #expect(a == BotProtocol.idempotencyKey(item: ItemID("itm_1"), stage: "erp", action: "enter"))
        #expect(a != BotProtocol.idempotencyKey(item: ItemID("itm_2"), stage: "erp", action: "enter"))
        #expect(a != BotProtocol.idempotencyKey(item: ItemID("itm_1"), stage: "ledger", action: "enter"))
        #expect(a != BotProtocol.idempotencyKey(item: ItemID("itm_1"), stage: "erp", action: "check"))
        #expect(a.range(of: "^qk_[0-9a-f]{32}$", options: .regularExpression) != nil)
    }

    @Test func garbageOutputIsAnApplicationErrorThatQuotesTheLine() async throws {
        let bot = try ScriptBot("""
            print("Traceback: something \\x1b[31mred\\x1b[0m went wrong", flush=True)
            time.sleep(300)
            """)
        defer { bot.dir.remove() }
        let started = Date()
        let run = try await bot.run()
        #expect(run.result.status == .applicationError)
        #expect(run.result.code == "bot_protocol")
        #expect(run.result.message.contains("not JSON"))
        #expect(run.result.message.contains("Traceback: something"))
        #expect(!run.result.message.contains("\u{1b}"))  // control characters never reach a terminal
        #expect(Date().timeIntervalSince(started) < 250)   // killed at once, not after its 300 s sleep (the bound leaves room for a machine busy with other tests)
    }

    @Test func aMessageWithoutTypeOrAnUnknownStatusIsRefused() async throws {
        let bot = try ScriptBot("""
            send({"type": "result", "status": "maybe"})
            """)
        defer { bot.dir.remove() }
        let run = try await bot.run()
        #expect(run.result.code == "bot_protocol")
        #expect(run.result.message.contains("status"))
        #expect(throws: QuireError.self) { try BotMessage.parse(line: "[1, 2]") }
        #expect(throws: QuireError.self) { try BotMessage.parse(line: #"{"type": "evidence"}"#) }
        #expect(try BotMessage.parse(line: #"{"type": "heartbeat"}"#) == .heartbeat)
    }

    @Test func exitingWithoutAResultIsAnApplicationErrorWithStderr() async throws {
        let bot = try ScriptBot("""
            sys.stderr.write("cannot log in: connection refused\\n")
            sys.exit(2)
            """)
        defer { bot.dir.remove() }
        let run = try await bot.run()
        #expect(run.result.status == .applicationError)
        #expect(run.result.code == "bot_exited")
        #expect(run.result.message.contains("exit 2"))
        #expect(run.result.message.contains("cannot log in"))
    }

    @Test func aCrashIsAnApplicationError() async throws {
        let bot = try ScriptBot("""
            send({"type": "heartbeat"})
            os.kill(os.getpid(), signal.SIGSEGV)
            """)
        defer { bot.dir.remove() }
        let run = try await bot.run()
        #expect(run.result.code == "bot_exited")
        #expect(run.exit == "signal 11")
    }

    @Test func aHundredMegabyteLineIsCutAndTheBotStopped() async throws {
        let bot = try ScriptBot("""
            chunk = "x" * (1 << 20)
            for _ in range(100):
                sys.stdout.write(chunk)
            sys.stdout.write("\\n")
            send({"type": "result", "status": "done"})
            """)
        defer { bot.dir.remove() }
        let run = try await bot.run()
        #expect(run.result.status == .applicationError)
        #expect(run.result.code == "bot_protocol")
        #expect(run.result.message.contains("longer than 1048576 bytes"))
        #expect(run.result.message.count < 1000)
    }

    @Test func aHungBotLosesItsHeartbeatAndItsChildrenAreKilled() async throws {
        let bot = try ScriptBot("""
            child = subprocess.Popen(["/bin/sleep", "300"])
            open(os.path.join(request["scratch"], "child.pid"), "w").write(str(child.pid))
            send({"type": "heartbeat"})
            time.sleep(300)
            """, heartbeat: "1s")
        defer { bot.dir.remove() }
        let request = try bot.request()
        let started = Date()
        let run = await BotDispatcher(processEnvironment: [:]).dispatch(bot.manifest, request: request)
        #expect(run.result.code == "bot_heartbeat_lost")
        #expect(Date().timeIntervalSince(started) < 250)  // not after its 300 s sleep (room for a machine busy with other tests)
        let pid = try #require(Int32(String(decoding: FileManager.default.contents(atPath: request.scratch + "/child.pid") ?? Data(), as: UTF8.self)))
        // The whole process group went: the bot's own child too.
        let gone = await eventually(timeout: 5) { kill(pid, 0) != 0 }
        #expect(gone)
    }

    @Test func heartbeatsDoNotOutliveTheTimeout() async throws {
        let bot = try ScriptBot("""
            while True:
                send({"type": "heartbeat"})
                time.sleep(0.2)
            """, timeout: "2s", heartbeat: "2m")
        defer { bot.dir.remove() }
        let run = try await bot.run()
        #expect(run.result.code == "bot_timeout")
        #expect(run.result.message.contains("2s"))
    }

    @Test func businessErrorsAndNeedsHumanAreTheBotsToSay() async throws {
        for status in ["business_error", "application_error", "needs_human"] {
            let bot = try ScriptBot("""
                send({"type": "result", "status": "\(status)", "code": "VENDOR_UNKNOWN", "message": "no vendor ACME in the ERP"})
                """)
            defer { bot.dir.remove() }
            let run = try await bot.run()
            #expect(run.result.status.rawValue == status)
            #expect(run.result.code == "VENDOR_UNKNOWN")
            #expect(run.result.message == "no vendor ACME in the ERP")
        }
    }

    @Test func theBotSeesOnlyItsAllowedEnvironmentAndItsOwnSecrets() async throws {
        let bot = try ScriptBot("""
            send({"type": "log", "message": "password is " + os.environ.get("ERP_PASSWORD", "")})
            send({"type": "result", "status": "done", "message": "used " + os.environ.get("ERP_PASSWORD", ""), "output": {"env": dict(os.environ)}})
            """, extra: "environment: [ERP_URL]\nsecrets: [ERP_PASSWORD]")
        defer { bot.dir.remove() }
        let run = try await bot.run(secrets: ["ERP_PASSWORD": "s3cret-pw-123", "OTHER_BOT_TOKEN": "other-token-xyz"],
                                    environment: ["ERP_URL": "http://erp", "QUIRE_API_TOKEN": "qt_topsecret", "AWS_SECRET_ACCESS_KEY": "aws-key",
                                                  "PATH": "/opt/evil/bin:/usr/bin"])
        #expect(run.result.status == .done)
        let env = try #require(run.result.output["env"]?.objectValue)
        #expect(env["ERP_URL"] == "http://erp")
        #expect(env["QUIRE_API_TOKEN"] == nil)
        #expect(env["AWS_SECRET_ACCESS_KEY"] == nil)
        #expect(env["OTHER_BOT_TOKEN"] == nil)
        #expect(env["PATH"] == "/usr/local/bin:/usr/bin:/bin")
        // The bot got its secret, but what it says comes back redacted.
        #expect(env["ERP_PASSWORD"] == "[secret ERP_PASSWORD]")
        #expect(run.result.message == "used [secret ERP_PASSWORD]")
        #expect(!run.transcript.contains { $0.text.contains("s3cret-pw-123") })
    }

    @Test func aMissingSecretIsSaidBeforeTheBotStarts() async throws {
        let bot = try ScriptBot("send({'type': 'result', 'status': 'done'})", extra: "secrets: [ERP_PASSWORD]")
        defer { bot.dir.remove() }
        let run = try await bot.run()
        #expect(run.result.code == "secret_missing")
        #expect(run.result.message.contains("ERP_PASSWORD"))
    }

    @Test func shellMetacharactersInThePayloadStayHarmless() async throws {
        let marker = NSTemporaryDirectory() + "quire-pwned-\(UUID().uuidString.prefix(6))"
        let hostile = "ACME\"; touch \(marker); $(touch \(marker)) `touch \(marker)` | tee \(marker) && echo > \(marker) ' \\ \n * ?"
        let bot = try ScriptBot("""
            send({"type": "result", "status": "done", "output": {"vendor": request["payload"]["vendor"], "argv": sys.argv}})
            """)
        defer { bot.dir.remove() }
        let run = try await bot.run(payload: ["vendor": .string(hostile)])
        #expect(run.result.output["vendor"]?.stringValue == hostile)
        #expect(run.result.output["argv"] == ["bot.py"])
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test func evidenceOutsideTheScratchFolderIsRefused() async throws {
        let bot = try ScriptBot("""
            send({"type": "evidence", "path": "../../../etc/passwd"})
            send({"type": "result", "status": "done"})
            """)
        defer { bot.dir.remove() }
        let run = try await bot.run()
        #expect(run.result.code == "bot_protocol")
        #expect(run.result.message.contains("outside its scratch folder"))
        #expect(run.evidence.isEmpty)
    }

    @Test func aSecondResultIsAProtocolError() async throws {
        let bot = try ScriptBot("""
            send({"type": "result", "status": "done"})
            send({"type": "result", "status": "done"})
            """)
        defer { bot.dir.remove() }
        let run = try await bot.run()
        #expect(run.result.code == "bot_protocol")
    }

    @Test func aMissingProgramIsSaid() async throws {
        let dir = try TemporaryDirectory("quire-bot")
        defer { dir.remove() }
        try dir.write("bot.yaml", "name: gone\ncommand: [./nothing-here.sh]\nactions: [{name: go}]\n")
        let manifest = try BotManifest.load(directory: dir.path)
        let run = await BotDispatcher(processEnvironment: [:]).dispatch(manifest, request: BotRequest(
            item: ItemID("i"), pipeline: "p", stage: "s", action: "go", attempt: 1, leaseToken: 1, deadline: Date().addingTimeInterval(5),
            idempotencyKey: "k", payload: .emptyObject, files: [], scratch: dir.path, traceparent: "00-0-0-01"))
        #expect(run.result.code == "bot_not_started")
        #expect(run.result.message.contains("nothing-here.sh"))
    }
}

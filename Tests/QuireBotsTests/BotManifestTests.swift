import Foundation
import QuireBots
import QuireCore
import QuireTesting
import Testing

@Suite("Bot manifests, schemas, HTTP bots and budgets")
struct BotManifestTests {
    func problems(_ yaml: String) -> String {
        do {
            _ = try BotManifest.parse(yaml: yaml, file: "bots/x/bot.yaml", directory: "/tmp")
            return ""
        } catch let e as QuireError {
            return e.message
        } catch {
            return "\(error)"
        }
    }

    @Test func aGoodManifestLoadsWithEverySetting() throws {
        let m = try BotManifest.parse(yaml: """
            name: erp-web
            description: Enters invoices.
            command: [/usr/bin/python3, erp_bot.py, --headless]
            actions:
              - name: enter_invoice
                input: {type: object, required: [values]}
            timeout: 2m
            heartbeat_timeout: 30s
            concurrency: 2
            rate: 30/m
            target: demo-erp
            region: eu
            environment: [ERP_URL]
            secrets: [ERP_PASSWORD]
            """, file: "bot.yaml", directory: "/srv/bots/erp-web")
        #expect(m.command == ["/usr/bin/python3", "erp_bot.py", "--headless"])
        #expect(m.timeout == 120)
        #expect(m.heartbeatTimeout == 30)
        #expect(m.concurrency == 2)
        #expect(m.rate?.count == 30 && m.rate?.period == 60)
        #expect(m.budgetKey == "target:demo-erp")
        #expect(m.region == "eu")
        #expect(m.environment == ["ERP_URL"])
        #expect(m.secrets == ["ERP_PASSWORD"])
        #expect(m.action("enter_invoice")?.input?["required"] == ["values"])
    }

    @Test func badManifestsAreRefusedWithFileAndLine() {
        let text = problems("""
            name: Erp Web
            command: /usr/bin/python3
            actions: []
            timeout: soon
            concurrency: 0
            rate: lots
            colour: blue
            """)
        #expect(text.contains("bots/x/bot.yaml:1: bot name 'Erp Web' is not valid"))
        #expect(text.contains("bots/x/bot.yaml:2: command must be a list"))
        #expect(text.contains("bots/x/bot.yaml:3: actions must be a non-empty list"))
        #expect(text.contains("bots/x/bot.yaml:4: timeout 'soon' is not a duration"))
        #expect(text.contains("bots/x/bot.yaml:5: concurrency must be a whole number"))
        #expect(text.contains("bots/x/bot.yaml:6: rate 'lots' is not a rate"))
        #expect(text.contains("bots/x/bot.yaml:7: 'colour' is not a manifest key"))
        #expect(problems("name: a\n  command: [x]\n: :").contains("bots/x/bot.yaml:"))
        #expect(problems("name: a\ncommand: [x]\nactions:\n  - name: go\n    input: {type: thing}\n").contains("bots/x/bot.yaml:5: input of action 'go': type must be one of"))
        #expect(problems("name: a\nkind: http\nactions: [{name: go}]\n").contains("an http bot needs 'url:'"))
        #expect(problems("name: a\nactions: [{name: go}]\n").contains("a process bot needs 'command:'"))
    }

    @Test func theCatalogRefusesTwoBotsWithOneName() throws {
        let dir = try TemporaryDirectory("quire-bots")
        defer { dir.remove() }
        try dir.write("one/bot.yaml", "name: same\ncommand: [x]\nactions: [{name: go}]\n")
        try dir.write("two/bot.yaml", "name: same\ncommand: [x]\nactions: [{name: go}]\n")
        #expect(throws: QuireError.self) { try BotCatalog.load(directory: dir.path) }
        try FileManager.default.removeItem(atPath: dir.file("two"))
        #expect(try BotCatalog.load(directory: dir.path).names == ["same"])
        #expect(try BotCatalog.load(directory: dir.file("missing")).names.isEmpty)
    }

    @Test func inputSchemasNameWhatIsMissingOrWrong() {
        let schema: JSONValue = ["type": "object", "required": ["values"], "properties": [
            "values": ["type": "object", "required": ["invoice_number", "total"], "properties": [
                "total": ["type": "number", "minimum": 0], "currency": ["type": "string", "enum": ["EUR", "USD"]],
            ]],
        ]]
        #expect(InputSchema.validate(["values": ["invoice_number": "A", "total": 10, "currency": "EUR"]], schema: schema).isEmpty)
        #expect(InputSchema.validate(["other": 1], schema: schema) == ["values is required and missing"])
        let errors = InputSchema.validate(["values": ["total": -1, "currency": "GBP"]], schema: schema)
        #expect(errors.contains("values.invoice_number is required and missing"))
        #expect(errors.contains("values.total must be at least 0"))
        #expect(errors.contains { $0.hasPrefix("values.currency must be one of") })
        #expect(InputSchema.validate(["values": "x"], schema: schema) == ["values must be object, not a string"])
    }

    @Test func httpSignaturesAreHMACOverTimestampAndBody() {
        // Known answer, computed with Python's hmac module.
        #expect(HTTPBotClient.signature(secret: "whsec-test", timestamp: 1_700_000_000, body: Data(#"{"a":1}"#.utf8))
                == "v1=fed7a1a6c799a6367d73724d76bc70c16678908a32a879cd1ded6565ac05cece")
    }

    @Test func httpStatusesMapToOutcomeClasses() {
        func status(_ code: Int, _ body: String = "") -> BotResult { HTTPBotClient.result(status: code, body: Data(body.utf8), bot: "hook") }
        #expect(status(200, #"{"status": "done", "output": {"doc": "D-1"}}"#).output["doc"] == "D-1")
        #expect(status(200, #"{"received": true}"#) == BotResult(status: .done, output: ["received": true]))
        #expect(status(204).status == .done)
        #expect(status(200, #"{"status": "needs_human", "message": "check"}"#).status == .needsHuman)
        for code in [400, 404, 409, 422] { #expect(status(code, #"{"message": "unknown vendor"}"#).status == .businessError) }
        #expect(status(422, #"{"code": "VENDOR_UNKNOWN"}"#).code == "VENDOR_UNKNOWN")
        for code in [401, 408, 429, 500, 502, 503] { #expect(status(code).status == .applicationError) }
        #expect(status(200, "[1]").code == "bot_protocol")
    }

    @Test func budgetsNeverExceedConcurrencyOrRateUnderAControlledClock() async throws {
        final class Clock: @unchecked Sendable {
            var now = 0.0
        }
        let clock = Clock()
        let budgets = TargetBudgets(now: { clock.now })
        let limits = TargetBudgets.Limits(concurrency: 2, rate: .init(count: 5, period: 10, text: "5/10s"))
        var grants: [Double] = []
        var running: [(until: Double, permit: TargetBudgets.Permit)] = []
        var maxRunning = 0
        // 60 seconds in 50 ms steps; 8 dispatchers always want to run; each dispatch takes 1.5 s.
        while clock.now < 60 {
            for r in running where r.until <= clock.now { budgets.release(r.permit) }
            running.removeAll { $0.until <= clock.now }
            for _ in 0..<8 {
                if case .granted(let p) = budgets.tryAcquire("target:erp", limits: limits) {
                    grants.append(clock.now)
                    running.append((clock.now + 1.5, p))
                }
            }
            maxRunning = max(maxRunning, budgets.running("target:erp"))
            clock.now += 0.05
        }
        #expect(maxRunning == 2)
        // At most 5 starts in any 10-second window, and the budget is used.
        for (i, t) in grants.enumerated() {
            let inWindow = grants[i...].prefix { $0 < t + 10 }.count
            #expect(inWindow <= 5, "window from \(t) has \(inWindow) starts")
        }
        #expect(grants.count == 30)
        // Another target has its own budget.
        #expect(budgets.tryAcquire("target:ledger", limits: .init(concurrency: 1)) != .wait(0.05))
    }
}

@Suite("Outbound HTTP: answers capped, redirects not followed")
struct OutboundHTTPTests {
    @Test("an answer over the cap is dropped with an error that says so")
    func oversizedAnswer() async throws {
        let server = try FakeChatServer(behaviour: .flood(8 << 20))
        defer { server.stop() }
        do {
            _ = try await HTTPBotClient.post(url: URL(string: server.baseURL)!, body: Data("{}".utf8), secret: nil, timeout: 120)
            Issue.record("an 8 MiB answer was read")
        } catch let e as QuireError {
            #expect(e.code == .unsupportedInput && e.message.contains("more than \(HTTPBotClient.maxAnswerBytes) bytes"), "\(e)")
        }
    }

    @Test("a redirect is answered as it is, and the address it names is never called")
    func redirectNotFollowed() async throws {
        let inside = try FakeChatServer(behaviour: .answer("secret"))
        defer { inside.stop() }
        let outside = try FakeChatServer(behaviour: .redirect(inside.baseURL))
        defer { outside.stop() }
        let (status, _) = try await HTTPBotClient.post(url: URL(string: outside.baseURL)!, body: Data("{}".utf8), secret: nil, timeout: 60)
        #expect(status == 302)
        #expect(HTTPBotClient.result(status: status, body: Data(), bot: "b").status == .applicationError)
        #expect(inside.requests.isEmpty)
    }

    @Test("a server that does not answer in time is a timeout; one that is not there cannot be reached")
    func timeoutsAndRefusals() async throws {
        let slow = try FakeChatServer(behaviour: .slow(5, "late"))
        defer { slow.stop() }
        do {
            _ = try await HTTPBotClient.post(url: URL(string: slow.baseURL)!, body: Data("{}".utf8), secret: nil, timeout: 0.5)
            Issue.record("answered")
        } catch let e as QuireError { #expect(e.code == .timeout, "\(e)") }
        // A refusal is answered at once; the generous deadline is for a full parallel test run, where the
        // client's event loop can wait its turn for seconds (the error's kind is what is checked, not its speed).
        let gone = try RefusingPort()
        do {
            _ = try await HTTPBotClient.post(url: URL(string: "http://127.0.0.1:\(gone.port)/")!, body: Data("{}".utf8), secret: nil, timeout: 60)
            Issue.record("answered")
        } catch let e as QuireError { #expect(e.code == .io && e.message.contains("cannot reach"), "\(e)") }
    }
}

import Foundation
import Logging
import QuireAppliance
import QuireCore
import QuireEngine
import QuireObservability
import QuireStore
import QuireTesting
import Testing

@Suite("Alerts")
struct AlertTests {
    @Test func aDeadLetterRaisesAnAlertOnceWithALogLineAMetricAndAWebhookThenItResolves() async throws {
        let receiver = try FakeChatServer(behaviour: .status(204))
        defer { receiver.stop() }
        let t = try TestAppliance(pipelines: ["p.yaml": TestAppliance.pipeline(stages: """
              - id: erp
                use: test.script
                retry: { max_attempts: 1 }
            """)], kinds: [ScriptedStageKind { _ in .applicationError(code: "erp_down", message: "connection refused") }]) { c in
            c.alerts.webhook = "http://127.0.0.1:\(receiver.port)/hooks/quire"
            c.alerts.backlogAge = 0
            // The test checks alerts itself: the appliance's own check (every minute) would post the same alert from its
            // own state when the run takes that long on a loaded machine (two posts where one is expected).
            c.alerts.checkInterval = 86_400
        }
        defer { t.remove() }
        let item = try await t.run { _ in
            let path = t.directory.file("a.pdf")
            try SampleFiles.pdf("alert me").write(to: URL(fileURLWithPath: path))
            let r = await t.appliance.intake().ingest(path: path, name: "a.pdf", pipeline: "invoices", source: .cli, submission: .init(), intakeKey: nil)
            guard case .accepted(let item) = r else { throw QuireError(.internal, "not accepted: \(r)") }
            #expect(try await eventually { try await t.store.item(item.id)?.state == .failed })
            return item
        }
        let now = Date()
        let alerts = try await t.appliance.evaluateAlerts(now: now)
        let dead = try #require(alerts.first { $0.name == "dead_letters" })
        #expect(dead.active && dead.value == 1, "\(dead)")
        #expect(alerts.first { $0.name == "review_overdue" }?.active == false)

        let state = AlertState()
        var logger = Logger(label: "test.alerts")
        logger.logLevel = .critical
        try await t.appliance.checkAlerts(now: now, last: state, logger: logger)
        try await t.appliance.checkAlerts(now: now.addingTimeInterval(60), last: state, logger: logger)
        #expect(receiver.requests.count == 1, "raised once, not on every check: \(receiver.requests.count)")
        let posted = receiver.requests.first ?? ""
        #expect(posted.contains("\"alert\":\"dead_letters\"") && posted.contains("\"state\":\"firing\""), "\(posted)")
        // The gauge is the process's: another test's appliance, checking its own alerts, may set it back between
        // a check and the read, so a check is repeated (it sets the gauge each time; an unchanged alert posts nothing).
        var gauged = false
        for _ in 0..<10 where !gauged {
            try await t.appliance.checkAlerts(now: now.addingTimeInterval(60), last: state, logger: logger)
            gauged = try await t.appliance.metricsExposition().contains(#"quire_alerts_active{alert="dead_letters"} 1"#)
        }
        #expect(gauged)
        #expect(receiver.requests.count == 1, "still raised once")
        // An hour later the dead letter has aged out of the window: resolved, posted once more.
        try await t.appliance.checkAlerts(now: now.addingTimeInterval(3700), last: state, logger: logger)
        #expect(receiver.requests.count == 2 && (receiver.requests.last ?? "").contains("\"state\":\"resolved\""))
        _ = item
    }
}

public import Foundation
public import Logging
import QuireCore
import QuireBots
import QuireEngine
import QuireObservability
import QuireStore
import Synchronization

/// Threshold rules (`alerts:` in quire.yaml) over what the store says now. A rule that starts to
/// hold raises a log line, sets `quire_alerts_active{alert=…}` to 1 and posts a signed webhook;
/// when it stops holding the same happens with `resolved`.
public struct AlertConfiguration: Sendable {
    /// Dead-lettered jobs in the last hour at or above this (0: off).
    public var deadLetters = 1.0
    /// Seconds the oldest ready job may wait (0: off).
    public var backlogAge = 15.0 * 60
    /// Label drift (PSI) of a model above this (0: off).
    public var drift = 0.25
    /// Share of bot attempts that failed in the last hour, over at least five attempts (0: off).
    public var botFailureRate = 0.2
    /// Reviews past their SLA at or above this (0: off).
    public var reviewOverdue = 1.0
    public var checkInterval = 60.0
    /// Where alerts are posted (signed like pipeline webhooks when `webhookSecret` names a secret).
    public var webhook: String?
    public var webhookSecret: String?
    public init() {}
}

/// One rule's state now.
public struct Alert: Sendable, Equatable {
    public var name: String
    public var active: Bool
    public var value: Double
    public var threshold: Double
    public var message: String
}

extension Appliance {
    /// Evaluates every rule against the store now.
    public func evaluateAlerts(now: Date = Date()) async throws -> [Alert] {
        let c = configuration.alerts
        var out: [Alert] = []
        if c.deadLetters > 0 {
            let n = Double(try await store.events(kinds: ["dead_letter"], from: now.addingTimeInterval(-3600), to: now, after: nil, limit: 100_000).count)
            out.append(Alert(name: "dead_letters", active: n >= c.deadLetters, value: n, threshold: c.deadLetters,
                             message: "\(Int(n)) job\(n == 1 ? "" : "s") dead-lettered in the last hour; see quire items list --state failed"))
        }
        if c.backlogAge > 0 {
            let stats = try await store.statistics(now: now)
            let worst = stats.stages.max { ($0.oldestReadyAge ?? 0) < ($1.oldestReadyAge ?? 0) }
            let age = worst?.oldestReadyAge ?? 0
            out.append(Alert(name: "backlog_age", active: age > c.backlogAge, value: age.rounded(), threshold: c.backlogAge,
                             message: "the oldest ready job has waited \(Int(age)) s\(worst.map { " (\($0.pipeline)/\($0.stage))" } ?? ""); add workers or look for a stuck stage"))
        }
        if c.drift > 0 {
            for (model, psi) in try await driftPSI(now: now) {
                out.append(Alert(name: "drift:\(model)", active: psi > c.drift, value: (psi * 1000).rounded() / 1000, threshold: c.drift,
                                 message: "model \(model) sees a label mix unlike the weeks before (PSI \(String(format: "%.2f", psi))); see quire model drift \(model)"))
            }
        }
        if c.botFailureRate > 0 {
            var bots = BotTally()
            try await store.forEachFinishedJob(from: now.addingTimeInterval(-3600), to: now) { for j in $0 { bots.add(j) } }
            let total = bots.attempts, failed = bots.failed
            let rate = total == 0 ? 0 : Double(failed) / Double(total)
            out.append(Alert(name: "bot_failure_rate", active: total >= 5 && rate > c.botFailureRate, value: (rate * 1000).rounded() / 1000,
                             threshold: c.botFailureRate, message: "\(failed) of \(total) bot attempts failed in the last hour; see quire bots list and the items' events"))
        }
        if c.reviewOverdue > 0 {
            let n = Double(try await store.reviews(queue: nil, states: [.open, .claimed], now: now, limit: 100_000).filter { ($0.due ?? .distantFuture) < now }.count)
            out.append(Alert(name: "review_overdue", active: n >= c.reviewOverdue, value: n, threshold: c.reviewOverdue,
                             message: "\(Int(n)) review\(n == 1 ? " is" : "s are") past their SLA; see quire review"))
        }
        return out
    }

    /// One round: evaluates, and for every rule whose state changed since the last round logs,
    /// sets the gauge and posts the webhook. `last` is the previous round's active set.
    public func checkAlerts(now: Date, last: AlertState, logger: Logger) async throws {
        let alerts = try await evaluateAlerts(now: now)
        let before = last.active.withLock { $0 }
        var active: Set<String> = []
        for a in alerts {
            QuireMetrics.gauge(QuireMetrics.Name.alerts, [("alert", a.name)], a.active ? 1 : 0)
            if a.active { active.insert(a.name) }
            let changed = a.active != before.contains(a.name)
            guard changed else { continue }
            if a.active {
                logger.warning("alert raised", metadata: ["alert": "\(a.name)", "value": "\(a.value)", "threshold": "\(a.threshold)", "message": "\(a.message)"])
            } else {
                logger.notice("alert resolved", metadata: ["alert": "\(a.name)", "value": "\(a.value)"])
            }
            await postAlert(a, now: now, logger: logger)
        }
        last.active.withLock { $0 = active }
    }

    func postAlert(_ a: Alert, now: Date, logger: Logger) async {
        guard let hook = configuration.alerts.webhook, let url = URL(string: hook) else { return }
        let body: JSONValue = ["alert": .string(a.name), "state": .string(a.active ? "firing" : "resolved"), "value": .number(a.value),
                               "threshold": .number(a.threshold), "message": .string(a.message), "at": .string(ISO8601DateFormatter().string(from: now)),
                               "appliance": .string(configuration.layout.home)]
        do {
            let names: Set<String> = configuration.alerts.webhookSecret.map { [$0] } ?? []
            let secrets = try Secrets.load(file: configuration.secretsFile, environment: ProcessInfo.processInfo.environment, names: names)
            let (status, _) = try await HTTPBotClient.post(url: url, body: Data(body.compactText.utf8),
                                                           secret: configuration.alerts.webhookSecret.flatMap { secrets[$0] }, timeout: 10)
            if !(200..<300).contains(status) { logger.warning("alert webhook answered \(status)", metadata: ["alert": "\(a.name)"]) }
        } catch {
            logger.warning("alert webhook failed", metadata: ["alert": "\(a.name)", "error": "\(error)"])
        }
    }
}

/// The rules active after the last round (kept by the node that checks; a new leader starts empty
/// and raises what holds again).
public final class AlertState: Sendable {
    let active = Mutex<Set<String>>([])
    public init() {}
}

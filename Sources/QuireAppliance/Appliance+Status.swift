public import Foundation
import QuireCore
import QuireStore
import QuireEngine

/// What `quire status` shows: queues per stage with the last hour's p95, the review queues, the
/// bots' last hour, and the alerts that hold now. One snapshot; the CLI refreshes it.
public struct StatusSnapshot: Sendable, Codable {
    /// How a snapshot is written (`quire status --json`, `GET /v1/status`): snake-case keys, ISO 8601 dates.
    public static var encoder: JSONEncoder {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        enc.dateEncodingStrategy = .iso8601
        enc.keyEncodingStrategy = .convertToSnakeCase
        return enc
    }
    /// How `quire status --server` reads one back.
    public static var decoder: JSONDecoder {
        let dec = JSONDecoder()
        dec.dateDecodingStrategy = .iso8601
        dec.keyDecodingStrategy = .convertFromSnakeCase
        return dec
    }

    public struct Stage: Sendable, Codable {
        public var pipeline: String
        public var stage: String
        public var ready: Int
        public var scheduled: Int
        public var running: Int
        public var oldestReadySeconds: Double?
        public var finishedLastMinute: Int
        public var finishedLastHour: Int
        public var p95LastHourSeconds: Double?
        public var deadLetters: Int
    }
    public struct Queue: Sendable, Codable {
        public var queue: String
        public var open: Int
        public var claimed: Int
        public var oldestSeconds: Double?
        public var overdue: Int
    }
    public struct Bot: Sendable, Codable {
        public var bot: String
        public var attemptsLastHour: Int
        public var failedLastHour: Int
    }
    public struct Node: Sendable, Codable {
        public var id: String
        /// The node's `node:` name (default its host name).
        public var name: String
        public var host: String
        public var pid: Int
        public var version: String
        /// running, stopped, or lost (says running but its heartbeat is older than three intervals).
        public var state: String
        public var workers: Int
        public var cronLeader: Bool
        public var api: String?
        public var heartbeatAgeSeconds: Double
        public var startedAt: Date
    }
    public struct ActiveAlert: Sendable, Codable {
        public var name: String
        public var value: Double
        public var threshold: Double
        public var message: String
    }
    public var at: Date
    public var home: String
    public var workers: Int
    public var items: [String: [String: Int]]
    public var stages: [Stage]
    public var reviews: [Queue]
    public var bots: [Bot]
    public var alerts: [ActiveAlert]
    /// Nodes that used the store in the last day, latest heartbeat first.
    public var nodes: [Node]
}

extension Appliance {
    public func statusSnapshot(now: Date = Date()) async throws -> StatusSnapshot {
        let stats = try await store.statistics(now: now)
        var durations: [String: [Double]] = [:]
        var bots = BotTally()
        try await store.forEachFinishedJob(from: now.addingTimeInterval(-3600), to: now) { jobs in
            for j in jobs {
                if let s = j.startedAt, let f = j.finishedAt { durations["\(j.pipeline)/\(j.stageID)", default: []].append(f.timeIntervalSince(s)) }
                bots.add(j)
            }
        }
        func p95(_ xs: [Double]?) -> Double? { Statistics.quantile(0.95, of: xs ?? []) }
        var stages: [StatusSnapshot.Stage] = []
        for spec in catalog.specs {
            for st in spec.stages + spec.onFailure {
                let r = stats.stages.first { $0.pipeline == spec.name && $0.stage == st.id } ?? .init(pipeline: spec.name, stage: st.id)
                stages.append(.init(pipeline: spec.name, stage: st.id, ready: r.ready, scheduled: r.scheduled, running: r.leased, oldestReadySeconds: r.oldestReadyAge,
                                    finishedLastMinute: r.finishedLastMinute, finishedLastHour: r.finishedLastHour,
                                    p95LastHourSeconds: p95(durations["\(spec.name)/\(st.id)"]), deadLetters: r.deadLetters))
            }
        }
        let open = try await store.reviews(queue: nil, states: [.open, .claimed], now: now, limit: 100_000)
        let queues = Dictionary(grouping: open, by: \.queue).map { q, rs in
            StatusSnapshot.Queue(queue: q, open: rs.filter { $0.state == .open }.count, claimed: rs.filter { $0.state == .claimed }.count,
                                 oldestSeconds: rs.map { now.timeIntervalSince($0.createdAt) }.max(), overdue: rs.filter { ($0.due ?? .distantFuture) < now }.count)
        }.sorted { $0.queue < $1.queue }
        let alerts = try await evaluateAlerts(now: now).filter(\.active).map { StatusSnapshot.ActiveAlert(name: $0.name, value: $0.value, threshold: $0.threshold, message: $0.message) }
        let nodes = try await store.nodes().filter { now.timeIntervalSince($0.heartbeatAt) < 86_400 }.map { n in
            let condition = n.condition(now: now, heartbeatInterval: configuration.nodeHeartbeat)
            return StatusSnapshot.Node(id: n.id, name: n.details["name"]?.stringValue ?? n.host, host: n.host, pid: n.pid, version: n.version,
                                       state: condition, workers: n.workers,
                                       cronLeader: condition == "running" && n.details["cron_leader"]?.boolValue == true,
                                       api: n.details["api"]?.stringValue, heartbeatAgeSeconds: max(0, now.timeIntervalSince(n.heartbeatAt)), startedAt: n.startedAt)
        }
        return StatusSnapshot(at: now, home: configuration.layout.home, workers: configuration.scheduler.workers, items: stats.items, stages: stages, reviews: queues,
                              bots: bots.byBot.keys.sorted().map { .init(bot: $0, attemptsLastHour: bots.byBot[$0]!.attempts, failedLastHour: bots.byBot[$0]!.failed) },
                              alerts: alerts, nodes: nodes)
    }
}

/// Bot attempts and failed attempts per bot, from finished bot jobs (a job's attempts before its last one failed).
struct BotTally {
    var byBot: [String: (attempts: Int, failed: Int)] = [:]

    mutating func add(_ j: Job) {
        guard j.kind == "bot", j.state != .skipped else { return }
        let bot = j.output(as: BotDispatch.self)?.bot ?? j.stageID
        var b = byBot[bot] ?? (0, 0)
        b.attempts += j.attempts
        b.failed += j.attempts - (j.state == .done ? 1 : 0)
        byBot[bot] = b
    }

    var attempts: Int { byBot.values.map(\.attempts).reduce(0, +) }
    var failed: Int { byBot.values.map(\.failed).reduce(0, +) }
}

public import Foundation
public import QuireCore
public import QuireStore
import QuireEngine

/// What `quire status` shows: queues per stage with the last hour's p95, the review queues, the
/// bots' last hour, and the alerts that hold now. One snapshot; the CLI refreshes it.
public struct StatusSnapshot: Sendable, Codable {
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
}

extension Appliance {
    public func statusSnapshot(now: Date = Date()) async throws -> StatusSnapshot {
        let stats = try await store.statistics(now: now)
        var durations: [String: [Double]] = [:]
        var bots: [String: (Int, Int)] = [:]
        var after: JobID? = nil
        while true {
            let jobs = try await store.finishedJobs(from: now.addingTimeInterval(-3600), to: now, after: after, limit: 1000)
            guard let last = jobs.last else { break }
            after = last.id
            for j in jobs {
                if let s = j.startedAt, let f = j.finishedAt { durations["\(j.pipeline)/\(j.stageID)", default: []].append(f.timeIntervalSince(s)) }
                if j.kind == "bot", j.state != .skipped {
                    let name = j.output?["bot"]?.stringValue ?? j.stageID
                    var b = bots[name] ?? (0, 0)
                    b.0 += j.attempts
                    b.1 += j.attempts - (j.state == .done ? 1 : 0)
                    bots[name] = b
                }
            }
        }
        func p95(_ xs: [Double]?) -> Double? {
            guard let s = xs?.sorted(), !s.isEmpty else { return nil }
            return (s[min(s.count - 1, max(0, Int((0.95 * Double(s.count)).rounded(.up)) - 1))] * 1000).rounded() / 1000
        }
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
        return StatusSnapshot(at: now, home: configuration.layout.home, workers: configuration.scheduler.workers, items: stats.items, stages: stages, reviews: queues,
                              bots: bots.keys.sorted().map { .init(bot: $0, attemptsLastHour: bots[$0]!.0, failedLastHour: bots[$0]!.1) }, alerts: alerts)
    }
}

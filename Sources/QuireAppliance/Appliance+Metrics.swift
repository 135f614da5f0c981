public import Foundation
import QuireCore
import QuireEngine
import QuireModels
import QuireObservability
import QuireStore
import Synchronization

extension Appliance {
    /// The Prometheus text of this process's metrics, after setting the gauges that are read from
    /// the store (queues, items, dead letters, review backlog, drift) to their values now.
    public func metricsExposition(now: Date = Date()) async throws -> String {
        QuireMetrics.bootstrap()
        try await updateGauges(now: now)
        return QuireMetrics.exposition()
    }

    /// Sets the store-derived gauges. Every stage of every loaded pipeline gets a value (0 when idle).
    func updateGauges(now: Date) async throws {
        let stats = try await store.statistics(now: now)
        for spec in catalog.specs {
            for st in spec.stages + spec.onFailure {
                let r = stats.stages.first { $0.pipeline == spec.name && $0.stage == st.id } ?? .init(pipeline: spec.name, stage: st.id)
                let labels = [("pipeline", spec.name), ("stage", st.id)]
                QuireMetrics.gauge(QuireMetrics.Name.jobs, labels + [("state", "ready")], Double(r.ready))
                QuireMetrics.gauge(QuireMetrics.Name.jobs, labels + [("state", "scheduled")], Double(r.scheduled))
                QuireMetrics.gauge(QuireMetrics.Name.jobs, labels + [("state", "running")], Double(r.leased))
                QuireMetrics.gauge(QuireMetrics.Name.queueOldest, labels, r.oldestReadyAge ?? 0)
                QuireMetrics.gauge(QuireMetrics.Name.deadLetterJobs, labels, Double(r.deadLetters))
            }
            for state in ItemState.allCases {
                QuireMetrics.gauge(QuireMetrics.Name.items, [("pipeline", spec.name), ("state", state.rawValue)], Double(stats.items[spec.name]?[state.rawValue] ?? 0))
            }
        }
        let open = try await store.reviews(queue: nil, states: [.open, .claimed], now: now, limit: 100_000)
        var queues = Set(open.map(\.queue))
        queues.formUnion(catalog.specs.flatMap { spec in spec.stages.filter { $0.kind == "review" }.map { $0.settings["queue"]?.stringValue ?? "needs_human" } })
        for q in queues.sorted() {
            let mine = open.filter { $0.queue == q }
            QuireMetrics.gauge(QuireMetrics.Name.reviewBacklog, [("queue", q)], Double(mine.count))
            QuireMetrics.gauge(QuireMetrics.Name.reviewOldest, [("queue", q)], mine.map { now.timeIntervalSince($0.createdAt) }.max() ?? 0)
            QuireMetrics.gauge(QuireMetrics.Name.reviewOverdue, [("queue", q)], Double(mine.filter { ($0.due ?? .distantFuture) < now }.count))
        }
        for (model, psi) in try await driftPSI(now: now) {
            QuireMetrics.gauge(QuireMetrics.Name.drift, [("model", model)], psi)
        }
    }

    /// Label drift (PSI, last 7 days against the 28 before) per model, recomputed at most every 5 minutes.
    func driftPSI(now: Date) async throws -> [(String, Double)] {
        let key = configuration.databasePath
        if let cached = DriftCache.shared.withLock({ c in c[key].flatMap { now.timeIntervalSince($0.at) < 300 ? $0.values : nil } }) { return cached }
        var out: [(String, Double)] = []
        for name in Set(try await store.models(name: nil).map(\.name)).sorted() {
            let from = now.addingTimeInterval(-7 * 86_400), refFrom = from.addingTimeInterval(-28 * 86_400)
            let r = DriftReport.make(model: name, records: try await store.classifications(model: name, from: from, to: now),
                                     reference: try await store.classifications(model: name, from: refFrom, to: from))
            if let psi = r.labelPSI { out.append((name, psi)) }
        }
        DriftCache.shared.withLock { $0[key] = (now, out) }
        return out
    }

    /// For `quire metrics` without a server: the counters and histograms a server would have
    /// recorded, rebuilt from the finished jobs, review actions and classifications still in the
    /// store (job history is kept for `scheduler.history_retention`), then the gauges.
    public func replayedMetrics(now: Date = Date()) async throws -> String {
        QuireMetrics.bootstrap()
        let from = now.addingTimeInterval(-max(configuration.historyRetention, 86_400))
        try await store.forEachFinishedJob(from: from, to: now) { jobs in
            for j in jobs {
                let seconds = j.startedAt.flatMap { s in j.finishedAt.map { $0.timeIntervalSince(s) } } ?? 0
                // Earlier attempts that failed and were retried leave one finished row: count them as retries.
                for _ in 0..<max(0, j.attempts - 1) { QuireMetrics.stageAttempt(pipeline: j.pipeline, stage: j.stageID, outcome: "retry", seconds: 0) }
                QuireMetrics.stageAttempt(pipeline: j.pipeline, stage: j.stageID, outcome: Scheduler.metricOutcome(.finish(j.state, output: nil, error: nil)),
                                          seconds: seconds)
                switch j.kind {
                case "ocr.page" where j.state == .done: QuireMetrics.ocrPage(pipeline: j.pipeline, seconds: seconds)
                case "bot":
                    let result = j.state == .done ? "done" : j.state == .dead ? "application_error" : "business_error"
                    let d = j.output(as: BotDispatch.self)
                    QuireMetrics.botResult(bot: d?.bot ?? j.stageID, result: result, seconds: d?.seconds ?? seconds)
                default: break
                }
            }
        }
        for a in try await store.reviewActions(from: from, to: now, limit: 1_000_000) where ["approve", "reject"].contains(a.action) {
            let corrected = ReviewDecision(stored: a.after)?.corrected ?? false
            QuireMetrics.reviewDecision(queue: "all", action: a.action == "approve" && corrected ? "approve_corrected" : a.action, seconds: a.seconds > 0 ? a.seconds : nil)
        }
        for name in Set(try await store.models(name: nil).map(\.name)).sorted() {
            for c in try await store.classifications(model: name, from: from, to: now) where c.role == "decided" {
                QuireMetrics.classified(model: name, probability: c.probability)
            }
        }
        return try await metricsExposition(now: now)
    }
}

/// The last drift computation per store (drift reads weeks of classifications; scrapes come every
/// few seconds). Keyed by the database, so two appliances in one process (tests) do not share it.
enum DriftCache {
    static let shared = Mutex<[String: (at: Date, values: [(String, Double)])]>([:])
}

import Foundation
import Logging
import QuireCore
import QuireEngine
import QuireStore
import Synchronization

/// Measures the scheduler on SQLite and, given a server, on PostgreSQL in the same run:
/// claim + complete throughput and enqueue → pickup latency, with an empty history and again
/// with many finished jobs. Runs the real `Scheduler` and store; the stage itself does
/// nothing, so the numbers are the scheduler's own cost. On PostgreSQL the pickup is woken by
/// NOTIFY, as for work another node queued (no in-process nudge), and the claim's plan is checked.
public struct SchedulerBenchmark: Sendable {
    /// A PostgreSQL server to compare with (the benchmark creates and drops its own database there).
    public var postgresURL: String?
    public var jobs = 20_000
    public var finished = 1_000_000
    public var workers = 32
    public var latencySamples = 2_000
    /// Enqueue rate for the latency run, per second.
    public var latencyRate = 500.0
    public var directory: String?
    public init() {}

    public struct Phase: Sendable, Codable {
        public var driver: String
        public var finishedJobsInStore: Int
        public var jobs: Int
        public var seconds: Double
        public var perSecond: Double
        public var pickupP50ms: Double
        public var pickupP99ms: Double
        public var pickupMaxms: Double
    }

    final class Collector: Sendable {
        struct State {
            var count = 0
            var latencies: [Double] = []
            var target = Int.max
            var reached: CheckedContinuation<Void, Never>?
        }
        let state = Mutex(State())

        func hit(latency: Double?) {
            let c: CheckedContinuation<Void, Never>? = state.withLock { s in
                s.count += 1
                if let latency { s.latencies.append(latency) }
                if s.count >= s.target, let r = s.reached {
                    s.reached = nil
                    return r
                }
                return nil
            }
            c?.resume()
        }

        func wait(for target: Int) async {
            await withCheckedContinuation { (cont: CheckedContinuation<Void, Never>) in
                let ready: Bool = state.withLock { s in
                    s.target = target
                    if s.count >= target { return true }
                    s.reached = cont
                    return false
                }
                if ready { cont.resume() }
            }
        }

        func reset() -> [Double] {
            state.withLock { s in
                let l = s.latencies
                s = State()
                return l
            }
        }
    }

    struct NoopKind: StageKind {
        let collector: Collector
        var name: String { "bench.noop" }
        var summary: String { "does nothing (benchmark)" }
        func validate(settings: JSONValue) -> [StageSettingsProblem] { [] }
        func makeStage(settings: JSONValue) throws -> any Stage { NoopStage(collector: collector) }
    }

    struct NoopStage: Stage {
        let collector: Collector
        func run(_ context: StageContext) async throws -> Outcome {
            var latency: Double?
            if let t = context.item.metadata["enqueued"]?.numberValue { latency = Scheduler.monotonicNow() - t }
            collector.hit(latency: latency)
            return .done(.null)
        }
    }

    /// What the run found besides the phases: PostgreSQL's plan for a claim.
    public struct Result: Sendable, Codable {
        public var phases: [Phase]
        public var claimPlan: String?
        public var claimPlanUsesIndex: Bool?
    }

    public func run(progress: @Sendable (String) -> Void) async throws -> Result {
        let dir = directory ?? NSTemporaryDirectory() + "quire-bench-\(getpid())"
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let blobs = try BlobStore(root: dir + "/blobs")
        let collector = Collector()
        let registry = StageRegistry([NoopKind(collector: collector)])
        let spec = PipelineSpec(name: "bench", spool: nil, stages: [StageSpec(id: "noop", kind: "bench.noop")])
        let catalog = try PipelineCatalog(specs: [spec], registry: registry)
        var result = Result(phases: [])
        /// The empty-store phase, then (with --finished) the one with a large history.
        func measure(_ driver: String, _ store: any Store, nudge: Bool, fill: (Int) async throws -> Void) async throws {
            for (index, history) in [0, finished].enumerated() where index == 0 || finished > 0 {
                if history > 0 {
                    progress("\(driver): filling the store with \(history) finished jobs…")
                    try await fill(history)
                }
                result.phases.append(try await phase(driver: driver, store: store, blobs: blobs, catalog: catalog, collector: collector, history: history,
                                                     nudge: nudge, progress: progress))
            }
        }
        let sqlite = try SQLiteStore(path: dir + "/bench.sqlite")
        try await measure("sqlite", sqlite, nudge: true) { try await sqlite.fillHistoryForBenchmark(count: $0) }
        guard let url = postgresURL else { return result }
        let database = "quire_bench_\(getpid())"
        try await PostgresStore.administer(url: url, database: database, create: true)
        var configuration = try PostgresStore.Configuration(url: url)
        configuration.database = database
        configuration.poolSize = max(configuration.poolSize, 16)
        let pg: PostgresStore
        do { pg = try await PostgresStore.open(configuration: configuration) } catch {
            try? await PostgresStore.administer(url: url, database: database, create: false)
            throw error
        }
        do {
            // No in-process nudge: the pickup is woken by NOTIFY, as for work another node queued.
            try await measure("postgres", pg, nudge: false) { try await pg.fillHistoryForBenchmark(count: $0) }
            // The plan with a realistic queue: many ready jobs of several stages.
            progress("postgres: checking the claim's plan with \(jobs) ready jobs…")
            try await pg.fillReadyJobsForBenchmark(count: jobs, stages: ["noop", "other", "third"])
            let plan = try await pg.explainClaim()
            result.claimPlan = plan
            result.claimPlanUsesIndex = PostgresStore.claimPlanUsesIndex(plan)
            await pg.close()
        } catch {
            await pg.close()
            try? await PostgresStore.administer(url: url, database: database, create: false)
            throw error
        }
        try await PostgresStore.administer(url: url, database: database, create: false)
        return result
    }

    func item(_ n: Int, metadata: JSONValue = .emptyObject) -> Item {
        let now = Date()
        return Item(id: ItemID.generate(at: now), pipeline: "bench", source: .cli, name: "b\(n).pdf", contentHash: "bench\(n)-\(UInt64.random(in: 0...UInt64.max))",
                    size: 1, mediaType: "pdf", metadata: metadata, createdAt: now, updatedAt: now)
    }

    func phase(driver: String, store: any Store, blobs: BlobStore, catalog: PipelineCatalog, collector: Collector, history: Int,
               nudge: Bool, progress: @Sendable (String) -> Void) async throws -> Phase {
        let draft = JobDraft(stageID: "noop", kind: "bench.noop", runAt: Date())
        progress("\(driver): queueing \(jobs) jobs…")
        for n in 0..<jobs {
            _ = try await store.intake(IntakeRequest(item: item(n), jobs: [draft], deduplicate: false, durable: false))
        }
        var config = SchedulerConfiguration()
        config.workers = workers
        config.pollInterval = 0.05
        var quiet = Logger(label: "quire.bench")
        quiet.logLevel = .error
        let scheduler = Scheduler(store: store, catalog: catalog, services: EngineServices(store: store, blobs: blobs, outboxDirectory: NSTemporaryDirectory()),
                                  configuration: config, logger: quiet)
        _ = collector.reset()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await scheduler.loop() }
            progress("\(driver): running \(jobs) claim + complete…")
            let start = ContinuousClock.now
            await collector.wait(for: jobs)
            let elapsed = start.duration(to: .now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            _ = collector.reset()

            progress("\(driver): measuring pickup latency over \(latencySamples) jobs at \(Int(latencyRate))/s…")
            let gap = 1.0 / latencyRate
            for n in 0..<latencySamples {
                let t = Scheduler.monotonicNow()
                _ = try await store.intake(IntakeRequest(item: item(n, metadata: ["enqueued": .number(t)]), jobs: [draft], deduplicate: false, durable: false))
                if nudge { scheduler.notify() }
                let next = t + gap
                let wait = next - Scheduler.monotonicNow()
                if wait > 0 { try await Task.sleep(nanoseconds: UInt64(wait * 1e9)) }
            }
            await collector.wait(for: latencySamples)
            let lat = collector.reset().sorted()
            scheduler.stop()
            try await group.waitForAll()
            func pct(_ p: Double) -> Double { lat.isEmpty ? 0 : lat[min(lat.count - 1, Int(Double(lat.count) * p))] * 1000 }
            return Phase(driver: driver, finishedJobsInStore: history, jobs: jobs, seconds: seconds, perSecond: Double(jobs) / seconds,
                         pickupP50ms: pct(0.5), pickupP99ms: pct(0.99), pickupMaxms: (lat.last ?? 0) * 1000)
        }
    }
}

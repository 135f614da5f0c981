import Foundation
import Synchronization
import QuireObservability
public import Logging
public import QuireCore
public import QuireStore
public import ServiceLifecycle

/// Claims jobs, runs their stages with a lease, heartbeats and a timeout, and records
/// each outcome. Rescues jobs whose lease ran out. One `Service` in the appliance's group.
///
/// Concurrency: one task group; each running job is a child task. The loop that claims
/// owns all counters, so no lock or actor is needed; children report back through an
/// `AsyncStream`.
public final class Scheduler: Service, Sendable {
    let store: any Store
    let catalog: PipelineCatalog
    let services: any StageServices
    let configuration: SchedulerConfiguration
    let logger: Logger
    private let signals: AsyncStream<Signal>
    private let continuation: AsyncStream<Signal>.Continuation
    /// Set when the shutdown grace period is over: running stages are interrupted and their
    /// leases given back. A flag rather than task cancellation, so the give-back write itself
    /// runs in a task that is not cancelled.
    private let interrupting = Mutex(false)

    enum Signal: Sendable {
        case wake
        case tick
        case finished(Int)
        case shutdown
    }

    public init(store: any Store, catalog: PipelineCatalog, services: any StageServices, configuration: SchedulerConfiguration = .init(), logger: Logger) {
        self.store = store
        self.catalog = catalog
        self.services = services
        self.configuration = configuration
        self.logger = logger
        (signals, continuation) = AsyncStream.makeStream(of: Signal.self)
    }

    /// Wakes the scheduler now (new work was queued in this process).
    public func notify() { continuation.yield(.wake) }

    /// Asks the scheduler to stop claiming and finish (also done by graceful shutdown).
    public func stop() { continuation.yield(.shutdown) }

    struct Lane: Sendable {
        var pipeline: PipelineSpec
        var stage: StageSpec
        var impl: any Stage
        var limit: Int
        var bucket: TokenBucket?
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            await self.loop()
        } onGracefulShutdown: {
            self.continuation.yield(.shutdown)
        }
    }

    /// Seconds on the monotonic clock (for measuring, not for dates).
    public static func monotonicNow() -> Double { monotonic() }

    static func monotonic() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// The scheduling loop without the graceful-shutdown hook (benchmarks and tests call it directly; stop with ``stop()``).
    public func loop() async {
        var lanes: [Lane] = []
        for spec in catalog.specs {
            for st in spec.stages + spec.onFailure {
                guard let impl = catalog[spec.name]?.stages[st.id] else { continue }
                let bucket = st.rate.map { TokenBucket(count: $0.count, period: $0.period, now: Self.monotonic()) }
                let limit = min(st.concurrency ?? configuration.workers, impl.concurrencyLimit ?? Int.max)
                lanes.append(Lane(pipeline: spec, stage: st, impl: impl, limit: max(1, limit), bucket: bucket))
            }
        }
        var running = Array(repeating: 0, count: lanes.count)
        var total = 0
        var stopping = false
        var stopDeadline = 0.0
        var cancelledJobs = false
        var nextRescue = 0.0
        var cursor = 0
        var claimDue = true
        /// Claims fail while the store does not answer: one line when that starts and one when it ends.
        var claimsFailing = false
        var finishedSinceClaim = 0
        let claimBatch = max(1, configuration.workers / 4)
        logger.info("scheduler started", metadata: ["owner": "\(configuration.owner)", "workers": "\(configuration.workers)", "lanes": "\(lanes.count)"])

        let writer = CompletionWriter(store: store)
        // A discarding group: each job's child task is freed when it ends. (A plain task group keeps every
        // finished child until its result is awaited, and this one lives as long as the scheduler: it held
        // about 10 KB per job run, growing without bound, until 2026-12-03.)
        await withDiscardingTaskGroup { group in
            let poll = configuration.pollInterval
            let cont = continuation
            group.addTask { await writer.run() }
            // Work queued by another process or node (PostgreSQL's NOTIFY) wakes this scheduler at once;
            // the poll below is the fallback.
            if let wakeups = store.jobWakeups() {
                group.addTask { for await _ in wakeups { cont.yield(.wake) } }
            }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(nanoseconds: UInt64(poll * 1e9))
                    cont.yield(.tick)
                }
            }
            await rescue(startup: true)
            var iterator = signals.makeAsyncIterator()
            while true {
                let now = Self.monotonic()
                if !stopping && claimDue {
                    claimDue = false
                    finishedSinceClaim = 0
                    if now >= nextRescue {
                        await rescue(startup: false)
                        nextRescue = now + configuration.rescueInterval
                    }
                    // Claim for every lane with room, starting at a rotating lane for fairness.
                    if total < configuration.workers && !lanes.isEmpty {
                        for step in 0..<lanes.count {
                            let i = (cursor + step) % lanes.count
                            var free = min(lanes[i].limit - running[i], configuration.workers - total)
                            if free <= 0 { continue }
                            var taken = free
                            if lanes[i].bucket != nil {
                                taken = lanes[i].bucket!.take(free, now: now)
                                free = taken
                                if free <= 0 { continue }
                            }
                            let claimed: [ClaimedJob]
                            do {
                                claimed = try await store.claim(ClaimRequest(
                                    owner: configuration.owner, pipeline: lanes[i].pipeline.name, stageID: lanes[i].stage.id,
                                    limit: free, lease: lanes[i].stage.lease, now: Date()))
                                if claimsFailing {
                                    claimsFailing = false
                                    logger.notice("claiming again: the store answers")
                                }
                            } catch {
                                // A claim cancelled because the group is stopping is not a failure worth an error line.
                                if !Task.isCancelled && !claimsFailing {
                                    claimsFailing = true
                                    logger.error("claims fail: no new work is taken until the store answers again; running jobs go on and hold their results",
                                                 metadata: ["error": "\(error)", "stage": "\(lanes[i].stage.id)"])
                                }
                                claimed = []
                            }
                            if claimed.count < taken { lanes[i].bucket?.giveBack(taken - claimed.count) }
                            for c in claimed {
                                running[i] += 1
                                total += 1
                                let lane = lanes[i]
                                group.addTask {
                                    await self.execute(c, lane: lane, writer: writer)
                                    cont.yield(.finished(i))
                                }
                            }
                            if total >= configuration.workers { break }
                        }
                        cursor = (cursor + 1) % max(1, lanes.count)
                    }
                } else if stopping && total == 0 {
                    break
                } else if stopping && !cancelledJobs && now >= stopDeadline {
                    logger.warning("shutdown grace period over; cancelling running jobs and giving their leases back", metadata: ["running": "\(total)"])
                    cancelledJobs = true
                    interrupting.withLock { $0 = true }
                } else if stopping && cancelledJobs && now >= stopDeadline + max(configuration.shutdownGrace, 5) {
                    // Jobs that neither finished nor gave their leases back (a store that does not answer): stop
                    // anyway. Their leases run out and they are rescued, here at the next start or by another node.
                    logger.error("jobs did not end after they were interrupted; stopping without them, their leases will run out and they will be run again",
                                 metadata: ["running": "\(total)"])
                    break
                }
                guard let signal = await iterator.next() else { break }
                switch signal {
                case .finished(let i):
                    running[i] -= 1
                    total -= 1
                    finishedSinceClaim += 1
                    // Claim in batches under load (one claim per finished job doubled the writes);
                    // at once when a lane or the whole node has gone idle.
                    if finishedSinceClaim >= claimBatch || running[i] == 0 || total == 0 { claimDue = true }
                case .wake, .tick:
                    claimDue = true
                case .shutdown:
                    if !stopping {
                        stopping = true
                        stopDeadline = Self.monotonic() + configuration.shutdownGrace
                        logger.info("scheduler stopping", metadata: ["running": "\(total)"])
                    }
                }
            }
            group.cancelAll()
        }
        logger.info("scheduler stopped")
    }

    // MARK: Running one job

    enum RunResult: Sendable {
        case outcome(Outcome)
        case leaseLost(String)
        case interrupted
    }

    func execute(_ claimed: ClaimedJob, lane: Lane, writer: CompletionWriter) async {
        let job = claimed.job
        var log = logger
        log[metadataKey: "item"] = "\(job.itemID)"
        log[metadataKey: "stage"] = "\(job.stageID)"
        log[metadataKey: "job"] = "\(job.id)"
        let trace = TraceContext.item(claimed.item)
        log[metadataKey: "trace_id"] = "\(trace.traceID)"
        let started = Date()
        do {
            let item = claimed.item
            let outputs = claimed.outputs
            log.debug("stage started", metadata: ["attempt": "\(job.attempts)"])
            // One span per attempt, a child of the item's trace; the stage runs inside it, so the
            // worker and bot calls it makes are its children.
            let logger = log
            let result = await QuireTracing.withSpan("\(job.pipeline)/\(job.stageID)", traceparent: trace.header,
                                                     attributes: ["quire.item": item.id.rawValue, "quire.pipeline": job.pipeline, "quire.stage": job.stageID,
                                                                  "quire.kind": job.kind, "quire.job": "\(job.id)", "quire.attempt": "\(job.attempts)"]) { span in
                let context = StageContext(item: item, job: job, settings: lane.stage.settings, outputs: outputs,
                                           pipeline: lane.pipeline, logger: logger, services: services)
                let r = await runWithLease(lane.impl, context: context, job: job, stage: lane.stage, logger: logger)
                switch r {
                case .outcome(let o):
                    span.set("quire.outcome", o.name)
                    switch o {
                    case .applicationError(let code, let message), .businessError(let code, let message): span.fail("\(code): \(message)")
                    default: break
                    }
                case .leaseLost(let why): span.fail("lease lost: \(why)")
                case .interrupted: span.set("quire.outcome", "interrupted")
                }
                return r
            }
            let ms = Int(Date().timeIntervalSince(started) * 1000)
            switch result {
            case .outcome(let outcome):
                let router = OutcomeRouter(spec: lane.pipeline)
                let completion = router.completion(for: outcome, job: job, item: item, outputs: outputs, now: Date())
                do {
                    try await submitHolding(completion, writer: writer, lease: lane.stage.lease, logger: log)
                    if !completion.enqueue.isEmpty { notify() }
                    QuireMetrics.stageAttempt(pipeline: job.pipeline, stage: job.stageID, outcome: Self.metricOutcome(completion.disposition),
                                              seconds: Date().timeIntervalSince(started))
                    switch outcome {
                    case .done: log.info("stage done", metadata: ["ms": "\(ms)", "next": "\(completion.enqueue.map(\.stageID))"])
                    case .applicationError(let code, let message):
                        log.warning("stage failed", metadata: ["ms": "\(ms)", "code": "\(code)", "error": "\(message)", "attempt": "\(job.attempts)", "of": "\(job.maxAttempts)"])
                    default: log.info("stage ended", metadata: ["ms": "\(ms)", "outcome": "\(outcome.name)"])
                    }
                } catch let e as QuireError where e.code == .staleLease {
                    log.warning("result discarded: the lease was lost while the stage ran", metadata: ["reason": "\(e.message)"])
                }
            case .leaseLost(let why):
                log.warning("stage abandoned: lease lost", metadata: ["reason": "\(why)"])
            case .interrupted:
                do {
                    try await writer.submit(Completion(job: job.id, token: job.token,
                        disposition: .requeue(runAt: Date(), error: nil, countAttempt: false),
                        events: [EventDraft(kind: "released", stageID: job.stageID, jobID: job.id, data: ["reason": "shutdown"])], now: Date()))
                    log.info("lease given back on shutdown")
                } catch {
                    log.warning("could not give the lease back; it will be rescued when it runs out", metadata: ["error": "\(error)"])
                }
            }
        } catch {
            log.error("job could not be run; its lease will run out and it will be retried", metadata: ["error": "\(error)"])
        }
    }

    /// Writes a finished job's result; while the store cannot be reached (a node cut off from
    /// PostgreSQL) the result is held and written again every few seconds until the job's lease
    /// has run out. After that another node may have run the job again and the store refuses the
    /// late result by its fencing token (`staleLease`), which is rethrown like any refusal.
    func submitHolding(_ completion: Completion, writer: CompletionWriter, lease: Double, logger: Logger) async throws {
        let giveUp = Date().addingTimeInterval(lease + 1)
        var wait = 0.5
        var said = false
        while true {
            do {
                try await writer.submit(completion)
                if said { logger.notice("result written after the store answered again") }
                return
            } catch let e as QuireError where (e.code == .storage || e.code == .timeout) && Date() < giveUp && !Task.isCancelled {
                if !said {
                    logger.warning("cannot write the result: the store does not answer; holding it and trying again until the lease runs out",
                                   metadata: ["error": "\(e.message)", "lease_s": "\(Int(lease))"])
                    said = true
                }
                try await Task.sleep(for: .milliseconds(Int64(min(wait, max(0.05, giveUp.timeIntervalSinceNow)) * 1000)))
                wait = min(wait * 2, 5)
            }
        }
    }

    /// Outputs of an item's finished stages by stage id (the latest run of each).
    static func outputs(of item: ItemID, store: any Store) async throws -> [String: JSONValue] {
        Job.stageOutputs(try await store.jobs(of: item).filter { $0.state == .done }.map { ($0.stageID, $0.part, $0.output ?? .null) })
    }

    func runWithLease(_ stage: any Stage, context: StageContext, job: Job, stage spec: StageSpec, logger: Logger) async -> RunResult {
        let store = self.store
        return await withTaskGroup(of: RunResult?.self) { group in
            group.addTask {
                do {
                    return .outcome(try await stage.run(context))
                } catch is CancellationError {
                    return nil
                } catch let e as QuireError {
                    return .outcome(.applicationError(code: e.code.description, message: e.message))
                } catch {
                    return .outcome(.applicationError(code: "stage_error", message: "\(error)"))
                }
            }
            // One watchdog per job: heartbeats, the timeout and the shutdown interrupt
            // (three separate sleeping tasks per job cost more than many stages do).
            group.addTask {
                let start = Self.monotonic()
                let deadline = start + spec.timeout
                var nextBeat = start + spec.heartbeat
                while true {
                    let now = Self.monotonic()
                    let wait = max(0.001, min(0.1, nextBeat - now, deadline - now))
                    try? await Task.sleep(nanoseconds: UInt64(wait * 1e9))
                    if Task.isCancelled { return nil }
                    if self.interrupting.withLock({ $0 }) { return .interrupted }
                    let after = Self.monotonic()
                    if after >= deadline {
                        return .outcome(.applicationError(code: "timeout", message: "stage '\(spec.id)' ran longer than its timeout of \(spec.timeout)s"))
                    }
                    if after >= nextBeat {
                        nextBeat = after + spec.heartbeat
                        do {
                            try await store.heartbeat(job: job.id, token: job.token, leaseUntil: Date().addingTimeInterval(spec.lease))
                        } catch let e as QuireError where e.code == .staleLease {
                            return .leaseLost(e.message)
                        } catch {
                            if Task.isCancelled { return nil }
                            logger.warning("heartbeat failed; will retry", metadata: ["error": "\(error)"])
                        }
                    }
                }
            }
            for await r in group {
                if let r {
                    group.cancelAll()
                    return r
                }
            }
            return .interrupted
        }
    }

    // MARK: Rescue

    /// The `outcome` label of a finished attempt (also used when metrics are rebuilt from history).
    public static func metricOutcome(_ d: Completion.Disposition) -> String {
        switch d {
        case .finish(.done, _, _): return "done"
        case .finish(.dead, _, _): return "dead_letter"
        case .finish(.skipped, _, _): return "skipped"
        case .finish: return "stopped"
        case .requeue(_, _, let counted): return counted ? "retry" : "snoozed"
        }
    }

    /// Rescues after restarts of this host's appliance that do not use an attempt, per job.
    static let maxRestartRescues = 10

    /// Re-queues jobs whose lease ran out (and, at start, jobs of dead processes on this host).
    /// A job that already used all its attempts is dead-lettered instead.
    func rescue(startup: Bool) async {
        let now = Date()
        var candidates: [(Job, Bool)] = []
        do {
            for j in try await store.expiredLeases(now: now, limit: 500) { candidates.append((j, true)) }
            if startup {
                for j in try await store.expiredLeases(now: .distantFuture, limit: 10_000)
                where j.leaseExpiresAt.map({ $0 >= now }) ?? false && j.leaseOwner.map(NodeIdentity.isDeadLocalOwner) ?? false {
                    candidates.append((j, false))
                }
            }
        } catch {
            logger.error("could not look for expired leases", metadata: ["error": "\(error)"])
            return
        }
        var rescued = 0
        for (job, expired) in candidates {
            let owner = job.leaseOwner ?? "?"
            let why = expired ? "lease expired: worker \(owner) stopped heartbeating" : "worker \(owner) is no longer running"
            var completion: Completion
            // A restart after this appliance crashed is not the document's fault: that rescue does not use
            // an attempt, unless the same job has been caught in such crashes many times (a stage that
            // brings the whole process down).
            var restarts = 0
            if !expired {
                restarts = ((try? await store.events(of: job.itemID)) ?? []).filter {
                    $0.kind == "rescued" && $0.jobID == job.id && $0.data["restart"] == true
                }.count
            }
            let notCounted = !expired && restarts < Self.maxRestartRescues
            if !notCounted && job.attempts >= job.maxAttempts, let entry = catalog[job.pipeline] {
                guard let item = try? await store.item(job.itemID),
                      let outputs = try? await Self.outputs(of: job.itemID, store: store) else { continue }
                completion = OutcomeRouter(spec: entry.spec).completion(
                    for: .applicationError(code: "lease_expired", message: "\(why); the stage crashed or hung on every one of \(job.attempts) attempts"),
                    job: job, item: item, outputs: outputs, now: now)
            } else {
                completion = Completion(job: job.id, token: job.token,
                    disposition: .requeue(runAt: now, error: why, countAttempt: !notCounted),
                    events: [EventDraft(kind: "rescued", stageID: job.stageID, jobID: job.id,
                                        data: ["owner": .string(owner), "attempt": .number(Double(job.attempts)), "reason": .string(why),
                                               "restart": .bool(!expired)])],
                    now: now)
            }
            completion.onlyIfExpiredAt = expired ? now : nil
            do {
                try await store.complete(completion)
                rescued += 1
                let requeued: Bool
                if case .requeue = completion.disposition { requeued = true } else { requeued = false }
                if requeued { QuireMetrics.rescued(pipeline: job.pipeline, stage: job.stageID) } else { QuireMetrics.deadLetter(pipeline: job.pipeline, stage: job.stageID) }
                logger.warning(requeued ? "orphaned job re-dispatched" : "orphaned job dead-lettered: it crashed or hung on every attempt",
                               metadata: ["item": "\(job.itemID)", "stage": "\(job.stageID)", "job": "\(job.id)", "reason": "\(why)"])
            } catch let e as QuireError where e.code == .staleLease {
                continue
            } catch {
                logger.error("rescue failed", metadata: ["job": "\(job.id)", "error": "\(error)"])
            }
        }
        if rescued > 0 { notify() }
    }
}

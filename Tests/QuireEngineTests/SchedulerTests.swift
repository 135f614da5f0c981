import Foundation
import QuireCore
import QuireEngine
import QuireAppliance
import Logging
import QuireStore
import QuireTesting
import Synchronization
import Testing

@Suite("Scheduler", .serialized)
struct SchedulerTests {
    func submit(_ t: TestAppliance, _ name: String = "a.pdf", pipeline: String = "invoices") async throws -> Item {
        let path = t.directory.file("src-\(UUID().uuidString)")
        try SampleFiles.pdf(name + UUID().uuidString).write(to: URL(fileURLWithPath: path))
        let r = await t.appliance.intake().ingest(path: path, name: name, pipeline: pipeline, source: .cli, submission: .init(), intakeKey: nil)
        guard case .accepted(let item) = r else { throw QuireError(.internal, "not accepted: \(r)") }
        return item
    }

    func state(_ t: TestAppliance, _ id: ItemID) async throws -> ItemState? { try await t.store.item(id)?.state }

    @Test func itemsFlowThroughStagesAndLaterStagesSeeEarlierOutputs() async throws {
        let probe = Probe()
        let t = try TestAppliance(pipelines: ["p.yaml": TestAppliance.pipeline(stages: """
              - id: identify
                use: file.identify
              - id: count
                use: test.script
                when: identify.media_type == "pdf"
              - id: done_record
                use: outbox.write
            """)], kinds: [ScriptedStageKind { ctx in
                _ = probe.bump("ran")
                return .done(["pages_seen": .number(ctx.outputs["identify"]?["size"]?.numberValue ?? -1)])
            }])
        defer { t.remove() }
        let items = try await t.run { _ in
            var items: [Item] = []
            for i in 0..<5 { items.append(try await submit(t, "doc\(i).pdf")) }
            #expect(await eventually { t.files(in: "done").count == 5 })
            return items
        }
        #expect(probe["ran"] == 5)
        for item in items {
            #expect(try await state(t, item.id) == .done)
            let record = try t.json("done", "\(item.id).json")
            #expect(record["status"] == "done")
            let stages = record["stages"]?.arrayValue ?? []
            #expect(stages.map { $0["id"] } == ["identify", "count"])
            #expect(stages[1]["output"]?["pages_seen"] == .number(Double(item.size)))
            #expect(stages[0]["output"]?["sha256"] == .string(item.contentHash))
        }
    }

    @Test func failingStagesAreRetriedThenSucceed() async throws {
        let probe = Probe()
        let t = try TestAppliance(pipelines: ["p.yaml": TestAppliance.pipeline(stages: """
              - id: flaky
                use: test.script
                retry: { max_attempts: 5, backoff: 50ms, max_backoff: 100ms }
              - id: done_record
                use: outbox.write
            """)], kinds: [ScriptedStageKind { ctx in
                probe.bump("tries") <= 2 ? .applicationError(code: "busy", message: "try later (\(ctx.job.attempts))") : .done(.null)
            }])
        defer { t.remove() }
        let item = try await t.run { _ in
            let item = try await submit(t)
            #expect(try await eventually { try await state(t, item.id) == .done })
            return item
        }
        #expect(probe["tries"] == 3)
        let events = try await t.store.events(of: item.id).map(\.kind)
        #expect(events.filter { $0 == "retry" }.count == 2)
        let flaky = try await t.store.jobs(of: item.id).first { $0.stageID == "flaky" }
        #expect(flaky?.attempts == 3)
        #expect(flaky?.state == .done)
    }

    @Test func exhaustedRetriesDeadLetterAndWriteTheFailedRecord() async throws {
        let t = try TestAppliance(pipelines: ["p.yaml": TestAppliance.pipeline(stages: """
              - id: broken
                use: test.script
                retry: { max_attempts: 2, backoff: 10ms }
            """, onFailure: """
              - id: failed_record
                use: outbox.write
                with: { folder: failed }
            """)], kinds: [ScriptedStageKind { _ in .applicationError(code: "erp_down", message: "connection refused") }])
        defer { t.remove() }
        let item = try await t.run { _ in
            let item = try await submit(t)
            #expect(await eventually { t.files(in: "failed").count == 1 })
            return item
        }
        let stored = try #require(try await t.store.item(item.id))
        #expect(stored.state == .failed)
        #expect(stored.reason == "broken failed after 2 attempts: erp_down: connection refused")
        let record = try t.json("failed", "\(item.id).json")
        #expect(record["status"] == "failed")
        #expect(record["reason"] == .string(stored.reason!))
        let kinds = record["events"]?.arrayValue?.compactMap { $0["kind"]?.stringValue } ?? []
        #expect(kinds.contains("dead_letter") && kinds.contains("retry"))
        let stats = try await t.store.statistics(now: Date())
        #expect(stats.stages.first { $0.stage == "broken" }?.deadLetters == 1)
    }

    @Test func aStageThatRunsPastItsTimeoutIsCancelledAndRetried() async throws {
        let probe = Probe()
        let t = try TestAppliance(pipelines: ["p.yaml": TestAppliance.pipeline(stages: """
              - id: slow
                use: test.script
                timeout: 200ms
                retry: { max_attempts: 2, backoff: 10ms }
            """)], kinds: [ScriptedStageKind { _ in
                if probe.bump("runs") == 1 {
                    try await Task.sleep(nanoseconds: 10_000_000_000)
                    _ = probe.bump("finished-sleeping")
                }
                return .done(.null)
            }])
        defer { t.remove() }
        let item = try await t.run { _ in
            let item = try await submit(t)
            #expect(try await eventually { try await state(t, item.id) == .done })
            return item
        }
        #expect(probe["runs"] == 2)
        #expect(probe["finished-sleeping"] == 0, "the first run was cancelled")
        let retry = try await t.store.events(of: item.id).first { $0.kind == "retry" }
        #expect(retry?.data["error"]?.stringValue?.hasPrefix("timeout:") == true)
    }

    @Test func concurrencyPerStageIsRespected() async throws {
        let probe = Probe()
        let t = try TestAppliance(pipelines: ["p.yaml": TestAppliance.pipeline(stages: """
              - id: limited
                use: test.script
                concurrency: 2
            """)], kinds: [ScriptedStageKind { _ in
                probe.max("peak", probe.add("running", 1))
                try await Task.sleep(nanoseconds: 50_000_000)
                _ = probe.add("running", -1)
                return .done(.null)
            }], configure: { $0.scheduler.workers = 8 })
        defer { t.remove() }
        try await t.run { _ in
            var ids: [ItemID] = []
            for i in 0..<10 { ids.append(try await submit(t, "d\(i).pdf").id) }
            #expect(try await eventually { try await t.store.items(ItemQuery(states: [.done])).count == 10 })
        }
        #expect(probe["peak"] == 2)
    }

    /// A stage that says how many of its runs are worth a worker (a bot stage: its target's budget) gets no more,
    /// whatever the pipeline's concurrency: the other workers go to the other stages.
    @Test func aStagesOwnConcurrencyLimitIsRespected() async throws {
        let probe = Probe()
        let t = try TestAppliance(pipelines: ["p.yaml": TestAppliance.pipeline(stages: """
              - id: oneatatime
                use: test.script
            """)], kinds: [ScriptedStageKind(concurrencyLimit: 1) { _ in
                probe.max("peak", probe.add("running", 1))
                try await Task.sleep(nanoseconds: 30_000_000)
                _ = probe.add("running", -1)
                return .done(.null)
            }], configure: { $0.scheduler.workers = 8 })
        defer { t.remove() }
        try await t.run { _ in
            for i in 0..<6 { _ = try await submit(t, "o\(i).pdf") }
            #expect(try await eventually { try await t.store.items(ItemQuery(states: [.done])).count == 6 })
        }
        #expect(probe["peak"] == 1)
    }

    @Test func aRateBudgetLimitsHowFastAStageStarts() async throws {
        let probe = Probe()
        let t = try TestAppliance(pipelines: ["p.yaml": TestAppliance.pipeline(stages: """
              - id: limited
                use: test.script
                rate: 4/s
            """)], kinds: [ScriptedStageKind { _ in
                _ = probe.bump("started")
                return .done(.null)
            }], configure: { $0.scheduler.workers = 16 })
        defer { t.remove() }
        var ids: [ItemID] = []
        for i in 0..<12 { ids.append(try await submit(t, "r\(i).pdf").id) }
        let early = try await t.run { _ in
            try await Task.sleep(nanoseconds: 500_000_000)
            let early = probe["started"]
            let all = try await eventually { try await t.store.items(ItemQuery(states: [.done])).count == 12 }
            #expect(all)
            return early
        }
        // A burst of 4, then 4 per second: at most 4 + 2 (+1 for rounding) in the first half second.
        #expect(early >= 1 && early <= 7, "started \(early) in 0.5 s")
        #expect(probe["started"] == 12)
    }

    @Test func aFanOutStageRunsItsPartsInParallelAndTheItemGoesOnWhenAllAreDone() async throws {
        let probe = Probe()
        let t = try TestAppliance(pipelines: ["p.yaml": TestAppliance.pipeline(stages: """
              - id: count
                use: test.script
                with: { tag: count }
              - id: page
                use: test.script
                with: { tag: page }
                each: count.pages
              - id: join
                use: test.script
                with: { tag: join }
            """)], kinds: [ScriptedStageKind { ctx in
                switch ctx.settings["tag"]?.stringValue {
                case "count":
                    return .done(["pages": [1, 2, 3, 4, 5, 6]])
                case "page":
                    probe.max("peak", probe.add("running", 1))
                    try await Task.sleep(nanoseconds: 150_000_000)
                    _ = probe.add("running", -1)
                    let n = ctx.job.input["each"]?.intValue ?? -1
                    return .done(["text": .string("page \(n)")])
                default:
                    let texts = ctx.outputs["page"]?.arrayValue?.compactMap { $0["text"]?.stringValue } ?? []
                    probe.set("joined", texts == (1...6).map { "page \($0)" } ? 1 : -1)
                    return .done(.null)
                }
            }], configure: { $0.scheduler.workers = 4 })
        defer { t.remove() }
        let item = try await t.run { _ in
            let item = try await submit(t)
            let done = try await eventually { try await state(t, item.id) == .done }
            #expect(done)
            return item
        }
        #expect(probe["peak"] >= 2, "parts ran in parallel (peak \(probe["peak"]))")
        #expect(probe["joined"] == 1, "the next stage saw every part's output, in order")
        let jobs = try await t.store.jobs(of: item.id)
        #expect(jobs.filter { $0.stageID == "page" }.map(\.part).sorted() == [1, 2, 3, 4, 5, 6])
        #expect(jobs.filter { $0.stageID == "join" }.count == 1, "the join ran once")
    }

    @Test func snoozedJobsWaitWithoutUsingAnAttempt() async throws {
        let probe = Probe()
        let t = try TestAppliance(pipelines: ["p.yaml": TestAppliance.pipeline(stages: """
              - id: waiting
                use: test.script
                retry: 1
            """)], kinds: [ScriptedStageKind { _ in
                probe.bump("runs") == 1 ? .snooze(until: Date().addingTimeInterval(0.3)) : .done(.null)
            }])
        defer { t.remove() }
        let item = try await t.run { _ in
            let item = try await submit(t)
            #expect(try await eventually { try await state(t, item.id) == .done })
            return item
        }
        #expect(probe["runs"] == 2, "max_attempts 1 still allows the run after a snooze")
        #expect(try await t.store.events(of: item.id).contains { $0.kind == "snoozed" })
    }

    @Test func anOrphanedJobIsRescuedAfterItsLeaseRunsOut() async throws {
        let t = try TestAppliance(pipelines: ["p.yaml": TestAppliance.pipeline(stages: """
              - id: work
                use: test.script
            """)], kinds: [ScriptedStageKind { _ in .done(["by": "survivor"]) }])
        defer { t.remove() }
        let item = try await submit(t)
        // A worker on another host claims the job and dies without a word.
        let claimed = try await t.store.claim(ClaimRequest(owner: "otherhost:4242:dead", pipeline: "invoices", stageID: "work", limit: 1, lease: 0.5, now: Date()))
        #expect(claimed.count == 1)
        try await t.run { _ in
            let done = try await eventually { try await state(t, item.id) == .done }
            #expect(done)
        }
        let events = try await t.store.events(of: item.id)
        let rescued = try #require(events.first { $0.kind == "rescued" })
        #expect(rescued.data["owner"] == "otherhost:4242:dead")
        let job = try #require(try await t.store.jobs(of: item.id).first)
        #expect(job.attempts == 2)
        #expect(job.output == ["by": "survivor"])
    }

    @Test func leasesOfADeadLocalProcessAreTakenBackAtOnce() async throws {
        let t = try TestAppliance(pipelines: ["p.yaml": TestAppliance.pipeline(stages: """
              - id: work
                use: test.script
            """)], kinds: [ScriptedStageKind { _ in .done(.null) }])
        defer { t.remove() }
        let item = try await submit(t)
        // pid 2^22+1 is above Linux's pid_max default: no such process.
        _ = try await t.store.claim(ClaimRequest(owner: "\(NodeIdentity.hostName):4194305:gone", pipeline: "invoices", stageID: "work", limit: 1, lease: 3600, now: Date()))
        try await t.run { _ in
            let done = try await eventually(timeout: 30) { try await state(t, item.id) == .done }
            #expect(done, "not after the hour-long lease")
        }
        #expect(try await t.store.events(of: item.id).contains { $0.kind == "rescued" && $0.data["restart"] == true })
        #expect(try await t.store.jobs(of: item.id).first?.attempts == 1, "an appliance restart does not use up the document's attempts")
    }

    @Test func gracefulShutdownLetsShortJobsFinishAndGivesLongOnesBack() async throws {
        let probe = Probe()
        let t = try TestAppliance(pipelines: ["p.yaml": TestAppliance.pipeline(stages: """
              - id: work
                use: test.script
            """)], kinds: [ScriptedStageKind { ctx in
                _ = probe.bump("started")
                let long = ctx.item.name.hasPrefix("long")
                try await Task.sleep(nanoseconds: long ? 30_000_000_000 : 300_000_000)
                _ = probe.bump("finished")
                return .done(.null)
            }], configure: { $0.scheduler.shutdownGrace = 1 })
        defer { t.remove() }
        let (short, long) = try await t.run { _ in
            let s = try await submit(t, "short.pdf")
            let l = try await submit(t, "long.pdf")
            #expect(await eventually { probe["started"] == 2 })
            return (s, l)
        }
        #expect(try await state(t, short.id) == .done, "a job inside the grace period finishes")
        let longJob = try #require(try await t.store.jobs(of: long.id).first)
        #expect(longJob.state == .ready, "the long job's lease was given back")
        #expect(longJob.attempts == 0, "a job given back on shutdown does not use an attempt")
        #expect(try await t.store.events(of: long.id).contains { $0.kind == "released" })
    }

    @Test func cronFiresOncePerTickWithTwoSchedulers() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try SQLiteStore(path: dir.file("q.sqlite"))
        let probe = Probe()
        let schedule = try CronSchedule("@every 1s")
        func service(_ owner: String) -> CronService {
            CronService(store: store, tasks: [CronTask(name: "tick", schedule: schedule) { tick in
                _ = probe.bump("fired")
                _ = probe.bump("\(Int(tick.timeIntervalSince1970))")
            }], owner: owner, leaseTTL: 0.6, checkInterval: 0.1, logger: .init(label: "test"))
        }
        let a = service("node-a"), b = service("node-b")
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await a.run() }
            group.addTask { try? await b.run() }
            try? await Task.sleep(nanoseconds: 4_500_000_000)
            group.cancelAll()
        }
        let fired = probe["fired"]
        #expect(fired >= 2, "ticks fire while the schedulers run")
        let perTick = probe.snapshot.filter { $0.key != "fired" }.map(\.value)
        #expect(perTick.allSatisfy { $0 == 1 }, "no tick fired twice: \(perTick)")
        #expect(perTick.count == fired)
    }
}

/// A node cut off from PostgreSQL (the network holds every byte) as a job ends: the job's
/// result is held and written once the database answers again, within the job's lease, so the
/// work is not done twice; claims stop meanwhile and start again.
@Suite("Scheduler cut off from PostgreSQL", .serialized)
struct SchedulerPartitionTests {
    @Test func aResultIsHeldWhileTheStoreDoesNotAnswerAndWrittenOnceItDoes() async throws {
        let (cluster, database) = try await SharedPostgres.database()
        let proxy = try TCPProxy(targetPort: cluster.port)
        defer { proxy.stop() }
        let store = try await PostgresStore.open(url: "postgres://quire@127.0.0.1:\(proxy.port)/\(database)?sslmode=disable&connect_timeout=60&query_timeout=8")
        let probe = Probe()
        let t = try TestAppliance(pipelines: ["p.yaml": TestAppliance.pipeline(stages: """
              - id: cut
                use: test.script
                lease: 45s
                heartbeat: 1s
              - id: done_record
                use: outbox.write
            """)], kinds: [ScriptedStageKind { _ in
                // The network stops as the stage first finishes and comes back 20 s later: the first
                // attempts to write the result time out after 8 s each. (A deadline of 8 s, not less: on a
                // machine loaded by the rest of the test run, calls before the cut took over 4 s.) The lease
                // outlasts the cut and the write after it by 25 s: with 30 s, a write that the loaded machine
                // held past the lease's end was fenced off and the stage ran a second time.
                if probe.bump("ran") == 1 {
                    proxy.stall()
                    Task {
                        try? await Task.sleep(for: .seconds(20))
                        proxy.resume()
                    }
                }
                return .done(["cut": true])
            }], store: store)
        defer { t.remove() }
        let path = t.directory.file("src.pdf")
        try SampleFiles.pdf("partition").write(to: URL(fileURLWithPath: path))
        // The run, its shutdown included, gets a deadline of its own: a store call that never returned once held
        // the appliance's shutdown (and with it the whole test run) for good; that is a failure to report, not a hang.
        let finished = Mutex<Result<Item, any Error>?>(nil)
        let run = Task {
            let r: Result<Item, any Error>
            do {
                r = .success(try await t.run { _ in
                    // (The cut comes later, as the stage finishes; a store that a loaded machine kept from answering within
                    // the deadline before that is asked again, as the spool would.)
                    var r = await t.appliance.intake().ingest(path: path, name: "a.pdf", pipeline: "invoices", source: .cli, submission: .init(), intakeKey: nil)
                    for _ in 0..<3 {
                        guard case .rejected(let code, _, _) = r, code == "storage" else { break }
                        try await Task.sleep(for: .seconds(2))
                        r = await t.appliance.intake().ingest(path: path, name: "a.pdf", pipeline: "invoices", source: .cli, submission: .init(), intakeKey: nil)
                    }
                    guard case .accepted(let item) = r else { throw QuireError(.internal, "not accepted: \(r)") }
                    // (Generous: on a loaded machine the claims that stopped during the cut take a while to start again.)
                    #expect(await eventually { t.files(in: "done").count == 1 }, "the held result is written and the item goes on")
                    return item
                })
            } catch {
                r = .failure(error)
            }
            finished.withLock { $0 = r }
        }
        let stopped = await eventually(timeout: 300) { finished.withLock { $0 != nil } }
        guard stopped, let outcome = finished.withLock({ $0 }) else {
            run.cancel()
            Issue.record("the appliance did not finish and stop within 300 s after its store was cut off for 20 s")
            await store.close()
            return
        }
        // The store is closed whatever happens: a PostgreSQL connection released open stops a debug build.
        do {
            let item = try outcome.get()
            #expect(probe["ran"] == 1, "the stage ran once: its result was not lost to the cut")
            let job = try await store.jobs(of: item.id).first { $0.stageID == "cut" }
            #expect(job?.state == .done && job?.attempts == 1)
        } catch {
            Issue.record(error)
        }
        await store.close()
        await SharedPostgres.drop(database, in: cluster)
    }
}

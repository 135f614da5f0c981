public import Foundation
public import QuireCore
public import QuireStore
import Testing

extension StoreConformance {
    /// The checks of ``JobStore``.
    public static let jobs: [Check] = [
        ("claim order: priority, deadline, age", claimOrderIsPriorityThenDeadlineThenAge),
        ("claim takes only due jobs of the stage", claimTakesOnlyDueJobsOfTheStage),
        ("concurrent claims are exclusive", concurrentClaimsAreExclusive),
        ("stale fencing token is refused", staleFencingTokenIsRefused),
        ("heartbeat keeps the lease", heartbeatKeepsTheLease),
        ("requeue with backoff delays the next claim", requeueWithBackoffDelaysTheNextClaim),
        ("snooze does not count an attempt", snoozeDoesNotCountAnAttempt),
        ("dead letter leaves the hot table", deadLetterLeavesTheHotTable),
        ("completion queues the next stage", completionQueuesTheNextStage),
        ("fan-out parts join on the last one", fanOutPartsJoinOnTheLastOne),
        ("a failed part cancels its waiting siblings", aFailedPartCancelsItsWaitingSiblings),
        ("history is pruned", historyIsPruned),
        ("a batch applies each completion or refuses it alone", aBatchAppliesEachCompletionOrRefusesItAlone),
        ("wake-ups follow queued work", wakeupsFollowQueuedWork),
    ]

    public static func claimOrderIsPriorityThenDeadlineThenAge(_ store: any Store) async throws {
        let t0 = Date().addingTimeInterval(-10)
        let oldLow = try await enqueue(store, item(name: "old-low", at: t0), [draft(priority: 0, runAt: t0)])
        let newLow = try await enqueue(store, item(name: "new-low", at: t0.addingTimeInterval(1)), [draft(priority: 0, runAt: t0)])
        let highNoDeadline = try await enqueue(store, item(name: "high", at: t0.addingTimeInterval(2)), [draft(priority: 5, runAt: t0)])
        let highLateDeadline = try await enqueue(store, item(name: "high-late", at: t0.addingTimeInterval(3)),
                                                 [draft(priority: 5, deadline: Date().addingTimeInterval(7200), runAt: t0)])
        let highSoonDeadline = try await enqueue(store, item(name: "high-soon", at: t0.addingTimeInterval(4)),
                                                 [draft(priority: 5, deadline: Date().addingTimeInterval(60), runAt: t0)])
        let order = try await claim(store).map(\.job.itemID)
        #expect(order == [highSoonDeadline.id, highLateDeadline.id, highNoDeadline.id, oldLow.id, newLow.id])
    }

    public static func claimTakesOnlyDueJobsOfTheStage(_ store: any Store) async throws {
        // Due in an hour, not a minute: a starved task (see below) can take longer than a minute to get here.
        try await enqueue(store, item(), [draft("s1", runAt: Date().addingTimeInterval(3600))])
        let due = try await enqueue(store, item(), [draft("s1")])
        try await enqueue(store, item(), [draft("s2")])
        try await enqueue(store, item("other"), [draft("s1")])
        // An hour's lease: in the full suite on two cores a task can wait longer than the default
        // 15 s for a thread (other tests block the cooperative pool), and a live lease then looks expired.
        let claimed = try await claim(store, lease: 3600)
        #expect(claimed.map(\.job.itemID) == [due.id])
        #expect(claimed.first?.job.state == .leased)
        #expect(claimed.first?.job.attempts == 1)
        #expect(try await claim(store, lease: 3600).isEmpty, "a leased job is not claimed twice")
        let later = try await claim(store, now: Date().addingTimeInterval(3601))
        #expect(later.count == 1, "the job due in an hour is claimable then")
    }

    public static func concurrentClaimsAreExclusive(_ store: any Store) async throws {
        for _ in 0..<40 { try await enqueue(store) }
        let ids = try await withThrowingTaskGroup(of: [JobID].self) { group in
            for w in 0..<4 {
                group.addTask { try await claim(store, limit: 15, owner: "w\(w)").map(\.job.id) }
            }
            var all: [JobID] = []
            for try await part in group { all += part }
            return all
        }
        #expect(ids.count == 40)
        #expect(Set(ids).count == 40, "no job was handed to two workers")
    }

    public static func staleFencingTokenIsRefused(_ store: any Store) async throws {
        try await enqueue(store)
        let first = try #require(try await claim(store, lease: 0.05).first)
        try await Task.sleep(nanoseconds: 100_000_000)
        let expired = try await store.expiredLeases(now: Date(), limit: 10)
        #expect(expired.map(\.id) == [first.job.id])
        try await store.complete(Completion(job: first.job.id, token: first.token, disposition: .requeue(runAt: Date(), error: "lease expired", countAttempt: true),
                                            events: [EventDraft(kind: "rescued")], onlyIfExpiredAt: Date(), now: Date()))
        let second = try #require(try await claim(store, owner: "w2").first)
        #expect(second.job.id == first.job.id)
        #expect(second.token != first.token)
        #expect(second.job.attempts == 2)
        #expect(await isStale { try await store.heartbeat(job: first.job.id, token: first.token, leaseUntil: Date().addingTimeInterval(15)) })
        #expect(await isStale {
            try await store.complete(Completion(job: first.job.id, token: first.token, disposition: .finish(.done, output: "late", error: nil), itemState: .done, now: Date()))
        })
        try await store.heartbeat(job: second.job.id, token: second.token, leaseUntil: Date().addingTimeInterval(15))
        try await store.complete(Completion(job: second.job.id, token: second.token, disposition: .finish(.done, output: "ok", error: nil), itemState: .done, now: Date()))
        let jobs = try await store.jobs(of: second.job.itemID)
        #expect(jobs.count == 1)
        #expect(jobs.first?.output == "ok", "the stale worker's output was not recorded")
        #expect(await isStale {
            try await store.complete(Completion(job: second.job.id, token: second.token, disposition: .finish(.done, output: "twice", error: nil), now: Date()))
        }, "a job is completed once")
    }

    public static func heartbeatKeepsTheLease(_ store: any Store) async throws {
        try await enqueue(store)
        let c = try #require(try await claim(store, lease: 0.2).first)
        try await store.heartbeat(job: c.job.id, token: c.token, leaseUntil: Date().addingTimeInterval(3600))  // an hour: see claimTakesOnlyDueJobsOfTheStage
        try await Task.sleep(nanoseconds: 300_000_000)
        #expect(try await store.expiredLeases(now: Date(), limit: 10).isEmpty)
        let outcome = await staleness {
            try await store.complete(Completion(job: c.job.id, token: c.token, disposition: .requeue(runAt: Date(), error: nil, countAttempt: true),
                                                onlyIfExpiredAt: Date(), now: Date()))
        }
        #expect(outcome == "stale", "a rescuer does not take a job whose lease was renewed: \(outcome)")
    }

    public static func requeueWithBackoffDelaysTheNextClaim(_ store: any Store) async throws {
        try await enqueue(store)
        let c = try #require(try await claim(store).first)
        // A backoff of an hour, not seconds: under a full parallel test run a task can be starved
        // for longer than a short backoff, and the claim below would then rightly find the job due.
        let now = Date()
        try await store.complete(Completion(job: c.job.id, token: c.token, disposition: .requeue(runAt: now.addingTimeInterval(3600), error: "boom", countAttempt: true),
                                            events: [EventDraft(kind: "retry")], now: now))
        #expect(try await claim(store).isEmpty, "not before the backoff")
        let next = try #require(try await store.nextRunAt())
        #expect(abs(next.timeIntervalSince(now.addingTimeInterval(3600))) < 0.01)
        let again = try #require(try await claim(store, now: now.addingTimeInterval(3601)).first)
        #expect(again.job.attempts == 2)
        #expect(again.job.lastError == "boom")
    }

    public static func snoozeDoesNotCountAnAttempt(_ store: any Store) async throws {
        try await enqueue(store)
        let c = try #require(try await claim(store).first)
        try await store.complete(Completion(job: c.job.id, token: c.token, disposition: .requeue(runAt: Date(), error: nil, countAttempt: false), now: Date()))
        let again = try #require(try await claim(store).first)
        #expect(again.job.attempts == 1)
    }

    public static func deadLetterLeavesTheHotTable(_ store: any Store) async throws {
        let i = try await enqueue(store)
        let c = try #require(try await claim(store).first)
        try await store.complete(Completion(job: c.job.id, token: c.token, disposition: .finish(.dead, output: nil, error: "boom"),
                                            itemState: .failed, itemReason: "s1 failed", events: [EventDraft(kind: "dead_letter")], now: Date()))
        #expect(try await store.item(i.id)?.state == .failed)
        #expect(try await store.item(i.id)?.reason == "s1 failed")
        let jobs = try await store.jobs(of: i.id)
        #expect(jobs.map(\.state) == [.dead])
        #expect(jobs.first?.finishedAt != nil)
        #expect(try await store.nextRunAt() == nil, "no active job is left")
        #expect(try await store.expiredLeases(now: .distantFuture, limit: 10).isEmpty)
        let stats = try await store.statistics(now: Date())
        #expect(stats.stages.first { $0.stage == "s1" }?.deadLetters == 1)
        #expect(stats.items["p"]?["failed"] == 1)
        #expect(try await store.events(of: i.id).map(\.kind) == ["received", "dead_letter"])
    }

    public static func completionQueuesTheNextStage(_ store: any Store) async throws {
        var made = item()
        made.tenant = "acme"
        made.externalRef = "bot-7"
        made.metadata = ["source": "scanner 2", "pages": 2]
        let i = try await enqueue(store, made)
        let c = try #require(try await claim(store).first)
        #expect(c.outputs.isEmpty, "the first stage has no earlier outputs")
        try await store.complete(Completion(job: c.job.id, token: c.token, disposition: .finish(.done, output: ["pages": 2], error: nil),
                                            itemState: .processing, enqueue: [draft("s2")], now: Date()))
        #expect(try await store.item(i.id)?.state == .processing)
        let next = try #require(try await claim(store, stage: "s2").first)
        #expect(next.job.itemID == i.id)
        // The claim hands the stage its item as the store has it, and the outputs of the stages before it.
        #expect(next.item == (try await store.item(i.id)))
        #expect(next.item.tenant == "acme" && next.item.metadata["source"] == "scanner 2")
        #expect(next.outputs == ["s1": ["pages": 2]])
        let jobs = try await store.jobs(of: i.id)
        #expect(jobs.map(\.stageID) == ["s1", "s2"])
        #expect(jobs.first?.output == ["pages": 2])
    }

    public static func historyIsPruned(_ store: any Store) async throws {
        let i = try await enqueue(store)
        let c = try #require(try await claim(store).first)
        try await store.complete(Completion(job: c.job.id, token: c.token, disposition: .finish(.done, output: nil, error: nil), itemState: .done, now: Date()))
        #expect(try await store.pruneHistory(finishedBefore: Date().addingTimeInterval(-60)) == 0)
        #expect(try await store.pruneHistory(finishedBefore: Date().addingTimeInterval(1)) == 1)
        #expect(try await store.jobs(of: i.id).isEmpty)
        #expect(try await store.item(i.id)?.state == .done, "items stay")
    }

    public static func aBatchAppliesEachCompletionOrRefusesItAlone(_ store: any Store) async throws {
        var items: [Item] = []
        for _ in 0..<3 { items.append(try await enqueue(store)) }
        let claimed = try await claim(store)
        #expect(claimed.count == 3)
        let byItem = Dictionary(uniqueKeysWithValues: claimed.map { ($0.job.itemID, $0) })
        let completions = items.enumerated().map { n, i in
            let c = byItem[i.id]!
            // The middle one names a token that is not the job's.
            return Completion(job: c.job.id, token: n == 1 ? LeaseToken(c.token.rawValue + 7) : c.token,
                              disposition: .finish(.done, output: ["n": .number(Double(n))], error: nil), itemState: .done,
                              events: [EventDraft(kind: "done", stageID: "s1", jobID: c.job.id)], now: Date())
        }
        let results = try await store.complete(batch: completions)
        #expect(results.map { $0?.code } == [nil, .staleLease, nil])
        #expect(try await store.item(items[0].id)?.state == .done)
        #expect(try await store.item(items[1].id)?.state != .done, "the refused one changed nothing")
        #expect(try await store.item(items[2].id)?.state == .done)
        #expect(try await store.jobs(of: items[2].id).first?.output == ["n": 2])
        #expect(try await store.jobs(of: items[1].id).first?.state == .leased)
    }

    public static func fanOutPartsJoinOnTheLastOne(_ store: any Store) async throws {
        let i = try await enqueue(store, item(), (1...3).map { n in
            var d = draft("pages")
            d.part = n
            d.input = ["each": .number(Double(n))]
            return d
        })
        let parts = try await claim(store, stage: "pages")
        #expect(parts.map(\.job.part).sorted() == [1, 2, 3])
        // Finish the three parts in one batch, out of order; only the last may queue the next stage.
        let completions = parts.reversed().map { c in
            var done = Completion(job: c.job.id, token: c.token, disposition: .finish(.done, output: ["page": .number(Double(c.job.part))], error: nil),
                                  itemState: .processing, enqueue: [draft("join")], now: Date())
            done.joinParts = true
            return done
        }
        let first = try await store.complete(batch: [completions[0]])
        #expect(first == [nil])
        #expect(try await claim(store, stage: "join").isEmpty, "not after the first part")
        #expect(try await store.complete(batch: Array(completions.dropFirst())) == [nil, nil])
        let join = try #require(try await claim(store, stage: "join").first)
        #expect(join.job.itemID == i.id)
        #expect(join.outputs["pages"] == [["page": 1], ["page": 2], ["page": 3]], "parts' outputs in part order")
    }

    public static func aFailedPartCancelsItsWaitingSiblings(_ store: any Store) async throws {
        let i = try await enqueue(store, item(), (1...3).map { n in
            var d = draft("pages")
            d.part = n
            return d
        })
        let first = try #require(try await claim(store, stage: "pages", limit: 1).first)
        try await store.complete(Completion(job: first.job.id, token: first.token, disposition: .finish(.dead, output: nil, error: "boom"),
                                            itemState: .failed, itemReason: "page failed", now: Date()))
        #expect(try await claim(store, stage: "pages").isEmpty, "the other pages are not run")
        let jobs = try await store.jobs(of: i.id)
        #expect(jobs.map(\.state).sorted { $0.rawValue < $1.rawValue } == [.cancelled, .cancelled, .dead])
        #expect(try await store.item(i.id)?.state == .failed)
    }

    /// Drivers that can tell other processes about new work do so within seconds; the others return nil (schedulers poll).
    public static func wakeupsFollowQueuedWork(_ store: any Store) async throws {
        guard let wakeups = store.jobWakeups() else { return }
        let probe = Probe()
        let listener = Task { for await _ in wakeups { probe.bump("wake") } }
        defer { listener.cancel() }
        func reached(_ n: Int) async -> Bool {
            for _ in 0..<100 where probe["wake"] < n { try? await Task.sleep(nanoseconds: 100_000_000) }
            return probe["wake"] >= n
        }
        #expect(await reached(1), "a first wake-up once listening")
        let before = probe["wake"]
        try await enqueue(store)
        #expect(await reached(before + 1), "queued work wakes listeners")
    }
}

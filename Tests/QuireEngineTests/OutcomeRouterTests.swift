import Foundation
import QuireCore
import QuireEngine
import QuireStore
import QuireTesting
import Testing

@Suite("Outcome router")
struct OutcomeRouterTests {
    static let registry = StageRegistry([ScriptedStageKind { _ in .done(.null) }])
    static let spec = try! PipelineSpec.load(yaml: """
        name: p
        stages:
          - id: a
            use: test.script
            retry: { max_attempts: 3, backoff: 10s, jitter: 0 }
          - id: b
            use: test.script
            when: a.kind == "skip-me"
          - id: c
            use: test.script
        on_failure:
          - id: f
            use: test.script
          - id: g
            use: test.script
        """, file: "p.yaml", registry: registry)

    let router = OutcomeRouter(spec: spec)
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let item = StoreConformance.item()

    func job(_ stage: String, attempts: Int = 1, max: Int = 3) -> Job {
        Job(id: 7, itemID: item.id, pipeline: "p", stageID: stage, kind: "test.script", state: .leased, priority: 0, deadline: nil, runAt: now,
            attempts: attempts, maxAttempts: max, leaseOwner: "w", leaseExpiresAt: now, token: LeaseToken(4), input: .emptyObject, output: nil,
            lastError: nil, createdAt: now, startedAt: now, finishedAt: nil)
    }

    @Test func doneMovesToTheNextStageWhoseConditionHolds() {
        let c = router.completion(for: .done(["kind": "invoice"]), job: job("a"), item: item, outputs: [:], now: now)
        #expect(c.disposition == .finish(.done, output: ["kind": "invoice"], error: nil))
        #expect(c.enqueue.map(\.stageID) == ["c"], "b is skipped: its when is false")
        #expect(c.events.map(\.kind) == ["stage_done", "skipped"])
        #expect(c.itemState == .processing)
        #expect(c.token == LeaseToken(4))
        let taken = router.completion(for: .done(["kind": "skip-me"]), job: job("a"), item: item, outputs: [:], now: now)
        #expect(taken.enqueue.map(\.stageID) == ["b"])
    }

    @Test func theLastStageFinishesTheItem() {
        let c = router.completion(for: .done(.null), job: job("c"), item: item, outputs: ["a": .null], now: now)
        #expect(c.enqueue.isEmpty)
        #expect(c.itemState == .done)
        #expect(c.events.map(\.kind) == ["stage_done"])
        #expect(c.events.first?.data["item_done"] == true)
    }

    @Test func applicationErrorsAreRetriedWithBackoffThenDeadLettered() {
        let retry = router.completion(for: .applicationError(code: "io", message: "disk busy"), job: job("a", attempts: 1), item: item, outputs: [:], now: now, random: 0.5)
        #expect(retry.disposition == .requeue(runAt: now.addingTimeInterval(10), error: "io: disk busy", countAttempt: true))
        #expect(retry.itemState == nil)
        #expect(retry.events.map(\.kind) == ["retry"])
        let second = router.completion(for: .applicationError(code: "io", message: "disk busy"), job: job("a", attempts: 2), item: item, outputs: [:], now: now, random: 0.5)
        #expect(second.disposition == .requeue(runAt: now.addingTimeInterval(20), error: "io: disk busy", countAttempt: true))
        let dead = router.completion(for: .applicationError(code: "io", message: "disk busy"), job: job("a", attempts: 3), item: item, outputs: [:], now: now)
        #expect(dead.disposition == .finish(.dead, output: nil, error: "io: disk busy"))
        #expect(dead.itemState == .failed)
        #expect(dead.itemReason == "a failed after 3 attempts: io: disk busy")
        #expect(dead.enqueue.map(\.stageID) == ["f"], "the failure path starts")
        #expect(dead.events.map(\.kind) == ["dead_letter"])
    }

    @Test func businessErrorsAreNotRetried() {
        let c = router.completion(for: .businessError(code: "encrypted", message: "password needed"), job: job("a", attempts: 1), item: item, outputs: [:], now: now)
        #expect(c.disposition == .finish(.stopped, output: nil, error: "encrypted: password needed"))
        #expect(c.itemState == .exception)
        #expect(c.enqueue.map(\.stageID) == ["f"])
    }

    @Test func theFailurePathRunsInOrderAndNeverLoops() {
        let next = router.completion(for: .done(.null), job: job("f"), item: item, outputs: [:], now: now)
        #expect(next.enqueue.map(\.stageID) == ["g"])
        #expect(next.itemState == nil, "the item stays failed")
        let dead = router.completion(for: .applicationError(code: "x", message: "y"), job: job("g", attempts: 3), item: item, outputs: [:], now: now)
        #expect(dead.enqueue.isEmpty)
        #expect(dead.itemState == nil)
    }

    @Test func snoozeCancelAndNeedsHuman() {
        let until = now.addingTimeInterval(3600)
        #expect(router.completion(for: .snooze(until: until), job: job("a"), item: item, outputs: [:], now: now).disposition
                == .requeue(runAt: until, error: nil, countAttempt: false))
        let cancel = router.completion(for: .cancel(reason: "withdrawn"), job: job("a"), item: item, outputs: [:], now: now)
        #expect(cancel.itemState == .cancelled && cancel.enqueue.isEmpty)
        let human = router.completion(for: .needsHuman(reason: "low confidence"), job: job("a"), item: item, outputs: [:], now: now)
        #expect(human.itemState == .needsHuman && human.itemReason == "low confidence")
    }

    @Test func fanOutStagesQueueOnePartPerElementAndJoin() throws {
        let spec = try PipelineSpec.load(yaml: """
            name: p
            stages:
              - id: text
                use: test.script
              - id: ocr
                use: test.script
                each: text.needs_ocr
              - id: last
                use: test.script
            """, file: "p.yaml", registry: Self.registry)
        let router = OutcomeRouter(spec: spec)
        let fan = router.completion(for: .done(["needs_ocr": [2, 5, 7]]), job: job("text"), item: item, outputs: [:], now: now)
        #expect(fan.enqueue.map(\.stageID) == ["ocr", "ocr", "ocr"])
        #expect(fan.enqueue.map(\.part) == [1, 2, 3])
        #expect(fan.enqueue.map { $0.input["each"] } == [2, 5, 7])
        #expect(fan.joinParts == false)
        let none = router.completion(for: .done(["needs_ocr": []]), job: job("text"), item: item, outputs: [:], now: now)
        #expect(none.enqueue.map(\.stageID) == ["last"], "an empty list skips the stage")
        var part = job("ocr")
        part.part = 2
        let done = router.completion(for: .done(["text": "page five"]), job: part, item: item, outputs: [:], now: now)
        #expect(done.enqueue.map(\.stageID) == ["last"])
        #expect(done.joinParts, "only the last part moves the item on")
    }
}

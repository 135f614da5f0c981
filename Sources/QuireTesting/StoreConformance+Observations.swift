public import Foundation
public import QuireCore
public import QuireStore
import Testing

extension StoreConformance {
    /// The checks of ``ObservationStore``.
    public static let observations: [Check] = [
        ("observations read a time window", observationsReadAWindow),
        ("statistics count queues", statisticsCountQueues),
    ]

    /// Finished jobs, events and items of a time window, for metrics and the report.
    public static func observationsReadAWindow(_ store: any Store) async throws {
        let start = Date()
        var finished: [JobID] = []
        for n in 0..<3 {
            let i = try await enqueue(store, item("obs", name: "o\(n).pdf"), [draft("s1")])
            let c = try #require(try await store.claim(ClaimRequest(owner: "w", pipeline: "obs", stageID: "s1", limit: 1, lease: 3600, now: Date())).first)
            try await store.complete(Completion(job: c.job.id, token: c.token, disposition: .finish(.done, output: ["n": .number(Double(n))], error: nil),
                                                itemState: .done, events: [EventDraft(kind: "obs.mark", stageID: "s1", jobID: c.job.id, data: ["n": .number(Double(n))])],
                                                now: Date()))
            finished.append(c.job.id)
            _ = i
        }
        let end = Date().addingTimeInterval(1)
        let all = try await store.finishedJobs(from: start.addingTimeInterval(-1), to: end, after: nil, limit: 100).filter { $0.pipeline == "obs" }
        #expect(all.map(\.id) == finished && all.allSatisfy { $0.state == .done && $0.finishedAt != nil && $0.output?["n"] != nil })
        let paged = try await store.finishedJobs(from: start.addingTimeInterval(-1), to: end, after: finished[0], limit: 1)
        #expect(paged.map(\.id) == [finished[1]])
        #expect(try await store.finishedJobs(from: end, to: end.addingTimeInterval(60), after: nil, limit: 100).isEmpty)
        let marks = try await store.events(kinds: ["obs.mark"], from: start.addingTimeInterval(-1), to: end, after: nil, limit: 100)
        #expect(marks.map { $0.data["n"] } == [0, 1, 2])
        let items = try await store.items(ItemQuery(pipeline: "obs", limit: 10, since: start.addingTimeInterval(-1), until: end))
        #expect(items.count == 3)
        #expect(try await store.items(ItemQuery(pipeline: "obs", limit: 10, since: end)).isEmpty)
    }

    public static func statisticsCountQueues(_ store: any Store) async throws {
        for _ in 0..<3 { try await enqueue(store) }
        try await enqueue(store, item(), [draft(runAt: Date().addingTimeInterval(600))])
        _ = try await claim(store, limit: 1)
        let stats = try await store.statistics(now: Date())
        let row = try #require(stats.stages.first { $0.pipeline == "p" && $0.stage == "s1" })
        #expect(row.ready == 2)
        #expect(row.leased == 1)
        #expect(row.scheduled == 1)
        #expect(row.oldestReadyAge != nil)
        #expect(stats.items["p"]?["received"] == 4)
    }
}

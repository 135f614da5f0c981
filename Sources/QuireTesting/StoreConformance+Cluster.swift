public import Foundation
public import QuireCore
public import QuireStore
import Testing

extension StoreConformance {
    /// The checks of ``ClusterStore``.
    public static let cluster: [Check] = [
        ("cron ticks and leadership are exclusive", cronTicksAndLeadershipAreExclusive),
        ("nodes keep their latest heartbeat", nodesKeepTheirLatestHeartbeat),
    ]

    public static func cronTicksAndLeadershipAreExclusive(_ store: any Store) async throws {
        let now = Date()
        let tick = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(try await store.recordCronTick(name: "nightly", tick: tick, firedBy: "a", now: now))
        #expect(try await store.recordCronTick(name: "nightly", tick: tick, firedBy: "b", now: now) == false)
        #expect(try await store.recordCronTick(name: "nightly", tick: tick.addingTimeInterval(60), firedBy: "b", now: now))
        #expect(try await store.acquireLeadership(name: "cron", holder: "a", ttl: 10, now: now))
        #expect(try await store.acquireLeadership(name: "cron", holder: "b", ttl: 10, now: now) == false)
        #expect(try await store.acquireLeadership(name: "cron", holder: "a", ttl: 10, now: now.addingTimeInterval(5)), "the leader renews")
        #expect(try await store.acquireLeadership(name: "cron", holder: "b", ttl: 10, now: now.addingTimeInterval(11)) == false, "renewed until 15 s")
        #expect(try await store.acquireLeadership(name: "cron", holder: "b", ttl: 10, now: now.addingTimeInterval(16)), "a lapsed lease moves")
    }

    public static func nodesKeepTheirLatestHeartbeat(_ store: any Store) async throws {
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        try await store.heartbeatNode(NodeRecord(id: "a", host: "h1", pid: 11, version: "1.0", workers: 4, details: ["api": "http://h1:8080"], startedAt: t0, heartbeatAt: t0))
        try await store.heartbeatNode(NodeRecord(id: "b", host: "h2", pid: 22, version: "1.0", workers: 2, startedAt: t0, heartbeatAt: t0.addingTimeInterval(5)))
        try await store.heartbeatNode(NodeRecord(id: "a", host: "h1", pid: 11, version: "1.0", state: .stopped, workers: 0,
                                                 startedAt: t0.addingTimeInterval(99), heartbeatAt: t0.addingTimeInterval(10)))
        let nodes = try await store.nodes()
        #expect(nodes.map(\.id) == ["a", "b"], "latest heartbeat first")
        #expect(nodes.first?.state == .stopped)
        #expect(nodes.first?.startedAt == t0, "a heartbeat does not move the start")
        #expect(nodes.first?.heartbeatAt == t0.addingTimeInterval(10))
        #expect(nodes.last?.workers == 2 && nodes.last?.host == "h2" && nodes.last?.pid == 22)
        #expect(nodes.first?.details["api"] == nil, "details are replaced by the latest heartbeat")
    }
}

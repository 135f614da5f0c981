public import Foundation
public import QuireCore

/// What the processes sharing a store agree on: who leads (cron), which cron ticks fired, and which nodes
/// are alive.
public protocol ClusterStore: Sendable {
    /// Takes or keeps a named leadership lease. Returns true while `holder` leads.
    func acquireLeadership(name: String, holder: String, ttl: Double, now: Date) async throws -> Bool
    /// Records that a cron tick fired. Returns false when it was already recorded (by anyone).
    func recordCronTick(name: String, tick: Date, firedBy: String, now: Date) async throws -> Bool
    /// Records a node's heartbeat: inserts it or updates its state, workers, details and time.
    func heartbeatNode(_ node: NodeRecord) async throws
    /// Every node that has used this store, latest heartbeat first.
    func nodes() async throws -> [NodeRecord]
}

/// A process (`quire serve`) that uses the store, with its last heartbeat.
public struct NodeRecord: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Codable { case running, stopped }
    public var id: String
    public var host: String
    public var pid: Int
    public var version: String
    public var state: State
    public var workers: Int
    /// Free-form facts for `quire status` (API address, pipelines, whether it leads cron).
    public var details: JSONValue
    public var startedAt: Date
    public var heartbeatAt: Date

    /// What the node's row says now: `running`, `stopped` (it said goodbye), or `lost` — it says
    /// running but missed three heartbeats (killed, crashed or cut off).
    public func condition(now: Date, heartbeatInterval: Double) -> String {
        state == .running && now.timeIntervalSince(heartbeatAt) > 3 * heartbeatInterval ? "lost" : state.rawValue
    }

    public init(id: String, host: String, pid: Int, version: String, state: State = .running, workers: Int, details: JSONValue = .emptyObject,
                startedAt: Date, heartbeatAt: Date) {
        self.id = id
        self.host = host
        self.pid = pid
        self.version = version
        self.state = state
        self.workers = workers
        self.details = details
        self.startedAt = startedAt
        self.heartbeatAt = heartbeatAt
    }
}

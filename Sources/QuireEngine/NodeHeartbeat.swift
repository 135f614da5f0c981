public import Foundation
public import Logging
public import QuireCore
public import QuireStore
public import ServiceLifecycle

/// Writes this node's row in the store's `nodes` table every `interval` seconds, and marks it
/// stopped on a graceful shutdown, so `quire status` on any node lists every node and tells a
/// node that stopped from one that vanished (its heartbeat grows old while it says running).
public final class NodeHeartbeat: Service, Sendable {
    let store: any ClusterStore
    let record: NodeRecord
    let interval: Double
    let details: @Sendable () -> JSONValue
    let logger: Logger

    public init(store: any ClusterStore, id: String, workers: Int, interval: Double = 5, logger: Logger,
                details: @escaping @Sendable () -> JSONValue = { .emptyObject }) {
        self.store = store
        let now = Date()
        record = NodeRecord(id: id, host: NodeIdentity.hostName, pid: Int(getpid()), version: QuireVersion.current, workers: workers,
                            startedAt: now, heartbeatAt: now)
        self.interval = interval
        self.details = details
        self.logger = logger
    }

    func beat(_ state: NodeRecord.State) async {
        var r = record
        r.state = state
        r.heartbeatAt = Date()
        r.details = details()
        do { try await store.heartbeatNode(r) } catch {
            logger.warning("node heartbeat failed", metadata: ["error": "\(error)"])
        }
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.beat(.running)
                try? await Task.sleep(nanoseconds: UInt64(self.interval * 1e9))
            }
        }
        // Shutdown: say so, in a task that is not cancelled.
        await Task { await self.beat(.stopped) }.value
    }
}

public import Foundation
public import Logging
public import QuireCore
public import QuireStore
public import ServiceLifecycle
import Synchronization

/// A periodic task: maintenance now, the nightly report later.
public struct CronTask: Sendable {
    public var name: String
    public var schedule: CronSchedule
    public var action: @Sendable (_ tick: Date) async throws -> Void
    public init(name: String, schedule: CronSchedule, action: @escaping @Sendable (Date) async throws -> Void) {
        self.name = name
        self.schedule = schedule
        self.action = action
    }
}

/// Fires cron tasks once per tick, even with several schedulers on one store: only the
/// holder of the `cron` leadership lease fires, and each tick is recorded under a unique
/// key first, so a change of leader never fires a tick twice.
public final class CronService: Service, Sendable {
    let store: any ClusterStore & ItemStore
    let leadingNow = Mutex(false)
    /// Whether this node fires cron now (shown by `quire status`).
    public var isLeading: Bool { leadingNow.withLock { $0 } }
    let tasks: [CronTask]
    let owner: String
    let leaseTTL: Double
    let checkInterval: Double
    let logger: Logger

    public init(store: any ClusterStore & ItemStore, tasks: [CronTask], owner: String, leaseTTL: Double = 15, checkInterval: Double = 1, logger: Logger) {
        self.store = store
        self.tasks = tasks
        self.owner = owner
        self.leaseTTL = leaseTTL
        self.checkInterval = checkInterval
        self.logger = logger
    }

    public func run() async throws {
        guard !tasks.isEmpty else {
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            await self.loop()
        }
    }

    func loop() async {
        let started = Date()
        var lastTick: [String: Date] = [:]
        var leading = false
        while !Task.isCancelled {
            let now = Date()
            do {
                let lead = try await store.acquireLeadership(name: "cron", holder: owner, ttl: leaseTTL, now: now)
                if lead != leading {
                    logger.info(lead ? "this node now runs cron" : "another node runs cron now", metadata: ["owner": "\(owner)"])
                    leading = lead
                    leadingNow.withLock { $0 = lead }
                }
                if lead {
                    for task in tasks {
                        let tick = task.schedule.tick(containing: now)
                        // Ticks from before this process started belong to whoever ran then.
                        guard tick >= started.addingTimeInterval(-checkInterval), tick > (lastTick[task.name] ?? .distantPast) else { continue }
                        lastTick[task.name] = tick
                        if try await store.recordCronTick(name: task.name, tick: tick, firedBy: owner, now: now) {
                            logger.info("cron fired", metadata: ["task": "\(task.name)", "tick": "\(tick)"])
                            do { try await task.action(tick) } catch {
                                logger.error("cron task failed", metadata: ["task": "\(task.name)", "error": "\(error)"])
                            }
                        }
                    }
                }
            } catch {
                logger.error("cron check failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(nanoseconds: UInt64(checkInterval * 1e9))
        }
    }
}

import Foundation

/// Scheduler settings, with documented defaults (`scheduler:` in quire.yaml).
public struct SchedulerConfiguration: Sendable {
    /// Jobs this node runs at once, over all stages (default ``defaultWorkers``).
    public var workers: Int = SchedulerConfiguration.defaultWorkers
    /// Four jobs per core, at least 8 and at most 64. Most jobs wait more than they compute (on a worker process, a
    /// commit's flush, a bot, a model server): with 4 at once on two cores, a flood of born-digital invoices left the
    /// cores idle a third of the time and settled 42 a second; with 8, 51 (docs/benchmarks.md, "Drop to done").
    /// OCR and PDF parsing are bounded by the worker processes (`isolation.processes`), not by this.
    public static let defaultWorkers = min(64, max(8, 4 * ProcessInfo.processInfo.activeProcessorCount))
    /// How often an idle scheduler looks for work that another process queued, seconds (default 0.2).
    /// Work queued in this process wakes it at once.
    public var pollInterval: Double = 0.2
    /// How often leases that ran out are looked for, seconds (default 1).
    public var rescueInterval: Double = 1
    /// On shutdown, running jobs get this long to finish before they are cancelled and their
    /// leases given back, seconds (default 10).
    public var shutdownGrace: Double = 10
    /// Lease owner name of this node.
    public var owner: String = NodeIdentity.current
    public init() {}
}

/// Scheduler settings, with documented defaults (`scheduler:` in quire.yaml).
public struct SchedulerConfiguration: Sendable {
    /// Jobs this node runs at once, over all stages (default 4).
    public var workers: Int = 4
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

public import Synchronization

/// Counts and remembers what concurrent code saw (scripted stages, callbacks), by key.
public final class Probe: Sendable {
    let state = Mutex<[String: Int]>([:])
    public init() {}
    @discardableResult public func bump(_ key: String) -> Int { state.withLock { $0[key, default: 0] += 1; return $0[key]! } }
    @discardableResult public func add(_ key: String, _ n: Int) -> Int { state.withLock { $0[key, default: 0] += n; return $0[key]! } }
    public func set(_ key: String, _ n: Int) { state.withLock { $0[key] = n } }
    public func max(_ key: String, _ n: Int) { state.withLock { $0[key] = Swift.max($0[key, default: 0], n) } }
    /// Every key's count now.
    public var snapshot: [String: Int] { state.withLock { $0 } }
    public subscript(_ key: String) -> Int { state.withLock { $0[key, default: 0] } }
}

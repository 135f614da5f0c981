import Foundation

/// Names this process as a lease owner: `host:pid:random`. A restarted appliance on the
/// same host recognises leases of its dead predecessors by the host and a pid that no longer runs.
public enum NodeIdentity {
    public static let hostName: String = {
        var buf = [CChar](repeating: 0, count: 256)
        gethostname(&buf, 255)
        let name = String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }()

    public static let current: String = "\(hostName):\(getpid()):\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"

    /// Whether `owner` names a process on this host that has exited.
    public static func isDeadLocalOwner(_ owner: String) -> Bool {
        let parts = owner.split(separator: ":")
        guard parts.count >= 2, String(parts[0]) == hostName, let pid = Int32(parts[1]), pid > 0 else { return false }
        if pid == getpid() { return owner != current && !owner.hasPrefix("\(hostName):\(pid):") }
        return kill(pid, 0) != 0 && errno == ESRCH
    }
}

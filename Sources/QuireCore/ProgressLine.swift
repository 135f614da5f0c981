public import Foundation

/// How far a long operation is, as a person reads it: a bar, the counts, the rate and the time left
/// ("rotating blobs [############..................] 412/1000 · 38/s · 15 s left"). Pure: the CLI
/// decides where and how often to write it (a redrawn line on a terminal, a plain line now and then
/// in a log).
public struct ProgressLine: Sendable {
    public let label: String
    /// The number of steps, where known (nil: counts and rate only).
    public let total: Int?
    public let started: Date

    public init(label: String, total: Int?, started: Date = Date()) {
        self.label = label
        self.total = total.map { max(0, $0) }
        self.started = started
    }

    /// The line after `done` steps at `now`; `bar`: the bar's width in characters (0: none).
    public func text(done: Int, now: Date = Date(), bar: Int = 30) -> String {
        let elapsed = max(0, now.timeIntervalSince(started))
        var parts: [String] = []
        if let total, total > 0 {
            let done = min(max(0, done), total)
            var head = label
            if bar > 0 {
                let filled = done * bar / total
                head += " [" + String(repeating: "#", count: filled) + String(repeating: ".", count: bar - filled) + "]"
            }
            parts.append("\(head) \(done)/\(total)")
        } else {
            parts.append("\(label) \(max(0, done))")
        }
        if elapsed >= 1, done > 0 {
            let rate = Double(done) / elapsed
            parts.append(rate >= 10 ? "\(Int(rate.rounded()))/s" : String(format: "%.1f/s", rate))
            if let total, total > 0 {
                parts.append(done >= total ? "done in \(Self.duration(elapsed))" : "\(Self.duration(Double(total - done) / rate)) left")
            }
        } else if let total, total > 0, done >= total {
            parts.append("done")
        }
        return parts.joined(separator: " · ")
    }

    /// "8 s", "3m05s", "2h10m".
    public static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.up))
        if s < 60 { return "\(s) s" }
        if s < 3600 { return "\(s / 60)m\(String(format: "%02d", s % 60))s" }
        return "\(s / 3600)h\(String(format: "%02d", (s % 3600) / 60))m"
    }
}

/// How a stage is retried after an application error: exponential backoff with jitter,
/// up to a maximum number of attempts, then the job is dead-lettered.
public struct RetryPolicy: Sendable, Hashable, Codable {
    /// Total attempts including the first (default 5).
    public var maxAttempts: Int
    /// Delay before the first retry, seconds (default 1).
    public var initialBackoff: Double
    /// Upper bound for one delay, seconds (default 300).
    public var maxBackoff: Double
    /// Growth factor per attempt (default 2).
    public var multiplier: Double
    /// Share of the delay that is randomised, 0...1 (default 0.2: ±20 %).
    public var jitter: Double

    public init(maxAttempts: Int = 5, initialBackoff: Double = 1, maxBackoff: Double = 300, multiplier: Double = 2, jitter: Double = 0.2) {
        self.maxAttempts = maxAttempts
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.multiplier = multiplier
        self.jitter = jitter
    }

    /// The delay before the next try after `attempt` failed tries (attempt ≥ 1).
    /// `random` is a number in 0..<1; pass a fixed one in tests.
    public func backoff(afterAttempt attempt: Int, random: Double = Double.random(in: 0..<1)) -> Double {
        let exponent = Double(max(0, attempt - 1))
        var base = initialBackoff
        for _ in 0..<Int(exponent) {
            base *= multiplier
            if base >= maxBackoff { break }
        }
        base = min(base, maxBackoff)
        let spread = base * jitter
        return max(0, base - spread + 2 * spread * random)
    }

    /// Whether another try is allowed after `attempts` tries.
    public func allowsRetry(afterAttempts attempts: Int) -> Bool { attempts < maxAttempts }
}

/// A token bucket: `capacity` tokens, refilled at `refillPerSecond`. A value type that
/// takes the current time as an argument, so it is tested without clocks.
public struct TokenBucket: Sendable, Hashable {
    public let capacity: Double
    public let refillPerSecond: Double
    public private(set) var tokens: Double
    private var last: Double

    /// `now` is seconds on any monotonic scale.
    public init(capacity: Double, refillPerSecond: Double, now: Double) {
        self.capacity = max(1, capacity)
        self.refillPerSecond = refillPerSecond
        self.tokens = max(1, capacity)
        self.last = now
    }

    /// A bucket for a rate such as 10 per second (burst = count).
    public init(count: Double, period: Double, now: Double) {
        self.init(capacity: count, refillPerSecond: count / period, now: now)
    }

    private mutating func refill(now: Double) {
        if now > last {
            tokens = min(capacity, tokens + (now - last) * refillPerSecond)
            last = now
        }
    }

    /// Whole tokens available now.
    public mutating func available(now: Double) -> Int {
        refill(now: now)
        return Int(tokens.rounded(.down))
    }

    /// Takes up to `wanted` tokens and returns how many were taken.
    public mutating func take(_ wanted: Int, now: Double) -> Int {
        refill(now: now)
        let n = min(wanted, Int(tokens.rounded(.down)))
        if n > 0 { tokens -= Double(n) }
        return n
    }

    /// Gives back tokens that were taken but not used (a claim returned fewer jobs).
    public mutating func giveBack(_ n: Int) {
        tokens = min(capacity, tokens + Double(n))
    }

    /// Seconds until one token is available.
    public mutating func waitTime(now: Double) -> Double {
        refill(now: now)
        if tokens >= 1 { return 0 }
        return (1 - tokens) / refillPerSecond
    }
}

public import Foundation

/// Training settings, recorded with every model.
public struct Hyperparameters: Sendable, Hashable, Codable {
    public var epochs = 12
    public var learningRate: Float = 0.5
    /// L2 penalty per example.
    public var l2: Float = 1e-5
    public var seed: UInt64 = 42
    /// Share of the examples held out (half calibrates the temperature, half measures the model).
    public var holdout = 0.2
    /// Weigh each class by N / (classes × its count), so a label with few examples (letters among
    /// hundreds of other documents) is not drowned; the temperature fit afterwards recalibrates.
    public var balanceClasses = false
    public var features = FeatureConfiguration()

    public init() {}
}

/// A deterministic random generator (SplitMix64): the same seed gives the same model.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Multinomial logistic regression over sparse hashed features, trained by stochastic gradient
/// descent with L2 (lazy, on the touched weights) and a decaying step; single-threaded so the same
/// seed and data give bit-identical weights. Probabilities are softmax(logits / temperature).
public struct LogisticRegression: Sendable, Hashable {
    public var labels: [String]
    public var dimensions: Int
    /// Row-major by feature: weights[feature * classes + class], so a sparse example touches contiguous memory.
    public var weights: [Float]
    public var bias: [Float]
    public var temperature: Float = 1

    public init(labels: [String], dimensions: Int, weights: [Float], bias: [Float], temperature: Float = 1) {
        self.labels = labels
        self.dimensions = dimensions
        self.weights = weights
        self.bias = bias
        self.temperature = temperature
    }

    public var classes: Int { labels.count }

    public func logits(_ x: SparseVector) -> [Float] {
        var z = bias
        let k = classes
        weights.withUnsafeBufferPointer { w in
            z.withUnsafeMutableBufferPointer { zp in
                for (i, v) in zip(x.indices, x.values) {
                    let base = Int(i) * k
                    for c in 0..<k { zp[c] += w[base + c] * v }
                }
            }
        }
        return z
    }

    public static func softmax(_ z: [Float], temperature: Float = 1) -> [Float] {
        let t = max(temperature, 1e-3)
        let m = (z.max() ?? 0) / t
        let e = z.map { exp($0 / t - m) }
        let s = e.reduce(0, +)
        return e.map { $0 / s }
    }

    public func probabilities(_ x: SparseVector) -> [Float] { Self.softmax(logits(x), temperature: temperature) }

    /// Trains on `examples` (features and class index). `progress` is called after each epoch with (epoch, epochs, mean loss).
    public static func train(labels: [String], examples: [(SparseVector, Int)], hyperparameters h: Hyperparameters,
                             progress: (Int, Int, Double) -> Void = { _, _, _ in }) -> LogisticRegression {
        let k = labels.count
        let dims = 1 << h.features.hashBits
        var w = [Float](repeating: 0, count: dims * k)
        var b = [Float](repeating: 0, count: k)
        var rng = SeededGenerator(seed: h.seed)
        var order = Array(examples.indices)
        var p = [Float](repeating: 0, count: k)
        var classWeight = [Float](repeating: 1, count: k)
        if h.balanceClasses {
            var counts = [Int](repeating: 0, count: k)
            for (_, y) in examples { counts[y] += 1 }
            let present = counts.filter { $0 > 0 }.count
            for c in 0..<k where counts[c] > 0 { classWeight[c] = Float(examples.count) / Float(present * counts[c]) }
        }
        for epoch in 0..<h.epochs {
            order.shuffle(using: &rng)
            let lr = h.learningRate / (1 + Float(epoch) * 0.5)
            var loss = 0.0
            w.withUnsafeMutableBufferPointer { wp in
                for idx in order {
                    let (x, y) = examples[idx]
                    for c in 0..<k { p[c] = b[c] }
                    for (i, v) in zip(x.indices, x.values) {
                        let base = Int(i) * k
                        for c in 0..<k { p[c] += wp[base + c] * v }
                    }
                    let m = p.max() ?? 0
                    var s: Float = 0
                    for c in 0..<k { p[c] = exp(p[c] - m); s += p[c] }
                    for c in 0..<k { p[c] /= s }
                    loss -= log(Double(max(p[y], 1e-12)))
                    // Gradient of the (class-weighted) cross-entropy: weight × (p - onehot(y)).
                    p[y] -= 1
                    if classWeight[y] != 1 { for c in 0..<k { p[c] *= classWeight[y] } }
                    for c in 0..<k { b[c] -= lr * p[c] }
                    let decay = 1 - lr * h.l2
                    for (i, v) in zip(x.indices, x.values) {
                        let base = Int(i) * k
                        for c in 0..<k { wp[base + c] = wp[base + c] * decay - lr * p[c] * v }
                    }
                }
            }
            progress(epoch + 1, h.epochs, loss / Double(max(1, examples.count)))
        }
        return LogisticRegression(labels: labels, dimensions: dims, weights: w, bias: b)
    }

    /// Temperature scaling: the T that minimises the negative log-likelihood of `examples`
    /// (see ``fitTemperature(_:)``). Returns whether the optimum was bracketed (false when the
    /// examples are all right with margin, so any sharper T looks better and the cap was taken).
    @discardableResult
    public mutating func calibrate(_ examples: [(SparseVector, Int)]) -> Bool {
        guard !examples.isEmpty else { return true }
        let fit = Self.fitTemperature(examples.map { (logits($0.0), $0.1) })
        temperature = fit.temperature
        return fit.bracketed
    }

    /// The temperature that minimises the negative log-likelihood of (logits, true class) pairs.
    /// The likelihood is convex in the inverse temperature β = 1/T (a log-sum-exp minus a linear
    /// term), so the search first brackets the minimum — β doubles from 1/16 until the likelihood
    /// gets worse — and then narrows it by golden-section search. β is capped at 20 (T = 0.05):
    /// where every example is right with margin the likelihood falls for ever, and the cap is
    /// reported as not bracketed.
    public static func fitTemperature(_ zs: [([Float], Int)]) -> (temperature: Float, bracketed: Bool) {
        guard !zs.isEmpty else { return (1, true) }
        func nll(_ beta: Double) -> Double {
            zs.reduce(0.0) { acc, e in
                // log-sum-exp minus the true logit, with log1p so that tiny losses (1e-20) still compare.
                let z = e.0.map { Double($0) * beta }
                let top = z.indices.max { z[$0] < z[$1] } ?? 0
                let rest = z.indices.reduce(0.0) { $1 == top ? $0 : $0 + exp(z[$1] - z[top]) }
                return acc + (z[top] - z[e.1]) + log1p(rest)
            }
        }
        let cap = 20.0
        var lo = 0.0, mid = 1.0 / 16, hi = 1.0 / 8
        var fMid = nll(mid), fHi = nll(hi)
        // Walk up while the likelihood still improves: then lo < mid < hi brackets the minimum.
        while fHi < fMid && hi < cap {
            lo = mid; mid = hi; fMid = fHi
            hi = min(cap, hi * 2)
            fHi = nll(hi)
        }
        if fHi < fMid { return (Float(1 / cap), false) }
        var a = lo, b = hi
        let g = (sqrt(5.0) - 1) / 2
        var c = b - g * (b - a), d = a + g * (b - a)
        var fc = nll(c), fd = nll(d)
        for _ in 0..<60 where b - a > 1e-6 {
            if fc < fd { b = d; d = c; fd = fc; c = b - g * (b - a); fc = nll(c) } else { a = c; c = d; fc = fd; d = a + g * (b - a); fd = nll(d) }
        }
        let beta = max((a + b) / 2, 1e-3)
        return (Float(1 / beta), true)
    }
}

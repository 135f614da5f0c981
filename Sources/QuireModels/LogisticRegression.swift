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
                    // Gradient of the cross-entropy: p - onehot(y).
                    p[y] -= 1
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
    /// (golden-section search on log T in [0.5, 20]). The floor keeps a held-out half that the
    /// model gets all right from sharpening it without limit (and overconfident on new documents).
    public mutating func calibrate(_ examples: [(SparseVector, Int)]) {
        guard !examples.isEmpty else { return }
        let zs = examples.map { (logits($0.0), $0.1) }
        func nll(_ logT: Double) -> Double {
            let t = Float(exp(logT))
            return zs.reduce(0.0) { acc, e in acc - log(Double(max(Self.softmax(e.0, temperature: t)[e.1], 1e-12))) }
        }
        var a = log(0.5), bnd = log(20.0)
        let g = (sqrt(5.0) - 1) / 2
        var c = bnd - g * (bnd - a), d = a + g * (bnd - a)
        for _ in 0..<60 {
            if nll(c) < nll(d) { bnd = d } else { a = c }
            c = bnd - g * (bnd - a)
            d = a + g * (bnd - a)
        }
        temperature = Float(exp((a + bnd) / 2))
    }
}

import Foundation

/// Small statistics shared by drift, the report, status and alerts.
public enum Statistics {
    /// Population stability index: Σ (a − e) · ln(a / e) over the bins' shares, empty bins counted as 0.0001.
    /// `actual` and `expected` are counts per bin, in the same bin order.
    public static func psi(_ actual: [Double], _ expected: [Double]) -> Double {
        let at = max(1, actual.reduce(0, +)), et = max(1, expected.reduce(0, +))
        return zip(actual, expected).reduce(0) { acc, p in
            let a = max(p.0 / at, 1e-4), e = max(p.1 / et, 1e-4)
            return acc + (a - e) * log(a / e)
        }
    }

    /// The nearest-rank `q` quantile (0 < q ≤ 1) of `values`, rounded to milliunits; nil when empty.
    public static func quantile(_ q: Double, of values: [Double]) -> Double? {
        let s = values.sorted()
        guard !s.isEmpty else { return nil }
        let rank = Int((q * Double(s.count)).rounded(.up)) - 1
        return (s[min(max(rank, 0), s.count - 1)] * 1000).rounded() / 1000
    }
}

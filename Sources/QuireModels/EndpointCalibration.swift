public import Foundation
public import QuireCore
import QuireStore
import Synchronization

/// What a model server's self-reported confidence is worth, learned from reviewers' decisions.
///
/// Every answer a server gives is recorded with the confidence it reported (role `reported` in
/// `classifications`); when a person later confirms or changes the document's type in review,
/// that answer becomes a labelled pair (confidence, right or wrong). From
/// ``minimumReviewed`` such pairs on, the confidence is mapped through Platt scaling — p =
/// σ(a · logit(confidence) + b), fit by Newton's method with a light pull towards "as reported" —
/// and the calibrated probability decides whether the item goes straight through. Before that,
/// the server's word is not trusted on its own: the native model's probability for the same label
/// stands in, as for an answer without a confidence.
public struct EndpointCalibration: Sendable, Hashable {
    public static let minimumReviewed = 30

    /// Reviewed answers the fit rests on.
    public var reviewed: Int
    /// How many of them were right.
    public var right: Int
    public var a: Double
    public var b: Double
    /// Expected calibration error of the reported and of the calibrated confidences, on the reviewed answers.
    public var eceReported: Double
    public var eceCalibrated: Double

    public var trusted: Bool { reviewed >= Self.minimumReviewed }

    public static let untrained = EndpointCalibration(reviewed: 0, right: 0, a: 1, b: 0, eceReported: 0, eceCalibrated: 0)

    static func logit(_ c: Double) -> Double {
        let x = min(max(c, 1e-4), 1 - 1e-4)
        return log(x / (1 - x))
    }

    /// The calibrated probability of a reported confidence.
    public func probability(_ reported: Double) -> Double {
        1 / (1 + exp(-(a * Self.logit(reported) + b)))
    }

    /// Fits the mapping to (reported confidence, was the answer right) pairs.
    public static func fit(_ pairs: [(confidence: Double, correct: Bool)]) -> EndpointCalibration {
        guard !pairs.isEmpty else { return .untrained }
        let xs = pairs.map { logit($0.confidence) }, ys = pairs.map { $0.correct ? 1.0 : 0.0 }
        // Newton's method on the log-likelihood with an L2 pull (λ = 1) towards a = 1, b = 0.
        var a = 1.0, b = 0.0
        let lambda = 1.0
        for _ in 0..<50 {
            var ga = lambda * (a - 1), gb = lambda * b
            var haa = lambda, hab = 0.0, hbb = lambda
            for (x, y) in zip(xs, ys) {
                let p = 1 / (1 + exp(-(a * x + b)))
                ga += (p - y) * x
                gb += (p - y)
                let w = p * (1 - p)
                haa += w * x * x
                hab += w * x
                hbb += w
            }
            let det = haa * hbb - hab * hab
            guard det > 1e-12 else { break }
            let da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det
            a -= da
            b -= db
            if abs(da) + abs(db) < 1e-9 { break }
        }
        var c = EndpointCalibration(reviewed: pairs.count, right: pairs.filter(\.correct).count, a: a, b: b, eceReported: 0, eceCalibrated: 0)
        c.eceReported = ece(pairs.map { ($0.confidence, $0.correct) })
        c.eceCalibrated = ece(pairs.map { (c.probability($0.confidence), $0.correct) })
        return c
    }

    static func ece(_ v: [(Double, Bool)]) -> Double {
        var bins = Array(repeating: (n: 0, right: 0, conf: 0.0), count: 10)
        for (p, ok) in v {
            let i = min(9, max(0, Int(p * 10)))
            bins[i].n += 1
            bins[i].conf += p
            if ok { bins[i].right += 1 }
        }
        return bins.reduce(0.0) { acc, b in
            b.n == 0 ? acc : acc + Double(b.n) / Double(v.count) * abs(Double(b.right) / Double(b.n) - b.conf / Double(b.n))
        }
    }

    /// What the stage writes beside an endpoint's answer.
    public var json: JSONValue {
        ["reviewed": .number(Double(reviewed)), "trusted": .bool(trusted), "a": .number((a * 1000).rounded() / 1000), "b": .number((b * 1000).rounded() / 1000),
         "ece_reported": .number((eceReported * 1000).rounded() / 1000), "ece_calibrated": .number((eceCalibrated * 1000).rounded() / 1000)]
    }

    /// Pairs from the records of an endpoint's reported confidences and the types reviewers gave the same items.
    public static func pairs(reported: [ClassificationRecord], reviewed: [ItemID: String]) -> [(confidence: Double, correct: Bool)] {
        reported.compactMap { r in reviewed[r.item].map { (r.probability, $0 == r.label) } }
    }
}

/// The registry keeps each endpoint's calibration for a few minutes: it reads the reviewed examples, which grow slowly.
final class EndpointCalibrationCache: Sendable {
    private let entries = Mutex<[String: (EndpointCalibration, Date)]>([:])
    func get(_ k: String, now: Date, maxAge: TimeInterval) -> EndpointCalibration? {
        entries.withLock { entries in
            guard let (c, at) = entries[k], now.timeIntervalSince(at) < maxAge else { return nil }
            return c
        }
    }
    func put(_ k: String, _ c: EndpointCalibration, now: Date) { entries.withLock { $0[k] = (c, now) } }
}

extension ModelRegistry {
    /// The calibration of a model server's confidence (named by its served model), from its
    /// reported answers of the last 90 days and the types reviewers gave those items; cached for 10 minutes.
    public func endpointCalibration(_ model: String, now: Date = Date()) async throws -> EndpointCalibration {
        if let c = endpointCalibrations.get(model, now: now, maxAge: 600) { return c }
        let reported = try await store.classifications(model: "endpoint:" + model, from: now.addingTimeInterval(-90 * 86_400), to: now.addingTimeInterval(1))
            .filter { $0.role == "reported" }
        var reviewed: [ItemID: String] = [:]
        if !reported.isEmpty {
            for e in try await store.trainingExamples() where e.source == "review" { if let i = e.item { reviewed[i] = e.label } }
        }
        let c = EndpointCalibration.fit(EndpointCalibration.pairs(reported: reported, reviewed: reviewed))
        endpointCalibrations.put(model, c, now: now)
        return c
    }
}

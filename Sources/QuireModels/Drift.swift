public import Foundation
public import QuireCore

/// Per day: the class distribution, the confidence histogram and the abstain rate of a model's
/// decisions; and the population stability index (PSI) of the labels and of the confidences
/// against a reference window. PSI under 0.1 is usually read as stable, 0.1–0.25 as a moderate
/// shift, above 0.25 as a large one.
public struct DriftReport: Sendable {
    public struct Day: Sendable {
        public var day: String
        public var count: Int
        public var labels: [String: Int]
        /// Ten bins of probability: [0, 0.1), ..., [0.9, 1].
        public var confidence: [Int]
        public var abstained: Int
        public var labelPSI: Double?
        public var confidencePSI: Double?
    }
    public var model: String
    public var days: [Day]
    public var referenceCount: Int
    public var labelPSI: Double?
    public var confidencePSI: Double?

    /// `records` are the model's decided classifications in the window; `reference` those of the reference window.
    public static func make(model: String, records: [ClassificationRecord], reference: [ClassificationRecord]) -> DriftReport {
        let decided = records.filter { $0.role == "decided" }, ref = reference.filter { $0.role == "decided" }
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd"
        f.timeZone = TimeZone(identifier: "UTC")
        f.locale = Locale(identifier: "en_US_POSIX")
        let labels = Array(Set((decided + ref).map(\.label))).sorted()
        func labelDist(_ rs: [ClassificationRecord]) -> [Double] { labels.map { l in Double(rs.filter { $0.label == l }.count) } }
        func confDist(_ rs: [ClassificationRecord]) -> [Double] {
            var h = [Double](repeating: 0, count: 10)
            for r in rs { h[min(9, max(0, Int(r.probability * 10)))] += 1 }
            return h
        }
        let refLabels = labelDist(ref), refConf = confDist(ref)
        let byDay = Dictionary(grouping: decided) { f.string(from: $0.at) }
        let days = byDay.keys.sorted().map { d -> Day in
            let rs = byDay[d]!
            var counts: [String: Int] = [:]
            for r in rs { counts[r.label, default: 0] += 1 }
            return Day(day: d, count: rs.count, labels: counts, confidence: confDist(rs).map { Int($0) }, abstained: rs.filter(\.abstained).count,
                       labelPSI: ref.isEmpty ? nil : psi(labelDist(rs), refLabels), confidencePSI: ref.isEmpty ? nil : psi(confDist(rs), refConf))
        }
        return DriftReport(model: model, days: days, referenceCount: ref.count,
                           labelPSI: ref.isEmpty || decided.isEmpty ? nil : psi(labelDist(decided), refLabels),
                           confidencePSI: ref.isEmpty || decided.isEmpty ? nil : psi(confDist(decided), refConf))
    }

    /// PSI over bin counts (``Statistics/psi(_:_:)``).
    public static func psi(_ actual: [Double], _ expected: [Double]) -> Double { Statistics.psi(actual, expected) }

    public var json: JSONValue {
        func r(_ x: Double?) -> JSONValue { x.map { .number(($0 * 10000).rounded() / 10000) } ?? .null }
        return ["model": .string(model), "reference_count": .number(Double(referenceCount)), "label_psi": r(labelPSI), "confidence_psi": r(confidencePSI),
                "days": .array(days.map { d in
                    ["day": .string(d.day), "count": .number(Double(d.count)), "abstained": .number(Double(d.abstained)),
                     "labels": .object(d.labels.mapValues { .number(Double($0)) }), "confidence_histogram": .array(d.confidence.map { .number(Double($0)) }),
                     "label_psi": r(d.labelPSI), "confidence_psi": r(d.confidencePSI)]
                })]
    }
}

import Foundation
public import QuireFields

/// A field ranker trained on made-up rows to distrust the largest amount, and an invoice it reads
/// differently from the rules: for tests that need to see a ranker decide (the rules read its total
/// as 119,00; this ranker does not).
public enum MadeUpRanker {
    /// A made-up invoice whose largest amount is its total.
    public static let invoice = """
        Werkstatt Beispiel GmbH
        Rechnung Nr. 2026-17 vom 03.02.2026
        Gesamtbetrag der Position                     85,00
        Netto                                        100,00
        MwSt 19%                                      19,00
        Gesamt                                       119,00
        """

    /// A feature vector with the rules' score and the named features set.
    public static func features(score: Double, _ set: [String: Double] = [:]) -> [Double] {
        let names = FieldRanker.featureNames
        var v = [Double](repeating: 0, count: names.count)
        v[names.firstIndex(of: "score")!] = score
        v[names.firstIndex(of: "logit")!] = log(score / (1 - score))
        for (k, value) in set { v[names.firstIndex(of: k)!] = value }
        return v
    }

    /// Trained on 30 made-up documents where the largest amount, scored high by the rules, is wrong.
    public static func distrustingTheLargestAmount() -> FieldRanker {
        var rows: [FieldRanker.Row] = []
        for d in 0..<30 {
            rows.append(FieldRanker.Row(key: "invoice.total", features: features(score: 0.9, ["amount.largest": 1]), correct: false, document: "d\(d)"))
            rows.append(FieldRanker.Row(key: "invoice.total", features: features(score: 0.5), correct: true, document: "d\(d)"))
        }
        return FieldRanker.train(rows, version: "contrary", trainedOn: "made-up rows")
    }
}

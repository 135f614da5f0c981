import Foundation
import QuireCore

/// How other collections' classes become Quire's labels: one table, used by `quire model train
/// --from` and `quire model eval --from`, and printed in docs/models.md.
///
/// A folder or manifest label that is one of Quire's labels stays as it is; one in this table is
/// mapped; any other is kept as a label of its own (a model may learn labels Quire does not ship).
public enum LabelMap {
    /// (collection, its class, Quire's label).
    public static let table: [(collection: String, name: String, label: String)] = [
        ("Tobacco3482", "Letter", "letter"),
        ("Tobacco3482", "Memo", "other"), ("Tobacco3482", "Email", "other"), ("Tobacco3482", "Form", "other"),
        ("Tobacco3482", "Report", "other"), ("Tobacco3482", "Scientific", "other"), ("Tobacco3482", "Resume", "other"),
        ("Tobacco3482", "News", "other"), ("Tobacco3482", "Advertisement", "other"), ("Tobacco3482", "Note", "other"),
        ("RVL-CDIP", "invoice", "invoice"), ("RVL-CDIP", "budget", "other"), ("RVL-CDIP", "specification", "other"),
        ("RVL-CDIP", "questionnaire", "other"), ("RVL-CDIP", "presentation", "other"), ("RVL-CDIP", "file folder", "other"),
        ("RVL-CDIP", "handwritten", "other"), ("RVL-CDIP", "scientific report", "other"), ("RVL-CDIP", "scientific publication", "other"),
        ("RVL-CDIP", "news article", "other"),
        ("SROIE", "receipt", "receipt"),
    ]

    /// UN/CEFACT document type codes (UNTDID 1001) of EN 16931 invoices and credit notes (one table in Core,
    /// which the e-invoice readers use too).
    public static var typeCodes: [(code: String, meaning: String, label: String)] { EInvoiceBytes.typeCodes }

    static let byName: [String: String] = Dictionary(table.map { ($0.name.lowercased(), $0.label) }, uniquingKeysWith: { a, _ in a })

    /// Quire's label for a class name of another collection (case does not matter).
    public static func label(for name: String) -> String {
        let n = name.trimmingCharacters(in: .whitespaces)
        if defaultLabels.contains(n) { return n }
        return byName[n.lowercased()] ?? n
    }

    /// Quire's label for an e-invoice's type code; nil for a code that is neither an invoice nor a credit note.
    public static func label(forTypeCode code: String) -> String? { EInvoiceBytes.label(forTypeCode: code) }
}

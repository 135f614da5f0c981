public import Foundation

/// What a document's own title says it is, where the text's words cannot tell: a credit note is an
/// invoice's layout with another title ("Credit Note No. …", "Gutschrift Nr. …", "AVOIR N° : …") and
/// otherwise the same words — the invoice it corrects, its lines, its totals —, so a model of the words
/// calls it an invoice. The title is read near the top of the first page only, as a line or a cell of
/// a line (``LineColumns``) that starts with the title, followed by
/// nothing, a number or a number's label; "Avoir un compte …" in a sentence is not a title.
///
/// The rule only tells a credit note from an invoice (the model must rank `invoice` first) and gives
/// the credit note the invoice's probability: it does not make a document of another kind either.
/// An attached e-invoice's type code, where there is one, decides before any of this (``EInvoiceType``).
public enum DocumentTitle {
    /// How far down the first page a title is looked for, in lines of text.
    static let topLines = 15

    /// Credit notes' titles in the languages Quire reads (lower case, accents kept).
    static let creditTitles = [
        "credit note", "credit memo", "credit invoice", "creditnote",
        "gutschrift", "rechnungskorrektur", "korrekturrechnung", "stornorechnung", "storno-rechnung",
        "facture d'avoir", "facture d’avoir", "avoir", "note de crédit", "note de credit",
        "nota di credito", "nota de crédito", "nota de credito", "factura rectificativa",
        "creditnota", "creditfactuur",
    ]
    /// Invoices' titles: a document that names itself an invoice first is not retitled by a credit note's
    /// title further down (a correction's reference block, "Gutschrift" as a line's heading).
    static let invoiceTitles = ["invoice", "tax invoice", "rechnung", "facture", "factura", "fattura", "factuur"]

    /// The line (or cell) that titles the text a credit note, or nil.
    public static func creditNote(in text: String) -> String? {
        creditNote(inLines: text.split(whereSeparator: { $0 == "\n" || $0 == "\u{0C}" }))
    }

    /// The same over the text's lines in reading order (only the first ``topLines`` that are not blank are read).
    public static func creditNote(inLines lines: some Sequence<some StringProtocol>) -> String? {
        var seen = 0
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            seen += 1
            if seen > topLines { break }
            for cell in LineColumns.split(trimmed) {
                let lower = cell.lowercased()
                if creditTitles.contains(where: { titled(lower, by: $0) }) { return cell }
                if invoiceTitles.contains(where: { titled(lower, by: $0) }) { return nil }
            }
        }
        return nil
    }

    /// Whether `cell` (lower case) starts with `title` and goes on with nothing but a number or its label.
    static func titled(_ cell: String, by title: String) -> Bool {
        guard cell.hasPrefix(title) else { return false }
        let rest = cell.dropFirst(title.count)
        guard let first = rest.first else { return true }
        // "Gutschriftsnummer", "avoirs": the title runs on into another word.
        guard !first.isLetter else { return title == "gutschrift" && rest.hasPrefix("snummer") }
        let after = rest.drop { $0 == " " || $0 == ":" || $0 == "-" || $0 == "/" }.lowercased()
        if after.isEmpty { return true }
        // A number, but not an amount: "Avoir : 0,00 €" on a short invoice's totals is a line of the totals.
        if after.first?.isNumber == true { return after.prefixMatch(of: /\d{1,3}([ .,']?\d{3})*[.,]\d{2}(?!\d)/) == nil }
        // (A label, not a word that starts like one: "Credit note not applicable".)
        return numberLabels.contains { label in
            after.hasPrefix(label) && !(label.last!.isLetter && after.dropFirst(label.count).first?.isLetter == true)
        }
    }

    /// What follows a title to announce its number: "Nr.", "No.", "N°", "#", "number", "Nummer", "numéro", "n.".
    static let numberLabels = ["nr", "no", "n°", "nº", "n.", "#", "number", "nummer", "numéro", "numero", "num"]
}

/// A line's columns: where words on one line stand far apart (a letterhead beside a title block, a label and its
/// value in a table), the line builders put three spaces or more between them ("Muster GmbH   Invoice 12").
public enum LineColumns {
    /// What separates two columns of a line.
    public static let gap = "   "

    /// The columns of a line: split at each gap (a tab counts as one), trimmed, none empty.
    /// (Read character by character: a run of three spaces or more, a tab counting as three, ends a column.)
    public static func split(_ line: some StringProtocol) -> [String] {
        var columns: [String] = [], current = "", run = 0
        func close() {
            let t = current.trimmed(.whitespaces)
            if !t.isEmpty { columns.append(t) }
            current = ""
        }
        for ch in line {
            if ch == " " { run += 1; continue }
            if ch == "\t" { run += gap.count; continue }
            if run >= gap.count { close() } else if run > 0 { current += String(repeating: " ", count: run) }
            run = 0
            current.append(ch)
        }
        close()
        return columns
    }
}

import Foundation
import QuireCore

/// Line items: the rows of an invoice's items table, read column by column under its heading.
///
/// The heading says which column holds what ("Pos | Artikel | Menge | Preis EUR | Betrag EUR",
/// "Item: Price: Qty: Subtotal: VAT: Total:"), so a row's numbers are read by the column they stand
/// under, not by their order: a VAT rate column is no unit price, and a gross column after the VAT is
/// not the line's net amount. Rows go on over a group's subtotal when more rows follow ("Summe
/// Lieferschein …" in a collective invoice) and over a page break where the next page carries the
/// table on (a carried-forward line or the heading again); a description that happens to hold a totals
/// word ("Table tennis net") does not end the table.
extension LayoutExtractor {
    static let rowTaxRate = Pattern(#"\d{1,2}(?:[.,]\d{1,2})?"#)

    /// A column of a line items' table, from a word (or two) of its heading.
    struct ItemColumn: Equatable {
        enum Role: Equatable { case description, quantity, unitPrice, amount, tax, other }
        var role: Role
        var x0: Double
        var x1: Double
        /// The heading's words over this column ("Unit price", "Montant HT").
        var heading = ""
    }

    /// Heading words (as `labelNorm` writes them) and the column each starts. A heading word that is none of
    /// these ("EUR", "HT", "(netto)") belongs to the column before it.
    static let itemHeadingRoles: [String: ItemColumn.Role] = {
        var roles: [String: ItemColumn.Role] = [:]
        let other = ["pos", "position", "nr", "no", "ref", "code", "artnr", "sku", "unit", "unite", "einheit", "me", "uom", "date", "datum",
                     "rabatt", "remise", "discount", "sconto", "descuento", "korting", "ean"]
        let tax = ["vat", "tax", "mwst", "ust", "tva", "iva", "btw", "steuer", "taux", "ustsatz", "mwstsatz", "steuersatz", "vatrate", "taxrate", "gst"]
        let amount = ["amount", "betrag", "total", "montant", "gesamt", "gesamtpreis", "summe", "bedrag", "importe", "importo", "subtotal", "totaal",
                      "gp", "net", "netto", "brutto", "gross", "linetotal", "totalht", "nettobetrag", "wert"]
        let price = ["price", "preis", "prix", "pu", "epreis", "einzelpreis", "einzelpr", "stuckpreis", "rate", "tarif", "precio", "prezzo", "prijs",
                     "ep", "unitprice"]
        let quantity = ["qty", "qte", "qt", "quantity", "quantite", "menge", "anzahl", "stk", "stuck", "cantidad", "cant", "quantita", "qta",
                        "aantal", "hours", "hrs", "stunden", "std", "heures", "units"]
        let description = Labels.itemDescription.map(labelNorm) + ["article", "designation", "text", "goods", "produkt", "produit", "prodotto", "producto"]
        for (words, role) in [(other, ItemColumn.Role.other), (tax, .tax), (amount, .amount), (price, .unitPrice), (quantity, .quantity),
                              (description, .description)] {
            for w in words { roles[w] = role }
        }
        return roles
    }()

    static let headingQualifiers: Set<String> = ["netto", "brutto", "net", "gross"]
    /// Words after which a heading word qualifies the column before ("Excl. VAT", "zzgl. MwSt.", "hors TVA").
    static let qualifierPrefixes: Set<String> = ["excl", "incl", "exkl", "inkl", "hors", "ohne", "zzgl", "plus", "without", "with", "ttc"]

    static func headingRole(_ text: String) -> ItemColumn.Role? {
        let t = labelNorm(text)
        if let r = itemHeadingRoles[t] { return r }
        if text.contains("%") { return .tax }
        // Compounds: "Nettobetrag", "Positionssumme", "Einzelpreis", "Liefermenge", "Steuersatz".
        guard t.count > 5 else { return nil }
        if t.hasSuffix("beschreibung") || t.hasSuffix("bezeichnung") || t.hasSuffix("description") || t.hasSuffix("designation") { return .description }
        if t.hasSuffix("betrag") || t.hasSuffix("summe") || t.hasSuffix("total") { return .amount }
        if t.hasSuffix("preis") || t.hasSuffix("prix") { return .unitPrice }
        if t.hasSuffix("menge") || t.hasSuffix("anzahl") { return .quantity }
        if t.hasSuffix("satz") { return .tax }
        return nil
    }

    /// Whether `line` heads a line items' table: a description's heading and an amount's or price's, and either a
    /// third of quantity, price, amount or tax, or nothing much else ("Description   Amount EUR"; not "• Beschreibung:
    /// Hardware Gesamt", nor the first line of a heading in three, "Ligne CODE ARTICLE, P.U. HT (EUR) Qté Charge (+)").
    static func isItemsTableHeading(_ line: TextLine) -> Bool {
        let roles = line.words.map { headingRole($0.text) }
        let known = roles.compactMap { $0 }.filter { $0 != .other }
        guard known.contains(.description), known.contains(where: { $0 == .amount || $0 == .unitPrice }) else { return false }
        // (A sentence that names a description, a price and a total is no heading: a heading is mostly headings.)
        guard roles.count <= 14, known.count * 3 >= roles.count else { return false }
        return known.count >= 3 || roles.count - roles.compactMap({ $0 }).count <= 1
    }

    /// The columns a heading names, left to right. A word that only qualifies the next one ("Unit Price",
    /// "Line Total", "Prix unitaire" the other way round) makes one column with it.
    static func itemColumns(_ header: TextLine) -> [ItemColumn] {
        let words = header.words
        let height = words.map { $0.y1 - $0.y0 }.max() ?? 10
        var columns: [ItemColumn] = []
        var i = 0
        while i < words.count {
            let w = words[i]
            // Two headings joined by a slash head one column ("Material / Beschreibung", "Menge / Einheit"): the description's
            // where either is, else the first known role of the two.
            if i + 2 < words.count, words[i + 1].text == "/", words[i + 2].x0 - w.x1 <= height * 3 {
                let roles = [headingRole(w.text), headingRole(words[i + 2].text)].compactMap { $0 }
                let role = roles.contains(.description) ? .description : roles.first { $0 != .other } ?? roles.first
                let heading = words[i...(i + 2)].map(\.text).joined(separator: " ")
                if let role { columns.append(ItemColumn(role: role, x0: w.x0, x1: words[i + 2].x1, heading: heading)) }
                else if !columns.isEmpty { columns[columns.count - 1].x1 = words[i + 2].x1; columns[columns.count - 1].heading += " " + heading }
                else { columns.append(ItemColumn(role: .other, x0: w.x0, x1: words[i + 2].x1, heading: heading)) }
                i += 3
                continue
            }
            let start = i
            var role = headingRole(w.text)
            var x1 = w.x1
            // "Preis brutto", "Summe netto": a qualifier right after a heading word is part of its column; alone
            // ("Menge   Netto") it heads the amounts.
            // So is any heading word after "Excl." or "zzgl." ("Line Amount Excl. VAT").
            let close = i > 0 && !columns.isEmpty && w.x0 - words[i - 1].x1 <= height * 1.2
            if close, Self.headingQualifiers.contains(labelNorm(w.text)) || Self.qualifierPrefixes.contains(labelNorm(words[i - 1].text)) { role = nil }
            if i + 1 < words.count, words[i + 1].x0 - w.x1 <= height * 1.2, let next = headingRole(words[i + 1].text), next != .other, next != .description {
                // "Unit Price", "Line Total": the first word qualifies the second. "Total Price", "Gesamt Betrag": one column of amounts.
                if role == nil && !Self.qualifierPrefixes.contains(labelNorm(w.text)) || role == .other {
                    role = next
                    x1 = words[i + 1].x1
                    i += 1
                } else if let r = role, [.amount, .unitPrice].contains(r), [.amount, .unitPrice].contains(next) {
                    role = r == .amount || next == .amount ? .amount : .unitPrice
                    x1 = words[i + 1].x1
                    i += 1
                }
            }
            let heading = words[start...i].map(\.text).joined(separator: " ")
            if let role { columns.append(ItemColumn(role: role, x0: w.x0, x1: x1, heading: heading)) }
            else if !columns.isEmpty { columns[columns.count - 1].x1 = x1; columns[columns.count - 1].heading += " " + heading }
            else { columns.append(ItemColumn(role: .other, x0: w.x0, x1: x1, heading: heading)) }
            i += 1
        }
        return columns
    }

    /// One row of the table as its columns read it.
    struct ItemRow {
        var description: String
        var quantity: Double?
        var unitPrice: Decimal?
        var amount: Decimal?
        var taxRate: Double?
        var amountHasCents = false

        /// A row with a quantity or a unit price as well as its amount: an item, whatever words its description holds.
        var isStrong: Bool { amount != nil && (quantity != nil || unitPrice != nil) && description.contains(where: \.isLetter) }
    }

    /// How a table's headings stand over its figures: at the left of their columns ("Price:" over a price printed to
    /// its right, up to the next heading) or at the right (over right-aligned figures, from the heading before).
    /// A description or code column's text stands at its left either way.
    enum HeadingAlignment { case left, right }

    /// The column whose span holds the middle of `w`, the headings standing as `alignment` says; the first and last
    /// columns reach to the page's edges.
    static func column(of w: SourceWord, in columns: [ItemColumn], _ alignment: HeadingAlignment) -> Int {
        let mid = (w.x0 + w.x1) / 2
        for k in columns.indices.dropLast() {
            // Text stands at the left of its column whatever the figures do: a description column reaches to the next heading.
            let text = columns[k].role == .description || columns[k].role == .other
            let boundary = alignment == .left || text ? columns[k + 1].x0 : columns[k].x1
            if mid < boundary { return k }
        }
        return columns.count - 1
    }

    static func isNumberToken(_ t: String) -> Bool {
        let core = t.trimmingCharacters(in: CharacterSet(charactersIn: "-−+()€$£%"))
        return !core.isEmpty && core.first!.isNumber && core.allSatisfy { $0.isNumber || ".,'’".contains($0) }
    }

    /// The alignment under which the rows' figures fall into the fewest columns already taken on their row: a row
    /// has one figure a column, so two in one column means the columns were drawn in the wrong place.
    static func headingAlignment(rows: ArraySlice<TextLine>, columns: [ItemColumn]) -> HeadingAlignment {
        func collisions(_ a: HeadingAlignment) -> Int {
            rows.reduce(0) { total, line in
                var taken = Set<Int>()
                var n = 0
                for w in line.words where isNumberToken(w.text) && !w.text.contains("%") {
                    if !taken.insert(column(of: w, in: columns, a)).inserted { n += 1 }
                }
                return total + n
            }
        }
        return collisions(.left) < collisions(.right) ? .left : .right
    }

    /// Reads `line` under `columns`. The description is the row's words up to its first number under a column
    /// of numbers (less a position number or code under a column of its own); each number after it belongs to
    /// the column whose span holds it.
    static func itemRow(_ line: TextLine, columns: [ItemColumn], alignment: HeadingAlignment, conventions c: Conventions) -> ItemRow {
        func column(of w: SourceWord) -> Int { Self.column(of: w, in: columns, alignment) }
        let isNumber = Self.isNumberToken
        let numeric: Set<ItemColumn.Role> = [.quantity, .unitPrice, .amount, .tax]
        let assigned = line.words.map { column(of: $0) }
        let firstNumber = line.words.indices.first { i in numeric.contains(columns[assigned[i]].role) && isNumber(line.words[i].text) } ?? line.words.count
        let hasDescriptionColumn = columns.contains { $0.role == .description }
        // The description: the words before that first figure (less those under a column of their own, a position or a
        // code), and any under a description column after it (a quantity may come first: "2   Entwicklerkonferenz").
        let inDescription = line.words.indices.filter { i in
            i < firstNumber ? (!hasDescriptionColumn || columns[assigned[i]].role != .other) : columns[assigned[i]].role == .description
        }
        let descriptionWords = inDescription.map { line.words[$0] }
        // The rest in runs of words a space apart ("1 109,88" is one figure; columns stand further apart than a space),
        // each run under the column that holds it.
        // Two runs under one column where a column beside it is left empty were moved a little on this page (a table
        // carried over a page break without its heading): the left one is the empty column's on the left, or the
        // right one the empty column's on the right.
        let height = line.words.map { $0.y1 - $0.y0 }.max() ?? 10
        var runs: [[SourceWord]] = []
        for i in line.words.indices.dropFirst(firstNumber) where !inDescription.contains(i) && columns[assigned[i]].role != .other {
            let w = line.words[i]
            // (A sign alone, "%" or "€", goes with the figure before it.)
            let sign = !w.isReadable
            if let last = runs.last?.last, w.x0 - last.x1 <= height * (sign ? 1.2 : 0.8) { runs[runs.count - 1].append(w) } else { runs.append([w]) }
        }
        var placed = runs.map { run in column(of: SourceWord(text: "", x0: run[0].x0, y0: run[0].y0, x1: run.last!.x1, y1: run[0].y1, page: run[0].page)) }
        for j in runs.indices.dropFirst() where placed[j] == placed[j - 1] {
            let k = placed[j]
            let taken = Set(placed)
            if k > 0, numeric.contains(columns[k - 1].role), !taken.contains(k - 1), j < 2 || placed[j - 2] < k - 1 { placed[j - 1] = k - 1 }
            else if k + 1 < columns.count, numeric.contains(columns[k + 1].role), !taken.contains(k + 1) { placed[j] = k + 1 }
        }
        var cells: [Int: [[SourceWord]]] = [:]
        for (j, run) in runs.enumerated() { cells[placed[j], default: []].append(run) }
        func text(_ role: ItemColumn.Role, last: Bool = false) -> String? {
            let ks = columns.indices.filter { columns[$0].role == role }
            guard let k = last ? ks.last : ks.first else { return nil }
            return cells[k].map(Self.cellText)
        }
        func money(_ s: String?) -> Decimal? {
            guard let s else { return nil }
            return Amounts.find(in: s, decimalSeparator: c.decimalSeparator).last?.value ?? Amounts.findWhole(in: s).last?.value
        }
        var row = ItemRow(description: descriptionWords.map(\.text).joined(separator: " "))
        let amountText = amountColumnText(columns: columns, cells: cells)
        row.amount = money(amountText)
        row.amountHasCents = amountText.map(LayoutExtractor.hasCents) ?? false
        row.unitPrice = money(text(.unitPrice))
        if let q = text(.quantity)?.split(separator: " ").first(where: { isNumber(String($0)) && !$0.contains("%") }) {
            // ("0.5" in a document of decimal commas is a half; "1.000" there a thousand.)
            row.quantity = (Amounts.parse(String(q), decimalSeparator: c.decimalSeparator) ?? Amounts.parse(String(q))).map(Amounts.double)
        }
        if let t = text(.tax), t.contains("%"), let m = LayoutExtractor.rowTaxRate.firstRange(in: t) {
            row.taxRate = Double(t[m].replacingOccurrences(of: ",", with: "."))
        }
        return row
    }

    /// The text under the line's amount column: the net one where the heading says which ("Net   Gross", "Montant HT"),
    /// else the one before a tax column that stands between two ("Subtotal | VAT | Total"), else the last.
    static func amountColumnText(columns: [ItemColumn], cells: [Int: [[SourceWord]]]) -> String? {
        let amounts = columns.indices.filter { columns[$0].role == .amount }
        let prices = columns.indices.filter { columns[$0].role == .unitPrice }
        // A table whose only money column is headed "Price" / "Preis" prints the line's amount there.
        guard var k = amounts.last ?? prices.last else { return nil }
        if amounts.count > 1, let net = amounts.last(where: { isNetHeading(columns[$0].heading) }) { k = net }
        else if let tax = columns.indices.first(where: { columns[$0].role == .tax }), k > tax, let before = amounts.last(where: { $0 < tax }) { k = before }
        return cells[k].map(cellText)
    }

    /// "Net", "Netto", "Nettobetrag", "Montant HT", "Total HT", "Importe neto".
    static func isNetHeading(_ heading: String) -> Bool {
        heading.split(separator: " ").contains { w in
            let t = labelNorm(String(w))
            return t.hasPrefix("net") || t == "ht" || t == "neto" || t == "excl"
        }
    }

    /// A cell's runs of words as text: a space within a run, a column's gap between runs (two figures stay two).
    static func cellText(_ runs: [[SourceWord]]) -> String {
        runs.map { $0.map(\.text).joined(separator: " ") }.joined(separator: LineColumns.gap)
    }

    /// Words that carry a table's sum over a page break ("Übertrag", "à reporter", "carried forward").
    static let carryForwardWords: Set<String> = ["ubertrag", "uebertrag", "vortrag", "report", "reporter", "reporte", "carried", "brought",
                                                 "transport", "riporto"]

    /// Line items in a table: a heading with a description and an amount column, then the rows under it up to
    /// the totals.
    func lineItems(in text: DocumentText, hits: [[Hit]], conventions c: Conventions) -> Candidate? {
        guard let header = text.lines.firstIndex(where: Self.isItemsTableHeading) else { return nil }
        let totalsFields: Set<String> = ["net_total", "tax_total", "total", "amount_due"]
        var columns = Self.itemColumns(text.lines[header])
        // A heading with a quantity and a price but no amount column ("Qté   P.U. HT" with "Montant HT" on a second
        // heading line) does not say where a line's amount stands: better no rows than the prices read as amounts.
        guard columns.contains(where: { $0.role == .amount }) || !columns.contains(where: { $0.role == .quantity }) else { return nil }
        func alignment(from li: Int) -> HeadingAlignment {
            let rows = text.lines[li...].prefix { $0.page == text.lines[li].page }.prefix(30)
            return Self.headingAlignment(rows: rows, columns: columns)
        }
        var aligned = alignment(from: min(header + 1, text.lines.count - 1))
        var items: [JSONValue] = []
        var page = text.lines[header].page
        var awaitingPage = false
        var runningSum = 0.0
        var itemsOnPage = 0
        var pageEnded = false   // "à reporter" was read: the rest of this page is its footer
        func isTotalsLine(_ li: Int) -> Bool { hits[li].contains { totalsFields.contains($0.field) } }
        // (A text layer may glue "Übertrag" to the word before it: "StraßeÜbertrag".)
        func isCarriedForward(_ line: TextLine) -> Bool {
            line.words.contains { w in let t = Self.labelNorm(w.text); return Self.carryForwardWords.contains(t) || t.hasSuffix("ubertrag") }
        }
        func row(_ li: Int) -> ItemRow { Self.itemRow(text.lines[li], columns: columns, alignment: aligned, conventions: c) }
        // A totals label at the start of a row makes it a totals row, however many figures it has ("VAT 21.00   522.31
        // 109.69   632.00" in a tax summary); one inside a description ("Table tennis net") does not.
        func leadsWithTotals(_ li: Int) -> Bool { hits[li].contains { totalsFields.contains($0.field) && $0.start == 0 } }
        var li = header + 1
        scan: while li < text.lines.count {
            defer { li += 1 }
            let line = text.lines[li]
            if line.page != page {
                page = line.page
                awaitingPage = true
                pageEnded = false
                itemsOnPage = 0
            }
            if Self.isItemsTableHeading(line) {
                columns = Self.itemColumns(line)
                aligned = alignment(from: min(li + 1, text.lines.count - 1))
                awaitingPage = false
                continue
            }
            var r = row(li)
            // "À reporter" under a page's rows ends the page's part of the table (a footer may follow); "Report" or
            // "Übertrag" at the top of the next page takes it up again. Neither is an item, even on a line the text
            // layer joined with a footer's figures, where its amount is the rows' sum so far.
            if isCarriedForward(line), !r.isStrong || Amounts.find(in: line.text, decimalSeparator: c.decimalSeparator).contains(where: {
                abs(Amounts.double($0.value) - runningSum) < 0.011 }) {
                awaitingPage = !awaitingPage && itemsOnPage > 0
                pageEnded = awaitingPage
                continue
            }
            // A new page goes on with the table only after its heading or a carried-forward line.
            if awaitingPage {
                if !pageEnded, isTotalsLine(li) { break }
                continue
            }
            // A row of figures alone ("1   25,00   pcs   2,06   19,00   51,50") whose description is printed on the line
            // above it.
            if r.description.isEmpty, r.amount != nil, r.quantity != nil, r.unitPrice != nil, li > header + 1, text.lines[li - 1].page == page,
               row(li - 1).amount == nil, case let above = text.lines[li - 1].text, above.contains(where: \.isLetter), !isTotalsLine(li - 1) {
                r.description = above.replacingOccurrences(of: LineColumns.gap, with: " ")
            }
            // A row with an amount alone ("Versandkosten   5,90") is an item where it has cents and no totals label ("Seite
            // 2 von 4" has neither).
            // "Surcharge/charge:   0,00 €" under the rows is a label and its value, not an item.
            let flat = r.amount != nil && r.amount != 0 && r.amountHasCents && r.description.contains(where: \.isLetter) && !isTotalsLine(li)
                && !r.description.hasSuffix(":")
            if (r.isStrong && !leadsWithTotals(li)) || flat {
                var item: [String: JSONValue] = ["description": .string(r.description), "amount": .number(Amounts.double(r.amount!))]
                if let p = r.unitPrice { item["unit_price"] = .number(Amounts.double(p)) }
                if let q = r.quantity { item["quantity"] = .number(q) }
                if let t = r.taxRate { item["tax_rate"] = .number(t) }
                items.append(.object(item))
                runningSum += Amounts.double(r.amount!)
                itemsOnPage += 1
                continue
            }
            guard isTotalsLine(li) else { continue }
            // A group's subtotal ("Summe Lieferschein …", "Sous-total chantier A") when rows with a quantity or price
            // follow within three lines; otherwise the table's end.
            for next in (li + 1)..<min(li + 4, text.lines.count) where text.lines[next].page == page {
                if isTotalsLine(next) { break }
                if row(next).isStrong { continue scan }
            }
            break
        }
        guard !items.isEmpty else { return nil }
        return Candidate(value: .array(items), text: "\(items.count) rows", score: 0.7, strategy: "layout", page: text.lines[header].page, words: [],
                         note: "table under '\(text.lines[header].text)'")
    }

    /// The rows that are not the sum of rows beside them: a bundle's or group's row printed over its parts ("Kaffee-
    /// Display 216,00" over "30,00", "60,00", "126,00"), or a group's subtotal under them ("Subtotal hardware 1.000,00").
    /// Nested groups lose every level. For reconciling with the net only: by chance a row can equal its neighbours' sum.
    static func leafRows(_ amounts: [Double]) -> [Int] {
        func sums(_ i: Int, _ range: StrideTo<Int>) -> Bool {
            var total = 0.0, n = 0
            for j in range {
                total += amounts[j]
                n += 1
                if n >= 2, abs(total - amounts[i]) < 0.005 { return true }
                if n >= 12 { break }
            }
            return false
        }
        return amounts.indices.filter { i in
            amounts[i] == 0 || !(sums(i, stride(from: i + 1, to: amounts.count, by: 1)) || sums(i, stride(from: i - 1, to: -1, by: -1)))
        }
    }
}

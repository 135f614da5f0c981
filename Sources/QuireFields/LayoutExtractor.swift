import Foundation
public import QuireCore
import Synchronization

/// Generic, layout-aware extraction for vendors with no template: finds labels from the
/// dictionaries on each line, reads the value by position (the same line to the right of the
/// label, or the line below it, within the label's column) using the word boxes, scores every
/// candidate and keeps the best with its alternatives. Patterns that need no label (IBAN, VAT id,
/// currency) are scanned over the whole text and checked.
public struct LayoutExtractor: Sendable {
    public let schema: FieldSchema
    /// The currency of a document that prints none and whose vendor's country says none (a pipeline's
    /// `currency` setting: a receipts inbox in one country).
    public var defaultCurrency: String? = nil
    /// The schema's labels, tokenised once, by their first token.
    let labelsByFirstToken: [String: [Label]]
    /// Labels of two or more words by their words run together ("fälligam" for "Fällig am"), as a scan reads a label
    /// whose space it lost: at least six letters, and not a one-word label of its own.
    let labelsByGluedTokens: [String: [Label]]

    public init(schema: FieldSchema) {
        self.schema = schema
        // The labels tokenised once per schema, not per document: tokenising every label (folding accents, keeping letters)
        // took a fifth of a born-digital invoice's extraction. Keyed by the schema's name and its fields (labels included), so that
        // a pipeline's own schema of the same name gets its own.
        let key = LabelCacheKey(schema: schema.name, fields: schema.fields)
        if let cached = Self.labelCache.withLock({ $0[key] }) {
            (self.labelsByFirstToken, self.labelsByGluedTokens) = cached
        } else {
            let labels = Self.labels(of: schema)
            var byFirst: [String: [Label]] = [:]
            for l in labels { byFirst[l.tokens[0], default: []].append(l) }
            var glued: [String: [Label]] = [:]
            for l in labels where l.tokens.count >= 2 {
                let joined = l.tokens.joined()
                guard joined.count >= 6, !(byFirst[joined] ?? []).contains(where: { $0.tokens.count == 1 }) else { continue }
                glued[joined, default: []].append(l)
            }
            (self.labelsByFirstToken, self.labelsByGluedTokens) = (byFirst, glued)
            // (A handful of schemas in a process; a pipeline reloaded with changed labels adds one more.)
            Self.labelCache.withLock { if $0.count < 64 { $0[key] = (byFirst, glued) } }
        }
    }

    /// What the extractor knows of the document's conventions.
    public struct Conventions: Sendable {
        public var decimalSeparator: Character?
        public var dateOrder: Dates.Order
        public var country: String?
    }

    struct Label: Sendable {
        var field: String
        var tokens: [String]
        var weight: Double
    }
    /// Each schema's labels by first token and run together (``init(schema:)``).
    private static let labelCache = Mutex<[LabelCacheKey: (byFirst: [String: [Label]], glued: [String: [Label]])]>([:])
    private struct LabelCacheKey: Hashable {
        var schema: String
        var fields: [FieldDefinition]
    }

    struct Hit {
        var field: String
        var line: Int
        var start: Int, end: Int   // word indices, end exclusive
        var weight: Double
        var tokenCount: Int
    }

    static func norm(_ s: String) -> String {
        // ASCII, most words: letters lowered, digits kept, the rest dropped, byte by byte.
        if s.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(s.utf8.count)
            for b in s.utf8 {
                switch b {
                case 0x30...0x39, 0x61...0x7A: bytes.append(b)
                case 0x41...0x5A: bytes.append(b + 0x20)
                default: break
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        return String(s.lowercased().unicodeScalars.filter { alphanumerics.contains($0) }.map(Character.init))
    }
    /// (Made once: Foundation builds `CharacterSet.alphanumerics` anew on every use, and `norm` runs on every word.)
    private static let alphanumerics = CharacterSet.alphanumerics

    /// A word as labels are matched: ``norm(_:)`` without accents, on both sides ("Fällig", "Échéance" as a scan
    /// often reads them: "Fallig", "Echeance").
    static func labelNorm(_ s: String) -> String {
        norm(s.withoutAccents())
    }

    /// Endings of words that name an invoice or credit note ("Handelsrechnung", "Schlussrechnung", "Invoice", "Facture").
    static let titleStems = ["rechnung", "invoice", "facture", "factuur", "factura", "fattura", "gutschrift", "avoir", "creditnote",
                             // A professional's fee note ("NOTE D'HONORAIRES N° …", "Privatliquidation Nr. …").
                             "honoraires", "privatliquidation"]
    /// Words after an invoice's title that say which kind it is (normalised as labels are: "d'acompte" → "dacompte").
    static let titleKinds: Set<String> = ["rectificative", "rectificativa", "rettificativa", "corrective", "corrigee", "dacompte", "acompte",
                                          "finale", "definitive", "complementaire", "proforma", "differita", "simplificada", "simplifiee",
                                          "corrected", "korrigierte"]
    /// Words that start order or delivery documents' names, whose numbers are not the invoice's.
    static let orderStems = ["bestell", "auftrag", "liefer", "order", "commande"]
    /// Tokens (normalised) that say a number follows.
    static let numberMarkers: Set<String> = ["nr", "no", "n", "nº", "n°", "num", "number", "nummer", "numéro", "numero", "nummer"]

    /// "P.IVA 09953514920", "Partita IVA: …": group 1 is the number.
    static let italianVATNumber = try! NSRegularExpression(pattern: #"(?i)(?:p\.\s?iva|partita\s+iva)\s*[:.]?\s*(\d{11})(?!\d)"#)

    /// The word that joins a date's label to its date ("fällig am", "payable on", "échéance le"), when a line breaks
    /// between them.
    static let dateConnectives: Set<String> = ["am", "zum", "bis", "vom", "on", "by", "le", "au", "du", "op", "per"]

    static let demonstratives: Set<String> = ["diese", "dieser", "diesen", "dieses", "this", "cette", "ce", "deze", "dit", "esta", "este", "questa", "questo"]

    /// Whether a party's one-word label is a word of a company's name ("Muster Kunde GmbH", "Beispiel Client SARL"): a
    /// word before it in the same phrase, neither ending a label with a colon, and after it only the legal form.
    static func isWordOfAName(_ hit: Hit, in line: TextLine) -> Bool {
        guard hit.field == "buyer_name" || hit.field == "vendor_name", hit.end - hit.start == 1, hit.start > 0, hit.end < line.words.count
        else { return false }
        let before = line.words[hit.start - 1], label = line.words[hit.start]
        guard !before.text.hasSuffix(":"), !label.text.hasSuffix(":"), before.text.first?.isUppercase == true,
              !startsColumn(hit.start, of: line) else { return false }
        var end = hit.end
        while end < line.words.count, !startsColumn(end, of: line) { end += 1 }
        return end > hit.end && onlyLegalForm(line.words[hit.end..<end].map(\.text).joined(separator: " "))
    }

    /// Whether the word at `i` starts a column of its line: a gap of more than two of its heights before it.
    static func startsColumn(_ i: Int, of line: TextLine) -> Bool {
        guard i > 0, i < line.words.count else { return i == 0 }
        let w = line.words[i]
        return w.x0 - line.words[i - 1].x1 > 2 * max(4, w.y1 - w.y0)
    }

    /// The last of three or more amounts on a row when it is the sum of the others (a row of a totals matrix, one column
    /// per rate and one for the sum); nil otherwise.
    static func sumAtRowEnd(_ words: [SourceWord], parse: (SourceWord) -> Candidate?) -> Candidate? {
        let amounts = words.compactMap(parse).filter { $0.value.numberValue != nil }
        let cents = amounts.compactMap(\.value.numberValue).map { Int64(($0 * 100).rounded()) }
        return isRateMatrixRow(cents) ? amounts.last : nil
    }

    /// Two printed dates alike but for one figure (a date printed twice on a receipt, OCR misreading one of them).
    static func misreadTwins(_ a: Substring, _ b: Substring) -> Bool {
        a.count == b.count && a != b && zip(a, b).allSatisfy { $0 == $1 || ($0.isNumber && $1.isNumber) } && zip(a, b).filter { $0 != $1 }.count == 1
    }

    /// The mean OCR confidence of words (1 for a PDF's own words).
    static func meanConfidence(_ words: [SourceWord]) -> Double {
        let c = words.map { $0.confidence ?? 1 }
        return c.isEmpty ? 0 : c.reduce(0, +) / Double(c.count)
    }

    /// Whether text starts with a time of day after white space ("13:03", "9:41:07", "13.03 Uhr").
    static func startsWithTime(_ text: Substring) -> Bool {
        timeAtStart.matches(text)
    }
    static let timeAtStart = Pattern(#"^\s+(([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d)?(\s|$)|([01]?\d|2[0-3])[.:][0-5]\d\s*[Uu]hr)"#)

    /// Whether `group` is the first group of an IBAN printed in fours: two capitals and two check digits (a scan may read
    /// a 0 as O), four digits after it, and "IBAN" before it or the groups after it completing an IBAN whose check holds.
    static func startsGroupedIBAN(_ group: String, before: String?, after: [String]) -> Bool {
        guard group.count == 4, group.prefix(2).allSatisfy({ $0.isLetter && $0.isUppercase }),
              let next = after.first, next.count == 4, next.allSatisfy(\.isNumber) else { return false }
        if let b = before, labelNorm(b) == "iban" { return true }
        var joined = group
        for g in after.prefix(8) {
            guard g.count <= 4, g.allSatisfy({ $0.isNumber || $0.isUppercase }) else { break }
            joined += g
            if joined.count >= 15, IBAN.check(joined).passed { return true }
        }
        return false
    }

    /// Whether the document says it is self-billed: written by the customer for its supplier ("Abrechnung im
    /// Gutschriftsverfahren", § 14 Abs. 2 UStG; "Autofacturation", CGI art. 289; "self-billing invoice"; "factuur
    /// uitgereikt door afnemer").
    static func isSelfBilled(_ text: DocumentText) -> Bool {
        text.lines.contains { line in
            let t = line.text.lowercased().withoutAccents()
            return selfBillingPhrases.contains { t.contains($0) }
        }
    }
    static let selfBillingPhrases = ["gutschriftsverfahren", "gutschriftverfahren", "abrechnungsgutschrift", "self-billing", "self billing", "self-billed",
                                     "autofacturation", "auto-facturation", "uitgereikt door afnemer", "uitgereikt door de afnemer", "facturacion por el destinatario"]

    /// The parties of a self-billed invoice turned round: a name in the address window is the seller's (EN 16931's seller
    /// is the supplier, whoever wrote the document) and the letterhead's is the buyer's; a VAT id labelled "your" is the
    /// seller's and one labelled "our" or not labelled as anyone's is the writer's; an IBAN is the seller's only where the
    /// text says it is the addressee's account ("auf Ihr Konto", "Ihre Bankverbindung", "votre compte"): the others are the
    /// writer's own bank.
    static func turnPartiesOfSelfBilled(_ out: inout [String: [Candidate]], text: DocumentText) {
        func possessives(_ c: Candidate, back: Int) -> Set<String> {
            guard let w = c.words.first, let li = text.lines.firstIndex(where: { $0.words.contains(w) }), let k = text.lines[li].words.firstIndex(of: w) else { return [] }
            var words = text.lines[li].words[max(0, k - back)..<k].map { labelNorm($0.text) }
            // (The label may stand on the line above an account that wraps or is set under it.)
            if k == 0, li > 0, text.lines[li - 1].page == text.lines[li].page { words += text.lines[li - 1].words.suffix(back).map { labelNorm($0.text) } }
            return Set(words)
        }
        /// The candidate as the seller's (at least 0.93) or as the writer's, the buyer's (`weight` as much).
        func turned(_ c: Candidate, seller: Bool, weight: Double, _ why: String) -> Candidate {
            var c = c
            c.score = seller ? max(c.score, 0.93) : c.score * weight
            c.otherParty = !seller
            c.note += "; " + why
            return c
        }
        if let names = out["vendor_name"], names.contains(where: \.addressee) {
            out["vendor_name"] = names.map { c in
                c.addressee ? turned(c, seller: true, weight: 1, "the addressee of a self-billed invoice: its seller")
                    : turned(c, seller: false, weight: 0.5, "the writer of a self-billed invoice: its buyer")
            }
        }
        if let ids = out["vendor_vat_id"] {
            out["vendor_vat_id"] = ids.map { c in
                possessives(c, back: 4).isDisjoint(with: buyerPossessives)
                    ? turned(c, seller: false, weight: 0.6, "not labelled as the addressee's on a self-billed invoice: the writer's, its buyer")
                    : turned(c, seller: true, weight: 1, "'your' VAT id on a self-billed invoice: the seller's")
            }
        }
        if let accounts = out["vendor_iban"] {
            let yours = accounts.filter { !possessives($0, back: 6).isDisjoint(with: buyerPossessives) }
            out["vendor_iban"] = yours.isEmpty ? nil : yours.map { turned($0, seller: true, weight: 1, "the addressee's account on a self-billed invoice: the seller's") }
        }
    }

    /// Whether a line speaks of a direct debit: the amount taken from the customer's account.
    static func isDirectDebit(_ text: String) -> Bool {
        // (Without accents: a scan reads "prélevé le" as "preleve le".)
        let t = text.lowercased().withoutAccents()
        return foldedDirectDebitStems.contains { t.contains($0) }
    }
    static let foldedDirectDebitStems = directDebitStems.map { $0.folding(options: .diacriticInsensitive, locale: nil) }
    static let directDebitStems = ["abgebucht", "abbuchen", "abbuchung", "von ihrem konto ab", "eingezogen", "lastschrift", "direct debit", "debited from", "prélevé", "prélèvement", "prelevement",
                                   "afgeschreven", "automatische incasso", "domiciliation", "domiciliëring", "addebitato", "addebito", "domiciliación"]

    /// Words that join a document number to its date ("vom", "du", "dated", "of").
    static let dateJoiners: Set<String> = ["vom", "du", "dated", "of", "from", "del", "van", "datum", "date", "le", "den"]
    /// The joiners that start a line of their own under a document number's label ("Rechnung Nr." over "vom …"); "date",
    /// "le", "den" there are a label or a dateline of their own.
    static let numberDateJoiners: Set<String> = ["vom", "du", "dated", "del", "van"]

    /// Whether the word at `j` is a document number that ends its title line: figures and at least three digits, or
    /// letters with at least three digits ("FAC/2025/0042", "I/00017", "2026-0815"; not "1/2", a year, a date or an amount),
    /// with nothing after it but a date joined by "vom", "du", "dated".
    static func isTitledNumber(at j: Int, in line: TextLine) -> Bool {
        guard j < line.words.count else { return false }
        let t = line.words[j].text.trimmingCharacters(in: CharacterSet(charactersIn: ":,;"))
        guard t.count >= 4, t.filter(\.isNumber).count >= 3, t.allSatisfy({ $0.isLetter || $0.isNumber || "/-_.".contains($0) }),
              Dates.find(in: t, order: .dmy).isEmpty, Amounts.find(in: t).isEmpty || t.contains(where: \.isLetter),
              !yearAlone.matches(t) else { return false }   // "Jahresrechnung 2026"
        let rest = line.words[(j + 1)...]
        guard let first = rest.first else { return true }
        return dateJoiners.contains(first.text.lowercased().trimmingCharacters(in: .punctuationCharacters)) && rest.count <= 4
    }

    /// Words that say a line is about another document than this one.
    /// (And a payment already made on another invoice: "Acompte versé le … (facture n° …)", "erhaltene Anzahlung".)
    static let otherDocument: Set<String> = ["associée", "associé", "associee", "associe", "ursprünglichen", "ursprüngliche", "ursprünglich", "original",
                                             "versé", "versée", "verse", "versee", "erhaltene", "geleistete",
                                             "corrected", "korrigierte", "précédente", "precedente", "previous", "related", "referenced", "bezugsrechnung"]

    /// The numbers (normalised as labels are) printed within eight words after a word that says this document takes
    /// another's place ("annule et remplace la facture n° F26-12 du …", "ersetzt Rechnung Nr. 12 vom …").
    static func replacedNumbers(in text: DocumentText) -> Set<String> {
        var out: Set<String> = []
        for line in text.lines {
            guard let r = line.words.firstIndex(where: { replacesWords.contains(labelNorm($0.text)) }) else { continue }
            for w in line.words[(r + 1)...].prefix(8) where w.text.contains(where: \.isNumber) { out.insert(labelNorm(w.text)) }
        }
        return out
    }

    /// Words before a label that say this document takes the place of the one the label names (normalised as labels are).
    static let replacesWords: Set<String> = ["ersetzt", "ersetzend", "replaces", "replacing", "supersedes", "remplace", "annule", "vervangt"]
    /// Words that say a document was cancelled: a line with one names another document than this one.
    static let cancelledWords: Set<String> = ["storniert", "annulee", "annulée", "cancelled", "canceled", "geannuleerd"]

    /// Whether `line` prints the name `key` (normalised) as a name of its own, not as the end of a longer one ("Solutions e.K."
    /// in a footer's "Soltec Solutions e.K.": a scan split the letterhead, and its second half is not the seller's name).
    static func names(_ key: String, alone line: TextLine) -> Bool {
        guard norm(line.text).contains(key) else { return false }
        let words = line.words
        return runs(spelling: key, in: words, by: norm).map(\.range.lowerBound).contains { j in
            guard j > 0, case let before = words[j - 1], before.text.allSatisfy(\.isLetter), before.text.first?.isUppercase == true else { return true }
            return words[j].x0 - before.x1 >= max(4, before.y1 - before.y0)
        }
    }

    /// The runs of `words` (a line's, in order) whose texts, each normalised by `normalise` and joined, start with `key`
    /// ("Fel" "mer" "Handel" … for "felmerhandel"); `exact` where they end with it too, at a word's end.
    static func runs(spelling key: String, in words: [SourceWord], by normalise: (String) -> String) -> [(range: Range<Int>, exact: Bool)] {
        guard !key.isEmpty else { return [] }
        var out: [(range: Range<Int>, exact: Bool)] = []
        for j in words.indices {
            var joined = "", end = j
            while end < words.count, joined.count < key.count {
                joined += normalise(words[end].text)
                end += 1
            }
            if joined.hasPrefix(key) { out.append((j..<end, joined == key)) }
        }
        return out
    }

    /// "<Place>, den|le|el|il <date>" at the head of a letter; group 1 is the date and what follows.
    static let dateline = try! NSRegularExpression(pattern: #"(?:^|\s)\p{Lu}[\p{L}.\- ]{1,30},\s+(?:den|le|el|il|am)\s+(\d.*)$"#)

    static let generic: Set<String> = ["no", "number", "nummer", "invoice", "rechnung", "facture", "factuur", "factura", "fattura", "data", "po", "che", "bar", "gesamt"]

    /// A bare "Tax Point" is the date of supply for VAT, which a UK invoice prints as its date where it prints no other, but
    /// beside an "Invoice Date" it is the supply's ("Invoice Date 10/07/2025", "Tax Point 30/06/2025"): less sure than the
    /// invoice date's own labels ("Date/Tax Point" and "Tax Point Date" name the invoice's date and stay as sure).
    static let supplyDates: Set<String> = ["tax point"]

    /// Labels of a document's number under another name: below an invoice number's own label where a document prints both.
    static let secondary = Set(Labels.documentNumber + Labels.selfBilledNumber)

    static func labels(of schema: FieldSchema) -> [Label] {
        var out: [Label] = []
        for f in schema.fields {
            for l in f.labels {
                let tokens = l.split(separator: " ").map { Self.labelNorm(String($0)) }.filter { !$0.isEmpty }
                guard !tokens.isEmpty else { continue }
                // (A short label is as sure as a long one where it is a compound written with a hyphen: "RG-Nr.", "Re-Nr.",
                // "Beleg-Nr." are the invoice number's, as "Rechnungsnummer" is; a lone "Nr." is anything's.)
                let compound = tokens.count == 1 && l.contains("-") && tokens[0].count >= 4
                // (A credit note's own labels are its number's, however weak they are on an invoice.)
                let secondary = Self.secondary.contains(l) && !(f.name == "invoice_number" && schema.name == "credit_note" && Labels.creditNoteNumber.contains(l))
                let weight = Self.generic.contains(l) ? 0.55 : secondary ? 0.7 : Self.supplyDates.contains(l) ? 0.8
                    : (tokens.count >= 2 || tokens[0].count >= 8 || compound ? 1.0 : 0.85)
                out.append(Label(field: f.name, tokens: tokens, weight: weight))
            }
        }
        return out
    }

    /// Finds label occurrences on every line; a label inside a longer one at the same place is dropped.
    func hits(in text: DocumentText) -> [[Hit]] {
        let byFirst = labelsByFirstToken
        var all: [[Hit]] = text.lines.enumerated().map { (li, line) in
            let tokens = line.words.map { Self.labelNorm($0.text) }
            var hits: [Hit] = []
            for (i, t) in tokens.enumerated() where !t.isEmpty {
                for l in byFirst[t] ?? [] {
                    // Match label tokens against the following non-empty word tokens.
                    var j = i, k = 0
                    while k < l.tokens.count, j < tokens.count {
                        if tokens[j].isEmpty { j += 1; continue }
                        // Two of the label's words run together into one ("Net apayer" on a scan): that word matches both.
                        if k + 1 < l.tokens.count, tokens[j] == l.tokens[k] + l.tokens[k + 1] { j += 1; k += 2; continue }
                        if tokens[j] != l.tokens[k] { break }
                        j += 1; k += 1
                    }
                    if k == l.tokens.count {
                        hits.append(Hit(field: l.field, line: li, start: i, end: j, weight: l.weight, tokenCount: l.tokens.count))
                    }
                }
                for l in labelsByGluedTokens[t] ?? [] {
                    hits.append(Hit(field: l.field, line: li, start: i, end: i + 1, weight: l.weight, tokenCount: l.tokens.count))
                }
            }
            // A document title with a number marker is the document number's label, in any compound
            // ("Handelsrechnung (380) Nr. 80-17", "Invoice No. 17", "Facture n° 562", "Gutschrift Nr 9"):
            // the title word, an optional code in parentheses, then the marker.
            if schema.field("invoice_number") != nil {
                // (A delivery note that is the invoice too, "Lieferschein/Rechnung Nr.", "Bon de livraison/Facture n°": its
                // title after the slash is an invoice's.)
                let alsoInvoice = { (i: Int) -> Bool in
                    guard line.words[i].text.contains("/"), let last = line.words[i].text.split(separator: "/").last else { return false }
                    let t = Self.labelNorm(String(last))
                    return Self.titleStems.contains(where: { t.hasSuffix($0) }) && !Self.orderStems.contains(where: { t.hasPrefix($0) })
                }
                for (i, t) in tokens.enumerated() where Self.titleStems.contains(where: { t.hasSuffix($0) })
                    && (!Self.orderStems.contains(where: { t.hasPrefix($0) }) || alsoInvoice(i)) {
                    var j = i + 1
                    // A word that says which kind of invoice ("FACTURE RECTIFICATIVE N°", "Factura rectificativa nº", "Facture
                    // d'acompte n°"); not any word: "Facture client n°" is the customer's number.
                    if j < tokens.count, Self.titleKinds.contains(tokens[j]) { j += 1 }
                    let afterTitle = j
                    // One more word may stand before a document code ("Teilrechnung Bau (875) Nr.").
                    if j + 1 < line.words.count, !line.words[j].text.hasPrefix("("), line.words[j + 1].text.hasPrefix("(") { j += 1 }
                    if j < line.words.count, line.words[j].text.hasPrefix("(") { j += 1 }
                    if j < tokens.count, Self.numberMarkers.contains(tokens[j]) || ["#", "#:"].contains(line.words[j].text) {
                        hits.append(Hit(field: "invoice_number", line: li, start: i, end: j + 1, weight: 1.0, tokenCount: j + 1 - i))
                    } else if j == afterTitle, i <= 1 || Self.startsColumn(i, of: line), Self.isTitledNumber(at: j, in: line) {
                        // A title line that is the title and a document number alone ("Facture FAC/2025/0042", "INVOICE
                        // I/00017", "Rechnung 2026-0815", perhaps with "vom <date>"): the title labels the number. So does
                        // a column that is the title and the number, beside the letterhead ("Beispiel OHG   Rechnung 2025-805").
                        hits.append(Hit(field: "invoice_number", line: li, start: i, end: i + 1, weight: 1.0, tokenCount: 1))
                    }
                }
            }
            // A bare "Référence" / "Reference" / "Pièce" heading in a row with the issue date's heading ("Référence   Date   Échéance",
            // an accounting package's "Pièce   Date   Code client"): the document's reference, its number, as sure as another
            // name for it (0.7). Elsewhere it may be anyone's (a "pièce" is also a unit of the items).
            if schema.field("invoice_number") != nil, hits.contains(where: { $0.field == "issue_date" }) {
                for (i, t) in tokens.enumerated() where (t == "reference" || t == "piece") && !hits.contains(where: { $0.start <= i && i < $0.end }) {
                    hits.append(Hit(field: "invoice_number", line: li, start: i, end: i + 1, weight: 0.7, tokenCount: 1))
                }
            }
            // A label in two languages joined by a slash ("Rechnungs-Nr. / Invoice No.", "Datum / Date"): one label, as sure as
            // the surer of its halves, whose value follows the second (the first's "value" is the second half).
            for b in hits.indices {
                guard hits[b].start >= 2, line.words[hits[b].start - 1].text == "/",
                      let a = hits.indices.first(where: { hits[$0].field == hits[b].field && hits[$0].end == hits[b].start - 1 }) else { continue }
                hits[b].weight = max(hits[b].weight, hits[a].weight)
            }
            // A label ends no clause ("Bitte prüfen Sie diese Gutschrift; widersprechen …"), and a title word after a
            // demonstrative ("this invoice", "diese Rechnung", "cette facture") is prose about the document, no label.
            hits.removeAll { h in
                guard h.end > h.start, h.end <= line.words.count else { return false }
                return line.words[h.end - 1].text.hasSuffix(";")
                    || h.end - h.start == 1 && h.start > 0 && Labels.titles.contains(tokens[h.start]) && Self.demonstratives.contains(tokens[h.start - 1])
                    || Self.isWordOfAName(h, in: line)
            }
            // A line about another document ("Date de facture associée", "ursprüngliche Rechnung Nr.")
            // labels that document's number and date, not this one's.
            let lowered = Set(line.words.map { $0.text.lowercased().trimmingCharacters(in: .punctuationCharacters) })
            if !lowered.isDisjoint(with: Self.otherDocument) {
                for k in hits.indices where ["invoice_number", "issue_date", "date"].contains(hits[k].field) { hits[k].weight *= 0.4 }
            }
            // A label after a word that says this document takes another's place ("Rechnung Nr. 17 (ersetzt Rechnung Nr. 12
            // vom …)", "replaces invoice no.", "annule et remplace la facture n°"), or on a line that says a document was
            // cancelled ("Die Rechnung Nr. 12 wurde storniert"): that other document's number and date, not this one's.
            for k in hits.indices where ["invoice_number", "issue_date", "date"].contains(hits[k].field) {
                // (A date's label comes after the other document's number: "ersetzt Rechnung Nr. 12 vom 18.03.2026".)
                let reach = hits[k].field == "invoice_number" ? 3 : 6
                if tokens[max(0, hits[k].start - reach)..<hits[k].start].contains(where: Self.replacesWords.contains) || !lowered.isDisjoint(with: Self.cancelledWords) {
                    hits[k].weight *= 0.4
                }
            }
            // Longest label wins where labels overlap ("total ht" over "total", "due date" over "date"); of two as long that
            // overlap in part, the one that ends later, next to the value ("Please pay by 12th June": "pay by", not "please pay").
            hits.sort { ($0.tokenCount, $0.weight, $0.end) > ($1.tokenCount, $1.weight, $1.end) }
            var kept: [Hit] = []
            // (A label of the payment terms and of a date or amount in them, "Zahlungsziel: 14 Tage (18.05.2026)", labels both.)
            func alsoTerms(_ a: Hit, _ b: Hit) -> Bool { a.start == b.start && a.end == b.end && (a.field == "payment_terms") != (b.field == "payment_terms") }
            for h in hits where !kept.contains(where: { $0.start < h.end && h.start < $0.end && ($0.tokenCount > h.tokenCount || $0.field != h.field || $0.start == h.start) && !alsoTerms($0, h) }) {
                kept.append(h)
            }
            return kept.sorted { $0.start < $1.start }
        }
        // A bare "Numéro" / "Number" / "Nummer" that starts a column of labels with the issue date's ("NUMÉRO" over "DATE"
        // over "ÉCHÉANCE" in a box): the document's number, as sure as another name for it (0.7).
        if schema.field("invoice_number") != nil {
            for li in all.indices {
                let line = text.lines[li]
                for (i, w) in line.words.enumerated() where Self.bareNumberWords.contains(Self.labelNorm(w.text))
                    && !all[li].contains(where: { $0.start <= i && i < $0.end }) {
                    let gap = max(4, w.y1 - w.y0) * 1.5
                    guard i == 0 || w.x0 - line.words[i - 1].x1 > gap else { continue }
                    let inDateColumn = (max(0, li - 3)...min(all.count - 1, li + 3)).contains { k in
                        k != li && text.lines[k].page == line.page
                            && all[k].contains { h in h.field == "issue_date" && abs(text.lines[k].words[h.start].x0 - w.x0) < gap }
                    }
                    guard inDateColumn else { continue }
                    all[li].append(Hit(field: "invoice_number", line: li, start: i, end: i + 1, weight: 0.7, tokenCount: 1))
                    all[li].sort { $0.start < $1.start }
                }
            }
        }
        // A row of headings whose cells wrapped ("Credit Note" over "Number", "Rechnungs-" over "nummer"): a cell of the next
        // line right under a cell of this one, neither with a digit, read together, may be a label. Its hit stands on the
        // lower line, right above the values.
        for li in all.indices.dropLast() {
            let upper = text.lines[li], lower = text.lines[li + 1]
            let height = max(4, upper.y1 - upper.y0)
            guard upper.page == lower.page, !upper.text.contains(where: \.isNumber), !lower.text.contains(where: \.isNumber),
                  lower.y0 - upper.y1 < height, case let upCells = Self.cells(of: upper), upCells.count >= 3 else { continue }
            for low in Self.cells(of: lower) {
                let lx0 = lower.words[low.lowerBound].x0, lx1 = lower.words[low.upperBound - 1].x1
                guard let up = upCells.first(where: { upper.words[$0.lowerBound].x0 < lx1 && lx0 < upper.words[$0.upperBound - 1].x1 }),
                      !all[li + 1].contains(where: { $0.start < low.upperBound && low.lowerBound < $0.end }) else { continue }
                var tokens = upper.words[up].map { Self.labelNorm($0.text) }.filter { !$0.isEmpty }
                var lowerTokens = lower.words[low].map { Self.labelNorm($0.text) }.filter { !$0.isEmpty }
                // ("Rechnungs-" over "nummer": one word, hyphenated where it wrapped.)
                if upper.words[up.upperBound - 1].text.hasSuffix("-"), let last = tokens.popLast(), !lowerTokens.isEmpty {
                    lowerTokens[0] = last + lowerTokens[0]
                }
                tokens += lowerTokens
                guard let first = tokens.first, tokens.count > 1 || lowerTokens.count == 1 else { continue }
                if let l = (labelsByFirstToken[first] ?? []).filter({ $0.tokens == tokens }).max(by: { $0.weight < $1.weight }) {
                    all[li + 1].append(Hit(field: l.field, line: li + 1, start: low.lowerBound, end: low.upperBound, weight: l.weight, tokenCount: tokens.count))
                    all[li + 1].sort { $0.start < $1.start }
                }
            }
        }
        // A till's ticket or receipt number ("Ticket n°", "Bon-Nr.") on a page titled as an invoice ("FACTURE" alone on its
        // line: a restaurant's bill, a shop's receipt that is the invoice), with no label of an invoice's number anywhere:
        // that is the invoice's number, as sure as one.
        let invoiceTitles: Set<String> = ["facture", "rechnung", "invoice", "tax invoice", "factura", "fattura", "factuur", "note", "addition"]
        if schema.name == "invoice", text.lines.contains(where: { invoiceTitles.contains(Self.labelNorm($0.text)) }),
           !all.joined().contains(where: { $0.field == "invoice_number" && $0.weight >= 0.85 }) {
            for li in all.indices {
                for k in all[li].indices where all[li][k].field == "invoice_number" {
                    let label = text.lines[li].words[all[li][k].start..<all[li][k].end].map { Self.labelNorm($0.text) }.joined(separator: " ")
                    if Self.tillNumberLabels.contains(label) { all[li][k].weight = 1.0 }
                }
            }
        }
        return all
    }

    /// A till's ticket or receipt number, as ``labelNorm(_:)`` gives its words.
    static let tillNumberLabels = Set(Labels.tillNumber.map { $0.split(separator: " ").map { labelNorm(String($0)) }.joined(separator: " ") })

    /// The word ranges of a line's cells: runs of words without a gap wider than one and a half times the type's height.
    static func cells(of line: TextLine) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        for i in line.words.indices.dropFirst() {
            let w = line.words[i], before = line.words[i - 1]
            if w.x0 - before.x1 > max(4, w.y1 - w.y0) * 1.5 { out.append(start..<i); start = i }
        }
        if !line.words.isEmpty { out.append(start..<line.words.count) }
        return out
    }

    /// A number's heading without a noun ("Numéro", "Number"): the invoice's only in a column of labels with its date.
    static let bareNumberWords: Set<String> = ["numero", "number", "nummer"]

    public func conventions(of text: DocumentText) -> Conventions {
        let plain = text.plainText
        var country: String? = nil
        let ns = plain as NSString
        if let m = VATID.searchPattern.firstMatch(in: plain, range: NSRange(location: 0, length: ns.length)) {
            country = VATID.country(of: ns.substring(with: m.range))
        } else if let m = Self.ibanPattern.firstMatch(in: plain, range: NSRange(location: 0, length: ns.length)), IBAN.check(ns.substring(with: m.range)).passed {
            country = String(ns.substring(with: m.range).prefix(2))
        } else if let c = Currencies.detect(in: plain) {
            country = ["GBP": "GB", "USD": "US", "CHF": "CH", "CAD": "CA", "AUD": "AU", "INR": "IN", "PLN": "PL", "SEK": "SE", "DKK": "DK", "NOK": "NO"][c.code]
            // A bare "$" (many dollars use it, and OCR reads an S as one) does not make a document
            // American where its tax or its seller's legal form says otherwise (GST, VAT, Sdn Bhd):
            // month-first dates would swap day and month.
            if country == "US", c.evidence == "$" {
                let words = Set(plain.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init))
                if !words.isDisjoint(with: Self.nonUSMarks) { country = nil }
            }
        }
        // The document's own dates decide where they can: a German company's English invoice may write "03/22/2025",
        // and then its "04/05/2025" is the fifth of April. Only where its dates that can be read one way only all agree.
        var order = Dates.order(forCountry: country)
        var dayFirst = 0, monthFirst = 0
        for m in Self.numericDate.matches(in: plain, range: NSRange(location: 0, length: ns.length)) {
            guard let a = Int(ns.substring(with: m.range(at: 1))), let b = Int(ns.substring(with: m.range(at: 2))) else { continue }
            if a > 12, b <= 12 { dayFirst += 1 } else if b > 12, a <= 12 { monthFirst += 1 }
        }
        if monthFirst > 0, dayFirst == 0 { order = .mdy } else if dayFirst > 0, monthFirst == 0, order == .mdy { order = .dmy }
        return Conventions(decimalSeparator: Amounts.dominantDecimalSeparator(in: plain), dateOrder: order, country: country)
    }
    /// "22/03/2025", "03-22-2025": two one- or two-digit numbers and a four-digit year.
    static let numericDate = try! NSRegularExpression(pattern: #"(?<![\d./-])(\d{1,2})[/.-](\d{1,2})[/.-](?:19|20)\d{2}(?![\d./-])"#)

    /// Whether a word of `name` (four letters or more, not a company form) appears again on a line more than
    /// `skip` lines below the line at index `at` of `text` (a footer, a mail or web address), in any case.
    static func recursBelow(_ name: String, in text: DocumentText, afterLine at: Int, skip: Int) -> Bool {
        let own = name.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init).filter { $0.count >= 4 && !Labels.companyForms.contains($0) }
        guard !own.isEmpty else { return false }
        return text.lines.dropFirst(at + skip + 1).contains { l in
            let t = l.text.lowercased()
            return own.contains { t.contains($0) }
        }
    }

    /// The year of a date that a narrow cell wrapped: a lone four-digit year under `region` (a month and day without one),
    /// less than two of its lines' heights below it. (Counted in distance, not in lines: the lines of the column beside it,
    /// and a speck read as a figure, come between in reading order.)
    static func wrappedYear(under region: [SourceWord], in text: DocumentText, after li: Int) -> SourceWord? {
        guard let first = region.first, let last = region.last, region.count <= 3, region.contains(where: { $0.text.contains(where: \.isLetter) }),
              !region.contains(where: { $0.text.filter(\.isNumber).count >= 4 }) else { return nil }
        let height = max(4, first.y1 - first.y0)
        for next in text.lines[(li + 1)..<min(text.lines.count, li + 6)] where next.page == first.page && next.y0 - first.y1 < height * 2 {
            if let year = next.words.first(where: { w in
                w.text.count == 4 && w.text.allSatisfy(\.isNumber) && (w.text.hasPrefix("19") || w.text.hasPrefix("20"))
                    && w.x0 >= first.x0 - 4 && w.x0 <= last.x1
            }) { return year }
        }
        return nil
    }

    /// The IBAN `start` (too short for its country) completed on the next line of the same page, when
    /// the joined number passes the check digits: by the words right under it (a narrow table cell
    /// wrapped it; in a sidebar beside a table, a row of the table may come between in reading order) or,
    /// where it ends its line, by the words that begin the next one (a sentence wrapped it).
    static func wrappedIBAN(_ start: String, words: [SourceWord], in text: DocumentText, after li: Int) -> (iban: String, rest: String, words: [SourceWord])? {
        guard let length = IBAN.lengths[String(start.prefix(2))], start.count < length, li + 1 < text.lines.count,
              var x0 = words.first?.x0, let x1 = words.last?.x1 else { return nil }
        // (In a cell that starts with the label, "IBAN: DE45 …" over "49", the rest starts under the label.)
        if let first = words.first, let at = text.lines[li].words.firstIndex(of: first), at > 0,
           text.lines[li].words[at - 1].text.lowercased().hasPrefix("iban") { x0 = text.lines[li].words[at - 1].x0 }
        let next = text.lines[li + 1]
        guard next.page == text.lines[li].page else { return nil }
        func completed(by candidates: [SourceWord]) -> (iban: String, rest: String, words: [SourceWord])? {
            var rest = "", used: [SourceWord] = []
            for w in candidates {
                // "23," and "611 (BIC": the digits before the punctuation that ends the number.
                let part = IBAN.normalize(String(w.text.prefix { $0.isLetter || $0.isNumber }))
                guard !part.isEmpty, rest.count + part.count <= length - start.count else { break }
                rest += part
                used.append(w)
                if rest.count == length - start.count || part.count < w.text.count { break }
            }
            let joined = start + rest
            guard rest.count == length - start.count, IBAN.check(joined).passed else { return nil }
            return (joined, used.map(\.text).joined(separator: " "), used)
        }
        if let under = completed(by: next.words.filter { $0.x0 >= x0 - 10 && $0.x0 <= x1 }) { return under }
        // A sidebar's cell: the rest is under it on the line after a table row that stands beside it.
        if let first = words.first, li + 2 < text.lines.count, case let after = text.lines[li + 2], after.page == next.page,
           !next.words.contains(where: { $0.x0 <= x1 && $0.x1 >= x0 }), after.y0 - first.y1 < 2 * max(4, first.y1 - first.y0),
           let under = completed(by: after.words.filter { $0.x0 >= x0 - 10 && $0.x0 <= x1 }) { return under }
        guard let last = text.lines[li].words.last, last.x1 <= x1 + 1 else { return nil }
        return completed(by: next.words)
    }

    /// An IBAN as printed: grouped by four, and sometimes with a space after the country ("BE 68 5390 0754 7034").
    /// (Not into the next word: "… 9807 16 Steuer-Nr." ends at "16".)
    static let ibanAtLineEnd = try! NSRegularExpression(pattern: #"(?:((?<![A-Za-z])(?i:iban|rekeningnummer|rekening|kontonummer|konto|compte|account(?: number| no\.?)?))\s*:?\s*|(?<![A-Za-z0-9]))([A-Z]{2} ?\d{2}(?: ?[A-Z0-9]{4}){0,2})\s*$"#)
    /// The runs of consecutive words that are one letter or digit each, as a form's boxes give them.
    static func singleCharacterRuns(_ words: [SourceWord]) -> [[SourceWord]] {
        var runs: [[SourceWord]] = [], run: [SourceWord] = []
        for w in words {
            if w.text.count == 1, w.text.first.map({ $0.isLetter || $0.isNumber }) == true { run.append(w); continue }
            if !run.isEmpty { runs.append(run); run = [] }
        }
        if !run.isEmpty { runs.append(run) }
        return runs
    }

    /// An IBAN as a scan may read it with a speck for a letter after the country ("DES52 4436 …"): group 1 the country,
    /// group 2 the check digits and the rest.
    static let ibanWithStrayLetter = try! NSRegularExpression(pattern: #"(?<![A-Z0-9])([A-Z]{2})[A-Z](\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?)(?![A-Za-z0-9])"#)
    /// A one (or l, |) where an Irish or Italian VAT id's "I" stands, before its "E" or "T" and a figure.
    static let leadingOneForI = try! NSRegularExpression(pattern: #"(?<![A-Za-z0-9])[1l|](?=[ET]\s?\d)"#)
    static let ibanPattern = try! NSRegularExpression(pattern: #"(?<![A-Z0-9])[A-Z]{2} ?\d{2}(?:[ ]?[A-Z0-9]{2,4}){3,8}(?:[ ]?[A-Z0-9]{1,3})?(?![A-Za-z0-9])"#)
    /// Whether a label of `field` on the line comes before `word` (an IBAN label after a number does not name it:
    /// "VAT ID DE626018158 IBAN DE51 …", made up). Without the word's place, a label anywhere on the line counts.
    /// (Not past another field's label between them: "IBAN: FRO2 5754 …   N° TVA intracom. : FR60137801320", the
    /// IBAN unread on a scan, does not make the VAT id the IBAN's. A BIC's label may stand between: "IBAN / BIC: …".)
    static func labelled(_ field: String, before word: SourceWord?, on line: TextLine, hits: [Hit]) -> Bool {
        guard let word, let at = line.words.firstIndex(of: word) else { return hits.contains { $0.field == field } }
        guard let label = hits.filter({ $0.field == field && $0.end <= at }).max(by: { $0.end < $1.end }) else { return false }
        return !hits.contains { $0.start >= label.end && $0.end <= at && $0.field != field && $0.field != "vendor_bic" }
    }

    /// What `pattern` matches in `line`, each character replaced by ":" (the text keeps its length, so a match's
    /// range in the masked text is the same in the line).
    static func masking(_ pattern: NSRegularExpression, in line: String) -> String {
        let masked = NSMutableString(string: line)
        for m in pattern.matches(in: line, range: NSRange(location: 0, length: masked.length)) {
            masked.replaceCharacters(in: m.range, with: String(repeating: ":", count: m.range.length))
        }
        return masked as String
    }
    /// A VAT label with the id right after it, no space between ("TVAFR…", "N°TVAFR…", "USt-IdNr.DE…").
    static let gluedVATLabel = try! NSRegularExpression(pattern: #"(?i)(?:tva|vat|ust-?idnr\.?|uid|btw|iva|mwst-?nr\.?)(?=(?-i:[A-Z]{2}[0-9OIL]))"#)
    static let ibanLabelWords = try! NSRegularExpression(pattern: #"(?<![A-Za-z0-9])(?:IBAN|BIC|SWIFT)(?![A-Za-z0-9])"#, options: [.caseInsensitive])
    /// The same with look-alike letters allowed in the check digits (OCR's "DEO2").
    static let ocrIBANPattern = try! NSRegularExpression(pattern: #"(?<![A-Z0-9])[A-Z]{2} ?[0-9OQILSBZG]{2}(?:[ ]?[A-Z0-9]{2,4}){3,8}(?:[ ]?[A-Z0-9]{1,3})?(?![A-Za-z0-9])"#)
    static let bicPattern = try! NSRegularExpression(pattern: #"(?<![A-Z0-9])[A-Z]{4}[A-Z]{2}[A-Z2-9][A-NP-Z0-9](?:[A-Z0-9]{3})?(?![A-Z0-9])"#)
    /// A VAT id as OCR may misread it: a country prefix, then digits with look-alike letters among them ("DEO12 345 678").
    static let ocrVATPattern = try! NSRegularExpression(pattern: #"(?<![A-Za-z0-9])(?:AT ?U|BE|DE|FR ?[A-Z0-9]{2}|IT|PL|DK|FI|LU|PT|SE|CZ|SK|HR|HU|SI|EE|LV|LT|RO|BG|EL|MT|GB) ?[0-9OQILSBZG](?: ?[0-9OQILSBZG]){6,12}(?![A-Za-z0-9])"#)
    /// A country prefix and 6 to 14 digits or letters (the first a digit): a VAT id by shape only, for a labelled value.
    static let looseVATPattern = try! NSRegularExpression(pattern: #"(?<![A-Za-z0-9])(?:AT|BE|DE|FR|NL|IT|ES|GB|CH|PL|DK|FI|LU|PT|SE|IE|CZ|SK|HR|HU|SI|EE|LV|LT|RO|BG|EL|CY|MT)\s?U?\d[0-9A-Z]{5,13}(?![A-Za-z0-9])"#)
    /// "FR" and ten to thirteen letters or digits (a French VAT id as OCR may misread it).
    static let frenchVATish = try! NSRegularExpression(pattern: #"(?<![A-Za-z0-9])FR ?[0-9A-Z]{2} ?[0-9OQILSBZG](?: ?[0-9OQILSBZG]){7,10}(?![A-Za-z0-9])"#)
    /// A SIREN as the seller's legal mentions print it: "SIREN 940 139 678", "SIRET 940 139 678 00017", "RCS Ville 940 139
    /// 678", "RCS Ville B 940 139 678" (made-up numbers); the nine digits are group 1.
    static let sirenPattern = try! NSRegularExpression(pattern: #"(?i)\b(?:siren|siret|rcs)\b[^0-9\n]{0,40}?(\d{3}\s?\d{3}\s?\d{3})"#)

    /// The SIREN printed on a line (the first nine digits of a SIRET, an RCS number), when its Luhn check passes.
    static func siren(in line: String) -> String? {
        let ns = line as NSString
        guard let m = sirenPattern.firstMatch(in: line, range: NSRange(location: 0, length: ns.length)) else { return nil }
        let digits = ns.substring(with: m.range(at: 1)).filter(\.isNumber)
        return digits.count == 9 && VATID.luhn(digits.compactMap(\.wholeNumberValue)) ? digits : nil
    }

    /// Every SIREN printed with its label on the document (SIREN, SIRET, RCS), nine digits each, with or without a
    /// passing Luhn check (made-up and test invoices print made-up ones, and their VAT ids are made of them).
    static func sirens(in text: DocumentText) -> Set<String> {
        var out = Set<String>()
        for line in text.lines {
            let ns = line.text as NSString
            for m in sirenPattern.matches(in: line.text, range: NSRange(location: 0, length: ns.length)) {
                let digits = ns.substring(with: m.range(at: 1)).filter(\.isNumber)
                if digits.count == 9 { out.insert(digits) }
            }
        }
        return out
    }

    static let percentPattern = try! NSRegularExpression(pattern: #"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,2})?)\s?%"#)
    static let identifierChars = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-/._#"))

    /// Runs every rule and returns the candidates per field, best first.
    public func candidates(in text: DocumentText, conventions c: Conventions) -> [String: [Candidate]] {
        let hitsByLine = hits(in: text)
        var out: [String: [Candidate]] = [:]
        let isReceipt = schema.name == "receipt"
        func add(_ field: String, _ cand: Candidate) {
            // A receipt's total is never nothing: a "0.00" under or beside "Total" is the rounding's, the discount's or the change's.
            if isReceipt, field == "total", cand.value.numberValue == 0 { return }
            out[field, default: []].append(cand)
        }
        // A self-billed invoice is written by the customer for its supplier: the letterhead, the sender line and the
        // footer are the buyer's, and the seller is the addressee, whose VAT id and account are "yours".
        let selfBilled = Self.isSelfBilled(text)

        for (li, hits) in hitsByLine.enumerated() {
            let line = text.lines[li]
            let itemsHeader = Self.isItemsTableHeading(line)
            for (hi, hit) in hits.enumerated() {
                guard let def = schema.field(hit.field) else { continue }
                // To the right, up to the next label on the line.
                let stop = hits[(hi + 1)...].first { $0.start >= hit.end }?.start ?? line.words.count
                // Values to the right in another column (a column break between label and value): where the label's own
                // column holds a value right under it ("Invoice Number" over "INV-2361", a postcode in the next block to
                // its right), that one is the label's.
                var acrossColumns: [Int] = []
                let height = max(4, line.y1 - line.y0)
                // An amount's label with its amount on its own line ("(Total incl. SST @ 8% : 0.62)"): what is below it is
                // another line's (a receipt's "70021 GOODS SOLD ARE NOT RETURNABLE", a footer's number), not this label's.
                let amountOnLine = def.type == .amount && hit.end < line.words.count
                    && !parse(Array(line.words[hit.end...]), as: .amount, conventions: c).isEmpty
                if hit.end < stop || def.type == .date && hit.end < line.words.count {
                    var region = Array(line.words[hit.end..<stop])
                    var found = parse(region, as: def.type, conventions: c)
                    // A date wrapped in a narrow cell ("January 24," with "2026" under it): the year joins it.
                    if def.type == .date, found.isEmpty, let year = Self.wrappedYear(under: region, in: text, after: li) {
                        found = parse(region + [year], as: def.type, conventions: c)
                    }
                    // A date further on in a sentence after its label, past a label of an amount ("Zahlungsziel: 14 Tage netto (18.05.2026)").
                    if def.type == .date, found.isEmpty, stop < line.words.count {
                        let dateStop = hits[(hi + 1)...].first { $0.start >= hit.end && schema.field($0.field)?.type == .date }?.start ?? line.words.count
                        region = Array(line.words[hit.end..<dateStop])
                        found = parse(region, as: def.type, conventions: c)
                    }
                    for cand in found {
                        // A bare "Date" with words before its value names another date ("DATE DE LIVRAISON : …",
                        // "Datum der Leistung …", "Date of delivery …"): not this field's, unless nothing better is found.
                        let between = cand.words.first.flatMap { w in region.firstIndex(of: w) }.map { Array(region[..<$0]) } ?? []
                        let qualified = def.type == .date && hit.end - hit.start == 1 && between.contains { $0.text.filter(\.isLetter).count >= 2 }
                        // An identifier after a label of its own in between ("facture   GLN : 3654…", "Invoice   Customer no.: 77"):
                        // that label's, not this one's. (A number mark, "N° :", "No.:", belongs to this label.)
                        let relabelled = def.type == .identifier && between.enumerated().contains { i, w in
                            let t = w.text.lowercased()
                            let mark = Self.numberMarks.contains(t.trimmingCharacters(in: CharacterSet(charactersIn: ":")))
                            let labelled = t.count > 1 && t.hasSuffix(":") || i + 1 < between.count && between[i + 1].text == ":"
                            return labelled && !mark && t.contains(where: \.isLetter)
                        }
                        if let first = cand.words.first, first.x0 - line.words[hit.end - 1].x1 > height * 1.2 {
                            acrossColumns.append(out[hit.field, default: []].count)
                        }
                        // Four or five figures and a town's name after them ("Invoice Number   48635 Beaumont", a scan's line run
                        // into the address block beside the labels): a postcode, more likely than the document's number.
                        let postcode = def.type == .identifier && Self.looksLikePostcodeAndTown(cand, on: line)
                        add(hit.field, scored(cand, hit.weight * (qualified || relabelled ? 0.5 : 0.92) * (postcode ? 0.85 : 1), "layout",
                                              "right of label '\(labelText(line, hit))'" + (qualified ? ", with words between that name another date" : "")
                                                + (relabelled ? ", after another label" : "") + (postcode ? ", a postcode and a town's name?" : "")))
                    }
                    // A row of a totals matrix with a column per VAT rate and one for their sum ("Netto   704,11   1.192,01
                    // 1.896,12" under "7 %   19 %   Gesamt"): its last amount, the sum of the others, is the document's.
                    if def.type == .amount, let sum = Self.sumAtRowEnd(Array(line.words[hit.end..<stop]), parse: { parse([$0], as: .amount, conventions: c).first }) {
                        add(hit.field, scored(sum, hit.weight * 0.97, "layout", "right of label '\(labelText(line, hit))', the sum of the amounts before it on the row"))
                    }
                }
                // A sentence that wrapped between its label and the value ("… ist fällig am" over "12.05.2025. Bitte …"): the
                // value that starts the next line, at the paragraph's margin, when the label ends its line; a date also after
                // the label's last word carried over ("… netto, fällig" over "am 04.08.2026.").
                // (Prose: several words before the label with no column gap, not a title at the end of an address line.)
                if hit.end == line.words.count, hit.start >= 3, line.words[hit.start].x0 - line.words[hit.start - 1].x1 < height,
                   [.date, .amount, .identifier].contains(def.type), li + 1 < text.lines.count,
                   case let next = text.lines[li + 1], next.page == line.page, next.y0 - line.y1 < height * 0.8, let n0 = next.words.first,
                   abs(n0.x0 - line.x0) < height, hitsByLine[li + 1].first.map({ $0.start > 0 }) ?? true {
                    let carried = def.type == .date && next.words.count > 1 && Self.dateConnectives.contains(n0.text.lowercased())
                    for cand in parse(Array(next.words.prefix(4)), as: def.type, conventions: c)
                    where cand.words.first == n0 || carried && cand.words.first == next.words[1] {
                        add(hit.field, scored(cand, hit.weight * 0.85, "layout", "after label '\(labelText(line, hit))' at the end of the line above"))
                    }
                }
                // Below, in the label's column.
                let labelX0 = line.words[hit.start].x0, labelX1 = line.words[hit.end - 1].x1
                // (The next label to the right: one over the same words, "Zahlungsziel" for the due date and the payment terms, is no column of its own.)
                let nextX0 = hits[(hi + 1)...].first { $0.start >= hit.end }.map { line.words[$0.start].x0 } ?? labelX1 + 160
                var below = amountOnLine ? text.lines.count : li + 1
                // The first line below that has words in the label's column, within 2.6 line heights.
                while below < text.lines.count, text.lines[below].page == line.page, text.lines[below].y0 - line.y1 < height * 2.6 {
                    let l = text.lines[below]
                    let region = l.words.filter { w in
                        let mid = (w.x0 + w.x1) / 2
                        return mid >= labelX0 - 12 && mid < nextX0 - 4 && w.x0 < nextX0
                    }
                    below += 1
                    if region.isEmpty { continue }
                    // A line below that holds labels of its own is a new row of the form, not a value.
                    if !hitsByLine[below - 1].isEmpty, hitsByLine[below - 1].contains(where: { h in region.contains(l.words[h.start]) }) { break }
                    let found = parse(region, as: def.type, conventions: c)
                    for cand in found {
                        // A value that starts where its label starts is a table column: as sure as one to the right.
                        let aligned = abs((cand.words.first?.x0 ?? region[0].x0) - labelX0) < max(6, height)
                        // An amount under a heading of the line items' table ("Description   Qty   Net", "Artikel   Menge   Summe
                        // brutto") is a line's amount, not the document's.
                        let itemColumn = def.type == .amount && itemsHeader
                        // A date after a word of its own below ("Rechnungsdatum" over "Lieferdatum 29.01.2025", as a scan may
                        // break a table of labels and values): that word's date, not this label's.
                        let worded = def.type == .date && region.prefix { $0 != cand.words.first }.contains { $0.text.filter(\.isLetter).count >= 4 }
                        // A number under its label after a number sign of its own ("TAX INVOICE" over "# INV-000123", "Rechnung"
                        // over "Nr. 4711"), the sign alone before it: the label and the sign, split over two lines, are as sure as "Invoice #".
                        let marked = def.type == .identifier && cand.words.first.flatMap { l.words.firstIndex(of: $0) }.map { k in
                            k >= 1 && (k == 1 || region.first == l.words[k - 1] || region.first == l.words[k])
                                && Self.numberMarks.contains(l.words[k - 1].text.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ":")))
                        } == true
                        add(hit.field, scored(cand, hit.weight * (itemColumn ? 0.45 : worded ? 0.5 : marked ? 1 : aligned ? 0.9 : 0.8), "layout",
                                              "below label '\(labelText(line, hit))'" + (itemColumn ? " of the line items' table" : worded ? ", after words of another label" : "")))
                        // (Directly under the label, on the next line, with nothing between.)
                        if aligned, below - 1 == li + 1, def.type == .identifier {
                            for i in acrossColumns where i < out[hit.field, default: []].count {
                                out[hit.field]![i].score *= 0.85
                                out[hit.field]![i].note += ", in another column, with a value under the label"
                            }
                            acrossColumns = []
                        }
                    }
                    break
                }
            }
        }

        // Label-free scans over the whole document.
        for (li, line) in text.lines.enumerated() {
            let ns = line.text as NSString
            let full = NSRange(location: 0, length: ns.length)
            let hasBuyerLabel = hitsByLine[li].contains { $0.field == "buyer_name" }
            // Payment terms with their dates and no due label ("bis 15.07.25 abzüglich 2 % Skonto, bis 17.07.25 netto"):
            // each "bis <date>" of a cash discount or of the net amount is a payment term's date, rated alike, so that
            // the first term's is the due date, as everywhere else (docs/fields.md, "The due date").
            if schema.field("due_date") != nil, line.words.count >= 2 {
                let folded = line.words.map { Self.labelNorm($0.text) }
                let discount = folded.contains { $0.hasPrefix("skonto") }
                // "Zahlbar innerhalb 30 Tagen bis 18.03.2026": a sentence about paying, with its date after "bis". (Or on the
                // line under the amount to pay: "Zu zahlen: 3.012,29 €" over "bis 14.06.2026".)
                func aboutPaying(_ f: [String]) -> Bool {
                    f.contains { $0 == "zahlbar" || $0 == "zahlungsziel" || $0 == "zahlungsfrist" }
                        || f.indices.dropFirst().contains { f[$0] == "zahlen" && f[$0 - 1] == "zu" }
                }
                let payable = aboutPaying(folded)
                    || li > 0 && text.lines[li - 1].page == line.page && aboutPaying(text.lines[li - 1].words.map { Self.labelNorm($0.text) })
                for d in Dates.find(in: line.text, order: c.dateOrder) {
                    let span = line.words(in: d.range)
                    guard let a = span.first.flatMap({ line.words.firstIndex(of: $0) }), let b = span.last.flatMap({ line.words.firstIndex(of: $0) }) else { continue }
                    let before = folded[max(0, a - 2)..<a], after = folded[(b + 1)..<min(folded.count, b + 3)]
                    let net = after.first == "netto" || after.first == "rein" && after.dropFirst().first == "netto"
                        || after.first == "ohne" && after.dropFirst().first == "abzug"
                    // ("bis zum <date>" is a due label of its own, already read.)
                    guard before.last == "bis", net || discount || payable else { continue }
                    // (Below a labelled due date: "Fällig am 18.08. ohne Abzug. Bei Zahlung bis 11.08. 2 % Skonto" is due on the 18th.)
                    add("due_date", Candidate(value: .string(d.value.iso), text: String(line.text[d.range]), score: 0.8, strategy: "layout", page: line.page,
                                              words: span, note: net ? "a payment term's date ('bis … netto')" : discount ? "a payment term's date ('bis … Skonto')" : "the date to pay by ('zahlbar … bis')"))
                }
            }
            // An Italian VAT number printed without its country prefix after its own label ("P.IVA 09953514920", "Partita IVA:"):
            // the label names the country, so the id is IT and the eleven digits, where their check digit holds.
            if schema.field("vendor_vat_id") != nil {
                for m in Self.italianVATNumber.matches(in: line.text, range: full) {
                    guard let r = Range(m.range(at: 1), in: line.text), case let id = "IT" + line.text[r], VATID.check(id).passed else { continue }
                    add("vendor_vat_id", Candidate(value: .string(id), text: String(line.text[r]), score: 0.9, strategy: "layout", page: line.page,
                                                   words: line.words(in: r), note: "an Italian VAT number after 'P.IVA', its prefix implied"))
                }
            }
            // The day a direct debit takes the amount ("wird am 20.07.2026 … abgebucht", "sera prélevé le …"): the due date.
            if schema.field("due_date") != nil, Self.isDirectDebit(line.text) {
                let folded = line.words.map { Self.labelNorm($0.text) }
                for d in Dates.find(in: line.text, order: c.dateOrder) {
                    let span = line.words(in: d.range)
                    guard let a = span.first.flatMap({ line.words.firstIndex(of: $0) }), a > 0, ["am", "le", "on", "zum", "op", "il", "el"].contains(folded[a - 1]) else { continue }
                    add("due_date", Candidate(value: .string(d.value.iso), text: String(line.text[d.range]), score: 0.8, strategy: "layout", page: line.page,
                                              words: span, note: "the day the direct debit takes the amount"))
                }
            }
            if schema.field("vendor_iban") != nil {
                // "VAT DE626018158 IBAN DE51 …" (made up) with the separator lost to OCR: the label words end a number, they are not a group of it.
                let ibanText = Self.masking(Self.ibanLabelWords, in: line.text)
                for m in Self.ibanPattern.matches(in: ibanText, range: full) {
                    guard let r = Range(m.range, in: line.text) else { continue }
                    let raw = String(line.text[r])
                    var iban = IBAN.normalize(raw)
                    // A scan's look-alike letters in the account ("62O9"), where the repair passes the check.
                    if text.fromOCR, !IBAN.check(iban).passed, let repaired = IBAN.repairingOCR(iban) { iban = repaired }
                    let labelled = Self.labelled("vendor_iban", before: line.words(in: r).first, on: line, hits: hitsByLine[li])
                    // A narrow table cell wraps the IBAN: the rest is on the next line, under it.
                    if !IBAN.check(iban).passed, let joined = Self.wrappedIBAN(iban, words: line.words(in: r), in: text, after: li) {
                        add("vendor_iban", Candidate(value: .string(joined.iban), text: raw + " " + joined.rest, score: labelled ? 0.9 : 0.75, strategy: "layout",
                                                     page: line.page, words: line.words(in: r) + joined.words,
                                                     note: "IBAN wrapped onto the next line (the check digits pass joined)"))
                        continue
                    }
                    // Unlabelled, only a number that passes the IBAN check counts (a VAT id has the same shape).
                    guard labelled || IBAN.check(iban).passed else { continue }
                    add("vendor_iban", Candidate(value: .string(iban), text: raw, score: labelled ? 0.9 : 0.7, strategy: "layout", page: line.page,
                                                 words: line.words(in: r), note: labelled ? "after IBAN label" : "IBAN pattern"))
                }
                // An IBAN written one character to a box (a transfer form's row under its small "IBAN" label, "D E 6 3 1 2 …"):
                // the run of single characters joined, where the whole passes the check digits.
                for run in Self.singleCharacterRuns(line.words) where run.count >= 15 {
                    let chars = run.map(\.text)
                    for start in 0..<(run.count - 14) where chars[start].first?.isLetter == true {
                        guard let length = (15...min(34, run.count - start)).reversed().first(where: {
                            IBAN.check(chars[start..<(start + $0)].joined()).passed
                        }) else { continue }
                        let boxes = chars[start..<(start + length)]
                        add("vendor_iban", Candidate(value: .string(boxes.joined()), text: boxes.joined(separator: " "), score: 0.85,
                                                     strategy: "layout", page: line.page, words: Array(run[start..<(start + length)]),
                                                     note: "IBAN written one character to a box (the check digits pass)"))
                        break
                    }
                }
                // A sentence that wraps right after the IBAN's first group ("… IBAN AT12" over "3456 7890 …"): too short for the
                // pattern on its own line, read with the next line's start.
                // (After an IBAN label, or with a group of the account on this line: "… op rekeningnummer NL43 KAND".)
                if let m = Self.ibanAtLineEnd.firstMatch(in: line.text, range: full), let r = Range(m.range(at: 2), in: line.text),
                   m.range(at: 1).location != NSNotFound || line.text[r].filter({ !$0.isWhitespace }).count > 4,
                   case let start = IBAN.normalize(String(line.text[r])), let joined = Self.wrappedIBAN(start, words: line.words(in: r), in: text, after: li) {
                    add("vendor_iban", Candidate(value: .string(joined.iban), text: String(line.text[r]) + " " + joined.rest, score: 0.9, strategy: "layout",
                                                 page: line.page, words: line.words(in: r) + joined.words,
                                                 note: "IBAN wrapped onto the next line after its first group (the check digits pass joined)"))
                }
                // A scan's IBAN with a letter read for a digit ("DEO2…"): kept only when the repair passes the check, on its own
                // or with the rest that wrapped onto the next line ("FRO2 5754 … 1720" over "891").
                if text.fromOCR {
                    for m in Self.ocrIBANPattern.matches(in: ibanText, range: full) {
                        guard let r = Range(m.range, in: line.text), !IBAN.check(String(line.text[r])).passed else { continue }
                        let labelled = Self.labelled("vendor_iban", before: line.words(in: r).first, on: line, hits: hitsByLine[li])
                        if let repaired = IBAN.repairingOCR(String(line.text[r])) {
                            add("vendor_iban", Candidate(value: .string(repaired), text: String(line.text[r]), score: labelled ? 0.88 : 0.68, strategy: "layout",
                                                         page: line.page, words: line.words(in: r),
                                                         note: "IBAN with OCR look-alikes read as digits (the check digits then pass)"))
                        } else if let start = IBAN.readingLookalikes(String(line.text[r])),
                                  let joined = Self.wrappedIBAN(start, words: line.words(in: r), in: text, after: li) {
                            add("vendor_iban", Candidate(value: .string(joined.iban), text: String(line.text[r]) + " " + joined.rest, score: labelled ? 0.86 : 0.66,
                                                         strategy: "layout", page: line.page, words: line.words(in: r) + joined.words,
                                                         note: "IBAN with OCR look-alikes read as digits, wrapped onto the next line (the check digits pass joined)"))
                        }
                    }
                    // A speck read as a letter between the country and the check digits ("IBAN DES52 4436 …"): after an IBAN
                    // label, without it, where the check digits then pass.
                    for m in Self.ibanWithStrayLetter.matches(in: ibanText, range: full) {
                        guard let r = Range(m.range, in: line.text), let country = Range(m.range(at: 1), in: line.text),
                              let rest = Range(m.range(at: 2), in: line.text),
                              Self.labelled("vendor_iban", before: line.words(in: r).first, on: line, hits: hitsByLine[li]),
                              case let iban = IBAN.normalize(String(line.text[country]) + String(line.text[rest])), IBAN.check(iban).passed else { continue }
                        add("vendor_iban", Candidate(value: .string(iban), text: String(line.text[r]), score: 0.86, strategy: "layout", page: line.page,
                                                     words: line.words(in: r), note: "IBAN with a stray letter read after its country (the check digits pass without it)"))
                    }
                }
            }
            if schema.field("vendor_vat_id") != nil {
                // "TVAFR01940139678" (made up): OCR lost the space after the label; the label's letters are not part of the id.
                let vatText = Self.masking(Self.gluedVATLabel, in: line.text)
                for m in VATID.searchPattern.matches(in: vatText, range: full) {
                    guard let r = Range(m.range, in: line.text) else { continue }
                    let raw = String(line.text[r])
                    // (On a scan, a French key read with a look-alike letter, "FRB8…" whose "88" is the SIREN's key: the
                    // repaired id below, not this one, which no check digits test.)
                    if text.fromOCR, VATID.checkDigits(VATID.normalize(raw), country: VATID.country(of: raw)) == nil,
                       let repaired = VATID.repairingOCR(raw), VATID.passesCheckDigits(repaired) { continue }
                    let labelled = hitsByLine[li].contains { $0.field == "vendor_vat_id" }
                    // The buyer's VAT id often sits by the buyer's address: rank it lower (see also the buyer's block below).
                    let score = (labelled ? 0.9 : 0.72) * (hasBuyerLabel ? 0.6 : 1) - Double(li) * 0.0005
                    add("vendor_vat_id", Candidate(value: .string(VATID.normalize(raw)), text: raw, score: score, strategy: "layout", page: line.page,
                                                   words: line.words(in: r), note: hasBuyerLabel ? "on a line with a buyer label" : "VAT id pattern"))
                }
                // An id a scan split with spaces ("N° TVA : FR898865 34080", "FR8988653408 0"), or printed in groups its country's
                // form does not know ("FR0735 01 63952"): its pieces, up to three groups of figures after the first, joined,
                // where the whole passes its country's check digits.
                for k in line.words.indices.dropLast() {
                    let head = VATID.normalize(line.words[k].text)
                    guard head.count >= 4, head.prefix(2).allSatisfy(\.isLetter), !VATID.check(head).passed else { continue }
                    var tail = ""
                    for end in (k + 1)..<min(line.words.count, k + 4) {
                        let piece = line.words[end].text
                        guard !piece.isEmpty, piece.allSatisfy(\.isNumber) else { break }
                        tail += piece
                        guard VATID.passesCheckDigits(head + tail) else { continue }
                        let labelled = hitsByLine[li].contains { $0.field == "vendor_vat_id" }
                        let words = Array(line.words[k...end])
                        add("vendor_vat_id", Candidate(value: .string(head + tail), text: words.map(\.text).joined(separator: " "),
                                                       score: (labelled ? 0.86 : 0.68) * (hasBuyerLabel ? 0.6 : 1) - Double(li) * 0.0005, strategy: "layout",
                                                       page: line.page, words: words, note: "VAT id in pieces (the check digits pass joined)"))
                        break
                    }
                }
                // A scan's VAT id with a letter read for a digit ("DEO12…"): kept only when the repaired id passes its check.
                if text.fromOCR {
                    for m in Self.ocrVATPattern.matches(in: vatText, range: full) {
                        guard let r = Range(m.range, in: line.text), let repaired = VATID.repairingOCR(String(line.text[r])), VATID.check(repaired).passed else { continue }
                        let labelled = hitsByLine[li].contains { $0.field == "vendor_vat_id" }
                        let score = (labelled ? 0.88 : 0.7) * (hasBuyerLabel ? 0.6 : 1) - Double(li) * 0.0005
                        add("vendor_vat_id", Candidate(value: .string(repaired), text: String(line.text[r]), score: score, strategy: "layout", page: line.page,
                                                       words: line.words(in: r), note: "VAT id with OCR look-alikes read as digits (the check then passes)"))
                    }
                    // An Irish or Italian id whose "I" OCR read as a one ("VAT Reg. No.: 1E0919222Q", made up): after a VAT label,
                    // where the id with its "I" passes its check.
                    if hitsByLine[li].contains(where: { $0.field == "vendor_vat_id" }) {
                        let asI = Self.leadingOneForI.stringByReplacingMatches(in: vatText, range: NSRange(vatText.startIndex..., in: vatText), withTemplate: "I")
                        for m in VATID.searchPattern.matches(in: asI, range: NSRange(asI.startIndex..., in: asI)) {
                            guard let r = Range(m.range, in: asI), let printed = Range(m.range, in: line.text), line.text[printed].first != "I",
                                  case let id = VATID.normalize(String(asI[r])), VATID.check(id).passed else { continue }
                            add("vendor_vat_id", Candidate(value: .string(id), text: String(line.text[printed]), score: 0.86 * (hasBuyerLabel ? 0.6 : 1),
                                                           strategy: "layout", page: line.page, words: line.words(in: printed),
                                                           note: "VAT id with a one read for its country's I (the check then passes)"))
                        }
                    }
                    // A French id misread beyond look-alikes (a digit too many, "FROB1574497592") beside the SIREN it is made of
                    // ("SIREN 157449752 – TVA FR…"): the id the SIREN gives, where the read key is that SIREN's key and the rest
                    // is the SIREN but for one character. Taken with a doubt: a person checks it.
                    if let siren = Self.siren(in: line.text) {
                        let key = VATID.frenchKey(siren: siren)
                        for m in Self.frenchVATish.matches(in: vatText, range: full) {
                            guard let r = Range(m.range, in: line.text), !VATID.check(String(line.text[r])).passed else { continue }
                            let read = Array(String(line.text[r]).filter { !$0.isWhitespace }.uppercased().dropFirst(2)).map { IBAN.digitLookalikes[$0] ?? $0 }
                            guard read.count >= 10, String(read.prefix(2)) == key, Dates.editDistance(Array(read.dropFirst(2)), Array(siren)) == 1 else { continue }
                            let labelled = hitsByLine[li].contains { $0.field == "vendor_vat_id" }
                            var cand = Candidate(value: .string("FR" + key + siren), text: String(line.text[r]), score: (labelled ? 0.8 : 0.65) * (hasBuyerLabel ? 0.6 : 1),
                                                 strategy: "layout", page: line.page, words: line.words(in: r),
                                                 note: "the French VAT id the SIREN on its line gives; read as \(line.text[r])")
                            cand.doubt = "read as \(line.text[r]); the SIREN printed beside it gives FR\(key)\(siren): check the VAT id"
                            add("vendor_vat_id", cand)
                        }
                    }
                }
            }
            if schema.field("vendor_bic") != nil, hitsByLine[li].contains(where: { $0.field == "vendor_bic" }) {
                for m in Self.bicPattern.matches(in: line.text, range: full) {
                    guard let r = Range(m.range, in: line.text) else { continue }
                    let raw = String(line.text[r])
                    add("vendor_bic", Candidate(value: .string(raw), text: raw, score: 0.85, strategy: "layout", page: line.page, words: line.words(in: r)))
                }
            }
            if schema.field("tax_rates") != nil, hitsByLine[li].contains(where: { $0.field == "tax_total" || $0.field == "tax" }) {
                for m in Self.percentPattern.matches(in: line.text, range: full) {
                    guard let r = Range(m.range, in: line.text), let v = Amounts.parse(ns.substring(with: m.range(at: 1)), decimalSeparator: c.decimalSeparator) else { continue }
                    add("tax_rates", Candidate(value: .number(Amounts.double(v)), text: String(line.text[r]), score: 0.85, strategy: "layout",
                                               page: line.page, words: line.words(in: r)))
                }
            }
        }
        // A date on the line of the document number ("Facture n° 7710042 du 3 avril 2026") is its
        // issue date more often than not; failing that, the first date near the top of page 1.
        if let dateField = schema.fields.first(where: { $0.name == "issue_date" || $0.name == "date" }) {
            for (li, hits) in hitsByLine.enumerated() where hits.contains(where: { $0.field == "invoice_number" }) {
                let line = text.lines[li]
                // (After the number's label: "Acompte versé le 08/04/2025 (facture n° FA…)" dates the deposit's invoice, named after it.)
                let labelStart = hits.filter { $0.field == "invoice_number" }.map(\.start).min() ?? 0
                let afterLabel = Dates.find(in: line.text, order: c.dateOrder).filter { d in
                    line.words(in: d.range).first.flatMap { line.words.firstIndex(of: $0) }.map { $0 > labelStart } ?? true
                }
                for d in afterLabel.prefix(1) {
                    // "Nr. 80-17 vom 14.03.2026", "No. 17 dated 2 May 2024", "n° 562 du 03/04/2026": the document's own date.
                    let before = line.text[..<d.range.lowerBound].split(separator: " ").last.map { $0.lowercased().trimmingCharacters(in: .punctuationCharacters) } ?? ""
                    let joined = Self.dateJoiners.contains(before)
                    // ("Rechnung Nr. 17 (ersetzt Rechnung Nr. 12 vom 18.03.2026)": the replaced document's date.)
                    let words = line.text[..<d.range.lowerBound].split(separator: " ").map { Self.labelNorm(String($0)) }
                    if words.contains(where: Self.replacesWords.contains) || words.contains(where: Self.cancelledWords.contains) { continue }
                    add(dateField.name, Candidate(value: .string(d.value.iso), text: String(line.text[d.range]), score: joined ? 0.86 : 0.6, strategy: "layout", page: line.page,
                                                  words: line.words(in: d.range), note: joined ? "'\(before)' the date after the document number" : "on the line of the document number"))
                }
                // "Rechnung Nr.   687024" over "vom   21.03.2026" in an info block: the joiner starts the next line in the label's column.
                // (On a scan the window's line beside it may come between in reading order: the next two lines are looked at.)
                if let hit = hits.first(where: { $0.field == "invoice_number" }), hit.start < line.words.count {
                    let label = line.words[hit.start], labelEnd = line.words[min(hit.end, line.words.count) - 1]
                    let h = max(1, label.y1 - label.y0)
                    for next in text.lines[(li + 1)...].prefix(2) {
                        // (Aligned with the label at its left, or at its right where the block's labels are set flush right.)
                        if next.page == line.page, next.y0 - line.y1 < 1.5 * h,
                           let joiner = next.words.firstIndex(where: { (abs($0.x0 - label.x0) < 2 * h || abs($0.x1 - labelEnd.x1) < h)
                                                                       && Self.numberDateJoiners.contains(Self.labelNorm($0.text)) }) {
                            let at = next.text.range(of: next.words[joiner].text)?.lowerBound ?? next.text.startIndex
                            if let d = Dates.find(in: next.text, order: c.dateOrder).first(where: { $0.range.lowerBound > at }),
                               next.words(in: d.range).allSatisfy({ $0.x0 - next.words[joiner].x1 < 12 * h }) {
                                add(dateField.name, Candidate(value: .string(d.value.iso), text: String(next.text[d.range]), score: 0.86, strategy: "layout", page: next.page,
                                                              words: next.words(in: d.range), note: "'\(next.words[joiner].text)' under the document number"))
                            }
                        }
                    }
                }
            }
            // A letter's dateline ("München, den 01.11.2024", "Paris, le 3 mars 2026"): the day it was written.
            for line in text.lines.prefix(60) {
                // (The date is found in a copy of the text after "den": its indices are the copy's, so they are compared as offsets.)
                guard let m = Self.dateline.firstMatch(in: line.text, range: NSRange(line.text.startIndex..., in: line.text)),
                      let r = Range(m.range(at: 1), in: line.text) else { continue }
                let after = String(line.text[r])
                // (A month name OCR misread by one letter, "15 aoüt 2026", is read too, a little less surely.)
                let exact = Dates.find(in: after, order: c.dateOrder).first
                guard let d = exact.map({ ($0.value, $0.range) }) ?? Dates.findFuzzy(in: after).first.map({ ($0.value, $0.range) }),
                      d.1.lowerBound == after.startIndex else { continue }
                let range = r.lowerBound..<line.text.index(r.lowerBound, offsetBy: after.distance(from: after.startIndex, to: d.1.upperBound))
                add(dateField.name, Candidate(value: .string(d.0.iso), text: String(line.text[range]), score: exact == nil ? 0.8 : 0.84, strategy: "layout",
                                              page: line.page, words: line.words(in: range),
                                              note: exact == nil ? "the dateline of the letter, its month name read with one letter corrected" : "the dateline of the letter"))
                break
            }
            let firstPage = text.lines.first?.page
            let bottom = text.lines.filter { $0.page == firstPage }.map(\.y1).max() ?? 0
            if let (line, d) = text.lines.lazy.filter({ $0.page == firstPage && $0.y0 < bottom * 0.4 })
                .compactMap({ l in Dates.find(in: l.text, order: c.dateOrder).first.map { (l, $0) } }).first {
                add(dateField.name, Candidate(value: .string(d.value.iso), text: String(line.text[d.range]), score: 0.35, strategy: "layout", page: line.page,
                                              words: line.words(in: d.range), note: "first date near the top of the first page"))
            }
        }
        // A number mark alone at the top of the first page ("n° 2026-0412" under the title): the document's
        // number, below any labelled one. It may stand in a column of its own, the letter's right margin beside the
        // letterhead.
        if schema.field("invoice_number") != nil, let firstPage = text.lines.first?.page {
            let pageLines = text.lines.filter { $0.page == firstPage }
            let bottom = pageLines.map(\.y1).max() ?? 0
            for (k, line) in pageLines.enumerated() where line.y0 < bottom * 0.35 {
                let words = line.words
                // The mark starts its column (the line, or after a column gap), and its column holds two or three words.
                func gap(_ a: SourceWord, _ b: SourceWord) -> Bool { b.x0 - a.x1 > max(4, a.y1 - a.y0) * 2 }
                guard let j = words.indices.first(where: { j in
                    Self.numberMarks.contains(words[j].text.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ":")))
                        && (j == 0 || gap(words[j - 1], words[j]))
                }), j + 1 < words.count, !gap(words[j], words[j + 1]) else { continue }
                let columnEnd = (j + 1..<words.count).first { gap(words[$0 - 1], words[$0]) } ?? words.count
                guard (2...3).contains(columnEnd - j) else { continue }
                let value = words[j + 1].text.trimmingCharacters(in: CharacterSet(charactersIn: ":,;"))
                guard value.count >= 3, value.contains(where: \.isNumber), value.allSatisfy({ $0.isLetter || $0.isNumber || "-_/.".contains($0) }) else { continue }
                // Right under a line that is only the document's title ("FACTURE" over "N° FA-0001"), or under the title
                // alone in the mark's column ("Rechnung" over "Nr. 8480/26" beside the letterhead): the two make one
                // title, as sure as "Facture N° FA-0001" on one line.
                let mark = words[j], height = max(1, mark.y1 - mark.y0)
                // (A block set flush right, "FACTURE DE SOLDE" over "N° FA-0001" over "du 14/04/2025": its lines end alike.)
                let columnRight = words[columnEnd - 1].x1
                // ("FACTURE DE SOLDE", "Schlussrechnung": a title column names the document too.)
                func isTitle(_ t: String) -> Bool {
                    Labels.titles.contains(t.lowercased().trimmingCharacters(in: .punctuationCharacters.union(.whitespaces))) || Self.isTitleColumn(t)
                }
                // (The title's line may be sorted above a taller letterhead beside it: the two lines above are looked at.)
                let underTitle = k > 0 && mark.y0 - pageLines[k - 1].y1 < height * 1.5 && isTitle(pageLines[k - 1].text)
                    || pageLines[max(0, k - 2)..<k].contains { l in
                        let above = l.words
                        // The title's column: its words from a column gap up to the next one, starting where the mark starts or
                        // ending where the mark's column ends.
                        let starts = above.indices.filter { $0 == 0 || gap(above[$0 - 1], above[$0]) }
                        return starts.contains { t in
                            let end = (t + 1..<above.count).first { gap(above[$0 - 1], above[$0]) } ?? above.count
                            let aligned = abs(above[t].x0 - mark.x0) < height * 0.6 || abs(above[end - 1].x1 - columnRight) < height * 0.6
                            return aligned && mark.y0 - above[t].y1 < height * 1.5 && above[t].y1 <= mark.y0 + 1
                                && isTitle(above[t..<end].map(\.text).joined(separator: " "))
                        }
                    }
                add("invoice_number", Candidate(value: .string(value), text: value, score: underTitle ? 0.88 : 0.62, strategy: "layout", page: line.page,
                                                words: [words[j + 1]], note: underTitle ? "a number mark under the document's title" : "a number mark alone at the top of the first page"))
                // Its date stacked under it the same way ("vom 15.05.2026" under "Nr. 8480/26").
                if underTitle, let dateField = schema.fields.first(where: { $0.name == "issue_date" || $0.name == "date" }),
                   k + 1 < pageLines.count, case let next = pageLines[k + 1], next.y0 - line.y1 < height * 1.5,
                   let d0 = next.words.indices.first(where: { i in
                       abs(next.words[i].x0 - mark.x0) < height * 0.6
                           || (i == 0 || gap(next.words[i - 1], next.words[i])) && i + 1 < next.words.count && abs(next.words[i + 1].x1 - columnRight) < height * 0.6
                   }), d0 + 1 < next.words.count,
                   Self.dateJoiners.contains(next.words[d0].text.lowercased().trimmingCharacters(in: .punctuationCharacters)),
                   let d = Dates.find(in: next.text, order: c.dateOrder).first(where: { $0.range.lowerBound == next.ranges[d0 + 1].lowerBound }) {
                    add(dateField.name, Candidate(value: .string(d.value.iso), text: String(next.text[d.range]), score: 0.86, strategy: "layout", page: next.page,
                                                  words: next.words(in: d.range), note: "'\(next.words[d0].text)' the date under the document's number"))
                }
            }
        }
        // A receipt's total is its last, final total line, not a subtotal, the cash given or the change.
        if schema.name == "receipt", schema.field("total") != nil {
            for cand in receiptTotals(in: text, conventions: c) { add("total", cand) }
        }
        // Any date at all, where nothing better says which: a receipt prints one, often at the bottom.
        if let dateField = schema.fields.first(where: { $0.name == "issue_date" || $0.name == "date" }) {
            var found: [(CalendarDate, TextLine, Range<String.Index>)] = []
            for line in text.lines {
                for d in Dates.find(in: line.text, order: c.dateOrder) where !Self.afterTimeLabel(line.text[..<d.range.lowerBound]) {
                    found.append((d.value, line, d.range))
                }
            }
            let distinct = Set(found.map(\.0))
            // A date read as printed wins over one that is a run of figures between others ("Tel 2786 4 03-2181
            // 9798") or whose year was mended from a misread digit.
            let plain = found.filter { Dates.isPlain($0.0, in: $0.1.text, at: $0.2) }
            var pick = plain.first ?? found.first
            if schema.name == "receipt", distinct.count > 1, let first = pick {
                // The same date printed twice, one of them misread by a digit ("07/11/26" and "07/11/28", or a day and month
                // alike with years apart): the surer reading.
                func twins(_ a: (CalendarDate, TextLine, Range<String.Index>)) -> Bool {
                    a.0 != first.0 && ((a.0.day == first.0.day && a.0.month == first.0.month) || Self.misreadTwins(a.1.text[a.2], first.1.text[first.2]))
                }
                if let twin = plain.first(where: twins) {
                    if Self.meanConfidence(twin.1.words(in: twin.2)) > Self.meanConfidence(first.1.words(in: first.2)) { pick = twin }
                } else if let stamped = plain.first(where: { Self.startsWithTime($0.1.text[$0.2.upperBound...]) }) {
                    // A till prints the moment of the sale, its date with the time right after it ("07/11/26 14:05"); another
                    // date above it is a registration's or a promotion's.
                    pick = stamped
                }
            }
            if let (d, line, r) = pick {
                let only = distinct.count == 1
                // An invoice's only date printed with the time of day ("12.03.2025 13:03   Bed.: 4", a till's receipt that is
                // the invoice, a restaurant's bill): the moment it was issued.
                let stamped = only && schema.name != "receipt" && Self.startsWithTime(line.text[r.upperBound...])
                add(dateField.name, Candidate(value: .string(d.iso), text: String(line.text[r]),
                                              score: schema.name == "receipt" ? (only ? 0.8 : 0.55) : stamped ? 0.86 : (only ? 0.5 : 0.25),
                                              strategy: "layout", page: line.page, words: line.words(in: r),
                                              note: stamped ? "the only date on the document, with the time of day" : only ? "the only date on the document" : "the first date on the document"))
            }
        }
        for f in schema.fields where f.type == .currency {
            if let cur = Currencies.detect(in: text.plainText, country: c.country) {
                let share = Double(cur.count) / Double(max(1, cur.total))
                var score = min(0.97, 0.6 + 0.1 * Double(cur.count)) * (0.5 + 0.5 * share)
                // The only currency printed, and the one the vendor's country (from its VAT id or IBAN) uses: sure.
                let home = c.country.flatMap { Self.countryCurrency[$0] } == cur.code
                if home, share == 1 { score = max(score, 0.95) }
                add(f.name, Candidate(value: .string(cur.code), text: cur.evidence, score: score,
                                      strategy: "layout", note: "\(cur.count) of \(cur.total) currency marks" + (home && share == 1 ? ", the vendor's country's" : "")))
            } else if let country = c.country, let code = Self.countryCurrency[country] {
                // The pipeline's currency and the vendor's country's agree: as sure as a printed one.
                let agreed = defaultCurrency == code
                add(f.name, Candidate(value: .string(code), text: country, score: agreed ? 0.95 : 0.45, strategy: "layout",
                                      note: "no currency printed; the vendor's country uses \(code)" + (agreed ? ", the pipeline's currency" : "")))
                if let d = defaultCurrency, !agreed {
                    add(f.name, Candidate(value: .string(d), text: d, score: 0.4, strategy: "layout", note: "no currency printed; the pipeline's currency"))
                }
            } else if let d = defaultCurrency {
                add(f.name, Candidate(value: .string(d), text: d, score: 0.9, strategy: "layout", note: "no currency printed; the pipeline's currency"))
            }
        }
        for f in schema.fields where f.type == .text && f.labels.isEmpty && (f.name == "vendor_name" || f.name == "merchant") {
            for cand in companyNames(in: text, hits: hitsByLine, selfBilled: selfBilled) { add(f.name, cand) }
            // An invoice sent as an e-mail's text and printed with the mail's header: its sender is the seller (with its legal
            // form as sure as a letterhead; without one, a hint).
            for line in text.lines.prefix(12) {
                guard let sender = Self.mailSender(line), Self.looksLikeName(sender) else { continue }
                let company = sender.split(separator: " ").contains { Labels.companyForms.contains(Self.norm(String($0))) }
                add(f.name, Candidate(value: .string(sender), text: line.text, score: company ? 0.9 : 0.6, strategy: "layout", page: line.page,
                                      words: line.words.filter { sender.contains($0.text) }, note: "the sender of the e-mail printed with its header"))
                break
            }
            // On receipts only: an invoice's sender is found by the rules' seller blocks and legal forms, and
            // measured leave-source-out, the wider net made the ranker's vendor names worse (81.8 % → 47.7 %).
            if schema.name == "receipt" { for cand in broadNames(in: text) { add(f.name, cand) } }
        }
        if schema.name == "receipt", schema.field("total") != nil {
            for cand in broadAmounts(in: text, conventions: c) { add("total", cand) }
        }
        if schema.field("merchant_address") != nil, let first = companyNames(in: text, hits: hitsByLine, selfBilled: selfBilled).first, let page = first.page {
            let lines = text.lines.filter { $0.page == page }
            if let i = lines.firstIndex(where: { $0.words.first.map { first.words.contains($0) } ?? false }) {
                let address = lines.dropFirst(i + 1).prefix(2).map(\.text).joined(separator: ", ")
                if !address.isEmpty { add("merchant_address", Candidate(value: .string(address), text: address, score: 0.6, strategy: "layout", page: page, note: "lines under the merchant's name")) }
            }
        }
        for f in schema.fields where f.pattern != nil {
            for cand in patternCandidates(f, text: text) { add(f.name, cand) }
        }
        if schema.field("line_items") != nil, let items = lineItems(in: text, hits: hitsByLine, conventions: c) { add("line_items", items) }
        // A whole number ("Total Items: 3") where the same field also has amounts with cents is a count,
        // not money: it stays a candidate, below them.
        for f in schema.fields where f.type == .amount {
            guard let cands = out[f.name], cands.contains(where: { Self.hasCents($0.text) }) else { continue }
            out[f.name] = cands.map { c in
                var c = c
                if !Self.hasCents(c.text), c.value.numberValue != 0 { c.score *= 0.6 }
                return c
            }
        }
        // A VAT id in the block under a buyer heading ("CLIENT :", "Rechnungsempfänger") or a fiscal representative's
        // in its column is another party's more likely than the seller's, however it is labelled: it ranks lower.
        if let cands = out["vendor_vat_id"] {
            out["vendor_vat_id"] = cands.map { c in
                guard let w = c.words.first, let li = text.lines.firstIndex(where: { $0.words.contains(w) }),
                      underBuyerHeading(li, x: text.lines[li].words.first?.x0 ?? w.x0, in: text, hits: hitsByLine) else { return c }
                var c = c
                c.score *= 0.6
                c.note += c.note.isEmpty ? "in another party's block" : "; in another party's block"
                c.otherParty = true
                return c
            }
        }
        // A French VAT id is "FR", a key and the company's SIREN, and a French invoice prints its parties' SIRENs (SIREN,
        // SIRET, RCS): an id whose SIREN is none of those printed belongs to no party of this document as printed (a
        // template's footer left with another company's id). It stays a candidate, with a doubt: a person compares them.
        if let cands = out["vendor_vat_id"], case let printed = Self.sirens(in: text), !printed.isEmpty {
            out["vendor_vat_id"] = cands.map { c in
                guard case let .string(id) = c.value, id.hasPrefix("FR"), id.count == 13, case let siren = String(id.suffix(9)),
                      siren.allSatisfy(\.isNumber), !printed.contains(siren) else { return c }
                var c = c
                c.score *= 0.85
                c.note += (c.note.isEmpty ? "" : "; ") + "its SIREN is none of those printed"
                let list = printed.sorted().map { "\($0.prefix(3)) \($0.dropFirst(3).prefix(3)) \($0.suffix(3))" }.joined(separator: ", ")
                c.doubt = c.doubt ?? "the VAT id \(id) is made of the SIREN \(siren), but the SIRENs printed are \(list): check whose id it is"
                return c
            }
        }
        if selfBilled { Self.turnPartiesOfSelfBilled(&out, text: text) }
        // "Votre n° TVA", "Ihre USt-IdNr.", "Your VAT ID": the buyer's, however labelled; "Notre n° TVA", "Unsere USt-IdNr.":
        // the seller's.
        if !selfBilled, let cands = out["vendor_vat_id"] {
            out["vendor_vat_id"] = cands.map { c in
                guard let w = c.words.first, let line = text.lines.first(where: { $0.words.contains(w) }), let k = line.words.firstIndex(of: w) else { return c }
                let before = Set(line.words[max(0, k - 4)..<k].map { Self.labelNorm($0.text) })
                var c = c
                if !before.isDisjoint(with: Self.buyerPossessives) {
                    c.score *= 0.6
                    c.otherParty = true
                    c.note += c.note.isEmpty ? "the buyer's ('your …')" : "; the buyer's ('your …')"
                    // (Chosen all the same, nothing else being printed: a person sees that it is labelled the buyer's.)
                    c.doubt = "labelled as the buyer's VAT id ('\(line.words[max(0, k - 4)..<k].map(\.text).joined(separator: " "))'): the seller's may not be printed"
                } else if !before.isDisjoint(with: Self.sellerPossessives) {
                    c.score = max(c.score, 0.93)
                }
                return c
            }
        }
        // The customer's account that a direct debit takes the amount from ("Der Betrag wird am … von Ihrem Konto IBAN DE…
        // abgebucht", "sera prélevé sur votre compte"): not the seller's, which such an invoice often does not print at all.
        if let cands = out["vendor_iban"] {
            out["vendor_iban"] = cands.filter { c in
                guard let w = c.words.first, let li = text.lines.firstIndex(where: { $0.words.contains(w) }) else { return true }
                let line = text.lines[li]
                let above = li > 0 && text.lines[li - 1].page == line.page && !text.lines[li - 1].text.hasSuffix(".") ? text.lines[li - 1].text : ""
                return !Self.isDirectDebit(line.text) && !Self.isDirectDebit(above)
            }
            if out["vendor_iban"]?.isEmpty == true { out["vendor_iban"] = nil }
        }
        // An invoice's sender is one column: a candidate that took two ("Brauhaus Company   Keller, Anna", the
        // sender beside a contact person) keeps the column with a company form, else its first. (Not on
        // receipts: OCR spaces a shop's name in large type into "columns", "SAM   SAM   TRADING   CO".)
        if let cands = out["vendor_name"] {
            out["vendor_name"] = cands.map { c in
                guard let v = c.value.stringValue, let one = Self.senderColumn(v), one != v else { return c }
                var c = c
                c.value = .string(one)
                return c
            }
        }
        // A party's name has letters: "Réf. client : 62235" labels the customer's number, not its name; and more than a
        // legal form ("GmbH" alone is the end of a name a rule cut short).
        for party in ["buyer_name", "vendor_name"] {
            guard let named = out[party]?.filter({ c in c.value.stringValue.map { $0.contains(where: \.isLetter) && !Self.onlyLegalForm($0) } ?? true })
            else { continue }
            out[party] = named.isEmpty ? nil : named
        }
        // A number named after a word that says this document replaces it ("annule et remplace la facture n° F26-12",
        // "ersetzt Rechnung Nr. 12") is the other document's wherever it is printed again ("Le montant réglé au titre
        // de la facture n° F26-12 sera déduit"): each mention weighs little, not only the one after the word.
        let replaced = Self.replacedNumbers(in: text)
        if !replaced.isEmpty, let numbers = out["invoice_number"] {
            out["invoice_number"] = numbers.map { c in
                guard let v = c.value.stringValue, replaced.contains(Self.labelNorm(v)) else { return c }
                var c = c
                c.score *= 0.4
                c.note += "; the number of a document this one replaces"
                return c
            }
        }
        // Merge equal values: the best score, nudged up by each further occurrence that agrees.
        return out.mapValues { cands in
            var merged: [Candidate] = []
            for cand in cands.sorted(by: { $0.score > $1.score }) {
                if let i = merged.firstIndex(where: { $0.value == cand.value }) {
                    // The broad scan agrees with everything it overlaps: no evidence.
                    guard !Self.isBroad(cand) else { continue }
                    merged[i].score = min(0.97, merged[i].score + (1 - merged[i].score) * 0.15 * cand.score)
                    merged[i].support += 1
                    merged[i].doubt = merged[i].doubt ?? cand.doubt
                } else { merged.append(cand) }
            }
            return merged.sorted { $0.score > $1.score }
        }
    }
    /// The note on a brand's legal name (``companyNames(in:hits:)``); the brand is no rival of it.
    static let brandsLegalName = "the legal name of the brand at the top"
    static let footerLegalNote = "named over the legal mentions in the footer (form, capital, register)"

    /// The issuer's name in a footer set out as a block: a line of the name alone, at most two lines of its address and
    /// contacts, then the legal mentions led by the legal form and its capital ("SASU au capital de 10 000 € – SIRET …",
    /// "GmbH, Stammkapital 25.000 €"), in the lowest quarter of a page, lines close together. The name must be printed
    /// higher up on the first page too (the letterhead or the sender's block), so that a footer's lone word is no name.
    static func footerLegalName(in text: DocumentText) -> (name: TextLine, legal: TextLine)? {
        for (li, line) in text.lines.enumerated() {
            let words = line.text.split(separator: " ").map { $0.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ",;:.-–")) }
            guard let first = words.first, Labels.companyForms.contains(first), first.count >= 2,
                  words.prefix(5).contains(where: { $0 == "capital" || $0.hasSuffix("kapital") }) else { continue }
            let bottom = text.lines.filter { $0.page == line.page }.map(\.y1).max() ?? line.y1
            guard line.y0 >= bottom * 0.75 else { continue }
            let height = max(4, line.y1 - line.y0)
            // Up the block: each line above within two line heights of the one under it, the address's and the name's.
            var k = li, block: [Int] = []
            while k > 0, block.count < 3, case let above = text.lines[k - 1], above.page == line.page,
                  text.lines[k].y0 - above.y1 < height * 2 {
                k -= 1
                block.append(k)
            }
            for n in block.reversed() {
                let candidate = text.lines[n]
                let t = candidate.text.trimmingCharacters(in: .whitespaces)
                guard t.split(separator: " ").count >= 2, !t.contains(where: \.isNumber), !t.contains("@"), !t.contains(":"),
                      looksLikeName(t) else { continue }
                // (Compared without accents: a scan reads the footer's small type's accents otherwise, "é" as "e", "ô" as "ö".)
                let key = labelNorm(t)
                guard key.count >= 6, text.lines[..<n].contains(where: { $0.page == text.lines.first?.page && $0.y0 < bottom * 0.5 && labelNorm($0.text).contains(key) })
                else { continue }
                return (candidate, line)
            }
        }
        return nil
    }

    /// Whether an amount's printed text has a decimal part ("12.50", "12,5", "1.250,00"; not "3" or "1.250").
    static func hasCents(_ text: String) -> Bool {
        centsPattern.matches(text)
    }
    static let centsPattern = Pattern(#"[.,]\d{1,2}(?!\d)"#)

    static let countryCurrency = ["DE": "EUR", "FR": "EUR", "AT": "EUR", "NL": "EUR", "BE": "EUR", "IT": "EUR", "ES": "EUR", "PT": "EUR", "IE": "EUR",
                                  "FI": "EUR", "LU": "EUR", "GB": "GBP", "US": "USD", "CH": "CHF", "PL": "PLN", "SE": "SEK", "DK": "DKK", "NO": "NOK", "CZ": "CZK"]

    func labelText(_ line: TextLine, _ hit: Hit) -> String {
        line.words[hit.start..<hit.end].map(\.text).joined(separator: " ")
    }

    func scored(_ c: Candidate, _ factor: Double, _ strategy: String, _ note: String) -> Candidate {
        var c = c
        c.score *= factor
        // OCR: the least sure word of the value bounds the confidence.
        if let conf = c.words.compactMap(\.confidence).min() { c.score *= 0.55 + 0.45 * conf }
        c.strategy = strategy
        c.note = note
        return c
    }

    /// Words that put a tax's base before its amount ("19 % auf 160,50", "20 % sur 100", "7 % on 50.00", "21 % over 80").
    static let baseWords: Set<String> = ["auf", "von", "on", "of", "over", "sur", "de", "base", "basis", "su", "sobre", "op", "über"]

    /// Whether the text before an amount ends in a base word (a currency sign may stand between).
    static func followsBaseWord(_ before: Substring) -> Bool {
        let words = before.split(separator: " ").map { norm(String($0)) }.filter { !$0.isEmpty && !Currencies.codes.contains($0.uppercased()) }
        guard let last = words.last else { return false }
        return baseWords.contains(last)
    }

    /// A number printed in groups of digits a space apart ("Rechnungsnummer 422 841284", as utility bills print
    /// them): `first` and the groups of two digits or more after it, each a word space after the one before, up to a
    /// word of letters, a column gap or the end of the run ("4711 3 Stück" is no number). Nil where `first` stands alone.
    static func digitGroups(from first: SourceWord, in words: [SourceWord]) -> [SourceWord]? {
        guard let i = words.firstIndex(of: first), first.text.allSatisfy(\.isNumber) else { return nil }
        var groups = [first]
        var k = i + 1
        while k < words.count, groups.count < 4 {
            let w = words[k], height = max(1, w.y1 - w.y0)
            guard w.x0 - groups.last!.x1 < height * 0.8 else { break }
            guard w.text.allSatisfy(\.isNumber) else { break }
            guard w.text.count >= 2 else { return nil }
            groups.append(w)
            k += 1
        }
        guard groups.count > 1, groups.map(\.text.count).reduce(0, +) <= 20 else { return nil }
        return groups
    }

    /// Reads a value of `type` from a run of words; the first that parses wins.
    func parse(_ words: [SourceWord], as type: FieldType, conventions c: Conventions) -> [Candidate] {
        guard !words.isEmpty else { return [] }
        var text = ""
        var ranges: [(Int, Int)] = []
        for (i, w) in words.enumerated() {
            if i > 0 { text += " " }
            let s = text.utf16.count
            text += w.text
            ranges.append((s, text.utf16.count))
        }
        func wordsIn(_ r: Range<String.Index>) -> [SourceWord] {
            let a = r.lowerBound.utf16Offset(in: text), b = r.upperBound.utf16Offset(in: text)
            return zip(words, ranges).filter { $0.1.0 < b && a < $0.1.1 }.map(\.0)
        }
        let page = words[0].page
        switch type {
        case .amount:
            var found = Amounts.find(in: text, decimalSeparator: c.decimalSeparator)
            if found.isEmpty { found = Amounts.findWhole(in: text) }
            // "USt. 19 % auf 160,50 €  30,50 €", "TVA 20 % sur 100,00": the amount after "auf"/"on"/"sur" is the base the
            // rate applies to; the line's value is the next one.
            if found.count > 1, let i = found.firstIndex(where: { !Self.followsBaseWord(text[..<$0.range.lowerBound]) }) { found = Array(found[i...]) }
            guard let first = found.first else { return [] }
            return [Candidate(value: .number(Amounts.double(first.value)), text: String(text[first.range]), score: 1,
                              strategy: "layout", page: page, words: wordsIn(first.range))]
        case .date:
            if let first = Dates.find(in: text, order: c.dateOrder).first(where: { !Self.afterTimeLabel(text[..<$0.range.lowerBound]) }) {
                return [Candidate(value: .string(first.value.iso), text: String(text[first.range]), score: 1, strategy: "layout", page: page, words: wordsIn(first.range))]
            }
            // A month name with one letter misread by OCR: kept, with less confidence.
            guard let fuzzy = Dates.findFuzzy(in: text).first else { return [] }
            return [Candidate(value: .string(fuzzy.value.iso), text: String(text[fuzzy.range]), score: 0.7, strategy: "layout", page: page,
                              words: wordsIn(fuzzy.range), note: "month name read with one letter corrected")]
        case .identifier:
            // A word of a date written out ("February 17, 2026", "3 mars 2026") is no identifier.
            // (Only dates of several words: a lone "20240115" may well be a document's number.)
            let inDates = Set(Dates.find(in: text, order: c.dateOrder).map { wordsIn($0.range) }.filter { $0.count > 1 }.joined())
            for w in words where !inDates.contains(w) {
                let t = w.text.trimmingCharacters(in: CharacterSet(charactersIn: ":#.,;()[]|").union(.whitespaces))
                guard t.count >= 3, t.count <= 40, t.unicodeScalars.allSatisfy({ Self.identifierChars.contains($0) }),
                      t.contains(where: { $0.isNumber }) else { continue }
                // An EN 16931 business term's id beside its label in a rendered e-invoice ("Rechnungsnummer (BT-1): …") names the field.
                if Self.businessTermID.matches(t) { continue }
                if Dates.parse(t, order: c.dateOrder) != nil, t.contains(where: { "./".contains($0) }) { continue }
                // A VAT id or an IBAN whose check digits hold is what it looks like, never a document's number (a
                // letterhead column's "DE…" under "USt-IdNr." on the line of the title "Rechnung").
                if t.count >= 10, t.first?.isLetter == true, VATID.check(t).passed || IBAN.check(t).passed { continue }
                // Nor is the first group of an IBAN printed in fours ("… auf Ihr Konto IBAN DE82 2430 0605", read from the line
                // under a title word in a sentence).
                if let k = words.firstIndex(of: w), Self.startsGroupedIBAN(t, before: k > 0 ? words[k - 1].text : nil, after: words[(k + 1)...].map(\.text)) { continue }
                if let grouped = Self.digitGroups(from: w, in: words) {
                    return [Candidate(value: .string(grouped.map(\.text).joined(separator: " ")), text: grouped.map(\.text).joined(separator: " "), score: 1,
                                      strategy: "layout", page: page, words: grouped)]
                }
                return [Candidate(value: .string(t), text: w.text, score: 1, strategy: "layout", page: page, words: [w])]
            }
            return []
        case .text:
            let t = text.trimmingCharacters(in: CharacterSet(charactersIn: ":-").union(.whitespaces))
            guard t.count >= 2 else { return [] }
            // (The rest of a heading, not a value: "Terms" of "Terms & Conditions", "Conditions" of "Conditions et modalités".)
            if let first = t.split(separator: " ").first, ["&", "and", "und", "et", "y", "e"].contains(first.lowercased()) { return [] }
            // (Nor the end of an id's heading alone: "ID" of "Customer ID", "No." of "Client No.".)
            if t.lowercased() == "id" || Self.numberMarks.contains(t.lowercased()) { return [] }
            return [Candidate(value: .string(t), text: t, score: 0.9, strategy: "layout", page: page, words: words)]
        case .currency:
            guard let cur = Currencies.detect(in: text, country: c.country) else { return [] }
            return [Candidate(value: .string(cur.code), text: cur.evidence, score: 1, strategy: "layout", page: page, words: words)]
        case .iban:
            let ns = text as NSString
            guard let m = Self.ibanPattern.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)), let r = Range(m.range, in: text) else { return [] }
            return [Candidate(value: .string(IBAN.normalize(String(text[r]))), text: String(text[r]), score: 1, strategy: "layout", page: page, words: wordsIn(r))]
        case .vatID:
            let ns = text as NSString
            let all = NSRange(location: 0, length: ns.length)
            if let m = VATID.searchPattern.firstMatch(in: text, range: all), let r = Range(m.range, in: text) {
                return [Candidate(value: .string(VATID.normalize(String(text[r]))), text: String(text[r]), score: 1, strategy: "layout", page: page, words: wordsIn(r))]
            }
            // By its label, OCR's look-alike letters among the digits ("DEO12…") are read as the digits they stand for.
            if let m = Self.ocrVATPattern.firstMatch(in: text, range: all), let r = Range(m.range, in: text), let repaired = VATID.repairingOCR(String(text[r])) {
                return [Candidate(value: .string(repaired), text: String(text[r]), score: VATID.check(repaired).passed ? 0.9 : 0.68, strategy: "layout", page: page,
                                  words: wordsIn(r), note: "VAT id with OCR look-alikes read as digits")]
            }
            // By its label, an id in a form its country does not use (a digit short, a typo) is still what is
            // printed: read, and its check fails, so a person sees it rather than an empty field.
            guard let m = Self.looseVATPattern.firstMatch(in: text, range: all), let r = Range(m.range, in: text) else { return [] }
            return [Candidate(value: .string(VATID.normalize(String(text[r]))), text: String(text[r]), score: 0.7, strategy: "layout", page: page, words: wordsIn(r),
                              note: "a VAT id in a form its country does not use")]
        case .bic:
            let ns = text as NSString
            guard let m = Self.bicPattern.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)), let r = Range(m.range, in: text) else { return [] }
            return [Candidate(value: .string(String(text[r])), text: String(text[r]), score: 1, strategy: "layout", page: page, words: wordsIn(r))]
        case .percent:
            let ns = text as NSString
            guard let m = Self.percentPattern.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)), let r = Range(m.range, in: text),
                  let v = Amounts.parse(ns.substring(with: m.range(at: 1)), decimalSeparator: c.decimalSeparator) else { return [] }
            return [Candidate(value: .number(Amounts.double(v)), text: String(text[r]), score: 1, strategy: "layout", page: page, words: wordsIn(r))]
        case .lines:
            return []
        }
    }

    /// How a line addressed to a person in a company starts ("z. Hd. Buchhaltung", "Attn: Accounts", "à l'attention de …").
    static let attentionPrefixes = ["z. hd", "z.hd", "zu händen", "attn", "attention", "à l'attention", "a l'attention"]

    /// Company names: a line near the top of the first page that ends in a company form (GmbH,
    /// Ltd, SARL, ...), else the first line that is not a title, an address or a label.
    /// `selfBilled`: the document says it is self-billed (``isSelfBilled(_:)``), so the address window holds the seller.
    func companyNames(in text: DocumentText, hits: [[Hit]], selfBilled: Bool = false) -> [Candidate] {
        var out: [Candidate] = []
        guard let firstPage = text.lines.first?.page else { return [] }
        // (Not specks a scan's noise leaves, ". ." over the letterhead: they would push the name down the page's lines.)
        let pageLines = text.lines.enumerated().filter { $0.element.page == firstPage && $0.element.text.contains(where: { $0.isLetter || $0.isNumber }) }
        let top = pageLines.map(\.element.y1).max() ?? 800
        var afterBuyerLabel = -10
        let heights = pageLines.map { $0.element.y1 - $0.element.y0 }.sorted()
        let tallest = heights.last ?? 0, medianHeight = heights.isEmpty ? 0 : heights[heights.count / 2]
        let tallestWord = pageLines.flatMap { $0.element.words.map { $0.y1 - $0.y0 } }.max() ?? 0
        var nameRank = -1
        // The last sender line's rank and left edge: the company line right under it, at its left edge, is the recipient's.
        var senderLine: (rank: Int, x0: Double)? = nil
        // Where a buyer label starts a column of its own right of other text ("Beispiel OHG   Bill to"): its left edge.
        // Only that column is the buyer's block, not the name beside it.
        var buyerColumnX0: Double? = nil
        let fromHeading = pageLines.contains { $0.element.words.contains { $0.text.lowercased() == "from:" } }
        // A German receipt form: its title "Quittung" on a line of its own.
        let receiptForm = pageLines.contains { Self.labelNorm($0.element.text) == "quittung" }
        for (rank, (li, printedLine)) in pageLines.enumerated() {
            // A name in large type that ends in its legal form, run into smaller words beside it with too little space for a
            // column break at the large type's scale ("Beispiel Solutions SASU 55 rue des Lilas", the recipient's address
            // beside it): the name's own words.
            let line = Self.leadingLargeName(printedLine) ?? printedLine
            // (A schema without a buyer, a receipt's, still has its "Bill To" over a customer's name.)
            // ("To:" with its colon heads the buyer's block on a page whose seller's block is headed "From:".)
            let toHeading = fromHeading ? line.words.firstIndex(where: { $0.text.lowercased() == "to:" }) : nil
            // (The hit's index counts the printed line's words: a label beside a large name is past the name's own.)
            if let start = hits[li].first(where: { $0.field == "buyer_name" })?.start ?? toHeading {
                afterBuyerLabel = rank
                let w = printedLine.words[start]
                let height = max(4, w.y1 - w.y0)
                buyerColumnX0 = start > 0 && w.x0 - printedLine.words[start - 1].x1 > height * 2 ? w.x0 : nil
            } else if schema.field("buyer_name") == nil && Labels.buyer.contains(line.text.lowercased().trimmingCharacters(in: .punctuationCharacters.union(.whitespaces))) {
                afterBuyerLabel = rank
                buyerColumnX0 = nil
            }
            let tokens = line.words.map { Self.norm($0.text) }
            guard line.words.last != nil else { continue }
            // On a receipt, a line in parentheses under the shop's sign ("(BEISPIEL SHOP (123456))", its first parenthesis
            // read by OCR as a "C" where the closing ones outnumber the opening) is a note on the sign, not the shop's name.
            if schema.name == "receipt", Self.isParenthesised(line.text) { continue }
            // The line without a registration number in parentheses ("… S/B (000000-X)"): its last word is the form.
            let cleaned = Self.cleanName(line.text)
            // ("Beispiel UG (haftungsbeschränkt)" ends in its form too.)
            let lastWord = Self.withoutUGSuffix(cleaned).split(separator: " ").last.map(String.init) ?? ""
            let lastNorm = Self.abbreviationStop.replacing(in: lastWord.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ",;:")), with: "")
            // A sender line over the address window ("Beispiel Inc. · 1 Main Street · AB1 2CD Town"): its first part is the name.
            let senderName = Self.senderLineName(line.text)
            // (Or a column of the line ends in one and the others are a title or an address: "Beispiel SAS   FACTURE",
            // "Beispiel e.K.   12345 Ort". Not beside another name, where the two blocks are weighed below, nor beside a label.)
            // (Nor under a sender line, "Name | Street 1 | 12345 Town": the block under it is the recipient's window. On a
            // self-billed invoice that is the seller: there its first line, beside the invoice's labelled data, "Beispiel OHG
            // Datum: 16.08.2025", is a name, weighed as the recipient's below.)
            let lineColumns = LineColumns.split(line.text)
            let underSenderLine = selfBilled && senderLine.map { rank > $0.rank && rank - $0.rank <= 2 && abs((line.words.first?.x0 ?? 0) - $0.x0) < 12 } ?? false
            let formColumn = lineColumns.count < 2 || senderLine != nil && !underSenderLine ? nil : lineColumns.first { c in
                let printed = Self.withoutUGSuffix(c).split(separator: " ").last.map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: ",;:")) } ?? ""
                let last = printed.lowercased()
                // (A short form counts in capitals or with its dots, "AG", "e.K.": "ab", "sa" are words too.)
                let form = Labels.companyForms.contains(last.hasSuffix(".") ? String(last.dropLast()) : last) || Self.strictForms.contains(Self.norm(last))
                guard c.split(separator: " ").count >= 2 && form && (last.count >= 3 || printed == printed.uppercased() || printed.contains(".")) else { return false }
                // (Beside labels with their values only at the very top, the letterhead beside the invoice's data: "Name KG   Rechnungs-Nr.: R-1".)
                let letterhead = c == lineColumns[0] && rank <= 2
                // (At the very top, a label's own column, "Beispiel e.K.   Due Date   30/05/2026", with its value in the next, where
                // the name's block gives the seller's details or tax id: a recipient's window beside the labels gives none.)
                func labelColumn(_ o: String) -> Bool {
                    guard let r = line.text.range(of: o), let w = line.words(in: r).first, let i = line.words.firstIndex(of: w),
                          hits[li].contains(where: { $0.start == i }), let nameRange = line.text.range(of: c) else { return false }
                    return Self.hasSellerDetails(under: line.words(in: nameRange), in: text, orTaxID: true)
                }
                // (At the very top, a lone word beside the name that is no label, "Beispiel AG   ANGEN": a fragment of a receiving
                // stamp pressed over the letterhead, whose letters fall on the name's line.)
                func fragment(_ o: String) -> Bool {
                    guard rank <= 2, o.split(separator: " ").count == 1, o.filter(\.isLetter).count >= 3, !o.contains(where: { $0.isNumber || $0 == ":" }),
                          let r = line.text.range(of: o), let w = line.words(in: r).first, let i = line.words.firstIndex(of: w) else { return false }
                    return !hits[li].contains { $0.start == i } && !Labels.companyForms.contains(Self.norm(o))
                }
                // (Nor beside a buyer block's heading, "Beispiel OHG   Bill to": the seller's block and the buyer's side by side.)
                return lineColumns.allSatisfy { o in
                    letterhead && o != c && labelColumn(o) || letterhead && o != c && fragment(o) ||
                    o == c || Labels.titles.contains(o.lowercased().trimmingCharacters(in: .punctuationCharacters.union(.whitespaces))) || Self.isTitleColumn(o)
                        || Labels.buyer.contains(o.lowercased().trimmingCharacters(in: .punctuationCharacters.union(.whitespaces)))
                        || o.contains(where: \.isNumber) && (!o.contains(":") || letterhead || underSenderLine && c == lineColumns[0])
                }
            }
            let columnEndsInForm = formColumn != nil
            // (Further down, a footer's column that ends in a form, "Beispiel AG   Bankverbindung   Geschäftsführer: …", is a company line too.)
            let footerColumnForm = line.y0 >= top * 0.35 && lineColumns.count > 1 && lineColumns.contains { c in
                guard let printed = Self.withoutUGSuffix(c).split(separator: " ").last.map(String.init), c.split(separator: " ").count >= 2 else { return false }
                return Self.onlyLegalForm(printed)
            }
            // (A short form in lower case, "xl sas" read from a logo, is a word: forms print in capitals, "SAS", "Ltd", "e.K.".)
            let lowerShortForm = lastWord.count <= 3 && lastWord == lastWord.lowercased() && !lastWord.contains(".")
            let isCompany = !lowerShortForm && (Labels.companyForms.contains(lastNorm) || Labels.companyForms.contains(Self.norm(lastWord)))
                || tokens.contains("gmbh") || tokens.contains("sarl") || tokens.contains("ltd") || tokens.contains("bhd") || senderName != nil || columnEndsInForm
                || footerColumnForm
            // A trade word ("Trading", "Hardware", "Restaurant", "Mart") names a business less surely than a legal form.
            let isTrade = !isCompany && tokens.contains { Self.tradeWords.contains($0) }
            if senderName != nil || line.text.contains(where: \.isNumber) && line.text.filter({ "|·•".contains($0) }).count >= 2 {
                senderLine = (rank, line.words.first?.x0 ?? 0)
            }
            let isTitle = Labels.titles.contains(line.text.lowercased().trimmingCharacters(in: .punctuationCharacters.union(.whitespaces)))
            let nearTop = line.y0 < top * 0.35
            let buyerSide = rank - afterBuyerLabel <= 3
            // A line of labels ("From:   To:", "Name:") names nobody.
            let onlyLabels = line.words.allSatisfy { $0.text.hasSuffix(":") || $0.text == ":" }
            // A name in large type whose legal form wrapped onto the next line, beside the title or the invoice's labels
            // ("Beispiel Handel   FACTURE" over "SARL   Référence : …"): the first column and the form under it.
            if nearTop, !buyerSide, rank + 1 < pageLines.count, let first = lineColumns.first, let w0 = line.words.first,
               !first.split(separator: " ").contains(where: { Self.onlyLegalForm(String($0)) }),
               !first.contains(where: { $0.isNumber || $0 == ":" }), !hits[li].contains(where: { $0.start == 0 }), Self.looksLikeName(first),
               let (form, formWords, formAt) = Self.wrappedForm(after: rank, in: pageLines.map(\.element), nameColumn: first, columns: lineColumns) {
                var name = Self.cleanName(first + " " + form)
                var words = (line.text.range(of: first).map { line.words(in: $0) } ?? [w0]) + formWords
                // A name wrapped twice in a narrow letterhead column ("Beispiel Nord" over "Haustechnik" over "GmbH & Co. KG").
                if let (start, startWords) = Self.wrappedAbove(words.filter(line.words.contains), lines: text.lines, at: li) {
                    name = Self.cleanName(start + " " + name)
                    words = startWords + words
                }
                // "… UG" over "(haftungsbeschränkt)" on the line after the form, in the same column.
                if name.hasSuffix(" UG"), let (rest, restWords) = Self.wrappedUnder(formWords, line: pageLines[formAt].element,
                                                                                    following: pageLines[(formAt + 1)...].lazy.map(\.element)),
                   rest.lowercased().hasPrefix("(haftungsbeschr") {
                    name = Self.cleanName(name + " " + rest)
                    words += restWords
                }
                nameRank += 1
                out.append(Candidate(value: .string(name), text: name, score: 0.9, strategy: "layout", page: line.page, words: words,
                                     note: "a name whose legal form wrapped onto the next line"))
                continue
            }
            // The letterhead in the largest type at the very top, beside the invoice's labels ("Marie Exemple   Date : 29/12/2026"):
            // a person's or a business's name without a company form, its first column.
            if !isCompany, rank < 3, !buyerSide, lineColumns.count > 1, let firstColumn = lineColumns.first,
               let end = line.text.range(of: firstColumn).map({ line.words(in: $0) }), let last = end.last, let upTo = line.words.firstIndex(of: last),
               !hits[li].contains(where: { $0.start <= upTo }), !firstColumn.contains(where: { $0.isNumber || $0 == ":" }), Self.looksLikeName(firstColumn),
               let height = end.map({ $0.y1 - $0.y0 }).max(), height >= tallestWord * 0.98, height > medianHeight * 1.2 {
                out.append(Candidate(value: .string(Self.cleanName(firstColumn)), text: firstColumn, score: 0.88 - Double(rank) * 0.05, strategy: "layout",
                                     page: line.page, words: end, note: "the largest type at the top of the first page, beside labels"))
                continue
            }
            // A professional's name at the very top in type larger than the text's, a title before it ("Dr. med. Beispiel
            // Tel. 0123 45678", "Rechtsanwältin …", "Maître …"): a doctor's, lawyer's or adviser's letterhead has no company
            // form, and a company line under or beside it is the recipient's window, not the seller.
            // (Beside the recipient's window at the right, "Maître Beispiel   Muster SAS", the company is the recipient's.)
            if rank < 3, !buyerSide, let firstColumn = lineColumns.first, Self.startsWithProfessionalTitle(firstColumn),
               !firstColumn.split(separator: " ").contains(where: { Self.onlyLegalForm(String($0)) }),
               !firstColumn.contains(where: { $0.isNumber || $0 == ":" }), let nameWords = line.text.range(of: firstColumn).map({ line.words(in: $0) }),
               let height = nameWords.map({ $0.y1 - $0.y0 }).max(), height > medianHeight * 1.15 {
                nameRank += 1
                out.append(Candidate(value: .string(Self.withTitleSpelled(Self.cleanName(firstColumn))), text: firstColumn, score: 0.93 - Double(rank) * 0.03, strategy: "layout",
                                     page: line.page, words: nameWords, note: "a professional's name at the top of the first page"))
                continue
            }
            // (A short name beside the title, "Beispiel OHG   INVOICE", is judged without the title.)
            guard !isTitle, !onlyLabels, hits[li].isEmpty || isCompany, line.text.contains(where: \.isLetter),
                  Self.looksLikeName(senderName ?? formColumn.map(Self.cleanName) ?? cleaned) else { continue }
            // Lines that could be names, counted from the top (a logo's noise above does not push the name down).
            nameRank += 1
            // A name broken over two lines: "KEDAI CONTOH JAYA" above "SDN BHD", or "MR K.I.T." above "(M) SDN BHD".
            /// A company form, or a short bracketed part of one ("(M)"), as printed or as OCR misreads it.
            func isFormWord(_ word: String) -> Bool {
                let t = word.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ",;:."))
                return Labels.companyForms.contains(t) || Labels.companyForms.contains(Self.norm(word)) || (t.hasPrefix("(") && t.count <= 4)
                    || Self.misreadParenthesis(word) != nil
            }
            func onlyForms(_ l: TextLine) -> Bool { l.words.allSatisfy { isFormWord($0.text) } }
            // A line that goes on from the one above: it starts with "&" or with the forms ("CO. (M) SDN BHD").
            func continues(_ l: TextLine) -> Bool {
                guard let first = l.words.first?.text.lowercased() else { return false }
                return first == "&" || first == "co." || first == "co" || first == "and"
            }
            if isCompany || isTrade {
                // The column with the form or trade word ("Muster GmbH   Max Mustermann   ING DiBa"), with the capitalised
                // words before it and the forms after it that a scan spaced apart ("SAM   SAM   TRADING   CO"); else the
                // first column that is not a label ("Name:   Holzbau Keller AG").
                let columns = lineColumns
                var name = Self.cleanName(columns.first(where: { !$0.hasSuffix(":") && Self.looksLikeName($0) }) ?? line.text)
                func words(_ c: String) -> [String] { c.split(separator: " ").map { Self.norm(String($0)) } }
                func isForm(_ w: String) -> Bool { Labels.companyForms.contains(w) }
                // (A form with its dots, "e.K.", as printed: "ek" is no form once the dots are gone.)
                func dottedForm(_ c: String) -> Bool {
                    c.split(separator: " ").contains { w in
                        let t = w.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ",;:"))
                        return t.dropLast().contains(".") && Labels.companyForms.contains(t.hasSuffix(".") ? String(t.dropLast()) : t)
                    }
                }
                func formColumn(_ c: String) -> Bool { words(c).contains { isForm($0) || Self.tradeWords.contains($0) } || dottedForm(c) }
                if columns.count > 1, var k = columns.firstIndex(where: formColumn) {
                    // Two blocks side by side, each a company ("Beispiel e.K.   Muster KG", the recipient's window and the sender's
                    // block): the one whose block under it gives the seller's details or a tax id not labelled as the customer's.
                    // (On an invoice; a receipt's scan spaces one name apart.)
                    // (Not a labelled column, "Kontoinhaber: Beispiel UG" in a footer beside the name.)
                    let named = columns.indices.filter { j in
                        formColumn(columns[j]) && columns[j].split(separator: " ").count >= 2 && !columns[j].contains(":") && Self.looksLikeName(columns[j])
                    }
                    if schema.name != "receipt", nearTop, named.count == 2 {
                        let withDetails = named.filter { j in
                            guard let r = line.text.range(of: columns[j]) else { return false }
                            return Self.hasSellerDetails(under: line.words(in: r), in: text, orTaxID: true)
                        }
                        if withDetails.count == 1 { k = withDetails[0] }
                    }
                    var lo = k, hi = k
                    // A column of forms only ("KLINIK MAJU SDN   BHD") belongs to the name before it.
                    if k > 0, words(columns[k]).allSatisfy(isForm), Self.looksLikeName(columns[k - 1]), !columns[k - 1].hasSuffix(":") { lo = k - 1 }
                    while lo > 0, columns[lo - 1].split(separator: " ").count <= 2, columns[lo - 1] == columns[lo - 1].uppercased(),
                          columns[lo - 1].contains(where: \.isLetter), !columns[lo - 1].contains(where: { $0.isNumber || $0 == ":" }) { lo -= 1 }
                    /// A column that goes on with the name: forms, a bracketed mark, or a business's words in capitals that a scan
                    /// spaced off, its "&" lost ("CONTOH HARDWARE   SUPPLY").
                    func continuesName(_ column: String) -> Bool {
                        let printed = column.split(separator: " ").map(String.init)
                        return words(column).allSatisfy({ isForm($0) || $0.count <= 2 && column.hasPrefix("(") })
                            || printed.allSatisfy({ isForm(Self.norm($0)) || Self.misreadParenthesis($0) != nil })
                            || printed.allSatisfy({ $0 == "&" || Labels.businessWords.contains($0) })
                    }
                    while hi + 1 < columns.count, !words(columns[hi + 1]).isEmpty, continuesName(columns[hi + 1]) { hi += 1 }
                    name = Self.cleanName(columns[lo...hi].joined(separator: " "))
                }
                // A sender line "Beispiel GmbH · Hauptstraße 1 · 12345 Ort": the part with the company form.
                let separated = Self.separatorsAsDots(name)
                let parts = separated.components(separatedBy: CharacterSet(charactersIn: "·|•")).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                if parts.count > 1, let named = parts.first(where: { p in
                    p.split(separator: " ").contains { w in Labels.companyForms.contains(w.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ",;:."))) || Labels.companyForms.contains(Self.norm(String(w))) }
                }) { name = named }
                // (A sender line, with dots, bars or commas, "Beispiel e.K., Lindenallee 17, 12345 Ort": the name senderLineName read.)
                if let senderName { name = Self.cleanName(senderName) }
                var words = line.words
                // The name's first part on the line above: a line of forms only ("SDN BHD"), or a short
                // line under a short capitalised one ("KOPI KOPI" over "TRADING CO", "SWK" over "ENTERPRISE SDN BHD").
                // (A scan's lone marks between the lines, "|" or ":", are passed over.)
                func textAbove(_ r: Int) -> Int? {
                    var k = r - 1
                    while k >= 0, pageLines[k].element.page == line.page, !pageLines[k].element.text.contains(where: { $0.isLetter || $0.isNumber }) { k -= 1 }
                    return k >= 0 && pageLines[k].element.page == line.page ? k : nil
                }
                /// A short line in capitals without digits that could be the start of a name ("CONTOH JAYA HARDWARE").
                func shortCapitals(_ l: TextLine) -> Bool {
                    let t = Self.cleanName(l.text).trimmingCharacters(in: CharacterSet(charactersIn: " :"))
                    return t.split(separator: " ").count <= 3 && t == t.uppercased() && t.filter(\.isLetter).count >= 2
                        && !t.contains(where: \.isNumber) && !t.contains(":") && !Self.looksLikeAddressOrNoise(t) && !Self.countries.contains(t.lowercased())
                }
                if let a = textAbove(rank) {
                    let above = pageLines[a].element
                    // (Not a logo's drawing OCR read as two capitals: its box is several times the height of the name's letters.)
                    let likeSized = above.y1 - above.y0 <= 3 * max(0.1, line.y1 - line.y0)
                    // (Not a title with its number over the name, "FACTURE N° F25-…": a line with a label names nobody.)
                    // (Nor an id's label over the name, "SIRET : 975297698 40548" over "Alpka SAS", made up.)
                    let idLabel = Self.labelWords(above.text).contains { Self.taxIDWords.contains($0) || Self.sellerDetailWords.contains($0) }
                    // (On a receipt, the line under it only a trade and a form, "TRADING CO", "ENTERPRISE (TAMAN CONTOH) SDN BHD": no name of
                    // its own. Not "RESTORAN CONTOH JAYA" under a logo's "BKL".)
                    let nameless = schema.name != "receipt" || cleaned.split(separator: " ").allSatisfy { w in
                        let n = Self.norm(String(w))
                        return Self.tradeWords.contains(n) || Labels.companyForms.contains(n) || w == "&" || w.hasPrefix("(") || w.hasSuffix(")")
                    }
                    let shortPair = cleaned.split(separator: " ").count <= 3 && shortCapitals(above) && likeSized && hits[pageLines[a].offset].isEmpty && !idLabel && nameless
                    // (Of a line above in columns, "Beispiel Bau GmbH   COMMERCIAL" over "& Co. KG   INVOICE", its first column.)
                    let aboveColumns = LineColumns.split(above.text)
                    // (Not on a receipt, whose scan spaces one name's words apart: "SAM   SAM" over "TRADING   CO".)
                    let aboveText = schema.name != "receipt" && aboveColumns.count > 1 && columns.count > 1 ? aboveColumns[0] : above.text
                    let aboveWords = aboveText == above.text ? above.words : (above.text.range(of: aboveText).map { above.words(in: $0) } ?? above.words)
                    // (Over the name's own words: "Partnerschaftsgesellschaft mbB" at the left margin does not go on from a partner's
                    // name in a list at the right, which a scan's slope put on the line above.)
                    let ownWords = line.text.range(of: name).map { line.words(in: $0) } ?? words
                    let overName = aboveWords.isEmpty || ownWords.isEmpty || Self.overlapsAcross(aboveWords, ownWords)
                    if overName, ((onlyForms(line) || continues(line)) && Self.looksLikeName(aboveText) && !aboveText.contains(where: \.isNumber))
                        || (isCompany || isTrade) && shortPair {
                        name = Self.cleanName(aboveText).trimmingCharacters(in: CharacterSet(charactersIn: " :")) + " " + name
                        words = aboveWords + words
                        // A name over three lines: the joined line starts with a trade word or a form ("ENTERPRISE (TAMAN"
                        // under "CONTOH JAYA HARDWARE"), so it goes on from the line above it too.
                        if let first = above.words.first.map({ Self.norm($0.text) }), Self.tradeWords.contains(first) || Labels.companyForms.contains(first),
                           let b = textAbove(a), shortCapitals(pageLines[b].element) {
                            let top = pageLines[b].element
                            name = Self.cleanName(top.text).trimmingCharacters(in: CharacterSet(charactersIn: " :")) + " " + name
                            words = top.words + words
                        }
                    }
                }
                // A name a narrow column wrapped before its last words ("Dormon Handel" over "Distribution GmbH"): looked for
                // above the name's own column where the line holds another block beside it ("Kunde UG   Distribution UG").
                if schema.name != "receipt", words.allSatisfy({ line.words.contains($0) }) {
                    let own = words == line.words ? (line.text.range(of: name).map { line.words(in: $0) } ?? words) : words
                    if let (start, startWords) = Self.wrappedAbove(own, lines: text.lines, at: li) {
                        name = Self.cleanName(start + " " + name)
                        words = startWords + own
                    }
                }
                // A name that goes on on the next line ("HOME MASTER HARDWARE &" over "ELECTRICAL").
                if name.hasSuffix("&"), rank + 1 < pageLines.count, pageLines[rank + 1].element.page == line.page,
                   pageLines[rank + 1].element.words.count <= 3, !pageLines[rank + 1].element.text.contains(where: \.isNumber) {
                    name += " " + pageLines[rank + 1].element.text
                    words += pageLines[rank + 1].element.words
                }
                // "Beispiel UG" over "(haftungsbeschränkt)", "Beispiel GmbH" over "& Co. KG": the rest of the legal form, wrapped,
                // in the name's column (on a scan a block's lines beside it, "Kasse 17", may come between in reading order).
                if let (rest, restWords) = Self.wrappedUnder(words, line: line, following: pageLines[(rank + 1)...].lazy.map(\.element)),
                   name.lowercased().hasSuffix(" ug") && rest.lowercased().hasPrefix("(haftungsbeschr")
                    || Self.onlyLegalForm(String(rest.drop(while: { $0 == "&" || $0 == " " }))) && (rest.hasPrefix("& Co") || rest.hasPrefix("& Cie"))
                        && !name.contains("&")
                    // ("Beispiel GmbH & Co." over "KG": a partnership's form wrapped after its "& Co.", which ends no name.)
                    || Self.endsInAndCo(name) && Self.onlyLegalForm(rest) && !rest.hasPrefix("&") {
                    name = Self.cleanName(name + " " + rest)
                    words += restWords
                }
                // A company form on its own ("GmbH", "SDN BHD") that no line above completes names nobody.
                if name.split(separator: " ").allSatisfy({ $0 == "&" || isFormWord(String($0)) }) { continue }
                // (Not the name left of a buyer label's own column, "Beispiel OHG   Bill to": the seller's block beside the buyer's.)
                let nameWords = line.text.range(of: name).map { line.words(in: $0) } ?? words
                let leftOfBuyerColumn = buyerColumnX0.map { x in !nameWords.isEmpty && nameWords.allSatisfy { $0.x1 < x } } ?? false
                var score = (nearTop ? (isCompany ? 0.9 : 0.8) : (isCompany ? 0.7 : 0.5)) * (buyerSide && !leftOfBuyerColumn ? 0.5 : 1) - Double(rank) * 0.002
                // The company line right under a sender line, at its left edge, is the first line of the address window: the
                // recipient's (DIN 5008: "Beispiel GmbH · Hauptstraße 1 · 12345 Ort" over the customer's name).
                var note = isCompany ? "line with a company form" : "line with a trade word"
                var addressee = buyerSide && !leftOfBuyerColumn
                if senderName == nil, let sender = senderLine, rank > sender.rank, rank - sender.rank <= 2, let w = nameWords.first,
                   abs(w.x0 - sender.x0) < max(12, (w.y1 - w.y0) * 2) {
                    score *= 0.85
                    note += "; under the sender line, the recipient's window"
                    addressee = true
                }
                // A company over "z. Hd. Buchhaltung", "Attn: Accounts" in its column: an address written to someone, the recipient's.
                // (The next line in the name's column: on a scan a line of a block beside it may come between.)
                if schema.name != "receipt", let w = nameWords.first,
                   let next = pageLines[(rank + 1)...].prefix(2).first(where: { n in
                       n.element.page == line.page && n.element.words.first.map { abs($0.x0 - w.x0) < max(12, (w.y1 - w.y0) * 2) } == true
                   }), Self.attentionPrefixes.contains(where: { next.element.text.lowercased().hasPrefix($0) }) {
                    note += Self.attentionNote
                    addressee = true
                }
                // "Owned by: Contoh Holdings Sdn Bhd" under a shop's name: the company that owns the shop, not the
                // name on its sign, which ranks above it (the owner's name stays, for a shop that prints nothing else).
                let ownerPhrase = Self.ownerPhrase(cleaned) != nil
                let ownedAbove = textAbove(rank).map { Self.endsWithOwnerPhrase(pageLines[$0].element.text) } ?? false
                if ownerPhrase || ownedAbove {
                    let operated = Self.namesOperator(cleaned)
                    if let n = Self.ownerPhrase(name) { name = Self.cleanName(String(name.dropFirst(n))) }
                    if operated, isCompany, schema.name != "receipt" {
                        // "Betreiber: Beispiel GmbH" under a filling station's sign: on an invoice the seller is the company
                        // that runs the business, not the brand it trades under.
                        score = max(score, 0.93)
                        note += "; the operator named under the sign"
                    } else {
                        score *= 0.7
                    }
                }
                // A company line in the page's largest type at the top is the letterhead: it outranks a company line beside it
                // in normal type that may stand higher (the recipient's window at the right, "Rinfel SA" in 18 points with
                // "Client SAS" in a box beside it).
                if isCompany, nearTop, !buyerSide, let nameHeight = line.words.filter({ w in name.contains(w.text) }).map({ $0.y1 - $0.y0 }).max(),
                   nameHeight >= tallestWord * 0.98, nameHeight > medianHeight * 1.2 {
                    score = max(score, 0.92)
                }
                // A trade word in the largest type at the top ("Boulangerie du Port") is the letterhead too.
                if isTrade, rank < 3, !buyerSide, (line.y1 - line.y0) >= tallest * 0.98, (line.y1 - line.y0) > medianHeight * 1.2 {
                    score = max(score, 0.88 - Double(rank) * 0.05)
                }
                // On a receipt form ("Quittung"), "von Beispiel GmbH, …" names whom the money was received from: the payer.
                if receiptForm, line.words.first?.text == "von", name.hasPrefix("von ") {
                    name = String(name.dropFirst(4))
                    score *= 0.5
                    addressee = true
                    note += "; the payer a receipt form names after \"von\""
                }
                var found = Candidate(value: .string(name), text: name, score: score, strategy: "layout", page: line.page, words: words, note: note)
                found.addressee = addressee
                out.append(found)
            } else if nameRank < 3, !buyerSide, line.words.count <= 8, !line.text.contains(where: \.isNumber), line.words.first?.text.hasSuffix(":") != true,
                      // (Nor are the parties' headings, "Seller   Buyer", "Verkäufer", in a rendered e-invoice's larger type.)
                      !line.words.allSatisfy({ w in
                          let f = Self.labelNorm(w.text)
                          return f.isEmpty || Self.foldedSellerHeaders.contains(f) || Self.foldedBuyerWords.contains(f)
                      }) {
                // (A labelled line, "Name: …", belongs to whichever block its label is in: not a letterhead.)
                // The name in the letterhead is usually set larger than everything else.
                // (A letterhead is capitalised: a line in lower case only is a cashier's name or a note.)
                let lowerOnly = !line.text.contains(where: \.isUppercase)
                // (Nor is a logo OCR turned into marks: a lone "|", "/", "*" or a lone small letter.)
                // (Nor what OCR made of a logo's drawing, read with little confidence: "Wher" among "ki: oe".)
                // (A lone character OCR gave no confidence at all, "a" a column off a shop's sign, is a speck beside the line,
                // not a measure of it.)
                let measured = line.words.filter { !($0.text.count == 1 && ($0.confidence ?? 1) < 0.05) }
                let confidences = measured.compactMap(\.confidence)
                let noisy = Self.hasStrayMarks(measured.count == line.words.count ? line.text : measured.map(\.text).joined(separator: " ")) || !confidences.isEmpty && confidences.reduce(0, +) / Double(confidences.count) < 0.7
                let largest = !lowerOnly && !noisy && (line.y1 - line.y0) >= tallest * 0.98 && (line.y1 - line.y0) > medianHeight * 1.2
                var name = line.text, words = line.words
                if rank + 1 < pageLines.count, pageLines[rank + 1].element.page == line.page, onlyForms(pageLines[rank + 1].element) {
                    name += " " + pageLines[rank + 1].element.text
                    words += pageLines[rank + 1].element.words
                }
                // Two blocks side by side on an invoice ("Harbor Outfitters      BELLWEATHER DE": the recipient's window and
                // the sender's block): each column is a name of its own, and the one whose word recurs further down (the
                // footer, a mail or web address: "accounts@bellweather.example") is the sender's. (Not on a receipt's scan, where OCR
                // spaces one name's words apart.)
                let columns = lineColumns
                if !text.fromOCR || schema.name != "receipt", !largest, columns.count >= 2, columns.allSatisfy({ Self.looksLikeName($0) && !$0.hasSuffix(":") }) {
                    for (j, column) in columns.enumerated() {
                        let range = line.text.range(of: column)
                        let recurs = Self.recursBelow(column, in: text, afterLine: li, skip: 4)
                        out.append(Candidate(value: .string(Self.cleanName(column)), text: column,
                                             score: (recurs ? 0.6 : 0.5) - Double(j) * 0.02 - Double(nameRank) * 0.05, strategy: "layout", page: line.page,
                                             words: range.map { line.words(in: $0) } ?? words,
                                             note: recurs ? "a block at the top whose name recurs further down" : "a block at the top of the first page"))
                    }
                    continue
                }
                // (The first name line in the largest type is the letterhead over a company line in the recipient's window below it.)
                // (On an invoice, a sign over "Betreiber: Beispiel GmbH" is the brand the operator trades under, not the seller.)
                let operatorBelow = schema.name != "receipt" && rank + 1 < pageLines.count && pageLines[rank + 1].element.page == line.page
                    && Self.namesOperator(pageLines[rank + 1].element.text)
                out.append(Candidate(value: .string(Self.cleanName(name)), text: name,
                                     score: ((largest ? (nameRank == 0 ? 0.91 : 0.88) : lowerOnly || noisy ? 0.4 : 0.55) - Double(nameRank) * 0.05) * (operatorBelow ? 0.7 : 1),
                                     strategy: "layout", page: line.page, words: words,
                                     note: (largest ? "the largest type at the top of the first page" : "first lines of the first page") + (operatorBelow ? "; a brand over its operator" : "")))
            }
        }
        // A name and the same name completed by its legal form wrapped onto the next line ("Beispiel Bau GmbH" over "& Co.
        // KG", "Beispiel UG" over "(haftungsbeschränkt)"): one name, the whole one; its pieces are not names of their own.
        for i in out.indices {
            guard let piece = out[i].value.stringValue, !out[i].words.isEmpty,
                  let whole = out.indices.filter({ j in
                      guard j != i, let v = out[j].value.stringValue, v.count > piece.count, v.contains(piece) else { return false }
                      return out[i].words.allSatisfy(out[j].words.contains)
                  }).max(by: { out[$0].score < out[$1].score }) else { continue }
            out[whole].score = max(out[whole].score, out[i].score)
            out[i].score = min(out[i].score, out[whole].score - 0.15)
        }
        out += sellerSection(in: text)
        // A brand at the top in the page's largest type, without a legal form ("KALUX", "Lumivia" over a slogan), whose
        // legal name the page prints elsewhere with its form ("Kalux Technik GmbH" in the footer): the seller's name is the
        // legal one (EN 16931's seller name; the brand is a trading name), over a company line in the recipient's window.
        // (A scan may read a letter-spaced brand in pieces, "TA L KA": they are one word.)
        func brandWords(_ column: String) -> [Substring] { column.split(separator: " ") }
        func isBrand(_ column: String) -> Bool {
            let words = brandWords(column)
            return (words.count <= 2 || words.count <= 5 && words.allSatisfy { $0.count <= 3 }) && !column.contains(where: { $0.isNumber || $0 == ":" })
                && column.filter(\.isLetter).count >= 3
        }
        // (Type larger than the text's is enough: a title further down, "Rechnung" in 18 points, may be larger still, and on
        // a scan a word in parentheses or a long one on a skewed line has a box taller than its type.)
        if schema.name != "receipt", let brandLine = pageLines.prefix(4).first(where: { _, l in
               guard let first = LineColumns.split(l.text).first, let w = l.words.first else { return false }
               return isBrand(first) && w.y1 - w.y0 > medianHeight * 1.2
           }), let column = LineColumns.split(brandLine.element.text).first {
            // ("Hotel Beispiel" over "Beispiel Touristik GmbH": a word of the brand that is no trade's word starts the legal name.)
            let generic = Self.tradeWords.union(["hotel", "landhotel", "gasthof", "gasthaus", "pension", "hôtel", "auberge"])
            let brandSet = brandWords(column).count <= 2 ? Set(brandWords(column).map { Self.labelNorm(String($0)) }.filter { $0.count >= 3 && !generic.contains($0) })
                                                          : [Self.labelNorm(column)]
            for i in out.indices {
                guard let v = out[i].value.stringValue, case let words = v.split(separator: " "), words.count >= 2,
                      let first = words.first.map({ Self.labelNorm(String($0)) }), brandSet.contains(first),
                      words.dropFirst().contains(where: { Labels.companyForms.contains($0.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ".,"))) })
                else { continue }
                out[i].score = max(out[i].score, 0.93)
                out[i].note += "; " + Self.brandsLegalName
            }
        }
        // The bank account's holder, where the page prints that name elsewhere too (its footer, a letterhead): the seller,
        // over a name at the top beside the invoice's labels, which may be the recipient's window under a letterhead that
        // is an image. Alone, a holder is weak evidence: a sole trader's account is in the owner's name ("Kontoinhaber:
        // Anna Beispiel" on an invoice of "Beispiel GmbH").
        if schema.name != "receipt" {
            for holder in accountHolders(in: text) {
                let key = holder.value.stringValue.map(Self.norm) ?? ""
                let elsewhere = out.indices.filter { i in
                    out[i].value.stringValue.map(Self.norm) == key && out[i].words.first != holder.words.first
                }
                for i in elsewhere { out[i].score = max(out[i].score, 0.92); out[i].note += "; also the holder of the bank account to pay into" }
                var weak = holder
                weak.score = elsewhere.isEmpty ? 0.6 : 0.92
                out.append(weak)
            }
        }
        // Two company lines at the top that the rules rate alike (a letterhead and the recipient's window under it, with no
        // label), where the page prints one of them again further down (its footer with the address, the register and the
        // bank): that one is the seller's. (Only where exactly one name recurs: a delivery address may repeat the buyer's.)
        if schema.name != "receipt" {
            func lineIndex(_ c: Candidate) -> Int? { c.words.first.flatMap { w in text.lines.firstIndex { $0.words.contains(w) } } }
            let top = out.indices.filter { out[$0].score >= 0.8 && out[$0].note.hasPrefix("line with a company form") }
            let recurring = Set(top.compactMap { i -> String? in
                guard let li = lineIndex(out[i]), let key = out[i].value.stringValue.map(Self.norm), key.count >= 6 else { return nil }
                let page = text.lines[li].page
                return text.lines.dropFirst(li + 5).contains { $0.page == page && Self.names(key, alone: $0) } ? key : nil
            })
            if recurring.count == 1, Set(top.compactMap { out[$0].value.stringValue.map(Self.norm) }).count > 1 {
                for i in top {
                    if recurring.contains(out[i].value.stringValue.map(Self.norm) ?? "") {
                        out[i].score = max(out[i].score, 0.93)
                        out[i].note += "; printed again further down the page"
                    } else {
                        out[i].score *= 0.85
                    }
                }
            }
        }
        // A footer block whose last lines are the legal mentions, led by the legal form ("SASU au capital de 10 000 € – SIRET …
        // – TVA …"), under a line of the name alone and one of the address: that name is the issuer's, the company the
        // mentions describe, over a company named at the top with its form (a customer's block with its own VAT id).
        if schema.name != "receipt", let footer = Self.footerLegalName(in: text) {
            let key = Self.labelNorm(footer.name.text)
            var found = false
            for i in out.indices where out[i].value.stringValue.map(Self.labelNorm) == key {
                out[i].score = max(out[i].score, 0.93)
                out[i].note += "; " + Self.footerLegalNote
                found = true
            }
            if !found {
                out.append(Candidate(value: .string(Self.cleanName(footer.name.text)), text: footer.name.text, score: 0.8, strategy: "layout",
                                     page: footer.name.page, words: footer.name.words, note: Self.footerLegalNote))
            }
        }
        // A brand at the top in the page's largest type without its legal form ("BEISPIEL" over its address), whose full name
        // with the form stands elsewhere (the footer's "Beispiel SA au capital de …"): that full name is the seller's.
        if schema.name != "receipt", let firstPage = text.lines.first?.page {
            let type = Self.typeSizes(on: firstPage, in: text)
            let brands = Set(text.lines.filter { $0.page == firstPage && $0.y0 < type.bottom * 0.35 }.flatMap { line -> [String] in
                let big = line.words.filter(type.isLetterhead)
                // (Its own column on a line it shares with a block beside it: the large words, one run of them.)
                guard let a = big.first.flatMap({ line.words.firstIndex(of: $0) }), line.words[a..<min(line.words.count, a + big.count)].elementsEqual(big) else { return [] }
                let key = Self.norm(big.map(\.text).joined(separator: " "))
                return key.count >= 4 ? [key] : []
            })
            if !brands.isEmpty {
                for i in out.indices {
                    guard let v = out[i].value.stringValue, case let bare = Self.nameWithoutForms(v), bare != Self.norm(v), brands.contains(bare) else { continue }
                    out[i].score = max(out[i].score, 0.93)
                    out[i].note += "; the letterhead's brand in the largest type at the top, with its legal form"
                }
            }
        }
        // A receipt's shop heads it, above its title ("TAX INVOICE", "OFFICIAL RECEIPT"): a company named under the
        // title (a customer's or a supplier's) ranks below a name above it.
        if schema.name == "receipt", let title = text.lines.firstIndex(where: { $0.page == firstPage && Self.isReceiptTitle($0.text) }) {
            func line(_ c: Candidate) -> Int? { c.words.first.flatMap { w in text.lines.firstIndex { $0.words.contains(w) } } }
            if out.contains(where: { c in line(c).map { $0 < title } ?? false && c.score >= 0.5 }) {
                for k in out.indices where line(out[k]).map({ $0 > title }) ?? false { out[k].score *= 0.7 }
            }
        }
        // On a scan, a name's word that OCR misread in a logo's type is read right where the name is printed
        // again in plain type ("SANYO" at the top, "SANYU" twice further down): the reading the page agrees on.
        if text.fromOCR {
            var counts: [String: Int] = [:]
            for l in text.lines {
                for piece in l.text.uppercased().split(whereSeparator: { !$0.isLetter }) where piece.count >= 4 { counts[String(piece), default: 0] += 1 }
            }
            // (The value changes; the candidate's text stays what was printed.)
            for k in out.indices {
                guard let v = out[k].value.stringValue else { continue }
                let agreed = Self.agreedSpelling(v, counts: counts)
                if agreed != v { out[k].value = .string(agreed) }
            }
            // A name OCR spaced apart in large type ("Fel mer Que rmer Handel GmbH") printed with fewer spaces elsewhere (the
            // sender line, the footer): that spelling, letters and digits the same.
            for k in out.indices {
                guard let v = out[k].value.stringValue, case let key = Self.labelNorm(v), key.count >= 8 else { continue }
                let spaces = v.filter { $0 == " " }.count
                let own = Set(out[k].words)
                for l in text.lines where Self.labelNorm(l.text).contains(key) {
                    let others = l.words.filter { !own.contains($0) }
                    guard let run = Self.runs(spelling: key, in: others, by: Self.labelNorm).first(where: \.exact),
                          case let other = Self.cleanName(others[run.range].map(\.text).joined(separator: " ")),
                          other.filter({ $0 == " " }).count < spaces else { continue }
                    // (Its words, each as this name prints it where this name has it whole: an umlaut OCR kept here and lost there.)
                    let mine = v.split(separator: " ").map(String.init)
                    let better = other.split(separator: " ").map { w in mine.first { Self.labelNorm($0) == Self.labelNorm(String(w)) } ?? String(w) }
                    out[k].value = .string(better.joined(separator: " "))
                    break
                }
            }
        }
        // (Last, so that the two names at the top are still weighed against each other above: which is printed again.)
        for k in out.indices where out[k].note.contains(Self.attentionNote) { out[k].score *= 0.7 }
        return out
    }

    static let attentionNote = "; over an attention line, the recipient's address"

    /// `name` with each word in capitals that the page prints once replaced by the one-letter-different
    /// word it prints at least twice, and more often.
    static func agreedSpelling(_ name: String, counts: [String: Int]) -> String {
        let words = name.split(separator: " ", omittingEmptySubsequences: false).map { w -> String in
            let word = String(w)
            guard word.count >= 4, word.allSatisfy({ $0.isLetter && $0.isUppercase }), let own = counts[word] else { return word }
            let chars = Array(word)
            let best = counts.filter { v, n in
                n >= 2 && n > own && v.count == chars.count && zip(v, chars).filter { $0 != $1 }.count == 1
            }.max { ($0.value, $1.key) < ($1.value, $0.key) }
            return best?.key ?? word
        }
        return words.joined(separator: " ")
    }

    /// A number sign printed before a document's number ("n°", "Nr.", "No.", "#").
    /// (With OCR's readings of a small raised "°": "n?", "n*".)
    static let numberMarks: Set<String> = ["n°", "nº", "no", "no.", "nr", "nr.", "#", "n.", "num.", "nummer", "n?", "n*"]

    /// Headings of a seller's fiscal representative's block (its VAT id is not the seller's).
    static let representativeHeadings = ["représentant fiscal", "representant fiscal", "tax representative", "fiscal representative",
                                         "steuerlicher vertreter", "fiskalvertreter", "fiscaal vertegenwoordiger", "representante fiscal", "rappresentante fiscale"]

    /// Whether line `li`, which starts at `x`, lies in a buyer's block (or a fiscal representative's): a buyer
    /// label ("CLIENT :", "Bill to") or a representative's heading up to 25 lines above on the same page,
    /// starting within 60 points of `x`, with no seller heading in between in that column.
    func underBuyerHeading(_ li: Int, x: Double, in text: DocumentText, hits: [[Hit]]) -> Bool {
        let page = text.lines[li].page
        for up in stride(from: li - 1, through: max(0, li - 25), by: -1) where text.lines[up].page == page {
            let l = text.lines[up]
            if hits[up].contains(where: { $0.field == "buyer_name" && abs(l.words[$0.start].x0 - x) < 60 }) { return true }
            // A buyer's heading on a line of its own ("Käufer/Leistungsempfänger", "Acheteur", "Buyer").
            if l.words.count <= 2, let first = l.words.first, abs(first.x0 - x) < 60,
               first.text.split(separator: "/").contains(where: { Self.foldedBuyerHeaders.contains(Self.labelNorm(String($0))) }) { return true }
            // A seller's fiscal representative is another party too.
            if let first = l.words.first, abs(first.x0 - x) < 60, Self.representativeHeadings.contains(where: l.text.lowercased().contains) { return true }
            // A seller's heading ("Verkäufer", "Seller:") in the column ends the other party's block.
            if l.words.count <= 2, let first = l.words.first, abs(first.x0 - x) < 60,
               Self.foldedSellerHeaders.contains(Self.labelNorm(first.text)) { return false }
        }
        return false
    }

    /// Whether only the broad scan found it (no rule).
    static func isBroad(_ c: Candidate) -> Bool { c.note.hasSuffix("(any)") }

    /// The score of a candidate that no rule found, only the broad scan for the ranker: below every rule's.
    static let broadScore = 0.05

    /// Every line near the top of the first page, and each with the line below it, as a name: the
    /// ranker's wider net (the rules' own name candidates come first, with their scores).
    func broadNames(in text: DocumentText) -> [Candidate] {
        guard let firstPage = text.lines.first?.page else { return [] }
        let lines = Array(text.lines.filter { $0.page == firstPage }.prefix(10))
        var out: [Candidate] = []
        for (i, line) in lines.enumerated() where line.text.filter(\.isLetter).count >= 3 {
            let name = Self.cleanName(line.text)
            out.append(Candidate(value: .string(name), text: line.text, score: Self.broadScore, strategy: "layout", page: line.page, words: line.words,
                                 note: "a line near the top (any)"))
            if i + 1 < lines.count, lines[i + 1].text.filter(\.isLetter).count >= 2 {
                let joined = Self.cleanName(line.text + " " + lines[i + 1].text)
                out.append(Candidate(value: .string(joined), text: joined, score: Self.broadScore * 0.8, strategy: "layout", page: line.page,
                                     words: line.words + lines[i + 1].words, note: "two lines near the top (any)"))
            }
        }
        return out
    }

    /// Every amount with cents on a receipt: the ranker's wider net for the total.
    func broadAmounts(in text: DocumentText, conventions c: Conventions) -> [Candidate] {
        text.lines.flatMap { line in
            Amounts.find(in: line.text, decimalSeparator: c.decimalSeparator).filter { $0.value > 0 }.map { a in
                Candidate(value: .number(Amounts.double(a.value)), text: String(line.text[a.range]), score: Self.broadScore, strategy: "layout",
                          page: line.page, words: line.words(in: a.range), note: "an amount on the page (any)")
            }
        }
    }

    /// Whether the text before a date-like number ends in a time's label ("Time. 11.14.00", "Zeit: 10.22.05"): a
    /// time, not a date.
    static func afterTimeLabel(_ before: Substring) -> Bool {
        let gap = before.reversed().prefix(while: { !$0.isLetter }).count
        guard gap <= 4 else { return false }
        let word = String(before.dropLast(gap).reversed().prefix(while: \.isLetter).reversed()).lowercased()
        return ["time", "masa", "zeit", "uhrzeit", "heure", "hora", "ora", "tijd"].contains(word)
    }

    /// A receipt's title line: at most four words ending in a document's name ("SIMPLIFIED TAX INVOICE", "Official Receipt").
    static func isReceiptTitle(_ text: String) -> Bool {
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init)
        guard (1...4).contains(words.count), let last = words.last else { return false }
        return ["invoice", "receipt", "bill", "resit", "rechnung", "quittung", "kassenbon", "facture", "reçu", "ticket", "bon"].contains(last)
    }

    /// What OCR puts after a legal form that ends a name: a short scrap with a bracket or a bar in it, or of three
    /// lower-case letters or fewer ("Kraxi GmbH [ea"), or a registration number whose digits it read as letters,
    /// ending in a hyphen and one letter ("… SDN BHD QWERTY-U").
    static func isNoiseAfterForm(_ word: Substring) -> Bool {
        if word.count <= 4, word.contains(where: { "[]{}|".contains($0) }) || (word.count <= 3 && word.allSatisfy(\.isLowercase)) { return true }
        return word.count >= 4 && word.dropLast().last == "-" && word.last?.isLetter == true
    }

    /// Legal forms that end a company's name and are no ordinary word.
    static let strictForms: Set<String> = ["gmbh", "mbh", "ltd", "limited", "inc", "llc", "plc", "corp", "sarl", "sas", "bhd", "ag", "kg", "bv", "srl", "spa", "pty", "pte"]

    /// Phrases that put a shop's owner after them ("Owned by:", "Dimiliki oleh", "Betrieben von").
    static let ownerPhrases = ["owned and operated by", "owned & operated by", "owned by", "own by", "operated by", "managed by", "a subsidiary of",
                               "a division of", "a member of", "dimiliki oleh", "milik", "betrieben von", "betreiber", "inhaber", "exploité par",
                               "exploitant", "géré par"]
    /// The owner phrases that name the company running the business itself ("Betreiber: …"), not a parent company or a person.
    static let operatorPhrases = ["operated by", "betrieben von", "betreiber", "exploité par", "exploitant"]
    /// Whether a line starts with one of the ``operatorPhrases``.
    static func namesOperator(_ text: String) -> Bool {
        let lower = text.lowercased()
        return operatorPhrases.contains { lower.hasPrefix($0) }
    }

    /// The length of the ownership phrase (with its colon) a line starts with, nil when it starts with none.
    static func ownerPhrase(_ text: String) -> Int? {
        let lower = text.lowercased()
        guard let p = ownerPhrases.first(where: { lower.hasPrefix($0) && !(lower.dropFirst($0.count).first?.isLetter ?? false) }) else { return nil }
        let rest = lower.dropFirst(p.count)
        return p.count + rest.prefix(while: { $0 == " " || $0 == ":" || $0 == "-" }).count
    }

    /// Whether a short line ends in the start of an ownership phrase, its name on the next line ("Owned By:"; OCR
    /// may lose the first letters: "med By:").
    static func endsWithOwnerPhrase(_ text: String) -> Bool {
        let words = text.lowercased().split(separator: " ").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ":.-")) }.filter { !$0.isEmpty }
        guard words.count <= 4, let last = words.last else { return false }
        return last == "by" || last == "oleh" || last == "von" || last == "par" || ownerPhrase(text) != nil && ownerPhrase(text)! >= text.count - 1
    }

    /// How a professional's letterhead starts: an academic title or a profession that is practised under a person's own
    /// name (lower case, the first word or two).
    static let professionalTitles = ["dr.", "dr", "prof.", "prof", "dr.-ing.", "dipl.-ing.", "dipl.-kfm.", "dipl.-kffr.", "praxis",
                                     "arztpraxis", "zahnarztpraxis", "tierarztpraxis", "rechtsanwalt", "rechtsanwältin", "rechtsanwälte",
                                     "steuerberater", "steuerberaterin", "notar", "notarin", "maître", "docteur", "cabinet"]

    /// The professional titles by their spelling without accents, lower case ("maitre" → "maître"): a scan drops accents.
    static let professionalTitlesByFolding = Dictionary(professionalTitles.map { (fold($0), $0) }, uniquingKeysWith: { a, _ in a })

    /// Lower case without accents.
    static func fold(_ s: String) -> String { s.lowercased().withoutAccents() }

    /// `name` with its professional title spelled as the title is: a scan drops the accent ("Maitre …" for "Maître …"),
    /// and the title is a known word, so its accents are restored (in the case it was printed in).
    static func withTitleSpelled(_ name: String) -> String {
        guard let space = name.firstIndex(of: " ") else { return name }
        let first = String(name[..<space])
        guard let title = professionalTitlesByFolding[fold(first)], title != first.lowercased() else { return name }
        let spelled = first == first.uppercased() ? title.uppercased() : first.first?.isUppercase == true ? title.prefix(1).uppercased() + title.dropFirst() : title
        return spelled + name[space...]
    }

    /// Whether `text` is a professional's name: a title from ``professionalTitles`` and at least one name word after it
    /// that starts with a capital ("Dr. med. Beispiel", "Praxis Beispiel"; not "Dr." alone, not "Praxis für …").
    static func startsWithProfessionalTitle(_ text: String) -> Bool {
        let words = text.split(separator: " ").map(String.init)
        // (Folded: a scan reads "Maître" as "Maitre".)
        guard let first = words.first, professionalTitlesByFolding[fold(first)] != nil, words.count >= 2 else { return false }
        return words.dropFirst().contains { w in w.first?.isUppercase == true && w.count >= 2 && !w.hasSuffix(".") }
    }

    /// Words that name a kind of business (lower-cased, normalised), in the languages receipts come in.
    static let tradeWords: Set<String> = ["trading", "enterprise", "enterprises", "hardware", "restaurant", "restoran", "mart", "minimart", "store",
                                          "stores", "market", "supermarket", "shop", "cafe", "café", "bakery", "pharmacy", "farmasi", "kedai",
                                          "syarikat", "perniagaan", "pasaraya", "pasar", "stationery", "electrical", "engineering", "machinery", "kitchen",
                                          "kitchenette", "foods", "trading co", "boutique", "bäckerei", "apotheke", "boulangerie", "pharmacie",
                                          "restaurante", "tienda", "farmacia", "ristorante"]

    /// Fields whose value identifies the vendor or the document, which are checked when read: when
    /// their label is printed and nothing was read, the document is not decided without a person.
    static let identityFields: Set<String> = ["vendor_vat_id", "vendor_iban", "invoice_number"]

    /// The identity fields whose label stands on the document, with a digit after it on its line
    /// (a label alone in a sentence names nothing).
    func labelledFields(in text: DocumentText) -> Set<String> {
        var out = Set<String>()
        /// A word that looks like a numeric date ("14.06.2026", "29/08/2026").
        func dateLike(_ w: SourceWord) -> Bool { w.text.filter(\.isNumber).count >= 4 && w.text.contains(where: { ".-/".contains($0) }) }
        for (li, hits) in hits(in: text).enumerated() {
            let line = text.lines[li]
            for h in hits where Self.identityFields.contains(h.field) {
                if h.end < line.words.count {
                    if line.words[h.end...].prefix(3).contains(where: { $0.text.contains(where: \.isNumber) }) { out.insert(h.field) }
                    continue
                }
                // A label that ends its line ("IBAN:" over its number in a box, "Rechnungsnummer" over a grid's cell): a number
                // under it, on one of the next two lines, starting in the label's column.
                // (A scan's box for a lone label may be a sliver: at least eight points of type.)
                let x0 = line.words[h.start].x0, x1 = line.words[h.end - 1].x1, height = max(8, line.y1 - line.y0)
                let under = text.lines[(li + 1)..<min(text.lines.count, li + 3)].filter { $0.page == line.page && $0.y0 - line.y1 < height * 3 }
                if under.contains(where: { l in l.words.contains { w in w.text.filter(\.isNumber).count >= 2 && w.x0 >= x0 - height * 3 && w.x0 <= x1 + height * 6 } }) {
                    out.insert(h.field)
                }
            }
            // A due date's label with a date beside it or right under it ("Zahlungsziel" over "17.10.2025" in a box).
            for h in hits where h.field == "due_date" && schema.field("due_date") != nil {
                if line.words[h.end...].prefix(3).contains(where: dateLike) { out.insert(h.field); continue }
                let x0 = line.words[h.start].x0, x1 = line.words[h.end - 1].x1, height = max(4, line.y1 - line.y0)
                if li + 1 < text.lines.count, case let next = text.lines[li + 1], next.page == line.page, next.y0 - line.y1 < height,
                   next.words.contains(where: { dateLike($0) && $0.x1 > x0 && $0.x0 < x1 }) { out.insert(h.field) }
            }
        }
        return out
    }

    /// A company name without what is printed around it: a registration number in parentheses
    /// ("SDN BHD (1135772-K)", "(CO.REG : 933109-X)"), quotes and bars that OCR reads from rules.
    static let accountHolderPrefix = Pattern(#"^(?:account\s+holder|account\s+name|kontoinh\p{L}ber(?:in)?|titulaire(?:\s+du\s+compte)?)\s*:\s*"#,
                                             caseInsensitive: true)
    static let registrationInBrackets = Pattern(#"\s*\((?:co\.?\s*reg\.?\s*(?:no\.?)?\s*:?\s*)?[0-9][0-9A-Z \-/]*\)\s*$"#, caseInsensitive: true)
    static let misreadRegistrationInBrackets = Pattern(#"\s*\([^()]{0,6}\d{4,}[^()]*\)\s*$"#)
    static let shareCapitalMention = Pattern(#"[\s,]+(?:au\s+)?capital(?:\s+social)?\b.*$"#, caseInsensitive: true)
    /// A business's name that is its web address ("beispiel.de", "muster-shop.com").
    static let webName = Pattern(#"^[a-z][a-z0-9-]{2,}\.(?:com|de|fr|net|org|eu|io|at|ch|be|nl|co\.uk|shop)$"#)
    static let postcodeFirst = Pattern(#"^(?:[A-Z]{1,2}-)?\d{4,5}(?:\s+\p{L}|$)"#)
    static let yearAlone = Pattern(#"^(19|20)\d\d$"#)
    static let businessTermID = Pattern(#"^B[TG]-\d{1,3}$"#)
    static let abbreviationStop = Pattern(#"(?<=\.[a-z])\.$"#)

    static func cleanName(_ text: String) -> String { cleanNames.value(text, variant: "") { readName(text) } }
    /// (A line's name is cleaned many times over by the name rules: each line's once.)
    private static let cleanNames = LineReadCache<String>()

    private static func readName(_ text: String) -> String {
        var t = text.trimmingCharacters(in: .whitespaces)
        // The bank account's holder is the payee: "Account holder: Beispiel KG", "Kontoinhaber: …", "Titulaire du compte : …".
        if t.contains(":"), let r = accountHolderPrefix.firstRange(in: t), r.upperBound < t.endIndex {
            t.removeSubrange(r)
        }
        if t.contains(")"), let r = registrationInBrackets.firstRange(in: t) {
            t.removeSubrange(r)
        }
        // A registration number OCR misread at its start ("(iu/5369-P)"): brackets at the end with four digits in them.
        if t.contains(")"), let r = misreadRegistrationInBrackets.firstRange(in: t), r.lowerBound > t.startIndex {
            t.removeSubrange(r)
        }
        // "Beispiel SARL au capital de 10 000 €", "Beispiel SAS, capital social 5 000 €": the legal mention after the name.
        if t.lowercased().contains("capital"), let r = shareCapitalMention.firstRange(in: t), r.lowerBound > t.startIndex {
            t.removeSubrange(r)
        }
        t = t.trimmingCharacters(in: CharacterSet(charactersIn: " |“”\"'‘’;,=_-~•·"))
        // A full stop after a form that is written without one ("… GmbH.", a sentence's end or a scan's speck).
        if t.hasSuffix("."), let last = t.dropLast().split(separator: " ").last, ["gmbh", "ag", "kg", "ohg", "ug", "sarl", "sas", "sasu", "eurl", "gbr"].contains(last.lowercased()) {
            t.removeLast()
        }
        t = cutRegistration(t)
        // A name ends at its legal form: a last word after it that is OCR's noise goes.
        let tokens = t.split(separator: " ")
        if tokens.count >= 3, let last = tokens.last, strictForms.contains(norm(String(tokens[tokens.count - 2]))), isNoiseAfterForm(last) {
            t = tokens.dropLast().joined(separator: " ")
        }
        // The umlaut of "(haftungsbeschränkt)" that OCR dropped: the legal form is spelt one way.
        if let r = t.range(of: "haftungsbeschrankt", options: .caseInsensitive) {
            t.replaceSubrange(r, with: t[r].first == "H" ? "Haftungsbeschränkt" : "haftungsbeschränkt")
        }
        // A speck OCR read as a small word inside a name in capitals ("CONTOH COFFEE   os & TEA"): no part of it. (A particle
        // a name writes small, "CAFE de PARIS", stays; not at the name's end, where it joins nothing: "CONTOH PIZZA   a".)
        let parts = t.split(separator: " ")
        if parts.count >= 3, parts.filter({ $0.count >= 2 && $0.contains(where: \.isLetter) && !$0.contains(where: \.isLowercase) }).count >= 2 {
            let kept = parts.indices.filter { i in
                let p = parts[i]
                return !(p.count <= 2 && p.allSatisfy { $0.isLetter && $0.isLowercase } && (i == parts.count - 1 || !Self.smallParticles.contains(String(p))))
            }.map { parts[$0] }
            if kept.count < parts.count, kept.count >= 2 { t = kept.joined(separator: " ") }
        }
        // "Ihe": the article "The" with its T read as an I (no name holds "Ihe").
        if t.split(separator: " ").contains(where: { $0 == "Ihe" || $0 == "IHE" }) {
            t = t.split(separator: " ", omittingEmptySubsequences: false).map { $0 == "Ihe" ? "The" : $0 == "IHE" ? "THE" : String($0) }.joined(separator: " ")
        }
        // "LOGO" printed where a logo goes is not part of the name.
        if t.uppercased().hasPrefix("LOGO "), t.count > 5 { t = String(t.dropFirst(5)).trimmingCharacters(in: .whitespaces) }
        return repairBusinessWords(repairForms(repairLetters(t)))
    }

    /// A word of a trade in capitals with one letter OCR read as its look-alike ("QUICK HART" for "QUICK MART", "HARDWARF"
    /// for "HARDWARE"): the word of `Labels.businessWords` it is one look-alike letter from, where exactly one is and the word as
    /// read is not itself a word a name may hold (`Labels.nearBusinessWords`: "HALL", "MINT", "MOTEL"). Words of four letters or
    /// more, all capitals: a receipt's header; a name in mixed case is left as printed.
    static func repairBusinessWords(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: false).map { token -> String in
            let word = String(token).trimmingCharacters(in: businessWordEdges)
            guard word.count >= 4, word.allSatisfy({ $0.isUppercase && $0.isLetter }), !Labels.businessWords.contains(word),
                  !Labels.nearBusinessWords.contains(word) else { return String(token) }
            let letters = Array(word)
            let matches = (businessWordsByLength[letters.count] ?? []).filter { trade in
                zip(letters, trade).filter { $0 != $1 }.count == 1
                    && zip(letters, trade).allSatisfy { read, printed in read == printed || lookAlikes[printed]?.contains(read) == true }
            }
            guard matches.count == 1, let fixed = matches.first else { return String(token) }
            return token.replacingOccurrences(of: word, with: String(fixed))
        }.joined(separator: " ")
    }

    /// Words a name in capitals may write small ("CAFE de PARIS", "HOUSE of TEA").
    static let smallParticles: Set<String> = ["a", "à", "e", "y", "o", "de", "la", "le", "du", "da", "di", "do", "el", "al", "en", "et", "of", "to", "in",
                                              "on", "at", "by", "an", "am", "im", "zu", "au", "og", "i"]

    /// What may stand around a business's word ("HARDWARF," "(QUICK").
    static let businessWordEdges = CharacterSet(charactersIn: ".,;:()&'\"")

    /// `Labels.businessWords` by their length, as letters.
    static let businessWordsByLength: [Int: [[Character]]] = Dictionary(grouping: Labels.businessWords.sorted().map(Array.init), by: \.count)

    /// French words common in business names, with their accents: what OCR's reading of a name in mixed case is mended to
    /// where it lost an accent or read another language's ("Societe Höteliere" for "Société Hôtelière": the page is read with
    /// English, German and French at once). Only words whose spelling without accents is no word of English, German, Italian
    /// or Spanish: "Hotel", "Energie", "Credit", "General" and "Medical" are names' words there. Words in capitals stay as
    /// read: French often prints capitals without accents. Keyed by `labelNorm` (lower case, without accents or umlauts).
    static let accentedNameWords: [String: String] = Dictionary(uniqueKeysWithValues: [
        "Société", "Sociétés", "Hôtelière", "Électricité", "Électrique", "Électronique", "Électroménager", "Bâtiment", "Bâtiments",
        "Sécurité", "Dépannage", "Épicerie", "Négoce", "Équipement", "Équipements", "Ingénierie", "Fenêtres", "Européenne",
        "Européen", "Développement", "Systèmes", "Frères", "Réseau", "Réseaux", "Numérique", "Géomètre", "Comptabilité", "Activités",
        "Qualité", "Santé", "Vétérinaire", "Immobilière", "Entrepôt", "Entrepôts", "Métallerie", "Maçonnerie",
    ].map { (labelNorm($0), $0) })

    /// `name` with each word in mixed case that is one of `accentedNameWords` but for its accents written with them.
    static func repairAccents(_ name: String) -> String {
        guard name.contains(where: { $0.isLowercase }) else { return name }
        return name.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
            let w = String(word)
            guard w.count >= 4, w.first?.isUppercase == true, w.dropFirst().allSatisfy({ $0.isLowercase }),
                  let accented = accentedNameWords[labelNorm(w)] else { return w }
            return accented
        }.joined(separator: " ")
    }

    /// Capitals that OCR reads for one another on a receipt's print: a printed letter and what it was read as.
    static let lookAlikes: [Character: Set<Character>] = [
        "M": ["H"], "H": ["M"], "I": ["L", "T"], "L": ["I"], "T": ["I"], "P": ["F"], "F": ["P", "E"], "E": ["F"],
        "O": ["D", "Q"], "D": ["O"], "Q": ["O"], "C": ["G"], "G": ["C"], "U": ["V"], "V": ["U"],
    ]

    /// A digit or sign that OCR read for a look-alike letter inside a word of capitals ("K.1.T." for "K.I.T.",
    /// "C0MPANY", "D.I.¥." for "D.I.Y."): 1 → I, 0 → O, 5 → S, 8 → B, ¥ → Y, only between letters or dots, in a word with
    /// two or more letters and no lower case. Numbers, registration numbers and a digit at a word's edge ("A1", "3M") stay.
    static func repairLetters(_ text: String) -> String {
        let swaps: [Character: Character] = ["1": "I", "0": "O", "5": "S", "8": "B", "¥": "Y"]
        return text.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
            let chars = Array(word)
            let misread = chars.filter { $0.isNumber || $0 == "¥" }.count
            guard chars.filter(\.isLetter).count >= 2, !chars.contains(where: \.isLowercase), misread > 0,
                  misread < chars.filter(\.isLetter).count else { return String(word) }
            var out = chars
            for i in chars.indices.dropFirst().dropLast() where swaps[chars[i]] != nil {
                let a = chars[i - 1], b = chars[i + 1]
                if (a.isLetter || a == ".") && (b.isLetter || b == ".") { out[i] = swaps[chars[i]]! }
            }
            return String(out)
        }.joined(separator: " ")
    }

    /// Two-word legal forms with one letter misread by OCR ("SON BHD", "SDN BHO", "SDN. 8HD."): a
    /// pair of words each one letter from the form's words is the form. One letter, both words: a
    /// real word is rarely one letter from "SDN" and followed by one a letter from "BHD".
    static func repairForms(_ text: String) -> String {
        var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard words.count >= 2 else { return text }
        words[words.count - 1] = repairShortForm(words[words.count - 1])
        // "HR." opening a name in capitals: the title "MR." ("MR. CONTOH (M) SDN BHD") with its M read as an H; no name
        // starts with "HR." and a full stop.
        if words[0] == "HR.", words[1].first?.isUppercase == true { words[0] = "MR." }
        let punctuation = CharacterSet(charactersIn: ".,;:")
        for i in words.indices.dropLast() {
            let next = words[i + 1].lowercased().trimmingCharacters(in: punctuation)
            // "CM) SDN BHD": the parenthesis before a form OCR read as a C.
            if let fixed = misreadParenthesis(words[i]), Labels.companyForms.contains(next) { words[i] = fixed }
            // "(H) SDN BHD": the "(M)" (Malaysia) of a Malaysian company's name, its M read as an H as OCR often does on receipts.
            if words[i] == "(H)", ["sdn", "bhd", "s/b"].contains(next) { words[i] = "(M)" }
        }
        func asPrinted(_ w: String) -> String { w.uppercased().trimmingCharacters(in: punctuation) }
        // As printed, or with an H that OCR split in two ("BIID" or "BLID" for "BHD") made one again.
        func core(_ w: String) -> String {
            let c = asPrinted(w)
            // (A form's word has three letters: only a word of four or five can be one with its H split.)
            guard (4...5).contains(c.count), c.contains(where: { $0 == "I" || $0 == "1" }) else { return c }
            for split in ["II", "IL", "LI", "I-I", "I1", "1I"] {
                let joined = c.replacingOccurrences(of: split, with: "H")
                if twoWordForms.contains(where: { $0.1 == joined }) { return joined }
            }
            return c
        }
        func near(_ a: String, _ b: String) -> Bool { a.count == b.count && zip(a, b).filter { $0 != $1 }.count <= 1 }
        // Each word's core once (a name's line is read many times over), again only for the words a form replaced.
        var cores = words.map(core)
        for i in 0..<(words.count - 1) {
            for (first, second) in twoWordForms {
                guard near(cores[i], first), near(cores[i + 1], second), asPrinted(words[i]) != first || asPrinted(words[i + 1]) != second else { continue }
                words[i] = words[i].replacingOccurrences(of: words[i].trimmingCharacters(in: punctuation), with: first)
                words[i + 1] = words[i + 1].replacingOccurrences(of: words[i + 1].trimmingCharacters(in: punctuation), with: second)
                cores[i] = core(words[i]); cores[i + 1] = core(words[i + 1])
            }
        }
        return words.joined(separator: " ")
    }

    static let twoWordForms = [("SDN", "BHD"), ("PTE", "LTD"), ("PTY", "LTD")]

    /// A registration number after a name that OCR read too badly for the pattern above
    /// ("S/B 1234567-X) 4", "S/B (123456-%)", "S/B 654321-U (ABC)"): the name ends before the first
    /// word with five digits or more, when three letters or more come before it.
    static func cutRegistration(_ text: String) -> String {
        var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard let k = words.indices.dropFirst().first(where: { words[$0].filter(\.isNumber).count >= 5 }),
              words[..<k].joined().filter(\.isLetter).count >= 3 else { return text }
        words.removeSubrange(k...)
        // The parenthesis that opened it ("… S/B (", "… S/B [").
        while let last = words.last, last.isEmpty || last.allSatisfy({ "([{".contains($0) }) { words.removeLast() }
        return words.joined(separator: " ").trimmingCharacters(in: CharacterSet(charactersIn: " ,;:-(["))
    }

    /// Whether a line holds marks a name does not: a lone symbol other than "&" or "-" ("Zorvo | &",
    /// "KOTAX /"), a lone small letter ("Brandname* g"), or a "&" at its end: what OCR makes of a logo.
    static func hasStrayMarks(_ text: String) -> Bool {
        let tokens = text.split(separator: " ").map(String.init)
        if tokens.last == "&" { return true }
        return tokens.contains { t in
            (t.count == 1 && !t.first!.isLetter && !t.first!.isNumber && t != "&" && t != "-")
                || (t.count == 1 && t.first!.isLowercase)
                || (t.count > 1 && t.hasSuffix("*"))
        }
    }

    /// A short parenthesised mark whose "(" OCR read as "C", "T", "I", a bar or a bracket ("CM)" for "(M)", "TJB)" for "(JB)");
    /// nil for anything else.
    static func misreadParenthesis(_ word: String) -> String? {
        let w = Array(word)
        guard (3...4).contains(w.count), let first = w.first, "CT[{|I".contains(first), w.last == ")", w.dropFirst().dropLast().allSatisfy({ $0.isUppercase && $0.isLetter }) else { return nil }
        return "(" + String(w.dropFirst())
    }

    /// The Malaysian short form "S/B" (Sendirian Berhad) as OCR misreads it: "5/B", "S/8", "5/8", "S/R", "5/0".
    static func repairShortForm(_ word: String) -> String {
        let w = Array(word.uppercased())
        guard w.count == 3, w[1] == "/", "S5".contains(w[0]), "B8R0D".contains(w[2]) else { return word }
        return "S/B"
    }

    /// A name's letters and digits without its legal forms ("beispiel" of "Beispiel GmbH & Co. KG", of "Beispiel UG
    /// (haftungsbeschränkt)"): the brand it is known by.
    /// Whether a name has a word that is a legal form ("GmbH", "e.K.", "(M)" aside).
    static func hasLegalForm(_ name: String) -> Bool {
        name.split(separator: " ").contains { Labels.companyForms.contains($0.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ".,;:()"))) }
    }

    static func nameWithoutForms(_ name: String) -> String {
        norm(withoutUGSuffix(name).split(separator: " ").filter { !Labels.companyForms.contains(norm(String($0))) }.joined(separator: " "))
    }

    static func hasAddressWord(_ text: String) -> Bool {
        let tokens = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "," })
        if tokens.contains(where: { addressWords.contains($0.trimmingCharacters(in: .punctuationCharacters)) }) { return true }
        // A German street, one compound word, with its house number ("Industriestraße 85", "Lindenallee 7a", "Hauptstr. 12").
        return tokens.contains { t in streetSuffixes.contains { t.hasSuffix($0) && t.count >= $0.count + 3 } }
            && tokens.contains { t in t.first?.isNumber == true && t.count <= 5 && t.filter(\.isNumber).count <= 4 && t.allSatisfy { $0.isNumber || $0.isLetter || $0 == "-" } }
    }

    /// How German street names end ("Industriestraße", "Am Lindenweg").
    static let streetSuffixes = ["straße", "strasse", "str.", "gasse", "allee", "platz", "weg", "damm", "ufer"]

    static func looksLikeAddressOrNoise(_ text: String) -> Bool {
        hasAddressWord(text) || text.filter(\.isLetter).count * 10 < text.filter { !$0.isWhitespace }.count * 6
    }

    /// Countries a letterhead or a receipt prints on a line of their own, at the end of an address.
    static let countries: Set<String> = ["malaysia", "singapore", "indonesia", "thailand", "germany", "deutschland", "france", "belgium", "belgique",
                                         "netherlands", "nederland", "austria", "österreich", "switzerland", "schweiz", "suisse", "italy", "italia",
                                         "spain", "españa", "united kingdom", "uk", "ireland", "united states", "usa", "canada", "australia", "india"]

    /// Words of address lines, in the languages invoices and receipts come in.
    static let addressWords: Set<String> = ["jalan", "jln", "lorong", "taman", "kawasan", "persiaran", "lebuh", "darul", "flr", "floor", "road", "rd",
                                            "street", "avenue", "ave", "blvd", "boulevard", "lane", "straße", "strasse", "str", "weg", "platz", "allee",
                                            "rue", "chemin", "allée", "impasse", "via", "viale", "piazza", "calle", "avenida", "plaza", "straat", "laan",
                                            "postfach", "bp", "cedex", "suite", "building", "bldg", "industrial", "perindustrian"]

    /// Whether a line could be a name rather than OCR noise from a logo or a stamp: at least four
    /// letters, mostly letters, and one word of three letters or more.
    /// "Beispiel UG (haftungsbeschränkt)" → "Beispiel UG": the form's last word, for the checks that look at it.
    static func withoutUGSuffix(_ name: String) -> String {
        ugSuffix.replacing(in: name, with: "")
    }
    static let ugSuffix = Pattern(#"\s*\(haftungsbeschr\S*\)$"#, caseInsensitive: true)

    /// `text` with the dashes and colons that set a sender line's parts apart written as middle dots: a scan reads the
    /// dots as " : ", " - ", " – " or " — ", and some pages print dashes ("Beispiel SARL — 1 rue … — SIREN …").
    static func separatorsAsDots(_ text: String) -> String {
        [" : ", " - ", " – ", " — "].reduce(text) { $0.replacingOccurrences(of: $1, with: "·") }
    }

    /// The name in a sender line ("Beispiel Inc. · 1 Main Street · AB1 2CD Town", "Muster GmbH | Weg 2 | 12345 Ort"):
    /// the first of three or more parts split by a middle dot, bullet or bar (or commas, ending in a postcode), when no label
    /// comes before it, another part holds a digit (a street number or postcode), and it ends in a company form — or, without
    /// one, it is two to five capitalised words or a web address and the other parts are a street with its number and a
    /// postcode with its town. nil for any other line.
    static func senderLineName(_ text: String) -> String? { senderLineNames.value(text, variant: "") { readSenderLineName(text) } }
    private static let senderLineNames = LineReadCache<String?>()

    private static func readSenderLineName(_ text: String) -> String? {
        // (A sender line in a column of its own, beside a place and date: "Ort, den 25.07.2026   Beispiel KG · Weg 3 · 12345
        // Ort", a stamp's: the column with the dots.)
        let columns = LineColumns.split(text)
        if columns.count > 1, let own = columns.last(where: { c in separatorsAsDots(c).filter({ "·•|".contains($0) }).count >= 2 }), own != text {
            return readSenderLineName(own)
        }
        let dotted = separatorsAsDots(text)
        var parts = dotted.components(separatedBy: CharacterSet(charactersIn: "·•|")).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        // Or with commas, "Beispiel e.K., Lindenallee 17, 12345 Ort": then the last part is a postcode (and a town, unless the line wrapped before it).
        if parts.count < 3 {
            let commas = text.components(separatedBy: ", ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if commas.count >= 3, let last = commas.last, postcodeFirst.matches(last) { parts = commas }
        }
        // ("Lieferadresse: Lager AG | …" is a delivery address, labelled as such: another party's.)
        guard parts.count >= 3, !parts[0].contains(":"), parts.dropFirst().contains(where: { $0.contains(where: \.isNumber) }),
              let last = Self.withoutUGSuffix(parts[0]).split(separator: " ").last.map({ $0.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ",;:.")) })
        else { return nil }
        if Labels.companyForms.contains(last) || Labels.companyForms.contains(Self.norm(last)) { return parts[0] }
        // A name without a legal form ("Beispiel Company", a sole trader's own name) where the parts after it are a postal
        // address, a street with its number and a postcode with its town: the sender's name and address, as DIN 5008 and
        // the like print them over the window.
        let words = parts[0].split(separator: " ")
        // (Two words at least, or one web address, "beispiel.de", written in lower case: one word alone is a trade under a
        // letterhead, "IT-Beratung · Hauptstraße 1 · …".)
        guard !parts[0].contains(where: \.isNumber), parts[0].filter(\.isLetter).count >= 4,
              (2...5).contains(words.count) && words.allSatisfy({ $0.first?.isUppercase == true || $0 == "&" }) || words.count == 1 && webName.matches(parts[0]),
              // (Not a party's heading or a title, "Rechnungsempfänger · …", "Lieferant · …".)
              !words.allSatisfy({ w in let n = labelNorm(String(w)); return foldedBuyerHeaders.contains(n) || foldedBuyerWords.contains(n) || foldedSellerHeaders.contains(n) || Labels.titles.contains(w.lowercased()) }),
              parts.dropFirst().contains(where: { postcodeFirst.matches($0) }),
              parts.dropFirst().contains(where: { $0.contains(where: \.isNumber) && !postcodeFirst.matches($0) && $0.contains(where: \.isLetter) })
        else { return nil }
        return parts[0]
    }

    /// The column of a name that took two at a column gap: the one with a company form, else the first;
    /// the name itself where it has one column.
    static func senderColumn(_ name: String) -> String? {
        let columns = LineColumns.split(name)
        guard columns.count > 1 else { return columns.first }
        return columns.first { col in col.split(separator: " ").contains { Labels.companyForms.contains(Self.norm(String($0))) } } ?? columns[0]
    }

    /// The leading words of `line` in type at least a third larger than the words after them, where they end in a legal
    /// form; nil where the line is not like that.
    static func leadingLargeName(_ line: TextLine) -> TextLine? {
        guard let first = line.words.first, line.words.count >= 3 else { return nil }
        // A name that ends in its legal form run into the document's title beside it, a space apart on a scan ("Beispiel
        // Service EURL Facture récapitulative", "Muster GmbH Rechnung Nr. 17"): the name's own words.
        if let k = line.words.indices.dropFirst().first(where: { onlyLegalForm(line.words[$0].text) }), k + 1 < line.words.count,
           case let t = labelNorm(line.words[k + 1].text), titleStems.contains(where: { t.hasSuffix($0) }), !t.hasPrefix("rechnungs") {
            return TextLine(page: line.page, words: Array(line.words[...k]))
        }
        let big = first.y1 - first.y0
        guard let cut = line.words.firstIndex(where: { ($0.y1 - $0.y0) < big * 0.75 }), cut >= 2,
              line.words[cut...].allSatisfy({ ($0.y1 - $0.y0) < big * 0.75 }), onlyLegalForm(line.words[cut - 1].text) else { return nil }
        return TextLine(page: line.page, words: Array(line.words[..<cut]))
    }

    /// Whether two runs of words share some of their width across the page (a word's height of slack either side).
    static func overlapsAcross(_ a: [SourceWord], _ b: [SourceWord]) -> Bool {
        guard let a0 = a.map(\.x0).min(), let a1 = a.map(\.x1).max(), let b0 = b.map(\.x0).min(), let b1 = b.map(\.x1).max() else { return false }
        let slack = max(a.map { $0.y1 - $0.y0 }.max() ?? 0, b.map { $0.y1 - $0.y0 }.max() ?? 0)
        return a0 < b1 + slack && b0 < a1 + slack
    }

    /// A document's title of a few words, whatever kind ("FACTURE D'ACOMPTE", "Proforma Invoice", "Schlussrechnung").
    static func isTitleColumn(_ text: String) -> Bool {
        let words = text.split(separator: " ")
        guard words.count <= 4, !text.contains(where: { $0.isNumber || $0 == ":" }) else { return false }
        // A title wrapped in its column: "COMMERCIAL" over "INVOICE", "PRO FORMA" over "FACTURE".
        if text == text.uppercased(), words.allSatisfy({ titleQualifiers.contains(labelNorm(String($0))) }) { return true }
        return words.contains { w in
            let t = labelNorm(String(w))
            return titleStems.contains { t.hasSuffix($0) } && !t.hasPrefix("rechnungs")
        }
    }

    /// Words that stand before a document's title in one ("COMMERCIAL INVOICE", "PRO FORMA INVOICE", "TAX INVOICE").
    static let titleQualifiers: Set<String> = ["commercial", "proforma", "pro", "forma", "tax", "final", "interim", "customs", "export"]

    /// Whether an identifier read on `line` is four or five figures followed, a word space on, by a word of letters only
    /// that starts with a capital and is no label ("48635 Beaumont", "1010 Wien"): a postcode and its town.
    static func looksLikePostcodeAndTown(_ cand: Candidate, on line: TextLine) -> Bool {
        guard let v = cand.value.stringValue, (4...5).contains(v.count), v.allSatisfy(\.isNumber), let last = cand.words.last,
              let k = line.words.firstIndex(of: last), k + 1 < line.words.count else { return false }
        // (The town a word space after the postcode, not in a column of its own: "Facture N° 48211   Parsol SARL" is a number
        // and the client's name beside it; nor a word a number follows, "Nr. 38654 Tisch 32".)
        let town = line.words[k + 1], next = town.text
        guard town.x0 - last.x1 < max(1, last.y1 - last.y0), k + 2 >= line.words.count || !line.words[k + 2].text.contains(where: \.isNumber) else { return false }
        return next.count >= 3 && next.allSatisfy(\.isLetter) && next.first?.isUppercase == true && !next.hasSuffix(":")
            && !Labels.titles.contains(next.lowercased())
    }

    /// Whether a line is wholly in parentheses ("(BEISPIEL SHOP (123456))"), also where OCR read its opening one as a
    /// "C" ("CBEISPIEL SHOP (123456))": more closing parentheses than opening ones).
    static func isParenthesised(_ text: String) -> Bool {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.count >= 4, t.last == ")", let first = t.first, first == "(" || first == "C" else { return false }
        // The parenthesis opened first closes only at the end: depth never back to nothing before the last character.
        var depth = first == "C" ? 1 : 0
        for (i, ch) in t.enumerated() {
            if ch == "(" { depth += 1 } else if ch == ")" { depth -= 1 }
            if depth <= 0 && i < t.count - 1 { return false }
        }
        return depth == 0
    }

    /// Whether a name ends in "& Co." or "& Cie" ("Beispiel GmbH & Co."): a partnership's form cut before its last word (KG, OHG).
    static func endsInAndCo(_ name: String) -> Bool {
        let words = name.split(separator: " ")
        guard words.count >= 2, words[words.count - 2] == "&" else { return false }
        return ["co", "co.", "cie", "cie."].contains(words[words.count - 1].lowercased())
    }

    /// Whether `text` is a legal form alone, as printed under a name it wrapped from ("GmbH", "GmbH & Co. KG", "SARL",
    /// "S.A."): a short form only in capitals or with its dots ("AG", "e.K."), since "sa", "as" and "ab" are words too.
    static func onlyLegalForm(_ text: String) -> Bool {
        let words = text.split(separator: " ").map(String.init)
        guard !words.isEmpty, words.count <= 4 else { return false }
        return words.allSatisfy { w in
            if w == "&" { return true }
            let core = w.trimmingCharacters(in: CharacterSet(charactersIn: ",;:"))
            let lower = core.lowercased()
            let bare = lower.hasSuffix(".") ? String(lower.dropLast()) : lower
            guard Labels.companyForms.contains(bare) || strictForms.contains(norm(core)) else { return false }
            return bare.count >= 3 || core == core.uppercased() || core.contains(".")
        } && words.contains { $0 != "&" }
    }

    static func looksLikeName(_ text: String) -> Bool { namelike.value(text, variant: "") { readLooksLikeName(text) } }
    private static let namelike = LineReadCache<Bool>()

    private static func readLooksLikeName(_ text: String) -> Bool {
        // An address line names a place, not a business; nor does a line that is only a country ("MALAYSIA").
        if hasAddressWord(text) { return false }
        // A case's title, two parties against each other ("Beispiel SAS c/ Muster SARL", "Beispiel GmbH ./. Muster AG",
        // "Beispiel Ltd vs. Muster plc"), names no one party: a lawyer's fee note prints it under "Affaire :" or "In Sachen".
        // (Not "v.", which is also "von" in a name: "Beispiel v. Muster GmbH".)
        if [" c/ ", " ./. ", " vs. "].contains(where: text.lowercased().contains) { return false }
        if countries.contains(text.lowercased().trimmingCharacters(in: .punctuationCharacters.union(.whitespaces))) { return false }
        // A document's title, whatever OCR made of its first word ("Tak INVOICE", "OFFICIAL RECEIPT").
        if isReceiptTitle(text), text.split(separator: " ").count <= 3 { return false }
        // A block's heading ("Vendeur", "Seller:") or a letter's closing ("Kind regards") names nobody.
        let bare = text.lowercased().trimmingCharacters(in: .punctuationCharacters.union(.whitespaces))
        // A person the letter is for ("z. Hd. …", "Attn: …", "à l'attention de …") is not a business.
        if (attentionPrefixes + ["zh.", "c/o"]).contains(where: { bare.hasPrefix($0) }) { return false }
        // Nor is a department under a company's name ("Abteilung Einkauf", "Purchasing Department", "Service comptabilité").
        if ["abteilung ", "department ", "dept. ", "service comptab", "service achats", "service des achats"].contains(where: { bare.hasPrefix($0) })
            || bare.hasSuffix(" department") || bare.hasSuffix("abteilung") && !bare.contains(" ") { return false }
        if sellerHeaders.contains(bare) || closings.contains(bare) || bare.hasPrefix("thank you") || bare.hasPrefix("thanks ") { return false }
        // A letter's salutation ("Sehr geehrte Damen und Herren,", "Dear Sir or Madam", "Madame, Monsieur,") names nobody.
        if salutations.contains(where: { bare.hasPrefix($0) }) { return false }
        // Contact details ("EMAIL : info@…", "www.…", "Tel.") name nobody.
        if bare.contains("@") || bare.contains("www.") || bare.contains("http") || contactLabels.contains(where: { bare.hasPrefix($0) }) { return false }
        // A section heading ("Daten der E-Rechnung", "Nos références   Vos identifiants", "Informationen zum Käufer") or a
        // signature ("Your Service Team"), unless it carries a company form.
        let tokens = labelWords(bare)
        if let first = tokens.first, !tokens.contains(where: { Labels.companyForms.contains($0) }),
           headingNouns.contains(first) || (possessives.contains(first) && tokens.count >= 2 && (headingNouns.contains(tokens[1]) || ["service", "team", "kundenservice"].contains(tokens[1]))) {
            return false
        }
        // A line of sums ("Totai Rounded", "Subtotal") names nobody, whatever OCR made of "Total".
        if !tokens.contains(where: { Labels.companyForms.contains($0) }), tokens.contains(where: { Self.sumWords.contains($0) }) { return false }
        // A title with its number mark ("Invoice No", "Tax Invoice #", "Receipt No.:") heads the document's number.
        if let k = tokens.firstIndex(where: { Self.numberMarks.contains($0) || $0 == "number" || $0 == "nummer" || $0 == "numéro" }), k > 0,
           Labels.titles.contains(tokens[..<k].joined(separator: " ")) {
            return false
        }
        let visible = text.filter { !$0.isWhitespace }
        let letters = visible.filter(\.isLetter).count
        guard letters >= 4, Double(letters) >= Double(visible.count) * 0.6 else { return false }
        return text.split(separator: " ").contains { w in w.filter(\.isLetter).count >= 3 }
    }

    /// Words of a line of sums, with OCR's usual misreading of "total".
    static let sumWords: Set<String> = ["total", "totai", "tota1", "subtotal", "amt", "amount", "rounded", "rounding", "qty", "balance", "gesamtbetrag", "summe", "montant"]

    /// The type sizes of a page: its bottom edge, and whether a word is in the letterhead's type (the largest in the top
    /// third of the page, within 5 %, and larger than the page's median by 30 %).
    struct TypeSizes {
        var bottom: Double, tallestAtTop: Double, median: Double
        func isLetterhead(_ w: SourceWord) -> Bool {
            let h = w.y1 - w.y0
            return w.y0 < bottom * 0.35 && h >= tallestAtTop * 0.95 && h > median * 1.3
        }
    }

    static func typeSizes(on page: Int, in text: DocumentText) -> TypeSizes {
        let words = text.lines.filter { $0.page == page }.flatMap(\.words)
        let bottom = words.map(\.y1).max() ?? 0
        let heights = words.map { $0.y1 - $0.y0 }.sorted()
        return TypeSizes(bottom: bottom, tallestAtTop: words.filter { $0.y0 < bottom * 0.35 }.map { $0.y1 - $0.y0 }.max() ?? 0,
                         median: heights.isEmpty ? 0 : heights[heights.count / 2])
    }

    /// Whether the block under a name, in the name's own column, carries what a seller prints about itself and a
    /// recipient's address does not: a phone or fax number, an e-mail or web address, a commercial register entry, bank
    /// details. (Not a VAT id: an invoice within the EU prints the buyer's under the buyer's address.) The block ends at its second blank
    /// line, after seven rows, or where nothing stands under the name.
    static func hasSellerDetails(under cand: Candidate, in text: DocumentText, orTaxID: Bool = false) -> Bool {
        hasSellerDetails(under: cand.words, in: text, orTaxID: orTaxID)
    }

    /// ``hasSellerDetails(under:in:orTaxID:)`` for a name's words as printed (a column of a line).
    static func hasSellerDetails(under nameWords: [SourceWord], in text: DocumentText, orTaxID: Bool = false) -> Bool {
        guard let page = nameWords.first?.page else { return false }
        let height = max(4, nameWords.map { $0.y1 - $0.y0 }.max() ?? 0)
        // The name's own words: up to a column break (OCR may run a line into the block beside it, "Name GmbH   fax …").
        var name: [SourceWord] = []
        for w in nameWords.sorted(by: { $0.x0 < $1.x0 }) {
            if let last = name.last, w.x0 - last.x1 > height * 2.5 { break }
            name.append(w)
        }
        guard let x0 = name.map(\.x0).min(), let x1 = name.map(\.x1).max(), let top = name.map(\.y0).min() else { return false }
        // The words below it in its column, row by row (by word, not by line: a line may hold the block beside it too).
        let band = text.lines.lazy.filter { $0.page == page }.flatMap(\.words).filter { w in
            w.y0 > top + height * 0.5 && w.x1 > x0 - height * 3 && w.x0 < x1 + height * 3
        }.sorted { $0.y0 < $1.y0 }
        var rows: [[SourceWord]] = []
        for w in band {
            if let y = rows.last?.first?.y0, w.y0 - y < height * 0.5 { rows[rows.count - 1].append(w) } else { rows.append([w]) }
        }
        // The block: its address, then, after at most one blank line, its contact details (a letterhead's "Telefon …" under
        // the address). It ends at a second blank line, or at a gap of two (a step down over 1.6 times the first one, the
        // block's line spacing, is a blank line).
        var previous = top, pitch: Double? = nil, blank = false
        var block: [String] = []
        for row in rows.prefix(7) {
            let y = row[0].y0, step = y - previous
            if let pitch {
                guard step < pitch * 1.6 || !blank && step < pitch * 2.6 else { break }
                if step >= pitch * 1.6 { blank = true }
            } else {
                guard step < height * 2.6 else { break }
                pitch = step
            }
            block.append(row.sorted { $0.x0 < $1.x0 }.map(\.text).joined(separator: " "))
            previous = y
        }
        let lower = block.joined(separator: "\n").lowercased()
        if lower.contains("@") || lower.contains("www.") || lower.contains("http") { return true }
        let words = Set(labelWords(lower))
        if !words.isDisjoint(with: sellerDetailWords) { return true }
        // A tax id: its label ("BTW-nr.", "USt-IdNr.", "VAT-No": the word before the hyphen) and the id, five digits or more,
        // in one row ("Total incl. VAT 119,00" is no id).
        // (Not one that names the customer, "N° TVA client": the buyer's id under the buyer's address.)
        return orTaxID && block.contains { namesOwnID($0, orDetail: false) }
    }

    /// Whether the name is printed again elsewhere on the document on a line with a tax or company id that is not the
    /// customer's ("Maître Claire Keller – SIRET … – N° TVA intracommunautaire FR…" in the footer, made up): the legal
    /// line a seller prints about itself.
    static func restatedWithTaxID(_ cand: Candidate, in text: DocumentText) -> Bool {
        guard let name = cand.value.stringValue.map(norm), name.count >= 4 else { return false }
        return text.lines.contains { line in
            !line.words.contains(where: { cand.words.contains($0) }) && norm(line.text).contains(name) && namesOwnID(line.text, orDetail: true)
        }
    }

    /// Whether a row gives an id of the one who prints it: a tax id's label ("USt-IdNr.", "N° TVA", "SIRET"; "BTW-nr.": the
    /// word before the hyphen) or, with `orDetail`, a seller's detail ("Tel.", "HRB", "IBAN"), that no word names as the
    /// customer's, and a number of five digits or more ("Total incl. VAT 119,00" is no id).
    static func namesOwnID(_ row: String, orDetail: Bool) -> Bool {
        let tokens = labelWords(row)
        let labelled = tokens.contains { w in taxIDWords.contains(w) || w.split(separator: "-").first.map { taxIDWords.contains(String($0)) } == true }
            || orDetail && tokens.contains(where: sellerDetailWords.contains)
        return labelled && !tokens.contains(where: buyerIDWords.contains)
            && row.split(separator: " ").contains { $0.filter(\.isNumber).count >= 5 && !$0.contains(",") }
    }

    /// A text's words as labels are compared: lower case, split at anything but letters and hyphens ("USt-IdNr.:" →
    /// "ust-idnr").
    static func labelWords(_ s: String) -> [String] {
        s.lowercased().split(whereSeparator: { !$0.isLetter && $0 != "-" }).map(String.init)
    }

    /// Words that say a tax id is the customer's ("N° TVA client", "Kunden-USt-IdNr.").
    static let buyerIDWords: Set<String> = ["client", "customer", "kunde", "kunden", "käufer", "acheteur", "buyer", "cliente", "klant", "leistungsempfänger",
                                            "empfänger", "destinataire", "kunden-ust-idnr", "kunden-ustid"]

    /// Words that label a tax or company id (which a seller prints under its name, and an EU buyer under its address too).
    static let taxIDWords: Set<String> = ["vat", "tva", "iva", "btw", "ust-idnr", "ust-id", "ustid", "uid", "uid-nr", "steuernummer", "st-nr", "siret", "siren",
                                          "cif", "nif", "abn", "gst", "ust"]

    /// Words that label a seller's own details: phone and fax, a commercial register, bank details.
    static let sellerDetailWords: Set<String> = ["tel", "tél", "telefon", "téléphone", "phone", "fon", "fax", "telefax", "mobil", "mobile", "e-mail", "email",
                                                 "hrb", "hra", "amtsgericht", "registergericht", "rcs", "kvk", "iban", "bic"]

    static let contactLabels = ["email", "e-mail", "mail:", "tel", "tél", "phone", "fax", "telefon", "téléphone", "mobile", "web"]
    /// Nouns that head a section of a form ("Daten", "Références", "Details"), not a business.
    static let headingNouns: Set<String> = ["daten", "informationen", "angaben", "details", "données", "donnees", "informations", "information",
                                            "références", "references", "reference", "référence", "identifiants", "gegevens", "datos", "dati"]
    static let possessives: Set<String> = ["nos", "vos", "notre", "votre", "our", "your", "unsere", "ihre", "ihr", "uw", "onze", "nuestros", "sus"]

    /// A letter's closing words, in the languages invoices come in.
    static let closings: Set<String> = ["kind regards", "best regards", "regards", "sincerely", "yours sincerely", "yours faithfully", "thank you",
                                        "mit freundlichen grüßen", "mit freundlichen grüssen", "freundliche grüße", "viele grüße", "cordialement",
                                        "bien cordialement", "salutations distinguées", "met vriendelijke groet", "atentamente", "cordiali saluti", "distinti saluti"]

    /// How a letter greets its reader (lower case, the start of the line).
    static let salutations = ["sehr geehrte", "sehr geehrter", "guten tag", "hallo", "dear ", "hello", "madame, monsieur", "madame monsieur",
                              "monsieur, madame", "bonjour", "geachte", "estimado", "estimados", "gentile", "egregio"]

    /// The sender of an e-mail printed with its header ("Von: Buchhaltung Beispiel GmbH <rechnung@beispiel.de>", "From:",
    /// "De :"): the name before the address, without a department's word in front of it; nil on other lines.
    static func mailSender(_ line: TextLine) -> String? {
        guard let first = line.words.first, ["von", "from", "de", "absender", "van", "da"].contains(first.text.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ":"))),
              first.text.hasSuffix(":") || line.words.dropFirst().first?.text == ":",
              let at = line.words.firstIndex(where: { $0.text.contains("@") }) else { return nil }
        var words = line.words[1..<at].map(\.text).filter { $0 != ":" }
        while let w = words.first, mailDepartments.contains(w.lowercased()) { words.removeFirst() }
        let name = cleanName(words.joined(separator: " ").trimmingCharacters(in: CharacterSet(charactersIn: "<\"' ")))
        return name.isEmpty ? nil : name
    }
    static let mailDepartments: Set<String> = ["buchhaltung", "rechnungswesen", "rechnungsstelle", "rechnungsversand", "accounting", "accounts", "billing",
                                               "invoicing", "comptabilité", "comptabilite", "facturation", "service", "team", "boekhouding", "contabilidad",
                                               "amministrazione", "-", "|"]

    /// Words that head the seller's block ("Verkäufer", "Seller", "Fournisseur", "From").
    /// Headings of a buyer's block, alone on their line (a buyer label with a value beside it is a `buyer_name` hit).
    static let buyerHeaders: Set<String> = ["käufer", "kaeufer", "leistungsempfänger", "rechnungsempfänger", "empfänger", "kunde", "buyer", "customer",
                                            "purchaser", "acheteur", "client", "destinataire", "koper", "afnemer", "klant", "comprador", "cliente", "acquirente"]
    static let sellerHeaders: Set<String> = ["verkäufer", "verkaufer", "lieferant", "rechnungssteller", "leistungserbringer", "absender", "seller", "supplier",
                                             "vendor", "from", "vendeur", "fournisseur", "émetteur", "emetteur", "leverancier", "proveedor", "fornitore",
                                             "emisor", "cedente", "cedente/prestatore", "prestatore"]
    /// Words a US document does not print: other countries' taxes and legal forms.
    static let nonUSMarks: Set<String> = ["gst", "vat", "sst", "mwst", "ust", "tva", "iva", "btw", "sdn", "bhd", "gmbh", "sarl", "pte", "pty"]

    /// Words that head the buyer's block, which may stand beside the seller's.
    static let buyerPossessives: Set<String> = ["votre", "vos", "ihre", "ihr", "your", "uw", "su", "vostro", "vostra"]
    static let sellerPossessives: Set<String> = ["notre", "nos", "unsere", "unser", "our", "onze", "nuestro", "nostro", "nostra"]
    static let buyerWords: Set<String> = ["buyer", "client", "customer", "käufer", "kaufer", "kunde", "acheteur", "destinataire", "bill", "klant", "cliente"]
    /// The heading sets as ``labelNorm(_:)`` compares them: a scan often loses the accents ("Kaufer", "Verkaufer", "Emetteur").
    static let foldedBuyerHeaders = Set(buyerHeaders.map(labelNorm))
    static let foldedSellerHeaders = Set(sellerHeaders.map(labelNorm))
    /// Words that may follow a seller word in a heading (besides another seller word: "Verkäufer (Seller)"; marks, which
    /// fold to nothing, are among them).
    static let sellerHeadingQualifiers = Set(["details", "information", "informations", "info", "name", "trade", "legal", "address", "adresse", "anschrift", "angaben", "daten",
                                              "data", "contact", "party", "/", "|", "-", "–", "(bt-27)", "(bg-4)", "und", "and", "et",
                                              "de", "du"].map(labelNorm))
    static let foldedBuyerWords = Set(buyerWords.map(labelNorm))
    /// Labels of a name inside such a block.
    static let nameLabels: Set<String> = ["name", "firma", "firmenname", "unternehmen", "nom", "company", "raison sociale", "société", "naam",
                                          "bedrijfsnaam", "nombre", "razón", "ragione sociale"]

    /// The text set under a name in its column, on the next line down that has any: the first column of that line that
    /// starts under the name (within a line's height of its left edge), with its words. Lines of a block beside the name
    /// that reading order puts between are passed over; nothing more than two line heights below counts.
    /// A legal form alone that a name at `rank` wrapped onto in its own column ("Beispiel Handel   FACTURE" over "SARL   Référence
    /// : …"; "Beispiel Handel" in a narrow band over "UG", where the block beside it puts its lines between): the form, its
    /// words and the index of its line. The next line, aligned with the name, where either line has columns; else, where the
    /// next line stands in another column, the name's own next line.
    static func wrappedForm(after rank: Int, in lines: [TextLine], nameColumn: String, columns: [String]) -> (String, [SourceWord], Int)? {
        guard rank + 1 < lines.count, case let line = lines[rank], let w0 = line.words.first, case let next = lines[rank + 1], next.page == line.page else { return nil }
        let nextColumns = LineColumns.split(next.text)
        if let n0 = next.words.first, abs(n0.x0 - w0.x0) < 6, columns.count > 1 || nextColumns.count > 1,
           let form = nextColumns.first, onlyLegalForm(form), let r = next.text.range(of: form) {
            return (form, next.words(in: r), rank + 1)
        }
        // (The name's column: its words; the next line has nothing starting there.)
        guard let r = line.text.range(of: nameColumn), case let nameWords = line.words(in: r), let x1 = nameWords.map(\.x1).max(),
              !next.words.contains(where: { $0.x0 >= w0.x0 - 6 && $0.x0 < x1 }),
              let (form, formWords) = wrappedUnder(nameWords, line: line, following: lines[(rank + 1)...].lazy),
              let f0 = formWords.first, abs(f0.x0 - w0.x0) < 6, onlyLegalForm(form),
              let at = lines[(rank + 1)...].firstIndex(where: { $0.words.contains(f0) }) else { return nil }
        return (form, formWords, at)
    }

    /// The start of a name that a narrow column wrapped ("Dormon Handel" over "Distribution GmbH" in a letterhead's band):
    /// the line above in the name's column, the first of its block, printed in the same size, without digits, a colon, a
    /// form or a salutation, that the name's first word would not have fitted after within the column's width.
    static func wrappedAbove(_ nameWords: [SourceWord], lines: [TextLine], at index: Int) -> (String, [SourceWord])? {
        guard let first = nameWords.min(by: { $0.x0 < $1.x0 }) else { return nil }
        let x0 = first.x0, h = max(1, first.y1 - first.y0), page = lines[index].page
        /// A line's words in the name's column: from one that starts where the name starts, up to a column break.
        func columnWords(_ l: TextLine) -> [SourceWord] {
            var out: [SourceWord] = []
            for w in l.words.sorted(by: { $0.x0 < $1.x0 }) {
                if let last = out.last {
                    guard w.x0 - last.x1 < h * 1.5 else { break }
                    out.append(w)
                } else if abs(w.x0 - x0) < h * 0.6 {
                    out.append(w)
                }
            }
            return out
        }
        func nearestAbove(_ y: Double, from k: Int) -> Int? {
            var k = k
            while k >= 0, lines[k].page == page, y - lines[k].y1 < h * 1.5 {
                if !columnWords(lines[k]).isEmpty { return k }
                k -= 1
            }
            return nil
        }
        guard let a = nearestAbove(first.y0, from: index - 1), case let above = columnWords(lines[a]), let a0 = above.first, let a1 = above.last,
              nearestAbove(a0.y0, from: a - 1) == nil, (1...4).contains(above.count), abs((a0.y1 - a0.y0) - h) < h * 0.15 else { return nil }
        let text = above.map(\.text).joined(separator: " ")
        let salutations: Set<String> = ["herr", "herrn", "frau", "firma", "mr", "mrs", "ms", "monsieur", "madame", "mme", "m", "attn", "to", "an", "à"]
        guard !text.contains(where: { $0.isNumber || $0 == ":" }), looksLikeName(text), !salutations.contains(norm(a0.text)),
              !above.contains(where: { Labels.companyForms.contains(norm($0.text)) }) else { return nil }
        // The column's width: its widest row from the name down.
        var width = (nameWords.map(\.x1).max() ?? first.x1) - x0
        for l in lines[(index + 1)...].prefix(8) where l.page == page {
            if let end = columnWords(l).last { width = max(width, end.x1 - x0) }
        }
        guard a1.x1 - x0 + (first.x1 - first.x0) + h * 0.3 > width else { return nil }
        return (text, above)
    }

    static func wrappedUnder<S: Sequence>(_ nameWords: [SourceWord], line: TextLine, following: S) -> (String, [SourceWord])?
        where S.Element == TextLine {
        guard let x0 = nameWords.map(\.x0).min(), let x1 = nameWords.map(\.x1).max() else { return nil }
        let h = max(1, line.y1 - line.y0)
        var candidates: [(String, [SourceWord], aligned: Bool)] = []
        for next in following.prefix(5) {
            guard next.page == line.page, next.y0 < line.y1 + 2 * h else { break }
            for column in LineColumns.split(next.text) {
                // (A scan's speck under the name, "=", is nothing the name wraps onto.)
                guard column.contains(where: { $0.isLetter || $0.isNumber }), let r = next.text.range(of: column) else { continue }
                let ws = next.words(in: r)
                guard let start = ws.first?.x0, let end = ws.last?.x1 else { continue }
                // A centred heading's second line, wider than the first ("Beispiel UG" over "(haftungsbeschränkt)" on a till receipt).
                let centred = abs((start + end) / 2 - (x0 + x1) / 2) < h && end - start < 2 * (x1 - x0)
                if start >= x0 - h && start < x1 || centred { candidates.append((column, ws, abs(start - x0) < h || centred)) }
            }
        }
        // A line under the name's left edge, or centred under it, first: on a scan a value beside the name's end
        // ("USt-IdNr." over its number) may come between in reading order.
        return (candidates.first(where: \.aligned) ?? candidates.first).map { ($0.0, $0.1) }
    }

    /// The holder of the bank account an invoice asks to be paid into ("Kontoinhaber: Beispiel GmbH", "Account holder:",
    /// "Titulaire du compte :"): the payee, the seller, wherever on the page it stands (a letterhead that is an image
    /// leaves the buyer's window as the first name at the top).
    static let accountHolderLabel = try! NSRegularExpression(pattern: #"(?i)(?<![\p{L}])(?:account\s+holder|kontoinhaber(?:in)?|titulaire(?:\s+du\s+compte)?)\s*:\s*"#)

    func accountHolders(in text: DocumentText) -> [Candidate] {
        var out: [Candidate] = []
        for (li, line) in text.lines.enumerated() {
            for column in LineColumns.split(line.text) {
                let ns = column as NSString
                guard let m = Self.accountHolderLabel.firstMatch(in: column, range: NSRange(location: 0, length: ns.length)),
                      let r = Range(m.range, in: column), r.upperBound < column.endIndex else { continue }
                var name = Self.cleanName(String(column[r.upperBound...]))
                guard Self.looksLikeName(name), let at = line.text.range(of: column) else { continue }
                var words = line.words(in: at).filter { w in !column[..<r.upperBound].contains(w.text) || name.contains(w.text) }
                // "… UG" over "(haftungsbeschränkt)" in its column.
                if name.hasSuffix(" UG"), let (rest, restWords) = Self.wrappedUnder(line.words(in: at), line: line, following: text.lines[(li + 1)...]),
                   rest.lowercased().hasPrefix("(haftungsbeschr") {
                    name = Self.cleanName(name + " " + rest)
                    words += restWords
                }
                out.append(Candidate(value: .string(name), text: name, score: 0.6, strategy: "layout", page: line.page, words: words,
                                     note: "the holder of the bank account to pay into"))
            }
        }
        return out
    }

    /// The seller's name from a block headed by a seller word: the value of its "Name:" line, or
    /// the first line under the header in the header's column.
    func sellerSection(in text: DocumentText) -> [Candidate] {
        var out: [Candidate] = []
        for (li, line) in text.lines.enumerated() {
            // A short heading line (a scan may add a frame's edges: "[ Angaben zum Verkäufer |").
            // (It starts the line or a column of it, or the line is a short heading, "Informationen zum Verkäufer":
            // "Seller" inside "35 rue d'ici, Seller line 2" heads nothing.)
            // (German "Von:" heads the sender's block only with its colon: "von" alone is any sentence's.)
            guard let hi = line.words.firstIndex(where: { Self.foldedSellerHeaders.contains(Self.labelNorm($0.text)) || $0.text.lowercased() == "von:" }),
                  hi == 0 || line.words[hi - 1].x1 < line.words[hi].x0 - 12 || line.words.count <= 4 && !line.text.contains(where: \.isNumber),
                  line.words.filter({ $0.text.contains(where: \.isLetter) }).count <= 6 else { continue }
            let head = line.words[hi]
            // A heading word ends its heading, or a qualifier follows it ("Seller details", "Lieferant / Supplier"): a
            // name that starts with the word ("Supplier Direct Ltd", "Lieferant Direkt GmbH") heads nothing.
            if !head.text.hasSuffix(":"), hi + 1 < line.words.count, line.words[hi + 1].x0 - head.x1 < 12,
               case let next = Self.labelNorm(line.words[hi + 1].text), !Self.sellerHeadingQualifiers.contains(next),
               !Self.foldedSellerHeaders.contains(next) { continue }
            let below = text.lines[(li + 1)..<min(text.lines.count, li + 6)].filter { $0.page == line.page }
            for (k, l) in below.enumerated() {
                let first = l.words.first?.text.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ":")) ?? ""
                // ("Seller name: …", as a rendered e-invoice labels BT-27, is a name label too.)
                let partyName = l.words.count > 2 && Self.foldedSellerHeaders.contains(Self.labelNorm(first)) && ["name", "name:"].contains(l.words[1].text.lowercased())
                if Self.nameLabels.contains(first) || partyName, l.words.count > 1 {
                    // The label may be two words ("Company name:"); the name ends where the next label starts
                    // ("Firmenname: Muster GmbH   Ländercode: DE").
                    var rest = Array(l.words.dropFirst())
                    if let w = rest.first, !l.words[0].text.hasSuffix(":"), ["name:", "name"].contains(w.text.lowercased()) { rest.removeFirst() }
                    rest = rest.filter { $0.text != ":" }
                    if let next = rest.firstIndex(where: { $0.text.hasSuffix(":") && $0.text.count > 2 }) { rest = Array(rest[..<next]) }
                    // ... or at a column gap ("Seller name  Beispiel AG      Buyer name  Muster GmbH").
                    if let gap = rest.indices.dropFirst().first(where: { rest[$0].x0 - rest[$0 - 1].x1 > max(6, (rest[$0].y1 - rest[$0].y0) * 1.2) }) {
                        rest = Array(rest[..<gap])
                    }
                    var name = rest.map(\.text).joined(separator: " ")
                    // "Beispiel UG" over "(haftungsbeschränkt)" in the value's own cell: the rest of its legal form, wrapped.
                    if let (more, moreWords) = Self.wrappedUnder(rest, line: l, following: below[(k + 1)...]),
                       name.lowercased().hasSuffix(" ug") && more.lowercased().hasPrefix("(haftungsbeschr")
                        || more.hasPrefix("& Co") && Self.onlyLegalForm(String(more.drop(while: { $0 == "&" || $0 == " " }))) && !name.contains("&") {
                        name += " " + more
                        rest += moreWords
                    }
                    if name.contains(where: \.isLetter) {
                        out.append(Candidate(value: .string(name), text: name, score: 0.93, strategy: "layout", page: l.page, words: rest,
                                             note: "'\(l.words[0].text)' under '\(head.text)'"))
                    }
                    break
                }
                // "From:" with the name on the next line in its column.
                // (The heading may head the second of two blocks side by side, "Destinataire   Fournisseur": its column.)
                if k == 0, let w = l.words.first(where: { abs($0.x0 - head.x0) < 12 }), !w.text.hasSuffix(":"), l.text.contains(where: \.isLetter),
                   case let fromHead = l.words.filter({ $0.x0 >= w.x0 - 1 }), !Self.looksLikeAddressOrNoise(fromHead.map(\.text).joined(separator: " ")) {
                    // Up to the other party's block beside it ("Atelier Lumen   Client contact"): the next heading on
                    // the heading's line ("From:   To:") starts the other column, else a column is at most 220 points.
                    let nextHeading = line.words.first { $0.x0 > head.x1 + 4 }.map { $0.x0 - 4 } ?? .infinity
                    var inColumn = fromHead.filter { $0.x0 < min(head.x0 + 220, nextHeading) }
                    if let other = inColumn.firstIndex(where: { Self.foldedBuyerWords.contains(Self.labelNorm($0.text)) }), other > 0 {
                        inColumn = Array(inColumn[..<other])
                    }
                    // ... and up to the next label ("Email:").
                    if let label = inColumn.firstIndex(where: { $0.text.hasSuffix(":") }), label > 0 { inColumn = Array(inColumn[..<label]) }
                    let name = inColumn.map(\.text).joined(separator: " ")
                    out.append(Candidate(value: .string(name), text: name, score: 0.78, strategy: "layout", page: l.page, words: inColumn, note: "under '\(head.text)'"))
                }
            }
        }
        return out
    }

    /// Pieces of a final total line on a receipt, and of lines that are not the total (matched
    /// inside words too: OCR glues "TotalGST", "SUBTOTAL", "Total Qty:").
    static let finalTotalPieces = ["rounded", "nett", "net total", "grand", "payable", "due", "incl", "jumlah", "gesamt", "summe", "ttc", "to pay"]
    static let notReceiptTotalPieces = ["sub", "cash", "change", "tender", "rounding", "adjust", "discount", "saving", "qty", "quantity", "item",
                                        "point", "card", "visa", "master", "credit", "debit", "paid", "refund", "excl", "rückgeld", "gegeben",
                                        "rendu", "espèces", "deposit", "balance"]
    static let taxPieces = ["gst", "tax", "sst", "vat", "mwst", "tva"]
    /// What a line with the rounded total does not say (a rounding line may carry it).
    static let notRoundedTotalPieces = notReceiptTotalPieces.filter { $0 != "rounding" }

    /// Lines whose amount adds up to a receipt's total: subtotals, tax, rounding, service charge, discounts.
    static let totalPartPieces = ["total", "gst", "tax", "round", "suppl", "service", "svc", "discount", "disc"]

    /// The total a candidate's amount was before OCR dropped one digit of it, when the amounts printed above it
    /// say so: one of them, two or three of them added, or the cash given minus the change, whose digits are the
    /// candidate's with one more and which lies within 1 of it. nil when the candidate has two decimals, or the
    /// evidence is missing or names more than one value.
    static func repairedTotal(_ cand: Candidate, lines: [TextLine], paid: Decimal?, conventions c: Conventions) -> Double? {
        let printed = cand.text.filter { $0.isNumber || $0 == "." || $0 == "," }
        guard let sep = printed.lastIndex(where: { $0 == "." || $0 == "," }), printed[printed.index(after: sep)...].count == 1,
              let t = cand.value.numberValue, let at = lines.firstIndex(where: { l in cand.words.contains { l.words.contains($0) } }) else { return nil }
        let digits = printed.filter(\.isNumber)
        var parts: [Double] = []
        for l in lines[..<at] where l.page == lines[at].page {
            let lower = l.text.lowercased()
            guard totalPartPieces.contains(where: lower.contains), !(cashPieces + changePieces).contains(where: lower.contains),
                  let last = Amounts.find(in: l.text, decimalSeparator: c.decimalSeparator).last,
                  l.text[last.range].filter(\.isNumber).count >= 3,
                  // (Printed with two decimals: the receipt's own way, which the candidate's one decimal is not.)
                  let point = l.text[last.range].lastIndex(where: { $0 == "." || $0 == "," }),
                  l.text[last.range][l.text[last.range].index(after: point)...].filter(\.isNumber).count == 2 else { continue }
            parts.append(Amounts.double(last.value))
        }
        // The nearest dozen lines above the total are where its parts are (and keep the sums few).
        parts = Array(parts.suffix(12))
        var sums = Set(parts.map { ($0 * 100).rounded() })
        for i in parts.indices {
            for j in parts.indices where j > i {
                sums.insert(((parts[i] + parts[j]) * 100).rounded())
                for k in parts.indices where k > j { sums.insert(((parts[i] + parts[j] + parts[k]) * 100).rounded()) }
            }
        }
        if let paid { sums.insert((Amounts.double(paid) * 100).rounded()) }
        let fits = sums.map { $0 / 100 }.filter { v in v > 0 && abs(v - t) < 1 && lostOneDigit(digits, of: v) }
        return fits.count == 1 ? fits[0] : nil
    }

    /// Whether `digits` are those of `value` printed with two decimals, one of them left out (OCR dropped it).
    static func lostOneDigit(_ digits: some StringProtocol, of value: Double) -> Bool {
        let d = Array(String(format: "%.2f", value).filter(\.isNumber))
        return d.count == digits.count + 1 && d.indices.contains { i in var x = d; x.remove(at: i); return String(x) == digits }
    }

    /// Whether `digits` are `value`'s digits with one of them read as another digit that looks like it ("55.20" for
    /// 53.20, "20.90" for 20.80): the same number of digits, one place differs, by a pair OCR confuses.
    static func misreadOneDigit(_ digits: some StringProtocol, of value: Double) -> Bool {
        let d = Array(String(format: "%.2f", value).filter(\.isNumber)), g = Array(digits)
        guard d.count == g.count else { return false }
        let differ = d.indices.filter { d[$0] != g[$0] }
        guard differ.count == 1, let a = d[differ[0]].wholeNumberValue, let b = g[differ[0]].wholeNumberValue else { return false }
        return confusableDigits.contains([min(a, b), max(a, b)])
    }

    /// Digits OCR reads one for the other on faint print: closed loops and their halves (0 6 8 9, 3 5 6 8) and 1/7.
    static let confusableDigits: Set<[Int]> = [[0, 6], [0, 8], [0, 9], [3, 5], [3, 8], [5, 6], [5, 8], [6, 8], [8, 9], [1, 7], [3, 9], [6, 9]]

    /// `cand` as what its line said before OCR misread it: the same words, `value`, a little surer, and why.
    static func mended(_ cand: Candidate, to value: Double, raise: Double, because note: String) -> Candidate {
        var r = cand
        r.value = .number(value)
        r.score = min(0.97, cand.score + raise)
        r.note = note
        return r
    }

    /// The notes of a receipt's total-line candidates (the misreadings below mend only those).
    static let totalLineNote = "a total line of the receipt", finalTotalLineNote = "a final total line of the receipt"

    /// The total a final total line said before OCR dropped one of its digits though it kept two decimals ("Total
    /// Payable: 6.24" under "Total 6% supplies (incl. GST): 42.35" and "Total 0% supplies: 17.89"): two total lines
    /// among the dozen above it add up to its digits with one more, a sum no amount above it exceeds. nil when no pair
    /// or more than one does.
    static func totalOfTwoTotals(_ cand: Candidate, lines: [TextLine], conventions c: Conventions) -> Double? {
        let printed = cand.text.filter { $0.isNumber || $0 == "." || $0 == "," }
        guard let sep = printed.lastIndex(where: { $0 == "." || $0 == "," }), printed[printed.index(after: sep)...].count == 2,
              let t = cand.value.numberValue, let at = lines.firstIndex(where: { l in cand.words.contains { l.words.contains($0) } }) else { return nil }
        let digits = printed.filter(\.isNumber)
        let above = lines[max(0, at - 12)..<at].filter { $0.page == lines[at].page }
        var parts: [Double] = []
        var largest = 0.0
        for l in above {
            let amounts = Amounts.find(in: l.text, decimalSeparator: c.decimalSeparator)
            largest = max(largest, amounts.map { Amounts.double($0.value) }.max() ?? 0)
            let lower = l.text.lowercased()
            guard lower.contains("total"), !(cashPieces + changePieces).contains(where: lower.contains), let last = amounts.last,
                  l.text[last.range].filter(\.isNumber).count >= 3 else { continue }
            parts.append(Amounts.double(last.value))
        }
        var fits = Set<Double>()
        for i in parts.indices {
            for j in parts.indices where j > i {
                let v = ((parts[i] + parts[j]) * 100).rounded() / 100
                if v > t, v >= largest, lostOneDigit(digits, of: v) { fits.insert(v) }
            }
        }
        return fits.count == 1 ? fits.first : nil
    }

    func receiptTotals(in text: DocumentText, conventions: Conventions) -> [Candidate] {
        let c = conventions
        var out: [Candidate] = []
        let lines = text.lines
        /// Whether a label ("Total Sales (Incl GST 6%)", "Total Saving") announces the receipt's total.
        func isTotalLabel(_ label: String) -> Bool {
            let lower = Self.totalWordMended(label.lowercased())
            // (With OCR's usual misreadings of "TOTAL": "IOTAL", "TOTAI", "TOTA1"; and "(Inclusive of GST) : 9.90", a total line
            // whose "Total Sales" OCR lost.)
            guard ["total", "iotal", "totai", "tota1", "inclusive of", "amount due", "amount payable", "jumlah", "summe", "gesamt", "to pay"].contains(where: lower.contains) else { return false }
            if Self.notReceiptTotalPieces.contains(where: lower.contains) { return false }
            // A tax line ("Total GST 1.65") is not the total; "Total inclusive of GST", "Total Due (GST inc)", "Total with GST" are.
            if Self.taxPieces.contains(where: lower.contains), !lower.contains("inc"), !lower.contains("with") { return false }
            // "GST @6% included in total RM x.xx", "TOTAL INCLUDES 6% GST x.xx": the tax inside the total.
            if Self.taxPieces.contains(where: lower.contains), lower.contains("included") || lower.contains("includes") { return false }
            return true
        }
        // A tax summary printed under the total ("GST SUMMARY", its rate rows, then "TOTAL 11.46 0.69") sums the tax,
        // not the receipt: its total line is no later, surer total.
        let summaryHeading = lines.firstIndex { l in
            let lower = l.text.lowercased()
            return lower.contains("summary") && Self.taxPieces.contains(where: lower.contains)
        }
        // Nor is a total printed under the payment, after the cash given and the change: receipts print the total,
        // then the payment, then their tax table ("Tax Code % Amt Tax", "Total: 77.93") or loyalty points.
        let payment = Self.payment(lines, conventions: c)
        let changeLine = payment?.changeLine
        func add(_ value: Decimal, _ range: Range<String.Index>, on source: TextLine, label: String, at li: Int) {
            guard value > 0 else { return }
            let lower = label.lowercased()
            let final = Self.finalTotalPieces.contains { lower.contains($0) }
            let inSummary = summaryHeading.map { li > $0 && li - $0 <= 8 && lines[$0].page == source.page } ?? false
                || changeLine.map { li > $0 && lines[$0].page == source.page } ?? false
            let position = Double(li) / Double(max(1, lines.count))
            out.append(Candidate(value: .number(Amounts.double(value)), text: String(source.text[range]), score: (final ? 0.9 : 0.84) + 0.02 * position - (inSummary ? 0.1 : 0),
                                 strategy: "layout", page: source.page, words: source.words(in: range), note: final ? Self.finalTotalLineNote : Self.totalLineNote))
        }
        for (li, line) in lines.enumerated() {
            // A note wholly in parentheses about the tax, its amount inside ("(Inclusive of 8% SST : RM 3.24)"): the tax
            // the total includes, not the total (which "Total (Incl SST 8%) 42.65" prints outside its parentheses).
            if Self.isParenthesised(line.text), Self.taxPieces.contains(where: line.text.lowercased().contains) { continue }
            let amounts = Amounts.find(in: line.text, decimalSeparator: c.decimalSeparator)
            // Each amount with its own label: the text after the amount before it ("Total Saving 0.00  Total 77.20").
            var labelStart = line.text.startIndex
            var labelled = false
            for (value, range) in amounts {
                let label = String(line.text[labelStart..<range.lowerBound])
                labelStart = range.upperBound
                if isTotalLabel(label) {
                    labelled = true
                    add(value, range, on: line, label: label, at: li)
                }
            }
            // A total line whose amount OCR split ("RM 64 13") or put on the next line.
            guard !labelled, amounts.isEmpty, isTotalLabel(line.text) else { continue }
            if let m = Self.splitAmount.firstMatch(in: line.text, range: NSRange(line.text.startIndex..., in: line.text)),
               let r = Range(m.range, in: line.text), let whole = Range(m.range(at: 1), in: line.text), let cents = Range(m.range(at: 2), in: line.text),
               let v = Decimal(string: "\(line.text[whole]).\(line.text[cents])") {
                add(v, r, on: line, label: String(line.text[..<r.lowerBound]), at: li)
            } else if li + 1 < lines.count, lines[li + 1].page == line.page,
                      // (Not the cash given or the change on the line below: "TOTAL" misread, then "CASH 50.00".)
                      !(Self.cashPieces + Self.changePieces).contains(where: lines[li + 1].text.lowercased().contains),
                      let (value, range) = Amounts.find(in: lines[li + 1].text, decimalSeparator: c.decimalSeparator).last {
                add(value, range, on: lines[li + 1], label: line.text, at: li)
            }
        }
        // The net and the tax of the receipt's tax table add up to the total ("SR 6% 8.50 0.51", or "Total Sales (Excluding GST)
        // 7.00" and "Total GST 0.42"): a sum printed on another line (the cash given, the subtotal, the one item) is the
        // total, where OCR garbled the total line itself ("Total Sales (Inclusive of GST): (742 )"), and it confirms a total
        // line that says the same. It stays below a final total line, which a cash rounding may have moved from the sum.
        // (The cash given is no such line where change was given back: then it is more than the total.)
        let changeGiven = (payment?.change ?? 0) > 0
        let lineAmounts = lines.map { Amounts.find(in: $0.text, decimalSeparator: c.decimalSeparator) }
        let taxTableSums = Self.netPlusTax(lines, amounts: lineAmounts, summaryHeading: summaryHeading)
        for (sum, sources) in taxTableSums {
            for (li, line) in lines.enumerated() where !sources.contains(li) {
                let lower = line.text.lowercased()
                guard !(changeGiven && (Self.cashPieces + Self.changePieces).contains(where: lower.contains)),
                      let (value, range) = lineAmounts[li].last(where: { abs(Amounts.double($0.value) - sum) < 0.005 })
                else { continue }
                out.append(Candidate(value: .number(Amounts.double(value)), text: String(line.text[range]), score: 0.86, strategy: "layout", page: line.page,
                                     words: line.words(in: range), note: "the net and the tax of the receipt's tax table add up to it"))
            }
        }
        let confirmed = Set(taxTableSums.map { Int(($0.sum * 100).rounded()) })
        /// Whether the tax table's arithmetic says `cand` is right as read (then no misreading is mended from it).
        func addsUp(_ cand: Candidate) -> Bool { cand.value.numberValue.map { confirmed.contains(Int(($0 * 100).rounded())) } ?? false }
        // A dollar sign OCR read as an 8 ("Nett Total: 88.20" under "Total Amount: $8.20"), on a receipt that prints its
        // amounts with "$": the amount without that 8, printed with its sign on another total line, is what the line said.
        let dollars = lines.flatMap { l in Amounts.find(in: l.text, decimalSeparator: c.decimalSeparator).filter { a in
            a.range.lowerBound > l.text.startIndex && l.text[l.text.index(before: a.range.lowerBound)] == "$" }.map { (Amounts.double($0.value), l) } }
        if dollars.count >= 2 {
            for cand in out where cand.text.hasPrefix("8") && cand.text.filter(\.isNumber).count >= 3 {
                guard let v = Decimal(string: String(cand.text.dropFirst()).replacingOccurrences(of: ",", with: ".")).map(Amounts.double),
                      let shown = dollars.first(where: { abs($0.0 - v) < 0.001 && isTotalLabel($0.1.text) && !cand.words.contains(where: $0.1.words.contains) }) else { continue }
                out.append(Self.mended(cand, to: v, raise: 0.02, because: "a dollar sign OCR read as an 8: \(shown.1.text) shows \(String(format: "%.2f", v))"))
            }
        }
        // A total OCR cut a digit from ("Total Payable: 68.4" for 68.41, "54.0" for 54.50: one decimal where the
        // receipt prints two): the amounts above it that add up to the same digits with one more say what it was.
        for cand in out where !addsUp(cand) {
            if cand.note == Self.finalTotalLineNote, let v = Self.totalOfTwoTotals(cand, lines: lines, conventions: c) {
                out.append(Self.mended(cand, to: v, raise: 0.02, because: "a total OCR dropped a digit from: two total lines above it add up to \(String(format: "%.2f", v))"))
            }
            if let v = Self.repairedTotal(cand, lines: lines, paid: payment?.paid, conventions: c) {
                out.append(Self.mended(cand, to: v, raise: 0.02, because: "a total OCR cut a digit from: the amounts above it add up to \(String(format: "%.2f", v))"))
            }
        }
        // What was paid: the cash given minus the change ("CASH 50.00", "CHANGE 31.20"). A total line that
        // shows that amount is the total, whatever a misread "TOTAL 1.0" or a "Total Qty: 4.00" says.
        if let paid = payment?.paid {
            for (li, line) in lines.enumerated() {
                let lower = line.text.lowercased()
                guard Self.paidTotalPieces.contains(where: lower.contains), !Self.cashPieces.contains(where: lower.contains),
                      !Self.changePieces.contains(where: lower.contains),
                      let (value, range) = Amounts.find(in: line.text, decimalSeparator: c.decimalSeparator).last(where: { $0.value == paid }) else { continue }
                out.append(Candidate(value: .number(Amounts.double(value)), text: String(line.text[range]), score: 0.95 + 0.01 * Double(li) / Double(max(1, lines.count)),
                                     strategy: "layout", page: line.page, words: line.words(in: range), note: "the cash given minus the change"))
            }
            // A total line OCR dropped a digit from ("TOTAL 3.80" for 35.80, with "CASH 50.00", "CHANGE 14.20"): what
            // was paid has the same digits with one more, and is what the line said.
            let paidValue = Amounts.double(paid)
            for cand in out where (cand.note == Self.finalTotalLineNote || cand.note == Self.totalLineNote) && !addsUp(cand) {
                guard let v = cand.value.numberValue else { continue }
                let digits = String(format: "%.2f", v).filter(\.isNumber)
                if v < paidValue, Self.lostOneDigit(digits, of: paidValue) {
                    out.append(Self.mended(cand, to: paidValue, raise: 0.03,
                                           because: "a total OCR dropped a digit from: the cash given minus the change is \(String(format: "%.2f", paidValue))"))
                } else if abs(v - paidValue) >= 0.05, Self.misreadOneDigit(digits, of: paidValue),
                          lines.filter({ l in Amounts.find(in: l.text, decimalSeparator: c.decimalSeparator).contains { Amounts.double($0.value) == v } }).count < 2 {
                    // One digit misread ("55.20" for 53.20, with "CASH 100.20", "CHANGE 47.00"). Not where cash rounding
                    // explains the difference (72.93 paid as 72.95), nor where two lines print the total alike: then
                    // it is the cash or the change that OCR misread.
                    out.append(Self.mended(cand, to: paidValue, raise: 0.03,
                                           because: "a digit of the total OCR misread: the cash given minus the change is \(String(format: "%.2f", paidValue))"))
                }
            }
            // No total line OCR could read: what was paid is the best guess, sure enough only for a person to check.
            if out.isEmpty, let cash = lines.last(where: { l in
                let lower = l.text.lowercased()
                return Self.isCashLine(lower) && !Amounts.find(in: l.text, decimalSeparator: c.decimalSeparator).isEmpty
            }), let (_, range) = Amounts.find(in: cash.text, decimalSeparator: c.decimalSeparator).last {
                out.append(Candidate(value: .number(Amounts.double(paid)), text: String(cash.text[range]), score: 0.6, strategy: "layout", page: cash.page,
                                     words: cash.words(in: range), note: "the cash given minus the change (no total line read)"))
            }
        }
        // Nor any cash: a subtotal is the last resort (receipts without tax or rounding print only that).
        if out.isEmpty, let sub = lines.last(where: { l in
            let lower = l.text.lowercased().replacingOccurrences(of: " ", with: "")
            return lower.contains("subtotal") && !Amounts.find(in: l.text, decimalSeparator: c.decimalSeparator).isEmpty
        }), let (value, range) = Amounts.find(in: sub.text, decimalSeparator: c.decimalSeparator).last, value > 0 {
            out.append(Candidate(value: .number(Amounts.double(value)), text: String(sub.text[range]), score: 0.5, strategy: "layout", page: sub.page,
                                 words: sub.words(in: range), note: "the subtotal (no total line read)"))
        }
        // Cash rounding (to 0.05: Malaysia, Switzerland, the Netherlands, ...): "Total 27.x3", then
        // "Rounding 0.02" and a total line with 27.x5 further down. The rounded amount is what was paid.
        for (index, c) in out.enumerated() {
            guard let v = c.value.numberValue, let line = lines.firstIndex(where: { l in c.words.contains { l.words.contains($0) } }) else { continue }
            let rounded = (v * 20).rounded() / 20
            guard abs(rounded - v) > 0.004 else { continue }
            var shown = false
            for l in lines[line...].dropFirst() {
                let lower = l.text.lowercased()
                guard lower.contains("total") || lower.contains("round") || Self.finalTotalPieces.contains(where: lower.contains),
                      !Self.notRoundedTotalPieces.contains(where: lower.contains),
                      let (value, range) = Amounts.find(in: l.text, decimalSeparator: conventions.decimalSeparator).first(where: { abs(Amounts.double($0.value) - rounded) < 0.001 }) else { continue }
                out.append(Candidate(value: .number(Amounts.double(value)), text: String(l.text[range]), score: min(0.97, c.score + 0.03), strategy: "layout",
                                     page: l.page, words: l.words(in: range), note: "the total rounded to 0.05 below it"))
                shown = true
                break
            }
            // No line shows the rounded sum, but the rounding line just below says by how much
            // ("Total 163.17", "Rounding -0.02"): what was paid is the total rounded by that.
            guard !shown else { continue }
            for l in lines[line...].dropFirst().prefix(3) where l.text.lowercased().contains("round") {
                let amount = Amounts.find(in: l.text, decimalSeparator: conventions.decimalSeparator).last
                if let (r, range) = amount, abs(abs(Amounts.double(r)) - abs(rounded - v)) < 0.001 {
                    out.append(Candidate(value: .number(rounded), text: String(l.text[range]), score: min(0.96, c.score + 0.02), strategy: "layout",
                                         page: l.page, words: c.words + l.words(in: range), note: "the total with the rounding printed below it"))
                } else if amount.map({ $0.value != 0 }) ?? true {
                    // A rounding line whose amount OCR did not read ("RMO .O3"), or one that does not round this total: what was
                    // paid is not known, so the unrounded total is no sure answer (a card payment's "Rounding 0.00" leaves it).
                    // (Candidates are only appended in this loop: `index` still names this one.)
                    out[index].doubt = "a rounding line below this total could not be read: the amount paid may differ from it by the rounding; check the receipt"
                }
                break
            }
        }
        // A total line read with one decimal ("142.0" for 42.90) on a receipt that prints its amounts with two, where the tax
        // table adds up to a total of its own: OCR misread the line, and it gives way to the tax table's sum.
        func decimals(_ t: Substring) -> Int {
            let digits = t.trimmingCharacters(in: CharacterSet(charactersIn: ")- "))
            guard let sep = digits.lastIndex(where: { $0 == "." || $0 == "," }) else { return 0 }
            return digits.distance(from: sep, to: digits.endIndex) - 1
        }
        let printed = zip(lines, lineAmounts).flatMap { l, a in a.map { decimals(l.text[$0.range]) } }
        if !confirmed.isEmpty, printed.filter({ $0 == 2 }).count >= 3 * max(1, printed.filter({ $0 == 1 }).count) {
            for i in out.indices where (out[i].note == Self.finalTotalLineNote || out[i].note == Self.totalLineNote) && !addsUp(out[i])
                && decimals(Substring(out[i].text)) == 1 {
                out[i].score *= 0.9
                out[i].note += "; read with one decimal where the receipt prints two"
            }
        }
        return out
    }

    /// `lower` with each word one letter away from "total" written as "total" (OCR's "Tatal", "Totol", "Tolal").
    static func totalWordMended(_ lower: String) -> String {
        guard lower.contains(where: { $0 == "t" }) else { return lower }
        let target = Array("total")
        return lower.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
            let letters = Array(word.prefix { $0.isLetter })
            guard letters.count == 5, letters != target, letters.first == "t", Dates.editDistance(letters, target) == 1 else { return String(word) }
            return "total" + word.dropFirst(5)
        }.joined(separator: " ")
    }

    static let cashPieces = ["cash", "tender", "paid", "tunai", "bar gegeben", "gegeben", "espèces", "contant"]
    static let changePieces = ["change", "baki", "kembali", "rückgeld", "rendu", "wisselgeld"]
    /// A line of the cash given: a word of it, or a line that starts with "Payment" ("Payment 20.00" over "Change Due
    /// 1.70"; not "Total Payment", which is a total).
    static func isCashLine(_ lower: String) -> Bool {
        (cashPieces.contains(where: lower.contains) || lower.hasPrefix("payment")) && !changePieces.contains(where: lower.contains)
    }
    /// Words of a line that may show the amount paid (a total, an amount due, a rounded sum).
    static let paidTotalPieces = ["total", "due", "amount", "amt", "jumlah", "payable", "nett", "round", "sum", "bayar", "betrag", "à payer", "te betalen"]

    /// What a receipt says was paid: the cash given minus the change on a line below it (both with amounts; the last such
    /// pair), and the index of that change line. nil where it prints no such pair or the change is not below the cash.
    /// What was paid (the cash given less the change), the change given back, and the change's line.
    struct Payment { var paid: Decimal; var change: Decimal; var changeLine: Int }

    static func payment(_ lines: [TextLine], conventions c: Conventions) -> Payment? {
        var cash: (Decimal, Int)? = nil, change: (Decimal, Int)? = nil
        for (li, line) in lines.enumerated() {
            let lower = line.text.lowercased()
            guard let amount = Amounts.find(in: line.text, decimalSeparator: c.decimalSeparator).last?.value else { continue }
            if changePieces.contains(where: lower.contains), let (_, at) = cash, li > at { change = (amount, li) }
            // (Some tills print the cash given as a payment, "Cash -50.00".)
            else if isCashLine(lower) { cash = (abs(amount), li); change = nil }
        }
        guard let (given, _) = cash, let (returned, at) = change, given > returned else { return nil }
        return Payment(paid: given - returned, change: returned, changeLine: at)
    }

    /// What a receipt's tax table says its total is: the net and the tax of one row under the table's heading or led by a
    /// tax code ("SR 6% 8.50 0.51", "Total: 8.50 0.51"), or of a line of the amount before tax ("Total Sales (Excluding GST)
    /// 8.50", "Nett of Tax: RM 40.47") and a tax line within six lines of it ("Total GST 0.51"); each with the lines it
    /// comes from. A pair counts only where the tax is more than nothing and at most 30 % of the net (a rate's tax).
    /// (`amounts`: each line's amounts, as `Amounts.find` reads them.)
    static func netPlusTax(_ lines: [TextLine], amounts lineAmounts: [[(value: Decimal, range: Range<String.Index>)]],
                           summaryHeading: Int?) -> [(sum: Double, sources: [Int])] {
        func amounts(_ li: Int) -> [Double] { lineAmounts[li].map { Amounts.double($0.value) } }
        func isRate(_ net: Double, _ tax: Double) -> Bool { tax > 0 && net > 0 && tax <= net * 0.3 }
        var out: [(sum: Double, sources: [Int])] = []
        func add(_ net: Double, _ tax: Double, _ sources: [Int]) {
            let sum = ((net + tax) * 100).rounded() / 100
            if !out.contains(where: { abs($0.sum - sum) < 0.005 }) { out.append((sum, sources)) }
        }
        for li in lines.indices {
            let lower = lines[li].text.lowercased()
            let words = lower.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
            let inTable = summaryHeading.map { li > $0 && li - $0 <= 8 && lines[$0].page == lines[li].page } ?? false
            let a = amounts(li)
            if a.count >= 2, inTable || ["sr", "s", "zr", "tx", "sst"].contains(words.first ?? ""), isRate(a[a.count - 2], a[a.count - 1]) {
                add(a[a.count - 2], a[a.count - 1], [li])
            }
            guard netPieces.contains(where: lower.contains), let net = a.last else { continue }
            for other in max(0, li - 6)...min(lines.count - 1, li + 6) where other != li && lines[other].page == lines[li].page {
                // (Not the tax inside a total, a summary's heading or a tax registration number: "GST Reg No", "GST ID".)
                let o = lines[other].text.lowercased()
                let oWords = o.split(whereSeparator: { !$0.isLetter }).map(String.init)
                guard taxPieces.contains(where: o.contains), !netPieces.contains(where: o.contains),
                      !["incl", "summary"].contains(where: o.contains), !oWords.contains(where: { ["reg", "id", "no"].contains($0) }),
                      let tax = amounts(other).last, isRate(net, tax) else { continue }
                add(net, tax, [li, other])
            }
        }
        return out
    }

    /// What labels an amount before tax on a receipt ("Total Sales (Excluding GST)", "Nett of Tax", "Amount before GST").
    static let netPieces = ["excl", "exclusive", "nett of tax", "net of tax", "before tax", "before gst", "before sst", "w/o gst", "without gst"]

    /// "64 13", "250 .00" at the end of a total line: an amount whose decimal point OCR read as a space, or set apart.
    static let splitAmount = try! NSRegularExpression(pattern: #"(?<![\d.,])(\d{1,6})(?: ?[.,] | [.,]?)(\d{2})\s*$"#)

    func patternCandidates(_ f: FieldDefinition, text: DocumentText) -> [Candidate] {
        guard let p = f.pattern, let re = try? NSRegularExpression(pattern: TemplatePattern.icu(p)) else { return [] }
        var out: [Candidate] = []
        for line in text.lines {
            let ns = line.text as NSString
            for m in re.matches(in: line.text, range: NSRange(location: 0, length: ns.length)) {
                let range = m.numberOfRanges > 1 && m.range(at: 1).location != NSNotFound ? m.range(at: 1) : m.range
                guard let r = Range(range, in: line.text) else { continue }
                let t = String(line.text[r])
                out.append(Candidate(value: .string(t), text: t, score: 0.85, strategy: "pattern", page: line.page, words: line.words(in: r), note: "the field's pattern"))
            }
        }
        return out
    }


}

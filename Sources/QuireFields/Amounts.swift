public import Foundation
import QuireCore

/// Money amounts as invoices print them, in every common locale: `1.234,56` (DE, FR with dots),
/// `1,234.56` (GB, US), `1 234,56` (FR, with a plain, no-break or thin space), `1'234.56` (CH),
/// `12,34`, `850,–` and `1.200,-` (a dash for no cents, as German and Swiss prices are written),
/// `(12.00)` and `-12,00 €` or `12.00-` for negative amounts, with or without a currency
/// symbol or ISO code on either side, and Indian grouping (`1,23,456.00`).
///
/// A string with only one separator is ambiguous (`1.234` is 1234 in Germany and 1.234 in
/// England): `decimalSeparator` decides where it is known (from the template, the vendor's
/// country, or the separators the rest of the document uses); without it, a separator followed
/// by exactly three digits groups thousands and one followed by one or two digits is decimal.
public enum Amounts {
    /// How a document writes its decimal part: `.` or `,`; nil when unknown.
    public static func parse(_ text: String, decimalSeparator: Character? = nil) -> Decimal? {
        var s = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        var negative = false
        // Peel currency, parentheses and signs in any order: "(€ 12.00)", "-12,00 €", "EUR 12.00-".
        for _ in 0..<4 {
            let before = s
            s = Substring(stripCurrency(String(s)))
            // "850,–", "1.200,-", "Fr. 120.–": a dash for no cents, not a minus.
            if let last = s.last, "-–—".contains(last) {
                let str = String(s)
                if let cents = dashForCents.firstRange(in: str) { s = Substring(String(str[..<cents.lowerBound]) + String(str[cents].first!) + "00") }
            }
            if s.hasPrefix("("), s.hasSuffix(")") { negative = true; s = s.dropFirst().dropLast() }
            if let f = s.first, "-−–".contains(f) { negative = true; s = s.dropFirst() } else if s.hasPrefix("+") { s = s.dropFirst() }
            if let l = s.last, "-−".contains(l) { negative = true; s = s.dropLast() }
            s = Substring(s.trimmingCharacters(in: .whitespaces))
            if s == before { break }
        }
        guard let first = s.first, first.isASCII, first.isNumber || first == "." || first == "," else { return nil }
        // Split into digit runs and the separators between them.
        var groups: [String] = [""]
        var seps: [Character] = []
        for ch in s {
            if ch.isASCII && ch.isNumber { groups[groups.count - 1].append(ch) }
            else if [".", ",", "'", "’", " ", "\u{00A0}", "\u{202F}", "\u{2009}"].contains(ch) {
                guard !groups[groups.count - 1].isEmpty || groups.count == 1 else { return nil }
                seps.append(ch == "’" ? "'" : [" ", "\u{00A0}", "\u{202F}", "\u{2009}"].contains(ch) ? " " : ch)
                groups.append("")
            } else { return nil }
        }
        guard let last = groups.last, !last.isEmpty else { return nil }
        if groups.count == 1 { return decimal(groups[0], "", negative) }
        // Leading separator: ".50" or ",50".
        if groups[0].isEmpty {
            guard groups.count == 2, seps[0] == "." || seps[0] == ",", last.count <= 2 || seps[0] == decimalSeparator else { return nil }
            return decimal("0", last, negative)
        }
        let lastSep = seps[seps.count - 1]
        var decimalIndex: Int? = nil   // index into seps of the decimal separator
        if lastSep == "." || lastSep == "," {
            let others = seps.dropLast()
            if others.contains(lastSep) {
                decimalIndex = nil   // "1.234.567" or "1,234,567": all grouping
            } else if !others.isEmpty {
                decimalIndex = seps.count - 1   // "1.234,56", "1 234,56", "1'234.56"
            } else if let d = decimalSeparator {
                decimalIndex = lastSep == d ? 0 : nil
            } else {
                decimalIndex = last.count == 3 ? nil : 0
            }
        }
        let intGroups = decimalIndex.map { Array(groups[...$0]) } ?? groups
        let groupSeps = decimalIndex.map { Array(seps[..<$0]) } ?? seps
        // Grouping must be consistent: one kind of separator, groups of three (Indian: twos, then three).
        if let g = groupSeps.first {
            guard groupSeps.allSatisfy({ $0 == g }), g != decimalIndex.map({ seps[$0] }) else { return nil }
            guard (1...3).contains(intGroups[0].count), intGroups.last!.count == 3 else { return nil }
            let middle = intGroups.dropFirst().dropLast()
            guard middle.allSatisfy({ $0.count == 3 }) || middle.allSatisfy({ $0.count == 2 }) else { return nil }
        }
        let fraction = decimalIndex.map { _ in last } ?? ""
        if decimalIndex != nil, fraction.count > 4 { return nil }
        return decimal(intGroups.joined(), fraction, negative)
    }

    /// The decimal a double stands for, by its shortest printed form (4.99, not 4.990000000000001024).
    public static func decimal(_ d: Double) -> Decimal {
        Decimal(string: "\(d)", locale: Locale(identifier: "en_US_POSIX")) ?? Decimal(d)
    }

    /// The nearest Double to a decimal amount, through its exact text ("996.08", not 996.0799999999999).
    public static func double(_ d: Decimal) -> Double {
        Double(d.description) ?? NSDecimalNumber(decimal: d).doubleValue
    }

    private static func decimal(_ whole: String, _ fraction: String, _ negative: Bool) -> Decimal? {
        guard whole.count + fraction.count <= 18 else { return nil }
        guard var v = Decimal(string: whole + (fraction.isEmpty ? "" : "." + fraction), locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        if negative { v.negate() }
        return v
    }

    /// Removes a currency symbol or ISO code at either end ("€ 12,00", "12.00 EUR", "CHF 1'200.00").
    static func stripCurrency(_ s: String) -> String {
        var t = s.trimmingCharacters(in: .whitespaces)
        for symbol in Currencies.symbolsLongestFirst {
            if t.hasPrefix(symbol) { t = String(t.dropFirst(symbol.count)).trimmingCharacters(in: .whitespaces); break }
        }
        for symbol in Currencies.symbolsLongestFirst {
            if t.hasSuffix(symbol) { t = String(t.dropLast(symbol.count)).trimmingCharacters(in: .whitespaces); break }
        }
        if t.count > 3 {
            let head = t.prefix(3), tail = t.suffix(3)
            if head.allSatisfy({ $0.isUppercase && $0.isASCII }), Currencies.codes.contains(String(head)) { t = String(t.dropFirst(3)).trimmingCharacters(in: .whitespaces) }
            else if tail.allSatisfy({ $0.isUppercase && $0.isASCII }), Currencies.codes.contains(String(tail)) { t = String(t.dropLast(3)).trimmingCharacters(in: .whitespaces) }
        }
        return t
    }

    /// Amount-looking tokens in a line of text, with their character ranges (for mapping back to words).
    public static func find(in text: String, decimalSeparator: Character? = nil) -> [(value: Decimal, range: Range<String.Index>)] {
        if text.isASCIIWithoutDigits { return [] }
        return found.value(text, variant: decimalSeparator.map(String.init) ?? "") { read(in: text, decimalSeparator: decimalSeparator) }
    }
    private static let found = LineReadCache<[(value: Decimal, range: Range<String.Index>)]>()

    private static func read(in text: String, decimalSeparator: Character?) -> [(value: Decimal, range: Range<String.Index>)] {
        var out: [(Decimal, Range<String.Index>)] = []
        let ns = text as NSString
        for m in amountPattern.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            guard var r = Range(m.range, in: text) else { continue }
            // A parenthesis on one side only closes or opens the words around the amount ("(Total incl. tax: 1.37)"), not
            // the amount: the amount is read without it (a negative amount in parentheses has both).
            if text[r].hasSuffix(")"), !text[r].hasPrefix("(") { r = r.lowerBound..<text.index(before: r.upperBound) }
            else if text[r].hasPrefix("("), !text[r].hasSuffix(")") { r = text.index(after: r.lowerBound)..<r.upperBound }
            let token = String(text[r])
            // A hint that does not fit this token (a "129,00" in a document that mostly writes "1.50") is ignored for it.
            if let v = parse(token, decimalSeparator: decimalSeparator) ?? parse(token) { out.append((v, r)) }
        }
        return out
    }

    /// An amount with an optional sign and a decimal part of one or two digits, or a whole number
    /// with grouping; a bare integer does not count here (it is more often a quantity, a year or a
    /// number), nor does a percentage. (An underscore beside it is a box's edge as OCR reads it, "__7 809,43": no
    /// letter or digit.) A dash for no cents ("850,–", "1.200,-") ends an amount where no digit follows it.
    static let amountPattern = try! NSRegularExpression(pattern:
        #"(?<![\p{L}\p{N}.,'’/-])\(?[-−]?(?:(?:\d{1,3}(?:[.'’\u00A0\u202F]\d{3})+|\d+)[.,](?:-{1,2}|–|—)(?![\p{N}-])|\d{1,3}(?:[.,'’\u00A0\u202F]\d{2,3})+(?:[.,]\d{1,2})?|\d{1,3}(?: \d{3})+,\d{1,2}|\d+[.,]\d{1,2})-?\)?(?![\p{L}\p{N}%]|[.,/]\d|\s?%)"#)

    /// Whole numbers ("Total: 60 EUR"), for a label's value when no amount with decimals is there.
    public static func findWhole(in text: String) -> [(value: Decimal, range: Range<String.Index>)] {
        if text.isASCIIWithoutDigits { return [] }
        let ns = text as NSString
        return wholePattern.matches(in: text, range: NSRange(location: 0, length: ns.length)).compactMap { m in
            guard let r = Range(m.range, in: text), let v = Decimal(string: String(text[r])) else { return nil }
            return (v, r)
        }
    }
    /// (A run of figures with a leading zero, "000000000", "0042", is a reference or a code, not an amount.)
    private static let wholePattern = try! NSRegularExpression(pattern: #"(?<![\p{L}\p{N}.,/-])(?:0|[1-9]\d{0,8})(?![\p{L}\p{N}%]|[.,/:]\d|\s?%)"#)

    /// Guesses a document's decimal separator from its amounts: the separator that is followed by
    /// exactly two digits at the end of a number most often.
    public static func dominantDecimalSeparator(in text: String) -> Character? {
        var dot = 0, comma = 0
        // Dates ("01.02.2026", "3/4/26") are not amounts.
        let text = datePattern.replacing(in: text, with: " ")
        let ns = text as NSString
        for m in twoDecimals.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            let sep = ns.substring(with: m.range(at: 1))
            if sep == "." { dot += 1 } else { comma += 1 }
        }
        if dot == 0 && comma == 0 { return nil }
        return comma > dot ? "," : "."
    }
    private static let dashForCents = Pattern(#"(?<=\d)[.,](?:-{1,2}|–|—)$"#)
    private static let datePattern = Pattern(#"\d{1,4}[./-]\d{1,2}[./-]\d{2,4}"#)
    private static let twoDecimals = try! NSRegularExpression(pattern: #"\d([.,])\d\d(?![\d])"#)

    /// Writes an amount the way a locale would print it, for tests and templates.
    public struct Style: Sendable, Hashable, CustomStringConvertible {
        public var decimal: Character
        public var grouping: Character?
        public var minusStyle: MinusStyle = .leading
        public var currency: String? = nil
        public var currencyBefore = false
        public enum MinusStyle: Sendable, Hashable { case leading, trailing, parentheses }
        public init(decimal: Character, grouping: Character?, minusStyle: MinusStyle = .leading, currency: String? = nil, currencyBefore: Bool = false) {
            self.decimal = decimal
            self.grouping = grouping
            self.minusStyle = minusStyle
            self.currency = currency
            self.currencyBefore = currencyBefore
        }
        public var description: String { "decimal '\(decimal)' grouping '\(grouping.map(String.init) ?? "")' \(minusStyle) \(currency ?? "")" }
    }

    /// Formats `value` (rounded to cents) in `style`.
    public static func format(_ value: Decimal, _ style: Style) -> String {
        var v = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &v, 2, .plain)
        let negative = rounded < 0
        let cents = NSDecimalNumber(decimal: negative ? -rounded : rounded).multiplying(by: 100).int64Value
        let whole = String(cents / 100), frac = String(format: "%02d", Int(cents % 100))
        var grouped = ""
        for (k, ch) in whole.reversed().enumerated() {
            if k > 0 && k % 3 == 0, let g = style.grouping { grouped.append(g) }
            grouped.append(ch)
        }
        var s = String(grouped.reversed()) + String(style.decimal) + frac
        if negative {
            switch style.minusStyle {
            case .leading: s = "-" + s
            case .trailing: s += "-"
            case .parentheses: s = "(" + s + ")"
            }
        }
        if let c = style.currency { s = style.currencyBefore ? c + " " + s : s + " " + c }
        return s
    }
}

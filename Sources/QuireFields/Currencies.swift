import Foundation

/// Currency from ISO 4217 codes and symbols. `$` alone is ambiguous; the vendor's country decides
/// where it is known (CA, AU, NZ, SG, HK, MX), else it is read as USD.
public enum Currencies {
    /// ISO 4217 codes an invoice is likely to carry.
    public static let codes: Set<String> = [
        "EUR", "USD", "GBP", "CHF", "JPY", "CNY", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "RON", "BGN", "HRK", "ISK",
        "CAD", "AUD", "NZD", "SGD", "HKD", "INR", "BRL", "MXN", "ZAR", "TRY", "RUB", "UAH", "AED", "SAR", "ILS", "KRW",
        "TWD", "THB", "MYR", "IDR", "PHP", "VND", "EGP", "MAD", "NGN", "KES", "ARS", "CLP", "COP", "PEN",
    ]

    /// Symbols and their codes; `$` resolves by country in ``currency(symbol:country:)``.
    static let symbols: [String: String] = [
        "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "Rs.": "INR", "Rs": "INR", "zł": "PLN", "Kč": "CZK", "Ft": "HUF",
        "kr": "SEK", "Fr.": "CHF", "SFr.": "CHF", "₺": "TRY", "₽": "RUB", "₩": "KRW", "R$": "BRL", "US$": "USD",
        "C$": "CAD", "A$": "AUD", "CA$": "CAD", "AU$": "AUD", "HK$": "HKD", "S$": "SGD", "NZ$": "NZD", "$": "USD", "₪": "ILS",
        "RM": "MYR",
    ]
    static let symbolsLongestFirst: [String] = symbols.keys.sorted { $0.count > $1.count || ($0.count == $1.count && $0 < $1) }

    static let dollarCountries = ["CA": "CAD", "AU": "AUD", "NZ": "NZD", "SG": "SGD", "HK": "HKD", "MX": "MXN"]

    /// A currency code or lettered symbol that receipts print glued to the amount ("RM28.05", "EUR12,50";
    /// "RN", "RH": OCR's readings of a receipt printer's "RM").
    static func isGluedPrefix(_ s: String) -> Bool {
        codes.contains(s) || ["RM", "RN", "RH", "Rs", "Rs.", "Fr.", "SFr."].contains(s)
    }

    public static func currency(symbol: String, country: String? = nil) -> String? {
        if symbol == "$", let c = country, let code = dollarCountries[c] { return code }
        if symbol == "kr", let c = country { return ["NO": "NOK", "DK": "DKK", "IS": "ISK"][c] ?? "SEK" }
        return symbols[symbol]
    }

    /// Counts each currency a text mentions, by code and by symbol; the most frequent wins.
    /// Returns nil when the text names none.
    public static func detect(in text: String, country: String? = nil) -> (code: String, evidence: String, count: Int, total: Int)? {
        var counts: [String: (Int, String)] = [:]
        let ns = text as NSString
        for m in codePattern.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            let code = ns.substring(with: m.range(at: 1))
            if codes.contains(code) { counts[code, default: (0, code)].0 += 1 }
        }
        for m in symbolPattern.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            let sym = ns.substring(with: m.range)
            if let code = currency(symbol: sym, country: country) { counts[code, default: (0, sym)].0 += 1 }
        }
        let total = counts.values.reduce(0) { $0 + $1.0 }
        guard let best = counts.max(by: { $0.value.0 < $1.value.0 || ($0.value.0 == $1.value.0 && $0.key > $1.key) }) else { return nil }
        return (best.key, best.value.1, best.value.0, total)
    }

    private static let codePattern = try! NSRegularExpression(pattern: #"(?<![A-Za-z])([A-Z]{3})(?![A-Za-z])"#)
    private static let symbolPattern = try! NSRegularExpression(pattern: #"€|£|¥|₹|₺|₽|₩|₪|zł|Kč|(?:US|CA|AU|HK|NZ|[RCAS])?\$|(?<![A-Za-z])(?:SFr\.|Fr\.|Rs\.?|Ft|kr|RM)(?=\s|\d|$)"#)
}

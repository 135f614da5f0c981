public import Foundation
public import QuireCore

/// The result of one check on a field or between fields; `reason` is what the reviewer sees. It is the
/// check the `fields` stage's output carries.
public typealias CheckResult = ExtractedFields.Check

/// International bank account numbers: length per country and the ISO 13616 mod-97 check.
public enum IBAN {
    /// Lengths by country (SWIFT IBAN registry).
    static let lengths: [String: Int] = [
        "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29, "BY": 28, "CH": 21,
        "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FO": 18, "FR": 27,
        "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
        "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24,
        "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29,
        "RO": 24, "RS": 22, "SA": 24, "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28, "TL": 23, "TN": 24,
        "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
    ]

    /// Upper case without spaces: "de60 4325 0043 7302 1188 41" → "DE60432500437302118841".
    public static func normalize(_ s: String) -> String {
        String(s.uppercased().filter { $0.isLetter || $0.isNumber })
    }

    public static func check(_ raw: String) -> CheckResult {
        let s = normalize(raw)
        guard s.count >= 15, s.allSatisfy({ $0.isASCII }), s.prefix(2).allSatisfy(\.isLetter), s.dropFirst(2).prefix(2).allSatisfy(\.isNumber) else {
            return CheckResult(name: "iban", passed: false, reason: "'\(raw)' is not shaped like an IBAN (two letters, two check digits, the account)")
        }
        let country = String(s.prefix(2))
        guard let length = lengths[country] else {
            return CheckResult(name: "iban", passed: false, reason: "\(country) is not a country that uses IBANs")
        }
        guard s.count == length else {
            return CheckResult(name: "iban", passed: false, reason: "an IBAN from \(country) has \(length) characters, this one has \(s.count)")
        }
        guard mod97(String(s.dropFirst(4) + s.prefix(4))) == 1 else {
            return CheckResult(name: "iban", passed: false, reason: "the IBAN's check digits are wrong (mod 97): a typo or an OCR error; compare with the document")
        }
        return CheckResult(name: "iban", passed: true, reason: "IBAN check digits are correct")
    }

    /// Countries whose account part (after the check digits) is digits only.
    static let numericAccounts: Set<String> = ["AT", "BA", "BE", "CZ", "DE", "DK", "EE", "ES", "FI", "FO", "GL", "HR", "HU", "IS", "LT", "ME",
                                               "MK", "NO", "PL", "PT", "RS", "SA", "SE", "SI", "SK", "TN", "TR", "XK"]
    /// Letters OCR reads for digits.
    static let digitLookalikes: [Character: Character] = ["O": "0", "Q": "0", "I": "1", "L": "1", "S": "5", "B": "8", "Z": "2", "G": "6"]

    /// Places (in the whole IBAN) that are digits by the country's format, where its account also has letters.
    static let digitRuns: [String: [Range<Int>]] = [
        "IT": [5..<15], "SM": [5..<15], "FR": [4..<14, 25..<27], "MC": [4..<14, 25..<27], "NL": [8..<18], "GB": [8..<22], "IE": [8..<22],
    ]

    /// An IBAN with OCR's look-alike letters where digits must stand ("DEO2 1203 …" for "DE02 1203 …"):
    /// in the check digits, in the account of countries whose account is all digits, and at the places `digitRuns`
    /// names in countries whose account mixes letters and digits. Only a
    /// reading that then passes the mod-97 check is returned (a wrong repair passes 1 time in 97); nil
    /// when nothing was repaired or the check still fails.
    public static func repairingOCR(_ raw: String) -> String? {
        guard let repaired = readingLookalikes(raw) else { return nil }
        return check(repaired).passed ? repaired : nil
    }

    /// `raw` normalised with OCR's look-alike letters read as digits where the country's IBAN has digits (the check
    /// digits, a numeric account, Italy's bank and branch codes); nil when there was nothing to read so, or it is too
    /// short to be an IBAN's start. Not checked: the caller checks, perhaps with more that wrapped onto the next line.
    static func readingLookalikes(_ raw: String) -> String? {
        let s = normalize(raw)
        guard s.count >= 15, s.prefix(2).allSatisfy(\.isLetter) else { return nil }
        var chars = Array(s)
        let country = String(chars[0..<2])
        let upto = numericAccounts.contains(country) ? chars.count : 4
        var changed = false
        for i in 2..<upto { if let d = digitLookalikes[chars[i]] { chars[i] = d; changed = true } }
        // ("IT60 X054 2811 …": the bank and branch codes after the CIN letter.)
        for run in digitRuns[country] ?? [] where run.upperBound <= chars.count {
            for i in run { if let d = digitLookalikes[chars[i]] { chars[i] = d; changed = true } }
        }
        return changed ? String(chars) : nil
    }

    /// ISO 7064 mod 97-10 over letters (A=10 ... Z=35) and digits.
    static func mod97(_ s: String) -> Int {
        var r = 0
        for ch in s {
            if let d = ch.wholeNumberValue, ch.isASCII {
                r = (r * 10 + d) % 97
            } else if let a = ch.asciiValue, (65...90).contains(a) {
                r = (r * 100 + Int(a) - 55) % 97
            } else { return -1 }
        }
        return r
    }
}

/// VAT identification numbers: the format of each country, and its check digits where the
/// country defines them (DE, AT, FR, NL, BE, IT, ES, GB, CH, PL, DK, FI, LU, PT, SE, IE format).
public enum VATID {
    /// Upper case, no spaces, dots or dashes: "DE 273 184 654" → "DE273184654"; "CHE-116.281.710 MWST" → "CHE116281710".
    public static func normalize(_ s: String) -> String {
        var t = s.uppercased().filter { $0.isLetter || $0.isNumber }
        for suffix in ["MWST", "TVA", "IVA"] where t.hasPrefix("CHE") && t.hasSuffix(suffix) { t = String(t.dropLast(suffix.count)) }
        return String(t)
    }

    /// Formats by country (after ``normalize(_:)``).
    static let formats: [String: String] = [
        "AT": #"^ATU\d{8}$"#, "BE": #"^BE[01]\d{9}$"#, "BG": #"^BG\d{9,10}$"#, "CY": #"^CY\d{8}[A-Z]$"#, "CZ": #"^CZ\d{8,10}$"#,
        "DE": #"^DE\d{9}$"#, "DK": #"^DK\d{8}$"#, "EE": #"^EE\d{9}$"#, "EL": #"^EL\d{9}$"#, "ES": #"^ES[A-Z0-9]\d{7}[A-Z0-9]$"#,
        "FI": #"^FI\d{8}$"#, "FR": #"^FR[A-HJ-NP-Z0-9]{2}\d{9}$"#, "GB": #"^GB(\d{9}|\d{12}|GD[0-4]\d{2}|HA[5-9]\d{2})$"#,
        "HR": #"^HR\d{11}$"#, "HU": #"^HU\d{8}$"#, "IE": #"^IE\d[A-Z0-9+*]\d{5}[A-Z]{1,2}$"#, "IT": #"^IT\d{11}$"#,
        "LT": #"^LT(\d{9}|\d{12})$"#, "LU": #"^LU\d{8}$"#, "LV": #"^LV\d{11}$"#, "MT": #"^MT\d{8}$"#, "NL": #"^NL\d{9}B\d{2}$"#,
        "PL": #"^PL\d{10}$"#, "PT": #"^PT\d{9}$"#, "RO": #"^RO\d{2,10}$"#, "SE": #"^SE\d{10}01$"#, "SI": #"^SI\d{8}$"#,
        "SK": #"^SK\d{10}$"#, "CH": #"^CHE\d{9}$"#, "XI": #"^XI(\d{9}|\d{12})$"#, "NO": #"^NO\d{9}(MVA)?$"#,
    ]
    static let compiled: [String: NSRegularExpression] = formats.mapValues { try! NSRegularExpression(pattern: $0) }

    /// A pattern that finds VAT ids in running text (before normalisation).
    static let searchPattern = try! NSRegularExpression(pattern:
        #"(?<![A-Z0-9])(?:ATU\s?\d{8}|BE\s?[01][\d .]{9,12}|DE\s?\d{3}\s?\d{3}\s?\d{3}|FR\s?[A-HJ-NP-Z0-9]{2}\s?\d{3}\s?\d{3}\s?\d{3}|NL\s?\d{9}\s?B\s?\d{2}|IT\s?\d{11}|ES\s?[A-Z0-9]\d{7}[A-Z0-9]|GB\s?\d{3}\s?\d{4}\s?\d{2}(?:\s?\d{3})?|CHE[-\s]?\d{3}[.\s]?\d{3}[.\s]?\d{3}|PL\s?\d{10}|DK\s?\d{8}|FI\s?\d{8}|LU\s?\d{8}|PT\s?\d{9}|SE\s?\d{10}01|IE\s?\d[A-Z0-9+*]\d{5}[A-Z]{1,2}|(?:CZ|SK|HR|HU|SI|EE|LV|LT|RO|BG|EL|CY|MT)\d{8,12}[A-Z]?)(?![A-Z0-9])"#)

    /// Countries whose VAT id is the prefix and digits only (FR: its last nine; AT: after the U).
    static let numericBodies: Set<String> = ["AT", "BE", "DE", "IT", "PL", "DK", "FI", "LU", "PT", "SE", "CZ", "SK", "HR", "HU", "SI", "EE", "LV", "LT",
                                             "RO", "BG", "EL", "MT", "GB", "FR"]

    /// A VAT id with OCR's look-alike letters where its digits stand ("DEO12…" for "DE012…"), read as
    /// those digits; nil where nothing was a look-alike or the result is not all digits where the
    /// country has digits. Whether the repaired id passes its check is the caller's question.
    public static func repairingOCR(_ raw: String) -> String? {
        let s = normalize(raw)
        let cc = String(s.prefix(2))
        guard numericBodies.contains(cc), s.count >= 8 else { return nil }
        var chars = Array(s)
        let from = cc == "AT" ? 3 : (cc == "FR" ? max(2, chars.count - 9) : 2)
        guard from < chars.count else { return nil }
        var changed = false
        for i in from..<chars.count {
            if let d = IBAN.digitLookalikes[chars[i]] { chars[i] = d; changed = true }
        }
        // A French key is two letters or digits, but never O or I: those are OCR's 0 and 1. A key with another look-alike
        // ("FRB8…" for "FR88…") is read as digits where that is the key the SIREN gives (a letter key has its own scheme;
        // a misread one that happens to give the SIREN's digit key is one in a hundred).
        if cc == "FR" {
            for i in 2..<from where chars[i] == "O" || chars[i] == "I" { chars[i] = chars[i] == "O" ? "0" : "1"; changed = true }
            if from == 4, case let key = chars[2..<4].map({ IBAN.digitLookalikes[$0] ?? $0 }), key != Array(chars[2..<4]),
               key.allSatisfy({ $0.isASCII && $0.isNumber }), String(key) == frenchKey(siren: String(chars[4...])) {
                chars.replaceSubrange(2..<4, with: key)
                changed = true
            }
        }
        guard changed, chars[from...].allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return String(chars)
    }

    public static func country(of id: String) -> String {
        let n = normalize(id)
        return n.hasPrefix("CHE") ? "CH" : String(n.prefix(2))
    }

    public static func check(_ raw: String) -> CheckResult {
        let s = normalize(raw)
        let cc = country(of: s)
        guard let re = compiled[cc] else {
            return CheckResult(name: "vat_id", passed: false, reason: "'\(raw)' does not start with a known VAT country prefix (DE, FR, GB, CHE, ...)")
        }
        guard re.firstMatch(in: s, range: NSRange(location: 0, length: (s as NSString).length)) != nil else {
            return CheckResult(name: "vat_id", passed: false, reason: "'\(raw)' is not in the format of a \(cc) VAT id")
        }
        let ok = checkDigits(s, country: cc)
        switch ok {
        case true?: return CheckResult(name: "vat_id", passed: true, reason: "\(cc) VAT id format and check digits are correct")
        case false?: return CheckResult(name: "vat_id", passed: false, reason: "the \(cc) VAT id's check digit is wrong: a typo or an OCR error; compare with the document")
        case nil: return CheckResult(name: "vat_id", passed: true, reason: "\(cc) VAT id format is correct (\(cc) defines no check digit this checks)")
        }
    }

    /// Whether a normalised id's check digits hold; nil for a country whose ids this does not check.
    static func checkDigits(_ s: String, country cc: String) -> Bool? {
        let digits = s.compactMap { $0.isASCII ? $0.wholeNumberValue : nil }
        switch cc {
        case "DE": return iso7064Mod11_10(Array(digits))
        case "AT": return austria(Array(digits))
        case "FR": return france(s)
        case "NL": return netherlands(s, Array(digits))
        case "BE": return 97 - number(digits.prefix(8)) % 97 == number(digits.suffix(2))
        case "IT": return luhn(Array(digits))
        case "ES": return spain(String(s.dropFirst(2)))
        case "GB": return digits.count == 9 || digits.count == 12 ? unitedKingdom(Array(digits.prefix(9))) : nil
        case "CH": return mod11(Array(digits), weights: [5, 4, 3, 2, 7, 6, 5, 4])
        case "PL": return digits.count == 10 && zip(digits, [6, 5, 7, 2, 3, 4, 5, 6, 7]).reduce(0) { $0 + $1.0 * $1.1 } % 11 == digits[9]
        case "DK": return zip(digits, [2, 7, 6, 5, 4, 3, 2, 1]).reduce(0) { $0 + $1.0 * $1.1 } % 11 == 0
        case "FI": return mod11(Array(digits), weights: [7, 9, 10, 5, 8, 4, 2])
        case "LU": return number(digits.prefix(6)) % 89 == number(digits.suffix(2))
        case "PT": return mod11(Array(digits), weights: [9, 8, 7, 6, 5, 4, 3, 2], tenIs: 0)
        case "SE": return luhn(Array(digits.prefix(10)))
        case "IE": return ireland(String(s.dropFirst(2)))
        default: return nil
        }
    }

    /// Whether `raw` is a VAT id in its country's format whose check digits hold (not merely in format: a country
    /// without check digits gives no evidence that two pieces joined make an id).
    public static func passesCheckDigits(_ raw: String) -> Bool {
        let s = normalize(raw)
        let cc = country(of: s)
        guard let re = compiled[cc], re.firstMatch(in: s, range: NSRange(location: 0, length: (s as NSString).length)) != nil else { return false }
        return checkDigits(s, country: cc) == true
    }

    /// Ireland: seven digits weighted 8 to 2 (and a second letter, A to I, weighted 9) give the check letter modulo 23
    /// (0 is W, 1 is A). The old form with a letter or sign second ("8Z49289F") is checked for its format alone.
    static func ireland(_ body: String) -> Bool? {
        let chars = Array(body)
        guard chars.count == 8 || chars.count == 9, chars[0..<7].allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let letters = Array("WABCDEFGHIJKLMNOPQRSTUV")
        var sum = zip(chars[0..<7].compactMap(\.wholeNumberValue), [8, 7, 6, 5, 4, 3, 2]).reduce(0) { $0 + $1.0 * $1.1 }
        if chars.count == 9 {
            guard let second = letters.prefix(10).firstIndex(of: chars[8]) else { return false }
            sum += 9 * second
        }
        return letters[sum % 23] == chars[7]
    }

    static func number<S: Sequence>(_ d: S) -> Int where S.Element == Int { d.reduce(0) { $0 * 10 + $1 } }

    /// Germany: ISO 7064 MOD 11,10 over the first eight digits gives the ninth.
    static func iso7064Mod11_10(_ d: [Int]) -> Bool {
        guard d.count == 9 else { return false }
        var p = 10
        for x in d.prefix(8) {
            var s = (x + p) % 10
            if s == 0 { s = 10 }
            p = (2 * s) % 11
        }
        let check = (11 - p) % 10
        return check == d[8]
    }

    static func austria(_ d: [Int]) -> Bool {
        guard d.count == 8 else { return false }
        func f(_ x: Int) -> Int { x * 2 / 10 + x * 2 % 10 }
        let s = d[0] + f(d[1]) + d[2] + f(d[3]) + d[4] + f(d[5]) + d[6]
        return (10 - (s + 4) % 10) % 10 == d[7]
    }

    /// France: the key is (12 + 3 × (SIREN mod 97)) mod 97 where it is numeric; letter keys (new style) are format-only.
    static func france(_ s: String) -> Bool? {
        let key = s.dropFirst(2).prefix(2), siren = String(s.suffix(9))
        guard Int(key) != nil, Int(siren) != nil else { return nil }
        return frenchKey(siren: siren) == key
    }

    /// The numeric key of the French VAT id a nine-digit SIREN gives ("FR" + key + SIREN), as two digits.
    static func frenchKey(siren: String) -> String {
        String(format: "%02d", (12 + 3 * ((Int(siren) ?? 0) % 97)) % 97)
    }

    /// Netherlands: the old mod-11 check, or (sole traders since 2020) ISO 7064 mod 97 over "NL" + the number.
    static func netherlands(_ s: String, _ d: [Int]) -> Bool {
        let nine = Array(d.prefix(9))
        let sum = zip(nine.prefix(8), [9, 8, 7, 6, 5, 4, 3, 2]).reduce(0) { $0 + $1.0 * $1.1 } - nine[8]
        if sum % 11 == 0 { return true }
        return IBAN.mod97(s) == 1
    }

    static func luhn(_ d: [Int]) -> Bool {
        var sum = 0
        for (i, x) in d.reversed().enumerated() {
            if i % 2 == 1 { let y = x * 2; sum += y > 9 ? y - 9 : y } else { sum += x }
        }
        return sum % 10 == 0
    }

    /// Spain: a DNI (8 digits + letter), an NIE (X/Y/Z + 7 digits + letter) or a CIF (letter + 7 digits + check).
    static func spain(_ s: String) -> Bool {
        let letters = Array("TRWAGMYFPDXBNJZSQVHLCKE")
        let chars = Array(s)
        guard chars.count == 9 else { return false }
        if chars[0].isNumber || "XYZ".contains(chars[0]) {
            var num = String(chars[0..<8])
            if let i = "XYZ".firstIndex(of: chars[0]) { num = String("XYZ".distance(from: "XYZ".startIndex, to: i)) + num.dropFirst() }
            guard let n = Int(num) else { return false }
            return letters[n % 23] == chars[8]
        }
        let body = chars[1..<8].compactMap(\.wholeNumberValue)
        guard body.count == 7 else { return false }
        var sum = 0
        for (i, x) in body.enumerated() {
            if i % 2 == 0 { let y = x * 2; sum += y / 10 + y % 10 } else { sum += x }
        }
        let control = (10 - sum % 10) % 10
        let last = chars[8]
        return last.wholeNumberValue == control || last == Array("JABCDEFGHI")[control]
    }

    /// United Kingdom: weights 8...2 over seven digits plus the last two must be 0 mod 97, or 55 less (the 9755 scheme).
    static func unitedKingdom(_ d: [Int]) -> Bool {
        let total = zip(d.prefix(7), [8, 7, 6, 5, 4, 3, 2]).reduce(0) { $0 + $1.0 * $1.1 } + d[7] * 10 + d[8]
        return total % 97 == 0 || (total + 55) % 97 == 0
    }

    /// A weighted sum whose complement to 11 is the last digit (CH UID, FI, PT); `tenIs` says
    /// what a complement of 10 means (nil: no valid number has it).
    static func mod11(_ d: [Int], weights: [Int], tenIs: Int? = nil) -> Bool {
        guard d.count == weights.count + 1 else { return false }
        let sum = zip(d, weights).reduce(0) { $0 + $1.0 * $1.1 }
        var check = 11 - sum % 11
        if check == 11 { check = 0 }
        if check == 10 { guard let t = tenIs else { return false }; check = t }
        return check == d.last!
    }
}

/// Checks between fields: sums, dates, presence.
public enum CrossChecks {
    /// net + tax = total, within a cent.
    public static func totals(net: Decimal, tax: Decimal, total: Decimal) -> CheckResult {
        let diff = abs(Amounts.double(net + tax - total))
        return diff <= 0.011
            ? CheckResult(name: "totals", passed: true, reason: "net + tax = total")
            : CheckResult(name: "totals", passed: false, reason: "net \(net) + tax \(tax) = \(net + tax), but the total reads \(total)")
    }

    /// The line items add up to the net total, within a cent per line.
    public static func lineItems(amounts: [Decimal], net: Decimal) -> CheckResult {
        let sum = amounts.reduce(Decimal(0), +)
        let diff = abs(Amounts.double(sum - net))
        return diff <= 0.011 * Double(max(1, amounts.count))
            ? CheckResult(name: "line_items", passed: true, reason: "the \(amounts.count) line items add up to the net total")
            : CheckResult(name: "line_items", passed: false, reason: "the line items add up to \(sum), the net total reads \(net)")
    }

    /// An issue date that is neither far in the future nor before the due date.
    public static func dates(issue: CalendarDate?, due: CalendarDate?, today: CalendarDate, maxFutureDays: Int = 31, maxAgeYears: Int = 10) -> [CheckResult] {
        var out: [CheckResult] = []
        if let i = issue {
            if i.dayNumber > today.dayNumber + maxFutureDays {
                out.append(CheckResult(name: "issue_date", passed: false, reason: "the issue date \(i) is more than \(maxFutureDays) days in the future"))
            } else if i.dayNumber < today.dayNumber - 366 * maxAgeYears {
                out.append(CheckResult(name: "issue_date", passed: false, reason: "the issue date \(i) is more than \(maxAgeYears) years ago"))
            } else {
                out.append(CheckResult(name: "issue_date", passed: true, reason: "the issue date is plausible"))
            }
        }
        if let i = issue, let d = due {
            out.append(d >= i ? CheckResult(name: "due_date", passed: true, reason: "due on or after the issue date")
                              : CheckResult(name: "due_date", passed: false, reason: "the due date \(d) is before the issue date \(i)"))
        }
        return out
    }
}

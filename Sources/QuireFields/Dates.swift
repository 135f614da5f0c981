public import Foundation
import QuireCore

/// A calendar day, as invoices mean it: no time, no zone.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int, month: Int, day: Int

    /// nil when the day does not exist (31 April, 29 February 2027).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CalendarDate.days(in: month, year: year), (1000...9999).contains(year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`.
    public init?(iso: String) {
        let p = iso.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard p.count == 3 else { return nil }
        self.init(year: p[0], month: p[1], day: p[2])
    }

    static func days(in month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public var iso: String { String(format: "%04d-%02d-%02d", year, month, day) }
    public var description: String { iso }
    public static func < (a: CalendarDate, b: CalendarDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    /// Days since 1970-01-01 (proleptic Gregorian), for differences.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public static func today(_ now: Date = Date()) -> CalendarDate {
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: now)
        return CalendarDate(year: c.year!, month: c.month!, day: c.day!)!
    }
}

/// Dates as invoices print them: ISO, numeric with `.` `/` `-` or spaces in the order of the
/// vendor's country, month names and their abbreviations in English, German, French, Dutch,
/// Spanish and Italian ("3. März 2026", "1er janvier 2026", "3 de marzo de 2026", "March 3, 2026",
/// "03-Mar-26"), and two-digit years (00–69 → 20xx, 70–99 → 19xx). Figures separated by spaces
/// alone count only with a four-digit year and not inside a longer run of groups (a phone number,
/// "Tél. 04 30 40 32 96", is no date).
public enum Dates {
    /// The order of day, month and year in a numeric date.
    public enum Order: String, Sendable, CaseIterable { case dmy, mdy, ymd }

    /// The numeric order a country uses: month first in the US (and a few others), else day first.
    public static func order(forCountry country: String?) -> Order {
        switch country?.uppercased() {
        case "US", "PH", "FM", "PW", "MH": return .mdy
        case "CN", "JP", "KR", "TW", "HU", "LT": return .ymd
        default: return .dmy
        }
    }

    /// Month names and abbreviations in the six languages, lower-cased, without a trailing dot.
    static let monthNames: [String: Int] = {
        let lists: [[String]] = [
            ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"],
            ["januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember"],
            ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
            ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
            ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
            ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"],
            ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
            ["jan", "feb", "mär", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "dez"],
            ["janv", "févr", "mars", "avr", "mai", "juin", "juil", "août", "sept", "oct", "nov", "déc"],
            ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
            ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"],
            ["gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"],
        ]
        var map: [String: Int] = [:]
        for list in lists { for (i, n) in list.enumerated() where map[n] == nil { map[n] = i + 1 } }
        for (k, v) in ["sept": 9, "mrz": 3, "maerz": 3, "fevrier": 2, "aout": 8, "decembre": 12, "fev": 2, "fevr": 2, "dec": 12,
                       "setiembre": 9, "sep": 9, "janu": 1, "febr": 2] where map[k] == nil { map[k] = v }
        return map
    }()

    /// Parses one date. `order` decides numeric dates where day and month could swap; a value
    /// over 12 settles it either way.
    public static func parse(_ text: String, order: Order = .dmy) -> CalendarDate? {
        let s = text.lowercased().trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: ",.;:")))
        // Tokens: runs of digits and runs of letters; everything else separates.
        var tokens: [String] = []
        var current = ""
        var isDigit = false
        for ch in s {
            let digit = ch.isASCII && ch.isNumber
            if ch.isLetter || digit {
                if !current.isEmpty && digit != isDigit { tokens.append(current); current = "" }
                current.append(ch)
                isDigit = digit
            } else if !current.isEmpty { tokens.append(current); current = "" }
        }
        if !current.isEmpty { tokens.append(current) }
        // Drop filler words: "de", "of", "the", ordinal suffixes ("1er", "1st", "3rd", "2nd").
        tokens = tokens.filter { !["de", "del", "of", "the", "den", "le", "st", "nd", "rd", "th", "er", "e", "o"].contains($0) }
        // A compact numeric date: YYYYMMDD, else DDMMYYYY (MMDDYYYY where months come first), as
        // receipt printers write it ("Date: 14072019"); six digits (010326) are too ambiguous to guess.
        if tokens.count == 1, tokens[0].count == 8, let n = Int(tokens[0]) {
            if let d = CalendarDate(year: n / 10000, month: n / 100 % 100, day: n % 100), (1900...2099).contains(d.year) { return d }
            let y = n % 10000, a = n / 1_000_000, b = n / 10000 % 100
            guard (1900...2099).contains(y) else { return nil }
            return order == .mdy ? CalendarDate(year: y, month: a, day: b) : CalendarDate(year: y, month: b, day: a)
        }
        guard tokens.count == 3 else { return nil }
        if let mi = tokens.firstIndex(where: { Int($0) == nil }) {
            guard let month = monthNames[tokens[mi]] ?? monthNames[String(tokens[mi].prefix(3))].flatMap({ tokens[mi].count <= 4 ? $0 : nil }) else { return nil }
            let nums = tokens.enumerated().filter { $0.offset != mi }.compactMap { Int($0.element) }
            guard nums.count == 2 else { return nil }
            let texts = tokens.enumerated().filter { $0.offset != mi }.map(\.element)
            // "3 March 2026", "March 3, 2026", "2026 March 3" (rare): the four-digit or last number is the year.
            if texts[0].count == 4 { return CalendarDate(year: nums[0], month: month, day: nums[1]) }
            return CalendarDate(year: year(nums[1], digits: texts[1].count), month: month, day: nums[0])
        }
        let n = tokens.compactMap { Int($0) }
        guard n.count == 3 else { return nil }
        if tokens[0].count == 4 { return plausibleYear(n[0]).flatMap { CalendarDate(year: $0, month: n[1], day: n[2]) } }
        guard tokens[2].count == 4 || tokens[2].count == 2 else { return nil }
        guard let y = plausibleYear(year(n[2], digits: tokens[2].count)) else { return nil }
        var o = order
        if o == .ymd { o = .dmy }
        if n[0] > 12 && n[1] <= 12 { o = .dmy } else if n[1] > 12 && n[0] <= 12 { o = .mdy }
        return o == .mdy ? CalendarDate(year: y, month: n[0], day: n[1]) : CalendarDate(year: y, month: n[1], day: n[0])
    }

    /// Years a business document is dated in. A four-digit year outside them that one misread digit
    /// away is inside, and only one way, is that year ("3024" → 2024, "2615" → 2015: OCR's 2/3 and
    /// 0/6); any other is no year (nil).
    static let documentYears = 1990...2099

    static func plausibleYear(_ y: Int) -> Int? {
        if documentYears.contains(y) { return y }
        guard (1000...9999).contains(y) else { return nil }
        let digits = Array(String(y))
        var found: Set<Int> = []
        for i in digits.indices {
            for d in "0123456789" where d != digits[i] {
                var c = digits
                c[i] = d
                if let v = Int(String(c)), documentYears.contains(v) { found.insert(v) }
            }
        }
        return found.count == 1 ? found.first : nil
    }

    static func year(_ n: Int, digits: Int) -> Int {
        guard digits <= 2 else { return n }
        return n < 70 ? 2000 + n : 1900 + n
    }

    /// Date-looking substrings of a line, with their ranges.
    public static func find(in text: String, order: Order = .dmy) -> [(value: CalendarDate, range: Range<String.Index>)] {
        // (Every form of a date has figures: a line without any has none, and most lines have none.)
        if text.isASCIIWithoutDigits { return [] }
        return found.value(text, variant: order.rawValue) { read(in: text, order: order) }
    }
    private static let found = LineReadCache<[(value: CalendarDate, range: Range<String.Index>)]>()

    private static func read(in text: String, order: Order) -> [(value: CalendarDate, range: Range<String.Index>)] {
        var out: [(CalendarDate, Range<String.Index>)] = []
        let ns = text as NSString
        for m in pattern.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            guard let r = Range(m.range, in: text), let d = parse(String(text[r]), order: order) else { continue }
            out.append((d, r))
        }
        // OCR's 1 or 7 for the second slash of a day-first date ("17/04/2019" read "170412019"): nine digits
        // that are a day, a month, that digit and a year, and no date as they stand.
        for m in slashAsDigit.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            guard let r = Range(m.range, in: text), !out.contains(where: { $0.1.overlaps(r) }),
                  let day = Int(ns.substring(with: m.range(at: 1))), let month = Int(ns.substring(with: m.range(at: 2))), let year = Int(ns.substring(with: m.range(at: 3))),
                  let d = CalendarDate(year: year, month: month, day: day) else { continue }
            out.append((d, r))
        }
        // OCR's letter O for a zero beside a digit ("O1-Nov-2017", "2O17"): read again with it as 0. The
        // repair keeps every offset, so a date found in the repaired text has the same range in the original.
        let repairs = letterO.matches(in: text, range: NSRange(location: 0, length: ns.length))
        guard !repairs.isEmpty else { return out.sorted { $0.1.lowerBound < $1.1.lowerBound } }
        let repaired = NSMutableString(string: text)
        for m in repairs { repaired.replaceCharacters(in: m.range, with: "0") }
        for m in pattern.matches(in: repaired as String, range: NSRange(location: 0, length: repaired.length))
        where repairs.contains(where: { NSIntersectionRange($0.range, m.range).length > 0 }) {
            guard let r = Range(m.range, in: text), !out.contains(where: { $0.1.overlaps(r) }),
                  let d = parse(repaired.substring(with: m.range), order: order) else { continue }
            out.append((d, r))
        }
        return out.sorted { $0.1.lowerBound < $1.1.lowerBound }
    }

    /// Whether a date found at `range` of `line` is printed as a date stands: its year as written (not
    /// mended from a misread digit by `plausibleYear`), and not a group of figures between other bare
    /// figures, as in a phone number ("03-2183 2786 4 03-2181 9798").
    public static func isPlain(_ date: CalendarDate, in line: String, at range: Range<String.Index>) -> Bool {
        let written = line[range]
        let runs = written.split { !$0.isNumber }
        let literalYear = written.filter(\.isNumber).contains(String(date.year))
            || (runs.last.map { $0.count == 2 && Int($0) == date.year % 100 } ?? false)
        guard literalYear else { return false }
        let before = line[..<range.lowerBound].split(separator: " ").last
        let after = line[range.upperBound...].split(separator: " ").first
        let bare = { (t: Substring?) in t.map { !$0.isEmpty && $0.allSatisfy(\.isNumber) } ?? false }
        return !(bare(before) && bare(after))
    }

    /// A letter O next to a digit, which OCR reads for a zero.
    static let letterO = try! NSRegularExpression(pattern: #"(?<=\d)[Oo]|[Oo](?=\d)"#)

    /// Dates whose month name has one wrong letter, as OCR misreads them ("22 aodt 2026"): a day,
    /// a word within one edit of a month name of five letters or more (or of "août", "mars", ...), a year.
    public static func findFuzzy(in text: String) -> [(value: CalendarDate, range: Range<String.Index>)] {
        var out: [(CalendarDate, Range<String.Index>)] = []
        let ns = text as NSString
        for m in fuzzyPattern.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            guard let r = Range(m.range, in: text) else { continue }
            let word = ns.substring(with: m.range(at: 2)).lowercased()
            guard word.count >= 4, monthNames[word] == nil else { continue }
            let near = monthNames.filter { $0.key.count >= 4 && abs($0.key.count - word.count) <= 1 && editDistance(Array($0.key), Array(word)) <= 1 }
            let months = Set(near.values)
            guard months.count == 1, let month = months.first, let day = Int(ns.substring(with: m.range(at: 1))), let y = Int(ns.substring(with: m.range(at: 3))),
                  let d = CalendarDate(year: y, month: month, day: day) else { continue }
            out.append((d, r))
        }
        return out
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var prev = Array(0...b.count), cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...max(1, a.count) where !a.isEmpty {
            cur[0] = i
            for j in 1...max(1, b.count) where !b.isEmpty { cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)) }
            swap(&prev, &cur)
        }
        return a.isEmpty ? b.count : b.isEmpty ? a.count : prev[b.count]
    }

    private static let fuzzyPattern = try! NSRegularExpression(pattern: #"(?<!\d)(\d{1,2})\.?\s+(?:de\s+)?([\p{L}\d]{4,10})\.?\s+(?:de\s+)?(\d{4})(?!\d)"#)

    private static let monthAlternation: String = monthNames.keys.sorted { $0.count > $1.count }.joined(separator: "|")
    // (A four-digit year may run into the time after it, "02/02/20177:31:08PM", as receipts print it.)
    private static let slashAsDigit = try! NSRegularExpression(pattern: #"(?<![\d\w])(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])[17]((?:19|20)\d{2})(?![\d\w])"#)
    private static let pattern = try! NSRegularExpression(pattern:
        #"(?<![\d\w])(?:(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])|(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|[12]\d|3[01])(?:19|20)\d{2}(?!\d)|\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./ ]\d{2,4}|\d{1,2} \d{1,2}[-./]\d{2,4}|(?<!\d )\d{1,2} \d{1,2} (?:19|20)\d{2}(?! \d)|\d{1,2}(?:er|st|nd|rd|th)?\.?[- ]?(?:de )?(?:"# + monthAlternation
        + #")\.?[- ,]*(?:de )?\d{2,4}|(?:"# + monthAlternation + #")\.?[- ]\d{1,2}(?:st|nd|rd|th)?\s?,?\s?\d{4})(?:(?!\d)|(?<=(?:19|20)\d\d)(?=\d{1,2}:\d\d))"#,
        options: [.caseInsensitive])

    /// Writes a date in a given style, for tests.
    public static func format(_ d: CalendarDate, order: Order, separator: String, twoDigitYear: Bool = false) -> String {
        let y = twoDigitYear ? String(format: "%02d", d.year % 100) : String(d.year)
        let dd = String(format: "%02d", d.day), mm = String(format: "%02d", d.month)
        switch order {
        case .dmy: return [dd, mm, y].joined(separator: separator)
        case .mdy: return [mm, dd, y].joined(separator: separator)
        case .ymd: return [y, mm, dd].joined(separator: separator)
        }
    }
}

import Foundation
internal import Yams
public import QuireCore
import Synchronization

/// Python regular expressions (as invoice2data templates write them) in ICU syntax:
/// `(?P<name>...)` becomes `(?<name>...)`, `(?P=name)` becomes `\k<name>`.
public enum TemplatePattern {
    /// ICU group names are letters and digits only; Python's may hold underscores (`price_unit`).
    static let underscore = "ZqZ"

    public static func icu(_ python: String) -> String {
        var s = python.replacingOccurrences(of: "(?P<", with: "(?<")
        if s.contains("(?P=") {
            s = s.replacingOccurrences(of: #"\(\?P=(\w+)\)"#, with: #"\\k<$1>"#, options: .regularExpression)
        }
        // Rename groups with underscores: (?<price_unit> → (?<priceZqZunit>, and \k<...> likewise.
        let re = try! NSRegularExpression(pattern: #"(\(\?<|\\k<)([A-Za-z][A-Za-z0-9_]*)>"#)
        let ns = s as NSString
        var out = ""
        var last = 0
        for m in re.matches(in: s, range: NSRange(location: 0, length: ns.length)) {
            out += ns.substring(with: NSRange(location: last, length: m.range.location - last))
            out += ns.substring(with: m.range(at: 1)) + ns.substring(with: m.range(at: 2)).replacingOccurrences(of: "_", with: underscore) + ">"
            last = m.range.location + m.range.length
        }
        out += ns.substring(from: last)
        return out
    }

    /// A group name as the template wrote it.
    static func pythonName(_ icuName: String) -> String { icuName.replacingOccurrences(of: underscore, with: "_") }
}

/// A problem in a template file, with the place and what to write instead.
public struct TemplateError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String
    public var description: String { "\(file):\(line): \(message)" }
}

/// A vendor template in the invoice2data format (YAML or JSON): `issuer`, `keywords`,
/// `exclude_keywords`, `priority`, `fields` (legacy regex strings and lists, `static_` fields,
/// `parser: regex | static | lines` with `type` and `group`), `options` (currency,
/// date_formats, decimal_separator, languages, remove_whitespace, remove_accents, lowercase,
/// replace), `lines` and `required_fields`. Features Quire does not run (`area`, `tables`) load
/// with a warning that says so.
public struct Template: Sendable {
    public var name: String
    public var file: String
    public var issuer: String
    public var keywords: [String]
    public var excludeKeywords: [String]
    public var priority: Int
    public var fields: [Field]
    public var options: Options
    public var lines: LinesSpec?
    public var requiredFields: [String]?
    public var warnings: [String]

    public struct Field: Sendable {
        public enum Kind: Sendable {
            case regex(patterns: [String], type: String?, group: String?, legacy: Bool)
            case constant(JSONValue)
            case lines(LinesSpec)
        }
        public var name: String
        public var kind: Kind
        public var line: Int
    }

    public struct Options: Sendable {
        public var currency = "EUR"
        public var dateFormats: [String] = []
        public var languages: [String] = []
        public var decimalSeparator: Character = "."
        public var removeWhitespace = false
        public var removeAccents = false
        public var lowercase = false
        public var replace: [(String, String)] = []
    }

    public struct LinesSpec: Sendable {
        public var start: String, end: String, line: String
        public var firstLine: String?, lastLine: String?, skipLine: [String] = []
        public var lineSeparator = #"\n"#
        public var types: [String: String] = [:]
    }

    /// What a template found in a document, field by field, for `quire templates test`.
    public struct Trace: Sendable {
        public var field: String
        public var patterns: [String]
        public var matches: [String]
        public var value: JSONValue?
        public var message: String?
    }

    public struct Result: Sendable {
        public var template: Template
        /// Values by invoice2data field name (amount, date, invoice_number, ...).
        public var values: [String: JSONValue]
        public var trace: [Trace]
        public var missingRequired: [String]
    }
}

extension Template {
    /// invoice2data field names → Quire's invoice schema.
    public static let fieldMap: [String: String] = [
        "amount": "total", "amount_total": "total", "amount_untaxed": "net_total", "amount_tax": "tax_total", "amount_due": "amount_due",
        "date": "issue_date", "date_due": "due_date", "due_date": "due_date", "invoice_number": "invoice_number", "vat": "vendor_vat_id",
        "partner_vat": "vendor_vat_id", "vat_id": "vendor_vat_id", "partner_name": "vendor_name", "issuer": "vendor_name", "iban": "vendor_iban",
        "bic": "vendor_bic", "currency": "currency", "po_number": "purchase_order", "purchase_order": "purchase_order", "payment_terms": "payment_terms",
        "lines": "line_items", "buyer": "buyer_name", "customer_name": "buyer_name",
    ]
    public static let lineFieldMap = ["name": "description", "description": "description", "desc": "description", "price_unit": "unit_price",
                                      "unit_price": "unit_price", "qty": "quantity", "quantity": "quantity", "price_subtotal": "amount",
                                      "amount": "amount", "line_total": "amount", "price": "amount", "tax": "tax_rate"]

    /// Loads one template file. Throws ``TemplateError`` for YAML that does not parse, a missing
    /// `keywords` list or a regex that does not compile.
    public static func load(yaml: String, file: String) throws -> Template {
        let node: Node
        do {
            guard let n = try Yams.compose(yaml: yaml) else { throw TemplateError(file: file, line: 1, message: "the template is empty; it needs at least 'keywords:' and 'fields:'") }
            node = n
        } catch let e as TemplateError { throw e } catch {
            throw TemplateError(file: file, line: 1, message: "not valid YAML or JSON: \(error)")
        }
        guard let top = node.mapping else { throw TemplateError(file: file, line: 1, message: "a template is a mapping with 'issuer', 'keywords' and 'fields'") }
        func line(_ n: Node?) -> Int { (n?.mark?.line ?? 1) }
        func fail(_ n: Node?, _ m: String) -> TemplateError { TemplateError(file: file, line: line(n), message: m) }
        func strings(_ n: Node?, _ what: String) throws -> [String] {
            guard let n else { return [] }
            if let s = n.scalar?.string { return [s] }
            guard let seq = n.sequence else { throw fail(n, "\(what) must be a string or a list of strings") }
            return try seq.map { item in
                guard let s = item.scalar?.string else { throw fail(item, "\(what) must hold strings") }
                return s
            }
        }
        func compile(_ p: String, _ n: Node?, _ what: String) throws -> String {
            let icu = TemplatePattern.icu(p)
            do { _ = try NSRegularExpression(pattern: icu) } catch {
                throw fail(n, "the regex of \(what) does not compile: \(p); check brackets and escapes (YAML needs single quotes around backslashes)")
            }
            return icu
        }
        var warnings: [String] = []
        let known: Set<String> = ["issuer", "keywords", "exclude_keywords", "priority", "fields", "options", "lines", "required_fields", "template_name", "tables", "name"]
        for (k, _) in top { if let key = k.string, !known.contains(key) { warnings.append("line \(line(k)): '\(key)' is not a template key Quire knows; it is ignored") } }
        if top["tables"] != nil { warnings.append("line \(line(top["tables"])): the 'tables' plugin is not supported; write those fields as regex fields or 'lines'") }
        let keywords = try strings(top["keywords"], "keywords").enumerated().map { try compile($0.element, top["keywords"], "keyword \($0.offset + 1)") }
        guard !keywords.isEmpty else { throw fail(node, "the template has no 'keywords:'; list the words that identify this vendor's invoices (all must appear)") }
        let exclude = try strings(top["exclude_keywords"], "exclude_keywords").map { try compile($0, top["exclude_keywords"], "exclude_keywords") }
        var options = Options()
        if let o = top["options"]?.mapping {
            for (k, v) in o {
                switch k.string ?? "" {
                case "currency": options.currency = v.string ?? options.currency
                case "date_formats": options.dateFormats = try strings(v, "date_formats")
                case "languages": options.languages = try strings(v, "languages")
                case "decimal_separator":
                    guard let s = v.string, s.count == 1 else { throw fail(v, "decimal_separator is one character, '.' or ','") }
                    options.decimalSeparator = s.first!
                case "remove_whitespace": options.removeWhitespace = v.bool ?? false
                case "remove_accents": options.removeAccents = v.bool ?? false
                case "lowercase": options.lowercase = v.bool ?? false
                case "replace":
                    for pair in v.sequence ?? [] {
                        let p = try strings(pair, "replace")
                        guard p.count == 2 else { throw fail(pair, "each replace entry is a list of two strings: [pattern, replacement]") }
                        options.replace.append((try compile(p[0], pair, "replace"), p[1]))
                    }
                default: warnings.append("line \(line(k)): option '\(k.string ?? "")' is not supported; it is ignored")
                }
            }
        }
        func linesSpec(_ n: Node) throws -> LinesSpec {
            guard let m = n.mapping else { throw fail(n, "lines must be a mapping with start, end and line") }
            func req(_ k: String) throws -> String {
                guard let s = m[k]?.string else { throw fail(n, "lines needs '\(k):' (a regex)") }
                return try compile(s, m[k], "lines.\(k)")
            }
            var spec = LinesSpec(start: try req("start"), end: try req("end"), line: try req("line"))
            if let s = m["first_line"]?.string { spec.firstLine = try compile(s, m["first_line"], "lines.first_line") }
            if let s = m["last_line"]?.string { spec.lastLine = try compile(s, m["last_line"], "lines.last_line") }
            spec.skipLine = try strings(m["skip_line"], "lines.skip_line").map { try compile($0, m["skip_line"], "lines.skip_line") }
            if let s = m["line_separator"]?.string { spec.lineSeparator = s }
            for (k, v) in m["types"]?.mapping ?? [:] { if let k = k.string, let v = v.string { spec.types[k] = v } }
            return spec
        }
        var fields: [Field] = []
        for (k, v) in top["fields"]?.mapping ?? [:] {
            guard let key = k.string else { continue }
            if key.hasPrefix("static_") {
                fields.append(Field(name: String(key.dropFirst(7)), kind: .constant(v.string.map(JSONValue.string) ?? .null), line: line(k)))
            } else if let m = v.mapping {
                if m["area"] != nil { warnings.append("line \(line(k)): field '\(key)' has an 'area'; Quire searches the whole text instead") }
                switch m["parser"]?.string {
                case "regex"?:
                    let pats = try strings(m["regex"], "fields.\(key).regex").map { try compile($0, m["regex"], "field '\(key)'") }
                    guard !pats.isEmpty else { throw fail(v, "field '\(key)' uses parser regex but has no 'regex:'") }
                    fields.append(Field(name: key, kind: .regex(patterns: pats, type: m["type"]?.string, group: m["group"]?.string, legacy: false), line: line(k)))
                case "static"?:
                    fields.append(Field(name: key, kind: .constant(m["value"]?.string.map(JSONValue.string) ?? .null), line: line(k)))
                case "lines"?:
                    fields.append(Field(name: key, kind: .lines(try linesSpec(v)), line: line(k)))
                case let p?:
                    warnings.append("line \(line(k)): field '\(key)' uses parser '\(p)', which Quire does not have (regex, static, lines); the field is skipped")
                case nil:
                    throw fail(v, "field '\(key)' is a mapping without 'parser:'; write 'parser: regex' and 'regex: ...'")
                }
            } else {
                // Legacy: a regex string or list; the type follows the name as invoice2data does it.
                let pats = try strings(v, "fields.\(key)").map { try compile($0, v, "field '\(key)'") }
                let sum = key.hasPrefix("sum_amount")
                let name = sum ? String(key.dropFirst(4)) : key
                let type: String? = sum || name.hasPrefix("amount") ? "float" : (name.hasPrefix("date") || name.hasSuffix("date") ? "date" : nil)
                fields.append(Field(name: name, kind: .regex(patterns: pats, type: type, group: sum ? "sum" : nil, legacy: true), line: line(k)))
            }
        }
        var lines: LinesSpec? = nil
        if let l = top["lines"] {
            if l.mapping?["parser"] != nil { fields.append(Field(name: "lines", kind: .lines(try linesSpec(l)), line: line(l))) } else { lines = try linesSpec(l) }
        }
        fields.sort { $0.line < $1.line }
        let issuer = top["issuer"]?.string ?? top["keywords"]?.sequence?.first?.string ?? keywords[0]
        var priority = 5
        if let p = top["priority"] {
            guard let i = p.int else { throw fail(p, "priority is a whole number (higher is tried first; the default is 5)") }
            priority = i
        }
        let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        return Template(name: name, file: file, issuer: issuer, keywords: keywords, excludeKeywords: exclude, priority: priority, fields: fields,
                        options: options, lines: lines, requiredFields: try top["required_fields"].map { try strings($0, "required_fields") }, warnings: warnings)
    }

    /// Applies the template's options to the document text, as invoice2data's `prepare_input` does.
    public func prepare(_ text: String) -> String {
        var s = text
        if options.removeWhitespace { s = s.replacingOccurrences(of: " +", with: "", options: .regularExpression) }
        if options.removeAccents { s = s.applyingTransform(.stripDiacritics, reverse: false) ?? s }
        if options.lowercase { s = s.lowercased() }
        for (p, r) in options.replace { s = s.replacingOccurrences(of: p, with: r, options: .regularExpression) }
        return s
    }

    public static func search(_ pattern: String, _ text: String) -> Bool {
        guard let re = RegexCache.regex(pattern) else { return false }
        return re.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length)) != nil
    }

    /// All keywords are found and no exclude keyword is.
    public func matches(_ prepared: String) -> Bool {
        keywords.allSatisfy { Self.search($0, prepared) } && !excludeKeywords.contains { Self.search($0, prepared) }
    }

    /// invoice2data's number parsing: the decimal separator becomes the point, other separators go.
    func number(_ s: String) -> Double? {
        let t = s.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return 0 }
        if let d = Amounts.parse(t, decimalSeparator: options.decimalSeparator) { return Amounts.double(d) }
        let piped = t.replacingOccurrences(of: String(options.decimalSeparator), with: "|")
        let stripped = piped.replacingOccurrences(of: #"[.,'\s]"#, with: "", options: .regularExpression).replacingOccurrences(of: "|", with: ".")
        return Double(stripped)
    }

    func date(_ s: String, order: Dates.Order) -> CalendarDate? {
        for f in options.dateFormats { if let d = StrptimeLite.parse(s, format: f) { return d } }
        return Dates.parse(s, order: options.dateFormats.first.map(StrptimeLite.order) ?? order)
    }

    func coerce(_ s: String, _ type: String?, order: Dates.Order) -> JSONValue? {
        switch type {
        case "float"?: return number(s).map(JSONValue.number)
        case "int"?: return number(s).map { .number($0.rounded(.towardZero)) }
        case "date"?: return date(s, order: order).map { .string($0.iso) }
        default: return .string(s)
        }
    }

    /// Runs every field on the prepared text.
    public func extract(_ prepared: String, dateOrder: Dates.Order = .dmy) -> Result {
        var values: [String: JSONValue] = ["issuer": .string(issuer), "currency": .string(options.currency)]
        var trace: [Trace] = []
        for f in fields {
            switch f.kind {
            case .constant(let v):
                values[f.name] = v
                trace.append(Trace(field: f.name, patterns: [], matches: [], value: v, message: "static value"))
            case .regex(let patterns, let type, let group, _):
                var found: [String] = []
                var message: String? = nil
                for p in patterns {
                    guard let re = RegexCache.regex(p) else { continue }
                    let ns = prepared as NSString
                    for m in re.matches(in: prepared, range: NSRange(location: 0, length: ns.length)) {
                        if m.numberOfRanges > 2 { message = "the regex has \(m.numberOfRanges - 1) capturing groups; use one, and (?:...) for the others"; continue }
                        let r = m.numberOfRanges == 2 ? m.range(at: 1) : m.range
                        found.append(r.location == NSNotFound ? "" : ns.substring(with: r))
                    }
                }
                var coerced = found.compactMap { coerce($0, type, order: dateOrder) }
                var value: JSONValue? = nil
                if let g = group {
                    coerced = coerced.filter { $0 != .string("") && $0 != .null }
                    let nums = coerced.compactMap(\.numberValue)
                    switch g {
                    case "sum": if !nums.isEmpty { value = .number(nums.reduce(0, +)) }
                    case "min": value = nums.min().map(JSONValue.number)
                    case "max": value = nums.max().map(JSONValue.number)
                    case "first": value = coerced.first
                    case "last": value = coerced.last
                    case "join": if !coerced.isEmpty { value = .string(coerced.map { $0.stringValue ?? $0.jsonString() }.joined(separator: " ")) }
                    default: message = "group '\(g)' is not one of sum, min, max, first, last, join"
                    }
                } else {
                    var unique: [JSONValue] = []
                    for v in coerced where !unique.contains(v) { unique.append(v) }
                    if unique.count == 1 { value = unique[0] } else if !unique.isEmpty { value = .array(unique) }
                }
                if let v = value { values[f.name] = v }
                if value == nil && message == nil { message = found.isEmpty ? "no match" : "matched \(found.count)×, but no value could be read as \(type ?? "text")" }
                trace.append(Trace(field: f.name, patterns: patterns, matches: found, value: value, message: message))
            case .lines(let spec):
                let rows = extractLines(spec, prepared, order: dateOrder)
                if !rows.isEmpty { values[f.name] = .array(rows) }
                trace.append(Trace(field: f.name, patterns: [spec.line], matches: [], value: rows.isEmpty ? Optional<JSONValue>.none : .array(rows), message: rows.isEmpty ? "no lines found" : nil))
            }
        }
        if let spec = lines {
            let rows = extractLines(spec, prepared, order: dateOrder)
            if !rows.isEmpty { values["lines"] = .array(rows) }
            trace.append(Trace(field: "lines", patterns: [spec.line], matches: [], value: rows.isEmpty ? Optional<JSONValue>.none : .array(rows), message: rows.isEmpty ? "no lines found between start and end" : nil))
        }
        let required = requiredFields ?? ["date", "amount", "invoice_number", "issuer"]
        return Result(template: self, values: values, trace: trace, missingRequired: required.filter { values[$0] == nil })
    }

    /// The `lines` plugin: rows between `start` and `end`, a new row at each `first_line` match.
    func extractLines(_ spec: LinesSpec, _ text: String, order: Dates.Order) -> [JSONValue] {
        guard let start = RegexCache.regex(spec.start), let end = RegexCache.regex(spec.end), let line = RegexCache.regex(spec.line) else { return [] }
        let ns = text as NSString
        guard let s = start.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) else { return [] }
        let after = s.range.location + s.range.length
        guard let e = end.firstMatch(in: text, range: NSRange(location: after, length: ns.length - after)) else { return [] }
        let body = ns.substring(with: NSRange(location: after, length: e.range.location - after))
        let first = spec.firstLine.flatMap(RegexCache.regex) ?? (spec.lastLine == nil ? line : nil)
        let last = spec.lastLine.flatMap(RegexCache.regex)
        let skips = spec.skipLine.compactMap(RegexCache.regex)
        var rows: [[String: String]] = []
        var current: [String: String] = [:]
        func groups(_ re: NSRegularExpression, _ l: String) -> [String: String]? {
            let lns = l as NSString
            guard let m = re.firstMatch(in: l, range: NSRange(location: 0, length: lns.length)) else { return nil }
            var out: [String: String] = [:]
            for name in Self.groupNames(re.pattern) {
                let r = m.range(withName: name)
                out[TemplatePattern.pythonName(name)] = r.location == NSNotFound ? "" : lns.substring(with: r).trimmingCharacters(in: .whitespaces)
            }
            return out
        }
        let separator = RegexCache.regex(spec.lineSeparator) ?? RegexCache.regex(#"\n"#)!
        let bns = body as NSString
        var pieces: [String] = []
        var pos = 0
        for m in separator.matches(in: body, range: NSRange(location: 0, length: bns.length)) {
            pieces.append(bns.substring(with: NSRange(location: pos, length: m.range.location - pos)))
            pos = m.range.location + m.range.length
        }
        pieces.append(bns.substring(from: pos))
        for l in pieces where !l.trimmingCharacters(in: .whitespaces).isEmpty {
            if skips.contains(where: { $0.firstMatch(in: l, range: NSRange(location: 0, length: (l as NSString).length)) != nil }) { continue }
            if let f = first, let g = groups(f, l) {
                if !current.isEmpty { rows.append(current) }
                current = g
                continue
            }
            if let la = last, let g = groups(la, l) {
                for (k, v) in g { current[k] = (current[k].map { $0.isEmpty ? "" : $0 + "\n" } ?? "") + v }
                if !current.isEmpty { rows.append(current) }
                current = [:]
                continue
            }
            if let g = groups(line, l) {
                for (k, v) in g { current[k] = (current[k].map { $0.isEmpty ? "" : $0 + "\n" } ?? "") + v }
            }
        }
        if !current.isEmpty { rows.append(current) }
        return rows.map { row in
            .object(Dictionary(uniqueKeysWithValues: row.map { k, v in (k, spec.types[k].flatMap { coerce(v, $0, order: order) } ?? .string(v)) }))
        }
    }

    static func groupNames(_ pattern: String) -> [String] {
        let re = try! NSRegularExpression(pattern: #"\(\?<([A-Za-z][A-Za-z0-9_]*)>"#)
        let ns = pattern as NSString
        return re.matches(in: pattern, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range(at: 1)) }
    }
}

/// The strptime directives templates use: %d %m %Y %y %B %b %A %a %j-free formats; anything else matches literally.
enum StrptimeLite {
    static func order(_ format: String) -> Dates.Order {
        let d = format.range(of: "%d")?.lowerBound, m = format.range(of: "%m")?.lowerBound ?? format.range(of: "%b")?.lowerBound ?? format.range(of: "%B")?.lowerBound
        let y = format.range(of: "%Y")?.lowerBound ?? format.range(of: "%y")?.lowerBound
        if let y, let d, y < d { return .ymd }
        if let d, let m, m < d { return .mdy }
        return .dmy
    }

    static func parse(_ text: String, format: String) -> CalendarDate? {
        var pattern = "^\\s*"
        var order: [Character] = []
        var i = format.startIndex
        while i < format.endIndex {
            let ch = format[i]
            if ch == "%", format.index(after: i) < format.endIndex {
                let d = format[format.index(after: i)]
                switch d {
                case "d": pattern += "(\\d{1,2})"; order.append("d")
                case "m": pattern += "(\\d{1,2})"; order.append("m")
                case "Y": pattern += "(\\d{4})"; order.append("Y")
                case "y": pattern += "(\\d{2})"; order.append("y")
                case "B", "b": pattern += "(\\p{L}+)\\.?"; order.append("b")
                case "A", "a": pattern += "\\p{L}+\\.?"
                default: pattern += NSRegularExpression.escapedPattern(for: "%" + String(d))
                }
                i = format.index(i, offsetBy: 2)
            } else {
                pattern += ch == " " ? "\\s*" : NSRegularExpression.escapedPattern(for: String(ch))
                i = format.index(after: i)
            }
        }
        pattern += "\\s*$"
        guard let re = try? NSRegularExpression(pattern: pattern, options: .caseInsensitive) else { return nil }
        let ns = text as NSString
        guard let m = re.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) else { return nil }
        var y = 0, mo = 0, d = 0
        for (k, what) in order.enumerated() {
            let s = ns.substring(with: m.range(at: k + 1))
            switch what {
            case "d": d = Int(s) ?? 0
            case "m": mo = Int(s) ?? 0
            case "Y": y = Int(s) ?? 0
            case "y": y = Dates.year(Int(s) ?? 0, digits: 2)
            default: mo = Dates.monthNames[s.lowercased()] ?? Dates.monthNames[String(s.lowercased().prefix(3))] ?? 0
            }
        }
        return CalendarDate(year: y, month: mo, day: d)
    }
}

/// The templates of a folder (and its subfolders): `.yml`, `.yaml` and `.json` files. Files that
/// do not load are listed in `errors`, not thrown: one bad template must not stop the others.
public struct TemplateSet: Sendable {
    public var templates: [Template]
    public var errors: [TemplateError]

    public init(templates: [Template], errors: [TemplateError] = []) {
        self.templates = templates.sorted { ($0.priority, $1.name) > ($1.priority, $0.name) }
        self.errors = errors
    }

    public static func load(directories: [String]) -> TemplateSet {
        var templates: [Template] = []
        var errors: [TemplateError] = []
        let fm = FileManager.default
        for dir in directories {
            guard let e = fm.enumerator(atPath: dir) else { continue }
            for case let rel as String in e where [".yml", ".yaml", ".json"].contains(where: { rel.lowercased().hasSuffix($0) }) {
                let path = dir + "/" + rel
                do {
                    let text = try String(contentsOfFile: path, encoding: .utf8)
                    templates.append(try Template.load(yaml: text, file: path))
                } catch let e as TemplateError { errors.append(e) } catch {
                    errors.append(TemplateError(file: path, line: 1, message: "cannot be read: \(error.localizedDescription)"))
                }
            }
        }
        return TemplateSet(templates: templates, errors: errors)
    }

    /// The first template, by priority, whose keywords match.
    public func match(_ text: String) -> Template? {
        templates.first { $0.matches($0.prepare(text)) }
    }
}

/// Compiled regular expressions by pattern. Templates match every document against their
/// keywords and fields; compiling each pattern once per process instead of once per use keeps
/// that off the hot path. The set is bounded by the templates loaded.
enum RegexCache {
    private static let compiled = Mutex<[String: NSRegularExpression]>([:])

    static func regex(_ pattern: String) -> NSRegularExpression? {
        compiled.withLock { compiled in
            if let r = compiled[pattern] { return r }
            guard let r = try? NSRegularExpression(pattern: pattern) else { return nil }
            compiled[pattern] = r
            return r
        }
    }
}

import Foundation

/// A `when:` condition: comparisons, `and` / `or` / `not`, `in`, numbers, strings,
/// `true` / `false` / `null`, lists and field paths such as `item.size` or
/// `identify.media_type`. It is parsed and type-checked when the pipeline loads and
/// evaluated by walking the tree: it is never executed as code.
public indirect enum WhenExpression: Sendable, Hashable, CustomStringConvertible {
    case literal(JSONValue)
    case path([String])
    case list([WhenExpression])
    case not(WhenExpression)
    case and(WhenExpression, WhenExpression)
    case or(WhenExpression, WhenExpression)
    case compare(ComparisonOperator, WhenExpression, WhenExpression)
    case membership(WhenExpression, WhenExpression, negated: Bool)

    public enum ComparisonOperator: String, Sendable, Hashable {
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    }

    /// A parse or type error, with the 1-based column in the expression text.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public var column: Int
        public var message: String
        /// "column N: message" for syntax errors; type errors concern the whole condition and have no column.
        public var description: String { column > 0 ? "column \(column): \(message)" : message }
    }

    /// The static type of a sub-expression; `any` for values known only at run time.
    public enum ValueType: String, Sendable, Hashable {
        case bool, number, string, list, null, any
    }

    // MARK: Parsing

    public static func parse(_ text: String) throws(Problem) -> WhenExpression {
        var parser = Parser(tokens: try Lexer.tokens(text), end: text.count + 1)
        let expression = try parser.parseOr()
        if let extra = parser.peek {
            throw Problem(column: extra.column, message: "unexpected '\(extra.text)'; join conditions with 'and' or 'or'")
        }
        return expression
    }

    struct Token: Hashable {
        enum Kind: Hashable { case identifier, number, string, symbol, keyword }
        var kind: Kind
        var text: String
        var column: Int
        var value: JSONValue = .null
    }

    enum Lexer {
        static let keywords: Set<String> = ["and", "or", "not", "in", "true", "false", "null"]

        static func tokens(_ text: String) throws(Problem) -> [Token] {
            let chars = Array(text)
            var i = 0
            var result: [Token] = []
            func column(_ i: Int) -> Int { i + 1 }
            while i < chars.count {
                let c = chars[i]
                if c.isWhitespace { i += 1; continue }
                let start = i
                if c == "'" || c == "\"" {
                    var s = ""
                    i += 1
                    var closed = false
                    while i < chars.count {
                        if chars[i] == "\\", i + 1 < chars.count {
                            // The escapes a condition is printed with (JSON's): \n \r \t \uXXXX; any other
                            // character after a backslash stands for itself (\" \' \\).
                            switch chars[i + 1] {
                            case "n": s.append("\n")
                            case "r": s.append("\r")
                            case "t": s.append("\t")
                            case "u" where i + 5 < chars.count:
                                // Four hex digits; a combining mark after them joins the last digit's
                                // Character, so the digits are read from the scalars (found by FuzzWhen).
                                let piece = String(chars[(i + 2)...(i + 5)]).unicodeScalars
                                let digits = String(String.UnicodeScalarView(piece.prefix(4)))
                                guard digits.count == 4, digits.allSatisfy(\.isHexDigit), var code = UInt32(digits, radix: 16) else {
                                    throw Problem(column: column(i), message: "\\u needs four hex digits of a character, e.g. \\u00e9")
                                }
                                // A character past the BMP is a surrogate pair: \ud83d\ude00.
                                if (0xD800..<0xDC00).contains(code), i + 11 < chars.count, chars[i + 6] == "\\", chars[i + 7] == "u",
                                   let low = UInt32(String(chars[(i + 8)...(i + 11)]), radix: 16), (0xDC00..<0xE000).contains(low) {
                                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                                    i += 6
                                }
                                guard let scalar = Unicode.Scalar(code) else {
                                    throw Problem(column: column(i), message: "\\u\(digits) is half of a character; write the pair, e.g. \\ud83d\\ude00")
                                }
                                s.unicodeScalars.append(scalar)
                                s.unicodeScalars.append(contentsOf: piece.dropFirst(4))
                                i += 6
                                continue
                            default: s.append(chars[i + 1])
                            }
                            i += 2
                            continue
                        }
                        if chars[i] == c { closed = true; i += 1; break }
                        s.append(chars[i]); i += 1
                    }
                    guard closed else { throw Problem(column: column(start), message: "string is not closed; end it with \(c)") }
                    result.append(Token(kind: .string, text: String(chars[start..<i]), column: column(start), value: .string(s)))
                    continue
                }
                let previousAllowsSign = result.last.map { $0.kind == .symbol && $0.text != ")" && $0.text != "]" || $0.kind == .keyword && ["and", "or", "not", "in"].contains($0.text) } ?? true
                if c.isNumber || (c == "-" && previousAllowsSign && i + 1 < chars.count && chars[i + 1].isNumber) {
                    i += 1
                    while i < chars.count, chars[i].isNumber || chars[i] == "." || chars[i] == "_" { i += 1 }
                    // An exponent, as numbers past 1e15 are printed ("8.5e+31"; found by FuzzWhen).
                    if i + 1 < chars.count, chars[i] == "e" || chars[i] == "E" {
                        var j = i + 1
                        if chars[j] == "+" || chars[j] == "-" { j += 1 }
                        if j < chars.count, chars[j].isNumber {
                            i = j
                            while i < chars.count, chars[i].isNumber { i += 1 }
                        }
                    }
                    let t = String(chars[start..<i]).replacingOccurrences(of: "_", with: "")
                    guard let n = Double(t) else { throw Problem(column: column(start), message: "'\(t)' is not a number") }
                    guard n.isFinite else { throw Problem(column: column(start), message: "'\(t)' is too large a number") }
                    result.append(Token(kind: .number, text: t, column: column(start), value: .number(n)))
                    continue
                }
                // A name starts with a letter, not with a combining mark (which would join the bracket
                // or space printed before it; found by FuzzWhen).
                let mark: Set<Unicode.GeneralCategory> = [.nonspacingMark, .spacingMark, .enclosingMark]
                if c.isLetter || c == "_", let first = c.unicodeScalars.first, !mark.contains(first.properties.generalCategory) {
                    i += 1
                    while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" || chars[i] == "." { i += 1 }
                    let word = String(chars[start..<i])
                    if keywords.contains(word) {
                        var t = Token(kind: .keyword, text: word, column: column(start))
                        if word == "true" { t.value = .bool(true) } else if word == "false" { t.value = .bool(false) }
                        result.append(t)
                    } else {
                        if word.hasSuffix(".") || word.contains("..") {
                            throw Problem(column: column(start), message: "'\(word)' is not a field path; write names joined by single dots, e.g. item.metadata.country")
                        }
                        result.append(Token(kind: .identifier, text: word, column: column(start)))
                    }
                    continue
                }
                let two = i + 1 < chars.count ? String(chars[i...i + 1]) : ""
                switch two {
                case "==", "!=", "<=", ">=", "&&", "||":
                    let mapped = two == "&&" ? "and" : two == "||" ? "or" : two
                    result.append(Token(kind: mapped == two ? .symbol : .keyword, text: mapped, column: column(start)))
                    i += 2
                    continue
                default: break
                }
                switch c {
                case "<", ">", "(", ")", "[", "]", ",":
                    result.append(Token(kind: .symbol, text: String(c), column: column(start)))
                case "!":
                    result.append(Token(kind: .keyword, text: "not", column: column(start)))
                case "=":
                    throw Problem(column: column(start), message: "'=' is not a comparison; write '==' to compare")
                default:
                    throw Problem(column: column(start), message: "unexpected character '\(c)'; a condition uses field paths, numbers, quoted strings, == != < <= > >=, in, and, or, not")
                }
                i += 1
            }
            return result
        }
    }

    struct Parser {
        var tokens: [Token]
        var position = 0
        let end: Int

        init(tokens: [Token], end: Int) {
            self.tokens = tokens
            self.end = end
        }

        var peek: Token? { position < tokens.count ? tokens[position] : nil }
        mutating func next() -> Token? {
            defer { position += 1 }
            return peek
        }
        mutating func accept(_ text: String) -> Bool {
            if let t = peek, (t.kind == .symbol || t.kind == .keyword), t.text == text { position += 1; return true }
            return false
        }

        mutating func parseOr() throws(Problem) -> WhenExpression {
            var left = try parseAnd()
            while accept("or") { left = .or(left, try parseAnd()) }
            return left
        }

        mutating func parseAnd() throws(Problem) -> WhenExpression {
            var left = try parseNot()
            while accept("and") { left = .and(left, try parseNot()) }
            return left
        }

        mutating func parseNot() throws(Problem) -> WhenExpression {
            if accept("not") { return .not(try parseNot()) }
            return try parseComparison()
        }

        mutating func parseComparison() throws(Problem) -> WhenExpression {
            let left = try parsePrimary()
            if let t = peek, t.kind == .symbol, let op = ComparisonOperator(rawValue: t.text) {
                position += 1
                return .compare(op, left, try parsePrimary())
            }
            if accept("in") { return .membership(left, try parsePrimary(), negated: false) }
            if let t = peek, t.kind == .keyword, t.text == "not", position + 1 < tokens.count, tokens[position + 1].text == "in" {
                position += 2
                return .membership(left, try parsePrimary(), negated: true)
            }
            return left
        }

        mutating func parsePrimary() throws(Problem) -> WhenExpression {
            guard let t = next() else {
                throw Problem(column: end, message: "the condition ends too early; a value or field path is missing")
            }
            switch t.kind {
            case .number, .string: return .literal(t.value)
            case .identifier: return .path(t.text.split(separator: ".").map(String.init))
            case .keyword:
                switch t.text {
                case "true", "false": return .literal(t.value)
                case "null": return .literal(.null)
                default: throw Problem(column: t.column, message: "'\(t.text)' needs a value before it")
                }
            case .symbol:
                if t.text == "(" {
                    let inner = try parseOr()
                    guard accept(")") else { throw Problem(column: peek?.column ?? end, message: "missing ')'") }
                    return inner
                }
                if t.text == "[" {
                    var items: [WhenExpression] = []
                    if accept("]") { return .list(items) }
                    repeat { items.append(try parsePrimary()) } while accept(",")
                    guard accept("]") else { throw Problem(column: peek?.column ?? end, message: "missing ']' or ',' in the list") }
                    return .list(items)
                }
                throw Problem(column: t.column, message: "unexpected '\(t.text)'; expected a value or field path")
            }
        }
    }

    // MARK: Type checking

    /// Names a condition may start with, and the static type of what follows.
    public struct Scope: Sendable {
        /// Fields of `item` and their types; `metadata` is open.
        public static let itemFields: [String: ValueType] = [
            "id": .string, "name": .string, "pipeline": .string, "source": .string, "media_type": .string,
            "size": .number, "priority": .number, "tenant": .string, "external_ref": .string, "metadata": .any,
            "content_hash": .string,
        ]
        /// Ids of the stages that run before this one (their outputs).
        public var stages: [String]
        public init(stages: [String]) { self.stages = stages }
    }

    /// Checks names and types; returns the problems' columns relative to the expression text (0 when unknown).
    public func typeCheck(in scope: Scope) throws(Problem) {
        let t = try type(in: scope)
        guard t == .bool || t == .any else {
            throw Problem(column: 0, message: "the condition is a \(t.rawValue), not true or false; compare it, e.g. '\(self) == ...'")
        }
    }

    func type(in scope: Scope) throws(Problem) -> ValueType {
        switch self {
        case .literal(let v):
            switch v {
            case .bool: return .bool
            case .number: return .number
            case .string: return .string
            case .null: return .null
            case .array: return .list
            case .object: return .any
            }
        case .path(let parts):
            let root = parts[0]
            if root == "item" {
                guard parts.count >= 2 else {
                    throw Problem(column: 0, message: "'item' alone is not a value; name a field: item.\(Scope.itemFields.keys.sorted().joined(separator: ", item."))")
                }
                guard let t = Scope.itemFields[parts[1]] else {
                    throw Problem(column: 0, message: "item has no field '\(parts[1])'; known fields: \(Scope.itemFields.keys.sorted().joined(separator: ", "))")
                }
                if parts.count > 2 && parts[1] != "metadata" {
                    throw Problem(column: 0, message: "item.\(parts[1]) has no fields; only item.metadata has")
                }
                return t
            }
            guard scope.stages.contains(root) else {
                let earlier = scope.stages.isEmpty ? "no stage runs before this one" : "earlier stages: \(scope.stages.joined(separator: ", "))"
                throw Problem(column: 0, message: "unknown name '\(root)'; a condition reads item.<field> or the output of an earlier stage (\(earlier))")
            }
            return .any
        case .list(let items):
            for i in items { _ = try i.type(in: scope) }
            return .list
        case .not(let e):
            let t = try e.type(in: scope)
            guard t == .bool || t == .any else { throw Problem(column: 0, message: "'not' needs a condition, but '\(e)' is a \(t.rawValue)") }
            return .bool
        case .and(let a, let b), .or(let a, let b):
            for e in [a, b] {
                let t = try e.type(in: scope)
                guard t == .bool || t == .any else {
                    throw Problem(column: 0, message: "'and'/'or' join conditions, but '\(e)' is a \(t.rawValue); compare it, e.g. '\(e) == ...'")
                }
            }
            return .bool
        case .compare(let op, let a, let b):
            let ta = try a.type(in: scope), tb = try b.type(in: scope)
            let known: Set<ValueType> = [.bool, .number, .string, .list]
            switch op {
            case .equal, .notEqual:
                if known.contains(ta), known.contains(tb), ta != tb {
                    throw Problem(column: 0, message: "'\(self)' compares a \(ta.rawValue) with a \(tb.rawValue), which is never equal; quote numbers only when the field is text")
                }
            default:
                for t in [ta, tb] where !(t == .number || t == .string || t == .any) {
                    throw Problem(column: 0, message: "'\(op.rawValue)' orders numbers or strings, not a \(t.rawValue): '\(self)'")
                }
                if ta != .any, tb != .any, ta != tb {
                    throw Problem(column: 0, message: "'\(self)' orders a \(ta.rawValue) against a \(tb.rawValue); use the same type on both sides")
                }
            }
            return .bool
        case .membership(let a, let b, _):
            _ = try a.type(in: scope)
            let tb = try b.type(in: scope)
            guard tb == .list || tb == .any else {
                throw Problem(column: 0, message: "'in' needs a list on its right, such as [\"pdf\", \"png\"], not a \(tb.rawValue)")
            }
            return .bool
        }
    }

    /// Whether the expression reads the output of any of these stages.
    public func mentions(any stages: Set<String>) -> Bool {
        switch self {
        case .literal: return false
        case .path(let p): return stages.contains(p[0])
        case .list(let xs): return xs.contains { $0.mentions(any: stages) }
        case .not(let e): return e.mentions(any: stages)
        case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b), .membership(let a, let b, _):
            return a.mentions(any: stages) || b.mentions(any: stages)
        }
    }

    // MARK: Evaluation

    /// What a condition reads: `item.<field>` and each earlier stage's output by stage id.
    public static func values(item: Item, outputs: [String: JSONValue]) -> [String: JSONValue] {
        var v = outputs
        v["item"] = .object([
            "id": .string(item.id.rawValue), "name": .string(item.name), "pipeline": .string(item.pipeline),
            "source": .string(item.source.rawValue), "media_type": .string(item.mediaType), "size": .number(Double(item.size)),
            "priority": .number(Double(item.priority)), "tenant": item.tenant.map(JSONValue.string) ?? .null,
            "external_ref": item.externalRef.map(JSONValue.string) ?? .null, "metadata": item.metadata,
            "content_hash": .string(item.contentHash),
        ])
        return v
    }

    /// Evaluates against `values`: `item` and each earlier stage's output by stage id.
    /// A missing path is `null`; ordering against `null` or mixed types is false.
    public func evaluate(_ values: [String: JSONValue]) -> Bool {
        value(values) == .bool(true)
    }

    func value(_ values: [String: JSONValue]) -> JSONValue {
        switch self {
        case .literal(let v): return v
        case .path(let parts):
            guard let root = values[parts[0]] else { return .null }
            return root.value(at: Array(parts.dropFirst())) ?? .null
        case .list(let items): return .array(items.map { $0.value(values) })
        case .not(let e): return .bool(e.value(values) != .bool(true))
        case .and(let a, let b): return .bool(a.value(values) == .bool(true) && b.value(values) == .bool(true))
        case .or(let a, let b): return .bool(a.value(values) == .bool(true) || b.value(values) == .bool(true))
        case .compare(let op, let a, let b):
            let x = a.value(values), y = b.value(values)
            switch op {
            case .equal: return .bool(x == y)
            case .notEqual: return .bool(x != y)
            default:
                let order: Int?
                switch (x, y) {
                case (.number(let p), .number(let q)): order = p < q ? -1 : (p > q ? 1 : 0)
                case (.string(let p), .string(let q)): order = p < q ? -1 : (p > q ? 1 : 0)
                default: order = nil
                }
                guard let o = order else { return .bool(false) }
                switch op {
                case .less: return .bool(o < 0)
                case .lessOrEqual: return .bool(o <= 0)
                case .greater: return .bool(o > 0)
                case .greaterOrEqual: return .bool(o >= 0)
                default: return .bool(false)
                }
            }
        case .membership(let a, let b, let negated):
            let x = a.value(values)
            guard case .array(let list) = b.value(values) else { return .bool(false) }
            return .bool(list.contains(x) != negated)
        }
    }

    /// A string literal as the lexer reads it back: JSON's escapes, and combining marks written as
    /// `\uXXXX` (pairs past the BMP), since the lexer reads Characters and a mark would join the
    /// quote or escape before it (found by FuzzWhen).
    static func quoted(_ text: String) -> String {
        let marks: Set<Unicode.GeneralCategory> = [.nonspacingMark, .spacingMark, .enclosingMark]
        var out = ""
        JSONTextWriter.string(text, into: &out) { marks.contains($0.properties.generalCategory) }
        return out
    }

    /// As an operand of `not`, a comparison or `in`: bracketed unless it is a value, a path or a list,
    /// so that "(a < 3) > 5" does not print as "a < 3 > 5", which does not parse (found by FuzzWhen).
    var operand: String {
        switch self {
        case .literal, .path, .list, .and, .or: return description
        case .not, .compare, .membership: return "(\(description))"
        }
    }

    public var description: String {
        switch self {
        case .literal(.string(let text)): return Self.quoted(text)
        case .literal(let v): return v.jsonString()
        case .path(let p): return p.joined(separator: ".")
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .not(let e): return "not \(e.operand)"
        case .and(let a, let b): return "(\(a) and \(b))"
        case .or(let a, let b): return "(\(a) or \(b))"
        case .compare(let op, let a, let b): return "\(a.operand) \(op.rawValue) \(b.operand)"
        case .membership(let a, let b, let n): return "\(a.operand) \(n ? "not in" : "in") \(b.operand)"
        }
    }
}

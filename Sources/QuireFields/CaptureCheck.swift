public import QuireCore
import Foundation

extension FieldExtractor.Result {
    /// Compares the extracted fields with what an RPA bot read from the screen it captured (the
    /// item's `capture.fields` metadata, e.g. from `quire submit --json`). Two independent readings
    /// that agree verify the characters: the field's confidence rises as a passed check would make
    /// it. A disagreement is a failed check that names both values, so a person looks. Fields the
    /// bot did not capture are left as they are, and a captured value is never used on its own:
    /// the screenshot is the evidence.
    public mutating func crossCheck(captured: [String: JSONValue]) {
        for name in order {
            guard var field = fields[name], let seen = captured[name], seen != .null, field.value != .null else { continue }
            if Self.same(field.value, seen) {
                field.apply(CheckResult(name: "capture", passed: true, reason: "the bot read the same value on the screen"), boost: 0.9)
            } else {
                field.apply(CheckResult(name: "capture", passed: false, reason: "the bot read '\(seen.stringValue ?? seen.jsonString())' on the screen, the screenshot says '\(field.text)'"))
            }
            fields[name] = field
        }
        let schemaFields = FieldSchema.named(schema)?.fields ?? []
        let required = schemaFields.filter(\.required).compactMap { fields[$0.name]?.confidence }
        confidence = missing.isEmpty ? (required.min() ?? 0) : 0
    }

    /// Equal as amounts (1,234.50 = 1234.5), else as text without case, accents or extra spaces.
    static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        func number(_ v: JSONValue) -> Double? {
            if let n = v.numberValue { return n }
            guard let s = v.stringValue else { return nil }
            let cleaned = s.filter { $0.isNumber || $0 == "." || $0 == "-" }
            return cleaned.isEmpty || cleaned.filter({ $0 == "." }).count > 1 ? nil : Double(cleaned)
        }
        if a.numberValue != nil || b.numberValue != nil, let x = number(a), let y = number(b) { return abs(x - y) < 0.005 }
        func text(_ v: JSONValue) -> String {
            (v.stringValue ?? v.jsonString()).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
                .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        return text(a) == text(b)
    }
}

public import QuireCore

/// The subset of JSON Schema that bot actions declare their input with: `type` (object, array,
/// string, number, integer, boolean, null, or a list of them), `required`, `properties`,
/// `items`, `enum`, `minLength`, `minimum`, `maximum`. Written by hand: it is small, and a
/// full JSON Schema library is not among the packages Quire builds with.
public enum InputSchema {
    static let types: Set<String> = ["object", "array", "string", "number", "integer", "boolean", "null"]
    static let keywords: Set<String> = ["type", "required", "properties", "items", "enum", "minLength", "minimum", "maximum", "description"]

    /// Problems with a schema itself, for the manifest loader.
    public static func check(schema: JSONValue, path: String = "") -> [String] {
        guard let o = schema.objectValue else { return ["\(path.isEmpty ? "the schema" : path) must be a mapping such as {type: object, required: [values]}"] }
        var problems: [String] = []
        let here = path.isEmpty ? "" : "\(path): "
        for k in o.keys.sorted() where !keywords.contains(k) {
            problems.append("\(here)'\(k)' is not a supported schema keyword; use \(keywords.sorted().joined(separator: ", "))")
        }
        if let t = o["type"] {
            let names = t.arrayValue?.compactMap(\.stringValue) ?? t.stringValue.map { [$0] } ?? []
            if names.isEmpty || names.contains(where: { !types.contains($0) }) {
                problems.append("\(here)type must be one of \(types.sorted().joined(separator: ", ")) (or a list of them)")
            }
        }
        if let r = o["required"], r.arrayValue?.allSatisfy({ $0.stringValue != nil }) != true {
            problems.append("\(here)required must be a list of property names")
        }
        if let p = o["properties"] {
            if let props = p.objectValue {
                for (k, v) in props.sorted(by: { $0.key < $1.key }) { problems += check(schema: v, path: path.isEmpty ? k : "\(path).\(k)") }
            } else {
                problems.append("\(here)properties must be a mapping of property name to schema")
            }
        }
        if let i = o["items"] { problems += check(schema: i, path: path + "[]") }
        return problems
    }

    /// What is wrong with `value` for `schema`, each naming the path (`values.total`).
    public static func validate(_ value: JSONValue, schema: JSONValue, path: String = "") -> [String] {
        guard let o = schema.objectValue else { return [] }
        let at = path.isEmpty ? "the payload" : path
        var errors: [String] = []
        if let t = o["type"] {
            let names = t.arrayValue?.compactMap(\.stringValue) ?? t.stringValue.map { [$0] } ?? []
            if !names.isEmpty && !names.contains(where: { matches(value, type: $0) }) {
                return ["\(at) must be \(names.joined(separator: " or ")), not \(typeName(value))"]
            }
        }
        if let allowed = o["enum"]?.arrayValue, !allowed.contains(value) {
            errors.append("\(at) must be one of \(allowed.map { $0.jsonString() }.joined(separator: ", "))")
        }
        if let s = value.stringValue, let min = o["minLength"]?.intValue, s.count < min {
            errors.append("\(at) must have at least \(min) character\(min == 1 ? "" : "s")")
        }
        if let n = value.numberValue {
            if let min = o["minimum"]?.numberValue, n < min { errors.append("\(at) must be at least \(min.formatted)") }
            if let max = o["maximum"]?.numberValue, n > max { errors.append("\(at) must be at most \(max.formatted)") }
        }
        if let obj = value.objectValue {
            for r in o["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where obj[r] == nil || obj[r] == .null {
                errors.append("\(path.isEmpty ? r : "\(path).\(r)") is required and missing")
            }
            for (k, sub) in o["properties"]?.objectValue ?? [:] {
                if let v = obj[k], v != .null { errors += validate(v, schema: sub, path: path.isEmpty ? k : "\(path).\(k)") }
            }
        }
        if let arr = value.arrayValue, let items = o["items"] {
            for (i, v) in arr.enumerated() { errors += validate(v, schema: items, path: "\(path)[\(i)]") }
        }
        return errors.sorted()
    }

    static func matches(_ v: JSONValue, type: String) -> Bool {
        switch (type, v) {
        case ("object", .object), ("array", .array), ("string", .string), ("number", .number), ("boolean", .bool), ("null", .null): return true
        case ("integer", .number(let n)): return n.rounded() == n
        default: return false
        }
    }

    static func typeName(_ v: JSONValue) -> String {
        switch v {
        case .object: return "an object"
        case .array: return "a list"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "true/false"
        case .null: return "null"
        }
    }
}

extension Double {
    var formatted: String { self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self) }
}

public import Yams

/// YAML helpers shared by the loaders of pipeline specs and bot manifests, so that every
/// configuration file reports problems the same way (`file:line: message`).
public enum YAMLText {
    /// A problem with a YAML text: the line (1-based) and a message that says what to do.
    public struct Problem: Error, Sendable {
        public var line: Int
        public var message: String
    }

    /// Composes the text into a node tree; nil for an empty text.
    public static func compose(_ yaml: String) throws(Problem) -> Node? {
        do {
            return try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            switch error {
            case .scanner(let context, let p, let mark, _), .parser(let context, let p, let mark, _), .composer(let context, let p, let mark, _):
                throw Problem(line: mark.line, message: "YAML syntax error: \(p)\(context.map { " \($0.text)" } ?? ""); check the indentation and quoting around this line")
            case .duplicatedKeysInMapping(let duplicates, let context):
                throw Problem(line: context.mark.line, message: "the key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) appears twice in one mapping; keep one")
            default:
                throw Problem(line: 1, message: "YAML error: \(error)")
            }
        } catch {
            throw Problem(line: 1, message: "YAML error: \(error)")
        }
    }

    /// Converts a node to JSON, resolving plain scalars by the YAML core schema.
    public static func json(_ node: Node) -> JSONValue {
        switch node {
        case .scalar(let s):
            if s.style == .plain {
                if let b = node.bool { return .bool(b) }
                if node.null != nil { return .null }
                if let i = node.int { return .number(Double(i)) }
                if let d = node.float { return .number(d) }
            }
            return .string(s.string)
        case .sequence(let seq):
            return .array(seq.map { json($0) })
        case .mapping(let m):
            var o: [String: JSONValue] = [:]
            for (k, v) in m { o[k.scalar?.string ?? "\(k)"] = json(v) }
            return .object(o)
        case .alias:
            return .null
        }
    }
}

/// Runs `body`, or throws a `timeout` error after `seconds`.
public func withTimeout<T: Sendable>(_ seconds: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
            throw QuireError(.timeout, "no answer within \(seconds) s")
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}

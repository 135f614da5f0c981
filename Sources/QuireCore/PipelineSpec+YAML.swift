import Foundation
internal import Yams

/// One thing wrong with a pipeline spec, located by file and line.
public struct PipelineProblem: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String
    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }
    public var description: String { "\(file):\(line): \(message)" }
}

extension PipelineSpec {
    public static let topLevelKeys = ["name", "version", "description", "sources", "stages", "on_failure", "policies", "webhooks"]
    public static let stageKeys = ["id", "use", "with", "when", "each", "timeout", "retry", "concurrency", "rate", "lease", "heartbeat", "priority", "description"]
    public static let retryKeys = ["max_attempts", "backoff", "max_backoff", "multiplier", "jitter"]
    public static let spoolKeys = ["accept", "max_size"]
    /// Policies that later stages read, with the kind of value each takes.
    public static let policyKinds: [String: String] = [
        "confidence_threshold": "a number between 0 and 1",
        "classifier_threshold": "a number between 0 and 1",
        "review_above_amount": "a number",
        "four_eyes_above_amount": "a number",
        "audit_sample": "a number between 0 and 1",
        "retention": "a duration such as 90d",
        "allowed_bot_regions": "a list of region names",
        "min_text_chars": "a whole number",
        "languages": "a list of tesseract language codes",
        "sla": "a duration such as 4h",
        "reject_reasons": "a list of reason codes in capitals, e.g. [UNREADABLE_RESCAN, DUPLICATE, OTHER]",
    ]

    /// Loads and validates a spec file. Throws a ``QuireError`` with code `invalidPipeline`
    /// whose message lists every problem as `file:line: message`.
    public static func load(contentsOf path: String, registry: StageRegistry) throws -> PipelineSpec {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw QuireError(.notFound, "\(path): cannot read the pipeline spec; check that the file exists and is readable")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw QuireError(.invalidPipeline, "\(path):1: the file is not UTF-8 text; save it as UTF-8")
        }
        return try load(yaml: text, file: path, registry: registry)
    }

    /// Parses and validates spec text.
    public static func load(yaml: String, file: String, registry: StageRegistry) throws -> PipelineSpec {
        var loader = SpecLoader(file: file, registry: registry)
        let spec = loader.load(yaml)
        if !loader.problems.isEmpty || spec == nil {
            throw QuireError(.invalidPipeline, loader.problems.map(\.description).joined(separator: "\n"))
        }
        return spec!
    }

    /// Every problem in a spec text (empty when it is valid).
    public static func check(yaml: String, file: String, registry: StageRegistry) -> [PipelineProblem] {
        var loader = SpecLoader(file: file, registry: registry)
        _ = loader.load(yaml)
        return loader.problems
    }
}

/// Suggests the closest known word for a misspelt one ("did you mean ...").
func closest(_ word: String, in candidates: [String]) -> String? {
    func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        for i in 1...a.count {
            var cur = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return prev[b.count]
    }
    let best = candidates.map { ($0, distance(word, $0)) }.min { $0.1 < $1.1 }
    guard let (name, d) = best, d <= max(2, word.count / 3) else { return nil }
    return name
}

struct SpecLoader {
    let file: String
    let registry: StageRegistry
    var problems: [PipelineProblem] = []
    /// Stages with `each:` seen so far.
    var fanOutStages: Set<String> = []

    init(file: String, registry: StageRegistry) {
        self.file = file
        self.registry = registry
    }

    mutating func problem(_ node: Node?, _ message: String, line: Int? = nil) {
        problems.append(PipelineProblem(file: file, line: line ?? node?.mark?.line ?? 1, message: message))
    }

    mutating func load(_ yaml: String) -> PipelineSpec? {
        let root: Node
        do throws(YAMLText.Problem) {
            guard let node = try YAMLText.compose(yaml) else {
                problem(nil, "the spec is empty; start with 'name: <pipeline>' and a 'stages:' list")
                return nil
            }
            root = node
        } catch {
            problem(nil, error.message, line: error.line)
            return nil
        }
        guard let top = root.mapping else {
            problem(root, "a pipeline spec is a mapping with 'name:' and 'stages:', not a \(kindName(root))")
            return nil
        }
        checkKeys(top, known: PipelineSpec.topLevelKeys, what: "top-level key")

        var name = ""
        if let n = top["name"] {
            if let s = n.scalar?.string, s.range(of: "^[a-z][a-z0-9_-]{0,62}$", options: .regularExpression) != nil {
                name = s
            } else {
                problem(n, "name '\(n.scalar?.string ?? "?")' is not a pipeline name; use lower-case letters, digits, '-' and '_', starting with a letter (it names the inbox folder)")
            }
        } else {
            problem(root, "the spec has no 'name:'; add one, e.g. 'name: invoices' (it names inbox/<name>/)")
        }

        var version = 1
        if let v = top["version"] {
            if let i = v.int, i >= 1 { version = i } else { problem(v, "version must be a whole number from 1 up, e.g. 'version: 2'") }
        }
        let description = top["description"]?.scalar?.string

        var spool: SpoolSourceSpec? = SpoolSourceSpec()
        var submit = true
        if let sources = top["sources"] {
            if let m = sources.mapping {
                checkKeys(m, known: ["spool", "submit"], what: "source")
                if let s = m["spool"] { spool = parseSpool(s) }
                if let s = m["submit"] {
                    if let b = s.bool { submit = b } else { problem(s, "sources.submit must be true or false") }
                }
            } else {
                problem(sources, "sources must be a mapping, e.g. 'sources: { spool: { accept: [pdf, png] }, submit: true }'")
            }
        }

        var stages: [StageSpec] = []
        if let s = top["stages"] {
            stages = parseStages(s, section: "stages", earlier: [])
            if let seq = s.sequence, seq.isEmpty {
                problem(s, "'stages' is empty; list at least one stage, e.g. '- id: identify' / '  use: file.identify'")
            }
        } else {
            problem(root, "the spec has no 'stages:'; list the stages in order, each with 'id:' and 'use:'")
        }
        var onFailure: [StageSpec] = []
        if let f = top["on_failure"] {
            onFailure = parseStages(f, section: "on_failure", earlier: stages.map(\.id))
        }
        var seen: [String: Int] = [:]
        for st in stages + onFailure {
            if let first = seen[st.id] {
                problem(nil, "stage id '\(st.id)' is used twice (first on line \(first)); give each stage its own id", line: st.line)
            } else {
                seen[st.id] = st.line
            }
        }

        var policies: [String: JSONValue] = [:]
        if let p = top["policies"] { policies = parsePolicies(p) }

        var webhooks: [WebhookSpec] = []
        if let w = top["webhooks"] { webhooks = parseWebhooks(w) }

        guard problems.isEmpty else { return nil }
        var spec = PipelineSpec(name: name, version: version, description: description, spool: spool, submit: submit,
                                stages: stages, onFailure: onFailure, policies: policies, file: file)
        spec.webhooks = webhooks
        return spec
    }

    mutating func parseWebhooks(_ node: Node) -> [WebhookSpec] {
        guard let seq = node.sequence else {
            problem(node, "webhooks is a list, e.g. '- url: https://erp.example/hooks/quire' / '  secret: ERP_HOOK_SECRET'")
            return []
        }
        var out: [WebhookSpec] = []
        for entry in seq {
            guard let m = entry.mapping else {
                problem(entry, "a webhook is a mapping with 'url:', 'secret:' and optionally 'events:'")
                continue
            }
            checkKeys(m, known: ["url", "events", "secret"], what: "webhook key")
            let url = m["url"]?.scalar?.string ?? ""
            if url.range(of: "^https?://[^/\\s]+", options: .regularExpression) == nil {
                problem(m["url"] ?? entry, "webhook url '\(url)' is not an http(s) URL; write e.g. https://erp.example/hooks/quire")
            }
            let secret = m["secret"]?.scalar?.string ?? ""
            if secret.range(of: "^[A-Za-z_][A-Za-z0-9_]*$", options: .regularExpression) == nil {
                problem(m["secret"] ?? entry, "a webhook needs 'secret:', the name of the secret that signs it (in secrets.yaml or the environment), e.g. ERP_HOOK_SECRET")
            }
            var events = WebhookSpec.Event.allCases
            if let e = m["events"] {
                let names = e.sequence?.compactMap { $0.scalar?.string } ?? []
                let parsed = names.compactMap(WebhookSpec.Event.init(rawValue:))
                if names.isEmpty || parsed.count != names.count {
                    problem(e, "events must be a list of \(WebhookSpec.Event.allCases.map(\.rawValue).joined(separator: ", "))")
                } else {
                    events = parsed
                }
            }
            out.append(WebhookSpec(url: url, events: events, secret: secret, line: entry.mark?.line ?? 0))
        }
        return out
    }

    func kindName(_ node: Node) -> String {
        switch node {
        case .scalar: return "single value"
        case .sequence: return "list"
        case .mapping: return "mapping"
        case .alias: return "alias"
        }
    }

    mutating func checkKeys(_ mapping: Node.Mapping, known: [String], what: String) {
        for (k, _) in mapping {
            guard let key = k.scalar?.string else {
                problem(k, "\(what)s must be plain words")
                continue
            }
            if !known.contains(key) {
                let hint = closest(key, in: known).map { "did you mean '\($0)'? " } ?? ""
                problem(k, "unknown \(what) '\(key)'; \(hint)known: \(known.joined(separator: ", "))")
            }
        }
    }

    mutating func parseSpool(_ node: Node) -> SpoolSourceSpec? {
        if let b = node.bool { return b ? SpoolSourceSpec() : nil }
        guard let m = node.mapping else {
            problem(node, "sources.spool must be true, false or a mapping with accept and max_size")
            return SpoolSourceSpec()
        }
        checkKeys(m, known: PipelineSpec.spoolKeys, what: "spool setting")
        var spec = SpoolSourceSpec()
        if let a = m["accept"] {
            let names = a.sequence.map { $0.map { $0.scalar?.string ?? "?" } } ?? (a.scalar.map { [$0.string] } ?? [])
            var types: [MediaType] = []
            for n in names {
                if let t = MediaType(rawValue: n.lowercased() == "jpg" ? "jpeg" : n.lowercased() == "tif" ? "tiff" : n.lowercased()) {
                    types.append(t)
                } else {
                    problem(a, "accept: '\(n)' is not a known type; known: \(MediaType.allCases.map(\.rawValue).joined(separator: ", "))")
                }
            }
            if types.isEmpty && names.isEmpty { problem(a, "accept needs at least one type, e.g. [pdf, png, jpeg, tiff]") }
            spec.accept = types
        }
        if let s = m["max_size"] {
            if let text = s.scalar?.string, let b = Quantities.bytes(text), b > 0 {
                spec.maxSize = b
            } else {
                problem(s, "max_size '\(s.scalar?.string ?? "?")' is not a size; write e.g. 50MB, 200MiB or 1GB")
            }
        }
        return spec
    }

    mutating func parseStages(_ node: Node, section: String, earlier: [String]) -> [StageSpec] {
        guard let seq = node.sequence else {
            problem(node, "'\(section)' must be a list of stages, each starting with '- id: ...'")
            return []
        }
        var result: [StageSpec] = []
        var before = earlier
        for entry in seq {
            if let st = parseStage(entry, earlier: before) {
                result.append(st)
                before.append(st.id)
            }
        }
        return result
    }

    mutating func duration(_ node: Node, _ key: String, minimum: Double, example: String) -> Double? {
        let text = node.scalar?.string ?? ""
        guard let s = Quantities.seconds(text) else {
            problem(node, "\(key) '\(text)' is not a duration; write e.g. \(example) (units: ms, s, m, h, d)")
            return nil
        }
        guard s >= minimum else {
            problem(node, "\(key) \(text) is too short; it must be at least \(minimum < 1 ? "\(Int(minimum * 1000))ms" : "\(Int(minimum))s")")
            return nil
        }
        return s
    }

    mutating func parseStage(_ node: Node, earlier: [String]) -> StageSpec? {
        let line = node.mark?.line ?? 1
        guard let m = node.mapping else {
            problem(node, "a stage is a mapping with 'id:' and 'use:', e.g. '- id: identify' / '  use: file.identify'")
            return nil
        }
        checkKeys(m, known: PipelineSpec.stageKeys, what: "stage key")
        var ok = true
        var id = ""
        if let n = m["id"], let s = n.scalar?.string {
            if s.range(of: "^[a-z][a-z0-9_]{0,62}$", options: .regularExpression) != nil {
                id = s
            } else {
                problem(n, "stage id '\(s)' is not valid; use lower-case letters, digits and '_', starting with a letter (conditions refer to it as \(s.replacingOccurrences(of: "-", with: "_")).<field>)")
                ok = false
            }
        } else {
            problem(node, "this stage has no 'id:'; add one, e.g. 'id: identify'")
            ok = false
        }
        let label = id.isEmpty ? "this stage" : "stage '\(id)'"
        var kind: (any StageKind)?
        var kindName = ""
        if let u = m["use"], let s = u.scalar?.string {
            kindName = s
            kind = registry.kind(named: s)
            if kind == nil {
                let hint = closest(s, in: registry.names).map { "did you mean '\($0)'? " } ?? ""
                problem(u, "\(label) uses unknown kind '\(s)'; \(hint)known kinds: \(registry.names.joined(separator: ", "))")
                ok = false
            }
        } else {
            problem(m["use"] ?? node, "\(label) has no 'use:'; name a stage kind: \(registry.names.joined(separator: ", "))")
            ok = false
        }
        var settings: JSONValue = .emptyObject
        if let w = m["with"] {
            settings = json(w)
            if let kind {
                for p in kind.validate(settings: settings) {
                    let at = locate(w, p.path) ?? w
                    let where_ = p.path.isEmpty ? "with" : "with." + p.path.joined(separator: ".")
                    problem(at, "\(label) (\(kindName)) \(where_): \(p.message)")
                    ok = false
                }
            }
        } else if let kind {
            for p in kind.validate(settings: .emptyObject) {
                problem(node, "\(label) (\(kindName)): \(p.message)")
                ok = false
            }
        }
        var when: WhenExpression?
        if let w = m["when"] {
            let text = w.scalar?.string ?? ""
            do {
                let e = try WhenExpression.parse(text)
                try e.typeCheck(in: .init(stages: earlier))
                when = e
            } catch {
                problem(w, "\(label) when '\(text)': \(error.description)")
                ok = false
            }
        }
        var each: [String]?
        if let e = m["each"] {
            let text = e.scalar?.string ?? ""
            if case .path(let parts)? = try? WhenExpression.parse(text), (try? WhenExpression.path(parts).type(in: .init(stages: earlier))) != nil {
                each = parts
            } else {
                let earlierText = earlier.isEmpty ? "no stage runs before this one" : "earlier stages: \(earlier.joined(separator: ", "))"
                problem(e, "\(label): each '\(text)' must name a list in item.<field> or in an earlier stage's output, e.g. each: text.needs_ocr (\(earlierText))")
                ok = false
            }
        }
        if let w = when, w.mentions(any: fanOutStages) {
            problem(m["when"], "\(label): when cannot read the output of a fan-out stage (\(fanOutStages.sorted().joined(separator: ", "))) yet; test the stage that produced its list instead")
            ok = false
        }
        var spec = StageSpec(id: id, kind: kindName, settings: settings, when: when, each: each, line: line)
        if let t = m["timeout"] { if let s = duration(t, "timeout", minimum: 0.01, example: "30s or 5m") { spec.timeout = s } else { ok = false } }
        if let t = m["lease"] { if let s = duration(t, "lease", minimum: 1, example: "15s") { spec.lease = s } else { ok = false } }
        if let t = m["heartbeat"] { if let s = duration(t, "heartbeat", minimum: 0.1, example: "5s") { spec.heartbeat = s } else { ok = false } }
        if spec.heartbeat >= spec.lease {
            problem(m["heartbeat"] ?? m["lease"] ?? node, "\(label): heartbeat \(fmt(spec.heartbeat)) is not shorter than lease \(fmt(spec.lease)); a lease would lapse between heartbeats. Use a heartbeat of at most a third of the lease, e.g. lease: 15s, heartbeat: 5s")
            ok = false
        }
        if let c = m["concurrency"] {
            if let n = c.int, n >= 1 { spec.concurrency = n } else {
                problem(c, "\(label): concurrency must be a whole number from 1 up (jobs of this stage at once per node)")
                ok = false
            }
        }
        if let p = m["priority"] {
            if let n = p.int { spec.priority = n } else { problem(p, "\(label): priority must be a whole number (higher runs first)"); ok = false }
        }
        if let r = m["rate"] {
            let text = r.scalar?.string ?? ""
            if let (count, period) = Quantities.rate(text) {
                spec.rate = .init(count: count, period: period, text: text)
            } else {
                problem(r, "\(label): rate '\(text)' is not a rate; write a count per period, e.g. 10/s, 600/m or 5/h")
                ok = false
            }
        }
        if let r = m["retry"] {
            if let p = parseRetry(r, label: label) { spec.retry = p } else { ok = false }
        }
        if ok, each != nil { fanOutStages.insert(id) }
        return ok ? spec : nil
    }

    func fmt(_ seconds: Double) -> String {
        seconds.rounded() == seconds ? "\(Int(seconds))s" : "\(Int(seconds * 1000))ms"
    }

    mutating func parseRetry(_ node: Node, label: String) -> RetryPolicy? {
        if let s = node.scalar?.string, s == "none" || s == "false" { return RetryPolicy(maxAttempts: 1) }
        if let n = node.int {
            guard n >= 1 else { problem(node, "\(label): retry must be at least 1 (attempts in all)"); return nil }
            return RetryPolicy(maxAttempts: n)
        }
        guard let m = node.mapping else {
            problem(node, "\(label): retry must be 'none', a number of attempts, or a mapping with \(PipelineSpec.retryKeys.joined(separator: ", "))")
            return nil
        }
        let before = problems.count
        checkKeys(m, known: PipelineSpec.retryKeys, what: "retry setting")
        var p = RetryPolicy()
        if let v = m["max_attempts"] {
            if let n = v.int, n >= 1 { p.maxAttempts = n } else { problem(v, "\(label): retry.max_attempts must be a whole number from 1 up") }
        }
        if let v = m["backoff"], let s = duration(v, "retry.backoff", minimum: 0, example: "1s") { p.initialBackoff = s }
        if let v = m["max_backoff"], let s = duration(v, "retry.max_backoff", minimum: 0, example: "5m") { p.maxBackoff = s }
        if let v = m["multiplier"] {
            if let d = v.float, d >= 1 { p.multiplier = d } else { problem(v, "\(label): retry.multiplier must be a number of at least 1") }
        }
        if let v = m["jitter"] {
            if let d = v.float, d >= 0, d <= 1 { p.jitter = d } else { problem(v, "\(label): retry.jitter must be between 0 and 1 (share of the delay that is random)") }
        }
        if p.maxBackoff < p.initialBackoff {
            problem(node, "\(label): retry.max_backoff is shorter than retry.backoff; make it at least as long")
        }
        return problems.count == before ? p : nil
    }

    mutating func parsePolicies(_ node: Node) -> [String: JSONValue] {
        guard let m = node.mapping else {
            problem(node, "policies must be a mapping, e.g. 'policies: { confidence_threshold: 0.85 }'")
            return [:]
        }
        let known = PipelineSpec.policyKinds.keys.sorted()
        var result: [String: JSONValue] = [:]
        for (k, v) in m {
            guard let key = k.scalar?.string else { continue }
            guard let want = PipelineSpec.policyKinds[key] else {
                let hint = closest(key, in: known).map { "did you mean '\($0)'? " } ?? ""
                problem(k, "unknown policy '\(key)'; \(hint)known: \(known.joined(separator: ", "))")
                continue
            }
            let value = json(v)
            var valid = true
            switch key {
            case "confidence_threshold", "classifier_threshold", "audit_sample":
                valid = value.numberValue.map { $0 >= 0 && $0 <= 1 } ?? false
            case "review_above_amount", "four_eyes_above_amount":
                valid = value.numberValue.map { $0 >= 0 } ?? false
            case "min_text_chars":
                valid = value.intValue.map { $0 >= 0 } ?? false
            case "retention", "sla":
                valid = value.stringValue.flatMap { Quantities.seconds($0) } != nil
            case "reject_reasons":
                valid = value.arrayValue.map { !$0.isEmpty && $0.allSatisfy { $0.stringValue?.range(of: "^[A-Z][A-Z0-9_]{1,40}$", options: .regularExpression) != nil } } ?? false
            case "allowed_bot_regions", "languages":
                valid = value.arrayValue.map { $0.allSatisfy { $0.stringValue != nil } } ?? false
            default: break
            }
            if valid { result[key] = value } else { problem(v, "policy '\(key)' must be \(want)") }
        }
        return result
    }

    /// Finds the node at `path` under `node`, for locating a settings problem.
    func locate(_ node: Node, _ path: [String]) -> Node? {
        var current = node
        for part in path {
            if let m = current.mapping, let next = m[part] {
                current = next
            } else if let s = current.sequence, let i = Int(part), s.indices.contains(i) {
                current = s[i]
            } else {
                return nil
            }
        }
        return current
    }

    /// Converts a YAML node to JSON, resolving scalars by the YAML core schema.
    func json(_ node: Node) -> JSONValue { YAMLText.json(node) }
}

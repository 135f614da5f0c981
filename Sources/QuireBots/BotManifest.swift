public import Foundation
public import QuireCore
import Yams

/// `bots/<name>/bot.yaml`: what a bot is, how to start it, what it may do and see.
///
/// ```yaml
/// name: erp-web
/// description: Enters approved invoices in the ERP's web form.
/// command: [/usr/bin/python3, erp_bot.py]     # no shell; a relative program is in the bot's folder
/// actions:
///   - name: enter_invoice
///     input: { type: object, required: [values] }
/// timeout: 2m
/// heartbeat_timeout: 30s
/// concurrency: 1
/// rate: 30/m
/// target: demo-erp                             # bots that drive the same system share its budget
/// region: eu
/// environment: [ERP_URL]                       # copied from quire's environment when set
/// secrets: [ERP_PASSWORD]                      # from <home>/secrets.yaml or the environment
/// ```
public struct BotManifest: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case process, http }

    public struct Action: Sendable, Hashable {
        public var name: String
        public var description: String
        /// A JSON-schema subset (type, required, properties, enum, items) the payload must satisfy.
        public var input: JSONValue?
        public init(name: String, description: String = "", input: JSONValue? = nil) {
            self.name = name
            self.description = description
            self.input = input
        }
    }

    public var name: String
    public var description: String
    public var kind: Kind
    /// Program and arguments (process bots). The program is looked up in the bot's folder when it
    /// has no slash in it and a file of that name is there, else taken as an absolute path or a
    /// name on the bot's PATH.
    public var command: [String]
    /// Where an HTTP bot is (http bots).
    public var url: String?
    /// Name of the secret an HTTP bot's requests are signed with.
    public var signingSecret: String?
    public var actions: [Action]
    /// Seconds one dispatch may take (default 5 minutes).
    public var timeout: Double
    /// Seconds without a message from the bot after which it is presumed hung (default 60).
    public var heartbeatTimeout: Double
    /// Dispatches at once to this bot, or to its target system when it names one (default 1).
    public var concurrency: Int
    /// Dispatches per period, shared by every bot of the target system.
    public var rate: StageSpec.Rate?
    /// The system the bot drives; bots naming the same target share one budget.
    public var target: String?
    /// Where the bot runs or sends data; items with a region only go to bots of that region.
    public var region: String?
    /// Names of variables copied from quire's environment into the bot's (when set there).
    public var environment: [String]
    /// Names of secrets the bot receives as environment variables.
    public var secrets: [String]
    /// The folder the bot runs in, relative to its own folder (default: the bot's folder).
    public var workingFolder: String
    /// The bot's folder (where bot.yaml is).
    public var directory: String
    /// The manifest file, for messages.
    public var file: String

    /// The budget key: the target system, else the bot itself.
    public var budgetKey: String { target.map { "target:\($0)" } ?? "bot:\(name)" }

    public func action(_ name: String) -> Action? { actions.first { $0.name == name } }

    /// What `quire bots list --json` and `GET /v1/bots` show (never secret values, only their names).
    public var summary: JSONValue {
        ["name": .string(name), "kind": .string(kind.rawValue), "description": .string(description),
         "actions": .array(actions.map { ["name": .string($0.name), "description": .string($0.description), "input": $0.input ?? .null] }),
         "target": target.map(JSONValue.string) ?? .null, "region": region.map(JSONValue.string) ?? .null,
         "concurrency": .number(Double(concurrency)), "rate": rate.map { .string($0.text) } ?? .null,
         "timeout_seconds": .number(timeout), "heartbeat_timeout_seconds": .number(heartbeatTimeout),
         "environment": .array(environment.map(JSONValue.string)), "secrets": .array(secrets.map(JSONValue.string))]
    }

    public static let keys = ["name", "description", "kind", "command", "url", "signing_secret", "actions", "timeout", "heartbeat_timeout",
                              "concurrency", "rate", "target", "region", "environment", "secrets", "working_folder"]
    static let actionKeys = ["name", "description", "input"]

    public init(name: String, description: String = "", kind: Kind = .process, command: [String] = [], url: String? = nil, signingSecret: String? = nil,
                actions: [Action], timeout: Double = 300, heartbeatTimeout: Double = 60, concurrency: Int = 1, rate: StageSpec.Rate? = nil,
                target: String? = nil, region: String? = nil, environment: [String] = [], secrets: [String] = [], workingFolder: String = ".",
                directory: String, file: String = "bot.yaml") {
        self.name = name
        self.description = description
        self.kind = kind
        self.command = command
        self.url = url
        self.signingSecret = signingSecret
        self.actions = actions
        self.timeout = timeout
        self.heartbeatTimeout = heartbeatTimeout
        self.concurrency = concurrency
        self.rate = rate
        self.target = target
        self.region = region
        self.environment = environment
        self.secrets = secrets
        self.workingFolder = workingFolder
        self.directory = directory
        self.file = file
    }

    /// Reads `bot.yaml` in `directory`. Throws `invalid_configuration` listing every problem as `file:line: message`.
    public static func load(directory: String) throws -> BotManifest {
        let file = directory + "/bot.yaml"
        guard let data = FileManager.default.contents(atPath: file) else {
            throw QuireError(.notFound, "\(file): cannot read the bot manifest; every bot folder needs a bot.yaml (see docs/bots.md)")
        }
        return try parse(yaml: String(decoding: data, as: UTF8.self), file: file, directory: directory)
    }

    /// Parses manifest text; `file` is used in messages.
    public static func parse(yaml: String, file: String, directory: String) throws -> BotManifest {
        var loader = ManifestLoader(file: file)
        guard let manifest = loader.load(yaml, directory: directory), loader.problems.isEmpty else {
            throw QuireError(.invalidConfiguration, loader.problems.joined(separator: "\n"))
        }
        return manifest
    }
}

/// The bots of an appliance: every `<folder>/<name>/bot.yaml`.
public struct BotCatalog: Sendable {
    public var bots: [String: BotManifest]
    public var directory: String?

    public init(bots: [BotManifest] = [], directory: String? = nil) {
        self.bots = Dictionary(bots.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.directory = directory
    }

    public subscript(name: String) -> BotManifest? { bots[name] }
    public var names: [String] { bots.keys.sorted() }

    /// Loads every bot folder under `directory` (a missing folder is an empty catalog). Every bad
    /// manifest is reported at once; two bots with one name are refused.
    public static func load(directory: String) throws -> BotCatalog {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: directory) else { return BotCatalog(directory: directory) }
        var bots: [BotManifest] = []
        var problems: [String] = []
        var seen: [String: String] = [:]
        for name in names.sorted() where !name.hasPrefix(".") {
            let dir = directory + "/" + name
            guard fm.fileExists(atPath: dir + "/bot.yaml") else { continue }
            do {
                let m = try BotManifest.load(directory: dir)
                if let other = seen[m.name] {
                    problems.append("\(m.file):1: a bot named '\(m.name)' is already defined in \(other); give each bot its own name")
                    continue
                }
                seen[m.name] = m.file
                bots.append(m)
            } catch let e as QuireError {
                problems.append(e.message)
            }
        }
        if !problems.isEmpty { throw QuireError(.invalidConfiguration, problems.joined(separator: "\n")) }
        return BotCatalog(bots: bots, directory: directory)
    }
}

struct ManifestLoader {
    let file: String
    var problems: [String] = []

    mutating func problem(_ node: Node?, _ message: String, line: Int? = nil) {
        problems.append("\(file):\(line ?? node?.mark?.line ?? 1): \(message)")
    }

    mutating func load(_ yaml: String, directory: String) -> BotManifest? {
        let root: Node
        do throws(YAMLText.Problem) {
            guard let node = try YAMLText.compose(yaml) else {
                problem(nil, "the manifest is empty; start with 'name: <bot>', 'command: [...]' and 'actions:'")
                return nil
            }
            root = node
        } catch {
            problem(nil, error.message, line: error.line)
            return nil
        }
        guard let m = root.mapping else {
            problem(root, "a bot manifest is a mapping with 'name:', 'command:' and 'actions:'")
            return nil
        }
        for (k, _) in m {
            let key = k.scalar?.string ?? ""
            if !BotManifest.keys.contains(key) {
                problem(k, "'\(key)' is not a manifest key; known keys: \(BotManifest.keys.joined(separator: ", "))")
            }
        }
        var manifest = BotManifest(name: "", actions: [], directory: directory, file: file)
        if let n = m["name"], let s = n.scalar?.string {
            if s.range(of: "^[a-z][a-z0-9_-]{0,62}$", options: .regularExpression) == nil {
                problem(n, "bot name '\(s)' is not valid; use lower-case letters, digits, '-' and '_', starting with a letter")
            }
            manifest.name = s
        } else {
            problem(root, "the manifest has no 'name:'; add one, e.g. 'name: erp-web'")
        }
        manifest.description = m["description"]?.scalar?.string ?? ""
        if let k = m["kind"] {
            if let kind = BotManifest.Kind(rawValue: k.scalar?.string ?? "") { manifest.kind = kind } else {
                problem(k, "kind '\(k.scalar?.string ?? "?")' is not a bot kind; use 'process' (a program quire starts) or 'http' (a URL quire posts to)")
            }
        }
        switch manifest.kind {
        case .process:
            if let c = m["command"] {
                let parts = strings(c, "command", example: "[/usr/bin/python3, bot.py]")
                if parts.isEmpty || parts[0].isEmpty {
                    problem(c, "command must name a program, e.g. [/usr/bin/python3, bot.py]; it is run without a shell")
                }
                manifest.command = parts
            } else {
                problem(root, "a process bot needs 'command:', a list such as [/usr/bin/python3, bot.py] (run without a shell)")
            }
            if let u = m["url"] { problem(u, "'url' is for http bots; add 'kind: http' or remove it") }
        case .http:
            if let u = m["url"], let s = u.scalar?.string {
                if let url = URL(string: s), ["http", "https"].contains(url.scheme ?? ""), url.host != nil {
                    manifest.url = s
                } else {
                    problem(u, "url '\(s)' is not an http(s) URL; write e.g. http://127.0.0.1:8471/quire")
                }
            } else {
                problem(root, "an http bot needs 'url:', where quire posts its requests")
            }
            if let c = m["command"] { problem(c, "'command' is for process bots; remove it or use 'kind: process'") }
        }
        if let s = m["signing_secret"] {
            manifest.signingSecret = s.scalar?.string
            if manifest.kind != .http { problem(s, "'signing_secret' is for http bots") }
        }
        if let a = m["actions"] {
            if let seq = a.sequence, !seq.isEmpty {
                var seen: Set<String> = []
                for entry in seq {
                    guard let am = entry.mapping else {
                        problem(entry, "an action is a mapping with 'name:' (and optionally 'description:' and 'input:')")
                        continue
                    }
                    for (k, _) in am where !ManifestLoader.actionKeysSet.contains(k.scalar?.string ?? "") {
                        problem(k, "'\(k.scalar?.string ?? "")' is not an action key; known keys: \(BotManifest.actionKeys.joined(separator: ", "))")
                    }
                    guard let n = am["name"]?.scalar?.string, !n.isEmpty else {
                        problem(entry, "this action has no 'name:'")
                        continue
                    }
                    if !seen.insert(n).inserted { problem(am["name"], "action '\(n)' is listed twice") }
                    var input: JSONValue?
                    if let i = am["input"] {
                        let schema = json(i)
                        for p in InputSchema.check(schema: schema) { problem(i, "input of action '\(n)': \(p)") }
                        input = schema
                    }
                    manifest.actions.append(.init(name: n, description: am["description"]?.scalar?.string ?? "", input: input))
                }
            } else {
                problem(a, "actions must be a non-empty list, e.g. '- name: enter_invoice'")
            }
        } else {
            problem(root, "the manifest has no 'actions:'; list what the bot can do, e.g. '- name: enter_invoice'")
        }
        if let t = m["timeout"] { manifest.timeout = duration(t, "timeout", example: "2m") ?? manifest.timeout }
        if let t = m["heartbeat_timeout"] { manifest.heartbeatTimeout = duration(t, "heartbeat_timeout", example: "30s") ?? manifest.heartbeatTimeout }
        if let c = m["concurrency"] {
            if let n = c.int, n >= 1, n <= 1000 { manifest.concurrency = n } else {
                problem(c, "concurrency must be a whole number from 1 to 1000")
            }
        }
        if let r = m["rate"] {
            let text = r.scalar?.string ?? ""
            if let (count, period) = Quantities.rate(text) { manifest.rate = .init(count: count, period: period, text: text) } else {
                problem(r, "rate '\(text)' is not a rate; write a count per period, e.g. 10/s, 30/m or 500/h")
            }
        }
        for (key, pattern) in [("target", "^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$"), ("region", "^[a-z0-9][a-z0-9-]{0,30}$")] {
            guard let n = m[key] else { continue }
            let s = n.scalar?.string ?? ""
            if s.range(of: pattern, options: .regularExpression) == nil {
                problem(n, "\(key) '\(s)' is not valid; use letters, digits, '-' (and '.', '_' for targets)")
            } else if key == "target" { manifest.target = s } else { manifest.region = s }
        }
        for key in ["environment", "secrets"] {
            guard let n = m[key] else { continue }
            let names = strings(n, key, example: "[ERP_URL]")
            for v in names where v.range(of: "^[A-Za-z_][A-Za-z0-9_]*$", options: .regularExpression) == nil {
                problem(n, "'\(v)' is not an environment variable name")
            }
            if key == "environment" { manifest.environment = names } else { manifest.secrets = names }
        }
        if let s = manifest.signingSecret, !manifest.secrets.contains(s) { manifest.secrets.append(s) }
        if let w = m["working_folder"], let s = w.scalar?.string {
            if s.hasPrefix("/") || s.split(separator: "/").contains("..") {
                problem(w, "working_folder must be a folder inside the bot's folder, e.g. '.' or 'work'")
            } else {
                manifest.workingFolder = s
            }
        }
        return manifest
    }

    static let actionKeysSet = Set(BotManifest.actionKeys)

    mutating func strings(_ node: Node, _ key: String, example: String) -> [String] {
        guard let seq = node.sequence else {
            problem(node, "\(key) must be a list, e.g. \(example)")
            return []
        }
        return seq.map { $0.scalar?.string ?? "" }
    }

    mutating func duration(_ node: Node, _ key: String, example: String) -> Double? {
        let text = node.scalar?.string ?? ""
        guard let s = Quantities.seconds(text), s > 0 else {
            problem(node, "\(key) '\(text)' is not a duration; write e.g. \(example) (units: ms, s, m, h)")
            return nil
        }
        return s
    }

    func json(_ node: Node) -> JSONValue { YAMLText.json(node) }
}

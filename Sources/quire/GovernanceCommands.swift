import ArgumentParser
import QuireAPI
import Foundation
import QuireAppliance
import QuireCore
import QuireStore

/// Who runs a command that changes things, for the audit trail: $QUIRE_ACTOR, else the login name.
var localActor: String {
    let env = ProcessInfo.processInfo.environment
    return env["QUIRE_ACTOR"].flatMap { $0.isEmpty ? nil : $0 } ?? env["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "operator"
}

struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Bearer tokens for the HTTP API: create (shown once), list, revoke.",
        discussion: """
            Roles: admin, operator, reviewer, bot, auditor (the permission matrix is in docs/governance.md).
            Examples:
              quire tokens create --role reviewer --tenant acme --expires 90d --name "AP team"
              quire tokens list
              quire tokens revoke tok_3k9x0a1b2c
              quire tokens list --server https://quire.example:8443   # on a running server, with an admin token of no tenant
            """,
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token and print it once (only its hash is kept).")
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var serverOptions: ServerOptions
        @Option(help: ArgumentHelp("The role: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "ROLE")) var role: String
        @Option(help: "A tenant whose items the token sees (repeatable; none: every tenant).") var tenant: [String] = []
        @Option(help: ArgumentHelp("How long it is valid, e.g. 90d (default: until revoked).", valueName: "DURATION")) var expires: String?
        @Option(help: "A name that says who or what uses it.") var name: String?

        func run() async throws {
            try await reportingErrors {
                guard let r = Role(rawValue: role) else {
                    throw QuireError(.invalidArgument, "unknown role '\(role)'; use one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                var seconds: Double? = nil
                if let expires {
                    guard let s = Quantities.seconds(expires), s > 0 else { throw QuireError(.invalidArgument, "--expires must be a duration such as 90d or 12h") }
                    seconds = s
                }
                let id: String, secret: String, expiresAt: String?
                if let client = try serverOptions.client(homeOptions) {
                    let made = try await client.send("POST", "/v1/tokens", json: ["role": .string(r.rawValue), "tenants": .array(tenant.map(JSONValue.string)),
                                                                                  "name": .string(name ?? "\(r.rawValue) token"), "expires_in": seconds.map(JSONValue.number) ?? .null]).body
                    guard let i = made["id"]?.stringValue, let s = made["token"]?.stringValue else { throw QuireError(.internal, "the server's answer holds no token") }
                    (id, secret, expiresAt) = (i, s, made["expires_at"]?.stringValue)
                } else {
                    let appliance = try await homeOptions.open()
                    let (record, s) = try await Tokens.create(store: appliance.store, name: name ?? "\(r.rawValue) token", role: r, tenants: tenant,
                                                              expiresIn: seconds, by: localActor)
                    (id, secret, expiresAt) = (record.id, s, record.expiresAt.map { ISO8601DateFormatter().string(from: $0) })
                }
                print(secret)
                FileHandle.standardError.write(Data("token \(id) (\(r.rawValue)\(tenant.isEmpty ? "" : ", tenants " + tenant.joined(separator: ", "))\(expiresAt.map { ", expires " + $0 } ?? "")): the line above is shown this once; keep it secret\n".utf8))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never their secrets).")
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var serverOptions: ServerOptions
        @Flag(help: "Print JSON lines.") var json = false

        func run() async throws {
            try await reportingErrors {
                let tokens: [JSONValue]
                if let client = try serverOptions.client(homeOptions) {
                    tokens = try await client.send("GET", "/v1/tokens").body["tokens"]?.arrayValue ?? []
                } else {
                    let now = Date()
                    tokens = try await homeOptions.open().store.tokens().map { $0.summary(now: now) }
                }
                if json {
                    for t in tokens { print(t.compactText) }
                    return
                }
                if tokens.isEmpty { print("no tokens; create one with 'quire tokens create --role ROLE'"); return }
                print(pad("id", 16) + pad("role", 10) + pad("state", 9) + pad("tenants", 16) + pad("expires", 12) + "name")
                for t in tokens {
                    let state = t["revoked_at"] != .null ? "revoked" : t["valid"] == true ? "valid" : "expired"
                    let tenants = (t["tenants"]?.arrayValue ?? []).compactMap(\.stringValue)
                    print(pad(t["id"]?.stringValue ?? "?", 16) + pad(t["role"]?.stringValue ?? "?", 10) + pad(state, 9)
                          + pad(tenants.isEmpty ? "all" : tenants.joined(separator: ","), 16)
                          + pad(t["expires_at"]?.stringValue.map { String($0.prefix(10)) } ?? "never", 12) + (t["name"]?.stringValue ?? ""))
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token (recorded in the audit trail).")
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var serverOptions: ServerOptions
        @Argument(help: "The token's id (tok_…).") var id: String

        func run() async throws {
            try await reportingErrors {
                if let client = try serverOptions.client(homeOptions) {
                    try await client.send("POST", "/v1/tokens/\(Remote.escape(id))/revoke")
                } else {
                    try await homeOptions.open().store.revokeToken(id: id, by: localActor, now: Date())
                }
                print("revoked \(id)")
            }
        }
    }
}

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "The tamper-evident audit trail: verify the chain, export entries.",
        discussion: """
            Examples:
              quire audit verify
              quire audit export --since 7d > audit.jsonl
            """,
        subcommands: [Verify.self, Checkpoint.self, Export.self])

    /// Reads the whole trail and checks the chain, and against the checkpoint file when one is given and exists.
    static func check(store: any Store, key: Data, checkpoint: String? = nil, anchors: [AuditChain.Checkpoint] = []) async throws -> AuditChain.Verification {
        var entries: [AuditEntry] = []
        while true {
            let page = try await store.auditEntries(after: entries.last?.seq ?? 0, limit: 5000)
            entries += page
            if page.count < 5000 { break }
        }
        let chain = AuditChain(key: key)
        let result = chain.verify(entries, highest: try await store.auditHighestSequence())
        guard result.intact else { return result }
        let file = try checkpoint.flatMap { try chain.readCheckpoint($0) }
        for c in (file.map { [$0] } ?? []) + anchors {
            if let cut = chain.check(entries, against: c) { return cut }
        }
        return result
    }

    struct Checkpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign the newest entry's number and hash into <data>/audit.checkpoint (beside the key); 'quire audit verify' then finds a cut tail.",
            discussion: "The nightly report task writes one every night; run this after changes you want anchored at once (and keep a copy off the machine).")
        @OptionGroup var homeOptions: HomeOptions

        func run() async throws {
            try await reportingErrors {
                let c = try homeOptions.configuration()
                let appliance = try await homeOptions.open()
                let written = try await appliance.writeAuditCheckpoint()
                print("checkpoint: entry \(written.seq) \(written.hash.prefix(16))… signed into \(appliance.auditCheckpointPath) (\(c.auditKeyPath) is its key)")
            }
        }
    }

    /// "intact (N entries)", or throws naming the first bad entry.
    static func verify(store: any Store, key: Data) async throws -> String {
        let r = try await check(store: store, key: key)
        guard r.intact else { throw QuireError(.storage, "the audit trail on the target is broken at entry \(r.firstBad.map(String.init) ?? "?"): \(r.problem ?? "")") }
        return "intact (\(r.entries) entries)"
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every entry's hash and link; names the first edited, deleted or reordered entry (exit 1).",
            discussion: """
                With --report, the trail is also checked against the entry signed into a nightly report
                (report.json's audit_checkpoint): a copy of the report kept off the machine finds a tail
                cut by someone who could also reach the checkpoint file.
                  quire audit verify --report /mnt/archive/2026-11-28/report.json
                """)
        @OptionGroup var homeOptions: HomeOptions
        @Option(help: ArgumentHelp("A nightly report.json whose signed audit entry must still be in the trail.", valueName: "FILE")) var report: String?

        /// The signed entry in a report.json, or a message that says what is wrong with the file.
        static func anchor(inReport path: String) throws -> AuditChain.Checkpoint {
            guard let data = FileManager.default.contents(atPath: path), let json = try? JSONValue.parse(data) else {
                throw QuireError(.invalidArgument, "\(path) is not a readable report.json; give the report.json file of a nightly report")
            }
            guard let a = json["audit_checkpoint"], let seq = a["seq"]?.intValue, let hash = a["hash"]?.stringValue,
                  let at = a["at"]?.stringValue, let mac = a["mac"]?.stringValue else {
                throw QuireError(.invalidArgument, "\(path) has no audit_checkpoint (reports from before this version carry none); give a newer report")
            }
            return AuditChain.Checkpoint(seq: Int64(seq), hash: hash, at: at, mac: mac)
        }

        func run() async throws {
            try await reportingErrors {
                let c = try homeOptions.configuration()
                let appliance = try await homeOptions.open()
                let key = try AuditChain.loadOrCreateKey(at: c.auditKeyPath)
                let anchors: [AuditChain.Checkpoint] = try report.map { path -> [AuditChain.Checkpoint] in
                    let anchor = try Self.anchor(inReport: path)
                    guard AuditChain(key: key).signed(anchor) else {
                        throw QuireError(.storage, "the audit entry in \(path) was not signed with this audit key (the report was edited, or it is another appliance's)")
                    }
                    return [anchor]
                } ?? []
                let result = try await AuditCommand.check(store: appliance.store, key: key, checkpoint: appliance.auditCheckpointPath, anchors: anchors)
                if result.intact {
                    let anchored = FileManager.default.fileExists(atPath: appliance.auditCheckpointPath) ? ", the newest checkpoint's entry is there" : ", no checkpoint yet"
                    print("audit trail intact: \(result.entries) entries, keyed with \(c.auditKeyPath)\(anchored)"
                          + (report.map { ", and the entry signed into \($0) is there" } ?? ""))
                } else {
                    print("audit trail BROKEN at entry \(result.firstBad.map(String.init) ?? "?"): \(result.problem ?? "")")
                    print("entries before it check out; restore the database from a backup taken before that entry was written, or keep this one as evidence")
                    throw ExitCode(1)
                }
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print audit entries as JSON lines (with their hashes, so the export can be checked).",
            discussion: """
                With --server, from a running quire serve (GET /v1/audit; an auditor or admin token of no tenant).
                Checking the chain needs the audit key, so 'quire audit verify' runs where the key is.
                """)
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var serverOptions: ServerOptions
        @Option(help: ArgumentHelp("Only entries from this long ago, e.g. 7d.", valueName: "DURATION")) var since: String?

        func run() async throws {
            try await reportingErrors {
                var from: Date? = nil
                if let since {
                    guard let s = Quantities.seconds(since) else { throw QuireError(.invalidArgument, "--since must be a duration such as 7d") }
                    from = Date().addingTimeInterval(-s)
                }
                let since = from.map { AuditChain.timestamp($0) }
                // Stamps are ISO 8601 in UTC with milliseconds, so they compare as text.
                func emit(_ entries: [JSONValue]) {
                    for e in entries where since.map({ (e["at"]?.stringValue ?? "") >= $0 }) ?? true { print(e.compactText) }
                }
                if let client = try serverOptions.client(homeOptions) {
                    var after = "0"
                    while true {
                        let page = try await client.send("GET", "/v1/audit?limit=5000&after=" + after).body
                        emit(page["entries"]?.arrayValue ?? [])
                        guard let next = page["next_after"]?.intValue else { break }
                        after = String(next)
                    }
                    return
                }
                let store = try await homeOptions.open().store
                var after: Int64 = 0
                while true {
                    let page = try await store.auditEntries(after: after, limit: 5000)
                    emit(page.map(\.exported))
                    guard let last = page.last, page.count == 5000 else { break }
                    after = last.seq
                }
            }
        }
    }
}

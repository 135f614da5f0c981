public import Foundation
public import Logging
public import QuireCore
public import QuireStore
import QuireObservability

/// Sends requests to bots: process bots through ``BotRunner``, HTTP bots through
/// ``HTTPBotClient``; builds each bot's environment (only what its manifest allows, plus its
/// secrets) and keeps secret values out of everything it returns.
public struct BotDispatcher: Sendable {
    public var runner: BotRunner
    public var http: HTTPBotClient
    public var secrets: Secrets
    /// quire's own environment, from which manifests' `environment:` names are copied.
    public var processEnvironment: [String: String]

    public init(runner: BotRunner = BotRunner(), http: HTTPBotClient = HTTPBotClient(), secrets: Secrets = Secrets(),
                processEnvironment: [String: String] = ProcessInfo.processInfo.environment) {
        self.runner = runner
        self.http = http
        self.secrets = secrets
        self.processEnvironment = processEnvironment
    }

    /// The whole environment a process bot starts with.
    public func environment(for manifest: BotManifest, scratch: String) -> [String: String] {
        var env: [String: String] = ["PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": scratch, "TMPDIR": scratch, "LANG": "C.UTF-8",
                                     "QUIRE_BOT_PROTOCOL": String(BotProtocol.version), "QUIRE_BOT_NAME": manifest.name]
        for name in manifest.environment { if let v = processEnvironment[name] { env[name] = v } }
        for (k, v) in secrets.only(manifest.secrets) { env[k] = v }
        return env
    }

    public func dispatch(_ manifest: BotManifest, request: BotRequest, onMessage: (@Sendable (BotMessage) -> Void)? = nil) async -> BotRun {
        let redact = Redactor(secrets: secrets.all)
        switch manifest.kind {
        case .process:
            if let missing = manifest.secrets.first(where: { secrets[$0] == nil }) {
                return BotRun(result: .failure("secret_missing", "bot \(manifest.name) needs secret \(missing), which is not configured; add '\(missing): ...' to the secrets file (chmod 600) or set it in quire's environment"))
            }
            return await runner.run(manifest, request: request, environment: environment(for: manifest, scratch: request.scratch), redact: redact, onMessage: onMessage)
        case .http:
            var run = await http.dispatch(manifest, request: request, secrets: secrets.only(manifest.secrets))
            run.result.message = redact(run.result.message)
            run.result.output = redact(run.result.output)
            run.transcript = run.transcript.map { .init(direction: $0.direction, text: redact($0.text)) }
            return run
        }
    }
}

/// Everything the `bot` stage needs from the appliance.
public struct BotEnvironment: Sendable {
    public var catalog: BotCatalog
    public var dispatcher: BotDispatcher
    /// This process's budgets (one node), or the store's (several nodes on PostgreSQL).
    public var budgets: any BudgetGate
    /// Where each attempt gets its private scratch folder.
    public var scratchRoot: String
    /// For audit entries (a residency refusal); nil in processes without a store.
    public var store: (any Store)?
    /// How long a dispatch waits for its target's budget before it is snoozed (seconds). Short: a waiting dispatch holds a
    /// scheduler worker, and with a one-slot target a long wait let every worker of every node wait on the one slot
    /// while the stages after the bot starved (a chaos run: 110 s to settle with 20 s, 23 s with 2 s).
    public var maxBudgetWait: Double
    /// Largest evidence file kept, bytes.
    public var maxEvidenceBytes: Int

    public init(catalog: BotCatalog, dispatcher: BotDispatcher = BotDispatcher(), budgets: any BudgetGate = TargetBudgets(), scratchRoot: String,
                store: (any Store)? = nil, maxBudgetWait: Double = 2, maxEvidenceBytes: Int = 50 << 20) {
        self.catalog = catalog
        self.dispatcher = dispatcher
        self.budgets = budgets
        self.scratchRoot = scratchRoot
        self.store = store
        self.maxBudgetWait = maxBudgetWait
        self.maxEvidenceBytes = maxEvidenceBytes
    }

    /// The budget of a bot: its target's (the smallest limits any bot of the target declares), else its own.
    public func limits(for manifest: BotManifest) -> TargetBudgets.Limits {
        guard let target = manifest.target else { return .init(concurrency: manifest.concurrency, rate: manifest.rate) }
        let peers = catalog.bots.values.filter { $0.target == target }
        let rate = peers.compactMap(\.rate).min { $0.count / $0.period < $1.count / $1.period }
        return .init(concurrency: peers.map(\.concurrency).min() ?? manifest.concurrency, rate: rate)
    }
}

/// `bot`: dispatches the item to a bot action. The payload is the item's result so far (values
/// after review corrections, decision, document type, reviewers), the item's identity and
/// metadata, and the stage's `payload:` constants; it is checked against the action's input
/// schema first. A `done` result is recorded once (the job's fencing token guards the
/// completion, the idempotency key guards the bot's side); application errors are retried with
/// the stage's backoff; business errors go to the exception path; `needs_human` parks the item.
public struct BotKind: StageKind {
    public var environment: BotEnvironment?

    public init(environment: BotEnvironment?) {
        self.environment = environment
    }

    public var name: String { "bot" }
    public var summary: String { "dispatches the item to an RPA bot action (bots/<name>/bot.yaml; docs/bots.md)" }
    public var settingsHelp: [String: String] {
        ["bot": "the bot's name (its folder under bots/)", "action": "one of the bot's actions",
         "payload": "constant values added to the request's payload (a mapping)",
         "review_queue": "the review queue a bot's needs_human goes to (default: the pipeline's name)",
         "sla": "how long a person may take to answer the bot, e.g. 4h (default: the pipeline's sla policy, else 24h)"]
    }

    public func validate(settings: JSONValue) -> [StageSettingsProblem] {
        var problems = unknownKeys(in: settings)
        guard let bot = settings["bot"]?.stringValue else {
            return problems + [StageSettingsProblem(path: ["bot"], message: "name the bot to dispatch to, e.g. 'bot: erp-web'")]
        }
        guard let action = settings["action"]?.stringValue else {
            return problems + [StageSettingsProblem(path: ["action"], message: "name the bot action, e.g. 'action: enter_invoice'")]
        }
        if let s = settings["sla"], Quantities.seconds(s.stringValue ?? "") == nil {
            problems.append(StageSettingsProblem(path: ["sla"], message: "must be a duration such as 30m, 8h or 2d"))
        }
        if let p = settings["payload"], p.objectValue == nil {
            problems.append(StageSettingsProblem(path: ["payload"], message: "payload must be a mapping of constant values"))
        }
        if let catalog = environment?.catalog {
            if let m = catalog[bot] {
                if m.action(action) == nil {
                    problems.append(StageSettingsProblem(path: ["action"], message: "bot \(bot) has no action '\(action)'; its actions: \(m.actions.map(\.name).joined(separator: ", "))"))
                }
            } else {
                let known = catalog.names.isEmpty ? "no bots are installed in \(catalog.directory ?? "the bots folder")" : "installed bots: \(catalog.names.joined(separator: ", "))"
                problems.append(StageSettingsProblem(path: ["bot"], message: "there is no bot '\(bot)'; \(known)"))
            }
        }
        return problems
    }

    public func makeStage(settings: JSONValue) throws -> any Stage {
        BotStage(bot: settings["bot"]?.stringValue ?? "", action: settings["action"]?.stringValue ?? "",
                 constants: settings["payload"]?.objectValue ?? [:], environment: environment,
                 reviewQueue: settings["review_queue"]?.stringValue, sla: settings["sla"]?.stringValue.flatMap(Quantities.seconds))
    }
}

struct BotStage: Stage {
    let bot: String
    let action: String
    let constants: [String: JSONValue]
    let environment: BotEnvironment?
    var reviewQueue: String? = nil
    var sla: Double? = nil

    /// The request payload for an item: its result so far, its identity, the stage's constants.
    static func payload(item: Item, jobs: [Job], constants: [String: JSONValue]) -> JSONValue {
        var p = ItemResult.summary(jobs)
        p["item"] = .object([
            "id": .string(item.id.rawValue), "name": .string(item.name), "pipeline": .string(item.pipeline),
            "tenant": item.tenant.map(JSONValue.string) ?? .null, "external_ref": item.externalRef.map(JSONValue.string) ?? .null,
            "metadata": item.metadata,
        ])
        for (k, v) in constants { p[k] = v }
        return .object(p)
    }

    /// The bot's budget (its target's): more runs at once on one node would only wait for a slot.
    var concurrencyLimit: Int? {
        guard let env = environment, let manifest = env.catalog[bot] else { return nil }
        return env.limits(for: manifest).concurrency
    }

    func run(_ context: StageContext) async throws -> Outcome {
        guard let env = environment else { throw QuireError(.invalidConfiguration, "the bot stage has no bot catalog in this process") }
        guard let manifest = env.catalog[bot], let act = manifest.action(action) else {
            return .businessError(code: "bot_unknown", message: "bot \(bot) or its action \(action) is not installed any more; restore bots/\(bot)/bot.yaml")
        }
        let item = context.item
        let jobs = try await context.services.jobs(of: item.id)
        var payload = Self.payload(item: item, jobs: jobs.filter { $0.id != context.job.id }, constants: constants)
        if let schema = act.input {
            let errors = InputSchema.validate(payload, schema: schema)
            if !errors.isEmpty {
                return .businessError(code: "payload_invalid", message: "the request for \(bot).\(action) does not match the action's input schema: \(errors.prefix(5).joined(separator: "; "))")
            }
        }
        // A person answered this stage's question: a rejection ends the item here; an approval is
        // handed to the bot (`human` in the payload) with the reviewer's corrections.
        let review = try await env.store?.review(item.id)
        if let r = review, r.asked(by: context.job.stageID, isReviewStage: false), r.state == .decided, let d = r.decided {
            let who = d.reviewers.isEmpty ? "a reviewer" : d.reviewers.joined(separator: ", ")
            if d.action == .reject {
                return .businessError(code: "rejected", message: "\(who) answered bot \(bot)'s question with a rejection: \(d.reason ?? "")\(d.note.map { " — \($0)" } ?? "")")
            }
            payload = Self.withAnswer(payload, decision: d, round: r.round)
        }
        if let message = Residency.refusal(item: item, pipeline: context.pipeline, recipient: "bot \(bot)", region: manifest.region) {
            try? await env.store?.appendAudit([Residency.auditDraft(item: item, recipient: bot, kind: "bot", region: manifest.region, reason: message)], now: Date())
            return .businessError(code: "region_refused", message: message)
        }
        let limits = env.limits(for: manifest)
        // The lease outlasts the bot's own deadline: a slot is freed by the dispatch ending, or by its node's death.
        guard let permit = try await env.budgets.take(manifest.budgetKey, limits: limits, lease: manifest.timeout + 60, maxWait: env.maxBudgetWait) else {
            return .snooze(until: Date().addingTimeInterval(1))
        }
        do {
            let outcome = try await dispatch(context, env: env, manifest: manifest, payload: payload, review: review)
            await env.budgets.giveBack(permit)
            return outcome
        } catch {
            await env.budgets.giveBack(permit)
            throw error
        }
    }

    /// Hands the item to the bot, holding the target's budget, and turns its result into an outcome.
    func dispatch(_ context: StageContext, env: BotEnvironment, manifest: BotManifest, payload: JSONValue, review: Review?) async throws -> Outcome {
        let item = context.item
        let attempt = max(1, context.job.attempts)
        // Short: programs put Unix sockets in it (HOME and TMPDIR point here), and socket paths are limited.
        let scratch = env.scratchRoot + "/" + String(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12)).lowercased()
        let fm = FileManager.default
        try fm.createDirectory(atPath: scratch + "/files", withIntermediateDirectories: true)
        defer { try? fm.removeItem(atPath: scratch) }
        var files: [BotFile] = []
        // Only ids that parse as a sha256 name a stored file; anything else in the metadata is not a file of this item.
        var originals: [(String, BlobID, String)] = BlobID(item.contentHash).map { [(item.name, $0, item.mediaType)] } ?? []
        for a in item.metadata["attachments"]?.arrayValue ?? [] {
            guard let text = a["sha256"]?.stringValue else { continue }
            guard let h = BlobID(text) else {
                context.logger.warning("an attachment's sha256 is not a blob id; not handed to the bot", metadata: ["item": "\(item.id)"])
                continue
            }
            originals.append((a["name"]?.stringValue ?? h.hex, h, a["media_type"]?.stringValue ?? "application/octet-stream"))
        }
        for (i, (name, hash, media)) in originals.enumerated() {
            let safe = ((name as NSString).lastPathComponent).replacingOccurrences(of: "/", with: "_")
            let target = scratch + "/files/\(i == 0 ? "" : "\(i)-")\(safe.isEmpty ? "file" : safe)"
            guard (try? context.services.copyBlob(hash: hash, to: target)) != nil else { continue }
            try? fm.setAttributes([.posixPermissions: 0o444], ofItemAtPath: target)
            files.append(BotFile(name: name, path: target, mediaType: media, sha256: hash.hex))
        }
        let logger = context.logger
        // A span for the call; the bot gets its traceparent (or, without a tracer, one in the item's trace).
        let run = await QuireTracing.withSpan("bot \(manifest.name).\(action)", attributes: ["quire.item": item.id.rawValue, "quire.bot": manifest.name]) { span in
            let request = BotRequest(item: item.id, pipeline: item.pipeline, stage: context.job.stageID, action: action, attempt: attempt,
                                     leaseToken: context.job.token.rawValue, deadline: Date().addingTimeInterval(manifest.timeout),
                                     idempotencyKey: BotProtocol.idempotencyKey(item: item.id, stage: context.job.stageID, action: action),
                                     payload: payload, files: files, scratch: scratch,
                                     traceparent: QuireTracing.currentTraceparent() ?? BotProtocol.traceparent(item: item))
            let run = await env.dispatcher.dispatch(manifest, request: request) { message in
                switch message {
                case .log(let level, let text): logger.log(level: Logger.Level(rawValue: level) ?? .info, "bot: \(text)", metadata: ["bot": "\(manifest.name)"])
                case .progress(let percent, let text): logger.debug("bot progress", metadata: ["bot": "\(manifest.name)", "percent": "\(percent ?? -1)", "message": "\(text)"])
                default: break
                }
            }
            span.set("quire.bot.result", run.result.status.rawValue)
            if run.result.status != .done { span.fail("\(run.result.code): \(run.result.message)") }
            return run
        }
        var evidence: [BotDispatch.Evidence] = []
        for e in run.evidence {
            guard let attrs = try? fm.attributesOfItem(atPath: e.path), (attrs[.type] as? FileAttributeType) == .typeRegular,
                  let size = (attrs[.size] as? NSNumber)?.intValue, size <= env.maxEvidenceBytes, let data = fm.contents(atPath: e.path) else {
                logger.warning("bot evidence skipped: not a regular file in the scratch folder, or too large", metadata: ["bot": "\(manifest.name)", "path": "\(e.path)"])
                continue
            }
            let hash = try context.services.putBlob([UInt8](data))
            evidence.append(BotDispatch.Evidence(kind: e.kind, name: (e.path as NSString).lastPathComponent, sha256: hash, size: Int(size), mediaType: e.mediaType))
        }
        let r = run.result
        QuireMetrics.botResult(bot: manifest.name, result: r.status.rawValue, seconds: run.seconds)
        switch r.status {
        case .done:
            return .done(BotDispatch(bot: manifest.name, action: action, idempotencyKey: BotProtocol.idempotencyKey(item: item.id, stage: context.job.stageID, action: action),
                                     attempt: attempt, seconds: (run.seconds * 1000).rounded() / 1000, code: r.code, message: r.message,
                                     output: r.output, evidence: evidence).json)
        case .businessError:
            return .businessError(code: r.code.isEmpty ? "bot_business_error" : r.code, message: "\(manifest.name): \(r.message)")
        case .applicationError:
            return .applicationError(code: r.code.isEmpty ? "bot_application_error" : r.code, message: r.message)
        case .needsHuman:
            let reason = "bot \(manifest.name) asks for a person: \(r.message.isEmpty ? r.code : r.message)"
            // The question goes to the review queue as a round of its own; the decision runs this stage again.
            if let store = env.store {
                let now = Date()
                let stage = context.job.stageID
                let question = BotQuestion(bot: manifest.name, action: action, code: r.code, message: r.message, evidence: evidence)
                let seconds = sla ?? context.pipeline.policies["sla"]?.stringValue.flatMap(Quantities.seconds) ?? 86_400
                _ = try await store.openReview(Review(item: item.id, pipeline: item.pipeline, queue: reviewQueue ?? item.pipeline, priority: item.priority,
                                                      reasons: [reason], due: now.addingTimeInterval(seconds), createdAt: now, updatedAt: now,
                                                      stage: stage, round: Review.round(for: stage, isReviewStage: false, existing: review), context: question.json))
            }
            return .needsHuman(reason: reason)
        }
    }

    /// The payload with a person's answer to the bot's question under `human`.
    static func withAnswer(_ payload: JSONValue, decision d: ReviewDecision, round: Int) -> JSONValue {
        guard var p = payload.objectValue else { return payload }
        var human: [String: JSONValue] = ["decision": .string(d.action.rawValue), "round": .number(Double(round)),
                                          "reviewers": .array(d.reviewers.map(JSONValue.string)), "corrections": .object(d.corrections ?? [:])]
        if let n = d.note { human["note"] = .string(n) }
        p["human"] = .object(human)
        return .object(p)
    }
}

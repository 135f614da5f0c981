import Foundation

/// A value the store keeps as JSON and code reads typed: the boundary encodes and decodes.
public protocol StoredJSON: Codable, Sendable {}

extension StoredJSON {
    /// Reads a stored value; one of another shape throws and says which type it is not.
    public init(json: JSONValue) throws {
        do {
            self = try JSONDecoder().decode(Self.self, from: try JSONEncoder().encode(json))
        } catch {
            throw QuireError(.internal, "a stored value is not a \(Self.self): \(error)")
        }
    }

    /// The value as the store keeps it.
    public var json: JSONValue {
        // Encoding plain value types into JSON cannot fail; a failure would be a bug in a type below.
        (try? JSONValue.parse(JSONEncoder().encode(self))) ?? .null
    }
}

/// What a stage kind hands the stages after it, as a typed value. The store keeps a job's output
/// as JSON; only the boundary encodes (the stage that writes it) and decodes (whoever reads it),
/// so renaming a property fails to compile everywhere it is read. Readers find an output by the
/// stage kind that wrote it (`use: fields`), never by a pipeline's stage id.
public protocol StageOutput: StoredJSON {
    /// The stage kinds (`use:` in a pipeline) whose jobs write this output.
    static var stageKinds: Set<String> { get }
}

extension StageContext {
    /// The output of the latest stage of `T`'s kind in this item's pipeline (or of the stage `id`
    /// names), typed; nil when there is none or it has not finished. An output that is there but is
    /// not a `T` throws: a stage must not go on as if an earlier one had found nothing (a review
    /// stage would pass an item no fields stage approved).
    public func output<T: StageOutput>(_ type: T.Type, stage id: String? = nil) throws -> T? {
        if let id {
            guard let o = outputs[id], o != .null else { return nil }
            return try T(json: o)
        }
        for stage in pipeline.stages.reversed() where T.stageKinds.contains(stage.kind) {
            if let o = outputs[stage.id], o != .null { return try T(json: o) }
        }
        return nil
    }
}

extension Job {
    /// This job's output as `T`, when the job is of `T`'s kind and its output reads as `T` (for figures
    /// and screens: one that does not read counts as none).
    public func output<T: StageOutput>(as type: T.Type) -> T? {
        guard T.stageKinds.contains(kind), let o = output, o != .null else { return nil }
        return try? T(json: o)
    }
}

extension Collection where Element == Job {
    /// The output of the latest finished job of `T`'s kind among an item's jobs, typed (for figures and
    /// screens: one that does not read is passed over).
    public func output<T: StageOutput>(_ type: T.Type) -> T? {
        for j in reversed() where j.state == .done && T.stageKinds.contains(j.kind) {
            if let o = j.output, let v = try? T(json: o) { return v }
        }
        return nil
    }
}

/// The `classify` stage's output: what the document is, how sure the model is, and which model said so.
public struct Classification: StageOutput, Hashable {
    public static let stageKinds: Set<String> = ["classify"]

    public struct Ranked: Codable, Sendable, Hashable {
        public var label: String
        public var probability: Double
        public init(label: String, probability: Double) {
            self.label = label
            self.probability = probability
        }
    }

    public var label: String
    public var probability: Double
    /// The best probability was under the threshold: a person says what the document is.
    public var abstained: Bool
    public var model: String
    public var version: Int
    /// The labels in order of probability (the first few).
    public var ranked: [Ranked]
    /// `native` (the model in the registry), `endpoint` (a model server) or `einvoice` (an attached e-invoice's type code).
    public var backend: String?
    /// The model name the pipeline routes to.
    public var route: String?
    public var threshold: Double?
    /// A shadow model's answer on the same text, recorded for comparison.
    public var shadow: Shadow?
    public var disagreement: Bool?
    /// Why the model server was not used (down, slow, an unknown label).
    public var fallbackReason: String?
    /// A model server's own confidence, as it said it.
    public var reportedConfidence: Double?
    /// The model server's calibration against reviewers' decisions.
    public var calibration: JSONValue?
    /// Where an attached e-invoice decided (backend `einvoice`): the type code it declares (`381`).
    public var typeCode: String?
    /// The printed title ("Credit Note No. 12") that made the model's `invoice` a `credit_note`.
    public var title: String?

    public struct Shadow: Codable, Sendable, Hashable {
        public var label: String
        public var probability: Double
        public var abstained: Bool
        public var model: String
        public var version: Int
        public var ranked: [Ranked]
        public init(label: String, probability: Double, abstained: Bool, model: String, version: Int, ranked: [Ranked]) {
            self.label = label
            self.probability = probability
            self.abstained = abstained
            self.model = model
            self.version = version
            self.ranked = ranked
        }
    }

    /// This classification as another's shadow (what ran beside the one that decided).
    public var asShadow: Shadow {
        Shadow(label: label, probability: probability, abstained: abstained, model: model, version: version, ranked: ranked)
    }

    public init(label: String, probability: Double, abstained: Bool, model: String, version: Int, ranked: [Ranked]) {
        self.label = label
        self.probability = probability
        self.abstained = abstained
        self.model = model
        self.version = version
        self.ranked = ranked
    }

    enum CodingKeys: String, CodingKey {
        case label, probability, abstained, model, version, ranked, backend, route, threshold, shadow, disagreement, calibration, title
        case fallbackReason = "fallback_reason", reportedConfidence = "reported_confidence", typeCode = "type_code"
    }
}

/// The `fields` stage's output: each field's value with its confidence, source and checks, what is
/// missing, and whether the document may go on without a person.
public struct ExtractedFields: StageOutput, Hashable {
    public static let stageKinds: Set<String> = ["fields"]

    public enum Decision: String, Codable, Sendable, Hashable {
        case approve, review
    }

    /// One field as read: the value, how sure, where it came from, what was checked, what else was considered.
    public struct Field: Codable, Sendable, Hashable {
        public var value: JSONValue
        public var confidence: Double
        /// `einvoice`, `template`, `layout`, `ranker`, `capture`, …
        public var strategy: String
        /// The text the value was read from.
        public var text: String
        public var page: Int?
        public var words: [Word]?
        public var checks: [Check]?
        public var alternatives: [Alternative]?

        public init(value: JSONValue, confidence: Double, strategy: String, text: String, page: Int? = nil, words: [Word]? = nil,
                    checks: [Check]? = nil, alternatives: [Alternative]? = nil) {
            self.value = value
            self.confidence = confidence
            self.strategy = strategy
            self.text = text
            self.page = page
            self.words = words
            self.checks = checks
            self.alternatives = alternatives
        }

        /// Whether a check on the value failed.
        public var failedCheck: Bool { checks?.contains { !$0.passed } ?? false }
    }

    /// A word a value was read from: its text, its box in PDF points (origin top left) and, for OCR, its confidence.
    public struct Word: Codable, Sendable, Hashable {
        public var text: String
        /// x0, y0, x1, y1.
        public var box: [Double]
        public var confidence: Double?
        public var page: Int?
        public init(text: String, box: [Double], confidence: Double? = nil, page: Int? = nil) {
            self.text = text
            self.box = box
            self.confidence = confidence
            self.page = page
        }
    }

    /// One check on a field or between fields (`QuireFields.CheckResult`); `reason` is what the reviewer sees.
    public struct Check: Codable, Sendable, Hashable {
        public var name: String
        public var passed: Bool
        public var reason: String
        public init(name: String, passed: Bool, reason: String) {
            self.name = name
            self.passed = passed
            self.reason = reason
        }
    }

    /// Another value that was considered, with its score and why it was a candidate.
    public struct Alternative: Codable, Sendable, Hashable {
        public var value: JSONValue
        public var score: Double?
        public var strategy: String?
        public var text: String
        public var page: Int?
        public var note: String?
        public init(value: JSONValue, score: Double?, strategy: String?, text: String, page: Int? = nil, note: String? = nil) {
            self.value = value
            self.score = score
            self.strategy = strategy
            self.text = text
            self.page = page
            self.note = note
        }
    }

    public struct EInvoiceSource: Codable, Sendable, Hashable {
        public var syntax: String
        public var profile: String
        public init(syntax: String, profile: String) {
            self.syntax = syntax
            self.profile = profile
        }
    }

    public struct TemplateSource: Codable, Sendable, Hashable {
        public var name: String
        public var issuer: String
        public var missingRequired: [String]
        public init(name: String, issuer: String, missingRequired: [String]) {
            self.name = name
            self.issuer = issuer
            self.missingRequired = missingRequired
        }
        enum CodingKeys: String, CodingKey {
            case name, issuer
            case missingRequired = "missing_required"
        }
    }

    /// The schema the document was read with (`invoice`, `credit_note`, `receipt`, …).
    public var schema: String
    public var fields: [String: Field]
    /// The lowest confidence of a required field (0 when one is missing).
    public var confidence: Double
    /// Required fields that were not found.
    public var missing: [String]
    /// Every field's value by name: what an outbox record, a bot and a reviewer start from.
    public var values: [String: JSONValue]
    public var einvoice: EInvoiceSource?
    public var template: TemplateSource?
    public var notes: [String]?
    /// `approve`: no person needs to look; `review`: see `reviewReasons`.
    public var decision: Decision
    public var reviewReasons: [String]
    /// Vendor, number and total: the same invoice whatever its bytes (duplicate detection).
    public var businessKey: String?
    /// Which field ranker chose the values, and what a ranker on trial beside it would have chosen differently.
    public var ranker: RankerUse?

    /// The field ranker a reading used: a registered version of the model `fields`, or the one built into quire.
    public struct RankerUse: Codable, Sendable, Hashable {
        /// The registered version; nil: the ranker built into quire (no version of `fields` is registered).
        public var version: Int?
        /// A version in shadow (runs beside, decides nothing) and the fields it would have read otherwise.
        public var shadowVersion: Int?
        public var shadowDiffers: [String]?

        public init(version: Int?, shadowVersion: Int? = nil, shadowDiffers: [String]? = nil) {
            self.version = version
            self.shadowVersion = shadowVersion
            self.shadowDiffers = shadowDiffers
        }

        enum CodingKeys: String, CodingKey {
            case version
            case shadowVersion = "shadow_version", shadowDiffers = "shadow_differs"
        }
    }

    public init(schema: String, fields: [String: Field], confidence: Double, missing: [String], values: [String: JSONValue],
                einvoice: EInvoiceSource? = nil, template: TemplateSource? = nil, notes: [String]? = nil,
                decision: Decision, reviewReasons: [String], businessKey: String? = nil) {
        self.schema = schema
        self.fields = fields
        self.confidence = confidence
        self.missing = missing
        self.values = values
        self.einvoice = einvoice
        self.template = template
        self.notes = notes
        self.decision = decision
        self.reviewReasons = reviewReasons
        self.businessKey = businessKey
    }

    enum CodingKeys: String, CodingKey {
        case schema, fields, confidence, missing, values, einvoice, template, notes, decision, ranker
        case reviewReasons = "review_reasons", businessKey = "business_key"
    }
}

/// The `review` stage's output: what a person decided (or that no person was needed) and the values that go on.
public struct ReviewOutcome: StageOutput, Hashable {
    public static let stageKinds: Set<String> = ["review"]

    public enum Decision: String, Codable, Sendable, Hashable {
        /// A person approved the item, with or without corrections.
        case approved
        /// Nothing asked for a person and the item was not drawn for the audit sample.
        case notNeeded = "not_needed"
    }

    public var decision: Decision
    /// The extracted values with the reviewers' corrections applied.
    public var values: [String: JSONValue]
    public var reviewers: [String]?
    /// Only what the reviewers changed.
    public var corrections: [String: JSONValue]?
    /// The type a reviewer confirmed or chose, else the classifier's.
    public var documentType: String?
    public var typeChanged: Bool?
    /// The review's actions in order (claim, correct, approve, …) with who and when.
    public var actions: [JSONValue]?

    public init(decision: Decision, values: [String: JSONValue], reviewers: [String]? = nil, corrections: [String: JSONValue]? = nil,
                documentType: String? = nil, typeChanged: Bool? = nil, actions: [JSONValue]? = nil) {
        self.decision = decision
        self.values = values
        self.reviewers = reviewers
        self.corrections = corrections
        self.documentType = documentType
        self.typeChanged = typeChanged
        self.actions = actions
    }

    enum CodingKeys: String, CodingKey {
        case decision, values, reviewers, corrections, actions
        case documentType = "document_type", typeChanged = "type_changed"
    }
}

/// The `bot` stage's output: which bot did what for the item, how long it took, and what it returned.
public struct BotDispatch: StageOutput, Hashable {
    public static let stageKinds: Set<String> = ["bot"]

    /// A file the bot left as evidence (a screenshot, a receipt), kept as a blob.
    public struct Evidence: Codable, Sendable, Hashable {
        public var kind: String
        public var name: String
        public var sha256: String
        public var size: Int
        public var mediaType: String?
        public init(kind: String, name: String, sha256: String, size: Int, mediaType: String?) {
            self.kind = kind
            self.name = name
            self.sha256 = sha256
            self.size = size
            self.mediaType = mediaType
        }
        enum CodingKeys: String, CodingKey {
            case kind, name, sha256, size
            case mediaType = "media_type"
        }
    }

    /// The bot's name (its manifest's).
    public var bot: String
    public var action: String
    /// What the target system sees to recognise a retry of the same dispatch.
    public var idempotencyKey: String
    public var attempt: Int
    public var seconds: Double
    /// The bot's own result code and message.
    public var code: String
    public var message: String
    /// What the bot returned (its result's `output`), as it returned it.
    public var output: JSONValue
    public var evidence: [Evidence]

    public init(bot: String, action: String, idempotencyKey: String, attempt: Int, seconds: Double, code: String, message: String,
                output: JSONValue, evidence: [Evidence]) {
        self.bot = bot
        self.action = action
        self.idempotencyKey = idempotencyKey
        self.attempt = attempt
        self.seconds = seconds
        self.code = code
        self.message = message
        self.output = output
        self.evidence = evidence
    }

    enum CodingKeys: String, CodingKey {
        case bot, action, attempt, seconds, code, message, output, evidence
        case idempotencyKey = "idempotency_key"
    }
}

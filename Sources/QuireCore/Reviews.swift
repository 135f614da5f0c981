public import Foundation

/// An item waiting for, or held by, a person in a review queue.
public struct Review: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Codable, CaseIterable { case open, claimed, decided }

    public var item: ItemID
    public var pipeline: String
    public var queue: String
    public var priority: Int
    /// Why it is here, for the reviewer.
    public var reasons: [String]
    /// When it should be decided (the SLA deadline).
    public var due: Date?
    public var state: State
    public var claimedBy: String?
    public var leaseUntil: Date?
    /// Bumped by every change; a submit names the version it saw (compare-and-swap).
    public var version: Int
    /// The decision, once there is one: action, values, reviewer(s).
    public var decision: JSONValue?
    /// Reviewers who approved so far (four eyes needs two different ones).
    public var approvals: [String]
    public var createdAt: Date
    public var updatedAt: Date
    /// The stage that asked (a `review` stage, or a bot stage whose bot answered `needs_human`);
    /// nil on reviews opened before rounds existed (a review stage's).
    public var stage: String?
    /// Which round of review this is on the item (1 first): an item may be reviewed again later in
    /// its pipeline, each round with its own queue, reasons, SLA, claim and decision.
    public var round: Int
    /// What the asking stage adds for the reviewer: a bot's code, message and evidence.
    public var context: JSONValue?

    public init(item: ItemID, pipeline: String, queue: String, priority: Int, reasons: [String], due: Date?, state: State = .open,
                claimedBy: String? = nil, leaseUntil: Date? = nil, version: Int = 1, decision: JSONValue? = nil, approvals: [String] = [],
                createdAt: Date, updatedAt: Date, stage: String? = nil, round: Int = 1, context: JSONValue? = nil) {
        self.stage = stage
        self.round = round
        self.context = context
        self.item = item
        self.pipeline = pipeline
        self.queue = queue
        self.priority = priority
        self.reasons = reasons
        self.due = due
        self.state = state
        self.claimedBy = claimedBy
        self.leaseUntil = leaseUntil
        self.version = version
        self.decision = decision
        self.approvals = approvals
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

extension Review {
    /// Whether this review is the one `stage` asked for (a review from before rounds existed has no
    /// stage and belongs to the pipeline's review stage).
    public func asked(by stage: String, isReviewStage: Bool) -> Bool {
        self.stage.map { $0 == stage } ?? isReviewStage
    }

    /// The round a stage's new question opens, given the item's current review: the same round
    /// while that one is the stage's own and still undecided, else the next.
    public static func round(for stage: String, isReviewStage: Bool, existing: Review?) -> Int {
        guard let existing else { return 1 }
        if existing.asked(by: stage, isReviewStage: isReviewStage) && existing.state != .decided { return existing.round }
        return existing.round + 1
    }
}

/// What a bot asked a person (`Review.context` of a round a bot stage opened): its code and
/// message, and the evidence it left (screenshots, kept as blobs).
public struct BotQuestion: StoredJSON, Hashable {
    public var bot: String
    public var action: String
    public var code: String
    public var message: String
    public var evidence: [BotDispatch.Evidence]

    public init(bot: String, action: String, code: String, message: String, evidence: [BotDispatch.Evidence]) {
        self.bot = bot
        self.action = action
        self.code = code
        self.message = message
        self.evidence = evidence
    }
}

extension Review {
    /// The bot's question, when a bot stage opened this round.
    public var botQuestion: BotQuestion? { context.flatMap { try? BotQuestion(json: $0) } }

    /// The evidence file a picture request names, only if this round's question lists it (a
    /// reviewer sees what the bot left for this question, never any other stored file), with the
    /// kind of file it is (``BotDispatch/Evidence/pictureKind``).
    public func evidenceToDraw(_ hash: String) throws -> (BlobID, String) {
        guard let e = botQuestion?.evidence.first(where: { $0.sha256 == hash }), let blob = BlobID(e.sha256) else {
            throw QuireError(.notFound, "the review of \(item) lists no evidence \(hash.prefix(12))…; only files the bot left for this round are drawn")
        }
        guard let kind = e.pictureKind else {
            throw QuireError(.unsupportedInput, "\(e.name) is not a picture (\(e.mediaType ?? "no media type")); only \(PictureRequest.drawable.sorted().joined(separator: ", ")) files are drawn")
        }
        return (blob, kind)
    }
}

extension BotDispatch.Evidence {
    /// The kind of file `page.picture` draws this as (its media type's subtype, else its name's
    /// extension), or nil when it is no picture (a log, an HTML page).
    public var pictureKind: String? {
        let fromType = mediaType.flatMap { $0.split(separator: "/").last.map { String($0).lowercased() } }
        let fromName = (name as NSString).pathExtension.lowercased()
        return [fromType, fromName].compactMap { $0 }.first { PictureRequest.drawable.contains($0) }
    }
}

extension Array where Element == ReviewAction {
    /// The actions of the item's current review round (those after the last round opened).
    public var currentRound: [ReviewAction] {
        guard let i = lastIndex(where: { $0.action == "round" }) else { return self }
        return Array(self[index(after: i)...])
    }
}

/// One thing a person did on a review, with the values before and after.
public struct ReviewAction: Sendable, Hashable {
    public var item: ItemID
    public var action: String
    public var actor: String
    public var before: JSONValue
    public var after: JSONValue
    public var reasonCode: String?
    public var note: String?
    public var seconds: Double
    public var at: Date

    public init(item: ItemID, action: String, actor: String, before: JSONValue = .null, after: JSONValue = .null, reasonCode: String? = nil,
                note: String? = nil, seconds: Double = 0, at: Date) {
        self.item = item
        self.action = action
        self.actor = actor
        self.before = before
        self.after = after
        self.reasonCode = reasonCode
        self.note = note
        self.seconds = seconds
        self.at = at
    }
}

/// What a person decided on a review, as the store keeps it (`Review.decision`, and the `after` of the
/// approve or reject action): approve with corrections and perhaps another document type, or reject
/// with a reason. Written by the review service; read by the review stage, statistics and the report.
public struct ReviewDecision: StoredJSON, Hashable {
    public enum Action: String, Codable, Sendable, Hashable {
        case approve, reject
    }

    public var action: Action
    /// Who decided: one name, or two under four eyes.
    public var reviewers: [String]
    /// Only the fields the reviewers changed, with their new values.
    public var corrections: [String: JSONValue]?
    /// The document type a reviewer chose instead of the classifier's.
    public var documentType: String?
    /// A rejection's reason code and note.
    public var reason: String?
    public var note: String?

    public init(action: Action, reviewers: [String], corrections: [String: JSONValue]? = nil, documentType: String? = nil,
                reason: String? = nil, note: String? = nil) {
        self.action = action
        self.reviewers = reviewers
        self.corrections = corrections
        self.documentType = documentType
        self.reason = reason
        self.note = note
    }

    /// Whether the reviewers changed anything: a value or the type.
    public var corrected: Bool { !(corrections ?? [:]).isEmpty || documentType != nil }

    enum CodingKeys: String, CodingKey {
        case action, reviewers, corrections, reason, note
        case documentType = "document_type"
    }

    /// Reads a stored decision; nil where there is none or it is of another shape.
    public init?(stored: JSONValue?) {
        guard let stored, stored != .null, let d = try? Self(json: stored) else { return nil }
        self = d
    }
}

extension Review {
    /// The stored decision, typed; nil while there is none.
    public var decided: ReviewDecision? { ReviewDecision(stored: decision) }
}

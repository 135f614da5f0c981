public import Foundation

/// An item waiting for, or held by, a person in a review queue.
public struct Review: Sendable, Hashable {
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

    public init(item: ItemID, pipeline: String, queue: String, priority: Int, reasons: [String], due: Date?, state: State = .open,
                claimedBy: String? = nil, leaseUntil: Date? = nil, version: Int = 1, decision: JSONValue? = nil, approvals: [String] = [],
                createdAt: Date, updatedAt: Date) {
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

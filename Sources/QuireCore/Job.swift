public import Foundation

/// Identifies a job (one stage run for one item). Assigned by the store.
public typealias JobID = Int64

/// The fencing token handed out with every claim. A heartbeat or completion that
/// carries an older token than the job's current one is refused.
public struct LeaseToken: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: Int64
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(Int64.self) }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
    public var description: String { String(rawValue) }
}

/// Where a job is in its life. Active jobs (ready, leased) live in the hot table;
/// finished ones move to the history table.
public enum JobState: String, Sendable, Codable, CaseIterable {
    case ready
    case leased
    /// Finished with `done`.
    case done
    /// Finished with a business error, needs-human or cancel: the item left the automatic path.
    case stopped
    /// Retries ran out (or the error was not retryable): dead letter.
    case dead
    /// Cancelled by an operator.
    case cancelled
    /// Replaced: the stage ran again after an operator retry, or its `when` was false.
    case skipped

    public var isActive: Bool { self == .ready || self == .leased }
}

/// A job to be queued.
public struct JobDraft: Sendable, Hashable {
    public var stageID: String
    public var kind: String
    public var priority: Int
    public var runAt: Date
    public var deadline: Date?
    public var maxAttempts: Int
    public var input: JSONValue
    /// 0 for an ordinary job; 1...n for the parts of a fan-out stage (`each:`), one per element.
    public var part: Int

    public init(stageID: String, kind: String, priority: Int = 0, runAt: Date, deadline: Date? = nil, maxAttempts: Int = 5,
                input: JSONValue = .emptyObject, part: Int = 0) {
        self.part = part
        self.stageID = stageID
        self.kind = kind
        self.priority = priority
        self.runAt = runAt
        self.deadline = deadline
        self.maxAttempts = maxAttempts
        self.input = input
    }
}

/// A job as the store holds it.
public struct Job: Sendable, Hashable, Codable {
    public var id: JobID
    public var itemID: ItemID
    public var pipeline: String
    public var stageID: String
    /// 0 for an ordinary job; 1...n for the parts of a fan-out stage.
    public var part: Int
    public var kind: String
    public var state: JobState
    public var priority: Int
    public var deadline: Date?
    public var runAt: Date
    /// Claims so far (a rescued or retried job counts each claim).
    public var attempts: Int
    public var maxAttempts: Int
    public var leaseOwner: String?
    public var leaseExpiresAt: Date?
    public var token: LeaseToken
    public var input: JSONValue
    public var output: JSONValue?
    public var lastError: String?
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?

    public init(
        id: JobID, itemID: ItemID, pipeline: String, stageID: String, part: Int = 0, kind: String, state: JobState, priority: Int,
        deadline: Date?, runAt: Date, attempts: Int, maxAttempts: Int, leaseOwner: String?, leaseExpiresAt: Date?,
        token: LeaseToken, input: JSONValue, output: JSONValue?, lastError: String?, createdAt: Date,
        startedAt: Date?, finishedAt: Date?
    ) {
        self.id = id
        self.itemID = itemID
        self.pipeline = pipeline
        self.stageID = stageID
        self.part = part
        self.kind = kind
        self.state = state
        self.priority = priority
        self.deadline = deadline
        self.runAt = runAt
        self.attempts = attempts
        self.maxAttempts = maxAttempts
        self.leaseOwner = leaseOwner
        self.leaseExpiresAt = leaseExpiresAt
        self.token = token
        self.input = input
        self.output = output
        self.lastError = lastError
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }
}

/// A job handed to a worker: the job with the lease it holds, its item, and the outputs of
/// the item's finished stages (read in the claim's transaction, so running a job needs no
/// further reads).
public struct ClaimedJob: Sendable, Hashable {
    public var job: Job
    public var item: Item
    /// Outputs of the item's finished stages by stage id (the latest run of each).
    public var outputs: [String: JSONValue]
    public var token: LeaseToken { job.token }
    public var leaseExpiresAt: Date { job.leaseExpiresAt ?? job.runAt }
    public init(job: Job, item: Item, outputs: [String: JSONValue]) {
        self.job = job
        self.item = item
        self.outputs = outputs
    }
}

extension Job {
    /// Outputs of an item's finished stages by stage id, from its done runs in order: the latest
    /// run of each stage; for a fan-out stage, the list of its parts' outputs in part order.
    public static func stageOutputs(_ runs: [(stageID: String, part: Int, output: JSONValue)]) -> [String: JSONValue] {
        var outputs: [String: JSONValue] = [:]
        var parts: [String: [Int: JSONValue]] = [:]
        for r in runs {
            if r.part == 0 { outputs[r.stageID] = r.output } else { parts[r.stageID, default: [:]][r.part] = r.output }
        }
        for (stage, byPart) in parts { outputs[stage] = .array(byPart.keys.sorted().map { byPart[$0]! }) }
        return outputs
    }
}

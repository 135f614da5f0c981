public import Foundation
public import QuireCore

/// Items: intake, lookup, an operator's state changes, events and business keys.
public protocol ItemStore: Sendable {
    /// Records a new item with its first jobs, or finds the item it duplicates.
    func intake(_ request: IntakeRequest) async throws -> IntakeResult
    /// Records several intakes in one commit (group commit of files that arrive together), each
    /// as `intake` would, in order, so a later one can find an earlier one of the batch as its
    /// original. One that fails is left out alone: its error stands in its place.
    func intake(batch: [IntakeRequest]) async throws -> [Result<IntakeResult, QuireError>]
    func item(_ id: ItemID) async throws -> Item?
    func item(intakeKey: String) async throws -> Item?
    func items(_ query: ItemQuery) async throws -> [Item]
    /// Changes an item's state outside a job (operator retry or cancel).
    func transition(_ transition: ItemTransition) async throws -> Item
    /// The item's events, oldest first.
    func events(of item: ItemID) async throws -> [Event]
    /// Records that `item` holds a business key in its pipeline (vendor + invoice number + total).
    /// Returns the earlier item that already holds it, or nil when `item` holds it now. A key
    /// whose holder was cancelled or failed passes to the new item.
    func claimBusinessKey(pipeline: String, key: String, item: ItemID, now: Date) async throws -> ItemID?
}

extension ItemStore {
    /// One commit per intake; drivers that can do better override it.
    public func intake(batch: [IntakeRequest]) async throws -> [Result<IntakeResult, QuireError>] {
        var results: [Result<IntakeResult, QuireError>] = []
        for r in batch {
            do {
                results.append(.success(try await intake(r)))
            } catch let e as QuireError {
                results.append(.failure(e))
            } catch {
                results.append(.failure(QuireError(.storage, "\(error)", cause: error)))
            }
        }
        return results
    }
}

/// A new item and its first jobs.
public struct IntakeRequest: Sendable {
    public var item: Item
    public var jobs: [JobDraft]
    /// Unique per intake attempt (the spool's claim name); a second intake with the same key returns the first item.
    public var intakeKey: String?
    /// Link the item to an earlier item of the same pipeline with the same content hash.
    public var deduplicate: Bool
    public var eventData: JSONValue
    /// Commit with a full fsync (default). Intake of files always wants this: the original is
    /// deleted right after. Benchmarks that only fill a queue may turn it off.
    public var durable: Bool

    public init(item: Item, jobs: [JobDraft], intakeKey: String? = nil, deduplicate: Bool = true, eventData: JSONValue = .emptyObject, durable: Bool = true) {
        self.item = item
        self.durable = durable
        self.jobs = jobs
        self.intakeKey = intakeKey
        self.deduplicate = deduplicate
        self.eventData = eventData
    }
}

public enum IntakeResult: Sendable, Hashable {
    /// A new item; its first jobs are queued.
    case created(Item)
    /// The same bytes were already accepted: recorded as a duplicate linked to `original`.
    case duplicate(Item, original: Item)
    /// The intake key or idempotency key was already used: the earlier item, unchanged.
    case existing(Item)

    public var item: Item {
        switch self {
        case .created(let i), .duplicate(let i, _), .existing(let i): return i
        }
    }
}

public struct ItemQuery: Sendable {
    public var pipeline: String?
    public var states: [ItemState]?
    public var limit: Int
    /// Items created before this id (for paging, newest first).
    public var before: ItemID?
    /// Only items of these tenants (a token's tenants); nil: every item.
    public var tenants: [String]?
    /// Only items created at or after `since` and before `until`.
    public var since: Date?
    public var until: Date?
    public init(pipeline: String? = nil, states: [ItemState]? = nil, limit: Int = 50, before: ItemID? = nil, tenants: [String]? = nil,
                since: Date? = nil, until: Date? = nil) {
        self.pipeline = pipeline
        self.states = states
        self.limit = limit
        self.before = before
        self.tenants = tenants
        self.since = since
        self.until = until
    }
}

/// An event to append.
public struct EventDraft: Sendable, Hashable {
    public var kind: String
    public var stageID: String?
    public var jobID: JobID?
    public var data: JSONValue
    public init(kind: String, stageID: String? = nil, jobID: JobID? = nil, data: JSONValue = .emptyObject) {
        self.kind = kind
        self.stageID = stageID
        self.jobID = jobID
        self.data = data
    }
}

/// An operator's change of an item's state.
public struct ItemTransition: Sendable {
    public var item: ItemID
    /// The change is refused (`invalidState`) unless the item is in one of these states.
    public var allowedFrom: [ItemState]
    public var to: ItemState
    public var reason: String?
    /// Move the item's active jobs to history as cancelled.
    public var cancelActiveJobs: Bool
    public var enqueue: [JobDraft]
    public var events: [EventDraft]
    public var now: Date
    public init(item: ItemID, allowedFrom: [ItemState], to: ItemState, reason: String? = nil, cancelActiveJobs: Bool = false,
                enqueue: [JobDraft] = [], events: [EventDraft] = [], now: Date) {
        self.item = item
        self.allowedFrom = allowedFrom
        self.to = to
        self.reason = reason
        self.cancelActiveJobs = cancelActiveJobs
        self.enqueue = enqueue
        self.events = events
        self.now = now
    }
}

public import Foundation

/// Identifies an item (one document or one bot capture) for its whole life.
public struct ItemID: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// An id as ``generate(at:)`` makes them (`itm_` and 22 lower-case hex digits), or nil: for ids that
    /// come from outside (a query, a command line) before they reach the store.
    public init?(parsing text: String) {
        guard text.utf8.count == 26, text.hasPrefix("itm_"), text.utf8.dropFirst(4).allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else { return nil }
        self.rawValue = text
    }

    /// A new, time-ordered identifier: `itm_` + 12 hex digits of milliseconds + 10 random hex digits.
    public static func generate(at date: Date = Date()) -> ItemID {
        let ms = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        let random = UInt64.random(in: 0..<(1 << 40))
        return ItemID("itm_" + hex(ms, width: 12) + hex(random, width: 10))
    }

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
    public var description: String { rawValue }
    public static func < (a: ItemID, b: ItemID) -> Bool { a.rawValue < b.rawValue }
}

func hex(_ value: UInt64, width: Int) -> String {
    let s = String(value, radix: 16)
    return String(repeating: "0", count: max(0, width - s.count)) + s
}

/// Where an item came from.
public enum ItemSource: String, Sendable, Codable, CaseIterable {
    /// A file dropped into `inbox/<pipeline>/`.
    case spool
    /// `quire drop` / `quire submit` on the command line.
    case cli
    /// The HTTP API.
    case api
}

/// The life of an item. Terminal states: done, failed, cancelled, duplicate.
public enum ItemState: String, Sendable, Codable, CaseIterable {
    /// Accepted; its first job is queued.
    case received
    /// At least one stage has run; more are queued or running.
    case processing
    /// Waiting for a person (the review issue builds the queue on this state).
    case needsHuman = "needs_human"
    /// A stage reported a business error; it waits for a person or the exception queue.
    case exception
    /// Every stage finished.
    case done
    /// Dead-lettered after its retries ran out.
    case failed
    /// Cancelled by an operator or by a stage.
    case cancelled
    /// The same bytes were already accepted; linked to the first item.
    case duplicate

    public var isTerminal: Bool {
        switch self {
        case .done, .failed, .cancelled, .duplicate: return true
        default: return false
        }
    }
}

/// An accepted document or capture.
public struct Item: Sendable, Codable, Hashable {
    public var id: ItemID
    public var pipeline: String
    public var source: ItemSource
    /// The original file name (or the name the submitter gave).
    public var name: String
    /// sha256 of the content, hex; the key into the blob store.
    public var contentHash: String
    public var size: Int64
    public var mediaType: String
    public var state: ItemState
    public var priority: Int
    public var tenant: String?
    public var externalRef: String?
    /// Caller-chosen key that makes a submit idempotent (unique per pipeline).
    public var idempotencyKey: String?
    /// Free-form metadata from the sidecar or the submitter.
    public var metadata: JSONValue
    public var duplicateOf: ItemID?
    /// Why the item ended as it did (failed, cancelled, exception, needs human).
    public var reason: String?
    public var createdAt: Date
    public var updatedAt: Date
    /// Bumped on every change; a compare-and-swap guard for later review actions.
    public var version: Int

    public init(
        id: ItemID, pipeline: String, source: ItemSource, name: String, contentHash: String, size: Int64,
        mediaType: String, state: ItemState = .received, priority: Int = 0, tenant: String? = nil,
        externalRef: String? = nil, idempotencyKey: String? = nil, metadata: JSONValue = .emptyObject,
        duplicateOf: ItemID? = nil, reason: String? = nil, createdAt: Date, updatedAt: Date, version: Int = 1
    ) {
        self.id = id
        self.pipeline = pipeline
        self.source = source
        self.name = name
        self.contentHash = contentHash
        self.size = size
        self.mediaType = mediaType
        self.state = state
        self.priority = priority
        self.tenant = tenant
        self.externalRef = externalRef
        self.idempotencyKey = idempotencyKey
        self.metadata = metadata
        self.duplicateOf = duplicateOf
        self.reason = reason
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }
}

public import Foundation
public import QuireCore

/// What `quire review` needs from wherever the queue is: this home's store (``LocalReviewBackend``)
/// or a server's API (the CLI's HTTP backend, `quire review --server`). The screen and its keys
/// are the same either way.
public protocol ReviewBackend: Sendable {
    /// Checks corrected values beyond their type as they are typed (nil: type checks only).
    var validator: FieldValidator? { get }
    func rows(queue: String?) async throws -> [QueueRow]
    /// Claims the item (or the next one in `queue`) and loads what the screen shows of it; nil when
    /// there is nothing to claim or someone else holds it.
    func claim(reviewer: String, queue: String?, item: ItemID?) async throws -> ItemDetail?
    func heartbeat(_ item: ItemID, reviewer: String) async throws
    /// True when the approval decided the review (false: a second reviewer must approve too).
    func approve(_ item: ItemID, reviewer: String, version: Int, corrections: [String: JSONValue], documentType: String?,
                 total: JSONValue?, fourEyesAbove: Double?, original: [String: JSONValue], started: Date?) async throws -> Bool
    func reject(_ item: ItemID, reviewer: String, version: Int, reason: String, note: String?, started: Date?) async throws
    func skip(_ item: ItemID, reviewer: String) async throws
    func escalate(_ item: ItemID, reviewer: String, version: Int, to queue: String, comment: String) async throws
    func release(_ item: ItemID, by supervisor: String, note: String) async throws
}

/// The queue in this home's store, through the review service.
public struct LocalReviewBackend: ReviewBackend {
    public let service: ReviewService
    public let data: ReviewData

    public init(service: ReviewService, data: ReviewData) {
        self.service = service
        self.data = data
    }

    public var validator: FieldValidator? { service.validator }
    public func rows(queue: String?) async throws -> [QueueRow] { try await data.rows(queue: queue) }
    public func claim(reviewer: String, queue: String?, item: ItemID?) async throws -> ItemDetail? {
        guard let r = try await service.claim(reviewer: reviewer, queue: queue, item: item) else { return nil }
        return try await data.detail(r)
    }
    public func heartbeat(_ item: ItemID, reviewer: String) async throws { try await service.heartbeat(item, reviewer: reviewer) }
    public func approve(_ item: ItemID, reviewer: String, version: Int, corrections: [String: JSONValue], documentType: String?,
                        total: JSONValue?, fourEyesAbove: Double?, original: [String: JSONValue], started: Date?) async throws -> Bool {
        try await service.approve(item, reviewer: reviewer, version: version, corrections: corrections, documentType: documentType,
                                  total: total, fourEyesAbove: fourEyesAbove, original: original, started: started).state == .decided
    }
    public func reject(_ item: ItemID, reviewer: String, version: Int, reason: String, note: String?, started: Date?) async throws {
        _ = try await service.reject(item, reviewer: reviewer, version: version, reason: reason, note: note, started: started)
    }
    public func skip(_ item: ItemID, reviewer: String) async throws { try await service.skip(item, reviewer: reviewer) }
    public func escalate(_ item: ItemID, reviewer: String, version: Int, to queue: String, comment: String) async throws {
        _ = try await service.escalate(item, reviewer: reviewer, version: version, to: queue, comment: comment)
    }
    public func release(_ item: ItemID, by supervisor: String, note: String) async throws { try await service.release(item, by: supervisor, note: note) }
}

// The wire form of what `quire review --server` reads (the server and the CLI are one version).
extension ItemDetail: StoredJSON {}
extension QueueRow: StoredJSON {}

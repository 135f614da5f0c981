public import Foundation
public import QuireCore

/// Stage services for running one stage outside an appliance: no blob store (only the blobs given,
/// readable), no jobs or events, no isolation, and no business keys held (every item is the first).
public struct NullStageServices: StageServices {
    /// Blobs `readBlob` answers with, by their hash.
    public var blobs: [BlobID: Data]
    public init(blobs: [BlobID: Data] = [:]) { self.blobs = blobs }
    public func withBlobFile<T>(hash: BlobID, _ body: (String) async throws -> T) async throws -> T {
        throw QuireError(.notFound, "no blob store here (blob \(hash))")
    }
    public func readBlob(hash: BlobID) throws -> Data {
        guard let data = blobs[hash] else { throw QuireError(.notFound, "no blob store here (blob \(hash))") }
        return data
    }
    public func copyBlob(hash: BlobID, to path: String) throws { throw QuireError(.notFound, "no blob store here (blob \(hash))") }
    public func jobs(of item: ItemID) async throws -> [Job] { [] }
    public func events(of item: ItemID) async throws -> [Event] { [] }
    public var outboxDirectory: String { "/nonexistent" }
    public func putBlob(_ bytes: [UInt8]) throws -> String { "" }
    public var isolation: (any IsolatedRunner)? { nil }
    public func claimBusinessKey(_ key: String, item: Item) async throws -> ItemID? { nil }

    /// A leased job of `stage` for `item`, as the scheduler would hand it to the stage.
    public static func job(for item: Item, stage: String) -> Job {
        Job(id: JobID(1), itemID: item.id, pipeline: item.pipeline, stageID: stage, kind: stage, state: .leased, priority: 0, deadline: nil,
            runAt: Date(), attempts: 1, maxAttempts: 3, leaseOwner: nil, leaseExpiresAt: nil, token: LeaseToken(1), input: .emptyObject,
            output: nil, lastError: nil, createdAt: Date(), startedAt: nil, finishedAt: nil)
    }
}

public import Foundation
public import QuireCore
public import QuireStore

/// The ``StageServices`` stages get: blob paths, the item's jobs and events, the outbox folder.
public struct EngineServices: StageServices {
    public let store: any Store
    public let blobs: BlobStore
    public let outboxDirectory: String
    public let isolation: (any IsolatedRunner)?

    public init(store: any Store, blobs: BlobStore, outboxDirectory: String, isolation: (any IsolatedRunner)? = nil) {
        self.store = store
        self.blobs = blobs
        self.outboxDirectory = outboxDirectory
        self.isolation = isolation
    }

    public func putBlob(_ bytes: [UInt8]) throws -> String {
        try blobs.put(data: Data(bytes)).hash
    }

    public func withBlobFile<T>(hash: BlobID, _ body: (String) async throws -> T) async throws -> T { try await blobs.withFile(hash, body) }
    public func readBlob(hash: BlobID) throws -> Data { try blobs.read(hash) }
    public func copyBlob(hash: BlobID, to path: String) throws { try blobs.copy(hash, to: path) }
    public func jobs(of item: ItemID) async throws -> [Job] { try await store.jobs(of: item) }
    public func events(of item: ItemID) async throws -> [Event] { try await store.events(of: item) }
    /// Business keys are a tenant's own: another tenant's invoice with the same vendor, number and
    /// total is not a duplicate of this one (and must not reveal that it exists).
    public func claimBusinessKey(_ key: String, item: Item) async throws -> ItemID? {
        let scoped = item.tenant.map { "tenant:\($0)\u{1F}" + key } ?? key
        return try await store.claimBusinessKey(pipeline: item.pipeline, key: scoped, item: item.id, now: Date())
    }
}

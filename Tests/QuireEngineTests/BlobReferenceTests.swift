import Foundation
import Logging
import QuireAppliance
import QuireBots
import QuireCore
import QuireEngine
import QuireStore
import QuireTesting
import Testing

/// Blob ids that come from outside (item metadata, job outputs, database rows) are parsed as
/// ``BlobID`` before they name a file, and retention deletes a blob only when nothing else holds it.
@Suite("Blob references")
struct BlobReferenceTests {
    static let pipeline = TestAppliance.pipeline(stages: """
          - id: identify
            use: file.identify
        """) + "policies:\n  retention: 1h\n"

    func doneItem(_ t: TestAppliance, hash: String, metadata: JSONValue, updated: Date) async throws -> Item {
        var item = Item(id: ItemID.generate(at: updated), pipeline: "invoices", source: .cli, name: "x.pdf", contentHash: hash, size: 10,
                        mediaType: "pdf", metadata: metadata, createdAt: updated, updatedAt: updated)
        item.state = .done
        guard case .created(let i) = try await t.store.intake(IntakeRequest(item: item, jobs: [], deduplicate: false)) else {
            throw QuireError(.internal, "not created")
        }
        return i
    }

    @Test func blobIDsParseOnlyFromSixtyFourLowercaseHexDigits() throws {
        let good = String(repeating: "ab", count: 32)
        #expect(BlobID(good)?.hex == good)
        for bad in ["", "../../../data/audit.key", String(repeating: "AB", count: 32), String(good.dropLast()), good + "0",
                    String(repeating: "g", count: 64), "/" + String(good.dropFirst()), String(good.dropLast()) + "\n"] {
            #expect(BlobID(bad) == nil, "\(bad)")
        }
        #expect(throws: QuireError.self) { try BlobID(validating: "../x", what: "attachments[0].sha256") }
        #expect(throws: (any Error).self) { try JSONDecoder().decode(BlobID.self, from: Data("\"../../etc/passwd\"".utf8)) }
    }

    /// Someone with write access to the database points an item's attachment at a file outside
    /// the blob folder (and another item's content hash at one): retention and the stages never
    /// touch it, and a blob another item still holds as an attachment is kept.
    @Test func retentionNeverFollowsAPathAndKeepsBlobsOthersHold() async throws {
        let t = try TestAppliance(pipelines: ["invoices.yaml": Self.pipeline])
        defer { t.remove() }
        // A file outside the home that a traversal would reach from the blob folder.
        let victim = t.directory.file("victim.key")
        try Data("secret".utf8).write(to: URL(fileURLWithPath: victim))
        let blobsRoot = t.appliance.blobs.root
        let traversal = String(repeating: "../", count: blobsRoot.split(separator: "/").count) + String(victim.dropFirst())
        // How the blob store joined an id into a path before ids were parsed: this one names the victim.
        let joined = "\(blobsRoot)/sha256/\(traversal.prefix(2))/\(traversal.dropFirst(2).prefix(2))/\(traversal)"
        #expect(FileManager.default.fileExists(atPath: joined), "the traversal does reach the victim: \(joined)")

        let own = try t.appliance.blobs.put(data: Data("the old item's original".utf8))
        let shared = try t.appliance.blobs.put(data: Data("an attachment two items hold".utf8))
        let other = try t.appliance.blobs.put(data: Data("the newer item's original".utf8))
        let attachment: (BlobStore.Stored) -> JSONValue = { ["name": "a.png", "sha256": .string($0.hash)] }
        let old = Date().addingTimeInterval(-7200)
        let expired = try await doneItem(t, hash: own.hash, metadata: ["attachments": [attachment(shared), ["name": "k", "sha256": .string(traversal)]]], updated: old)
        _ = try await doneItem(t, hash: traversal, metadata: ["attachments": [attachment(shared)]], updated: Date())
        _ = try await doneItem(t, hash: other.hash, metadata: .emptyObject, updated: Date())

        let reports = try await t.appliance.purgeExpired(by: "test")
        #expect(reports.first?.items == 1, "only the expired item is purged")
        #expect(FileManager.default.fileExists(atPath: victim), "a path in the metadata never names a file to delete")
        #expect(!t.appliance.blobs.contains(own.id), "the expired item's own original goes")
        #expect(t.appliance.blobs.contains(shared.id), "an attachment another item still holds stays")
        #expect(t.appliance.blobs.contains(other.id))
        #expect(try await t.store.item(expired.id)?.metadata["purged_at"] != nil)
    }

    /// An item recorded with a content hash that is a path: a stage reading its original gets a
    /// clear error, never the file the path names.
    @Test func aStageNeverReadsAnOriginalWhoseHashIsAPath() async throws {
        let t = try TestAppliance(pipelines: ["invoices.yaml": Self.pipeline])
        defer { t.remove() }
        let item = Item(id: ItemID.generate(), pipeline: "invoices", source: .cli, name: "x.pdf", contentHash: "../../../../../../etc/hostname", size: 10,
                        mediaType: "pdf", createdAt: Date(), updatedAt: Date())
        let job = NullStageServices.job(for: item, stage: "identify")
        let context = StageContext(item: item, job: job,
                                   settings: .emptyObject, outputs: [:], pipeline: t.appliance.catalog["invoices"]!.spec,
                                   logger: .init(label: "test"), services: NullStageServices())
        // `storage` (the row is not what Quire wrote), before any blob store is asked.
        do {
            _ = try await context.withOriginal { _ in 1 }
            Issue.record("a path as content hash was used")
        } catch let e as QuireError {
            #expect(e.code == .storage, "\(e)")
        }
    }
}

/// A pipeline's webhook secret comes from the secrets file only, never from quire's environment
/// (security finding 10).
@Suite("Webhook secrets")
struct WebhookSecretTests {
    @Test func aPipelineCannotNameAnEnvironmentVariableAsItsWebhookSecret() throws {
        let t = try TestAppliance(pipelines: ["invoices.yaml": TestAppliance.pipeline(stages: """
              - id: identify
                use: file.identify
            """) + "webhooks:\n  - url: http://127.0.0.1:9/hook\n    secret: DB_PASSWORD\n  - url: http://127.0.0.1:9/hook2\n    secret: HOOK_SECRET\n"])
        defer { t.remove() }
        try Data("HOOK_SECRET: from-the-file\n".utf8).write(to: URL(fileURLWithPath: t.appliance.configuration.secretsFile))
        _ = chmod(t.appliance.configuration.secretsFile, 0o600)
        let service = try t.appliance.webhookService(environment: ["DB_PASSWORD": "hunter2", "HOOK_SECRET": "from-the-environment"])
        #expect(service.secrets["DB_PASSWORD"] == nil, "an environment variable is not a webhook secret")
        #expect(service.secrets["HOOK_SECRET"] == "from-the-file")
    }
}

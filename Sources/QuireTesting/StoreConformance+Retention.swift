public import Foundation
public import QuireCore
public import QuireStore
import Testing

extension StoreConformance {
    /// The checks of ``RetentionStore``.
    public static let retention: [Check] = [
        ("blob references are counted", blobReferencesAreCounted),
    ]

    /// A blob is in use while another unpurged item holds it as content, in its metadata or in a
    /// stage's output; not once only the asking item holds it.
    public static func blobReferencesAreCounted(_ store: any Store) async throws {
        let content = BlobID(String(repeating: "a", count: 64))!, attached = BlobID(String(repeating: "b", count: 64))!
        let evidence = BlobID(String(repeating: "c", count: 64))!, alone = BlobID(String(repeating: "d", count: 64))!
        var holder = item("p", name: "holder.pdf", hash: content.hex)
        holder.metadata = ["attachments": [["name": "x.png", "sha256": .string(attached.hex)]]]
        let h = try await enqueue(store, holder, [draft("s1")])
        let asking = try await enqueue(store, item("p", name: "asking.pdf", hash: alone.hex), [])
        let c = try #require(try await claim(store).first)
        try await store.complete(Completion(job: c.job.id, token: c.token, disposition: .finish(.done, output: ["evidence": [["sha256": .string(evidence.hex)]]], error: nil),
                                            itemState: .done, enqueue: [], now: Date()))
        #expect(try await store.blobInUse(content, except: asking.id), "another item's content")
        #expect(try await store.blobInUse(attached, except: asking.id), "another item's attachment")
        #expect(try await store.blobInUse(evidence, except: asking.id), "another item's stage output")
        #expect(!(try await store.blobInUse(alone, except: asking.id)), "only the asking item holds it")
        #expect(!(try await store.blobInUse(attached, except: h.id)), "the holder itself does not count")
    }
}

import Foundation
public import QuireCore
import QuireEngine
import QuireStore

extension Appliance {
    /// A page of an item's document drawn for the review UI: the stored original, decrypted into a
    /// private file as for any stage, is decoded and drawn by `page.picture` in an isolated worker
    /// (a hostile document can crash that process, never the reviewer's terminal).
    public func pagePicture(of id: ItemID, _ request: PictureRequest, runner: any IsolatedRunner, timeout: Double = 30) async throws -> PagePicture {
        let request = try request.validated()
        guard let item = try await store.item(id) else { throw QuireError(.notFound, "item \(id) is gone") }
        let blob: BlobID, mediaType: String
        if let wanted = request.evidence {
            guard let review = try await store.review(id) else {
                throw QuireError(.notFound, "item \(id) has no review; only files a bot left for its question are drawn")
            }
            (blob, mediaType) = try review.evidenceToDraw(wanted)
        } else {
            guard let b = BlobID(item.contentHash) else {
                throw QuireError(.storage, "item \(id)'s content hash is not a sha256 (the items row was changed outside Quire); its original cannot be read")
            }
            (blob, mediaType) = (b, item.mediaType)
        }
        guard PictureRequest.drawable.contains(mediaType) else {
            throw QuireError(.unsupportedInput, "a \(mediaType) \(request.evidence == nil ? "document" : "evidence file") has no page to draw")
        }
        return try await services.withBlobFile(hash: blob) { path in
            let out = try await runner.run(task: "page.picture", input: ["path": .string(path), "media_type": .string(mediaType), "request": request.json],
                                           timeout: timeout)
            return try PagePicture(json: out)
        }
    }
}

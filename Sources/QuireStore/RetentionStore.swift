public import Foundation
public import QuireCore

/// Retention: finished items past their time, whether a blob is still used, and purging.
public protocol RetentionStore: Sendable {
    /// Finished items of a pipeline (done, failed, cancelled, duplicate, exception) last changed
    /// before `before` and not purged yet, oldest first.
    func retentionCandidates(pipeline: String, before: Date, limit: Int) async throws -> [Item]
    /// Whether anything but the item `except` still refers to a blob: another item that is not
    /// purged holds it as its content, lists it in its metadata (attachments) or in a stage's
    /// output (evidence, embedded XML), or a model's file is it. Retention deletes a blob only when
    /// this is false. (Scans metadata and outputs: a nightly job's query, not a hot path.)
    func blobInUse(_ id: BlobID, except: ItemID) async throws -> Bool
    /// Replaces job outputs, sets the item's metadata (marked purged), drops the blob rows, and
    /// appends the audit entry, in one transaction.
    func purgeItem(_ item: ItemID, outputs: [(job: JobID, output: JSONValue?)], metadata: JSONValue, blobs: [String], audit: AuditDraft, now: Date) async throws
}

public import Foundation
import GRDB
public import QuireCore

extension SQLiteStore {
    public func retentionCandidates(pipeline: String, before: Date, limit: Int) async throws -> [Item] {
        try await read { db in
            try Self.rows(db, """
                SELECT * FROM items WHERE pipeline = ? AND state IN ('done', 'failed', 'cancelled', 'duplicate', 'exception')
                    AND updated_at < ? AND json_extract(metadata, '$.purged_at') IS NULL
                ORDER BY updated_at, id LIMIT ?
                """, arguments: [pipeline, Self.t(before), limit]).map(Self.item)
        }
    }

    public func blobInUse(_ id: BlobID, except: ItemID) async throws -> Bool {
        try await read { db in
            // The id is 64 hex digits, so a plain substring test cannot match anything but the id.
            try Self.row(db, """
                SELECT 1 WHERE
                    EXISTS (SELECT 1 FROM items WHERE content_hash = ?1 AND id != ?2 AND json_extract(metadata, '$.purged_at') IS NULL)
                    OR EXISTS (SELECT 1 FROM items WHERE id != ?2 AND json_extract(metadata, '$.purged_at') IS NULL AND instr(metadata, ?1) > 0)
                    OR EXISTS (SELECT 1 FROM job_history h JOIN items i ON i.id = h.item_id
                               WHERE h.item_id != ?2 AND instr(h.output, ?1) > 0 AND json_extract(i.metadata, '$.purged_at') IS NULL)
                    OR EXISTS (SELECT 1 FROM models WHERE blob = ?1)
                """, arguments: [id.hex, except.rawValue]) != nil
        }
    }

    public func purgeItem(_ item: ItemID, outputs: [(job: JobID, output: JSONValue?)], metadata: JSONValue, blobs: [String], audit: AuditDraft, now: Date) async throws {
        let rows = outputs.map { ($0.job, $0.output?.jsonString()) }
        try await write { db in
            for (job, output) in rows {
                try Self.exec(db, "UPDATE job_history SET output = ? WHERE id = ?", arguments: [output, job])
            }
            try Self.exec(db, "UPDATE items SET metadata = ?, version = version + 1 WHERE id = ?", arguments: [metadata.jsonString(), item.rawValue])
            for hash in blobs { try Self.exec(db, "DELETE FROM blobs WHERE hash = ?", arguments: [hash]) }
            try Self.appendAudit(db, audit, at: now)
        }
    }
}

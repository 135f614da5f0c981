public import Foundation
public import QuireCore
import PostgresNIO
import NIOCore
import Logging

extension PostgresStore {
    public func retentionCandidates(pipeline: String, before: Date, limit: Int) async throws -> [Item] {
        try await autocommit { tx in
            try await tx.rows("""
                SELECT * FROM items WHERE pipeline = \(pipeline) AND state IN ('done', 'failed', 'cancelled', 'duplicate', 'exception')
                    AND updated_at < \(Self.t(before)) AND (metadata::jsonb -> 'purged_at') IS NULL
                ORDER BY updated_at, id LIMIT \(limit)
                """).map(Self.item)
        }
    }

    public func blobInUse(_ id: BlobID, except: ItemID) async throws -> Bool {
        let hash = id.hex
        return try await autocommit { tx in
            // The id is 64 hex digits, so a plain substring test cannot match anything but the id.
            try await tx.row("""
                SELECT 1 AS one WHERE
                    EXISTS (SELECT 1 FROM items WHERE content_hash = \(hash) AND id != \(except.rawValue) AND (metadata::jsonb -> 'purged_at') IS NULL)
                    OR EXISTS (SELECT 1 FROM items WHERE id != \(except.rawValue) AND (metadata::jsonb -> 'purged_at') IS NULL AND strpos(metadata, \(hash)) > 0)
                    OR EXISTS (SELECT 1 FROM job_history h JOIN items i ON i.id = h.item_id
                               WHERE h.item_id != \(except.rawValue) AND strpos(h.output, \(hash)) > 0 AND (i.metadata::jsonb -> 'purged_at') IS NULL)
                    OR EXISTS (SELECT 1 FROM models WHERE blob = \(hash))
                """) != nil
        }
    }

    public func purgeItem(_ item: ItemID, outputs: [(job: JobID, output: JSONValue?)], metadata: JSONValue, blobs: [String], audit: AuditDraft, now: Date) async throws {
        let rows = outputs.map { ($0.job, $0.output?.jsonString()) }
        try await transaction { tx in
            for (job, output) in rows { try await tx.execute("UPDATE job_history SET output = \(output) WHERE id = \(job)") }
            try await tx.execute("UPDATE items SET metadata = \(metadata.jsonString()), version = version + 1 WHERE id = \(item.rawValue)")
            if !blobs.isEmpty { try await tx.execute("DELETE FROM blobs WHERE hash = ANY(\(blobs))") }
            try await Self.appendAudit(tx, audit, at: now)
        }
    }
}

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

    public func contentHashInUse(_ hash: String, except: ItemID) async throws -> Bool {
        try await read { db in
            try Self.row(db, "SELECT 1 FROM items WHERE content_hash = ? AND id != ? AND json_extract(metadata, '$.purged_at') IS NULL LIMIT 1",
                         arguments: [hash, except.rawValue]) != nil
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

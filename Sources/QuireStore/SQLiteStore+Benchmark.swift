import Foundation
internal import GRDB

extension SQLiteStore {
    /// Adds `count` finished jobs (and their items) straight into history, for benchmarks that
    /// measure claiming with a large history. Not used by the appliance itself.
    public func fillHistoryForBenchmark(count: Int, pipeline: String = "bench-history") async throws {
        let batch = 50_000
        var done = 0
        while done < count {
            let n = min(batch, count - done)
            let start = done
            try await write { db in
                let now = Date().timeIntervalSince1970
                let item = try db.makeStatement(sql: """
                    INSERT INTO items (id, pipeline, source, name, content_hash, size, media_type, state, created_at, updated_at)
                    VALUES (?, ?, 'cli', 'history.pdf', 'h', 1, 'pdf', 'done', ?, ?)
                    """)
                let job = try db.makeStatement(sql: """
                    INSERT INTO job_history (item_id, pipeline, stage_id, kind, state, priority, deadline, run_at, attempts, max_attempts,
                                             token, input, output, created_at, started_at, finished_at)
                    VALUES (?, ?, 'noop', 'bench.noop', 'done', 0, 9e15, ?, 1, 5, 1, '{}', '{}', ?, ?, ?)
                    """)
                for i in start..<(start + n) {
                    let id = String(format: "itm_hist%012d", i)
                    try item.execute(arguments: [id, pipeline, now, now])
                    try job.execute(arguments: [id, pipeline, now, now, now, now])
                }
            }
            done += n
        }
    }
}

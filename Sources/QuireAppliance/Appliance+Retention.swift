public import Foundation
import QuireCore
import QuireEngine
import QuireStore

/// What a retention run removed from one pipeline.
public struct RetentionReport: Sendable {
    public var pipeline: String
    public var retention: Double
    public var items: Int = 0
    public var blobs: Int = 0
    public var bytes: Int64 = 0
}

/// Retention per pipeline (the `retention` policy, e.g. `365d`): once a finished item is older than
/// that, its original, its attachments and the files stages made of it (evidence, embedded XML,
/// archive copies) are deleted unless another item still holds the same bytes, and the extracted
/// text (page text, word boxes, source snippets, a bot's screen capture) is removed from its job
/// outputs and its outbox record. What was decided stays: the values, the decision, the document
/// type, the reviewers, the events, the review actions and the audit trail, which gets a
/// `retention.purge` entry per item.
extension Appliance {
    /// Keys whose values are document text.
    static let textKeys: Set<String> = ["pages", "text", "words", "alternatives", "lines", "capture"]

    /// The output without document text.
    static func withoutText(_ v: JSONValue) -> JSONValue {
        switch v {
        case .object(let o):
            var out: [String: JSONValue] = [:]
            for (k, x) in o where !textKeys.contains(k) { out[k] = withoutText(x) }
            return .object(out)
        case .array(let a): return .array(a.map(withoutText))
        default: return v
        }
    }

    /// Every `sha256` named in an output (files a stage stored).
    static func blobHashes(_ v: JSONValue) -> [BlobID] {
        switch v {
        case .object(let o):
            var out: [BlobID] = []
            for (k, x) in o {
                if k == "sha256", let id = x.stringValue.flatMap(BlobID.init) { out.append(id) } else { out += blobHashes(x) }
            }
            return out
        case .array(let a): return a.flatMap(blobHashes)
        default: return []
        }
    }

    /// Purges what is past each pipeline's retention. Deletes files before it records the purge,
    /// so a crash in between is repaired by the next run (the item is not marked yet).
    /// `progress` is told each pipeline's items purged so far.
    public func purgeExpired(now: Date = Date(), by actor: String = "retention", progress: ((String, Int) -> Void)? = nil) async throws -> [RetentionReport] {
        var reports: [RetentionReport] = []
        let f = ISO8601DateFormatter()
        for spec in catalog.specs {
            guard let text = spec.policies["retention"]?.stringValue, let seconds = Quantities.seconds(text) else { continue }
            var report = RetentionReport(pipeline: spec.name, retention: seconds)
            while true {
                let batch = try await store.retentionCandidates(pipeline: spec.name, before: now.addingTimeInterval(-seconds), limit: 100)
                if batch.isEmpty { break }
                for item in batch {
                    let jobs = try await store.jobs(of: item.id)
                    // Only values that parse as blob ids name files; anything else (a path in changed metadata) is ignored.
                    var hashes = ([item.contentHash] + (item.metadata["attachments"]?.arrayValue ?? []).compactMap { $0["sha256"]?.stringValue }).compactMap(BlobID.init)
                    var outputs: [(job: JobID, output: JSONValue?)] = []
                    for j in jobs {
                        guard let o = j.output else { continue }
                        hashes += Self.blobHashes(o)
                        let stripped = Self.withoutText(o)
                        if stripped != o { outputs.append((j.id, stripped)) }
                    }
                    var removed: [String] = []
                    for hash in Set(hashes).sorted() where !(try await store.blobInUse(hash, except: item.id)) {
                        report.bytes += blobs.remove(hash) ?? 0
                        removed.append(hash.hex)
                    }
                    for folder in ["done", "failed", "duplicate"] {
                        let record = configuration.layout.outbox(item.pipeline, folder) + "/\(item.id.rawValue).json"
                        guard let data = FileManager.default.contents(atPath: record), let json = try? JSONValue.parse(data) else { continue }
                        var o = json.objectValue ?? [:]
                        if let stages = o["stages"] { o["stages"] = Self.withoutText(stages) }
                        if var i = o["item"]?.objectValue, var m = i["metadata"]?.objectValue {
                            m["capture"] = nil
                            m["purged_at"] = .string(f.string(from: now))
                            i["metadata"] = .object(m)
                            o["item"] = .object(i)
                        }
                        try AtomicFile.write(Data(JSONValue.object(o).jsonString(pretty: true).utf8), to: record)
                    }
                    var metadata = item.metadata.objectValue ?? [:]
                    metadata["capture"] = nil
                    metadata["purged_at"] = .string(f.string(from: now))
                    metadata["retention"] = .string(text)
                    try await store.purgeItem(item.id, outputs: outputs, metadata: .object(metadata), blobs: removed,
                                              audit: AuditDraft(actor: actor, action: "retention.purge", subject: "item:\(item.id.rawValue)",
                                                                details: ["pipeline": .string(item.pipeline), "retention": .string(text), "blobs": .number(Double(removed.count))]),
                                              now: now)
                    report.items += 1
                    progress?(spec.name, report.items)
                    report.blobs += removed.count
                }
            }
            reports.append(report)
        }
        return reports
    }
}

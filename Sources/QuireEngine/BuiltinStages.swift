import Foundation
public import QuireCore
import QuireStore

/// `file.identify`: the type from magic bytes, the size, and a re-check of the stored copy's sha256.
public struct FileIdentifyKind: StageKind {
    public init() {}
    public var name: String { "file.identify" }
    public var summary: String { "type from magic bytes, size and sha256 of the stored copy (re-verified)" }
    public var settingsHelp: [String: String] { ["verify": "re-hash the stored copy and fail if it changed (default true)"] }

    public func validate(settings: JSONValue) -> [StageSettingsProblem] {
        var problems = unknownKeys(in: settings)
        if let v = settings["verify"], v.boolValue == nil {
            problems.append(StageSettingsProblem(path: ["verify"], message: "must be true or false"))
        }
        return problems
    }

    public func makeStage(settings: JSONValue) throws -> any Stage {
        FileIdentifyStage(verify: settings["verify"]?.boolValue ?? true)
    }
}

struct FileIdentifyStage: Stage {
    let verify: Bool

    func run(_ context: StageContext) async throws -> Outcome {
        do {
            return try await context.withOriginal { try await run(context, path: $0) }
        } catch let e as QuireError where e.code == .notFound {
            return .businessError(code: "blob_missing", message: "the stored copy of \(context.item.contentHash) is missing; restore the blob folder from backup or drop the file again")
        }
    }

    func run(_ context: StageContext, path: String) async throws -> Outcome {
        guard let attrs = try? FileManager.default.attributesOfItem(atPath: path), let size = (attrs[.size] as? NSNumber)?.int64Value else {
            return .businessError(code: "blob_missing", message: "the stored copy \(path) is missing; restore the blob folder from backup or drop the file again")
        }
        if verify {
            let hash = try BlobStore.sha256(fileAt: path)
            guard hash == context.item.contentHash else {
                return .businessError(code: "blob_corrupt", message: "the stored copy's sha256 is \(hash), expected \(context.item.contentHash); the blob folder is damaged")
            }
        }
        let head = (FileHandle(forReadingAtPath: path).flatMap { h in defer { try? h.close() }; return try? h.read(upToCount: 1024) }) ?? Data()
        let type = MediaType.sniff(head)
        let ext = (context.item.name as NSString).pathExtension.lowercased()
        let extType = MediaType(rawValue: ext == "jpg" ? "jpeg" : ext == "tif" ? "tiff" : ext)
        return .done([
            "media_type": type.map { .string($0.rawValue) } ?? .null,
            "mime_type": .string(type?.mimeType ?? "application/octet-stream"),
            "size": .number(Double(size)),
            "sha256": .string(context.item.contentHash),
            "extension": .string(ext),
            "extension_matches": .bool(extType == nil || extType == type),
        ])
    }
}

/// `outbox.write`: writes the item's result record to `outbox/<pipeline>/<folder>/<item>.json`
/// atomically. Re-running it rewrites the same file, so each item has exactly one record.
public struct OutboxWriteKind: StageKind {
    public init() {}
    public var name: String { "outbox.write" }
    public var summary: String { "writes outbox/<pipeline>/<folder>/<item>.json with every stage's output, timings and versions" }
    public var settingsHelp: [String: String] {
        ["folder": "done (default), failed, or another folder name under outbox/<pipeline>/",
         "events": "include the item's event history (default: true for failed, false otherwise)"]
    }

    public func validate(settings: JSONValue) -> [StageSettingsProblem] {
        var problems = unknownKeys(in: settings)
        if let f = settings["folder"] {
            if let s = f.stringValue, s.range(of: "^[a-z][a-z0-9_-]{0,40}$", options: .regularExpression) != nil {} else {
                problems.append(StageSettingsProblem(path: ["folder"], message: "must be a folder name of lower-case letters, digits, '-' or '_', e.g. done or failed"))
            }
        }
        if let e = settings["events"], e.boolValue == nil {
            problems.append(StageSettingsProblem(path: ["events"], message: "must be true or false"))
        }
        return problems
    }

    public func makeStage(settings: JSONValue) throws -> any Stage {
        let folder = settings["folder"]?.stringValue ?? "done"
        return OutboxWriteStage(folder: folder, includeEvents: settings["events"]?.boolValue ?? (folder != "done"))
    }
}

struct OutboxWriteStage: Stage {
    let folder: String
    let includeEvents: Bool

    static func iso(_ d: Date?) -> JSONValue {
        guard let d else { return .null }
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return .string(f.string(from: d))
    }

    func run(_ context: StageContext) async throws -> Outcome {
        let item = context.item
        let jobs = try await context.services.jobs(of: item.id)
        var stages: [JSONValue] = []
        for j in jobs where j.id != context.job.id {
            var row: [String: JSONValue] = [
                "id": .string(j.stageID), "kind": .string(j.kind), "state": .string(j.state.rawValue),
                "attempts": .number(Double(j.attempts)), "started_at": Self.iso(j.startedAt), "finished_at": Self.iso(j.finishedAt),
            ]
            if j.part > 0 { row["part"] = .number(Double(j.part)) }
            if let s = j.startedAt, let f = j.finishedAt { row["ms"] = .number((f.timeIntervalSince(s) * 1000).rounded()) }
            if let o = j.output { row["output"] = o }
            if let e = j.lastError { row["error"] = .string(e) }
            stages.append(.object(row))
        }
        let now = Date()
        var record: [String: JSONValue] = [
            "result": .object(ItemResult.summary(jobs.filter { $0.id != context.job.id })),
            "item": .object([
                "id": .string(item.id.rawValue), "name": .string(item.name), "source": .string(item.source.rawValue),
                "sha256": .string(item.contentHash), "size": .number(Double(item.size)), "media_type": .string(item.mediaType),
                "priority": .number(Double(item.priority)), "tenant": item.tenant.map(JSONValue.string) ?? .null,
                "external_ref": item.externalRef.map(JSONValue.string) ?? .null, "metadata": item.metadata,
            ]),
            "pipeline": .object(["name": .string(context.pipeline.name), "version": .number(Double(context.pipeline.version))]),
            "status": .string(folder == "done" ? "done" : item.state.rawValue),
            "stages": .array(stages),
            "timings": .object([
                "received_at": Self.iso(item.createdAt), "written_at": Self.iso(now),
                "total_ms": .number((now.timeIntervalSince(item.createdAt) * 1000).rounded()),
            ]),
            "versions": .object(["quire": .string(QuireVersion.current), "pipeline": .number(Double(context.pipeline.version))]),
            "trace_id": .string(TraceContext.item(item).traceID),
        ]
        if let r = item.reason { record["reason"] = .string(r) }
        if includeEvents {
            let events = try await context.services.events(of: item.id)
            record["events"] = .array(events.map { e in
                .object(["at": Self.iso(e.at), "kind": .string(e.kind), "stage": e.stageID.map(JSONValue.string) ?? .null, "data": e.data])
            })
        }
        let path = "\(context.services.outboxDirectory)/\(item.pipeline)/\(folder)/\(item.id.rawValue).json"
        try AtomicFile.write(json: .object(record), to: path)
        return .done(["path": .string(path)])
    }
}

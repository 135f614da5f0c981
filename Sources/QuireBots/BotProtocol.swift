public import Foundation
public import QuireCore
import Crypto

/// Version 1 of the bot protocol (docs/bots.md). One request goes to the bot (a JSON line on
/// stdin, or the body of an HTTP POST); the bot answers with JSON lines: heartbeats, progress,
/// logs, evidence, and one result.
public enum BotProtocol {
    public static let version = 1

    /// The idempotency key of a dispatch: the same for an item, stage and action across every
    /// retry, restart and node, so a bot can tell that it did the work before.
    public static func idempotencyKey(item: ItemID, stage: String, action: String) -> String {
        let digest = SHA256.hash(data: Data("\(item.rawValue)\u{1f}\(stage)\u{1f}\(action)".utf8))
        return "qk_" + digest.prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    /// A W3C traceparent whose trace id is derived from the item (one trace per item) and whose
    /// span id is new for each attempt.
    public static func traceparent(item: Item) -> String {
        TraceContext(traceID: TraceContext.item(item).traceID).header
    }
}

/// A file of the item handed to the bot (a read-only copy).
public struct BotFile: Sendable, Hashable {
    public var name: String
    public var path: String
    public var mediaType: String
    public var sha256: String
    public init(name: String, path: String, mediaType: String, sha256: String) {
        self.name = name
        self.path = path
        self.mediaType = mediaType
        self.sha256 = sha256
    }
}

/// The request a bot receives.
public struct BotRequest: Sendable, Hashable {
    public var item: ItemID
    public var pipeline: String
    public var stage: String
    public var action: String
    public var attempt: Int
    /// The fencing token of the job's lease: a result from an older attempt is not recorded.
    public var leaseToken: Int64
    public var deadline: Date
    public var idempotencyKey: String
    public var payload: JSONValue
    public var files: [BotFile]
    /// A private folder for this attempt; evidence is written here.
    public var scratch: String
    public var traceparent: String

    public init(item: ItemID, pipeline: String, stage: String, action: String, attempt: Int, leaseToken: Int64, deadline: Date,
                idempotencyKey: String, payload: JSONValue, files: [BotFile], scratch: String, traceparent: String) {
        self.item = item
        self.pipeline = pipeline
        self.stage = stage
        self.action = action
        self.attempt = attempt
        self.leaseToken = leaseToken
        self.deadline = deadline
        self.idempotencyKey = idempotencyKey
        self.payload = payload
        self.files = files
        self.scratch = scratch
        self.traceparent = traceparent
    }

    public var json: JSONValue {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return .object([
            "protocol": .number(Double(BotProtocol.version)), "item": .string(item.rawValue), "pipeline": .string(pipeline),
            "stage": .string(stage), "action": .string(action), "attempt": .number(Double(attempt)),
            "lease_token": .number(Double(leaseToken)), "deadline": .string(f.string(from: deadline)),
            "idempotency_key": .string(idempotencyKey), "payload": payload,
            "files": .array(files.map { .object(["name": .string($0.name), "path": .string($0.path), "media_type": .string($0.mediaType), "sha256": .string($0.sha256)]) }),
            "scratch": .string(scratch), "traceparent": .string(traceparent),
        ])
    }
}

/// How a dispatch ended.
public struct BotResult: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case done
        case businessError = "business_error"
        case applicationError = "application_error"
        case needsHuman = "needs_human"
    }
    public var status: Status
    public var code: String
    public var message: String
    public var output: JSONValue

    public init(status: Status, code: String = "", message: String = "", output: JSONValue = .emptyObject) {
        self.status = status
        self.code = code
        self.message = message
        self.output = output
    }

    /// An application error made by quire about the bot (it crashed, hung, spoke garbage).
    public static func failure(_ code: String, _ message: String) -> BotResult {
        BotResult(status: .applicationError, code: code, message: message)
    }

    /// Reads a result object (`{"status": "done", "code": ..., "message": ..., "output": {...}}`).
    public init(json: JSONValue) throws {
        guard let s = json["status"]?.stringValue, let status = Status(rawValue: s) else {
            throw QuireError(.invalidArgument, "a result needs \"status\": one of \(Status.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let o = json["output"], o != .null, o.objectValue == nil {
            throw QuireError(.invalidArgument, "a result's \"output\" must be a JSON object")
        }
        self.init(status: status, code: json["code"]?.stringValue ?? (status == .done ? "" : s), message: json["message"]?.stringValue ?? "",
                  output: json["output"].flatMap { $0 == .null ? nil : $0 } ?? .emptyObject)
    }

    public var json: JSONValue {
        .object(["status": .string(status.rawValue), "code": .string(code), "message": .string(message), "output": output])
    }
}

/// One message a bot sent.
public enum BotMessage: Sendable, Hashable {
    case heartbeat
    case progress(percent: Double?, message: String)
    case log(level: String, message: String)
    case evidence(path: String, kind: String, mediaType: String?)
    case result(BotResult)

    /// Parses one line of a bot's output. Throws with a message that quotes the line.
    public static func parse(line: String) throws -> BotMessage {
        let value: JSONValue
        do {
            value = try JSONValue.parse(line)
        } catch {
            throw QuireError(.invalidArgument, "the bot wrote a line that is not JSON: \(quote(line))")
        }
        guard value.objectValue != nil, let type = value["type"]?.stringValue else {
            throw QuireError(.invalidArgument, "the bot wrote a line that is not a protocol message (a JSON object with \"type\"): \(quote(line))")
        }
        switch type {
        case "heartbeat": return .heartbeat
        case "progress": return .progress(percent: value["percent"]?.numberValue, message: value["message"]?.stringValue ?? "")
        case "log":
            return .log(level: value["level"]?.stringValue ?? "info", message: value["message"]?.stringValue ?? "")
        case "evidence":
            guard let p = value["path"]?.stringValue, !p.isEmpty else {
                throw QuireError(.invalidArgument, "an evidence message needs \"path\" (a file in the scratch folder): \(quote(line))")
            }
            return .evidence(path: p, kind: value["kind"]?.stringValue ?? "file", mediaType: value["media_type"]?.stringValue)
        case "result":
            do {
                return .result(try BotResult(json: value))
            } catch let e as QuireError {
                throw QuireError(.invalidArgument, "\(e.message): \(quote(line))")
            }
        default:
            throw QuireError(.invalidArgument, "unknown message type '\(type)' (heartbeat, progress, log, evidence, result): \(quote(line))")
        }
    }

    /// A line for messages: at most 200 characters, control characters shown as `·`.
    public static func quote(_ line: String, limit: Int = 200) -> String {
        let cleaned = String(line.prefix(limit).unicodeScalars.map { $0.properties.generalCategory == .control ? "·" : Character($0) })
        return "'" + cleaned + (line.count > limit ? "…' (\(line.utf8.count) bytes)" : "'")
    }
}

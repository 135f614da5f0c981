public import Foundation
public import QuireCore
public import QuireStore

/// `review`: the point in a pipeline where a person decides. The item enters the review queue when
/// the fields stage asks for review (`fields.decision == review`), or by the random audit sample of
/// approved items (the `audit_sample` policy, default 2 %, by a stable hash of the item id); it
/// waits there (needs_human). Once a reviewer decides, the stage runs again: an approval passes the
/// corrected values on, a rejection ends the item as a business error with the reason code.
public struct ReviewKind: StageKind {
    public var store: (any Store)?

    public init(store: (any Store)? = nil) {
        self.store = store
    }

    public var name: String { "review" }
    public var summary: String { "a person decides: what fields marks for review, and an audit sample (the review queue; its terminal UI is not built yet)" }
    public var settingsHelp: [String: String] {
        ["queue": "the review queue (default: the pipeline's name)",
         "priority": "queue priority, higher first (default 0)",
         "sla": "how long a review may take, e.g. 8h (default 24h)",
         "fields": "id of the fields stage (default fields)"]
    }

    public func validate(settings: JSONValue) -> [StageSettingsProblem] {
        var problems = unknownKeys(in: settings)
        if let s = settings["sla"], Quantities.seconds(s.stringValue ?? "") == nil {
            problems.append(StageSettingsProblem(path: ["sla"], message: "must be a duration such as 30m, 8h or 2d"))
        }
        if let p = settings["priority"], p.intValue == nil { problems.append(StageSettingsProblem(path: ["priority"], message: "must be a whole number")) }
        return problems
    }

    public func makeStage(settings: JSONValue) throws -> any Stage {
        ReviewStage(store: store, queue: settings["queue"]?.stringValue, priority: settings["priority"]?.intValue ?? 0,
                    sla: settings["sla"]?.stringValue.flatMap(Quantities.seconds) ?? 86_400, fieldsStage: settings["fields"]?.stringValue ?? "fields")
    }
}

struct ReviewStage: Stage {
    let store: (any Store)?
    let queue: String?
    let priority: Int
    let sla: Double
    let fieldsStage: String

    /// A stable draw in [0, 1) for the audit sample.
    static func draw(_ item: ItemID) -> Double { StableHash.unit("audit|" + item.rawValue) }

    func run(_ context: StageContext) async throws -> Outcome {
        guard let store else { throw QuireError(.invalidConfiguration, "the review stage has no store in this process") }
        let id = context.item.id
        if let r = try await store.review(id), r.state == .decided, let d = r.decision {
            if d["action"] == "reject" {
                return .businessError(code: "rejected", message: "rejected by \(d["reviewers"]?.arrayValue?.compactMap(\.stringValue).joined(separator: ", ") ?? "a reviewer"): \(d["reason"]?.stringValue ?? "")\(d["note"]?.stringValue.map { " — \($0)" } ?? "")")
            }
            var values = context.outputs[fieldsStage]?["values"]?.objectValue ?? [:]
            for (k, v) in d["corrections"]?.objectValue ?? [:] { values[k] = v }
            return .done(["decision": "approved", "reviewers": d["reviewers"] ?? [], "values": .object(values),
                          "corrections": d["corrections"] ?? .emptyObject, "document_type": d["document_type"] ?? .null])
        }
        var reasons = (context.outputs[fieldsStage]?["review_reasons"]?.arrayValue ?? []).compactMap(\.stringValue)
        let asked = context.outputs[fieldsStage]?["decision"] == "review"
        let sample = context.pipeline.policies["audit_sample"]?.numberValue ?? 0.02
        if !asked {
            guard Self.draw(id) < sample else {
                return .done(["decision": "not_needed", "values": context.outputs[fieldsStage]?["values"] ?? .emptyObject])
            }
            reasons = [String(format: "audit sample (%g %% of automatically approved items)", sample * 100)]
        }
        let now = Date()
        _ = try await store.openReview(Review(item: id, pipeline: context.item.pipeline, queue: queue ?? context.item.pipeline, priority: priority + context.item.priority,
                                              reasons: reasons, due: context.item.createdAt.addingTimeInterval(sla), createdAt: now, updatedAt: now))
        return .needsHuman(reason: "in review queue \(queue ?? context.item.pipeline): " + reasons.prefix(3).joined(separator: "; "))
    }
}

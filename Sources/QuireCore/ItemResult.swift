/// What a consumer (an outbox reader, a bot, `quire submit --wait`) needs of an item without
/// reading every stage: the latest `values` (a review's corrected values replace the extracted
/// ones), the latest `decision`, the document type (a reviewer's choice, else the classifier's)
/// and who reviewed it. `jobs` are the item's finished jobs, oldest first.
public enum ItemResult {
    public static func summary(_ jobs: [Job]) -> [String: JSONValue] {
        var r: [String: JSONValue] = [:]
        for j in jobs where j.state == .done {
            guard let o = j.output else { continue }
            if ExtractedFields.stageKinds.contains(j.kind), let f = try? ExtractedFields(json: o) {
                r["values"] = .object(f.values)
                r["decision"] = .string(f.decision.rawValue)
            } else if ReviewOutcome.stageKinds.contains(j.kind), let d = try? ReviewOutcome(json: o) {
                r["values"] = .object(d.values)
                r["decision"] = .string(d.decision.rawValue)
                if let t = d.documentType { r["document_type"] = .string(t) }
                if let who = d.reviewers { r["reviewers"] = .array(who.map(JSONValue.string)) }
            } else if Classification.stageKinds.contains(j.kind), let c = try? Classification(json: o), r["document_type"] == nil {
                r["document_type"] = .string(c.label)
            } else if let b = j.output(as: BotDispatch.self) {
                r["bots", default: .emptyObject] = .object((r["bots"]?.objectValue ?? [:]).merging([j.stageID: b.output]) { _, b in b })
            }
        }
        return r
    }
}

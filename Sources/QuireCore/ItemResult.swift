/// What a consumer (an outbox reader, a bot, `quire submit --wait`) needs of an item without
/// reading every stage: the latest `values` (a review's corrected values replace the extracted
/// ones), the latest `decision`, the document type (a reviewer's choice, else the classifier's)
/// and who reviewed it. `jobs` are the item's finished jobs, oldest first.
public enum ItemResult {
    public static func summary(_ jobs: [Job]) -> [String: JSONValue] {
        var r: [String: JSONValue] = [:]
        for j in jobs where j.state == .done {
            guard let o = j.output else { continue }
            if let v = o["values"] { r["values"] = v }
            if let d = o["decision"] { r["decision"] = d }
            if let t = o["document_type"], t != .null { r["document_type"] = t } else if o["probability"] != nil, let l = o["label"], r["document_type"] == nil { r["document_type"] = l }
            if let who = o["reviewers"] { r["reviewers"] = who }
            if j.kind == "bot", let out = o["output"] { r["bots", default: .emptyObject] = .object((r["bots"]?.objectValue ?? [:]).merging([j.stageID: out]) { _, b in b }) }
        }
        return r
    }
}

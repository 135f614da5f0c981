/// Data residency: which bots and model endpoints may be given an item. An item from a region
/// (its `region` metadata, from the sidecar, the API or `quire submit --region`) only goes to
/// recipients declared in that region; a pipeline's `allowed_bot_regions` policy, when set, lists
/// the only regions its items may go to at all (a recipient with no region is outside every list).
public enum Residency {
    /// Why `item` may not be given to `recipient` (declared in `region`); nil when it may.
    public static func refusal(item: Item, pipeline: PipelineSpec, recipient: String, region: String?) -> String? {
        let place = region.map { "region \($0)" } ?? "no declared region"
        if let itemRegion = item.metadata["region"]?.stringValue, region != itemRegion {
            return "item is from region \(itemRegion); \(recipient) is in \(place), so it is not given the item"
        }
        if let allowed = pipeline.policies["allowed_bot_regions"]?.arrayValue?.compactMap(\.stringValue), !allowed.isEmpty,
           !(region.map(allowed.contains) ?? false) {
            return "pipeline \(pipeline.name) allows only regions \(allowed.joined(separator: ", ")) (allowed_bot_regions); \(recipient) is in \(place), so it is not given the item"
        }
        return nil
    }

    /// The audit entry of a refusal.
    public static func auditDraft(item: Item, recipient: String, kind: String, region: String?, reason: String) -> AuditDraft {
        AuditDraft(actor: "quire", action: "residency.refused", subject: "item:\(item.id.rawValue)",
                   details: [kind: .string(recipient), "item_region": item.metadata["region"] ?? .null,
                             "\(kind)_region": region.map(JSONValue.string) ?? .null, "reason": .string(reason)])
    }
}

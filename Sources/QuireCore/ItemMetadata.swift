/// The keys of an item's metadata that Quire itself sets and relies on. A caller's free-form
/// metadata (an API upload's `metadata`, a sidecar, `quire drop --meta`) may not hold them: they
/// are only set from their own, checked inputs (an upload's attachments, a capture, a region, a
/// deadline, a traceparent) or by Quire afterwards (retention's `purged_at`), so a caller cannot
/// point `attachments[].sha256` at a file, mark an item purged, or fake an idempotent replay.
public enum ItemMetadata {
    public static let reservedKeys: Set<String> = [
        "attachments", "capture", "region", "deadline", "traceparent", "request_sha256",
        "purged_at", "retention", "enqueued",
    ]

    /// Throws `invalidArgument` when `metadata` (from `source`, e.g. "the sidecar's metadata")
    /// holds a reserved key, naming the key and what to do instead.
    public static func checkCallerKeys(_ metadata: [String: JSONValue], source: String) throws {
        let bad = metadata.keys.filter(reservedKeys.contains).sorted()
        guard let first = bad.first else { return }
        let hint: String
        switch first {
        case "attachments": hint = "send more files as further 'file' parts (API) or --attach (quire submit); Quire stores them and lists them itself"
        case "capture": hint = "send what a bot captured as the 'capture' part or field (API), --json (quire submit) or a sidecar's top-level \"capture\""
        case "region": hint = "give the region as the 'region' field (API), --region (quire submit) or a sidecar's top-level \"region\""
        case "deadline": hint = "give the deadline as a sidecar's top-level \"deadline\" (ISO 8601)"
        case "traceparent": hint = "send a W3C traceparent header (API)"
        default: hint = "Quire sets this key itself"
        }
        throw QuireError(.invalidArgument, "\(source) may not set '\(bad.joined(separator: "', '"))': \(bad.count == 1 ? "it is" : "they are") reserved for Quire; \(hint)")
    }
}

import Foundation
/// W3C trace context (`traceparent: 00-<trace id>-<span id>-01`): one trace id for a piece of work,
/// a new span id for each step. Shared by the API (a caller's trace is joined) and the bots (the
/// trace id of an item is handed on).
public struct TraceContext: Sendable, Hashable {
    public let traceID: String
    public let spanID: String

    /// A new span in trace `traceID` (32 hex digits).
    public init(traceID: String) {
        self.traceID = traceID
        spanID = Self.randomHex(bytes: 8)
    }

    /// Joins the trace of a `traceparent` header when it is valid, else starts a new trace.
    public init(header: String?) {
        let parts = header?.split(separator: "-") ?? []
        if parts.count == 4, parts[1].count == 32, parts[1].allSatisfy(\.isHexDigit), parts[1] != Substring(String(repeating: "0", count: 32)) {
            self.init(traceID: parts[1].lowercased())
        } else {
            self.init(traceID: Self.randomHex(bytes: 16))
        }
    }

    public init(traceID: String, spanID: String) {
        self.traceID = traceID
        self.spanID = spanID
    }

    /// A valid `traceparent` (version 00, non-zero ids), else nil.
    public static func parse(_ header: String?) -> TraceContext? {
        let parts = header?.trimmingCharacters(in: .whitespaces).split(separator: "-") ?? []
        guard parts.count == 4, parts[0] == "00", parts[1].count == 32, parts[2].count == 16,
              parts[1].allSatisfy(\.isHexDigit), parts[2].allSatisfy(\.isHexDigit),
              parts[1] != Substring(String(repeating: "0", count: 32)), parts[2] != Substring(String(repeating: "0", count: 16)) else { return nil }
        return TraceContext(traceID: parts[1].lowercased(), spanID: parts[2].lowercased())
    }

    /// The trace an item's work belongs to: the caller's (`traceparent` in its metadata, from an API
    /// request) or one derived from the item id, so every attempt of every stage, in any process,
    /// lands in one trace per item. Its span id is the parent of the stage spans.
    public static func item(_ item: Item) -> TraceContext {
        if let t = parse(item.metadata["traceparent"]?.stringValue) { return t }
        func hex(_ prefix: UInt8) -> String {
            let h = StableHash.fnv1a(Array("trace|\(item.id.rawValue)".utf8), prefix: prefix)
            return String(h, radix: 16).leftPadded(to: 16)
        }
        return TraceContext(traceID: hex(1) + hex(2), spanID: hex(3))
    }

    public var header: String { "00-\(traceID)-\(spanID)-01" }

    static func randomHex(bytes: Int) -> String {
        let digits = Array("0123456789abcdef")
        return String((0..<bytes).flatMap { _ -> [Character] in let b = UInt8.random(in: 0...255); return [digits[Int(b >> 4)], digits[Int(b & 15)]] })
    }
}

extension String {
    func leftPadded(to n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}

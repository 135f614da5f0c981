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

    public var header: String { "00-\(traceID)-\(spanID)-01" }

    static func randomHex(bytes: Int) -> String {
        let digits = Array("0123456789abcdef")
        return String((0..<bytes).flatMap { _ -> [Character] in let b = UInt8.random(in: 0...255); return [digits[Int(b >> 4)], digits[Int(b & 15)]] })
    }
}

/// The name of a stored file: the sha256 of its bytes as 64 lowercase hex digits. A `BlobID` can
/// only be made from such a string, so a value from outside (item metadata, a job's output, a
/// database row) that is anything else — a path, `../`, an upper-case or short hash — never
/// reaches the blob folder. Every `BlobStore` entry point takes one.
public struct BlobID: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The 64 lowercase hex digits.
    public let hex: String

    /// Parses a blob id; nil unless `text` is exactly 64 characters of `0-9a-f`.
    public init?(_ text: String) {
        guard Self.isValid(text) else { return nil }
        hex = text
    }

    /// Parses a blob id or throws `invalidArgument` naming `what` (e.g. "attachments[0].sha256").
    public init(validating text: String, what: String = "blob id") throws {
        guard let id = BlobID(text) else {
            let shown = text.count > 80 ? String(text.prefix(80)) + "…" : text
            throw QuireError(.invalidArgument, "\(what) '\(shown)' is not a sha256: it must be 64 lowercase hex digits (0-9, a-f)")
        }
        self = id
    }

    /// From a digest's 32 bytes.
    public init(digest: some Sequence<UInt8>) {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in digest {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xf)])
        }
        hex = String(decoding: out, as: UTF8.self)
        precondition(hex.utf8.count == 64, "a sha256 digest has 32 bytes")
    }

    public static func isValid(_ text: String) -> Bool {
        let u = text.utf8
        return u.count == 64 && u.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = BlobID(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a sha256 (64 lowercase hex digits)"))
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(hex)
    }

    public var description: String { hex }
    public static func < (a: BlobID, b: BlobID) -> Bool { a.hex < b.hex }
}

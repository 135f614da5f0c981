/// The document types Quire recognises, decided from magic bytes, never from the file name.
public enum MediaType: String, Sendable, CaseIterable, Codable {
    case pdf, png, jpeg, tiff, gif, bmp, webp, json, xml, zip

    public var mimeType: String {
        switch self {
        case .pdf: return "application/pdf"
        case .png: return "image/png"
        case .jpeg: return "image/jpeg"
        case .tiff: return "image/tiff"
        case .gif: return "image/gif"
        case .bmp: return "image/bmp"
        case .webp: return "image/webp"
        case .json: return "application/json"
        case .xml: return "application/xml"
        case .zip: return "application/zip"
        }
    }

    /// Types a document pipeline accepts unless its spec says otherwise.
    public static let documentDefaults: [MediaType] = [.pdf, .png, .jpeg, .tiff]

    /// Sniffs the type from the first bytes of a file (at least 16 are needed; 1,024 are best).
    public static func sniff<C: Collection>(_ head: C) -> MediaType? where C.Element == UInt8 {
        let b = Array(head.prefix(1024))
        func starts(_ sig: [UInt8], at offset: Int = 0) -> Bool {
            b.count >= offset + sig.count && Array(b[offset..<offset + sig.count]) == sig
        }
        // PDF: "%PDF-" within the first 1,024 bytes (readers allow leading junk there).
        let pdf: [UInt8] = Array("%PDF-".utf8)
        if b.count >= 5 {
            for i in 0...(b.count - 5) where b[i] == 0x25 && Array(b[i..<i + 5]) == pdf { return .pdf }
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .tiff }
        if starts([0x49, 0x49, 0x2B, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2B]) { return .tiff } // BigTIFF
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .gif }
        if starts([0x42, 0x4D]) && b.count >= 14 { return .bmp }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return .webp }
        if starts([0x50, 0x4B, 0x03, 0x04]) { return .zip }
        // Text formats: skip a UTF-8 BOM and leading whitespace.
        var i = 0
        if starts([0xEF, 0xBB, 0xBF]) { i = 3 }
        while i < b.count, [0x20, 0x09, 0x0A, 0x0D].contains(b[i]) { i += 1 }
        if i < b.count {
            if b[i] == UInt8(ascii: "{") || b[i] == UInt8(ascii: "[") { return .json }
            if b[i] == UInt8(ascii: "<") && b.count >= i + 5 && Array(b[(i + 1)..<(i + 5)]).allSatisfy({ $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "x") || $0 == UInt8(ascii: "m") || $0 == UInt8(ascii: "l") || (0x41...0x7A).contains($0) }) {
                return .xml
            }
        }
        return nil
    }
}

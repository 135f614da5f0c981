public import Foundation

/// What an e-invoice's own bytes say before any XML parser sees them, shared by the two readers of
/// embedded e-invoice XML: the `fields` stage's full reader (QuireFields) and the `classify` stage's
/// reader of the type code (QuireModels), which are peers and must refuse the same input.
public enum EInvoiceBytes {
    /// Largest XML either reads (an embedded invoice is a few hundred kilobytes at most).
    public static let maxBytes = 20 << 20

    /// UN/CEFACT document type codes (UNTDID 1001) of EN 16931 invoices and credit notes, with
    /// Quire's label for each.
    public static let typeCodes: [(code: String, meaning: String, label: String)] = [
        ("380", "commercial invoice", "invoice"), ("326", "partial invoice", "invoice"), ("384", "corrected invoice", "invoice"),
        ("389", "self-billed invoice", "invoice"), ("393", "factored invoice", "invoice"), ("386", "prepayment invoice", "invoice"),
        ("875", "partial construction invoice", "invoice"), ("876", "partial final construction invoice", "invoice"),
        ("877", "final construction invoice", "invoice"), ("751", "invoice information for accounting", "invoice"),
        ("381", "credit note", "credit_note"), ("261", "self-billed credit note", "credit_note"), ("262", "consolidated credit note", "credit_note"),
        ("396", "factored credit note", "credit_note"), ("532", "forwarder's credit note", "credit_note"),
    ]

    static let byCode: [String: String] = Dictionary(uniqueKeysWithValues: typeCodes.map { ($0.code, $0.label) })

    /// Quire's label for a type code (white space around it ignored); nil for a code that is neither
    /// an invoice's nor a credit note's.
    public static func label(forTypeCode code: String) -> String? {
        byCode[code.trimmingCharacters(in: .whitespacesAndNewlines)]
    }

    /// Whether an attachment's name says it may carry e-invoice XML: factur-x.xml, zugferd-invoice.xml,
    /// xrechnung.xml, and any other `.xml`, in any letter case.
    public static func isCandidate(name: String) -> Bool { name.lowercased().hasSuffix(".xml") }

    /// The candidate attachments a `pdf.text` stage's output lists (name, size, sha256), read through
    /// `readBlob`: those named `*.xml` of at most ``maxBytes``; one whose blob cannot be read is left out.
    public static func candidates(textOutput: JSONValue?, readBlob: (BlobID) throws -> Data) -> [(name: String, bytes: [UInt8])] {
        (textOutput?["attachments"]?.arrayValue ?? []).compactMap { a in
            guard let name = a["name"]?.stringValue, isCandidate(name: name), (a["size"]?.intValue ?? 0) <= maxBytes,
                  let hash = a["sha256"]?.stringValue.flatMap(BlobID.init), let data = try? readBlob(hash) else { return nil }
            return (name, [UInt8](data))
        }
    }

    /// Why these bytes are not handed to an XML parser, or nil when they may be. No e-invoice syntax
    /// uses what is refused here, and Foundation's parser crashed or misread on each (found by FuzzEInvoice):
    /// more than ``maxBytes``; not UTF-8 (EN 16931 syntaxes are UTF-8, and the parser traps on some names
    /// that are not); a NUL byte; a processing instruction besides the leading `<?xml …?>` declaration;
    /// a document type declaration (`<!DOCTYPE`: entities, external references).
    public static func refusal(_ bytes: [UInt8]) -> String? {
        if bytes.count > maxBytes { return "the XML is \(bytes.count) bytes, over the \(maxBytes)-byte limit" }
        if String(validating: bytes, as: UTF8.self) == nil { return "the XML is not valid UTF-8, as e-invoices must be; ask the sender for a new copy" }
        if bytes.contains(0) { return "the XML holds a NUL byte, which XML does not allow; ask the sender for a new copy" }
        if hasProcessingInstruction(bytes) {
            return "the XML holds a processing instruction (<?…?>) besides its declaration, which no e-invoice syntax uses; it is not read"
        }
        if containsDoctype(bytes) { return "the XML declares a document type (<!DOCTYPE), which no e-invoice syntax uses; it is not read" }
        return nil
    }

    /// Whether `<?` appears anywhere but in a leading `<?xml …?>` declaration (after a byte order mark
    /// and white space).
    public static func hasProcessingInstruction(_ bytes: [UInt8]) -> Bool {
        var first = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while first < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[first]) { first += 1 }
        guard bytes.count >= 2 else { return false }
        for k in 0..<(bytes.count - 1) where bytes[k] == 0x3C && bytes[k + 1] == 0x3F {
            let declaration = k == first && bytes.count > k + 5 && Array(bytes[(k + 2)...(k + 4)]) == Array("xml".utf8)
                && [0x20, 0x09, 0x0A, 0x0D].contains(bytes[k + 5])
            if !declaration { return true }
        }
        return false
    }

    /// Whether `<!DOCTYPE` appears (in any letter case) anywhere in the bytes.
    public static func containsDoctype(_ bytes: [UInt8]) -> Bool {
        let marker = Array("<!doctype".utf8)
        guard bytes.count >= marker.count else { return false }
        return (0...(bytes.count - marker.count)).contains { start in
            bytes[start] == 0x3C && marker.indices.allSatisfy { k in
                let b = bytes[start + k]
                return (b >= 0x41 && b <= 0x5A ? b + 32 : b) == marker[k]
            }
        }
    }
}

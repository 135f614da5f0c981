public import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
public import QuireCore

/// What an e-invoice embedded in a PDF says it is. Its type code (UNTDID 1001: 380 an invoice, 381 a
/// credit note, …) is the sender's own statement, so where one is attached the classify stage takes
/// it instead of guessing from the text: a Factur-X credit note laid out like its sender's invoices
/// (only the title differs) was called an invoice by the model. The model still runs beside it, as a
/// shadow, so that its disagreements are recorded.
///
/// This reads the type code only; the `fields` stage reads the whole invoice (QuireFields). Both refuse
/// the same bytes first (``EInvoiceBytes/refusal(_:)``), and this reader requires the whole document to
/// parse, so an XML the fields stage cannot read does not decide the type either.
public enum EInvoiceType {
    public struct Declared: Sendable, Hashable {
        /// `invoice` or `credit_note`.
        public var label: String
        /// The type code as written (`381`); empty for a UBL `CreditNote` that carries none.
        public var code: String
        /// `cii` (ZUGFeRD 2, Factur-X, XRechnung CII), `zugferd1` or `ubl`.
        public var syntax: String
        /// The attachment it came from.
        public var attachment: String
    }

    /// The model name a decision by type code is recorded under (version 0), and the output's `backend`.
    public static let modelName = "einvoice"

    /// The declared type of e-invoice XML; nil for XML that is refused, does not parse, is not an
    /// invoice syntax, or declares a code that is neither an invoice's nor a credit note's.
    public static func read(_ bytes: [UInt8], attachment: String = "") -> Declared? {
        guard EInvoiceBytes.refusal(bytes) == nil else { return nil }
        let reader = Reader()
        let parser = XMLParser(data: Data(bytes))
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        guard parser.parse(), !reader.failed, reader.stack.isEmpty, let syntax = reader.syntax else { return nil }
        let code = reader.code?.trimmingCharacters(in: .whitespacesAndNewlines)
        if syntax == "ubl-credit" { return Declared(label: "credit_note", code: code ?? "", syntax: "ubl", attachment: attachment) }
        guard let code, let label = EInvoiceBytes.label(forTypeCode: code) else { return nil }
        return Declared(label: label, code: code, syntax: syntax, attachment: attachment)
    }

    /// The first attachment (by name `*.xml`, at most ``EInvoiceBytes/maxBytes``) that declares a type.
    public static func declared(in attachments: [(name: String, bytes: [UInt8])]) -> Declared? {
        for a in attachments where EInvoiceBytes.isCandidate(name: a.name) {
            if let d = read(a.bytes, attachment: a.name) { return d }
        }
        return nil
    }

    /// The same, for the attachments a `pdf.text` stage's output lists (name, size, sha256), read through `readBlob`.
    public static func declared(textOutput: JSONValue?, readBlob: (BlobID) throws -> Data) -> Declared? {
        declared(in: EInvoiceBytes.candidates(textOutput: textOutput, readBlob: readBlob))
    }

    /// A decision by type code as a prediction: certain, ranked alone, model ``modelName`` version 0.
    public static func prediction(_ d: Declared) -> Prediction {
        Prediction(label: d.label, probability: 1, ranked: [(d.label, 1)], abstained: false, model: modelName, version: 0)
    }

    /// The output of a decision by type code, with the model's answer as its shadow (where a model ran).
    public static func classification(_ d: Declared, model: Prediction?) -> Classification {
        var c = prediction(d).classification
        c.backend = modelName
        c.typeCode = d.code
        if let m = model {
            c.shadow = m.classification.asShadow
            c.disagreement = m.label != d.label
        }
        return c
    }

    /// Walks the elements with their local names and keeps the type code's text:
    /// CII `CrossIndustryInvoice/ExchangedDocument/TypeCode`, ZUGFeRD 1
    /// `CrossIndustryDocument/HeaderExchangedDocument/TypeCode`, UBL `Invoice/InvoiceTypeCode` and
    /// `CreditNote/CreditNoteTypeCode`.
    final class Reader: NSObject, XMLParserDelegate {
        var stack: [String] = []
        var syntax: String?
        var code: String?
        var reading = false
        var failed = false

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
            if stack.count >= 256 { failed = true; parser.abortParsing(); return }
            if stack.isEmpty {
                switch local {
                case "CrossIndustryInvoice": syntax = "cii"
                case "CrossIndustryDocument": syntax = "zugferd1"
                case "Invoice": syntax = "ubl"
                case "CreditNote": syntax = "ubl-credit"
                default: failed = true; parser.abortParsing(); return
                }
            }
            let parent = stack.count >= 1 ? stack[stack.count - 1] : ""
            let wanted: Bool = switch (syntax, stack.count, local) {
            case ("cii", 2, "TypeCode"): parent == "ExchangedDocument"
            case ("zugferd1", 2, "TypeCode"): parent == "HeaderExchangedDocument"
            case ("ubl", 1, "InvoiceTypeCode"), ("ubl-credit", 1, "CreditNoteTypeCode"): true
            default: false
            }
            if wanted && code == nil { reading = true; code = "" }
            stack.append(local)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
            guard stack.popLast() == local else { failed = true; parser.abortParsing(); return }
            reading = false
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if reading, (code?.count ?? 0) < 64 { code? += string }
        }
    }
}

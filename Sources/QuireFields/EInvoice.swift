import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
public import QuireCore

/// Structured invoices embedded in a PDF (or sent alone): ZUGFeRD 1 (`CrossIndustryDocument`),
/// ZUGFeRD 2 / Factur-X / XRechnung in CII (`CrossIndustryInvoice`), and UBL 2.1 `Invoice` and
/// `CreditNote` (XRechnung UBL, Peppol BIS). Their values are exact: no OCR, no guessing.
public enum EInvoice {
    /// What was read and in which syntax.
    public struct Document: Sendable {
        /// `zugferd1`, `cii` (ZUGFeRD 2, Factur-X, XRechnung CII) or `ubl`.
        public var syntax: String
        /// The profile or customization: "Factur-X EN 16931", "XRechnung 3.0", "ZUGFeRD 1 COMFORT", ...
        public var profile: String
        /// invoice or credit_note, from the type code.
        public var documentType: String
        public var fields: [String: JSONValue]
    }

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Largest XML this reads (an embedded invoice is a few hundred kilobytes at most).
    public static let maxBytes = EInvoiceBytes.maxBytes

    /// True for names that carry e-invoice XML: factur-x.xml, zugferd-invoice.xml, ZUGFeRD-invoice.xml,
    /// xrechnung.xml, and any other .xml attachment.
    public static func isCandidate(name: String) -> Bool { EInvoiceBytes.isCandidate(name: name) }

    /// Parses e-invoice XML; throws ``Failure`` for XML that is broken or not an invoice syntax this knows.
    public static func parse(_ bytes: [UInt8]) throws -> Document {
        // Checked before the parser sees the bytes: Foundation's parser crashed or misread on each
        // thing refused there (found by FuzzEInvoice), and no e-invoice syntax uses them.
        if let why = EInvoiceBytes.refusal(bytes) { throw Failure(message: why) }
        let root = try XMLNode.parse(Data(bytes))
        switch root.name {
        case "CrossIndustryInvoice": return cii(root)
        case "CrossIndustryDocument": return cii(root, .zugferd1)
        case "Invoice", "CreditNote": return ubl(root)
        default: throw Failure(message: "the XML's root element is <\(root.name)>, not a ZUGFeRD, Factur-X, XRechnung or UBL invoice")
        }
    }

    static func amount(_ n: XMLNode?) -> JSONValue {
        guard let t = n?.text.trimmingCharacters(in: .whitespacesAndNewlines), let d = Double(t), d.isFinite else { return .null }
        return .number(d)
    }
    static func string(_ n: XMLNode?) -> JSONValue {
        guard let t = n?.text.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return .null }
        return .string(t)
    }
    /// CII dates: `<udt:DateTimeString format="102">20260301</udt:DateTimeString>`.
    static func ciiDate(_ n: XMLNode?) -> JSONValue {
        guard let s = n?.first("DateTimeString")?.text.trimmingCharacters(in: .whitespaces), s.count >= 8, let v = Int(s.prefix(8)),
              let d = CalendarDate(year: v / 10000, month: v / 100 % 100, day: v % 100) else { return .null }
        return .string(d.iso)
    }
    /// The label of a type code (``EInvoiceBytes/typeCodes``); a missing or unknown code is an invoice's.
    static func typeOf(_ code: String?) -> String { code.flatMap(EInvoiceBytes.label(forTypeCode:)) ?? "invoice" }

    static func vat(_ party: XMLNode?) -> JSONValue {
        let regs = party?.all("SpecifiedTaxRegistration") ?? []
        let va = regs.first { $0.first("ID")?.attributes["schemeID"] == "VA" } ?? regs.first
        return string(va?.first("ID"))
    }

    /// The element names in which ZUGFeRD 1 (`CrossIndustryDocument`) and CII (ZUGFeRD 2, Factur-X,
    /// XRechnung: `CrossIndustryInvoice`) differ; the rest of the two trees is the same.
    struct CIIVersion {
        var syntax: String
        var context, document, transaction, agreement, settlement, sums: String
        var lineDelivery, lineAgreement, lineSettlement, lineSums: String
        /// The buyer's order number inside `BuyerOrderReferencedDocument`.
        var orderID: String
        /// The rate inside `ApplicableTradeTax`.
        var ratePercent: String

        static let cii = CIIVersion(
            syntax: "cii", context: "ExchangedDocumentContext", document: "ExchangedDocument", transaction: "SupplyChainTradeTransaction",
            agreement: "ApplicableHeaderTradeAgreement", settlement: "ApplicableHeaderTradeSettlement",
            sums: "SpecifiedTradeSettlementHeaderMonetarySummation",
            lineDelivery: "SpecifiedLineTradeDelivery", lineAgreement: "SpecifiedLineTradeAgreement", lineSettlement: "SpecifiedLineTradeSettlement",
            lineSums: "SpecifiedTradeSettlementLineMonetarySummation", orderID: "IssuerAssignedID", ratePercent: "RateApplicablePercent")
        static let zugferd1 = CIIVersion(
            syntax: "zugferd1", context: "SpecifiedExchangedDocumentContext", document: "HeaderExchangedDocument",
            transaction: "SpecifiedSupplyChainTradeTransaction", agreement: "ApplicableSupplyChainTradeAgreement",
            settlement: "ApplicableSupplyChainTradeSettlement", sums: "SpecifiedTradeSettlementMonetarySummation",
            lineDelivery: "SpecifiedSupplyChainTradeDelivery", lineAgreement: "SpecifiedSupplyChainTradeAgreement",
            lineSettlement: "SpecifiedSupplyChainTradeSettlement", lineSums: "SpecifiedTradeSettlementMonetarySummation",
            orderID: "ID", ratePercent: "ApplicablePercent")
    }

    static func cii(_ root: XMLNode, _ v: CIIVersion = .cii) -> Document {
        let guideline = root.first(v.context)?.first("GuidelineSpecifiedDocumentContextParameter")?.first("ID")?.text ?? ""
        let doc = root.first(v.document)
        let tx = root.first(v.transaction)
        let agreement = tx?.first(v.agreement)
        let settlement = tx?.first(v.settlement)
        let sums = settlement?.first(v.sums)
        let seller = agreement?.first("SellerTradeParty")
        let means = settlement?.all("SpecifiedTradeSettlementPaymentMeans") ?? []
        let terms = settlement?.first("SpecifiedTradePaymentTerms")
        let currency = settlement?.first("InvoiceCurrencyCode")?.text
        // TaxTotalAmount may appear twice (invoice and accounting currency): take the invoice currency's.
        let taxTotals = sums?.all("TaxTotalAmount") ?? []
        let tax = taxTotals.first { $0.attributes["currencyID"] == nil || $0.attributes["currencyID"] == currency } ?? taxTotals.first
        var f: [String: JSONValue] = [
            "invoice_number": string(doc?.first("ID")),
            "issue_date": ciiDate(doc?.first("IssueDateTime")),
            "due_date": ciiDate(terms?.first("DueDateDateTime")),
            "payment_terms": string(terms?.first("Description")),
            "vendor_name": string(seller?.first("Name")),
            "vendor_vat_id": vat(seller),
            "buyer_name": string(agreement?.first("BuyerTradeParty")?.first("Name")),
            "purchase_order": string(agreement?.first("BuyerOrderReferencedDocument")?.first(v.orderID)),
            "currency": string(settlement?.first("InvoiceCurrencyCode")),
            "vendor_iban": string(means.compactMap { $0.first("PayeePartyCreditorFinancialAccount")?.first("IBANID") }.first),
            "vendor_bic": string(means.compactMap { $0.first("PayeeSpecifiedCreditorFinancialInstitution")?.first("BICID") }.first),
            "net_total": amount(sums?.first("TaxBasisTotalAmount")),
            "tax_total": amount(tax),
            "total": amount(sums?.first("GrandTotalAmount")),
            "amount_due": amount(sums?.first("DuePayableAmount")),
            "corrects_invoice": string(settlement?.first("InvoiceReferencedDocument")?.first("IssuerAssignedID")),
        ]
        f["tax_rates"] = .array((settlement?.all("ApplicableTradeTax") ?? []).map { amount($0.first(v.ratePercent)) }.filter { $0 != .null })
        f["line_items"] = .array((tx?.all("IncludedSupplyChainTradeLineItem") ?? []).map { li in
            let lineSettlement = li.first(v.lineSettlement)
            return .object([
                "description": string(li.first("SpecifiedTradeProduct")?.first("Name")),
                "quantity": amount(li.first(v.lineDelivery)?.first("BilledQuantity")),
                "unit_price": amount(li.first(v.lineAgreement)?.first("NetPriceProductTradePrice")?.first("ChargeAmount")),
                "amount": amount(lineSettlement?.first(v.lineSums)?.first("LineTotalAmount")),
                "tax_rate": amount(lineSettlement?.first("ApplicableTradeTax")?.first(v.ratePercent)),
            ])
        })
        let profile = v.syntax == "cii" ? profileName(guideline)
            : guideline.isEmpty ? "ZUGFeRD 1" : "ZUGFeRD 1 " + (guideline.components(separatedBy: ":").last ?? "").uppercased()
        return Document(syntax: v.syntax, profile: profile, documentType: typeOf(doc?.first("TypeCode")?.text), fields: f.filter { $0.value != .null })
    }

    static func ubl(_ root: XMLNode) -> Document {
        let isCredit = root.name == "CreditNote"
        func party(_ name: String) -> XMLNode? { root.child(name)?.first("Party") }
        let supplier = party("AccountingSupplierParty"), customer = party("AccountingCustomerParty")
        func partyName(_ p: XMLNode?) -> JSONValue {
            let n = string(p?.first("PartyName")?.first("Name"))
            return n != .null ? n : string(p?.first("PartyLegalEntity")?.first("RegistrationName"))
        }
        let schemes = supplier?.all("PartyTaxScheme") ?? []
        let vatScheme = schemes.first { $0.first("TaxScheme")?.first("ID")?.text == "VAT" } ?? schemes.first
        let means = root.children.filter { $0.name == "PaymentMeans" }
        let totals = root.child("LegalMonetaryTotal")
        let taxTotal = root.children.first { $0.name == "TaxTotal" }
        let currency = root.child("DocumentCurrencyCode")?.text
        var f: [String: JSONValue] = [
            "invoice_number": string(root.child("ID")),
            "issue_date": string(root.child("IssueDate")),
            "due_date": string(root.child("DueDate") ?? means.compactMap { $0.child("PaymentDueDate") }.first),
            "payment_terms": string(root.child("PaymentTerms")?.child("Note")),
            "vendor_name": partyName(supplier),
            "vendor_vat_id": string(vatScheme?.child("CompanyID")),
            "buyer_name": partyName(customer),
            "purchase_order": string(root.child("OrderReference")?.child("ID")),
            "currency": string(root.child("DocumentCurrencyCode")),
            "vendor_iban": string(means.compactMap { $0.child("PayeeFinancialAccount")?.child("ID") }.first),
            "vendor_bic": string(means.compactMap { $0.child("PayeeFinancialAccount")?.first("FinancialInstitutionBranch")?.child("ID") }.first),
            "net_total": amount(totals?.child("TaxExclusiveAmount")),
            "tax_total": amount(root.children.filter { $0.name == "TaxTotal" }.compactMap { $0.child("TaxAmount") }
                .first { $0.attributes["currencyID"] == nil || $0.attributes["currencyID"] == currency } ?? taxTotal?.child("TaxAmount")),
            "total": amount(totals?.child("TaxInclusiveAmount")),
            "amount_due": amount(totals?.child("PayableAmount")),
            "corrects_invoice": string(root.child("BillingReference")?.first("InvoiceDocumentReference")?.child("ID")),
        ]
        f["tax_rates"] = .array((taxTotal?.all("TaxSubtotal") ?? []).map { amount($0.first("TaxCategory")?.child("Percent")) }.filter { $0 != .null })
        f["line_items"] = .array(root.children.filter { $0.name == "InvoiceLine" || $0.name == "CreditNoteLine" }.map { li in
            let object: [String: JSONValue] = [
                "description": string(li.first("Item")?.child("Name")),
                "quantity": amount(li.child("InvoicedQuantity") ?? li.child("CreditedQuantity")),
                "unit_price": amount(li.child("Price")?.child("PriceAmount")),
                "amount": amount(li.child("LineExtensionAmount")),
                "tax_rate": amount(li.first("Item")?.first("ClassifiedTaxCategory")?.child("Percent")),
            ]
            return .object(object)
        })
        let customization = root.child("CustomizationID")?.text ?? ""
        let type = isCredit ? "credit_note" : typeOf(root.child("InvoiceTypeCode")?.text)
        return Document(syntax: "ubl", profile: profileName(customization, ubl: true), documentType: type, fields: f.filter { $0.value != .null })
    }

    static func profileName(_ id: String, ubl: Bool = false) -> String {
        let l = id.lowercased()
        if l.contains("xrechnung") {
            let version = l.components(separatedBy: "xrechnung_").last.map { String($0.prefix { $0.isNumber || $0 == "." }) } ?? ""
            return "XRechnung \(version)\(ubl ? " (UBL)" : " (CII)")".replacingOccurrences(of: "  ", with: " ")
        }
        if l.contains("peppol") { return "Peppol BIS Billing 3.0 (UBL)" }
        if l.contains("factur-x") || l.contains("zugferd") || l.contains("en16931") {
            let level = l.contains("minimum") ? "MINIMUM" : l.contains("basicwl") ? "BASIC WL" : l.contains("basic") ? "BASIC"
                : l.contains("extended") ? "EXTENDED" : l.contains("xrechnung") ? "XRECHNUNG" : "EN 16931"
            return "Factur-X / ZUGFeRD 2 \(level)"
        }
        return ubl ? "UBL 2.1" : "CII"
    }
}

/// A small read-only XML tree with local names (namespace prefixes dropped), built with
/// Foundation's XMLParser (libxml2). External entities are not resolved.
final class XMLNode: @unchecked Sendable {
    let name: String
    let attributes: [String: String]
    var children: [XMLNode] = []
    var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    func child(_ name: String) -> XMLNode? { children.first { $0.name == name } }

    /// The first descendant with this local name, depth first.
    func first(_ name: String) -> XMLNode? {
        for c in children {
            if c.name == name { return c }
            if let d = c.first(name) { return d }
        }
        return nil
    }

    /// Every descendant with this local name, depth first.
    func all(_ name: String) -> [XMLNode] {
        var out: [XMLNode] = []
        for c in children {
            if c.name == name { out.append(c) }
            out += c.all(name)
        }
        return out
    }

    static func parse(_ data: Data) throws -> XMLNode {
        let delegate = Builder()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        guard parser.parse(), delegate.error == nil, delegate.stack.isEmpty, let root = delegate.root else {
            if let e = delegate.error { throw EInvoice.Failure(message: "the XML cannot be parsed (\(e))") }
            let e = parser.parserError.map { " (\($0.localizedDescription), line \(parser.lineNumber))" } ?? ""
            throw EInvoice.Failure(message: "the XML cannot be parsed\(e)")
        }
        return root
    }

    final class Builder: NSObject, XMLParserDelegate {
        var stack: [XMLNode] = []
        var root: XMLNode?
        var depth = 0
        var error: String?

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            depth += 1
            if depth > 256 { parser.abortParsing(); return }
            let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
            let node = XMLNode(name: local, attributes: attributes)
            if let parent = stack.last { parent.children.append(node) } else { root = node }
            stack.append(node)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            depth -= 1
            let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
            guard let open = stack.popLast(), open.name == local else {
                error = "</\(elementName)> does not close the open element, line \(parser.lineNumber)"
                parser.abortParsing()
                return
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }
    }
}

import CPoppler
import CTesseract
import Foundation
public import QuireCore

/// Generates the project's test documents (`fixtures/`): invoices, credit notes and receipts from
/// made-up vendors in English, German and French, with their number and date formats and
/// currencies; letters and purchase orders as non-invoices; born-digital PDFs for all, and scanned
/// versions of some (slightly rotated, noise, JPEG artefacts; PNG, JPEG, TIFF and image-only PDF).
/// Each document has an expected-result JSON. Deterministic: the same version of cairo and
/// leptonica writes the same bytes.
public enum FixtureGenerator {
    struct Vendor {
        var name, street, city, country, language, currency, vatID, iban: String
        var decimalComma: Bool
    }

    static let vendors = [
        Vendor(name: "Northwind Office Supplies Ltd", street: "12 Harbour Road", city: "Bristol BS1 4RN", country: "GB", language: "en",
               currency: "GBP", vatID: "GB100000034", iban: "GB33BUKB20201555555555", decimalComma: false),
        Vendor(name: "Brauhaus Technik GmbH", street: "Industriestraße 7", city: "80331 München", country: "DE", language: "de",
               currency: "EUR", vatID: "DE273184654", iban: "DE60432500437302118841", decimalComma: true),
        Vendor(name: "Papeterie Lumière SARL", street: "3 rue des Lilas", city: "69002 Lyon", country: "FR", language: "fr",
               currency: "EUR", vatID: "FR40303265045", iban: "FR1420041010050500013M02606", decimalComma: true),
        Vendor(name: "Contoso Cloud Services Inc", street: "500 Pine Street", city: "Seattle, WA 98101", country: "US", language: "en",
               currency: "USD", vatID: "", iban: "", decimalComma: false),
        Vendor(name: "Alpenblick Hotel AG", street: "Seestrasse 21", city: "8002 Zürich", country: "CH", language: "de",
               currency: "CHF", vatID: "CHE-116.281.710", iban: "CH9300762011623852957", decimalComma: false),
        Vendor(name: "Boulangerie du Port", street: "8 quai Saint-Pierre", city: "13002 Marseille", country: "FR", language: "fr",
               currency: "EUR", vatID: "FR83404833048", iban: "", decimalComma: true),
    ]

    public struct Document: Sendable {
        public var id: String
        public var expected: JSONValue
    }

    /// Writes every fixture into `directory` (documents/, scans/, expected/). Returns what it wrote.
    /// The documents are dated in `year` (the committed fixtures: 2026, so the same call gives the same bytes).
    @discardableResult
    public static func generate(into directory: String, count: Int = 60, others: Int = 10, year: Int = 2026) throws -> [Document] {
        let fm = FileManager.default
        for sub in ["documents", "scans", "expected"] {
            try fm.createDirectory(atPath: directory + "/" + sub, withIntermediateDirectories: true)
        }
        var docs: [Document] = []
        for i in 0..<(count + others) {
            docs.append(try document(i, isOther: i >= count, directory: directory, year: year))
        }
        return docs
    }

    /// The made-up vendors as an ERP's vendor master lists them (name, VAT id, IBAN): `quire demo` imports them.
    public static var vendorMaster: [(name: String, vatID: String?, iban: String?)] {
        vendors.map { ($0.name, $0.vatID.isEmpty ? nil : $0.vatID, $0.iban.isEmpty ? nil : $0.iban) }
    }

    /// Writes `count` documents into `directory` and returns, per document, the file a scanner or
    /// mail robot would deliver: its scan where it has one, else its born-digital PDF (`quire demo`).
    /// They are dated in `year`: the demo passes the year before the clock's, so every date has passed
    /// whenever it runs (fields sends an issue date more than a month ahead to review).
    public static func deliveries(count: Int, into directory: String, year: Int = 2026) throws -> [String] {
        try generate(into: directory, count: count, others: 0, year: year).map { doc in
            let files = doc.expected["files"]?.arrayValue ?? []
            let pick = files.first { $0["kind"] == "scan" } ?? files.first
            return directory + "/" + (pick?["path"]?.stringValue ?? "")
        }
    }

    static func money(_ x: Double, _ v: Vendor) -> String {
        let cents = Int((x * 100).rounded())
        let whole = String(cents / 100), frac = String(format: "%02d", cents % 100)
        var grouped = ""
        for (k, ch) in whole.reversed().enumerated() {
            if k > 0 && k % 3 == 0 { grouped.append(v.decimalComma ? "." : (v.country == "CH" ? "'" : ",")) }
            grouped.append(ch)
        }
        return String(grouped.reversed()) + (v.decimalComma ? "," : ".") + frac
    }

    static func date(_ day: Int, _ month: Int, _ year: Int, _ v: Vendor) -> String {
        let months = ["de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
                      "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]]
        switch (v.country, day % 2) {
        case ("US", _): return String(format: "%02d/%02d/%04d", month, day, year)
        case ("GB", 0): return "\(day) \(["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"][month - 1]) \(year)"
        case ("GB", _): return String(format: "%02d/%02d/%04d", day, month, year)
        case (_, 0): return "\(day). \(months[v.language]?[month - 1] ?? "") \(year)".replacingOccurrences(of: "\(day). ", with: v.language == "fr" ? "\(day) " : "\(day). ")
        default: return v.language == "fr" ? String(format: "%02d/%02d/%04d", day, month, year) : String(format: "%02d.%02d.%04d", day, month, year)
        }
    }

    static func document(_ i: Int, isOther: Bool, directory: String, year: Int) throws -> Document {
        let v = vendors[i % vendors.count]
        let id = String(format: "doc-%03d", i)
        let kinds = ["invoice", "invoice", "credit_note", "receipt", "invoice"]
        let type = isOther ? (i % 2 == 0 ? "letter" : "purchase_order") : kinds[i % kinds.count]
        let day = 1 + (i * 7) % 28, month = 1 + (i * 5) % 12
        let isoDate = String(format: "%04d-%02d-%02d", year, month, day)
        let net = Double(50 + (i * 7919) % 4950) + Double((i * 37) % 100) / 100
        let rate = v.country == "CH" ? 8.1 : v.country == "US" ? 0 : v.country == "GB" ? 20 : v.country == "DE" ? 19 : 20
        let tax = (net * rate).rounded() / 100
        let total = ((net + tax) * 100).rounded() / 100
        let sequence = String(format: "%05d", 100 + i * 13)
        let prefix = type == "credit_note" ? (v.language == "de" ? "GS" : v.language == "fr" ? "AV" : "CN") : (v.language == "de" ? "RE" : v.language == "fr" ? "FA" : "INV")
        let number = "\(prefix)-\(year)-\(sequence)"
        let corrected = "\(v.language == "de" ? "RE" : v.language == "fr" ? "FA" : "INV")-\(year)-\(String(format: "%05d", 100 + max(0, i - 5) * 13))"
        let l = v.language
        func t(_ en: String, _ de: String, _ fr: String) -> String { l == "de" ? de : l == "fr" ? fr : en }
        var lines: [String] = [v.name, v.street, v.city]
        var fields: [String: JSONValue] = [:]
        switch type {
        case "invoice", "credit_note":
            let title = type == "invoice" ? t("INVOICE", "RECHNUNG", "FACTURE") : t("CREDIT NOTE", "GUTSCHRIFT", "AVOIR")
            let numberLabel = type == "invoice" ? t("Invoice No", "Rechnungsnummer", "N° de facture") : t("Credit note No", "Gutschriftsnummer", "N° d'avoir")
            // Layout 2 prints number and date as a small table: labels on one line, values below.
            let header = i % 3 == 2
                ? ["\(numberLabel)\t\(t("Date", "Datum", "Date"))", "\(number)\t\(date(day, month, year, v))"]
                : ["\(numberLabel): \(number)", "\(t("Date", "Datum", "Date")): \(date(day, month, year, v))"]
            lines += ["", title] + header + [
                      "\(t("Description", "Beschreibung", "Désignation"))   \(t("Amount", "Betrag", "Montant"))",
                      "\(t("Consulting services", "Beratungsleistungen", "Prestations de conseil"))   \(money(net, v)) \(v.currency)",
                      "\(t("Net", "Netto", "Total HT")): \(money(net, v)) \(v.currency)",
                      "\(t("VAT", "MwSt", "TVA")) \(rate == rate.rounded() ? String(Int(rate)) : String(rate)) %: \(money(tax, v)) \(v.currency)",
                      "\(t("Total due", "Gesamtbetrag", "Total TTC")): \(money(total, v)) \(v.currency)"]
            if !v.vatID.isEmpty { lines.append("\(t("VAT ID", "USt-IdNr.", "N° TVA")): \(v.vatID)") }
            if !v.iban.isEmpty { lines.append("IBAN: \(v.iban)") }
            if type == "credit_note" { lines.append("\(t("Corrects invoice", "Korrektur zu Rechnung", "Annule la facture")) \(corrected)") }
            fields = ["invoice_number": .string(number), "issue_date": .string(isoDate), "vendor_name": .string(v.name),
                      "currency": .string(v.currency), "net_total": .number(net), "tax_total": .number(tax), "total": .number(total),
                      "vendor_vat_id": v.vatID.isEmpty ? .null : .string(v.vatID), "vendor_iban": v.iban.isEmpty ? .null : .string(v.iban)]
            if type == "credit_note" { fields["corrects_invoice"] = .string(corrected) }
        case "receipt":
            lines += ["", t("RECEIPT", "QUITTUNG", "REÇU"), "\(t("Date", "Datum", "Date")): \(date(day, month, year, v))",
                      "\(t("Coffee and pastries", "Kaffee und Gebäck", "Café et viennoiseries"))   \(money(net, v))",
                      "\(t("Total", "Summe", "Total")): \(money(total, v)) \(v.currency)",
                      t("Thank you for your visit", "Vielen Dank für Ihren Besuch", "Merci de votre visite")]
            fields = ["merchant": .string(v.name), "date": .string(isoDate), "total": .number(total), "tax": .number(tax), "currency": .string(v.currency)]
        case "letter":
            lines += ["", "\(t("Dear customer,", "Sehr geehrte Damen und Herren,", "Madame, Monsieur,"))",
                      t("we are moving to a new office next month.", "wir ziehen im nächsten Monat in ein neues Büro.", "nous déménageons le mois prochain."),
                      t("Kind regards", "Mit freundlichen Grüßen", "Cordialement")]
        default:
            lines += ["", t("PURCHASE ORDER", "BESTELLUNG", "BON DE COMMANDE"), "PO \(number.replacingOccurrences(of: "INV", with: "PO"))",
                      "\(t("Please deliver", "Bitte liefern Sie", "Merci de livrer")): 10 × \(t("toner", "Toner", "toner"))"]
        }
        // Born-digital PDF, in one of three layouts.
        let pdf = "documents/\(id).pdf"
        writePDF(directory + "/" + pdf, lines: lines, layout: i % 3)
        var files: [JSONValue] = [["path": .string(pdf), "kind": "born_digital"]]
        // Some French and German invoices and credit notes carry their data as Factur-X / ZUGFeRD 2 XML.
        let scanKind = i % 4
        var einvoice: JSONValue = .null
        if scanKind == 0, type == "invoice" || type == "credit_note", v.country == "FR" || v.country == "DE" {
            let xml = ciiXML(number: number, type: type, isoDate: isoDate, vendor: v, net: net, rate: rate, tax: tax, total: total, corrected: type == "credit_note" ? corrected : nil)
            let name = v.country == "FR" ? "factur-x.xml" : "zugferd-invoice.xml"
            try embed(directory + "/" + pdf, name: name, data: Array(xml.utf8), description: "Factur-X / ZUGFeRD 2 invoice data (EN 16931)")
            einvoice = ["name": .string(name), "syntax": "cii"]
        }
        // Scans of some: PNG, JPEG with noise, TIFF (bilevel), image-only PDF.
        if scanKind != 0 {
            let angle = Double((i % 7) - 3) * 0.004   // about ±0.7 degrees
            if let pix = try renderScan(lines: lines, angle: angle, noise: scanKind == 2 ? 12 : 0, seed: UInt32(i)) {
                var p: UnsafeMutablePointer<PIX>? = pix
                defer { pixDestroy(&p) }
                switch (scanKind, i % 8 < 4) {
                case (1, _):
                    let path = "scans/\(id).png"
                    pixWrite(directory + "/" + path, pix, Int32(IFF_PNG))
                    files.append(["path": .string(path), "kind": "scan", "format": "png", "dpi": 150])
                case (2, _):
                    let path = "scans/\(id).jpg"
                    pixWriteJpeg(directory + "/" + path, pix, 60, 0)
                    files.append(["path": .string(path), "kind": "scan", "format": "jpeg", "dpi": 150])
                case (_, true):
                    let path = "scans/\(id).tiff"
                    if let bw = pixConvertTo1(pix, 160) {
                        var b: UnsafeMutablePointer<PIX>? = bw
                        pixWrite(directory + "/" + path, bw, Int32(IFF_TIFF_G4))
                        pixDestroy(&b)
                        files.append(["path": .string(path), "kind": "scan", "format": "tiff", "dpi": 150])
                    }
                default:
                    let path = "scans/\(id)-scan.pdf"
                    let png = NSTemporaryDirectory() + "quire-fixture-\(getpid()).png"
                    pixWrite(png, pix, Int32(IFF_PNG))
                    imagePDF(directory + "/" + path, png: png)
                    try? FileManager.default.removeItem(atPath: png)
                    files.append(["path": .string(path), "kind": "scan", "format": "pdf", "dpi": 150])
                }
            }
        }
        let expected: JSONValue = [
            "id": .string(id), "type": .string(type), "language": .string(l), "vendor": .string(v.name), "country": .string(v.country),
            "fields": .object(fields), "einvoice": einvoice, "text": .array(lines.filter { !$0.isEmpty }.map { .string($0.replacingOccurrences(of: "\t", with: "   ")) }), "files": .array(files),
        ]
        let data = Data((expected.jsonString(pretty: true) + "\n").utf8)
        try data.write(to: URL(fileURLWithPath: "\(directory)/expected/\(id).json"))
        return Document(id: id, expected: expected)
    }

    /// Factur-X / ZUGFeRD 2 (EN 16931 profile) XML in the CII syntax for a generated invoice.
    static func ciiXML(number: String, type: String, isoDate: String, vendor v: Vendor, net: Double, rate: Double, tax: Double, total: Double, corrected: String?) -> String {
        func a(_ x: Double) -> String { String(format: "%.2f", x) }
        let date = isoDate.replacingOccurrences(of: "-", with: "")
        let reference = corrected.map { "<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>\($0)</ram:IssuerAssignedID></ram:InvoiceReferencedDocument>" } ?? ""
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
              <rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>
              <rsm:ExchangedDocument><ram:ID>\(number)</ram:ID><ram:TypeCode>\(type == "credit_note" ? "381" : "380")</ram:TypeCode><ram:IssueDateTime><udt:DateTimeString format="102">\(date)</udt:DateTimeString></ram:IssueDateTime></rsm:ExchangedDocument>
              <rsm:SupplyChainTradeTransaction>
                <ram:IncludedSupplyChainTradeLineItem>
                  <ram:AssociatedDocumentLineDocument><ram:LineID>1</ram:LineID></ram:AssociatedDocumentLineDocument>
                  <ram:SpecifiedTradeProduct><ram:Name>\(v.language == "de" ? "Beratungsleistungen" : "Prestations de conseil")</ram:Name></ram:SpecifiedTradeProduct>
                  <ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>\(a(net))</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>
                  <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="C62">1</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
                  <ram:SpecifiedLineTradeSettlement><ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>\(a(rate))</ram:RateApplicablePercent></ram:ApplicableTradeTax><ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>\(a(net))</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation></ram:SpecifiedLineTradeSettlement>
                </ram:IncludedSupplyChainTradeLineItem>
                <ram:ApplicableHeaderTradeAgreement>
                  <ram:SellerTradeParty><ram:Name>\(v.name)</ram:Name><ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">\(v.vatID)</ram:ID></ram:SpecifiedTaxRegistration></ram:SellerTradeParty>
                  <ram:BuyerTradeParty><ram:Name>Quire Test Buyer GmbH</ram:Name></ram:BuyerTradeParty>
                </ram:ApplicableHeaderTradeAgreement>
                <ram:ApplicableHeaderTradeDelivery/>
                <ram:ApplicableHeaderTradeSettlement>
                  <ram:InvoiceCurrencyCode>\(v.currency)</ram:InvoiceCurrencyCode>
                  <ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>58</ram:TypeCode>\(v.iban.isEmpty ? "" : "<ram:PayeePartyCreditorFinancialAccount><ram:IBANID>\(v.iban)</ram:IBANID></ram:PayeePartyCreditorFinancialAccount>")</ram:SpecifiedTradeSettlementPaymentMeans>
                  <ram:ApplicableTradeTax><ram:CalculatedAmount>\(a(tax))</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>\(a(net))</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>\(a(rate))</ram:RateApplicablePercent></ram:ApplicableTradeTax>
                  <ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:LineTotalAmount>\(a(net))</ram:LineTotalAmount><ram:TaxBasisTotalAmount>\(a(net))</ram:TaxBasisTotalAmount><ram:TaxTotalAmount currencyID="\(v.currency)">\(a(tax))</ram:TaxTotalAmount><ram:GrandTotalAmount>\(a(total))</ram:GrandTotalAmount><ram:DuePayableAmount>\(a(total))</ram:DuePayableAmount></ram:SpecifiedTradeSettlementHeaderMonetarySummation>
                  \(reference)
                </ram:ApplicableHeaderTradeSettlement>
              </rsm:SupplyChainTradeTransaction>
            </rsm:CrossIndustryInvoice>

            """
    }

    /// Attaches a file to a PDF the way Factur-X does (an embedded file in the catalog's /Names
    /// and /AF), as an incremental update: the original bytes stay, new objects and a second
    /// xref section follow. Works on the classic-xref PDFs cairo writes.
    static func embed(_ path: String, name: String, data: [UInt8], description: String) throws {
        var pdf = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let text = String(decoding: pdf, as: UTF8.self)
        func capture(_ pattern: String) -> String? {
            guard let r = text.range(of: pattern, options: [.regularExpression, .backwards]) else { return nil }
            return String(text[r])
        }
        guard let sizeText = capture(#"/Size \d+"#), let size = Int(sizeText.dropFirst(6)),
              let rootText = capture(#"/Root \d+ 0 R"#), let root = Int(rootText.dropFirst(6).dropLast(4)),
              let startxref = capture(#"startxref\s+\d+"#), let prev = Int(startxref.split(whereSeparator: \.isWhitespace).last ?? ""),
              let catalogStart = text.range(of: "\n\(root) 0 obj"), let catalogEnd = text.range(of: "endobj", range: catalogStart.upperBound..<text.endIndex) else {
            throw QuireError(.invalidArgument, "\(path) is not a classic-xref PDF this can attach a file to")
        }
        var catalog = String(text[catalogStart.upperBound..<catalogEnd.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines)
        guard catalog.hasSuffix(">>") else { throw QuireError(.invalidArgument, "\(path): the catalog is not a dictionary") }
        let file = size, spec = size + 1, names = size + 2
        catalog = String(catalog.dropLast(2)) + "   /Names << /EmbeddedFiles \(names) 0 R >>\n   /AF [\(spec) 0 R]\n>>"
        var offsets: [Int: Int] = [:]
        func append(_ s: String) { pdf += Array(s.utf8) }
        if pdf.last != 10 { append("\n") }
        offsets[file] = pdf.count
        append("\(file) 0 obj\n<< /Type /EmbeddedFile /Subtype /text#2Fxml /Length \(data.count) /Params << /Size \(data.count) /ModDate (D:20260101000000Z) >> >>\nstream\n")
        pdf += data
        append("\nendstream\nendobj\n")
        offsets[spec] = pdf.count
        append("\(spec) 0 obj\n<< /Type /Filespec /F (\(name)) /UF (\(name)) /Desc (\(description)) /AFRelationship /Data /EF << /F \(file) 0 R /UF \(file) 0 R >> >>\nendobj\n")
        offsets[names] = pdf.count
        append("\(names) 0 obj\n<< /Names [(\(name)) \(spec) 0 R] >>\nendobj\n")
        offsets[root] = pdf.count
        append("\(root) 0 obj\n\(catalog)\nendobj\n")
        let xref = pdf.count
        func entry(_ o: Int) -> String { String(format: "%010d 00000 n \n", o) }
        append("xref\n0 1\n0000000000 65535 f \n\(root) 1\n" + entry(offsets[root]!) + "\(file) 3\n" + entry(offsets[file]!) + entry(offsets[spec]!) + entry(offsets[names]!))
        var trailer = "trailer\n<< /Size \(size + 3) /Root \(root) 0 R /Prev \(prev)"
        if let info = capture(#"/Info \d+ 0 R"#) { trailer += " " + info }
        append(trailer + " >>\nstartxref\n\(xref)\n%%EOF\n")
        try Data(pdf).write(to: URL(fileURLWithPath: path))
    }

    static func writePDF(_ path: String, lines: [String], layout: Int) {
        let surface = cairo_pdf_surface_create(path, 595, 842)!
        // Fixed dates, so the same input gives the same bytes.
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "2026-01-01T00:00:00Z")
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, "2026-01-01T00:00:00Z")
        let cr = cairo_create(surface)!
        cairo_select_font_face(cr, layout == 2 ? "DejaVu Serif" : "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
        for (k, line) in lines.enumerated() {
            let header = k < 3
            cairo_set_font_size(cr, header ? (k == 0 ? 15 : 10) : 11)
            // Layout 1 puts the sender block on the right, as many German invoices do.
            let x = layout == 1 && header ? 340.0 : 60.0
            for (c, column) in line.components(separatedBy: "\t").enumerated() {
                cairo_move_to(cr, x + Double(c) * 240, 70 + Double(k) * (layout == 2 ? 26 : 22))
                cairo_show_text(cr, column)
            }
        }
        cairo_show_page(cr)
        cairo_destroy(cr)
        cairo_surface_finish(surface)
        cairo_surface_destroy(surface)
    }

    /// The page as a 150 dpi grey scan: drawn, rotated a little, optionally with noise.
    static func renderScan(lines: [String], angle: Double, noise: Double, seed: UInt32) throws -> UnsafeMutablePointer<PIX>? {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1240, 1754)!
        defer { cairo_surface_destroy(surface) }
        let cr = cairo_create(surface)!
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_set_source_rgb(cr, 0, 0, 0)
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
        for (k, line) in lines.enumerated() {
            cairo_set_font_size(cr, k == 0 ? 31 : 23)
            for (c, column) in line.components(separatedBy: "\t").enumerated() {
                cairo_move_to(cr, 125 + Double(c) * 500, 146 + Double(k) * 46)
                cairo_show_text(cr, column)
            }
        }
        cairo_destroy(cr)
        guard var grey = OCR.greyPix(from: surface) else { return nil }
        pixSetResolution(grey, 150, 150)
        var current: UnsafeMutablePointer<PIX>? = grey
        if angle != 0, let rotated = pixRotate(grey, Float(angle), Int32(L_ROTATE_AREA_MAP), Int32(L_BRING_IN_WHITE), 0, 0) {
            pixDestroy(&current)
            grey = rotated
            current = rotated
        }
        if noise > 0 {
            srand(seed)
            if let noisy = pixAddGaussianNoise(grey, Float(noise)) {
                pixDestroy(&current)
                current = noisy
            }
        }
        return current
    }

    static func imagePDF(_ path: String, png: String) {
        guard let image = cairo_image_surface_create_from_png(png) else { return }
        defer { cairo_surface_destroy(image) }
        let pdf = cairo_pdf_surface_create(path, 595, 842)!
        cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_CREATE_DATE, "2026-01-01T00:00:00Z")
        cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_MOD_DATE, "2026-01-01T00:00:00Z")
        let cr = cairo_create(pdf)!
        cairo_scale(cr, 72.0 / 150, 72.0 / 150)
        cairo_set_source_surface(cr, image, 0, 0)
        cairo_paint(cr)
        cairo_show_page(cr)
        cairo_destroy(cr)
        cairo_surface_finish(pdf)
        cairo_surface_destroy(pdf)
    }
}

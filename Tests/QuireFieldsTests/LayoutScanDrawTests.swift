import Foundation
import QuireCore
import Testing
@testable import QuireFields

/// Conventions found by scanning the made-up rounds and the development e-invoices once more with another draw of the
/// scanner's skew and noise (`quire bench fields --scan-seed 1`, docs/benchmarks.md): every name and number here is made up.
extension LayoutTests {
    @Test("a UK invoice's 'Tax Point' beside its 'Invoice Date' is the supply's date; alone, it is the invoice's")
    func taxPointBesideAnInvoiceDate() {
        func page(invoiceDate: Bool) -> DocumentText {
            Self.placed([
                (40, 40, 14, "Kober Service Ltd"), (380, 40, 14, "VAT INVOICE"), (40, 58, 9, "48 Station Road"), (40, 70, 9, "Leeds LS1 4AB"),
                (40, 82, 9, "VAT Reg. No. GB 151 8747 51"),
                (40, 120, 9, "Invoice to:"), (360, 120, 9, "Invoice No. INV-16794"),
                // As a scan's lines came out: the invoice date on the buyer's line and read less surely than the tax point.
                (40, 134, 9, "Muster Handel UG (haftungsbeschränkt)"), (360, 134, 9, invoiceDate ? "Invoice Date 10/07/2026" : "Your Ref. PO48929"),
                (40, 148, 9, "Schillerstraße 74"), (360, 160, 9, "Tax Point 30/06/2026"),
                (40, 172, 9, "58807 Waldkirch"), (40, 186, 9, "Germany"), (360, 186, 9, "Payment Due 24/08/2026"),
                (360, 300, 9, "Subtotal £1,000.00"), (360, 312, 9, "VAT 20% £200.00"), (360, 324, 9, "Total £1,200.00"),
            ], confidence: { $0.text.hasPrefix("Invoice Date") ? 0.85 : 0.96 })
        }
        let both = Self.extract(page: page(invoiceDate: true))
        #expect(both.value("issue_date") == "2026-07-10", "\(String(describing: both.fields["issue_date"]))")
        let alone = Self.extract(page: page(invoiceDate: false))
        #expect(alone.value("issue_date") == "2026-06-30", "\(String(describing: alone.fields["issue_date"]))")
    }

    @Test("words OCR returned twice at one place (a line read again beside its first reading) are read once")
    func wordsReadTwiceAreReadOnce() {
        // [text, x0, y0, x1, y1, confidence] as the OCR stage writes them.
        func w(_ t: String, _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, _ c: Double) -> JSONValue {
            .array([.string(t), .number(x0), .number(y0), .number(x1), .number(y1), .number(c)])
        }
        let words: [JSONValue] = [
            w("Beispiel", 40, 40, 90, 52, 0.95), w("Werkstatt", 94, 40, 150, 52, 0.95), w("GmbH", 154, 40, 184, 52, 0.95),
            w("Rechnung", 40, 80, 92, 90, 0.95), w("Nr.", 96, 80, 112, 90, 0.95), w("2026-1012", 116, 80, 170, 90, 0.95),
            w("Datum:", 40, 94, 78, 104, 0.95), w("25.05.2026", 82, 94, 140, 104, 0.95),
            w("Zwischensumme", 300, 300, 380, 310, 0.95), w("(netto)", 384, 300, 420, 310, 0.95), w("5.773,44", 478, 300, 522, 310, 0.95), w("€", 528, 300, 533, 310, 0.95),
            w("Umsatzsteuer", 300, 314, 370, 324, 0.95), w("19", 374, 314, 386, 324, 0.95), w("%", 388, 314, 394, 324, 0.95),
            w("1.096,95", 478, 314, 522, 324, 0.95), w("€", 528, 314, 533, 324, 0.95),
            w("Gesamt", 353.2, 334.4, 393.1, 341.3, 0.968), w("(brutto)", 401.4, 334.1, 438.1, 342.4, 0.967), w("6.870,39", 478, 331, 522, 345, 0.9),
            w("€", 527, 329.4, 531.4, 346.7, 0.949),
            // The same two words again, a point off: the line's second reading, whose first one stayed.
            w("Gesamt", 352.8, 334.1, 393.1, 341.3, 0.966), w("(brutto)", 397.1, 328, 438.1, 348.1, 0.862),
        ]
        let ocr: JSONValue = .array([["page": 1, "words": .array(words)]])
        let text = DocumentText(textOutput: nil, ocrOutput: ocr)
        #expect(text.lines.contains { $0.text.hasPrefix("Gesamt (brutto)") }, "\(text.lines.map(\.text))")
        #expect(text.lines.flatMap(\.words).filter { $0.text == "Gesamt" }.count == 1)
        // The surer of the two stays.
        #expect(text.lines.flatMap(\.words).first { $0.text == "(brutto)" }?.confidence == 0.967)
        let r = Self.extract(page: text)
        #expect(r.value("total") == 6870.39, "\(String(describing: r.fields["total"])) \(text.lines.map(\.text))")
        // The same word twice side by side is two words ("Gesamt Gesamt" printed so is kept as printed).
        let apart = DocumentText(textOutput: nil, ocrOutput: .array([["page": 1, "words": .array([w("50", 40, 40, 52, 50, 0.9), w("50", 60, 40, 72, 50, 0.9)])]]))
        #expect(apart.lines.flatMap(\.words).count == 2)
    }

    @Test("a total whose decimal comma OCR read as a figure ('6.870139') is what net and tax give, with a doubt")
    func aDecimalCommaReadAsAFigure() {
        let text = DocumentText.scanned([
            "Beispiel Werkstatt GmbH", "Rechnung Nr. 2026-1012 vom 25.05.2026",
            "Zwischensumme (netto)        5.773,44 €", "Umsatzsteuer 19 %            1.096,95 €", "Gesamt (brutto)              6.870139 € |",
        ])
        let r = Self.extract(page: text)
        #expect(r.value("total") == 6870.39, "\(String(describing: r.fields["total"]))")
        #expect(Fields.reviewReasons(r, policies: ["confidence_threshold": 0.85]).contains { $0.contains("check the amount") })
        #expect(FieldExtractor.separatorReadAsFigure("6.870139", 6870.39))
        #expect(FieldExtractor.separatorReadAsFigure("19.598146", 19598.46))
        #expect(FieldExtractor.separatorReadAsFigure("6,870139", 6870.39))
        // Not a figure misread as well, nor the amount as printed, nor another amount.
        #expect(!FieldExtractor.separatorReadAsFigure("6.870138", 6870.39))
        #expect(!FieldExtractor.separatorReadAsFigure("6.870,39", 6870.39))
        #expect(!FieldExtractor.separatorReadAsFigure("5.773,44", 6870.39))
    }
}

extension LayoutTests {
    @Test("net and tax both misread by a scan, the total right: the items' sum and the printed rate give both, each with a doubt")
    func netAndTaxBothMisreadAreMendedFromTheItemsAndTheRate() {
        func read(net: String, tax: String, total: String) -> FieldExtractor.Result {
            var text = DocumentText(plainText: """
                Beispiel Werke GmbH
                Gutschrift-Nr.: GS2026-0412        Datum: 16.08.2026
                Pos.  Artikel                  Menge     Preis        Betrag
                1     Montage Fenster              1    849,47 €      849,47 €
                2     Beratungsleistung            5    347,20 €    1.736,00 €
                3     Hosting Paket M              3    118,03 €      354,09 €
                Nettobetrag                                       \(net)
                zzgl. 19 % USt.                                   \(tax)
                Gutschriftsbetrag                                 \(total)
                """)
            text.fromOCR = true
            return Self.extract(page: text)
        }
        // The items add up to 2.939,56; 19 % of that is 558,52; 3.498,08 in all. OCR read the net with a colon and a
        // wrong figure and split the tax's cents off.
        let r = read(net: "2:938,56°€", tax: "558, 52€", total: "3.498,08 €")
        #expect(r.value("net_total") == 2939.56 && r.value("tax_total") == 558.52 && r.value("total") == 3498.08,
                "\(String(describing: r.fields["net_total"])) \(String(describing: r.fields["tax_total"]))")
        #expect(r.fields["net_total"]?.checks.contains { $0.name == "rule_doubt" && !$0.passed } == true)
        #expect(r.fields["tax_total"]?.checks.contains { $0.name == "rule_doubt" && !$0.passed } == true)
        // A total the items and the rate do not agree with mends nothing.
        let other = read(net: "2:938,56°€", tax: "558, 52€", total: "3.490,00 €")
        #expect(other.value("net_total") != 2939.56, "\(String(describing: other.fields["net_total"]))")
    }
}

extension LayoutTests {
    @Test("a number a point higher than its label at a tab stop, banded with the letterhead's name across the page, joins its label")
    func aValueBandedWithTheLetterheadJoinsItsLabel() {
        // As OCR boxed them on one scan (points): the label's box took in its hyphen's and descenders' ink and is taller
        // than the number beside it, whose middle lies nearer the letterhead's line.
        let text = Self.scannedPage([
            ("Beispiel", 72.7, 133.2, 118, 142.6), ("Technik", 121.4, 133.2, 156.4, 140.8), ("AG", 160, 133.2, 172.6, 140.8),
            ("Rechnungs-Nr.", 360, 133.6, 427.3, 146.2), ("2025-10603", 452.2, 134.6, 508.7, 141.8),
            ("Abteilung", 72.7, 144.4, 117, 153.7), ("Einkauf", 122, 144.4, 156.6, 151.9),
            ("Rechnungsdatum", 360, 148.7, 441.7, 158), ("25.07.2025", 452.2, 148.7, 504.7, 155.9),
            ("32302", 73.4, 166.7, 101.9, 174.2), ("Waldkirch", 106.2, 166.7, 151.6, 174.2),
        ])
        #expect(text.lines.map(\.text).contains("Rechnungs-Nr.   2025-10603"), "\(text.lines.map(\.text))")
        #expect(text.lines.map(\.text).contains("Beispiel Technik AG"), "\(text.lines.map(\.text))")
    }
}

extension LayoutTests {
    @Test("rows of OCR marks alone ('|', a table's ruling read as glyphs) between a heading row and its values are no rows")
    func rowsOfMarksAloneAreNoRows() {
        let text = Self.placed([
            (40, 40, 14, "Roell Handel GmbH"), (40, 80, 9, "Rechnung Nr. 2026-0311"), (40, 92, 9, "Rechnungsdatum 28.02.2026"),
            (60, 300, 9, "Netto"), (160, 300, 9, "USt. 19 %"), (260, 300, 9, "Brutto"), (360, 300, 9, "Fällig am"),
            (20, 306, 5, "|"), (20, 311, 5, "|"),
            (60, 316, 9, "3.508,86 €"), (160, 316, 9, "666,68 €"), (260, 316, 9, "4.175,54 €"), (360, 316, 9, "14.03.2026"),
            (20, 326, 5, "|"),
        ], confidence: { _ in 0.93 })
        #expect(!text.lines.contains { $0.text == "|" }, "\(text.lines.map(\.text))")
        let r = Self.extract(page: text)
        #expect(r.value("due_date") == "2026-03-14", "\(r.fields.mapValues(\.value)) \(text.lines.map(\.text))")
        // A PDF's own text is as printed.
        #expect(Self.placed([(40, 40, 9, "Text"), (40, 60, 9, "|")]).lines.contains { $0.text == "|" })
    }
}

extension LayoutTests {
    @Test("an amount's thousands separator OCR read as a colon ('12:332,13') is put back; a time and a PDF's own text stay")
    func aColonForAThousandsSeparator() {
        let text = DocumentText.scanned(["Beispiel Conseil SARL", "Facture n° F26-0412 du 20/04/2026", "Total HT 12:332,13 €",
                                         "TVA 20% 2.466,43 €", "Total TTC 14.798,56 €", "Heure 12:30", "Paid 1:250.00"])
        let r = Self.extract(page: text)
        #expect(r.value("net_total") == 12332.13, "\(String(describing: r.fields["net_total"]))")
        #expect(r.value("total") == 14798.56)
        #expect(text.lines.contains { $0.text == "Heure 12:30" }, "\(text.lines.map(\.text))")
        #expect(text.lines.contains { $0.text == "Paid 1,250.00" }, "\(text.lines.map(\.text))")
        #expect(DocumentText(plainText: "Total HT 12:332,13 €").lines.first?.text == "Total HT 12:332,13 €")
    }

    @Test("a short scan turned by a degree: the slope is measured along whole lines, and each amount at the right stays with its label")
    func shortSkewedScanKeepsItsRows() {
        // A made-up small invoice (one of our generated rounds) as OCR boxed it on a scan turned by about 1°: eleven lines, and
        // boxes whose middles move with their letters. Neighbouring words alone put the slope at 1.4°, and "Gesamt" lost its
        // "93,39 €" to the line below.
        let boxes: [(String, Double, Double, Double, Double)] = [
            ("Linsta", 241.92, 60.84, 301.32, 74.52), ("OHG", 309.6, 59.04, 352.8, 73.44), ("Hauptstraße", 213.12, 80.28, 271.08, 90.36),
            ("85,", 274.68, 80.28, 288.72, 88.2), ("41144", 293.04, 79.56, 322.2, 87.12), ("Musterstadt", 326.52, 78.48, 382.68, 86.4),
            ("Steuernummer", 227.88, 92.16, 298.44, 99.72), ("68/890/11372", 302.04, 90, 367.2, 98.64),
            ("Rechnung", 64.08, 126.72, 109.44, 135.72), ("Nr.", 114.12, 126.36, 126, 133.56), ("15853", 130.68, 125.64, 159.12, 133.2),
            ("Datum:", 64.44, 138.96, 97.56, 145.8), ("20.11.2025", 102.24, 137.16, 155.16, 145.08),
            ("Montage", 69.12, 160.2, 109.08, 168.84), ("Fenster", 113.76, 159.48, 147.6, 166.68), ("43,57", 493.56, 152.64, 519.48, 160.92),
            ("€", 523.44, 152.28, 529.2, 159.48), ("Hosting", 69.12, 174.24, 104.04, 183.24), ("Paket", 108.36, 173.52, 133.56, 181.08),
            ("M", 137.16, 173.52, 143.64, 180.72), ("30,09", 494.28, 166.68, 519.84, 175.32), ("€", 523.8, 166.68, 529.2, 173.88),
            ("Wartung", 69.12, 188.64, 108, 197.28), ("Heizungsanlage", 112.68, 186.84, 187.56, 196.56), ("19,73€", 494.64, 180.72, 529.56, 189.36),
            ("Gesamt", 69.12, 202.68, 109.8, 210.24), ("93,39", 490.68, 195.48, 519.48, 204.12), ("€", 523.44, 195.12, 529.56, 202.32),
            ("Im", 65.88, 225.72, 75.96, 232.56), ("Gesamtbetrag", 80.28, 224.28, 147.24, 233.28), ("sind", 151.56, 223.56, 169.92, 231.12),
            ("19", 174.6, 223.56, 185.4, 230.76), ("%", 189.36, 223.2, 197.28, 230.4), ("MwSt.", 201.96, 222.84, 228.6, 230.4),
            ("enthalten.", 233.28, 222.12, 280.44, 229.68), ("Betrag", 65.88, 237.24, 96.12, 245.52), ("bar", 100.44, 236.16, 115.56, 243.72),
            ("erhalten.", 118.8, 235.44, 160.56, 243.36), ("Vielen", 164.52, 234.72, 192.96, 242.28), ("Dank!", 197.28, 234.36, 223.56, 241.92),
        ]
        let words = boxes.map { t, x0, y0, x1, y1 in SourceWord(text: t, x0: x0, y0: y0, x1: x1, y1: y1, confidence: 0.95, page: 1) }
        let slope = DocumentText.skew(words)
        #expect(abs(atan(slope) * 180 / .pi + 1.0) < 0.15, "\(atan(slope) * 180 / .pi)°")
        let text = DocumentText(words: words)
        for row in ["Montage Fenster 43,57 €", "Hosting Paket M 30,09 €", "Wartung Heizungsanlage 19,73€", "Gesamt 93,39 €"] {
            #expect(text.lines.contains { $0.words.map(\.text).joined(separator: " ") == row }, "\(text.lines.map(\.text))")
        }
        #expect(Self.extract(page: text).value("total") == 93.39)
    }

    @Test("a date wrapped in a narrow cell keeps its year when the lines of the column beside it come between")
    func wrappedDateWithTheNextColumnsLinesBetween() {
        // Made-up page as a scan's lines came out: the sender's street (in two half-lines) and a speck read as "4" stand
        // between "February 23," and its "2025" in reading order, though the year is a line's height under it.
        let page = Self.placed([
            (74, 60, 13, "Kalux Technik GmbH"), (462, 60, 13, "INVOICE"),
            (412, 83, 7, "Invoice #"), (510, 83, 7, "2815"),
            (400, 96, 7, "Invoice Date"), (479, 96, 8, "February 23,"), (112, 101.5, 1, "4"),
            (74, 103, 8, "Gewerbering 29"), (510, 107, 7, "2025"), (74, 113.5, 7, "13141 Neustadt"),
            (400, 120, 7, "Payment Due"), (468, 120, 7, "March 25, 2025"),
            (400, 300, 8, "Subtotal: €100.00"), (400, 312, 8, "Tax (19%): €19.00"), (400, 324, 8, "Total: €119.00"),
        ], confidence: { _ in 0.95 })
        let r = Self.extract(page: page)
        #expect(r.value("issue_date") == "2025-02-23", "\(page.lines.map(\.text)) \(String(describing: r.fields["issue_date"]))")
        #expect(r.value("due_date") == "2025-03-25")
    }

    @Test("a legal form at the left margin does not go on from a name in a list at the right that falls on the line above")
    func legalFormDoesNotJoinANameAcrossThePage() {
        // Made-up letterhead: the firm's name with its form wrapped under it at the left, its partners listed small at the
        // right; on a scan one partner's name came out as a line of its own between the name and the form.
        let page = Self.placed([
            (73, 60, 11, "Muster & Beispiel"), (402, 64, 6, "Anna Muster"),
            (402, 74, 6, "Lena Beispiel"), (73, 77, 9, "Partnerschaftsgesellschaft mbB"),
            (73, 89, 7, "Steuerberater - Wirtschaftsprüfer"), (402, 92, 6, "Lindenallee 11"), (402, 100, 6, "54850 Seefeld"),
            (73, 113, 6, "Muster & Beispiel Partnerschaftsgesellschaft mbB - Lindenallee 11 - 54850 Seefeld"),
            (73, 125, 8, "Kunde Handel AG"), (402, 125, 8, "USt-IdNr. DE321292233"), (73, 137, 8, "Am Markt 14"), (73, 149, 8, "66648 Bergheim"),
            (73, 175, 8, "Datum: 04.08.2026"), (300, 175, 8, "Rechnungs-Nr.: 26/2174"),
            (73, 300, 8, "Honorar netto"), (450, 300, 8, "1.000,00 €"), (73, 312, 8, "Umsatzsteuer 19%"), (450, 312, 8, "190,00 €"),
            (73, 324, 8, "Rechnungsbetrag"), (450, 324, 8, "1.190,00 €"),
        ], confidence: { _ in 0.95 })
        let r = Self.extract(page: page)
        #expect(r.value("vendor_name") == "Muster & Beispiel Partnerschaftsgesellschaft mbB", "\(page.lines.map(\.text)) \(String(describing: r.fields["vendor_name"]))")
        // (Nor is the partner's name with the firm's form a company's line: on the scan it outweighed the firm's name.)
        let layout = LayoutExtractor(schema: .invoice)
        let lines = (layout.candidates(in: page, conventions: layout.conventions(of: page))["vendor_name"] ?? []).filter { $0.note.contains("company form") }
        #expect(!lines.contains { $0.value == "Lena Beispiel Partnerschaftsgesellschaft mbB" }, "\(lines.map(\.value))")
    }

    @Test("a sender line whose name has no legal form names the vendor where the rest is a postal address")
    func senderLineWithoutALegalForm() {
        // Made-up names and places: an English "Company" and a sole trader's own name.
        let r = Self.extract("""
            Kober Trading Company · 123 Mill Road · Suite 100 · Building A · 12345 Neustadt
            Contoso Buyer Company                                     Invoice Number:   DOC-4471
            Jane Doe                                                  Invoice Date:     October 1, 2026
            456 Park Avenue
            67890 Altdorf
            Net Total Amount                                                            €121.50
            Value Added Tax (19.00% of €121.50)                                         €23.09
            Gross Total Amount                                                          €144.59
            """)
        #expect(r.value("vendor_name") == "Kober Trading Company", "\(String(describing: r.fields["vendor_name"]))")
        #expect(LayoutExtractor.senderLineName("Max Mustermann · Lindenallee 17 · 12345 Musterstadt") == "Max Mustermann")
        // (A business named by its web address.)
        #expect(LayoutExtractor.senderLineName("beispiel-shop.de | Weg 4 | 12345 Musterstadt") == "beispiel-shop.de")
        // (Not without a street and a postcode, nor a party's heading, nor words in lower case.)
        #expect(LayoutExtractor.senderLineName("Max Mustermann · Tel. 0123 456 · Fax 0123 457") == nil)
        #expect(LayoutExtractor.senderLineName("Rechnungsempfänger · Lindenallee 17 · 12345 Musterstadt") == nil)
        #expect(LayoutExtractor.senderLineName("bitte überweisen · Lindenallee 17 · 12345 Musterstadt") == nil)
        #expect(LayoutExtractor.senderLineName("IT-Beratung · Lindenallee 17 · 12345 Musterstadt") == nil, "a trade under a letterhead")
    }

    @Test("a receipt's sign with a speck a column off it, read as a lone letter with no confidence, is still the shop's name")
    func receiptSignWithASpeckBesideIt() {
        // Made-up receipt as OCR boxed it: a speck far right of the sign read "a" with confidence 0.
        let page = Self.placed([
            (150, 40, 9, "TAX INVOICE"), (140, 56, 9, "CONTOH PIZZA"), (300, 54, 9, "a"),
            (110, 70, 8, "GST REF NO : 001122334455"), (120, 84, 8, "CONTOH PIZZA TAMAN MAJU"), (110, 96, 8, "Kober Makan Sdn Bhd"),
            (100, 108, 8, "No. 12, Jalan Maju 3, 81750 Masai"), (100, 130, 8, "Date : 27/04/18 17:57"),
            (100, 150, 8, "1 Pizza Besar 38.90"), (100, 170, 8, "TOTAL 38.90"), (100, 182, 8, "CASH 50.00"), (100, 194, 8, "CHANGE 11.10"),
        ], confidence: { $0.text == "a" ? 0 : 0.93 })
        let r = FieldExtractor(schema: .receipt).extract(text: page)
        #expect(r.value("merchant") == "CONTOH PIZZA", "\(page.lines.map(\.text)) \(String(describing: r.fields["merchant"]))")
    }

    @Test("a French name OCR read without its accents, or with German ones, is written with them; capitals and PDF text stay as printed")
    func frenchNameWithItsAccents() {
        #expect(LayoutExtractor.repairAccents("Societe Höteliere du Lac") == "Société Hôtelière du Lac")
        #expect(LayoutExtractor.repairAccents("SOCIETE GENERALE DU LAC") == "SOCIETE GENERALE DU LAC")
        #expect(LayoutExtractor.repairAccents("Batiment Beispiel SARL") == "Bâtiment Beispiel SARL")
        // (Not a word that is one of another language without accents, "Hotel", "Energie", "General", nor a German name.)
        for name in ["Alpenblick Hotel AG", "Energie Beispiel GmbH", "General Beispiel Ltd", "Muller Bau GmbH"] {
            #expect(LayoutExtractor.repairAccents(name) == name)
        }
        // Made-up invoice; the scan's reading is mended, the PDF's text (no OCR) is left as the sender typed it.
        let lines = ["Societe Beispiel du Lac SARL", "12 rue des Lilas", "75001 Paris", "Facture N° F-2026-0412", "Date : 12/03/2026",
                     "Total HT 100,00 €", "TVA 20 % 20,00 €", "Total TTC 120,00 €"]
        #expect(FieldExtractor(schema: .invoice).extract(text: DocumentText.scanned(lines)).value("vendor_name") == "Société Beispiel du Lac SARL")
        #expect(FieldExtractor(schema: .invoice).extract(text: DocumentText(plainText: lines.joined(separator: "\n"))).value("vendor_name") == "Societe Beispiel du Lac SARL")
    }

    @Test("a receipt form ('Quittung'): the payer after 'von' is not the seller; the stamp's sender line beside the date is")
    func receiptFormPayerAndStamp() {
        // Made-up receipt form, as our generated round prints it.
        let r = Self.extract("""
            Nr. 512
            Quittung
            EUR                                       1.190,00
            Netto EUR                                 1.000,00
            + 19 % MwSt. EUR                            190,00
            Euro in Worten: eins-eins-neun-null 00/100
            von Kunde Handel UG (haftungsbeschränkt), Schillerstraße 24, 12711 Waldkirch
            für Montage Fenster u. a.
            richtig und dankend erhalten.
            Neustadt, den 25.07.2026                  Beispiel Bau KG · Am Markt 37 · 44267 Neustadt
            Ort / Datum                               USt-IdNr. DE896406462
            Stempel / Unterschrift des Empfängers
            """)
        #expect(r.value("vendor_name") == "Beispiel Bau KG", "\(String(describing: r.fields["vendor_name"]))")
        #expect(LayoutExtractor.senderLineName("Neustadt, den 25.07.2026   Beispiel Bau KG · Am Markt 37 · 44267 Neustadt") == "Beispiel Bau KG")
    }
}

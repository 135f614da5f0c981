import Foundation
import QuireCore
import Testing
@testable import QuireFields

/// Conventions found on the thirty-first round of made-up layouts (docs/benchmarks.md, "Made-up layouts"): every name
/// and number here is made up.
extension LayoutTests {
    /// A word as OCR boxes it, in points, read with confidence.
    static func scannedWord(_ text: String, _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> SourceWord {
        SourceWord(text: text, x0: x0, y0: y0, x1: x1, y1: y1, confidence: 0.94, page: 1)
    }

    /// A page of words as OCR boxes them (``scannedWord(_:_:_:_:_:)``), each (text, x0, y0, x1, y1) in points.
    static func scannedPage(_ boxes: [(String, Double, Double, Double, Double)]) -> DocumentText {
        DocumentText(words: boxes.map { scannedWord($0.0, $0.1, $0.2, $0.3, $0.4) })
    }

    @Test("a letterhead's name in a larger type than the date beside it is one line with it on a scan, and the seller's")
    func letterheadNameBesideASmallerDateIsOneLine() {
        // As OCR boxes them (points): the name 13 pt with a "p" below the line, its form without one, the place and date
        // in 9.5 pt; the middles of "Beispel" and of the date lie more than a third of the date's height apart.
        var w: [SourceWord] = []
        func add(_ t: String, _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) { w.append(Self.scannedWord(t, x0, y0, x1, y1)) }
        add("Beispel", 73.4, 60.8, 124.6, 73.4)
        add("SAS", 130.0, 60.8, 157.0, 70.9)
        add("Clairval,", 417.6, 60.1, 455.0, 68.4)
        add("le", 459.7, 60.1, 466.9, 67.3)
        add("27", 471.2, 60.1, 481.3, 67.3)
        add("août", 485.6, 59.8, 506.5, 67.3)
        add("2025", 510.5, 60.1, 533.2, 67.3)
        for (row, line) in ["51 rue des Lilas", "46379 Clairval", "TVA FR66630879385", "", "FACTURE N° 528/2025", "",
                            "Doit :", "Muster Nord SASU", "61 boulevard Victor Hugo", "36346 Saint-Martin"].enumerated() where !line.isEmpty {
            var x = row >= 6 ? 333.0 : 73.0
            for t in line.split(separator: " ") {
                add(String(t), x, 76 + Double(row) * 11.5, x + Double(t.count) * 5, 83 + Double(row) * 11.5)
                x += Double(t.count) * 5 + 3
            }
        }
        for (row, line) in ["Montant HT 726,15 €", "TVA 20 % 145,23 €", "Montant TTC 871,38 €"].enumerated() {
            var x = 416.0
            for t in line.split(separator: " ") {
                add(String(t), x, 274 + Double(row) * 14, x + Double(t.count) * 5, 281 + Double(row) * 14)
                x += Double(t.count) * 5 + 3
            }
        }
        let text = DocumentText(words: w)
        #expect(text.lines.first?.text.hasPrefix("Beispel SAS") == true, "\(text.lines.prefix(2).map(\.text))")
        let r = FieldExtractor(schema: .invoice, today: CalendarDate(year: 2025, month: 9, day: 1)!).extract(text: text)
        #expect(r.value("vendor_name") == "Beispel SAS", "\(String(describing: r.value("vendor_name")))")
        #expect(r.value("issue_date") == "2025-08-27")
    }

    @Test("two short lines stacked beside a large word stay two lines")
    func stackedLinesBesideALargeWordStayApart() {
        let w = [SourceWord(text: "RECHNUNG", x0: 60, y0: 100, x1: 150, y1: 122, confidence: 0.95, page: 1),
                 SourceWord(text: "Datum:", x0: 155, y0: 100, x1: 185, y1: 108, confidence: 0.95, page: 1),
                 SourceWord(text: "01.02.2026", x0: 188, y0: 100, x1: 230, y1: 108, confidence: 0.95, page: 1),
                 SourceWord(text: "Kunde:", x0: 155, y0: 112, x1: 185, y1: 120, confidence: 0.95, page: 1),
                 SourceWord(text: "40386", x0: 188, y0: 112, x1: 215, y1: 120, confidence: 0.95, page: 1)]
        let lines = DocumentText(words: w).lines.map(\.text)
        #expect(lines.contains("Datum: 01.02.2026") || lines.contains("RECHNUNG Datum: 01.02.2026"), "\(lines)")
        #expect(!lines.contains { $0.contains("Datum") && $0.contains("Kunde") }, "\(lines)")
    }
}

extension LayoutTests {
    @Test("a name that starts with a seller word heads no block: the line under it is not the seller's name")
    func aNameStartingWithASellerWordIsNoHeading() {
        let r = Self.extract("""
            Muster Handel AG                                   Rechnungs-Nr.: 2026-118
            Hauptstraße 4                                      Datum: 14.05.2026
            54321 Altdorf

            Rechnung
                                      Nettobetrag           100,00 €
                                      Umsatzsteuer 19 %      19,00 €
                                      Gesamtbetrag          119,00 €


            Supplier Direct                                    Anna Beispiel
            Beispiel Werkstatt                                 E-Mail: anna@beispiel.example
            Kirchweg 7
            12345 Musterstadt
            """)
        let notes = [r.fields["vendor_name"]?.note ?? ""] + (r.fields["vendor_name"]?.alternatives.map(\.note) ?? [])
        #expect(!notes.contains { $0.contains("under 'Supplier'") }, "\(notes)")
        // A heading does head its block: "Supplier" alone, or with a qualifier.
        for heading in ["Supplier", "Supplier details", "Supplier:"] {
            let headed = Self.extract("""
                Muster Handel AG                                   Invoice No.: 2026-118
                Hauptstraße 4                                      Date: 14.05.2026

                \(heading)
                Beispiel Werkstatt
                Kirchweg 7
                12345 Musterstadt
                                          Total                 119,00 €
                """)
            let headedNotes = [headed.fields["vendor_name"]?.note ?? ""] + (headed.fields["vendor_name"]?.alternatives.map(\.note) ?? [])
            #expect(headedNotes.contains { $0.contains("under '\(heading.split(separator: " ")[0])'") }, "\(heading): \(headedNotes)")
        }
    }
}

/// Conventions found on the thirty-second round of made-up layouts: every name and number here is made up.
extension LayoutTests {
    @Test("an invoice number printed in groups of digits is read whole; a count after a number is not part of it")
    func invoiceNumberInDigitGroups() {
        let r = Self.extract("""
            Stadtwerke Beispiel GmbH                           Rechnungsnummer 422 841284
            Hauptstraße 4                                      Rechnungsdatum 11.10.2025
                                      Summe netto           100,00 €
                                      Umsatzsteuer 19 %      19,00 €
                                      Rechnungsbetrag brutto 119,00 €
            """)
        #expect(r.value("invoice_number") == "422 841284", "\(String(describing: r.value("invoice_number")))")
        let counted = Self.extract("Beispiel GmbH\nRechnung Nr. 4711 3 Positionen\nDatum: 11.10.2025\nGesamtbetrag 119,00 €\n")
        #expect(counted.value("invoice_number") == "4711", "\(String(describing: counted.value("invoice_number")))")
        let dated = Self.extract("Beispiel GmbH\nRechnung Nr. 2025 0815 vom 11.10.2025\nGesamtbetrag 119,00 €\n")
        #expect(dated.value("invoice_number") == "2025 0815", "\(String(describing: dated.value("invoice_number")))")
    }

    @Test("the day a direct debit takes the rest is the due date: 'buchen wir am … von Ihrem Konto ab', 'preleve le' read without accents")
    func directDebitPhrasings() {
        let german = Self.extract("""
            Stadtwerke Beispiel GmbH
            Rechnungsnummer 4711                               Rechnungsdatum 11.10.2025
                                      Rechnungsbetrag brutto 119,00 €
            Den Restbetrag buchen wir am 10.11.2025 von Ihrem Konto ab.
            """)
        #expect(german.value("due_date") == "2025-11-10", "\(String(describing: german.value("due_date")))")
        let french = Self.extract("""
            Beispiel SA                                         Montant a payer
            Facture n° F4711 du 01/04/2026                      20,00 € TTC
                                                                preleve le 01/05/2026
            Total TTC 20,00 €
            """)
        #expect(french.value("due_date") == "2026-05-01", "\(String(describing: french.value("due_date")))")
    }

    @Test("a rendered e-invoice: the parties' headings are no names, and 'Seller name' labels the seller's name up to the buyer's column")
    func renderedEInvoicePartyHeadings() {
        var w: [SourceWord] = []
        func line(_ text: String, x: Double, y: Double, size: Double = 10) { w += Self.words(text, x: x, y: y, size: size) }
        line("Invoice", x: 60, y: 40, size: 18)
        line("Invoice number INV-48213", x: 60, y: 70)
        line("Invoice issue date 2026-03-02", x: 60, y: 84)
        line("Seller", x: 60, y: 120, size: 14)
        line("Buyer", x: 320, y: 120, size: 14)
        line("Seller name Beispiel OHG", x: 60, y: 140)
        line("Buyer name Muster GmbH", x: 320, y: 140)
        line("Seller VAT identifier DE136695976", x: 60, y: 154)
        line("Invoice total amount with VAT 119.00", x: 60, y: 300)
        let r = FieldExtractor(schema: .invoice, today: CalendarDate(year: 2026, month: 4, day: 1)!).extract(text: DocumentText(words: w))
        #expect(r.value("vendor_name") == "Beispiel OHG", "\(String(describing: r.value("vendor_name")))")
        let names = [r.value("vendor_name")] + (r.fields["vendor_name"]?.alternatives.map(\.value) ?? [])
        #expect(!names.contains("Seller") && !names.contains { $0?.stringValue?.contains("Muster") == true }, "\(names)")
    }
}

extension LayoutTests {
    @Test("a speck OCR read under a letterhead's name is not what its legal form wrapped onto")
    func aSpeckUnderTheNameIsNotItsWrappedForm() {
        var w: [SourceWord] = []
        func add(_ t: String, _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) { w.append(Self.scannedWord(t, x0, y0, x1, y1)) }
        add("Beispiel", 73, 61, 140, 75); add("Technik", 146, 61, 205, 75); add("UG", 211, 61, 232, 75)
        add("Hauptstraße", 440, 60, 500, 68); add("95", 504, 60, 515, 68)
        add("=", 200, 79, 206, 81)
        add("(haftungsbeschränkt)", 74, 82, 170, 90); add("Germany", 488, 82, 520, 90)
        for (row, line) in ["Bill to", "Muster Handel GmbH", "Invoice no. INV256366", "Invoice date 2025-11-02"].enumerated() {
            var x = 73.0
            for t in line.split(separator: " ") {
                add(String(t), x, 119 + Double(row) * 11, x + Double(t.count) * 5, 126 + Double(row) * 11)
                x += Double(t.count) * 5 + 3
            }
        }
        add("Total", 400, 300, 425, 308); add("EUR", 430, 300, 445, 308); add("119.00", 450, 300, 480, 308)
        let r = FieldExtractor(schema: .invoice, today: CalendarDate(year: 2025, month: 12, day: 1)!).extract(text: DocumentText(words: w))
        #expect(r.value("vendor_name") == "Beispiel Technik UG (haftungsbeschränkt)", "\(String(describing: r.value("vendor_name")))")
    }
}

extension LayoutTests {
    @Test("a name after 'Seller name' whose '(haftungsbeschränkt)' wrapped in its cell is read with it")
    func sellerNameWrappedInItsCell() {
        var w: [SourceWord] = []
        func add(_ t: String, _ x0: Double, _ y0: Double) {
            w.append(SourceWord(text: t, x0: x0, y0: y0, x1: x0 + Double(t.count) * 5, y1: y0 + 10, page: 1))
        }
        add("Invoice", 60, 40); add("number", 100, 40); add("INV-48213", 200, 40)
        add("Seller", 60, 120)
        add("Seller", 60, 140); add("name", 95, 140); add("Beispiel", 200, 140); add("UG", 245, 140)
        add("(haftungsbeschränkt)", 200, 152)
        add("Seller", 60, 166); add("address", 95, 166); add("Kirchweg", 200, 166); add("7", 245, 166)
        add("Total", 60, 300); add("119.00", 200, 300)
        let r = FieldExtractor(schema: .invoice, today: CalendarDate(year: 2026, month: 4, day: 1)!).extract(text: DocumentText(words: w))
        #expect(r.value("vendor_name") == "Beispiel UG (haftungsbeschränkt)", "\(String(describing: r.value("vendor_name")))")
    }
}

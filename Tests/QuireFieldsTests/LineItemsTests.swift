import Foundation
import QuireCore
import Testing
@testable import QuireFields

/// Line items read column by column under their table's heading (made-up invoices).
@Suite("Line items")
struct LineItemsTests {
    static func extract(_ text: String) -> FieldExtractor.Result { LayoutTests.extract(text) }

    static func amounts(_ r: FieldExtractor.Result) -> [Double] {
        (r.value("line_items")?.arrayValue ?? []).compactMap { $0["amount"]?.numberValue }
    }

    static func check(_ r: FieldExtractor.Result) -> CheckResult? {
        r.fields["line_items"]?.checks.first { $0.name == "line_items" }
    }

    @Test("figures are read by the column they stand under: a VAT rate is no unit price, the net column is the amount, and a description with 'net' in it does not end the table")
    func columnsByHeading() throws {
        let r = Self.extract("""
            Sportwaren Beispiel Ltd
            INVOICE SW-77
            Date: 03/03/2026
            Item:                    Price:   Qty:  Subtotal:   VAT:    Total:
            Camping mug                8.00      2      16.00  20.00     19.20
            Badminton net             12.00      1      12.00  20.00     14.40
            Tent pegs                  0.50     10       5.00  20.00      6.00
            Net total: 33.00
            VAT 20 %: 6.60
            Total: 39.60
            """)
        let rows = try #require(r.value("line_items")?.arrayValue)
        try #require(rows.count == 3, "\(rows)")
        #expect(rows[1]["description"] == "Badminton net" && rows[1]["unit_price"] == 12 && rows[1]["quantity"] == 1 && rows[1]["amount"] == 12)
        #expect(rows[0]["unit_price"] == 8, "the price column, not the VAT rate's")
        #expect(Self.check(r)?.passed == true, "\(String(describing: Self.check(r)))")
    }

    @Test("a quantity column before the description, and headings over right-aligned figures")
    func quantityFirstRightAligned() {
        let r = Self.extract("""
            Tagungshaus Beispiel GmbH
            Rechnung Nr. 2026-31
            Datum: 12.03.2026
            Menge   Produkt                    USt.      Preis   Gesamtbetrag
                2   Seminarraum Tagespauschale  19 %    125,00 €       250,00 €
                1   Beamer                      19 %     40,00 €        40,00 €
            Nettobetrag                                              290,00 €
            USt. 19 %                                                 55,10 €
            Rechnungsbetrag                                          345,10 €
            """)
        let rows = r.value("line_items")?.arrayValue ?? []
        #expect(rows.count == 2)
        #expect(rows.first?["description"] == "Seminarraum Tagespauschale" && rows.first?["quantity"] == 2 && rows.first?["unit_price"] == 125)
        #expect(rows.first?["tax_rate"] == 19)
        #expect(Self.check(r)?.passed == true)
    }

    @Test("a table carried over a page break: 'à reporter' and the footer under it, 'Report' at the top of the next page")
    func carriedOverAPageBreak() {
        let r = Self.extract("""
            Exemple Conseil SARL
            FACTURE N° F-2026-090
            Date : 05/03/2026
            Désignation               Qté     P.U. HT   Montant HT
            Audit                       2      500,00     1 000,00
            Formation                   1      300,00       300,00
            À reporter                                   1 300,00
            Exemple Conseil SARL – IBAN FR76 3000 6000 0112 3456 7890 189 – SIRET 123 456 789 00012
            \u{0C}Report                                       1 300,00
            Déplacement                 1       80,00        80,00
            Total HT                                     1 380,00
            TVA 20 %                                       276,00
            Total TTC                                    1 656,00
            """)
        #expect(Self.amounts(r) == [1000, 300, 80])
        #expect(Self.check(r)?.passed == true, "\(String(describing: r.value("line_items")))")
    }

    @Test("a credit note that prints its lines negative: given positive like its totals, and they add up")
    func negativeCreditNoteLines() {
        let r = Self.extract("""
            Exemple Négoce SARL
            AVOIR N° AV-2026-004
            Date : 06/03/2026
            Désignation               Qté     P.U. HT   Montant HT
            Retour licence              1     -200,00      -200,00
            Remise qualité              1      -50,00       -50,00
            Total HT                                       250,00
            TVA 20 %                                        50,00
            Total TTC                                      300,00
            """)
        #expect(Self.amounts(r) == [200, 50])
        #expect(Self.check(r)?.passed == true)
    }

    @Test("a bundle's row over its parts and a group's subtotal under its rows are not items of their own: the parts add up to the net")
    func bundlesAndGroupSubtotals() {
        let r = Self.extract("""
            Beispiel Handel GmbH
            Rechnung Nr. 2026-55
            Datum: 07.03.2026
            Pos     Beschreibung              Menge   Einzelpreis   Nettobetrag
            1       Büro-Set                      1        100,00        100,00
            1.1     Locher                        2         20,00         40,00
            1.2     Hefter                        3         20,00         60,00
            2.1     Papier A4                    10          5,00         50,00
            2.2     Ordner                        5          4,00         20,00
            2       Summe Verbrauchsmaterial      1         70,00         70,00
            Nettobetrag                                                  170,00
            USt. 19 %                                                     32,30
            Gesamtbetrag                                                 202,30
            """)
        #expect(Self.amounts(r) == [40, 60, 50, 20])
        #expect(Self.check(r)?.passed == true, "\(String(describing: Self.check(r)))")
    }

    @Test("a row of figures alone takes its description from the line above; 'Surcharge:   0,00' under the rows is no item")
    func descriptionOnTheLineAbove() {
        let r = Self.extract("""
            Beispiel Werkzeug GmbH
            Rechnung Nr. 2026-61
            Datum: 08.03.2026
            #   Line item description        Quantity   Unit price        Net      Gross
                Schraubendreher-Set
            1                                    2,00        15,00      30,00      35,70
                Zange
            2                                    1,00        12,50      12,50      14,88
            Surcharge:                                                   0,00 €
            Total amount (net):                                         42,50 €
            Total tax amount:                                            8,08 €
            Total amount (gross):                                       50,58 €
            """)
        let rows = r.value("line_items")?.arrayValue ?? []
        #expect(rows.map { $0["description"]?.stringValue } == ["Schraubendreher-Set", "Zange"])
        #expect(Self.amounts(r) == [30, 12.5], "the net column, not the gross")
    }

    @Test("rows that neither add up nor hold row by row (a decimal comma lost to OCR) give no line items rather than wrong ones; rows that hold and do not add up go to a person")
    func misreadTablesAreDropped() {
        let misread = Self.extract("""
            Beispiel Werkzeug GmbH
            Rechnung Nr. 2026-62
            Datum: 08.03.2026
            Beschreibung              Menge   Einzelpreis   Nettobetrag
            Schraubendreher-Set          2         1500         30,00
            Zange                        1         1250         12,50
            Nettobetrag                                         52,50
            USt. 19 %                                            9,98
            Gesamtbetrag                                        62,48
            """)
        #expect(misread.value("line_items") == nil)
        let wrongSum = Self.extract("""
            Beispiel Werkzeug GmbH
            Rechnung Nr. 2026-63
            Datum: 08.03.2026
            Beschreibung              Menge   Einzelpreis   Nettobetrag
            Schraubendreher-Set          2        15,00         30,00
            Zange                        1        12,50         12,50
            Nettobetrag                                         52,50
            USt. 19 %                                            9,98
            Gesamtbetrag                                        62,48
            """)
        #expect(Self.amounts(wrongSum) == [30, 12.5])
        #expect(Self.check(wrongSum)?.passed == false)
        #expect(!FieldsStage.decide(wrongSum, policies: [:]).reasons.isEmpty, "a failed check sends the document to a person")
    }

    @Test("a run of zeros after 'amount due … reference:' is a reference, not an amount due of 0")
    func zerosAreNoAmount() {
        let r = Self.extract("""
            Example Trading Ltd
            Invoice No: ET-9
            Date: 02/03/2026
            Total: 120.00 EUR
            Please wire the amount due to our account using the following reference: 000000000
            """)
        #expect(r.value("amount_due") != .number(0))
    }

    @Test("an e-invoice's own XML lines are kept as they are, even where they neither add up nor hold row by row")
    func xmlLinesAreNotMendedOrDropped() throws {
        // The line says 3 × 25,00 = 90,00 against a net of 100,00.
        let parts = EInvoiceTests.ublInvoice.components(separatedBy: "<cac:InvoiceLine>")
        try #require(parts.count == 2)
        let line = parts[1].replacingOccurrences(of: ">4</cbc:InvoicedQuantity>", with: ">3</cbc:InvoicedQuantity>")
            .replacingOccurrences(of: ">100.00</cbc:LineExtensionAmount>", with: ">90.00</cbc:LineExtensionAmount>")
        let xml = parts[0] + "<cac:InvoiceLine>" + line
        let r = FieldExtractor(schema: .invoice).extract(text: DocumentText(plainText: "Papeterie Lumière SARL\nFACTURE INV-4711"),
                                                         attachments: [.init(name: "invoice.xml", bytes: Array(xml.utf8))])
        try #require(r.einvoice != nil)
        #expect(r.value("line_items")?.arrayValue?.first?["amount"] == 90, "\(String(describing: r.value("line_items")))")
        #expect(Self.check(r)?.passed == false, "the XML's lines do not add up to its net: a person sees it")
    }

    @Test("a sentence that names a description, a price and a total is no table heading; the table under it is read")
    func sentenceIsNoHeading() {
        let r = Self.extract("""
            Beispiel Handel GmbH
            Rechnung Nr. 2026-71
            Datum: 09.03.2026
            The description of each service, its price and the total amount are as agreed in our offer of 12 February.
            Beschreibung              Menge   Einzelpreis   Nettobetrag
            Wartung                       2        50,00        100,00
            Nettobetrag                                          100,00
            USt. 19 %                                             19,00
            Gesamtbetrag                                         119,00
            """)
        #expect(Self.amounts(r) == [100])
        #expect(Self.check(r)?.passed == true)
        let lines = DocumentText(plainText: """
            The description of each service, its price and the total amount are as agreed in our offer of 12 February.
            Beschreibung              Menge   Einzelpreis   Nettobetrag
            """).lines
        #expect(!LayoutExtractor.isItemsTableHeading(lines[0]))
        #expect(LayoutExtractor.isItemsTableHeading(lines[1]))
    }
}

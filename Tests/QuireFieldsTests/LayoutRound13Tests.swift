import Foundation
import QuireCore
import Testing
@testable import QuireFields

/// Conventions found on the thirteenth round of made-up layouts (docs/benchmarks.md, "Made-up layouts"): every
/// name and number here is made up.
extension LayoutTests {
    @Test("'Please pay by 12th June 2026': the due date ('pay by' ends next to the date; 'please pay' labels an amount)")
    func pleasePayByIsTheDueDate() {
        let r = Self.extract("""
            Tax Invoice                                   Beispiel Werke GmbH
            Invoice Ref   TX40917
            Date   2nd June 2026
            Net                                           100.00
            VAT @ 19%                                      19.00
            Amount Due (EUR)                              119.00
            Please pay by 12th June 2026. Bank: IBAN DE89 3704 0044 0532 0130 00
            """)
        #expect(r.value("due_date") == "2026-06-12", "\(String(describing: r.value("due_date")))")
        #expect(r.value("issue_date") == "2026-06-02")
        #expect(r.value("total") == 119.0)
    }

    @Test("'Beleg' heading a row of headings ('Beleg   Datum   Kunde   Seite') labels the number under it")
    func belegHeadingLabelsTheNumber() {
        let r = Self.extract("""
            Holzwerk Beispiel AG
            Beleg        Datum         Kunde     Seite
            730118       16.02.2026    40417     1
            Rechnung
            Pos.   Artikel                     Menge   Preis brutto   Summe brutto
            1      Schrauben-Set               2       11,90 €        23,80 €
            Zu zahlen: 23,80 €
            """)
        #expect(r.value("invoice_number") == "730118", "\(String(describing: r.value("invoice_number")))")
        #expect(r.value("issue_date") == "2026-02-16")
    }

    @Test("due dates in sentences about paying: 'soit le <date>' after French terms, 'Zahlbar innerhalb … bis <date>'")
    func dueDatesInPaymentSentences() {
        let fr = Self.extract("""
            Atelier Exemple SARL
            Facture n° F-20417
            Date : 12 mars 2026
            Conditions : 30 jours fin de mois, soit le 30/04/2026
            Total HT                                      100,00 €
            TVA 20 %                                       20,00 €
            Total TTC                                     120,00 €
            """)
        #expect(fr.value("due_date") == "2026-04-30", "\(String(describing: fr.value("due_date")))")
        let de = Self.extract("""
            Holzwerk Beispiel AG
            Rechnung Nr. 2026-118
            Rechnungsdatum: 16.02.2026
            Gesamtbetrag                                  119,00 €
            Zahlbar innerhalb 14 Tagen bis 02.03.2026.
            """)
        #expect(de.value("due_date") == "2026-03-02", "\(String(describing: de.value("due_date")))")
        // "bis" with nothing about paying on its line is no due date ("Lieferung bis 02.03.2026").
        let delivery = Self.extract("""
            Holzwerk Beispiel AG
            Rechnung Nr. 2026-119
            Rechnungsdatum: 16.02.2026
            Gesamtbetrag                                  119,00 €
            Lieferung erfolgt bis 02.03.2026.
            """)
        #expect(delivery.value("due_date") == nil, "\(String(describing: delivery.value("due_date")))")
    }

    /// A shop's invoice whose two lines are at gross prices (119,00 € together), up to its totals.
    static let grossLines = """
        Holzwerk Beispiel AG
        Rechnung Nr. 2026-120
        Rechnungsdatum: 16.02.2026
        Pos.   Artikel                     Menge   Preis brutto   Summe brutto
        1      Schrauben-Set               2       11,90 €        23,80 €
        2      Kabelkanal                  1       95,20 €        95,20 €

        """

    @Test("line items at gross prices add up to the total: their check passes; and a table's 'Net' heading labels no net total")
    func grossLineItemsAndItemsColumnHeadings() {
        let gross = Self.extract(Self.grossLines + """
            Nettobetrag                                   100,00 €
            USt. 19 %                                      19,00 €
            Gesamtbetrag                                  119,00 €
            """)
        #expect(gross.fields["line_items"]?.checks.contains { $0.name == "line_items" && $0.passed } == true,
                "\(String(describing: gross.fields["line_items"]?.checks))")
        // The items' "Net" column under its heading: its first amount is a line's; the net is the one labelled below.
        let column = Self.extract("""
            Beispiel Werke GmbH
            Invoice Ref   TX40918
            Date   2nd June 2026
            Description                 Qty   Unit Price      Net
            Desk lamp                   2     20.00           40.00
            Office chair                1     160.00          160.00
            Net                                           200.00
            VAT @ 19%                                      38.00
            Amount Due (EUR)                              238.00
            """)
        #expect(column.value("net_total") == 200.0, "\(String(describing: column.fields["net_total"]))")
        #expect(column.fields["net_total"]?.alternatives.contains { $0.value == 40.0 && $0.score < 0.5 } ?? true)
    }

    @Test("a scan's net, tax and total that do not add up by one misread digit: the line items' sum says which, with a doubt")
    func misreadDigitMendedByTheItemsSum() {
        var text = DocumentText(plainText: """
            Beispiel Werke GmbH
            Invoice No. TX40919
            Date 02/06/2026
            Description                 Qty   Unit Price      Amount
            Desk lamp                   3     875.71          2,627.13
            Office chair                12    206.70          2,480.40
            Net                                          5107.58
            VAT @ 7%                                      357.49
            Amount Due (EUR)                            5,465.02
            """)
        text.fromOCR = true
        let r = Self.extract(page: text)
        // The items add up to 5,107.53 = total − tax; the net read "5107.58" is one digit from it.
        #expect(r.value("net_total") == 5107.53, "\(String(describing: r.fields["net_total"]))")
        #expect(r.fields["net_total"]?.checks.contains { $0.name == "rule_doubt" && !$0.passed } == true)
        #expect(r.fields["net_total"]?.alternatives.contains { $0.value == 5107.58 } == true)
        // Without line items nothing says which of the three was misread: nothing changes.
        var bare = DocumentText(plainText: """
            Beispiel Werke GmbH
            Invoice No. TX40920
            Date 02/06/2026
            Net                                          5107.58
            VAT @ 7%                                      357.49
            Amount Due (EUR)                            5,465.02
            """)
        bare.fromOCR = true
        #expect(Self.extract(page: bare).value("net_total") == 5107.58)
    }

    @Test("a surely read amount due stands in for a total that is only a guess (a line's amount under 'Summe brutto')")
    func amountDueStandsInForAGuessedTotal() {
        let r = Self.extract(Self.grossLines + """
            Zu zahlen: 119,00 €
            """)
        #expect(r.value("total") == 119.0, "\(String(describing: r.fields["total"]))")
    }

    @Test("a title alone over its number and date in the letter's margin ('Rechnung' / 'Nr. 8480/26' / 'vom 15.05.2026')")
    func stackedTitleNumberAndDate() {
        let text = Self.placed([
            (40, 40, 18, "Holzwerk Beispiel OHG"), (400, 40, 9, "Rechnung"),
            (40, 62, 9, "Am Weg 1 · 12345 Musterstadt"), (400, 52, 9, "Nr. 8480/26"),
            (400, 64, 9, "vom 15.05.2026"),
            (40, 120, 9, "Muster Kunde GmbH"), (40, 132, 9, "Hauptstraße 5"), (40, 144, 9, "54321 Beispielstadt"),
            (300, 300, 9, "Netto 100,00 € + 19 % USt. 19,00 € = 119,00 €"),
        ])
        let r = Self.extract(page: text)
        #expect(r.value("invoice_number") == "8480/26", "\(String(describing: r.fields["invoice_number"])) \(text.lines.map(\.text))")
        #expect((r.fields["invoice_number"]?.confidence ?? 0) >= 0.85, "\(String(describing: r.fields["invoice_number"])) \(text.lines.map(\.text))")
        #expect(r.value("issue_date") == "2026-05-15")
        #expect((r.fields["issue_date"]?.confidence ?? 0) >= 0.85, "\(String(describing: r.fields["issue_date"]))")
    }

    @Test("two company lines at the top, the letterhead and an unlabelled recipient's window: the one the footer prints again is the seller")
    func sellerIsTheNamePrintedAgainInTheFooter() {
        let text = Self.placed([
            (420, 34, 9, "Am Weg 1"), (40, 42, 18, "Holzwerk Beispiel GmbH & Co. KG"), (420, 48, 9, "12345 Musterstadt"),
            (40, 110, 9, "Lindner Handel OHG"), (40, 122, 9, "Hauptstraße 5"), (40, 134, 9, "54321 Beispielstadt"),
            (40, 170, 9, "Rechnung Nr. 26-40211"), (40, 182, 9, "Datum: 02.02.2026"),
            (300, 300, 9, "Nettobetrag 100,00 €"), (300, 312, 9, "MwSt. 19 % 19,00 €"), (300, 324, 9, "Endbetrag 119,00 €"),
            (40, 780, 7, "Holzwerk Beispiel GmbH & Co. KG"), (220, 780, 7, "IBAN: DE89 3704 0044 0532 0130 00"),
            (40, 790, 7, "Am Weg 1"), (220, 790, 7, "USt-IdNr.: DE136695976"),
        ])
        let r = Self.extract(page: text)
        #expect(r.value("vendor_name") == "Holzwerk Beispiel GmbH & Co. KG", "\(String(describing: r.fields["vendor_name"]))")
        #expect((r.fields["vendor_name"]?.confidence ?? 0) > 0.85, "\(String(describing: r.fields["vendor_name"])) \(text.lines.map(\.text))")
    }
}

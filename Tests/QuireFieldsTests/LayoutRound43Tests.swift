import Foundation
import QuireCore
import Testing
@testable import QuireFields

/// Conventions found on the forty-third round of made-up layouts (docs/benchmarks.md, "Made-up layouts"): a self-billed
/// "Gutschrift" written by the customer, a French invoice in dollars with its due date under EN 16931's French name, a
/// net that OCR misread in two figures. Every name and number here is made up.
extension LayoutTests {
    /// A customer's self-billed invoice for its supplier: the customer's letterhead, sender line and footer (its own
    /// bank and VAT id), the supplier in the address window with its id as "Ihre USt-IdNr.".
    static func selfBilled(phrase: String = "Abrechnung im Gutschriftsverfahren über Ihre Lieferungen im Juli 2026:",
                           account: String? = "Den Betrag überweisen wir auf Ihr Konto IBAN DE44 5001 0517 5407 3249 31.") -> DocumentText {
        placed([
            (72, 58, 17, "Beispiel Handel GmbH"), (464, 58, 9, "Hauptstraße 5"), (468, 69, 9, "12345 Musterstadt"),
            (72, 119, 7, "Beispiel Handel GmbH · Hauptstraße 5 · 12345 Musterstadt"), (400, 119, 9, "Gutschrift-Nr.: GS2026-0417"),
            (72, 129, 9, "Muster OHG"), (400, 129, 9, "Datum: 16.08.2026"),
            (72, 140, 9, "Lindenallee 9"), (400, 140, 9, "Lieferanten-Nr.: 30495"),
            (72, 151, 9, "54321 Beispielstadt"), (400, 151, 9, "Ihre USt-IdNr.: DE812345673"),
            (68, 175, 18, "Gutschrift"),
            (68, 206, 9, phrase),
            (373, 264, 9, "Nettobetrag"), (480, 264, 9, "1.000,00 €"), (373, 278, 9, "zzgl. 19 % USt."), (480, 278, 9, "190,00 €"),
            (373, 292, 9, "Gutschriftsbetrag"), (480, 292, 9, "1.190,00 €"),
            (68, 315, 9, account ?? "Den Betrag zahlen wir bis zum 30.09.2026 aus."),
            (68, 337, 9, "Bitte prüfen Sie diese Gutschrift; widersprechen Sie nicht innerhalb von 14 Tagen, gilt sie als anerkannt."),
            (66, 753, 7, "Beispiel Handel GmbH"), (250, 753, 7, "Commerzbank"), (420, 753, 7, "Amtsgericht Musterstadt HRB 4711"),
            (66, 761, 7, "Hauptstraße 5"), (250, 761, 7, "IBAN: DE89 3704 0044 0532 0130 00"), (420, 761, 7, "USt-IdNr.: DE136695976"),
        ])
    }

    @Test("a self-billed invoice ('Gutschriftsverfahren'): the addressee is the seller, with its 'Ihre USt-IdNr.' and 'Ihr Konto'; the letterhead, its footer's bank and VAT id are the buyer's")
    func aSelfBilledInvoicesSellerIsItsAddressee() {
        let r = Self.extract(page: Self.selfBilled())
        #expect(r.value("vendor_name") == "Muster OHG", "\(String(describing: r.fields["vendor_name"]))")
        #expect(r.value("vendor_vat_id") == "DE812345673", "\(String(describing: r.fields["vendor_vat_id"]))")
        #expect(r.value("vendor_iban") == "DE44500105175407324931", "\(String(describing: r.fields["vendor_iban"]))")
        #expect(r.value("invoice_number") == "GS2026-0417", "\(String(describing: r.fields["invoice_number"]))")
        #expect(r.value("total")?.numberValue == 1190, "'Gutschriftsbetrag' labels its total")
        // Without the supplier's account printed, the writer's own bank in the footer is nobody's IBAN to pay.
        let unpaid = Self.extract(page: Self.selfBilled(account: nil))
        #expect(unpaid.value("vendor_iban") == nil, "\(String(describing: unpaid.fields["vendor_iban"]))")
        // The same page without a word of self-billing is the letterhead's invoice to the addressee.
        let plain = Self.extract(page: Self.selfBilled(phrase: "Abrechnung über Ihre Lieferungen im Juli 2026:"))
        #expect(plain.value("vendor_name") == "Beispiel Handel GmbH", "\(String(describing: plain.fields["vendor_name"]))")
        #expect(plain.value("vendor_vat_id") == "DE136695976", "\(String(describing: plain.fields["vendor_vat_id"]))")
        #expect(LayoutExtractor.isSelfBilled(Self.placed([(60, 60, 9, "Autofacturation : facture établie par le client")])))
    }

    @Test("no label ends a clause ('diese Gutschrift; widersprechen …'), and the first group of an IBAN is no document number")
    func proseAndIBANGroupsAreNoNumbers() {
        let r = FieldExtractor(schema: .creditNote, today: CalendarDate(year: 2026, month: 9, day: 1)!).extract(text: Self.selfBilled())
        #expect(r.value("invoice_number") == "GS2026-0417", "\(String(describing: r.fields["invoice_number"]))")
        let prose = Self.placed([(68, 337, 9, "Bitte prüfen Sie diese Gutschrift; widersprechen Sie nicht"),
                                 (68, 350, 9, "Wir danken für diese Rechnung und")])
        #expect(LayoutExtractor(schema: .creditNote).hits(in: prose).joined().allSatisfy { $0.field != "invoice_number" })
        #expect(LayoutExtractor.startsGroupedIBAN("DE44", before: "IBAN", after: ["5001", "0517"]))
        #expect(LayoutExtractor.startsGroupedIBAN("DE44", before: "Konto", after: ["5001", "0517", "5407", "3249", "31"]))
        #expect(!LayoutExtractor.startsGroupedIBAN("RE26", before: "Nr.", after: ["0417"]), "a number in two groups is no IBAN")
    }

    @Test("'Date d'exigibilité du paiement' (EN 16931's French name) labels the due date")
    func theFrenchDueDateOfEN16931() {
        let text = Self.placed([
            (72, 58, 13, "Beispiel Conseil SARL"), (68, 120, 15, "Facture"),
            (72, 150, 9, "N° de facture"), (250, 150, 9, "F-2026-031"), (72, 162, 9, "Date d'émission"), (250, 162, 9, "17/11/2026"),
            (72, 174, 9, "Date d'exigibilité du paiement"), (250, 174, 9, "17/12/2026"),
            (407, 289, 9, "Total HT"), (480, 289, 9, "1 000,00 USD"), (407, 303, 9, "TVA 20 %"), (480, 303, 9, "200,00 USD"),
            (407, 318, 9, "Total TTC"), (480, 318, 9, "1 200,00 USD"),
        ])
        let r = Self.extract(page: text)
        #expect(r.value("due_date") == "2026-12-17", "\(String(describing: r.fields["due_date"]))")
        #expect(r.value("issue_date") == "2026-11-17")
    }

    @Test("a net misread in two figures is mended where the items add up to total − tax and the printed rate gives the tax from that sum")
    func aNetMisreadInTwoFigures() {
        func page(rate: String) -> DocumentText {
            Self.placed([
                (72, 58, 13, "Beispiel Handel GmbH"), (72, 100, 15, "Rechnung Nr. 2026-117"), (72, 120, 9, "Datum: 16.08.2026"),
                (72, 228, 9, "Pos."), (110, 228, 9, "Artikel"), (300, 228, 9, "Menge"), (380, 228, 9, "Preis"), (480, 228, 9, "Betrag"),
                (72, 243, 9, "1"), (110, 243, 9, "Montage Fenster"), (300, 243, 9, "1"), (380, 243, 9, "849,47 €"), (480, 243, 9, "849,47 €"),
                (72, 257, 9, "2"), (110, 257, 9, "Beratung"), (300, 257, 9, "5"), (380, 257, 9, "485,17 €"), (480, 257, 9, "2.425,85 €"),
                (373, 309, 9, "Nettobetrag"), (480, 309, 9, "3.213,32 €"), (373, 323, 9, "zzgl. \(rate) % USt."), (480, 323, 9, "622,31 €"),
                (373, 337, 9, "Gesamtbetrag"), (480, 337, 9, "3.897,63 €"),
            ])
        }
        let r = Self.extract(page: page(rate: "19"))
        #expect(r.value("net_total")?.numberValue == 3275.32, "\(String(describing: r.fields["net_total"]))")
        #expect(r.fields["net_total"]?.checks.contains { !$0.passed } == true, "a mended amount is checked by a person")
        // Without the rate to confirm it, two figures are too many to mend.
        let unsure = Self.extract(page: page(rate: "7"))
        #expect(unsure.value("net_total")?.numberValue != 3275.32, "\(String(describing: unsure.fields["net_total"]))")
        #expect(FieldExtractor.digitsApart(3213.32, 3275.32) == 2 && FieldExtractor.digitsApart(13.32, 3275.32) == nil)
    }
}

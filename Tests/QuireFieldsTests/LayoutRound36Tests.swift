import Foundation
import QuireCore
import Testing
@testable import QuireFields

/// Conventions found on the thirty-sixth round of made-up layouts (docs/benchmarks.md, "Made-up layouts"): every name
/// and number here is made up.
extension LayoutTests {
    @Test("a lone word of a stamp beside the letterhead's name leaves it the seller's name")
    func aStampFragmentBesideTheLetterheadLeavesItTheName() {
        // A receiving stamp pressed over the top right: one of its words falls on the letterhead's line (turned, its box as
        // tall as the name's letters).
        func page(stamp: Bool) -> DocumentText {
            Self.placed([
                (68, 57, 15, "Beispiel Bau AG")] + (stamp ? [(452, 58, 15, "ANGEN"), (405, 70, 11, "EINGEG")] : []) + [
                (68, 76, 8, "Lindenallee 9 · 12345 Musterstadt"),
                (72, 107, 9, "Muster Technik e.K."), (72, 119, 9, "Hauptstraße 29"), (72, 131, 9, "54321 Altdorf"),
                (380, 131, 9, "Rechnungs-Nr."), (460, 131, 9, "20251234"), (380, 143, 9, "Rechnungsdatum"), (460, 143, 9, "14.02.2026"),
                (68, 200, 15, "Rechnung"),
                (390, 300, 9, "Nettobetrag"), (470, 300, 9, "1.000,00 €"), (390, 315, 9, "USt. 19 %"), (470, 315, 9, "190,00 €"),
                (390, 330, 9, "Bruttobetrag"), (470, 330, 9, "1.190,00 €"),
                (66, 753, 7, "Beispiel Bau AG"), (250, 753, 7, "Bankverbindung"), (400, 753, 7, "Geschäftsführer: Anna Berger"),
            ])
        }
        for stamp in [false, true] {
            let r = Self.extract(page: page(stamp: stamp))
            #expect(r.value("vendor_name") == "Beispiel Bau AG", "stamp \(stamp): \(String(describing: r.fields["vendor_name"]))")
        }
    }

    @Test("a company over an attention line ('z. Hd. Buchhaltung') is the recipient, not the seller")
    func aCompanyOverAnAttentionLineIsTheRecipient() {
        // The seller's letterhead in plain type without its legal form (the form only in the footer); the recipient's
        // window below it, a company written to for someone's attention.
        let text = Self.placed([
            (68, 50, 9, "Berger Gebäudetechnik"), (68, 62, 8, "Lindenallee 9"), (68, 72, 8, "12345 Musterstadt"),
            (72, 100, 9, "Muster Technik e.K."), (72, 112, 9, "z. Hd. Buchhaltung"), (72, 124, 9, "Hauptstraße 29"), (72, 136, 9, "54321 Altdorf"),
            (380, 136, 9, "Rechnungs-Nr."), (460, 136, 9, "20251234"), (380, 148, 9, "Rechnungsdatum"), (460, 148, 9, "14.02.2026"),
            (390, 300, 9, "Nettobetrag"), (470, 300, 9, "1.000,00 €"), (390, 315, 9, "USt. 19 %"), (470, 315, 9, "190,00 €"),
            (390, 330, 9, "Bruttobetrag"), (470, 330, 9, "1.190,00 €"),
            (66, 753, 7, "Berger Gebäudetechnik GmbH"), (250, 753, 7, "Bankverbindung"), (400, 753, 7, "Geschäftsführer: Anna Berger"),
        ])
        let r = Self.extract(page: text)
        #expect(r.value("vendor_name") == "Berger Gebäudetechnik GmbH", "\(String(describing: r.fields["vendor_name"]))")
        let buyer = r.fields["vendor_name"]?.alternatives.first { $0.value == "Muster Technik e.K." }
        #expect(buyer?.note.contains("attention line") == true, "\(String(describing: buyer))")
    }

    @Test("a title OCR ran into its number mark ('FactureN°') still labels the number")
    func aTitleRunIntoItsNumberMarkLabelsTheNumber() {
        let text = DocumentText.scanned(["Beispiel Conseil EURL FactureN° 646-26", "88 avenue de la République Date 12/04/2026",
                                         "Montant HT 1 000,00 €", "TVA 20 % 200,00 €", "Montant TTC 1 200,00 €"])
        #expect(text.lines[0].text.contains("Facture N°"), "\(text.lines[0].text)")
        let r = FieldExtractor(schema: .invoice, today: CalendarDate(year: 2026, month: 6, day: 1)!).extract(text: text)
        #expect(r.value("invoice_number") == "646-26", "\(String(describing: r.fields["invoice_number"]))")
        // A word that only ends like a number mark is left whole.
        #expect(DocumentText.scanned(["Kundennr. 4711"]).lines[0].text == "Kundennr. 4711")
    }

    @Test("an amount by its label whose figures are all there but a separator misread is what the other two give, with a doubt")
    func anAmountWithAMisreadSeparatorIsMendedWithADoubt() {
        let text = Self.placed([
            (40, 40, 14, "Beispiel Werkstatt GmbH"), (40, 60, 9, "Am Weg 1 · 12345 Musterstadt"),
            (40, 100, 12, "Rechnung Nr. 7-55756 vom 11.07.2026"),
            (360, 170, 9, "Summe netto"), (460, 170, 9, "13,232,37€"), (360, 185, 9, "zzgl. 19 % MwSt."), (460, 185, 9, "2.514,15 €"),
            (360, 200, 9, "Rechnungsbetrag"), (460, 200, 9, "15.746,52 €"),
        ], confidence: { _ in 0.9 })
        let r = Self.extract(page: text)
        #expect(r.value("net_total") == 13232.37, "\(String(describing: r.fields["net_total"]))")
        #expect(Fields.reviewReasons(r, policies: ["confidence_threshold": 0.85]).contains { $0.contains("check the amount") })
    }
}

import Foundation
import QuireCore
import Testing
@testable import QuireFields

/// Conventions found on the thirty-eighth round of made-up layouts (docs/benchmarks.md, "Made-up layouts"): every name
/// and number here is made up.
extension LayoutTests {
    /// A private doctor's invoice: the practice's letterhead with a phone number beside it, the recipient's window with a
    /// company in it, the title in the largest type, no VAT by law.
    static func doctorsInvoice(letterhead: String) -> DocumentText {
        placed([
            (72, 58, 13, letterhead), (395, 58, 9, "Tel. 0123 45678"), (72, 74, 9, "Fachärztin für Innere Medizin"),
            (72, 85, 9, "Lindenallee 9 · 12345 Musterstadt"),
            (68, 109, 9, "Muster Technik OHG"), (68, 120, 9, "Hauptstraße 29"), (68, 132, 9, "54321 Altdorf"),
            (375, 156, 9, "Rechnungsnummer:"), (460, 156, 9, "261234"), (375, 170, 9, "Rechnungsdatum:"), (460, 170, 9, "07.05.2026"),
            (68, 182, 18, "Privatliquidation"),
            (68, 213, 9, "Patient/in: Anna Berger, geb. 02.05.1975"),
            (72, 261, 9, "11.04.2026"), (150, 261, 9, "250"), (200, 261, 9, "Blutentnahme"), (400, 261, 9, "2,30"), (480, 261, 9, "5,36"),
            (72, 276, 9, "12.04.2026"), (150, 276, 9, "1"), (200, 276, 9, "Beratung"), (400, 276, 9, "1,00"), (480, 276, 9, "4,66"),
            (390, 300, 9, "Rechnungsbetrag"), (480, 300, 9, "10,02 €"),
            (68, 322, 9, "Ärztliche Leistungen sind gemäß § 4 Nr. 14 UStG von der Umsatzsteuer befreit."),
        ])
    }

    @Test("a doctor's name with its title at the top of the letterhead is the seller, not the company in the recipient's window")
    func aProfessionalsLetterheadIsTheSeller() {
        let r = Self.extract(page: Self.doctorsInvoice(letterhead: "Dr. med. Beispiel Muster"))
        #expect(r.value("vendor_name") == "Dr. med. Beispiel Muster", "\(String(describing: r.fields["vendor_name"]))")
        // The same letterhead without a title is not taken for a professional's: the company in the window stays a
        // candidate the rules do not rank below it on that ground.
        let plain = Self.extract(page: Self.doctorsInvoice(letterhead: "Beispiel Muster"))
        #expect(plain.fields["vendor_name"]?.note.contains("professional") != true, "\(String(describing: plain.fields["vendor_name"]))")
        #expect(!LayoutExtractor.startsWithProfessionalTitle("Dr."), "a title alone names nobody")
        #expect(!LayoutExtractor.startsWithProfessionalTitle("Dr. med."), "titles alone name nobody")
        #expect(LayoutExtractor.startsWithProfessionalTitle("Rechtsanwältin Anna Berger"))
    }

    @Test("a doctor in the recipient's window under a company's letterhead is not the seller")
    func aProfessionalInTheRecipientsWindowIsNotTheSeller() {
        let text = Self.placed([
            (72, 50, 15, "Beispiel Labor GmbH"), (72, 68, 8, "Lindenallee 9 · 12345 Musterstadt"),
            (72, 100, 9, "Praxis"), (72, 112, 9, "Dr. med. Anna Berger"), (72, 124, 9, "Hauptstraße 29"), (72, 136, 9, "54321 Altdorf"),
            (380, 136, 9, "Rechnungs-Nr."), (460, 136, 9, "20251234"), (380, 148, 9, "Rechnungsdatum"), (460, 148, 9, "14.02.2026"),
            (68, 200, 15, "Rechnung"),
            (390, 300, 9, "Nettobetrag"), (470, 300, 9, "1.000,00 €"), (390, 315, 9, "USt. 19 %"), (470, 315, 9, "190,00 €"),
            (390, 330, 9, "Bruttobetrag"), (470, 330, 9, "1.190,00 €"),
        ])
        let r = Self.extract(page: text)
        #expect(r.value("vendor_name") == "Beispiel Labor GmbH", "\(String(describing: r.fields["vendor_name"]))")
    }

    @Test("supplies exempt by law ('von der Umsatzsteuer befreit'): the total is the net and the tax is zero")
    func suppliesExemptByLawHaveNoTax() {
        let r = Self.extract(page: Self.doctorsInvoice(letterhead: "Dr. med. Beispiel Muster"))
        #expect(r.value("total")?.numberValue == 10.02)
        #expect(r.value("net_total")?.numberValue == 10.02, "\(String(describing: r.fields["net_total"]))")
        #expect(r.value("tax_total")?.numberValue == 0, "\(String(describing: r.fields["tax_total"]))")
    }

    @Test("an IBAN written one character to a box on a transfer form is read where its check digits pass")
    func anIBANInBoxesIsReadWhereItsCheckDigitsPass() {
        func form(_ iban: String) -> DocumentText {
            let boxes = iban.enumerated().map { (i, c) in (x: 81 + Double(i) * 12, y: 413.0, size: 9.0, text: String(c)) }
            return Self.placed([
                (72, 50, 15, "Beispiel Versicherung AG"), (72, 68, 8, "Lindenallee 9 · 12345 Musterstadt"),
                (380, 136, 9, "Rechnungs-Nr."), (460, 136, 9, "20251234"), (380, 148, 9, "Rechnungsdatum"), (460, 148, 9, "14.02.2026"),
                (390, 300, 9, "Nettobetrag"), (470, 300, 9, "1.000,00 €"), (390, 315, 9, "USt. 19 %"), (470, 315, 9, "190,00 €"),
                (390, 330, 9, "Bruttobetrag"), (470, 330, 9, "1.190,00 €"),
                (73, 380, 6, "SEPA-Überweisung/Zahlschein"), (73, 403, 6, "IBAN"),
            ] + boxes)
        }
        let r = Self.extract(page: form("DE60123456780012345678"))
        #expect(r.value("vendor_iban") == "DE60123456780012345678", "\(String(describing: r.fields["vendor_iban"]))")
        // One box misread: the characters do not pass the check and are no IBAN.
        let wrong = Self.extract(page: form("DE60123456780012345679"))
        #expect(wrong.value("vendor_iban") == nil, "\(String(describing: wrong.fields["vendor_iban"]))")
    }

    @Test("a two-word label a scan ran together ('Falligam') still labels its value")
    func aLabelRunTogetherStillLabelsItsValue() {
        let text = DocumentText.scanned(["Beispiel Handel GmbH", "Rechnung", "Beleg-Nr. 241287", "Datum 07.01.2026", "Falligam 21.02.2026",
                                         "Warenwert netto 1.000,00 €", "Umsatzsteuer 19 % 190,00 €", "Endbetrag 1.190,00 €"])
        let r = FieldExtractor(schema: .invoice, today: CalendarDate(year: 2026, month: 6, day: 1)!).extract(text: text)
        #expect(r.value("due_date") == "2026-02-21", "\(String(describing: r.fields["due_date"]))")
        #expect(r.fields["due_date"]?.note.contains("Falligam") == true, "\(String(describing: r.fields["due_date"]))")
    }
}

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

/// Conventions found on the thirty-ninth round of made-up layouts (docs/benchmarks.md, "Made-up layouts"): every name
/// and number here is made up.
extension LayoutTests {
    /// A French lawyer's fee note: the lawyer's name beside the client's window, the case under the title.
    static let lawyersFeeNote: [(x: Double, y: Double, size: Double, text: String)] = [
        (72, 58, 13, "Maître Beispiel Muster"), (345, 58, 9, "Exemple SAS"), (345, 69, 9, "57 rue des Lilas"),
        (72, 74, 9, "Avocat au Barreau de Villeneuve"), (345, 81, 9, "12345 Villeneuve"),
        (72, 96, 9, "98 boulevard Victor Hugo"), (72, 108, 9, "54321 Villeneuve"),
        (430, 141, 9, "Villeneuve, le 15/07/2026"),
        (68, 161, 14, "NOTE D'HONORAIRES N° NH2026-123"),
        (68, 192, 9, "Affaire : Exemple SAS c/ Modèle SARL"), (68, 204, 9, "Dossier n° 26/1234"),
        (326, 300, 9, "Total HT"), (420, 300, 9, "1 000,00 €"), (326, 314, 9, "TVA 20 %"), (420, 314, 9, "200,00 €"),
        (326, 328, 9, "Total TTC"), (420, 328, 9, "1 200,00 €"),
        (326, 342, 9, "Provision reçue le 15/04/2026"), (420, 342, 9, "- 500,00 €"), (326, 357, 9, "Reste dû"), (420, 357, 9, "700,00 €"),
    ]

    @Test("a lawyer's fee note: the lawyer beside the client's window is the seller, its title labels the number, the case names nobody")
    func aLawyersFeeNote() {
        let text = Self.placed(Self.lawyersFeeNote)
        let r = Self.extract(page: text)
        #expect(r.value("vendor_name") == "Maître Beispiel Muster", "\(String(describing: r.fields["vendor_name"]))")
        #expect(r.value("invoice_number") == "NH2026-123", "\(String(describing: r.fields["invoice_number"]))")
        #expect(r.fields["vendor_name"]?.alternatives.contains { $0.text.contains("c/") } != true, "\(String(describing: r.fields["vendor_name"]))")
        #expect(LayoutExtractor.looksLikeName("Beispiel v. Muster GmbH"), "'v.' is also 'von' in a name")
        #expect(r.value("total")?.numberValue == 1200)
        // A scan reads the title without its accent.
        #expect(LayoutExtractor.startsWithProfessionalTitle("Maitre Beispiel Muster"))
        var scanned = Self.lawyersFeeNote
        scanned[0].text = "Maitre Beispiel Muster"
        let s = Self.extract(page: Self.placed(scanned))
        #expect(s.value("vendor_name") == "Maître Beispiel Muster", "the title's accent restored: \(String(describing: s.fields["vendor_name"]))")
        #expect(LayoutExtractor.withTitleSpelled("MAITRE BEISPIEL") == "MAÎTRE BEISPIEL")
        #expect(LayoutExtractor.withTitleSpelled("Dr. med. Beispiel") == "Dr. med. Beispiel")
        // "Provision reçue" is no receipt: the fee note is an invoice.
        #expect(FieldSchema.guess(text: text) == "invoice")
        #expect(FieldSchema.guess(text: DocumentText(plainText: "Beispiel Markt\nQuittung\nSumme 10,00")) == "receipt")
    }
}

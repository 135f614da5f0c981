import Foundation
import QuireCore
import Testing
@testable import QuireFields

/// Conventions found on the twenty-ninth round of made-up layouts (docs/benchmarks.md, "Made-up layouts"): every name
/// and number here is made up.
extension LayoutTests {
    /// Words of `text` at `x`, `y` in type of `size` points, one per space-separated piece.
    static func words(_ text: String, x: Double, y: Double, size: Double = 10) -> [SourceWord] {
        var out: [SourceWord] = [], cx = x
        for w in text.split(separator: " ") {
            let width = Double(w.count) * size * 0.5
            out.append(SourceWord(text: String(w), x0: cx, y0: y, x1: cx + width, y1: y + size, page: 1))
            cx += width + size * 0.3
        }
        return out
    }

    @Test("a letterhead in a narrow column: its name wrapped twice is read whole, and its VAT id on the title's line is no invoice number")
    func narrowLetterheadColumn() {
        var w: [SourceWord] = []
        w += Self.words("Beispiel Nord", x: 400, y: 40, size: 15)
        w += Self.words("Haustechnik", x: 400, y: 58, size: 15)
        w += Self.words("Beispiel Nord Haustechnik GmbH & Co. KG, Kirchweg 7, 12345 Musterstadt", x: 60, y: 70, size: 7)
        w += Self.words("Muster Logistik AG", x: 60, y: 80)
        w += Self.words("GmbH & Co. KG", x: 400, y: 76, size: 15)
        w += Self.words("Hauptstraße 4", x: 60, y: 92)
        w += Self.words("Kirchweg 7", x: 400, y: 100, size: 8)
        w += Self.words("54321 Altdorf", x: 60, y: 104)
        w += Self.words("12345 Musterstadt", x: 400, y: 110, size: 8)
        w += Self.words("Telefon 0123 456789", x: 400, y: 120, size: 8)
        w += Self.words("Rechnung", x: 60, y: 150, size: 16)
        w += Self.words("USt-IdNr.", x: 400, y: 140, size: 8)
        w += Self.words("DE136695976", x: 400, y: 152, size: 8)
        w += Self.words("Rechnungsnummer: 20260417", x: 60, y: 180)
        w += Self.words("Datum: 14.05.2026", x: 60, y: 192)
        w += Self.words("Nettobetrag 100,00 €", x: 300, y: 300)
        w += Self.words("Umsatzsteuer 19 % 19,00 €", x: 300, y: 312)
        w += Self.words("Rechnungsbetrag 119,00 €", x: 300, y: 324)
        let r = FieldExtractor(schema: .invoice, today: CalendarDate(year: 2026, month: 6, day: 1)!).extract(text: DocumentText(words: w))
        #expect(r.value("invoice_number") == "20260417", "\(String(describing: r.value("invoice_number")))")
        #expect(r.value("vendor_name") == "Beispiel Nord Haustechnik GmbH & Co. KG", "\(String(describing: r.value("vendor_name")))")
        #expect(r.value("vendor_vat_id") == "DE136695976")
    }

    @Test("an invoice that replaces a cancelled one: the number after 'ersetzt' and in 'wurde storniert' is the other invoice's")
    func replacedInvoiceNumberIsNotThisOnes() {
        let r = Self.extract("""
            Beispiel Handel GmbH
            Muster AG                                         Datum: 20.04.2026
            Hauptstraße 4                                     Kunden-Nr.: 40386

            Rechnung Nr. RE-2026-0642 (ersetzt Rechnung Nr. RE-2026-0508 vom 18.03.2026)
            Die Rechnung Nr. RE-2026-0508 wurde storniert. Bitte verwenden Sie nur noch diese Rechnung.
                                      Zwischensumme           100,00 €
                                      zzgl. 19 % USt.          19,00 €
                                      Endbetrag               119,00 €
            """)
        #expect(r.value("invoice_number") == "RE-2026-0642", "\(String(describing: r.value("invoice_number")))")
        #expect(r.fields["invoice_number"].map { $0.confidence >= 0.85 } == true, "\(String(describing: r.fields["invoice_number"]?.note))")
        #expect(r.value("issue_date") == "2026-04-20")
        let english = Self.extract("Beispiel Ltd\nInvoice No. 7730 (replaces invoice no. 7712)\nInvoice date: 03/05/2026\nTotal 119.00\n")
        #expect(english.value("invoice_number") == "7730", "\(String(describing: english.value("invoice_number")))")
    }

    @Test("a VAT id under the buyer's address, without a label that says whose, loses to one that is not in another party's block")
    func vatIDInTheBuyersBlockIsTheBuyers() {
        // As a scan reads it: the footer's line broken in two, the seller's form read "ek", so no line holds the seller's
        // name and its VAT id together.
        let r = Self.extract("""
            Beispiel e.K.

            Muster Handel GmbH                                Datum: 20.04.2026
            Lindenallee 31                                    Kunden-Nr.: 40386
            25511 Rosental                                    Bestell-Nr.: 450059025
            USt-IdNr.: DE136695976

            Rechnung Nr. RE-2026-0642
                                      Zwischensumme           100,00 €
                                      zzgl. 19 % USt.          19,00 €
                                      Endbetrag               119,00 €



            Beispiel ek : Am Markt 47 : 80274
            Altdorf                                           USt-IdNr. DE129273398
            """)
        #expect(r.value("vendor_name") == "Beispiel e.K.", "\(String(describing: r.value("vendor_name")))")
        #expect(r.value("vendor_vat_id") == "DE129273398", "\(String(describing: r.fields["vendor_vat_id"]))")
        // The footer's id misread: the one in the buyer's block is all there is, and a person looks.
        let alone = Self.extract("""
            Beispiel e.K.

            Muster Handel GmbH                                Datum: 20.04.2026
            Lindenallee 31                                    Kunden-Nr.: 40386
            USt-IdNr.: DE136695976

            Rechnung Nr. RE-2026-0642
                                      Endbetrag               119,00 €



            Beispiel ek : Am Markt 47 : 80274 Altdorf         DEL2927398
            """)
        #expect(alone.fields["vendor_vat_id"]?.checks.contains { $0.name == "seller_vat_id" && !$0.passed } == true,
                "\(String(describing: alone.fields["vendor_vat_id"]))")
    }

    @Test("a total misread on a scan ('TOTAL 1317333') gives way to the amount due that net and tax add up to, only where no total read does")
    func amountDueStandsInForAMisreadTotal() {
        // The fields as a scan's reading left them (the whole-document solver found too few labels to decide).
        func field(_ name: String, _ values: [Double]) -> ExtractedField {
            let c = values.map { Candidate(value: .number($0), text: "\($0)", score: 0.6, strategy: "layout", page: 1, words: []) }
            return ExtractedField(name: name, best: c[0], alternatives: Array(c.dropFirst()))
        }
        let extractor = FieldExtractor(schema: .invoice, today: CalendarDate(year: 2026, month: 6, day: 1)!)
        let c = LayoutExtractor.Conventions(decimalSeparator: ".", dateOrder: .mdy, country: nil)
        var fields = ["total": field("total", [1317333]), "net_total": field("net_total", [6149.02]), "tax_total": field("tax_total", [1168.31]),
                      "amount_due": field("amount_due", [7317.33])]
        extractor.reconcileTotals(&fields, found: [:], conventions: c)
        #expect(fields["total"]?.value.numberValue == 7317.33, "\(String(describing: fields["total"]))")
        #expect(fields["total"]?.alternatives.contains { $0.value.numberValue == 1317333 } == true)
        // A total read that adds up is kept, whatever the amount due says (a credit note's amount due after a deposit).
        fields = ["total": field("total", [-100, 60]), "net_total": field("net_total", [10, -100]), "tax_total": field("tax_total", [-100, 0]),
                  "amount_due": field("amount_due", [-90])]
        fields["amount_due"]?.confidence = 0.95
        extractor.reconcileTotals(&fields, found: [:], conventions: c)
        #expect(fields["total"]?.value.numberValue == -100, "\(String(describing: fields["total"]))")
        #expect(fields["net_total"]?.value.numberValue == -100)
    }
}

extension LayoutTests {
    @Test("dates that read either way, without terms: read in the country's order the due date comes first, so both are read the other way")
    func ambiguousDatesReadSoThatTheDueDateFollows() {
        let r = Self.extract("""
            Beispiel Software GmbH
            VAT ID DE136695976
            Invoice Number: 1163
            Invoice Date: 03/10/2026
            Due Date: 04/09/2026
                                      Subtotal             100.00
                                      VAT 19%               19.00
                                      Total                119.00
            """)
        #expect(r.value("issue_date") == "2026-03-10", "\(String(describing: r.value("issue_date")))")
        #expect(r.value("due_date") == "2026-04-09", "\(String(describing: r.value("due_date")))")
        // Read in the country's order the due date follows: nothing changes.
        let kept = Self.extract("Beispiel GmbH\nUSt-IdNr. DE136695976\nRechnung Nr. 1163\nDatum: 03/04/2026\nZahlbar bis: 05/04/2026\nGesamt 119,00\n")
        #expect(kept.value("issue_date") == "2026-04-03")
        #expect(kept.value("due_date") == "2026-04-05")
    }
}

/// Round 30 (docs/benchmarks.md, "Made-up layouts"): every name and number here is made up.
extension LayoutTests {
    @Test("a cash discount's date on a line of its own and a later net date on another: the due date goes to a person")
    func discountAndNetTermsOnTwoLinesAreForAPerson() {
        let r = Self.extract("""
            Beispiel Handel GmbH
            USt-IdNr. DE136695976
            Rechnung Nr. 4711
            Datum: 02.02.2026
                                      Rechnungsbetrag         119,00 €
            Bei Zahlung bis zum 12.02.2026 abzüglich 2 % Skonto = 2,38 €, Zahlbetrag 116,62 €.
            Zahlbar bis 04.03.2026 rein netto.
            """)
        #expect(r.fields["due_date"]?.checks.contains { $0.name == "due_date_terms" && !$0.passed } == true, "\(String(describing: r.fields["due_date"]))")
        // One line with both terms is the net term's, as before: nothing for a person.
        let one = Self.extract("Beispiel Handel GmbH\nRechnung Nr. 4711\nDatum: 02.02.2026\nRechnungsbetrag 119,00 €\nZahlbar bis 04.03.2026 netto, bis 12.02.2026 mit 2 % Skonto.\n")
        #expect(one.fields["due_date"]?.checks.contains { $0.name == "due_date_terms" } == false)
    }

    @Test("a partnership of the liberal professions: 'Partnerschaftsgesellschaft mbB' and 'PartG mbB' are legal forms")
    func partnershipFormsAreLegalForms() {
        #expect(LayoutExtractor.onlyLegalForm("Partnerschaftsgesellschaft mbB"))
        #expect(LayoutExtractor.onlyLegalForm("PartG mbB"))
        let r = Self.extract("Beispiel & Muster PartG mbB\nKirchweg 7, 12345 Musterstadt\nRechnung Nr. 26/114\nDatum: 02.02.2026\nRechnungsbetrag 119,00 €\n")
        #expect(r.value("vendor_name") == "Beispiel & Muster PartG mbB", "\(String(describing: r.value("vendor_name")))")
    }
}

extension LayoutTests {
    @Test("a scan's name spaced apart in large type ('Fel mer Que rmer Handel GmbH') takes the spelling printed further down, keeping its own umlauts")
    func aNameOCRSpacedApartTakesTheSenderLinesSpelling() {
        let text = DocumentText.scanned([
            "Fel mer Que rmer Handel UG (haftungsbeschränkt)",
            "Kirchweg 7",
            "12345 Musterstadt",
            "Rechnung Nr. 4711",
            "Datum: 02.02.2026",
            "Rechnungsbetrag 119,00",
            "Geschäftsführer: Anna Beispiel",
            "Felmer Quermer Handel UG (haftungsbeschrankt) Amtsgericht Musterstadt HRB 1234",
        ])
        let r = FieldExtractor(schema: .invoice, today: CalendarDate(year: 2026, month: 6, day: 1)!).extract(text: text)
        #expect(r.value("vendor_name") == "Felmer Quermer Handel UG (haftungsbeschränkt)", "\(String(describing: r.fields["vendor_name"]))")
    }
}

extension LayoutTests {
    @Test("a letterhead wrapped over three lines at the right, the recipient's window on the same lines at the left: read whole")
    func wrappedLetterheadBesideTheWindow() {
        var w: [SourceWord] = []
        // (The sender line wrapped in its narrow column: "… · Kirchweg" over "7 · 12345 Musterstadt".)
        w += Self.words("Beispiel Nord Distribution UG (haftungsbeschränkt) · Kirchweg", x: 60, y: 40, size: 7)
        w += Self.words("7 · 12345 Musterstadt", x: 60, y: 48, size: 7)
        w += Self.words("Beispiel Nord", x: 380, y: 40, size: 15)
        w += Self.words("Muster UG (haftungsbeschränkt)", x: 60, y: 60)
        w += Self.words("Distribution UG", x: 380, y: 58, size: 15)
        w += Self.words("Hauptstraße 4", x: 60, y: 72)
        w += Self.words("54321 Altdorf", x: 60, y: 84)
        w += Self.words("(haftungsbeschränkt)", x: 380, y: 76, size: 15)
        w += Self.words("Kirchweg 7", x: 380, y: 96)
        w += Self.words("12345 Musterstadt", x: 380, y: 108)
        w += Self.words("USt-IdNr. DE136695976", x: 380, y: 120)
        w += Self.words("Rechnung", x: 60, y: 150, size: 16)
        w += Self.words("Rechnungsnummer: 20260417", x: 60, y: 180)
        w += Self.words("Datum: 14.05.2026", x: 60, y: 192)
        w += Self.words("Rechnungsbetrag 119,00 €", x: 300, y: 324)
        let r = FieldExtractor(schema: .invoice, today: CalendarDate(year: 2026, month: 6, day: 1)!).extract(text: DocumentText(words: w))
        #expect(r.value("vendor_name") == "Beispiel Nord Distribution UG (haftungsbeschränkt)", "\(String(describing: r.fields["vendor_name"]))")
    }
}

import Foundation
import QuireCore
import Testing
@testable import QuireFields

/// Conventions found on the fourteenth to sixteenth rounds of made-up layouts (docs/benchmarks.md, "Made-up layouts"): every
/// name and number here is made up.
extension LayoutTests {
    @Test("a direct debit: the IBAN printed is the customer's, to be debited, not the seller's; the debit's day is the due date")
    func directDebitIBANIsTheCustomers() {
        let r = Self.extract("""
            Holzwerk Beispiel GmbH
            Rechnungsnummer   2640117
            Rechnungsdatum    02.03.2026
            Summe netto                                   100,00 €
            Umsatzsteuer 19 %                              19,00 €
            Rechnungsbetrag                               119,00 €
            Der Rechnungsbetrag wird am 16.03.2026 per SEPA-Lastschrift von Ihrem Konto IBAN DE89 3704 0044 0532 0130 00 abgebucht.
            Gläubiger-ID: DE98ZZZ09999999999, Mandatsreferenz: M-40417.
            """)
        #expect(r.value("vendor_iban") == nil, "\(String(describing: r.value("vendor_iban")))")
        #expect(r.value("due_date") == "2026-03-16", "\(String(describing: r.value("due_date")))")
        // The seller's own account, printed as usual, is still read.
        let own = Self.extract("""
            Holzwerk Beispiel GmbH
            Rechnungsnummer   2640118
            Rechnungsdatum    02.03.2026
            Rechnungsbetrag                               119,00 €
            Bitte überweisen Sie den Betrag bis 16.03.2026 auf unser Konto IBAN DE89 3704 0044 0532 0130 00.
            """)
        #expect(own.value("vendor_iban") == "DE89370400440532013000")
    }

    @Test("an Italian VAT number after 'P.IVA' without its prefix is the IT id, where its check digit holds")
    func italianVATNumberWithoutPrefix() {
        // 01234567897: ten digits and a Luhn check digit; 01234567890 fails it.
        let r = Self.extract("""
            Beispiel Servizi S.r.l.
            Via Roma 5 – 00100 Montebello   P.IVA 01234567897
            Fattura n. 12/2026 del 05/03/2026
            Imponibile                                    100,00 €
            IVA 22%                                        22,00 €
            Totale documento                              122,00 €
            """)
        #expect(r.value("vendor_vat_id") == "IT01234567897", "\(String(describing: r.value("vendor_vat_id")))")
        let wrong = Self.extract("""
            Beispiel Servizi S.r.l.
            Via Roma 5 – 00100 Montebello   P.IVA 01234567890
            Fattura n. 12/2026 del 05/03/2026
            Totale documento                              122,00 €
            """)
        #expect(wrong.value("vendor_vat_id") != "IT01234567890")
    }

    @Test("'Total TTC' first, then 'dont TVA 20 %' and 'soit HT' under it: tax and net")
    func frenchTotalFirstThenTaxAndNet() {
        var text = DocumentText(plainText: """
            Atelier Exemple SAS
            Facture N° 44-120417
            Date : 13/04/2026
            Désignation                 Qté   Prix unitaire   Montant HT
            Licence logicielle          1     600,00 €        600,00 €
            Formation sur site          1     400,00 €        400,00 €
            Total TTC                                   1 200,00 €
            dont TTA 20%                                  200,00 €
            soit HT                                     1 000,00 €
            """)
        // OCR misread the "TVA" of "dont TVA": the net's own label and the total still carry the sum.
        text.fromOCR = true
        let r = Self.extract(page: text)
        #expect(r.value("net_total") == 1000.0, "\(String(describing: r.fields["net_total"]))")
        #expect(r.value("tax_total") == 200.0, "\(String(describing: r.fields["tax_total"]))")
        #expect(r.value("total") == 1200.0)
    }

    @Test("a name in large type whose legal form wrapped onto the next line beside the title ('… GmbH' over '& Co. KG', '… UG' over '(haftungsbeschränkt)')")
    func wrappedLegalFormBesideTheTitle() {
        for (top, wrapped) in [("Holzwerk Beispiel GmbH", "& Co. KG"), ("Beispiel Werke UG", "(haftungsbeschränkt)")] {
            let text = Self.placed([
                (40, 40, 18, top), (380, 40, 18, "COMMERCIAL"),
                (40, 62, 18, wrapped), (380, 62, 18, "INVOICE"),
                (40, 86, 9, "Am Weg 1, 12345 Musterstadt, Germany"),
                (40, 98, 9, "VAT ID DE136695976"),
                (40, 130, 9, "Consignee"), (300, 130, 9, "Invoice No. EX-2026-417"),
                (40, 142, 9, "Harbor Example Inc."), (300, 142, 9, "Invoice Date March 5, 2026"),
                (300, 300, 9, "Total USD 1,200.00"),
            ])
            let r = Self.extract(page: text)
            #expect((r.fields["vendor_name"]?.confidence ?? 0) > 0.85, "a piece of the name is no rival of the whole")
            #expect(r.value("vendor_name") == .string(top + " " + wrapped), "\((r.fields["vendor_name"]?.alternatives ?? []).map { "\($0.value) \($0.score) \($0.note)" }) \(text.lines.map(\.text))")
        }
    }

    @Test("Spanish and Italian legal forms with their dots ('S.L.U.', 'S.n.c.') make a company line")
    func spanishAndItalianForms() {
        let r = Self.extract("""
            Ejemplo Soluciones S.L.U.                     FACTURA
            Calle Mayor 5                                 Nº de factura   2026/0417
            48000 Villanueva                              Fecha   27/06/2026
            NIF: ESB05636253
            Cliente
            Otra Empresa S.L.
            Base imponible                                100,00 €
            IVA 21 %                                       21,00 €
            Total factura                                 121,00 €
            """)
        #expect(r.value("vendor_name") == "Ejemplo Soluciones S.L.U.", "\(String(describing: r.fields["vendor_name"]))")
    }

    // Round 15.

    @Test("'RG-Datum' labels the invoice's date, over the dates of the hours' lines above the totals")
    func rgDatumIsTheIssueDate() {
        let r = Self.extract("""
            Beispiel Beratung GmbH                        RG-Nr.: RG2026417
            IT-Beratung · Am Weg 1 · 12345 Musterstadt    RG-Datum: 19.06.2026
            Datum        Tätigkeit               Stunden   Stundensatz   Betrag
            30.05.2026   Schulung vor Ort        4         85,00 €       340,00 €
            02.06.2026   Beratungsleistung       2         85,00 €       170,00 €
            Summe Stunden: 6
            Zwischensumme                                 510,00 €
            zzgl. 19 % USt.                                96,90 €
            Gesamt                                        606,90 €
            """)
        #expect(r.value("issue_date") == "2026-06-19", "\(String(describing: r.fields["issue_date"]))")
    }

    @Test("a title with its number over a short company line ('FACTURE N° F25-…' over '… EURL') is no part of the name")
    func titleLineIsNoPartOfTheName() {
        let text = Self.placed([
            (400, 36, 9, "FACTURE N° F25-81149"),
            (40, 44, 18, "Beispiel Conseil EURL"), (400, 48, 9, "Date : 05/06/2025"),
            (40, 66, 9, "114 rue du Moulin"), (400, 60, 9, "Échéance : 19/06/2025"),
            (300, 300, 9, "Total HT 1 000,00 €"), (300, 312, 9, "TVA 20 % 200,00 €"), (300, 324, 9, "Net à payer TTC 1 200,00 €"),
        ])
        let r = Self.extract(page: text)
        #expect(r.value("vendor_name") == "Beispiel Conseil EURL", "\(String(describing: r.value("vendor_name"))) \(text.lines.map(\.text))")
    }

    // Round 16.

    @Test("a final invoice deducting a deposit: the deposit's invoice number and date ('Acompte versé le … (facture n° …)') are not this one's")
    func depositPaidLineNamesAnotherInvoice() {
        let text = Self.placed([
            (400, 36, 9, "FACTURE DE SOLDE"),
            (40, 44, 18, "Atelier Exemple SARL"), (400, 48, 9, "N° FA20264417"),
            (40, 66, 9, "114 place de la Gare"), (400, 60, 9, "du 05/02/2026"),
            (300, 300, 9, "Total HT 1 000,00 €"), (300, 312, 9, "TVA 20 % 200,00 €"), (300, 324, 9, "Total TTC 1 200,00 €"),
            (40, 336, 9, "Acompte versé le 02/01/2026 (facture n° FA20261870)"), (400, 336, 9, "- 360,00 €"),
            (300, 348, 9, "Reste à payer 840,00 €"),
        ])
        let r = Self.extract(page: text)
        #expect(r.value("invoice_number") == "FA20264417", "\(String(describing: r.fields["invoice_number"])) \(text.lines.map(\.text))")
        #expect(r.value("issue_date") == "2026-02-05", "\(String(describing: r.fields["issue_date"]))")
    }

    @Test("'Bon-Nr.' labels a cash sale's number")
    func bonNummerIsTheNumber() {
        let text = Self.placed([
            (40, 40, 18, "Holzwerk Beispiel GmbH"), (40, 62, 9, "Am Weg 1 · 12345 Musterstadt · USt-IdNr. DE136695976"),
            (40, 100, 12, "Barverkauf – Rechnung"),
            (40, 124, 9, "Bon-Nr.: 4417-512"), (40, 136, 9, "Datum: 05.03.2026 14:32"), (40, 148, 9, "Kasse 4"),
            (40, 170, 9, "Pos."), (80, 170, 9, "Artikel"), (300, 170, 9, "Menge"), (360, 170, 9, "Einzelpreis"), (460, 170, 9, "Betrag"),
            (40, 182, 9, "1"), (80, 182, 9, "Schrauben-Set"), (300, 182, 9, "10"), (360, 182, 9, "11,90 €"), (460, 182, 9, "119,00 €"),
            (360, 210, 9, "Netto"), (460, 210, 9, "100,00 €"), (360, 222, 9, "MwSt. 19 %"), (460, 222, 9, "19,00 €"),
            (360, 234, 9, "Summe"), (460, 234, 9, "119,00 €"), (360, 246, 9, "Gegeben bar"), (460, 246, 9, "150,00 €"),
            (360, 258, 9, "Zurück"), (460, 258, 9, "31,00 €"),
        ])
        let r = Self.extract(page: text)
        #expect(r.value("invoice_number") == "4417-512", "\(String(describing: r.fields["invoice_number"])) \(text.lines.map(\.text))")
        #expect(r.value("total") == 119.0, "\(String(describing: r.fields["total"]))")
    }

    // Round 17.

    @Test("a legal form wrapped under the name in its column, with a block's lines beside it coming between in reading order")
    func wrappedLegalFormUnderTheNameInItsColumn() {
        let text = Self.placed([
            (40, 40, 18, "Beispiel Bau UG"), (420, 36, 9, "Markt 054"), (420, 48, 9, "Kasse 17"),
            (420, 60, 9, "Kunden-Nr. 615"), (40, 66, 18, "(haftungsbeschränkt)"), (420, 72, 9, "178 649"),
            (40, 96, 9, "Großhandel · Am Weg 1 · 12345 Musterstadt"),
            (40, 130, 9, "Muster Handel OHG"), (40, 142, 9, "Am Markt 3"), (40, 154, 9, "54321 Seefeld"),
            (40, 190, 12, "Rechnung"), (40, 210, 9, "Rechnungs-Nr.: 406/7275/113 · Datum: 20.10.2026"),
            (300, 300, 9, "Summe netto 1.000,00 €"), (300, 312, 9, "Summe MwSt 190,00 €"), (300, 324, 9, "Rechnungsbetrag 1.190,00 €"),
        ])
        let lines = text.lines.map(\.text)
        #expect(lines.firstIndex { $0.contains("haftungs") }! > lines.firstIndex { $0.contains("Beispiel Bau UG") }! + 1, "the case this covers: \(lines)")
        let r = Self.extract(page: text)
        #expect(r.value("vendor_name") == "Beispiel Bau UG (haftungsbeschränkt)", "\((r.fields["vendor_name"]?.alternatives ?? []).map { "\($0.value) \($0.score) \($0.note)" }) \(lines)")
    }
}

extension LayoutTests {
    @Test("a title line that is the title and a number alone ('Facture FAC/2025/0042') labels the number as surely as 'Facture N°'; a year after a title does not")
    func titleAndNumberAlone() {
        for (title, number) in [("Facture", "FAC/2025/0042"), ("INVOICE", "I/00017"), ("Rechnung", "2026-0815")] {
            let r = Self.extract("""
                Beispiel Handel GmbH
                Musterstraße 1, 12345 Musterstadt
                \(title) \(number)
                Datum: 03.03.2026
                Gesamtbetrag: 119,00 EUR
                """)
            #expect(r.value("invoice_number") == .string(number), "\(title)")
            #expect((r.fields["invoice_number"]?.confidence ?? 0) >= 0.85, "\(title): \(String(describing: r.fields["invoice_number"]))")
        }
        let annual = Self.extract("""
            Beispiel Handel GmbH
            Jahresrechnung 2026
            Rechnungsnummer: JR-77
            Datum: 03.03.2026
            Gesamtbetrag: 119,00 EUR
            """)
        #expect(annual.value("invoice_number") == "JR-77")
    }
}

extension LayoutTests {
    @Test("a short label written as a hyphenated compound ('RG-Nr.', 'Beleg-Nr.') is as sure as the long one; a lone 'Nr.' is not")
    func hyphenatedCompoundLabels() {
        for label in ["RG-Nr.:", "Beleg-Nr.", "Re-Nr."] {
            let r = Self.extract("""
                Beispiel Handel GmbH
                Musterstraße 1, 12345 Musterstadt
                \(label) 2026-4711
                Datum: 03.03.2026
                Gesamtbetrag: 119,00 EUR
                """)
            #expect(r.value("invoice_number") == "2026-4711", "\(label)")
            #expect((r.fields["invoice_number"]?.confidence ?? 0) >= 0.85, "\(label): \(String(describing: r.fields["invoice_number"]))")
        }
    }
}

extension LayoutTests {
    @Test("the UK's and Ireland's 'Date/Tax Point' labels the invoice's date as surely as 'Invoice Date'")
    func taxPointDate() {
        let r = Self.extract("""
            Example Trading Ltd
            Invoice No: ET-2026-118
            Date/Tax Point 03/05/2026
            Total: 120.00 EUR
            Terms: payment due by 13/05/2026.
            """)
        #expect(r.value("issue_date") == "2026-05-03")
        #expect((r.fields["issue_date"]?.confidence ?? 0) >= 0.85, "\(String(describing: r.fields["issue_date"]))")
    }
}

import Testing
import QuireCore
@testable import QuireFields

/// Round 49 (docs/benchmarks.md): earlier rounds' layouts printed in other typefaces (a Calibri-like, a Times-like, a
/// Helvetica-like and Open Sans), where lines wrap and OCR misreads differently. Every name and number is made up.
extension LayoutTests {
    @Test("'Nr.' that OCR read in a Helvetica-like face as 'N2', 'NO' or 'N0' at the end of a label ('Rechnungs-N2:', 'Beleg-NO') still labels the number")
    func aNumberMarkReadAsDigitsOrLetters() {
        let text = Self.placed([
            (72, 58, 12, "Muster & Partner Steuerberatung"), (72, 72, 9, "Hauptstraße 5 · 12345 Musterstadt"),
            (72, 120, 9, "Beispiel Handel KG"), (72, 132, 9, "Am Markt 7"), (72, 144, 9, "54321 Neustadt"),
            (72, 170, 9, "Unser Zeichen: AB/12"), (240, 170, 9, "Datum: 16.05.2026"), (380, 170, 9, "Rechnungs-N2: 26/4711"),
            (372, 300, 9, "Honorar netto"), (480, 300, 9, "1.000,00 €"), (372, 312, 9, "Umsatzsteuer 19%"), (480, 312, 9, "190,00 €"),
            (372, 324, 9, "Rechnungsbetrag"), (480, 324, 9, "1.190,00 €"),
        ]) { _ in 0.9 }
        let r = Self.extract(page: text)
        #expect(r.value("invoice_number") == "26/4711", "\(String(describing: r.fields["invoice_number"]))")

        let read = { (t: String, c: Double?) in DocumentText.numberMarkAsRead(SourceWord(text: t, x0: 0, y0: 0, x1: 40, y1: 9, confidence: c, page: 1)).text }
        #expect(read("Beleg-NO", 0.9) == "Beleg-Nr.")
        #expect(read("Kunden-N0:", 0.9) == "Kunden-Nr.:")
        #expect(read("USt-IdNO", 0.9) == "USt-IdNr.")
        // A PDF's own text is as written; a part number is no label; "NO" alone is a number mark already.
        #expect(read("Beleg-NO", nil) == "Beleg-NO")
        #expect(read("AX-N2", 0.9) == "AX-N2")
        #expect(read("NO", 0.9) == "NO")
    }

    @Test("an IBAN that a narrow sidebar wrapped, with a row of the table beside it between its two parts in reading order")
    func anIBANWrappedInASidebarBesideATable() {
        let text = Self.placed([
            (75, 60, 12, "Beispiel Bau GmbH & Co. KG"), (75, 74, 9, "Industriestraße 9"), (75, 86, 9, "12345 Musterstadt"),
            (227, 137, 9, "Rechnung Nr."), (320, 137, 9, "Datum"), (400, 137, 9, "Kunde"),
            (227, 151, 9, "2026-118"), (320, 151, 9, "04.07.2026"), (400, 151, 9, "54321"),
            (75, 172, 9, "Bank"), (227, 172, 9, "Leistung"), (400, 172, 9, "Menge"), (500, 172, 9, "Summe"),
            (75, 182, 8, "IBAN DE08 7645 0000"), (227, 187, 9, "Montage Fenster"), (400, 187, 9, "1"), (500, 187, 9, "1.000,00 €"),
            (75, 192, 8, "0012 3456 78"),
            (410, 240, 9, "Zwischensumme"), (500, 240, 9, "1.000,00 €"), (410, 252, 9, "MwSt. 19 %"), (500, 252, 9, "190,00 €"),
            (410, 264, 9, "Gesamt"), (500, 264, 9, "1.190,00 €"),
        ])
        let r = Self.extract(page: text)
        #expect(r.value("vendor_iban") == "DE08764500000012345678", "\(String(describing: r.fields["vendor_iban"]))")
    }

    @Test("a credit note's own date ('Credit Note Date') in a row of headings that a narrow face runs together, not the order's date beside it")
    func aCreditNoteDateAmongHeadingsRunTogether() {
        let text = Self.placed([
            (72, 58, 12, "Beispiel Handel AG"), (400, 58, 14, "CREDIT NOTE"), (72, 72, 9, "Hauptstraße 5"), (72, 84, 9, "12345 Musterstadt"),
            (72, 96, 9, "VAT ID: DE136695976"),
            (72, 150, 9, "Bill To:"), (72, 162, 9, "Muster Technik GmbH"),
            (72, 210, 8, "Credit Note Number"), (160, 210, 8, "Credit Note Date Order Number Order Date Customer ID Due Date"),
            (72, 226, 9, "225294"), (160, 226, 9, "29.03.2026"), (225, 226, 9, "450090003"), (290, 226, 9, "23.03.2026"),
            (350, 226, 9, "97806"), (405, 226, 9, "28.04.2026"),
            (415, 337, 9, "Subtotal EUR 1,000.00"), (415, 352, 9, "VAT (19%) EUR 190.00"), (415, 367, 9, "Total Due EUR 1,190.00"),
        ])
        let r = Self.extract(page: text)
        #expect(r.value("issue_date") == "2026-03-29", "\(String(describing: r.fields["issue_date"]))")
        // "ID" of the heading "Customer ID" is no buyer's name.
        #expect(r.value("buyer_name") != "ID", "\(String(describing: r.fields["buyer_name"]))")
    }

    @Test("a lawyer's name at the top beside the client's company: the one whose name the footer's legal line repeats with its ids is the seller")
    func theFootersLegalLineTellsTheSellerFromTheClient() {
        let text = Self.placed([
            (345, 61, 9, "Exemple Conseil SAS"), (72, 67, 11, "Maître Jeanne Modèle"), (345, 71, 9, "5 rue des Lilas"),
            (72, 78, 9, "Avocat au Barreau de Villeneuve"), (345, 82, 9, "75001 Villeneuve"), (72, 99, 9, "4 avenue de la République"),
            (72, 110, 9, "75002 Villeneuve"),
            (449, 141, 9, "Villeneuve, le 22/04/2026"), (68, 162, 11, "NOTE D'HONORAIRES N° NH2026-12"),
            (68, 191, 9, "Affaire : Exemple Conseil SAS c/ Modèle Industrie SA"),
            (72, 223, 9, "Désignation"), (480, 223, 9, "Montant HT"), (72, 237, 9, "Honoraires"), (480, 237, 9, "1 000,00 €"),
            (364, 272, 9, "Total HT"), (480, 272, 9, "1 000,00 €"), (364, 285, 9, "TVA 20 %"), (480, 285, 9, "200,00 €"),
            (364, 299, 9, "Total TTC"), (480, 299, 9, "1 200,00 €"),
            (62, 772, 7, "Maître Jeanne Modèle – SIRET 50012345700018 – N° TVA intracommunautaire FR88500123457"),
        ])
        let r = Self.extract(page: text)
        #expect(r.value("vendor_name") == "Maître Jeanne Modèle", "\(String(describing: r.fields["vendor_name"]?.note)) \(String(describing: r.fields["vendor_name"]?.alternatives.map { ($0.text, $0.score, $0.note) }))")
    }
}

extension LayoutTests {
    @Test("a hotel's bill whose scan ran the tax's name into its rate ('dont TVA10%', 'dont TVA20%'): both are tax lines, and the net is the one printed")
    func aTaxNameRunIntoItsRate() {
        let text = Self.placed([
            (72, 60, 13, "Hôtel Exemple SARL"), (72, 76, 9, "5 rue des Lilas, 75001 Villeneuve"),
            (72, 117, 9, "Facture N° 59001"), (72, 128, 9, "Date : 05/06/2026"),
            (73, 187, 9, "Prestation"), (250, 187, 9, "Qté"), (330, 187, 9, "Montant TTC"), (420, 187, 9, "TVA"),
            (73, 204, 9, "Nuitée chambre"), (250, 204, 9, "3"), (330, 204, 9, "336,30 €"), (420, 204, 9, "10%"),
            (73, 218, 9, "Minibar"), (250, 218, 9, "1"), (330, 218, 9, "33,94 €"), (420, 218, 9, "20%"),
            (423, 272, 9, "Total TTC"), (490, 272, 9, "370,24 €"),
            (423, 288, 9, "dont TVA10%"), (490, 288, 9, "30,57 €"),
            (423, 302, 9, "dont TVA20%"), (490, 302, 9, "5,66 €"),
            (423, 317, 9, "Total HT"), (490, 317, 9, "334,01 €"),
            (69, 364, 8, "Hôtel Exemple SARL - SIRET 50012345700018 - TVA FR88500123457"),
        ]) { _ in 0.92 }
        let r = Self.extract(page: text)
        #expect(r.value("net_total")?.numberValue == 334.01, "\(String(describing: r.fields["net_total"]))")
        #expect(r.value("tax_total")?.numberValue == 36.23, "\(String(describing: r.fields["tax_total"]))")
        #expect(r.value("total")?.numberValue == 370.24, "\(String(describing: r.fields["total"]))")
    }

    @Test("a sole trader's scanned invoice: 'Totalä payer' (OCR ran 'à' into the label) is the total, the client under the SIRET line is no part of a name, and specks above the letterhead do not push it down")
    func aSoleTradersScanWithGluedLabelAndSpecks() {
        let text = Self.placed([
            (448, 60, 8, "Facture N° 202601-7"),
            (110, 62, 3, "."), (182, 62, 3, "."),
            (73, 65, 14, "Jeanne Modèle"), (464, 72, 8, "Date : 09/02/2026"),
            (417, 83, 8, "Date d'échéance : 26/03/2026"),
            (72, 85, 8, "Graphiste - Entrepreneur individuel"), (72, 97, 8, "5 rue des Lilas"), (72, 108, 8, "75001 Villeneuve"),
            (73, 119, 8, "SIRET : 500123457 00018"),
            (303, 151, 8, "Exemple SAS"), (303, 163, 8, "4 place de la Gare"), (303, 174, 8, "75002 Beaumont"),
            (73, 194, 8, "Description"), (300, 194, 8, "Quantité"), (480, 194, 8, "Montant"),
            (73, 210, 8, "Audit sécurité"), (300, 210, 8, "2"), (480, 210, 8, "1.500,00 €"),
            (430, 262, 8, "Total HT"), (490, 262, 8, "1.500,00 €"),
            (430, 275, 8, "Totalä payer"), (490, 275, 8, "1.500,00 €"),
            (68, 297, 8, "TVA non applicable, art. 293 B du CGI."),
        ]) { _ in 0.93 }
        let r = Self.extract(page: text)
        #expect(r.value("total")?.numberValue == 1500, "\(String(describing: r.fields["total"]))")
        #expect(r.value("tax_total")?.numberValue == 0, "\(String(describing: r.fields["tax_total"]))")
        #expect(r.value("vendor_name") == "Jeanne Modèle", "\(String(describing: r.fields["vendor_name"]))")
    }
}

extension LayoutTests {
    @Test("on a scan, an Irish VAT id whose I was read as a one and an IBAN with a speck read as a letter after its country are mended where their checks pass")
    func anIrishVATIDAndAnIBANMendedOnAScan() {
        let text = Self.placed([
            (73, 58, 13, "Example Trading Ltd"), (73, 76, 9, "1 Main Street, Dublin"),
            (73, 102, 9, "VAT Reg. No.: 1E1234567T : Company No. 771175"),
            (373, 108, 9, "IBAN DES08 7645 0000 0012 3456 78"),
            (73, 140, 13, "Invoice"), (73, 160, 9, "Invoice No: INV-2041"), (73, 172, 9, "Date: 04/03/2026"),
            (435, 240, 9, "Net"), (490, 240, 9, "€1,000.00"), (435, 255, 9, "VAT @ 23%"), (490, 255, 9, "€230.00"),
            (435, 270, 9, "Total"), (490, 270, 9, "€1,230.00"),
        ]) { _ in 0.92 }
        let r = Self.extract(page: text)
        #expect(r.value("vendor_vat_id") == "IE1234567T", "\(String(describing: r.fields["vendor_vat_id"]))")
        #expect(r.value("vendor_iban") == "DE08764500000012345678", "\(String(describing: r.fields["vendor_iban"]))")
        // Ireland's check letter: seven digits weighted 8 to 2, modulo 23; the new form's second letter weighted 9.
        #expect(VATID.check("IE1234567T").passed)
        #expect(!VATID.check("IE1234567X").passed)
        #expect(VATID.check("IE1234567FA").passed)
        #expect(!VATID.check("IE1234567TA").passed)
    }
}

extension LayoutTests {
    @Test("a partnership's form wrapped after its '& Co.' ('Beispiel GmbH & Co.' over 'KG', an invoice's heading beside it) is read whole")
    func aPartnershipsFormWrappedAfterAndCo() {
        // Made-up: a narrow face wraps the seller's name in its column; the document's heading and number stand to its right,
        // the number's row between the two lines in reading order.
        let text = Self.placed([
            (72, 60, 14, "Beispiel Solutions GmbH & Co."), (400, 60, 18, "INVOICE"), (400, 80, 9, "Invoice #   4711"),
            (72, 78, 14, "KG"), (72, 96, 9, "Gewerbering 5"), (72, 108, 9, "12345 Musterstadt"),
            (72, 160, 9, "BILL TO"), (72, 172, 9, "Kunde Handel GmbH & Co. KG"), (72, 184, 9, "Kirchweg 1"),
            (72, 260, 9, "Subtotal:   €100.00"), (72, 272, 9, "Tax (19%):   €19.00"), (72, 284, 9, "Total:   €119.00"),
        ])
        let name = FieldExtractor(schema: .invoice).extract(text: text).fields["vendor_name"]
        #expect(name?.value == .string("Beispiel Solutions GmbH & Co. KG"), "\(String(describing: name))")
        #expect(LayoutExtractor.endsInAndCo("Smith & Co.") && LayoutExtractor.endsInAndCo("Durand & Cie"))
        #expect(!LayoutExtractor.endsInAndCo("Beispiel GmbH & Co. KG") && !LayoutExtractor.endsInAndCo("Co."))
    }
}

extension LayoutTests {
    @Test("a footer's legal line set apart with em dashes ('Beispiel EURL — 1 rue … — SIREN …', as a scan reads an en dash) names the brand's legal name")
    func aLegalLineWithEmDashes() {
        // Made-up: the brand in large capitals at the top, the client's block beside the dates, the legal name only in the footer.
        let text = Self.placed([
            (72, 60, 22, "VELNOR"),
            (72, 110, 9, "Facture n° 2026-123"), (330, 110, 9, "Facturé à"), (72, 122, 9, "Émise le 01/05/2026"), (330, 122, 9, "Kunde SASU"),
            (330, 134, 9, "3 rue du Moulin"), (330, 146, 9, "12345 Clairval"),
            (72, 300, 9, "Sous-total HT   100,00 €"), (72, 312, 9, "TVA 20 %   20,00 €"), (72, 324, 9, "Total TTC   120,00 €"),
            (72, 780, 7, "Velnor EURL — 4 place de la Gare, 54321 Beaumont — SIREN 123456782 — RCS Beaumont"),
        ])
        let name = FieldExtractor(schema: .invoice).extract(text: text).fields["vendor_name"]
        #expect(name?.value == .string("Velnor EURL"), "\(String(describing: name))")
        #expect(LayoutExtractor.separatorsAsDots("A SARL — 1 rue X – 2 : 3 - 4") == "A SARL·1 rue X·2·3·4")
    }
}

extension LayoutTests {
    @Test("a title block set flush right ('FACTURE DE SOLDE' over 'N° …' over 'du …'): its number and date, not a deposit invoice's date before its number")
    func aFlushRightTitleBlockAndADepositsDate() {
        // Made-up: a serif face wraps the date under the number; each line of the block ends at the same x.
        func right(_ y: Double, _ size: Double, _ t: String) -> (x: Double, y: Double, size: Double, text: String) {
            (534 - Double(t.count) * size * 0.55, y, size, t)
        }
        let text = Self.placed([
            (72, 58, 18, "Beispiel Conseil SARL"), right(58, 11, "FACTURE DE SOLDE"), right(70, 11, "N° FA-20261234"),
            (72, 78, 11, "4 rue du Moulin"), right(82, 11, "du 14/04/2026"), (72, 90, 11, "12345 Clairval"),
            (72, 106, 11, "N° TVA : FR44732829320"),
            (300, 140, 11, "Kunde SA"), (300, 152, 11, "1 place de la Gare"), (300, 164, 11, "54321 Bellerive"),
            (72, 300, 11, "Total HT   1 000,00 €"), (72, 312, 11, "TVA 20 %   200,00 €"), (72, 324, 11, "Total TTC   1 200,00 €"),
            (72, 336, 11, "Acompte versé le 08/04/2026 (facture n° FA-20261200) - 300,00 €"), (72, 348, 11, "Reste à payer   900,00 €"),
        ])
        let r = FieldExtractor(schema: .invoice).extract(text: text)
        #expect(r.fields["issue_date"]?.value == .string("2026-04-14"), "\(String(describing: r.fields["issue_date"]))")
        #expect(r.fields["invoice_number"]?.value == .string("FA-20261234"), "\(String(describing: r.fields["invoice_number"]))")
    }
}

extension LayoutTests {
    @Test("a postcode and its town that a scan ran onto a label's line ('Invoice Number   48635 Beaumont') lose to the number the page prints under that label")
    func aPostcodeRunIntoTheNumbersLabel() {
        // Made-up, as OCR reads a header whose labels and the seller's address block share rows.
        let text = DocumentText.scanned([
            "TAX INVOICE", "Invoice Date   Beispiel SARL", "Invoice Number   12345 Beaumont", "Kunde EURL   INV-7306   FRANCE",
            "3 rue des Lilas   Invoice Number INV-7306", "Subtotal 100.00", "VAT 20% 20.00", "Total EUR 120.00",
        ])
        let number = FieldExtractor(schema: .invoice).extract(text: text).fields["invoice_number"]
        #expect(number?.value == .string("INV-7306"), "\(String(describing: number))")
        let lay = LayoutExtractor(schema: .invoice)
        let postcode = lay.candidates(in: text, conventions: lay.conventions(of: text))["invoice_number"]?.first { $0.value == .string("12345") }
        #expect(postcode?.note.contains("postcode") == true, "\(String(describing: postcode))")
        // A client's name in a column of its own beside the number, or a word a number follows, is no town.
        for (line, gap) in [("Facture N° 48211 Parsol Service SARL", 30.0), ("Rechnung Nr. 38654 Tisch 32", 6)] {
            let t = DocumentText.scanned([line], gap: gap)
            let c = lay.candidates(in: t, conventions: lay.conventions(of: t))["invoice_number"]?.first
            #expect(c.map { !$0.note.contains("postcode") } == true, "\(line): \(String(describing: c))")
        }
    }
}

extension LayoutTests {
    @Test("a VAT id printed in groups its country's form does not know ('N° TVA FR32 1234 56789') is read joined where its check digits pass")
    func aVATIDInOddGroups() {
        // Made-up; the same id with a wrong last figure is not joined.
        func page(_ vat: String) -> DocumentText {
            Self.placed([
                (68, 60, 13, "Beispiel Conseil SARL"), (68, 110, 15, "FACTURE N° F26-0150"), (72, 130, 9, "Date : 28/03/2026"),
                (407, 289, 9, "Total HT   1 000,00 €"), (407, 303, 9, "TVA 20 %   200,00 €"), (407, 318, 9, "Total TTC   1 200,00 €"),
                (66, 753, 7, "Beispiel Conseil SARL – 12 rue des Lilas, 75001 Paris – N° TVA " + vat),
            ])
        }
        #expect(FieldExtractor(schema: .invoice).extract(text: page("FR32 1234 56789")).value("vendor_vat_id") == "FR32123456789")
        #expect(FieldExtractor(schema: .invoice).extract(text: page("FR32 1234 56788")).value("vendor_vat_id") != "FR32123456788")
    }
}

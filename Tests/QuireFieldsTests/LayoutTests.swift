import Foundation
import QuireCore
import Testing
@testable import QuireFields

@Suite("Layout-aware extraction")
struct LayoutTests {
    static func extract(_ text: String, _ schema: FieldSchema = .invoice) -> FieldExtractor.Result {
        FieldExtractor(schema: schema, today: CalendarDate(year: 2026, month: 6, day: 1)!).extract(text: DocumentText(plainText: text))
    }

    @Test("Two company names at the top: the one with a phone number under it is the seller's, sure enough to pass; without such evidence a person decides")
    func sellerDetailsDecideBetweenTwoNames() {
        // Made-up: a letterhead with its phone number, then the recipient's window.
        func letter(_ senderDetail: String, recipientDetail: String = "") -> FieldExtractor.Result {
            Self.extract("""
                 Beispiel Handel AG
                 Gewerbering 3, 12345 Musterstadt
                 \(senderDetail)


                Muster Logistik GmbH
                Hauptstraße 4
                12345 Musterstadt
                \(recipientDetail)

                                                                     Musterstadt, den 2. Juli 2026

                Rechnung
                Rechnungs-Nr.: 4711
                Kunden-Nr.: 9752

                Summe netto: 100,00 €
                19% MwSt.: 19,00 €
                Rechnungsbetrag: 119,00 €
                """)
        }
        let phone = letter("Tel. 0123 456789").fields["vendor_name"]
        #expect(phone?.value == .string("Beispiel Handel AG"))
        #expect((phone?.confidence ?? 0) > 0.8, "\(String(describing: phone?.confidence)) \(phone?.note ?? "")")
        #expect(phone?.note.contains("the seller's details under it") == true)
        // No detail under either name, or one under both: the rules cannot tell, the close second stays.
        let none = letter("").fields["vendor_name"]
        #expect((none?.confidence ?? 1) <= 0.8)
        let both = letter("Tel. 0123 456789", recipientDetail: "Tel. 0987 654321").fields["vendor_name"]
        #expect((both?.confidence ?? 1) <= 0.8)
        // The recipient's name above the seller's, in the column beside a band with the seller's details (after a blank
        // line under its address): the seller's.
        let band = Self.extract("""
                                  Muster Logistik OHG
            Beispiel Technik KG   Kirchweg 6
            Schillerstraße 13     12345 Rosental
            12345 Musterstadt
                                          RECHNUNG
            Telefon 0123 456789
            info@example.de
                                  Rechnung Nr.     Datum         Fällig am
                                  2026-578         01.06.2026    01.07.2026

                                  Zwischensumme      100,00 €
                                  MwSt. 19 %          19,00 €
                                  Gesamt             119,00 €
            """).fields["vendor_name"]
        #expect(band?.value == .string("Beispiel Technik KG"), "\(String(describing: band?.value))")
    }

    @Test("A name wrapped in a narrow band down the left, its lines between the main column's: joined, with its form and '(haftungsbeschränkt)'")
    func nameWrappedInANarrowBand() {
        // Made-up: a band 120 points wide at the left, the recipient's window in the main column, whose lines sit
        // half a line lower, so that reading order interleaves the two.
        func page(_ band: [String], _ main: [String]) -> DocumentText {
            var words: [SourceWord] = []
            func add(_ lines: [String], x: Double, y: Double) {
                for (n, line) in lines.enumerated() {
                    var cx = x
                    for w in line.split(separator: " ") {
                        let width = Double(w.count) * 5.5
                        words.append(SourceWord(text: String(w), x0: cx, y0: y + Double(n) * 11.25, x1: cx + width, y1: y + Double(n) * 11.25 + 11, page: 1))
                        cx += width + 3
                    }
                }
            }
            add(band, x: 76, y: 64.7)
            add(main, x: 223, y: 58.7)
            add(["RECHNUNG"], x: 223, y: 130)
            add(["Rechnung Nr. 2026-513   Datum 09.07.2026"], x: 223, y: 160)
            add(["Zwischensumme 100,00 €", "MwSt. 19 % 19,00 €", "Gesamt 119,00 €"], x: 223, y: 200)
            return DocumentText(words: words)
        }
        let extractor = FieldExtractor(schema: .invoice, today: CalendarDate(year: 2026, month: 8, day: 1)!)
        let ug = extractor.extract(text: page(["Beispiel Trilux Handel", "UG", "(haftungsbeschränkt)", "Lindenallee 14", "44136 Altdorf", "", "Telefon 0400 781122"],
                                              ["Muster GmbH & Co. KG", "Gewerbering 35", "24109 Seefeld"]))
        #expect(ug.value("vendor_name") == "Beispiel Trilux Handel UG (haftungsbeschränkt)", "\(String(describing: ug.value("vendor_name")))")
        let wrapped = extractor.extract(text: page(["Beispiel Waldtec", "Distribution GmbH", "Industriestraße 89", "80010 Neuhausen", "", "Telefon 0135 634911"],
                                                   ["Muster Distribution UG", "Industriestraße 59", "34391 Rosental"]))
        #expect(wrapped.value("vendor_name") == "Beispiel Waldtec Distribution GmbH", "\(String(describing: wrapped.value("vendor_name")))")
        // A person's name over a company in a wide block is no wrapped name.
        let person = extractor.extract(text: page(["Max Mustermann", "Distribution GmbH", "Industriestraße 89 · 80010 Neuhausen", "", "Telefon 0135 634911"],
                                                  ["Muster Distribution UG", "Industriestraße 59", "34391 Rosental"]))
        #expect(person.value("vendor_name") != "Max Mustermann Distribution GmbH")
    }

    @Test("A letter that says it in sentences: the due date after 'fällig am' at a line's end, the net from the total and the tax it contains")
    func dueDateAndNetInSentences() {
        // Made-up.
        let r = Self.extract("""
                                     Beispiel Conseil KG
                             Industriestraße 16 · 12345 Musterstadt · Tel. 0123 456789

            Muster Bau GmbH
            Gewerbering 2
            12345 Musterstadt
                                                                           Musterstadt, 12.04.2025
            Rechnung

            mit Rechnung Nr. 87/2025 vom 12.04.2025 berechnen wir Ihnen für unsere Leistungen:

            Der Rechnungsbetrag von 11.796,12 € (darin enthalten 19 % MwSt. = 1.883,41 €) ist fällig am
            12.05.2025. Bitte überweisen Sie ihn auf unser Konto.
            """)
        #expect(r.value("due_date") == "2025-05-12", "\(String(describing: r.value("due_date")))")
        #expect(r.value("total") == .number(11796.12))
        #expect(r.value("net_total") == .number(9912.71), "\(String(describing: r.value("net_total")))")
        #expect(r.value("tax_total") == .number(1883.41))
    }

    @Test("A sender line with commas over the recipient's window names the seller; the date under 'Zu zahlen' is the due date")
    func commaSenderLineAndAmountToPay() {
        // Made-up: the amount to pay in a box at the top right, the seller only in small type over the window.
        let r = Self.extract("""
            Beispiel e.K., Lindenallee 17, 12345 Altdorf                   Zu zahlen: 3.012,29 €
            Muster Logistik AG                                             bis 14.06.2026
            Industriestraße 6                                              Verwendungszweck: RN26-37441
            27913 Rosental

            Rechnung RN26-37441
            Rechnungsdatum: 30.04.2026
            Summe netto 2.531,34 €
            Umsatzsteuer 19 % 480,95 €
            Summe brutto 3.012,29 €
            """)
        #expect(r.value("vendor_name") == "Beispiel e.K.", "\(String(describing: r.value("vendor_name")))")
        #expect(r.value("due_date") == "2026-06-14", "\(String(describing: r.value("due_date")))")
    }

    @Test("A dateline whose month name OCR misread by one letter ('Paris, le 15 aoüt 2026') still dates the letter")
    func datelineWithAMisreadMonth() {
        // Made-up.
        let r = Self.extract("""
            Exemple Conseil SASU
            Muster SARL                                   Beaumont, le 15 aoüt 2026
            Facture n° 2026/674
            Total TTC 120,00 €
            Échéance : 14 jours, soit le 29/08/2026.
            """)
        #expect(r.value("issue_date") == "2026-08-15", "\(String(describing: r.value("issue_date")))")
    }

    @Test("A vendor name nothing on the page confirms (no seller's details or tax id under it, not printed again, no letterhead type) goes to a person when another name competes")
    func unconfirmedVendorNameIsChecked() {
        // Made-up: a craftsman's name without a legal form at the top, the recipient's company below it.
        let text = """
            Beispiel Holzwerkstatt
            Lindenallee 14, 44136 Altdorf

            Muster Logistik GmbH & Co. KG
            Kirchweg 6
            12345 Rosental

            Rechnung Nr. 2026-578
            Datum 01.06.2026
            Zwischensumme 100,00 €
            MwSt. 19 % 19,00 €
            Gesamt 119,00 €
            """
        let r = Self.extract(text)
        #expect((r.fields["vendor_name"]?.confidence ?? 1) <= 0.84, "\(String(describing: r.fields["vendor_name"]?.confidence))")
        #expect(r.fields["vendor_name"]?.note.contains("nothing else on the page confirms it") == true)
        // The same name with its tax number under it, or printed again in a footer, is confirmed.
        let taxNumber = Self.extract(text.replacingOccurrences(of: "12345 Rosental\n", with: "12345 Rosental\nSteuernummer 12/345/67890\n"))
        #expect((taxNumber.fields["vendor_name"]?.confidence ?? 0) > 0.84)
        let footer = Self.extract(text + "\nMuster Logistik GmbH & Co. KG · Kirchweg 6 · 12345 Rosental")
        #expect((footer.fields["vendor_name"]?.confidence ?? 0) > 0.84)
    }

    @Test("A due date's label with a date beside or under it that could not be read sends the document to a person")
    func dueDatePrintedButNotRead() {
        // Made-up: a date that does not exist (31 February) is printed but not read.
        let beside = Self.extract("Beispiel GmbH\nRechnung Nr. 4711\nDatum: 02.02.2026\nFällig am: 31.02.2026\nGesamtbetrag 119,00 €\n")
        #expect(beside.value("due_date") == nil)
        #expect(beside.unread.contains("due_date"))
        let under = Self.extract("Beispiel GmbH\nRechnung Nr. 4711     Zahlungsziel\nDatum: 02.02.2026   31.02.2026\nGesamtbetrag 119,00 €\n")
        #expect(under.unread.contains("due_date"), "\(under.unread)")
        // A terms label with days, not a date, is no unread date.
        let days = Self.extract("Beispiel GmbH\nRechnung Nr. 4711\nDatum: 02.02.2026\nZahlungsziel: 14 Tage netto\nGesamtbetrag 119,00 €\n")
        #expect(!days.unread.contains("due_date"))
    }

    @Test("A brand in large type at the top without its form, the full name in the footer; 'Référence' heading a row with 'Date'; 'spätestens' before a due date")
    func brandReferenceRowAndLatestDate() {
        // Made-up: the client's block at the top left, the brand (18 points) at the top right on the same line.
        var words: [SourceWord] = []
        func add(_ text: String, x: Double, y: Double, size: Double = 11) {
            var cx = x
            for w in text.split(separator: " ") {
                let width = Double(w.count) * size * 0.5
                words.append(SourceWord(text: String(w), x0: cx, y0: y, x1: cx + width, y1: y + size, page: 1))
                cx += width + size * 0.3
            }
        }
        add("Client Exemple EURL", x: 73, y: 58.7)
        add("BEISPIEL", x: 438, y: 58.3, size: 21)
        add("68 avenue de la République", x: 73, y: 70)
        add("104 chemin des Vignes", x: 420, y: 82)
        add("10416 Villeneuve", x: 73, y: 81)
        add("Facture", x: 73, y: 120, size: 16)
        add("Référence", x: 73, y: 150); add("Date", x: 160, y: 150); add("Échéance", x: 240, y: 150)
        add("FA-2025-9555", x: 73, y: 162); add("02/08/2025", x: 160, y: 162); add("01/09/2025", x: 240, y: 162)
        add("Total HT", x: 380, y: 300); add("100,00 €", x: 480, y: 300)
        add("TVA 20 %", x: 380, y: 312); add("20,00 €", x: 480, y: 312)
        add("Total TTC", x: 380, y: 324); add("120,00 €", x: 480, y: 324)
        add("Beispiel SA au capital de 1000 € – RCS Bellerive 612330662", x: 62, y: 763, size: 8)
        let r = FieldExtractor(schema: .invoice, today: CalendarDate(year: 2025, month: 9, day: 1)!).extract(text: DocumentText(words: words))
        #expect(r.value("vendor_name") == "Beispiel SA", "\(String(describing: r.value("vendor_name")))")
        #expect(r.value("invoice_number") == "FA-2025-9555", "\(String(describing: r.value("invoice_number")))")
        #expect(r.value("due_date") == "2025-09-01")
        // A bare "Reference" elsewhere (an item table's column) labels no invoice number.
        let column = Self.extract("Beispiel GmbH\nRechnung Nr. 4711\nDatum: 02.02.2026\nReference   Description   Amount\n000   Service   100,00\nGesamtbetrag 119,00 €\n")
        #expect(column.value("invoice_number") == "4711")
        let latest = Self.extract("Beispiel GmbH\nRechnung Nr. 4711 vom 02.02.2026\nZahlbar sofort nach Erhalt (spätestens 16.02.2026).\nGesamtbetrag 119,00 €\n")
        #expect(latest.value("due_date") == "2026-02-16", "\(String(describing: latest.value("due_date")))")
    }

    @Test("No due date read but a date printed up to half a year after the issue date: 'printed but not read', unless it ends a period")
    func laterDatePrintedButNoDueDate() {
        // Made-up: a wording the rules do not know.
        let r = Self.extract("Beispiel GmbH\nRechnung Nr. 4711\nDatum: 02.02.2026\nBitte begleichen Sie den Betrag innert Frist, Stichtag 16.02.2026.\nGesamtbetrag 119,00 €\n")
        #expect(r.value("due_date") == nil, "\(String(describing: r.value("due_date")))")
        #expect(r.unread.contains("due_date"), "\(r.unread)")
        let period = Self.extract("Beispiel GmbH\nRechnung Nr. 4711\nDatum: 02.02.2026\nLeistungszeitraum 01.02.2026 bis 28.02.2026\nGesamtbetrag 119,00 €\n")
        #expect(!period.unread.contains("due_date"), "\(period.unread)")
    }

    @Test("'Von:' heads the seller's block; 'Expiration date' and 'date limite' label the due date; two names on one line leave the vendor unconfirmed")
    func vonExpirationAndTwoNamesOnALine() {
        // Made-up.
        let von = Self.extract("""
            RECHNUNG
            Rechnung an:                  Von:
            Muster Logistik OHG           Beispiel Handel e.K.
            Kirchweg 6                    Lindenallee 17
            12345 Rosental                12345 Altdorf
            Rechnungsnummer: 123-2026   Datum: 02.02.2026
            Endsumme 119,00 €
            """)
        #expect(von.value("vendor_name") == "Beispiel Handel e.K.", "\(String(describing: von.value("vendor_name")))")
        let expiration = Self.extract("Beispiel GmbH\nInvoice number 2025-0830\nInvoice date 02-02-2026\nExpiration date 16-02-2026\nTotal incl. VAT € 119,00\n")
        #expect(expiration.value("due_date") == "2026-02-16", "\(String(describing: expiration.value("due_date")))")
        let limite = Self.extract("Exemple SARL\nFacture n° 042\nDate : 02/02/2026\nPaiement à réception, date limite : 16/02/2026.\nTotal TTC : 120,00 €\n")
        #expect(limite.value("due_date") == "2026-02-16", "\(String(describing: limite.value("due_date")))")
        let twoNames = Self.extract("""
            Muster UG (haftungsbeschränkt)                 Beispiel Distribution GmbH & Co. KG
            Gewerbering 47                                 Am Markt 47
            66467 Rosental                                 32718 Musterstadt
            Invoice number 2025-0830
            Invoice date 02-02-2026
            Total incl. VAT € 119,00
            """)
        #expect((twoNames.fields["vendor_name"]?.confidence ?? 1) <= 0.84, "\(String(describing: twoNames.fields["vendor_name"]?.value)) \(twoNames.fields["vendor_name"]?.note ?? "")")
    }

    @Test("Spanish and Italian party headings ('Emisor', 'Cedente/prestatore') name the seller; 'Fecha de expedición', 'Data documento', 'Numero documento' are labels")
    func spanishAndItalianHeadings() {
        // Made-up.
        let es = Self.extract("""
            FACTURA
            Emisor                     Cliente                     Nº Factura: F2025-118
            Ejemplo Bau GmbH           Muestra Handel GmbH         Fecha de expedición: 16/02/2025
            Gewerbering 3              Kirchweg 6                  Vencimiento: 26/02/2025
            Concepto   Cantidad   Precio   Importe
            Servicio   1   100,00 €   100,00 €
            Base imponible 100,00 €
            IVA 21 % 21,00 €
            Total factura 121,00 €
            """)
        #expect(es.value("vendor_name") == "Ejemplo Bau GmbH", "\(String(describing: es.value("vendor_name")))")
        #expect(es.value("issue_date") == "2025-02-16")
        let it = Self.extract("""
            Cedente/prestatore (fornitore)         Cessionario/committente (cliente)
            Esempio Handel e.K.                    Modello Bau GmbH
            Via Roma 65                            Corso Garibaldi 12
            Tipo documento   Numero documento   Data documento
            Fattura          764/2025           23/10/2025
            Totale documento 122,00 EUR
            """)
        #expect(it.value("vendor_name") == "Esempio Handel e.K.", "\(String(describing: it.value("vendor_name")))")
        #expect(it.value("invoice_number") == "764/2025", "\(String(describing: it.value("invoice_number")))")
        #expect(it.value("issue_date") == "2025-10-23")
    }

    @Test("A label of the due date and of the payment terms ('Zahlungsziel') over a date in a grid of boxes gives the due date")
    func dueDateUnderATermsLabel() {
        // Made-up: labels small above their values, two to a row.
        let r = Self.extract("""
            Beispiel AG
            Am Markt 1 · 12345 Musterstadt

             Muster UG                      Rechnungsnummer      Rechnungsdatum
             Am Markt 58                    R964739              17.09.2025
             75195 Seefeld                  Kundennummer         Zahlungsziel
                                            75335                17.10.2025
            Rechnung
            Nettobetrag 100,00 €
            zzgl. 19 % USt 19,00 €
            Rechnungsbetrag 119,00 €
            """)
        #expect(r.value("due_date") == "2025-10-17", "\(String(describing: r.value("due_date")))")
        #expect(r.value("issue_date") == "2025-09-17")
    }

    @Test("Two blocks side by side at the top: the one whose name recurs in the footer is the sender")
    func twoBlocksSideBySide() {
        // Made-up: the recipient's window on the left, the sender's block on the right, the sender's mail address below.
        let r = Self.extract("""
            Invoice 4471
            March 2, 2026
            Page 1 / 1
            Harbor Outfitters                                    BELLWEATHER DE
            Quay Road, 4                                         Lindenweg 12
            20095 Hamburg                                        40210 Duesseldorf
            Description                                          Amount
            Desk lamp                                            120.00
            Total                                                120.00
            Bank: Example Bank   Mail: accounts@bellweather.example
            """)
        #expect(r.value("vendor_name") == "BELLWEATHER DE", "\(String(describing: r.value("vendor_name")))")
        #expect(r.fields["vendor_name"]?.alternatives.contains { $0.value == "Harbor Outfitters" } == true)
    }

    @Test("An IBAN whose narrow table cell wrapped it onto the next line is read whole")
    func wrappedIBAN() {
        // Made-up: a footer table of bank details, the IBAN's last six characters on the line below.
        let r = Self.extract("""
            Beispiel Werkstatt GmbH
            Rechnung Nr. 2026-311 vom 04.05.2026
            Gesamtbetrag                                   119,00 EUR
            Bank              IBAN                  BIC
            Musterbank        DE51 4444 5555 6666   MUSTDEFF
                              7777 88
            """)
        #expect(r.value("vendor_iban") == "DE51444455556666777788", "\(String(describing: r.value("vendor_iban")))")
        #expect(r.fields["vendor_iban"]?.checks.allSatisfy(\.passed) == true)
    }

    @Test("An IBAN at the end of a sentence's line goes on at the start of the next one")
    func ibanWrappedInASentence() {
        // Made-up: payment terms as running text, wrapped inside the IBAN.
        let r = Self.extract("""
            Atelier Exemple SARL
            FACTURE N° F-2026-014
            Date d'émission : 04/05/2026
            Total TTC                                      1 200,00 €
            Mode de règlement : virement sur le compte IBAN FR28 9083 0166
            1318 6091 3909 950 (BIC EXMPFRPP).
            """)
        #expect(r.value("vendor_iban") == "FR2890830166131860913909950", "\(String(describing: r.value("vendor_iban")))")
    }

    @Test("An IBAN label after a VAT id on one line names the number after it, not the VAT id before it")
    func ibanLabelBetweenNumbers() {
        // Made-up: a footer whose separators a scan lost.
        let r = Self.extract("""
            Beispiel Werkstatt GmbH
            Rechnung Nr. 2026-311 vom 04.05.2026
            Gesamtbetrag                                   119,00 EUR
            Beispiel Werkstatt GmbH VAT ID DE626018158 IBAN DE51 4444 5555 6666 7777 88 BIC MUSTDEFF
            """)
        #expect(r.value("vendor_iban") == "DE51444455556666777788", "\(String(describing: r.value("vendor_iban")))")
        #expect(r.value("vendor_vat_id") == "DE626018158")
    }

    @Test("Net, tax and total that add up once the separator OCR lost from one of them is put back")
    func lostDecimalSeparator() {
        // Made-up: "12 273,52" read as "1227352".
        let r = Self.extract("""
            Atelier Exemple SARL
            FACTURE N° F-2026-014
            Date d'émission : 04/05/2026
            Total HT                                       1227352 €
            TVA (20 %)                                     2 454,70 €
            Total TTC                                     14 728,22 €
            """)
        #expect(r.value("net_total") == .number(12273.52), "\(String(describing: r.value("net_total")))")
        #expect(r.value("total") == .number(14728.22))
        #expect(r.fields["net_total"]?.checks.contains { $0.name == "rule_doubt" && !$0.passed } == true, "a mended amount goes to a person")
        #expect(r.fields["net_total"]?.alternatives.first?.value == .number(1227352))
    }

    @Test("A credit note's own number beside its title or after 'Gutschriftsnr.', not the invoice it corrects", arguments: [
        ("Gutschrift GS-2026-0042\nBezug: Rechnung RE-2026-0311", "GS-2026-0042"),
        ("Gutschriftsnr.                GS-2026-0042\nKorrektur zu Rechnung RE-2026-0311", "GS-2026-0042"),
        ("AVOIR N° AV/2026/00017\nFacture d'origine : FAC/2026/00311", "AV/2026/00017"),
    ])
    func creditNoteNumber(header: String, number: String) {
        // Made-up.
        let r = Self.extract("""
            Beispiel Werkstatt GmbH
            \(header)
            Datum: 04.05.2026
            Gesamtbetrag                                   119,00 EUR
            """, .creditNote)
        #expect(r.value("invoice_number") == .string(number), "\(String(describing: r.value("invoice_number")))")
    }

    @Test("The seller's VAT id is the one on a line with the seller's name or whose SIREN is printed as theirs, not the buyer's under the address")
    func sellersVATIDOverTheBuyers() {
        // Made-up: an ERP layout that prints the customer's VAT id in the address block and the seller's in the footer.
        let text = """
            Atelier Exemple SARL
            12 rue des Lilas
            75011 Paris                                   Modèle Distribution SAS
                                                          4 place de la Gare
                                                          TVA : FR28987968641
            Facture FAC/2026/00031
            Date de facturation : 04/05/2026
            Total                                         1 200,00 €
            Atelier Exemple SARL – 12 rue des Lilas 75011 Paris – SIRET 75973529314085 – TVA FR92759735293
            """
        let r = Self.extract(text)
        #expect(r.value("vendor_vat_id") == "FR92759735293", "\(String(describing: r.value("vendor_vat_id")))")
        #expect(r.fields["vendor_vat_id"]?.checks.contains { $0.name == "seller_vat_id" && $0.passed } == true)
        // Without the seller's name on the footer line, the SIREN in the SIRET says it.
        let bare = Self.extract(text.replacingOccurrences(of: "Atelier Exemple SARL – 12 rue des Lilas 75011 Paris – ", with: ""))
        #expect(bare.value("vendor_vat_id") == "FR92759735293", "\(String(describing: bare.value("vendor_vat_id")))")
    }

    @Test("A scan's VAT id glued to its label ('TVAFR…') and a French key's O read for a zero")
    func gluedVATLabelOnAScan() {
        // Made-up.
        let r = FieldExtractor(schema: .invoice).extract(text: DocumentText.scanned([
            "Atelier Exemple SARL", "FACTURE N° F-2026-014", "Date d'émission : 04/05/2026", "Total TTC 1 200,00 €",
            "Atelier Exemple SARL au capital de 5000 € - SIREN 940139678 -N°TVAFRO1940139678",
        ]))
        #expect(r.value("vendor_vat_id") == "FR01940139678", "\(String(describing: r.value("vendor_vat_id")))")
    }

    @Test("The seller's name beside the title or its own address on the top line, not the customer's under 'Client' or 'Bill to'")
    func sellerNameBesideTitleOrAddress() {
        // Made-up.
        let fr = Self.extract("""
            Atelier Exemple SASU                                      FACTURE
            12 rue des Lilas                                          N° F-2026-014
            75011 Paris                                               Date d'émission : 04/05/2026
            Client
            Modèle Distribution SAS
            4 place de la Gare
            Total TTC                                                 1 200,00 €
            Atelier Exemple SASU au capital de 5 000 € – SIREN 940139678
            """)
        #expect(fr.value("vendor_name") == "Atelier Exemple SASU", "\(String(describing: fr.value("vendor_name")))")
        let de = Self.extract("""
                                                                      Hauptstraße 68
            Werkstatt Beispiel e.K.                                   74510 Musterstadt
            Bill to                                                   Invoice no. INV261234
            Kundenfirma Beispiel AG
            Lindenallee 101                                           Invoice date 2026-04-09
            Total due                                                 EUR 1,190.00
            """)
        #expect(de.value("vendor_name") == "Werkstatt Beispiel e.K.", "\(String(describing: de.value("vendor_name")))")
    }

    @Test("'UG' over '(haftungsbeschränkt)' is one name; 'au capital de …' is a legal mention after it")
    func wrappedLegalFormAndCapital() {
        // Made-up.
        let ug = Self.extract("""
            Werkstatt Beispiel UG                                     Hauptstraße 95
            (haftungsbeschränkt)                                      78748 Musterstadt
            Invoice no. INV256366
            Total due                                                 EUR 1,190.00
            """)
        #expect(ug.value("vendor_name") == "Werkstatt Beispiel UG (haftungsbeschränkt)", "\(String(describing: ug.value("vendor_name")))")
        #expect(LayoutExtractor.cleanName("Atelier Exemple SARL au capital de 50 000 EUR") == "Atelier Exemple SARL")
        #expect(LayoutExtractor.cleanName("Atelier Exemple SAS, capital social 5 000 €") == "Atelier Exemple SAS")
    }

    @Test("A scan's sender line whose dots OCR read as ' : ' names the seller; the block under it is the recipient's")
    func scannedSenderLine() {
        // Made-up.
        let r = FieldExtractor(schema: .invoice).extract(text: DocumentText.scanned([
            "Werkstatt Beispiel OHG : Gewerbering 6 : 63293 Musterstadt", "Kundenfirma Beispiel GmbH Rechnungsnr. RE-2026-0042", "z. Hd. Lena Beispiel",
            "Rechnungsdatum 01.08.2026", "Gesamtbetrag brutto 1.190,00 €",
        ]))
        #expect(r.value("vendor_name") == "Werkstatt Beispiel OHG", "\(String(describing: r.value("vendor_name")))")
    }

    @Test("A due date in a payment-terms sentence, past an amount's label, and under a label a scan read without its accent", arguments: [
        "Zahlungsziel: 14 Tage netto (18.05.2026).", "Zahlungsziel: netto (18.05.2026).", "Fallig am 18.05.2026 ohne Abzug.", "Echeance : 18 mai 2026. Mode de règlement : virement.",
        "Zahlbar ohne Abzug bis 18.05.2026.", "Bitte überweisen Sie den Betrag bis 18.05.2026 auf unser Konto.",
    ])
    func dueDateInTerms(line: String) {
        // Made-up.
        let r = Self.extract("""
            Beispiel GmbH
            Rechnung Nr. 2026-311
            Rechnungsdatum 04.05.2026
            \(line)
            Gesamtbetrag 119,00 EUR
            """)
        #expect(r.value("due_date") == "2026-05-18", "\(String(describing: r.value("due_date")))")
    }

    @Test("A sender line whose name ends in 'UG (haftungsbeschränkt)' names the seller; 'z. Hd. …' names a person, not a business")
    func senderLineWithUGAndAttentionLine() {
        // Made-up.
        let r = Self.extract("""
            Werkstatt Beispiel UG (haftungsbeschränkt) · Hauptstraße 17 · 31124 Musterstadt
            Kundenfirma Beispiel e.K.                         Rechnungsnr.   RE-2026-7961
            z. Hd. Lena Beispiel
            Rechnungsdatum 05.03.2026
            Gesamtbetrag brutto                               1.190,00 €
            """)
        #expect(r.value("vendor_name") == "Werkstatt Beispiel UG (haftungsbeschränkt)", "\(String(describing: r.value("vendor_name")))")
        #expect(!LayoutExtractor.looksLikeName("z. Hd. Lena Beispiel"))
    }

    @Test("A letterhead in the largest type beside the invoice's labels names the seller, a person's name too")
    func letterheadBesideLabels() {
        // Made-up: a sole trader's name in large type at the top left, the number and dates at the right.
        func w(_ t: String, _ x0: Double, _ x1: Double, _ y0: Double, _ y1: Double) -> SourceWord { SourceWord(text: t, x0: x0, y0: y0, x1: x1, y1: y1, page: 1) }
        let words = [w("Lena", 72, 120, 58.3, 79.2), w("Exemple", 126, 205, 58.3, 79.2),
                     w("Facture", 429, 465, 58.7, 69.7), w("N°", 467, 480, 58.7, 69.7), w("2026-07", 482, 530, 58.7, 69.7),
                     w("Date", 447, 470, 69.9, 81), w(":", 473, 476, 69.9, 81), w("29/12/2026", 479, 530, 69.9, 81),
                     w("Graphiste", 72, 120, 79.7, 90.7), w("Modèle", 300, 340, 120, 131), w("SARL", 344, 370, 120, 131),
                     w("Total", 72, 100, 200, 211), w("120,00", 300, 330, 200, 211), w("€", 332, 338, 200, 211)]
        let r = FieldExtractor(schema: .invoice).extract(text: DocumentText(words: words))
        #expect(r.value("vendor_name") == "Lena Exemple", "\(String(describing: r.value("vendor_name")))")
    }

    @Test("An IBAN in a footer cell under its label, wrapped to the cell's left edge; not run into the next cell's word")
    func ibanInAFooterCell() {
        // Made-up: four footer columns; the IBAN's last two digits wrap under "IBAN:", the tax number's label follows it.
        let r = Self.extract("""
            Beispiel GmbH
            Rechnung Nr. 2026-311 vom 04.05.2026
            Gesamtbetrag                                   119,00 EUR
            Beispiel GmbH         Tel.: 0123 45678        IBAN: DE51 4444 5555 6666 7777     Steuer-Nr.:
            Hauptstraße 1         info@beispiel.de        88                                 12/345/67890
            """)
        #expect(r.value("vendor_iban") == "DE51444455556666777788", "\(String(describing: r.value("vendor_iban")))")
        let joined = Self.extract("""
            Beispiel GmbH
            Rechnung Nr. 2026-311 vom 04.05.2026
            Gesamtbetrag                                   119,00 EUR
            Beispiel GmbH   IBAN: DE51 4444 5555 6666 7777 88 Steuer-Nr.: 12/345/67890
            """)
        #expect(joined.value("vendor_iban") == "DE51444455556666777788", "\(String(describing: joined.value("vendor_iban")))")
    }

    @Test("A scan's buyer heading without its accent ('Kaufer') still puts the VAT id under it in the buyer's block")
    func buyerHeadingWithoutAccent() {
        // Made-up: an e-invoice viewer's sections, the buyer's first.
        let r = FieldExtractor(schema: .invoice).extract(text: DocumentText.scanned([
            "Rechnung", "Rechnungsnummer: RE-2026-118", "Rechnungsdatum: 04.05.2026",
            "Kaufer", "Name: Kundenfirma Beispiel OHG", "Umsatzsteuer-ID: DE474184044",
            "Verkaufer", "Name: Werkstatt Beispiel GmbH", "Umsatzsteuer-ID: DE626018158",
            "Gesamtbetrag einschließlich Umsatzsteuer: 1.190,00 €",
        ]))
        #expect(r.value("vendor_vat_id") == "DE626018158", "\(String(describing: r.value("vendor_vat_id")))")
    }

    @Test("A phone number's groups are no date; a date with spaces needs its four-digit year")
    func phoneNumberIsNoDate() {
        #expect(Dates.find(in: "Tél. 04 30 40 32 96", order: .dmy).isEmpty)
        #expect(Dates.find(in: "Datum 20 11 2025", order: .dmy).map(\.value.iso) == ["2025-11-20"])
        #expect(Dates.find(in: "20.11.25", order: .dmy).map(\.value.iso) == ["2025-11-20"])
    }

    @Test("A heading row with the buyer's address beside it; a table border glued to a number is not part of it")
    func headingRowWithTheBuyerBeside() {
        // Made-up: the number, date, customer code and due date as column headings (two of them wrapped),
        // the buyer's address to the right taking the lines in between, the values below.
        let r = Self.extract("""
            Atelier Exemple SAS
            12 rue des Lilas                                                           FACTURE
            75011 Paris
            N°        Date          Code         Échéance                Modèle Distribution SAS
            facture                 client                               4 place de la Gare
            |296979   15/11/2026    C80509       29/11/2026 |
            Total TTC                                                    1 200,00 €
            """)
        #expect(r.value("invoice_number") == "296979", "\(String(describing: r.value("invoice_number")))")
        #expect(r.value("issue_date") == "2026-11-15", "\(String(describing: r.value("issue_date")))")
    }

    @Test("The seller's VAT id in a footer with the seller's name, though the column holds the 'Billed to' block higher up")
    func sellersVATIDInAFooterUnderTheBuyersColumn() {
        // Made-up: a short invoice, so the footer is within the buyer block's reach in its column.
        let r = Self.extract("""
            Atelier Exemple SAS                                    INVOICE
            12 rue des Lilas                                       Invoice number: INV-2026-0042
            Billed to
            Modèle Distribution SAS
            4 place de la Gare
            VAT: FR28987968641
            Total (incl. VAT)                                      €1,200.00
            Atelier Exemple SAS · SIRET 75973529314085 · VAT FR92759735293
            """)
        #expect(r.value("vendor_vat_id") == "FR92759735293", "\(String(describing: r.value("vendor_vat_id")))")
    }

    @Test("A letterhead in the largest type outranks a company line in the recipient's window below it")
    func letterheadOverTheRecipientsCompany() {
        // Made-up: a small business without a legal form, the customer a company.
        func w(_ t: String, _ x0: Double, _ y: Double, _ size: Double) -> SourceWord { SourceWord(text: t, x0: x0, y0: y, x1: x0 + Double(t.count) * size * 0.55, y1: y + size, page: 1) }
        var words: [SourceWord] = []
        var x0 = 72.0
        for t in ["Fotostudio", "Lena", "Beispiel"] { words.append(w(t, x0, 50, 18)); x0 += Double(t.count) * 18 * 0.55 + 6 }
        for (row, line) in [["Bahnhofstr.", "75", "·", "88035", "Musterstadt"], ["Kundenfirma", "Beispiel", "OHG"], ["Hauptstraße", "47"],
                            ["Rechnung", "238/2026"], ["Gesamtbetrag:", "119,00", "€"]].enumerated() {
            var x = 72.0
            for t in line { words.append(w(t, x, 80 + Double(row) * 14, 10)); x += Double(t.count) * 5.5 + 5 }
        }
        words.append(w("Vielen", 72, 700, 10))   // the page goes on: the blocks above are at its top
        let r = FieldExtractor(schema: .invoice).extract(text: DocumentText(words: words))
        #expect(r.value("vendor_name") == "Fotostudio Lena Beispiel", "\(String(describing: r.value("vendor_name")))")
    }

    @Test("Dutch: labels to the right, € amounts with dots and commas, BTW id and IBAN checked")
    func dutch() {
        let r = Self.extract("""
            Bakkerij de Molen B.V.
            Dorpsstraat 12, 3512 AB Utrecht
            FACTUUR
            Factuurnummer: 2026-0311
            Factuurdatum: 3 maart 2026          Vervaldatum: 2 april 2026
            Omschrijving                         Bedrag
            Broodjes vergadering                 € 1.020,30
            Subtotaal                            € 1.020,30
            BTW 21%                              € 214,26
            Totaal incl. BTW                     € 1.234,56
            BTW-nummer: NL004495445B01    IBAN: NL91 ABNA 0417 1643 00
            """)
        #expect(r.value("invoice_number") == "2026-0311")
        #expect(r.value("issue_date") == "2026-03-03")
        #expect(r.value("due_date") == "2026-04-02")
        #expect(r.value("net_total") == 1020.3 && r.value("tax_total") == 214.26 && r.value("total") == 1234.56)
        #expect(r.value("currency") == "EUR")
        #expect(r.value("vendor_vat_id") == "NL004495445B01")
        #expect(r.value("vendor_iban") == "NL91ABNA0417164300")
        #expect(r.value("vendor_name") == "Bakkerij de Molen B.V.")
        #expect(r.value("tax_rates") == 21)
        #expect(r.fields["total"]?.checks.contains { $0.name == "totals" && $0.passed } == true)
        #expect(r.missing.isEmpty)
        #expect(r.confidence >= 0.85, "every check passed: \(r.confidence)")
    }

    @Test("a tax line's base after 'auf'/'sur' is not its amount; 'Endsumme' and 'Nettosumme' are labels; messages print cents")
    func taxBaseAndMoreLabels() {
        let de = Self.extract("""
            Beispiel Werkstatt GmbH
            Rechnung Nr. 2026-118                      Datum: 04.05.2026
            Nettosumme                                 400,00 €
            USt. 19,00% auf 400,00 €                    76,00 €
            Endsumme                                   476,00 €
            """)
        #expect(de.value("net_total") == 400 && de.value("tax_total") == 76 && de.value("total") == 476)
        #expect(de.fields["total"]?.checks.contains { $0.name == "totals" && $0.passed } == true)
        let fr = Self.extract("""
            Atelier Exemple SARL
            Facture n° F-77                            Date : 04/05/2026
            Montant hors taxes                         100,00 €
            TVA 20 % sur 100,00                        20,00 €
            Total à payer                              120,00 €
            """)
        #expect(fr.value("net_total") == 100 && fr.value("tax_total") == 20 && fr.value("total") == 120)
        // A failed sum prints the amounts as written, not a binary double's digits.
        let off = Self.extract("""
            Beispiel Werkstatt GmbH
            Rechnung Nr. 2026-119                      Datum: 04.05.2026
            Nettosumme                                 4,99 €
            USt. 19%                                   0,95 €
            Endsumme                                   6,01 €
            """)
        let reason = off.fields["total"]?.checks.first { $0.name == "totals" }?.reason ?? ""
        #expect(reason.contains("net 4.99 + tax 0.95 = 5.94"), "\(reason)")
        // The candidate itself, before the totals are solved.
        let line = DocumentText(plainText: "USt. 19,00% auf 400,00 €                    76,00 €")
        let lx = LayoutExtractor(schema: .invoice)
        #expect(lx.candidates(in: line, conventions: lx.conventions(of: line))["tax_total"]?.first?.value == .number(76))
        #expect(LayoutExtractor.followsBaseWord("19 % auf €") && LayoutExtractor.followsBaseWord("TVA 20 % sur EUR") && !LayoutExtractor.followsBaseWord("USt. 19 %"))
    }

    @Test("Spanish and Italian labels, NIF and Partita IVA")
    func spanishAndItalian() {
        let es = Self.extract("""
            Suministros Ibéricos S.L.
            Número de factura: F-2026/017
            Fecha de factura: 03/04/2026
            Base imponible 100,00 €
            IVA 21 % 21,00 €
            Total factura 121,00 €
            NIF: ESA28015865
            IBAN ES91 2100 0418 4502 0005 1332
            """)
        #expect(es.value("invoice_number") == "F-2026/017")
        #expect(es.value("issue_date") == "2026-04-03", "day first in Spain")
        #expect(es.value("total") == 121 && es.value("net_total") == 100 && es.value("tax_total") == 21)
        #expect(es.value("vendor_vat_id") == "ESA28015865" && es.fields["vendor_vat_id"]?.checks.first?.passed == true)
        #expect(es.value("vendor_iban") == "ES9121000418450200051332")
        let it = Self.extract("""
            Officine Meccaniche Rossi S.p.A.
            Fattura n. 2026/45
            Data fattura: 15 gennaio 2026
            Imponibile 1.000,00
            IVA 22% 220,00
            Totale documento EUR 1.220,00
            Partita IVA IT00743110157
            """)
        #expect(it.value("invoice_number") == "2026/45")
        #expect(it.value("issue_date") == "2026-01-15")
        #expect(it.value("total") == 1220 && it.value("net_total") == 1000 && it.value("tax_total") == 220)
        #expect(it.value("vendor_vat_id") == "IT00743110157")
        #expect(it.value("currency") == "EUR")
    }

    @Test("payment terms with a discount's date and the net date: the due date is the first term's, as an e-invoice's first payment term gives it")
    func dueDateOfTheFirstTerm() {
        // Made up. Each date after "bis zum" is rated alike; the net date is printed again at the end of its line.
        let r = Self.extract("""
            Brauhaus Technik GmbH
            Rechnung Nr. RE-2026-0815 vom 02.05.2026
            Gesamtbetrag 119,00 EUR
            Zahlungsbedingungen
            Bei Zahlung bis zum 12.05.2026 gewähren wir 2 % Skonto
            Bis zum 01.06.2026 ohne Abzug   01.06.2026
            """)
        #expect(r.value("due_date") == "2026-05-12", "\(String(describing: r.value("due_date")))")
        #expect(r.fields["due_date"]?.alternatives.contains { $0.value == "2026-06-01" } == true)
    }

    @Test("an invoice's sender that took two columns keeps the one with a company form, else the first")
    func senderColumn() {
        // Made up: a sender beside a contact person, as a scan's line joins them.
        #expect(LayoutExtractor.senderColumn("Brauhaus Company   Keller, Anna") == "Brauhaus Company")
        #expect(LayoutExtractor.senderColumn("Keller, Anna   Brauhaus Technik GmbH") == "Brauhaus Technik GmbH")
        #expect(LayoutExtractor.senderColumn("Brauhaus Technik") == "Brauhaus Technik")
    }

    @Test("the sender under 'From:' beside the addressee under 'To:' ends where the 'To:' column starts")
    func senderBesideAddressee() {
        // Made up: two blocks side by side under their headings, each heading over its column.
        let r = Self.extract("""
            INVOICE R/00417
            Mar 02, 2026
            From:                 To:
            Brauhaus Company      Keller, Anna
            Hafenstraße 4         Lindenweg 9
            20457 Hamburg         80331 München
            Total: 119.00 EUR
            """)
        #expect(r.value("vendor_name") == "Brauhaus Company", "\(String(describing: r.value("vendor_name")))")
    }

    @Test("values below their labels in a table row, read by column")
    func belowLabels() {
        let r = Self.extract("""
            Northwind Office Supplies Ltd
            INVOICE
            Invoice No        Invoice Date        Due Date          PO Number
            A-7781            05/03/2026          04/04/2026        PO-55
            Net 50.00 GBP
            VAT 20 %: 10.00 GBP
            Total due: 60.00 GBP
            VAT ID: GB100000034
            """)
        #expect(r.value("invoice_number") == "A-7781")
        #expect(r.value("issue_date") == "2026-03-05")
        #expect(r.value("due_date") == "2026-04-04")
        #expect(r.value("purchase_order") == "PO-55")
        #expect(r.fields["invoice_number"]?.strategy == "layout")
        #expect(r.fields["invoice_number"]?.words.map(\.text) == ["A-7781"])
        #expect(r.value("total") == 60 && r.value("currency") == "GBP")
    }

    @Test("a longer label wins over the shorter one inside it: 'Total HT' is the net, 'Total TTC' the total")
    func longestLabel() {
        let r = Self.extract("""
            Papeterie Lumière SARL
            FACTURE
            N° de facture : FA-2026-00126
            Date : 14/02/2026
            Total HT : 1 000,00 €
            TVA 20 % : 200,00 €
            Total TTC : 1 200,00 €
            N° TVA : FR40303265045
            """)
        #expect(r.value("net_total") == 1000)
        #expect(r.value("total") == 1200)
        #expect(r.value("tax_total") == 200)
        #expect(r.value("invoice_number") == "FA-2026-00126")
    }

    @Test("net, tax and total are chosen together where the sum checks out")
    func reconcile() {
        // Two totals are printed: the one that adds up wins and the other is kept as an alternative.
        let r = Self.extract("""
            Contoso Cloud Services Inc
            Invoice No: 4711
            Date: 03/01/2026
            Subtotal: 100.00 USD
            Tax: 8.00 USD
            Total: 180.00 USD
            Invoice total: 108.00 USD
            """)
        #expect(r.value("total") == 108)
        #expect(r.fields["total"]?.alternatives.contains { $0.value == 180 } == true)
        #expect(r.fields["total"]?.checks.contains { $0.name == "totals" && $0.passed } == true)
    }

    @Test("a failed check halves the confidence and says why; the item goes to review")
    func failedChecks() {
        let r = Self.extract("""
            Brauhaus Technik GmbH
            Rechnungsnummer: RE-2026-00113
            Datum: 01.02.2026
            Netto: 100,00 EUR
            MwSt 19 %: 19,00 EUR
            Gesamtbetrag: 129,00 EUR
            USt-IdNr.: DE273184656
            IBAN: DE60432500437302118842
            """)
        let iban = r.fields["vendor_iban"]
        #expect(iban?.checks.first?.passed == false)
        #expect((iban?.confidence ?? 1) < 0.5)
        #expect(r.fields["vendor_vat_id"]?.checks.first?.reason.contains("check digit") == true)
        #expect(r.fields["total"]?.checks.contains { !$0.passed && $0.reason.contains("129") } == true)
        let reasons = Fields.reviewReasons(r, policies: ["confidence_threshold": 0.85])
        #expect(reasons.contains { $0.hasPrefix("vendor_iban:") })
        #expect(reasons.contains { $0.hasPrefix("total:") })
        #expect(reasons.contains { $0.hasPrefix("confidence") })
    }

    @Test("policies: a large total and a missing required field send the item to review")
    func policies() {
        let big = Self.extract("Northwind Office Supplies Ltd\nInvoice No: INV-1\nDate: 03/01/2026\nNet: 20,000.00 GBP\nVAT 20 %: 4,000.00 GBP\nTotal: 24,000.00 GBP")
        #expect(Fields.reviewReasons(big, policies: ["review_above_amount": 10000]).contains { $0.contains("above the review limit") })
        #expect(Fields.reviewReasons(big, policies: ["review_above_amount": 100000]).isEmpty, "\(Fields.reviewReasons(big, policies: [:]))")
        let partial = Self.extract("Northwind Office Supplies Ltd\nDate: 03/01/2026\nTotal: 24.00 GBP")
        #expect(partial.missing == ["invoice_number"])
        #expect(partial.confidence == 0)
        #expect(Fields.reviewReasons(partial, policies: [:]).first == "missing: invoice_number")
    }

    @Test("OCR word confidence bounds the field's confidence")
    func ocrConfidence() {
        func doc(_ conf: Double, twice: Bool = true) -> DocumentText {
            DocumentText.scanned(["Northwind Office Supplies Ltd", "Invoice No: INV-1", "Date: 03/01/2026", "Total: 24.00 GBP"] + (twice ? ["Amount due: 24.00"] : []),
                                 confidence: { $0 == "24.00" ? conf : 0.97 })
        }
        let sure = FieldExtractor(schema: .invoice).extract(text: doc(0.96)).fields["total"]?.confidence ?? 0
        let unsure = FieldExtractor(schema: .invoice).extract(text: doc(0.30)).fields["total"]?.confidence ?? 1
        #expect(sure > unsure + 0.15, "sure \(sure), unsure \(unsure)")
        #expect(unsure < 0.7)
        // A total read by OCR that nothing confirms (no sum, no second printing) stays under the default threshold, however sure.
        let once = FieldExtractor(schema: .invoice).extract(text: doc(0.96, twice: false)).fields["total"]
        #expect(once?.confidence == FieldExtractor.unverifiedOCRCap)
        #expect(sure > FieldExtractor.unverifiedOCRCap)
        #expect(DocumentText(words: []).meanOCRConfidence == nil)
    }

    @Test("the only currency printed, which the vendor's country uses, is sure enough to go straight through; another country's is less sure")
    func homeCurrency() {
        func invoice(_ iban: String, _ currency: String) -> FieldExtractor.Result {
            Self.extract("""
                Beispiel Werkzeuge GmbH
                Rechnungsnummer: RE-2026-17
                Rechnungsdatum: 03.11.2026
                Nettobetrag 100,00 \(currency)
                Gesamtbetrag 119,00 \(currency)
                IBAN: \(iban)
                """)
        }
        let home = invoice("DE40 7002 0270 0012 3456 78", "EUR")
        #expect(home.value("currency") == "EUR" && (home.fields["currency"]?.confidence ?? 0) >= 0.9, "\(String(describing: home.fields["currency"]))")
        let foreign = invoice("DE40 7002 0270 0012 3456 78", "CHF")
        #expect(foreign.value("currency") == "CHF" && (foreign.fields["currency"]?.confidence ?? 1) < (home.fields["currency"]?.confidence ?? 0),
                "\(String(describing: foreign.fields["currency"]))")
    }

    @Test("the buyer's VAT id next to the buyer label loses to the vendor's")
    func buyerVAT() {
        let r = Self.extract("""
            Papeterie Lumière SARL
            Bill to: Brauhaus Technik GmbH DE273184654
            Invoice No: FA-1
            Date: 01/02/2026
            Total: 12,00 EUR
            N° TVA : FR40303265045
            """)
        #expect(r.value("vendor_vat_id") == "FR40303265045")
        #expect(r.value("vendor_name") == "Papeterie Lumière SARL")
    }

    @Test("receipts: merchant, date, total and currency")
    func receipt() {
        let r = Self.extract("""
            Boulangerie du Port
            8 quai Saint-Pierre
            13002 Marseille
            REÇU
            Date: 17/09/2026
            Café et viennoiseries   8,40
            Total: 9,24 EUR
            """, .receipt)
        #expect(r.value("merchant") == "Boulangerie du Port")
        #expect(r.value("date") == "2026-09-17")
        #expect(r.value("total") == 9.24 && r.value("currency") == "EUR")
        #expect(r.value("merchant_address") == "8 quai Saint-Pierre, 13002 Marseille")
        #expect(FieldSchema.guess(text: DocumentText(plainText: "Boulangerie du Port\nREÇU\nTotal 9,24")) == "receipt")
        #expect(FieldSchema.guess(text: DocumentText(plainText: "Brauhaus\nGUTSCHRIFT\nGutschriftsnummer: GS-1")) == "credit_note")
        #expect(FieldSchema.guess(text: DocumentText(plainText: "Brauhaus\nRECHNUNG\nRechnungsnummer: RE-1")) == "invoice")
        // A credit note's word in a sentence is not its title ("savoir" holds "avoir").
        #expect(FieldSchema.guess(text: DocumentText(plainText: "Atelier Exemple\nFACTURE N° 12\nPour en savoir plus, contactez-nous")) == "invoice")
        #expect(FieldSchema.guess(text: DocumentText(plainText: "Brauhaus\nRECHNUNG 5\nDie Gutschrift erfolgt auf Ihr Konto")) == "invoice")
    }

    @Test("the sender line over the address window names the vendor ('Name Inc. · street · town'); a labelled delivery address does not")
    func senderLine() {
        // Made-up names and places.
        let r = Self.extract("""
            Northwind Parts Inc. · 12 Harbour Street · AB1 2CD Leeds
            Contoso Buyer
            Jane Doe
            10 Park Avenue
            Invoice Number: INV-77
            Gross Total Amount €160.65
            """)
        #expect(r.value("vendor_name") == "Northwind Parts Inc.", "\(String(describing: r.value("vendor_name")))")
        #expect(LayoutExtractor.senderLineName("Muster GmbH | Weg 2 | 12345 Ort") == "Muster GmbH")
        #expect(LayoutExtractor.senderLineName("Lieferadresse: Lager AG | Feldweg 3 | 12345 Ort") == nil, "a delivery address, labelled")
        #expect(LayoutExtractor.senderLineName("Produkte · Service · Beratung") == nil, "no company form, no address")
    }

    @Test("an identifier after another label between ('facture   GLN : 3654…') is that label's, not the invoice number")
    func identifierAfterAnotherLabel() {
        // Made-up: the invoice number is under the title; the GLN line names the invoice on its left.
        let r = Self.extract("""
            ATELIER EXEMPLE                                   FACTURE
                                                              F-2026-0099
            Références sur la facture GLN : 3012345678901
            Total TTC 120,00 EUR
            """)
        #expect(r.value("invoice_number") == "F-2026-0099", "\(String(describing: r.value("invoice_number")))")
        #expect(r.fields["invoice_number"]?.alternatives.contains { $0.note.contains("after another label") } == true)
    }

    @Test("a bare 'Date' label with words before its value names another date (delivery, service period), not the issue date")
    func qualifiedDateLabels() {
        // Made-up: the delivery date and the service period repeat one date three times below the invoice's own.
        let r = Self.extract("""
            ATELIER EXEMPLE
            FACTURE N° : F-0044
            Date : 15/03/2026
            DATE DE LIVRAISON : 02/03/2026
            DATE DE DEBUT DE PRESTATION : 02/03/2026
            Période du 02/03/2026 au 31/03/2026
            Total TTC 120,00 EUR
            """)
        #expect(r.value("issue_date") == "2026-03-15", "\(String(describing: r.value("issue_date")))")
    }

    @Test("receipts: a total OCR cut a digit from ('43.0' for 43.60) is what the subtotal, tax and rounding above it add up to")
    func receiptTruncatedTotal() {
        // Made-up receipt: 41.13 + 2.47 + 0.00 = 43.60, read as "43.0".
        let r = Self.extract("""
            KEDAI CONTOH SDN BHD
            Date: 09/04/2019
            NASI LEMAK 2 10.50 21.00
            TEH TARIK 3 6.71 20.13
            Total Qty 5 41.13
            Total GST 2.47
            Rounding 0.00
            Total Sales (Inclusive of GST) 43.0
            """, .receipt)
        #expect(r.value("total") == 43.6, "\(String(describing: r.value("total")))")
        #expect(r.fields["total"]?.note.contains("cut a digit") == true)
        // Totals read as printed: two decimals (nothing to mend, even where amounts above add up to something
        // close), and a receipt that prints one decimal everywhere, whatever its amounts add up to.
        for (lines, total) in [(["Total Qty 5 41.13", "Total GST 2.47", "Total Sales (Inclusive of GST) 43.00"], 43.0),
                               (["Total Qty 5 41.0", "Total GST 2.5", "Total Sales (Inclusive of GST) 43.5"], 43.5)] {
            let r = Self.extract((["KEDAI CONTOH SDN BHD"] + lines).joined(separator: "\n"), .receipt)
            #expect(r.value("total") == .number(total), "\(lines)")
        }
    }

    @Test("receipts: a tax summary's total line under the receipt's total is the tax's sum, not a later total")
    func receiptTaxSummaryTotal() {
        // Made-up receipt: the summary's "TOTAL" sums the tax (0.74) below the receipt's total (13.10).
        let r = Self.extract("""
            KEDAI UBAT CONTOH SDN BHD
            Date: 02/05/2019
            PLASTER 1 12.36 12.36
            SUB-TOTAL (GST) 12.36
            GST 0.74
            TOTAL 13.10
            CASH 20.00
            CHANGE 6.90
            GST SUMMARY
            CODE AMOUNT % TAX
            SR 12.36 6 0.74
            TOTAL 0.74
            """, .receipt)
        #expect(r.value("total") == 13.1, "\(String(describing: r.value("total")))")
        // Without a summary heading, the last total line is still the total (a receipt that prints its total twice).
        let twice = Self.extract("KEDAI CONTOH\nTOTAL 9.90\nTHANK YOU\nTOTAL 9.90\n", .receipt)
        #expect(twice.value("total") == 9.9)
    }

    @Test("receipts: OCR's misreadings of a total line mended from the receipt's own arithmetic")
    func receiptMendedTotals() {
        // Made-up receipts. A decimal point read apart from its digits ("250 .00").
        let split = Self.extract("KEDAI CONTOH\nSUBTOTAL 235.85\nGST (6%) 14.15\nIOTAL AMOUNT DUE   250 .00\n", .receipt)
        #expect(split.value("total") == 250, "\(String(describing: split.value("total")))")
        // A digit dropped from a two-decimal total (35.80 read as 5.80): the cash given minus the change says it.
        let dropped = Self.extract("""
            KEDAI CONTOH
            TOTAL ITEM 2
            TOTAL PAYABLE AMOUNT   5.80
            CASH   50.00
            CHANGE   14.20
            """, .receipt)
        #expect(dropped.value("total") == 35.8, "\(String(describing: dropped.value("total")))")
        #expect(dropped.fields["total"]?.note.contains("dropped a digit") == true)
        // ... but a total the cash and change agree with, or whose digits are not the paid amount's, stays as printed.
        let plain = Self.extract("KEDAI CONTOH\nTOTAL PAYABLE 5.80\nCASH 50.00\nCHANGE 44.20\n", .receipt)
        #expect(plain.value("total") == 5.8)
        let other = Self.extract("KEDAI CONTOH\nTOTAL PAYABLE 7.10\nCASH 50.00\nCHANGE 14.20\n", .receipt)
        #expect(other.value("total") == 7.1)
        // Two rate totals above a final total it dropped a digit from (60.24 read as 6.24).
        let supplies = Self.extract("""
            KEDAI CONTOH
            Total 0% supplies: 17.89
            Total 6% supplies (excl. GST): 39.96
            Total 6% supplies (incl. GST): 42.35
            Total Payable: 6.24
            """, .receipt)
        #expect(supplies.value("total") == 60.24, "\(String(describing: supplies.value("total")))")
        // A dollar sign read as an 8 ("88.20" for $8.20) on a receipt that prints its amounts with "$".
        let dollar = Self.extract("""
            KEDAI CONTOH
            Vege   $5.50
            Pork   $2.70
            Total Amount: $8.20
            Nett Total: 88.20
            """, .receipt)
        #expect(dollar.value("total") == 8.2, "\(String(describing: dollar.value("total")))")
        // Without dollar signs, an 88.20 is 88.20, whatever 8.20 is printed above it.
        let eighty = Self.extract("KEDAI CONTOH\nSubtotal 8.20\nDelivery 80.00\nNett Total: 88.20\n", .receipt)
        #expect(eighty.value("total") == 88.2, "\(String(describing: eighty.value("total")))")
        let signs = Self.extract("KEDAI CONTOH\nSubtotal $8.20\nDelivery $80.00\nNett Total: 88.20\n", .receipt)
        #expect(signs.value("total") == 88.2, "a subtotal is no total line: \(String(describing: signs.value("total")))")
        // One digit misread (53.20 as 55.20): the cash given minus the change says what was paid.
        let misread = Self.extract("KEDAI CONTOH\nTotal Incl. GST@6% RM 55.20\nCASH RM 100.20\nCHANGE RM 47.00\n", .receipt)
        #expect(misread.value("total") == 53.2, "\(String(describing: misread.value("total")))")
        #expect(misread.fields["total"]?.note.contains("misread") == true)
        // ... but not where cash rounding explains the difference (72.93 paid as 72.95), nor where two total lines
        // print the same amount (then the cash or the change is what OCR misread).
        let rounded = Self.extract("KEDAI CONTOH\nTotal: 72.93\nCASH 73.00\nCHANGE DUE 0.05\n", .receipt)
        #expect(rounded.value("total") == 72.93)
        let twice = Self.extract("KEDAI CONTOH\nTakeout Total (incl GST) 18.90\nTotal Rounded 18.90\nCash Tendered 50.09\nChange 31.10\n", .receipt)
        #expect(twice.value("total") == 18.9)
        // "Total" misread by one letter ("Tatal"), or lost ("(Inclusive of GST) : …"), still labels the total; a
        // total printed after the cash and the change (a tax table's) does not win over it.
        let tatal = Self.extract("""
            KEDAI CONTOH
            Total Sales (Excluding GST) : 31.03
            Total GST : 1.65
            Tatal Sales (Inclusive of GST) : 32.70
            CASH : 40.00
            Change : 7.30
            Tax Code % Amt Tax
            Total : 31.03 1.65
            """, .receipt)
        #expect(tatal.value("total") == 32.7, "\(String(describing: tatal.value("total")))")
        let lost = Self.extract("""
            KEDAI CONTOH
            Total Sales (Excluding GST) : 565.50
            GST : 33.93
            (Inclusive of GST) : 599.45
            CASH : 599.45
            Change : 0.00
            Tax Code % Amt Tax
            Total : 565.50 33.93
            """, .receipt)
        #expect(lost.value("total") == 599.45, "\(String(describing: lost.value("total")))")
    }

    @Test("receipts: a date printed as a date wins over figures in a phone number and over a year mended from a misread digit")
    func receiptDateOverPhoneFigures() {
        // Made-up: the phone numbers' "5 04-2155" reads as a date (year 2155, mended to 2055) before the real one.
        let r = Self.extract("""
            KEDAI BUKU CONTOH
            Tel: 04-2150 3318 5 04-2155 6071
            10:12 am, 9 April, 2019
            TOTAL 12.50
            """, .receipt)
        #expect(r.value("date") == "2019-04-09", "\(String(describing: r.value("date")))")
        let line = "Tel 3318 5 04-2155 6071"
        let phone = try! #require(Dates.find(in: line).first)
        #expect(!Dates.isPlain(phone.value, in: line, at: phone.range), "a year mended from 2155 and figures between figures")
        let printed = "Date: 09/04/19 10:12"
        let plain = try! #require(Dates.find(in: printed).first)
        #expect(Dates.isPlain(plain.value, in: printed, at: plain.range))
    }

    @Test("receipts: cash given minus change names the total over a misread total line or an item count; a name a scan spaced out stays whole")
    func receiptPaidAndSpacedName() {
        // Made-up receipt in the shape of a scanned one: the OCR read "TOTAL 7.0" for 27.40 and the count line says "Total Qty".
        let r = Self.extract("""
            KOPI   KOPI   TRADING   CO
            (000000-A)
            12 JALAN CONTOH, 40000 SHAH ALAM
            Total Qty: 3.00
            SUB TOTAL (Inc GST)      27.40
            TOTAL                     7.0
            CASH                     50.00
            CHANGE                   22.60
            """, .receipt)
        #expect(r.value("total") == 27.4, "\(String(describing: r.value("total")))")
        #expect(r.fields["total"]?.note.contains("cash given minus the change") == true)
        #expect(r.value("merchant") == "KOPI KOPI TRADING CO", "\(String(describing: r.value("merchant")))")
        // A cash line and the tendered amount on the next line ("Cash" / "Paid: 20.00").
        let split = Self.extract("""
            KEDAI CONTOH
            Total Items: 2
            Total Due (GST inc):   12.30
            Cash
            Paid:   20.00
            Change:   7.70
            """, .receipt)
        #expect(split.value("total") == 12.3, "\(String(describing: split.value("total")))")
    }

    @Test("receipts: the shop's name over the company that owns it ('Owned by: …'); a name's word OCR misread once is read as the page prints it twice")
    func receiptOwnerAndAgreedSpelling() {
        // Made-up receipts. The owner on the same line as its phrase, and on the line after it.
        for owner in ["OWNED BY: CONTOH HOLDINGS SDN BHD", "Owned By:\nCONTOH HOLDINGS SDN BHD"] {
            let r = Self.extract("""
                KEDAI BUKU PELANGI
                NO. 1, JALAN CONTOH 2, 40000 SHAH ALAM
                \(owner)
                Date: 01/02/2026
                TOTAL 12.30
                """, .receipt)
            #expect(r.value("merchant") == "KEDAI BUKU PELANGI", "\(owner): \(String(describing: r.value("merchant")))")
        }
        // A company under the receipt's title is a customer's: the shop above the title is the merchant. Nor is a
        // company under "Bill To", though a receipt has no buyer field.
        for between in ["SIMPLIFIED TAX INVOICE", "Bill To"] {
            let r = Self.extract("""
                KEDAI BUKU PELANGI
                NO. 1, JALAN CONTOH 2, 40000 SHAH ALAM
                \(between)
                CONTOH ENGINEERING (M) SDN BHD
                Date: 01/02/2026
                TOTAL 12.30
                """, .receipt)
            #expect(r.value("merchant") == "KEDAI BUKU PELANGI", "\(between): \(String(describing: r.value("merchant")))")
        }
        // A name over three lines, a lone mark between two of them; a country or a misread title line is no name;
        // a registration number misread at its start is cut off.
        let threeLines = Self.extract("""
            AIK CONTOH HARDWARE
            ENTERPRISE (BUKIT
            |
            INDAH) SDN BHD (iu/1234-P)
            NO. 1, JALAN CONTOH 2, 40000 SHAH ALAM
            MALAYSIA
            Tak INVOICE
            Date: 01/02/2026
            PAKU 2 INCI   4.10
            SKRU 1 INCI   8.20
            TOTAL 12.30
            CASH 20.00
            CHANGE 7.70
            TERIMA KASIH
            """, .receipt)
        #expect(threeLines.value("merchant") == "AIK CONTOH HARDWARE ENTERPRISE (BUKIT INDAH) SDN BHD", "\(String(describing: threeLines.value("merchant")))")
        #expect(LayoutExtractor.looksLikeName("MALAYSIA") == false && LayoutExtractor.looksLikeName("Tak INVOICE") == false)
        #expect(LayoutExtractor.looksLikeName("MALAYSIA AIRLINES") && LayoutExtractor.looksLikeName("Invoice Ninja Ltd"))
        #expect(LayoutExtractor.cleanName("FOUR CONTOH SDN BHD (iu/5369-P)") == "FOUR CONTOH SDN BHD")
        #expect(LayoutExtractor.cleanName("Beispiel GmbH [ea") == "Beispiel GmbH" && LayoutExtractor.cleanName("Beispiel AG ii") == "Beispiel AG")
        #expect(LayoutExtractor.cleanName("Beispiel GmbH Nord") == "Beispiel GmbH Nord" && LayoutExtractor.cleanName("Bar [ea") == "Bar [ea")
        #expect(LayoutExtractor.cleanName("KEDAI CONTOH SDN BHD QWERTY-U") == "KEDAI CONTOH SDN BHD")
        #expect(LayoutExtractor.cleanName("KEDAI CONTOH SDN BHD") == "KEDAI CONTOH SDN BHD" && LayoutExtractor.cleanName("CONTOH de la MER") == "CONTOH de la MER")
        // A time written with dots after its label is not a date ("Time. 11.14.00" is no 14 November 2000).
        let timed = Self.extract("""
            KEDAI CONTOH
            Doc No CS0001 Date 0502l2026
            Cashier USER Time. 11.14.00
            TOTAL 12.30
            """, .receipt)
        #expect(timed.value("date") == nil, "\(String(describing: timed.value("date")))")
        #expect(LayoutExtractor.afterTimeLabel("Zeit: ") && LayoutExtractor.afterTimeLabel("Time.") && !LayoutExtractor.afterTimeLabel("Timetable 3 of "))
        // With nothing else to name the shop, the owner is named, without the phrase.
        let only = Self.extract("""
            NO. 1, JALAN CONTOH 2, 40000 SHAH ALAM
            OWNED BY: CONTOH HOLDINGS SDN BHD
            Date: 01/02/2026
            TOTAL 12.30
            """, .receipt)
        #expect(only.value("merchant") == "CONTOH HOLDINGS SDN BHD", "\(String(describing: only.value("merchant")))")
        // OCR read the logo's "PELANGI" as "PELANGO"; the page prints "PELANGI" twice in plain type.
        let misread = ["KEDAI BUKU PELANGO", "NO. 1, JALAN CONTOH 2", "PELANGI TRADING SDN BHD (000000-X)", "Date: 01/02/2026", "TOTAL 12.30", "Thank you, www.pelangi.example"]
        #expect(FieldExtractor(schema: .receipt).extract(text: DocumentText.scanned(misread)).fields["merchant"]?.value == .string("KEDAI BUKU PELANGI"))
        // Printed once each, neither reading outvotes the other.
        #expect(FieldExtractor(schema: .receipt).extract(text: DocumentText.scanned(Array(misread.dropLast()))).fields["merchant"]?.value == .string("KEDAI BUKU PELANGO"))
    }

    @Test("a scan's marks: a dash lower than its line's words does not cut the line in two; a logo OCR read with little confidence is not a name")
    func scanMarksAndLogoNoise() {
        // Made-up: "KEDAI CONTOH SDN BHD -" where OCR put the dash 2 points above the words' middle and the
        // form's box a little higher than the others (the order that once made "BHD -" a line of its own).
        var words = [("KEDAI", 10.0, 100.4), ("CONTOH", 52, 100.3), ("SDN", 101, 100.2), ("BHD", 129, 99.9)].map { t, x, y in
            SourceWord(text: t, x0: x, y0: y, x1: x + Double(t.count) * 7, y1: y + 13, confidence: 0.95, page: 1)
        }
        words.append(SourceWord(text: "-", x0: 157, y0: 104.5, x1: 161, y1: 105, confidence: 0.7, page: 1))
        // A lone dot far out in the margin stays apart (a row of marks alone is then no row at all).
        words.append(SourceWord(text: ".", x0: 400, y0: 105, x1: 401, y1: 106, confidence: 0.3, page: 1))
        let text = DocumentText(words: words)
        #expect(text.lines.map(\.text) == ["KEDAI CONTOH SDN BHD -"], "\(text.lines.map(\.text))")
        // A logo's noise in large type over the letterhead's company name.
        var page: [SourceWord] = [SourceWord(text: "Wher", x0: 400, y0: 20, x1: 430, y1: 36, confidence: 0.55, page: 1)]
        for (row, line) in ["Contoso Consulting Ltd.", "1 Example Street, London", "Invoice No: INV-7", "Date: 03/01/2026", "Total: 24.00 GBP"].enumerated() {
            var x = 40.0
            for w in line.split(separator: " ") {
                page.append(SourceWord(text: String(w), x0: x, y0: 60 + Double(row) * 14, x1: x + Double(w.count) * 5, y1: 68 + Double(row) * 14, confidence: 0.96, page: 1))
                x += Double(w.count) * 5 + 5
            }
        }
        #expect(FieldExtractor(schema: .invoice).extract(text: DocumentText(words: page)).fields["vendor_name"]?.value == .string("Contoso Consulting Ltd."))
        // Read with confidence, the large line at the top is the letterhead's name.
        page[0].text = "Northwind"; page[0].confidence = 0.95
        #expect(FieldExtractor(schema: .invoice).extract(text: DocumentText(words: page)).fields["vendor_name"]?.value == .string("Northwind"))
        // Unless it is a brand whose legal name, with its form, the page prints too: that is the seller's name.
        page[0].text = "Contoso"
        #expect(FieldExtractor(schema: .invoice).extract(text: DocumentText(words: page)).fields["vendor_name"]?.value == .string("Contoso Consulting Ltd."))
    }

    @Test("a speck of noise a little above a line does not cut the line in two; a block further along the same level stays apart")
    func noiseAboveALine() {
        // Made-up: "NORTHWIND TEA ROOM SDN BHD", 10 high; OCR read a speck "e" far to the right whose middle
        // is 3.6 above the words' (it opened the band that took "NORTHWIND" and left the rest a row below).
        var words = [("NORTHWIND", 40.0, 237.4), ("TEA", 118, 237.8), ("ROOM", 146, 237.6), ("SDN", 185, 237.6), ("BHD", 214, 237.4)].map { t, x, y in
            SourceWord(text: t, x0: x, y0: y, x1: x + Double(t.count) * 8, y1: y + 10, confidence: 0.9, page: 1)
        }
        words[0].y1 = 247.68
        words.append(SourceWord(text: "e", x0: 500, y0: 233.8, x1: 504, y1: 244.1, confidence: 0.4, page: 1))
        #expect(DocumentText(words: words).lines.map(\.text) == ["NORTHWIND TEA ROOM SDN BHD   e"], "\(DocumentText(words: words).lines.map(\.text))")
        // The sender's line at the left and the sender's name again far to the right, a little lower: two lines.
        let letterhead = [("Example", 56.0, 115.2, 5.7), ("GmbH", 90, 115.2, 5.7), ("|", 112, 115.2, 5.7), ("Street", 116, 115.2, 4.7), ("42", 146, 115.2, 4.3),
                          ("Example", 389, 115.6, 7.2), ("GmbH", 425, 115.6, 7.2)].map { t, x, y, h in
            SourceWord(text: t, x0: x, y0: y, x1: x + Double(t.count) * 4.5, y1: y + h, confidence: 0.9, page: 1)
        }
        #expect(DocumentText(words: letterhead).lines.count == 2, "\(DocumentText(words: letterhead).lines.map(\.text))")
    }

    @Test("a scan turned by 1.5°: a label at the left margin and its amount at the right one are one line")
    func skewedScanLines() {
        // Made-up page: ten lines of 8-point words (four close together, the amount far right), each line
        // falling 2.6 points per 100 (1.5°), 12 points apart.
        let slope = tan(1.5 * Double.pi / 180)
        var words: [SourceWord] = []
        for row in 0..<10 {
            let texts = row == 6 ? ["Bruttosumme", "in", "EUR", "incl.", "1.234,50"] : ["Position", "\(row)", "Menge", "Stück", "\(row + 1),00"]
            for (k, t) in texts.enumerated() {
                let x0 = k == 4 ? 470 : 60 + Double(k) * 50, y = 100 + Double(row) * 12 + slope * x0
                words.append(SourceWord(text: t, x0: x0, y0: y, x1: x0 + 42, y1: y + 8, confidence: 0.9, page: 1))
            }
        }
        let text = DocumentText(words: words)
        #expect(text.lines.count == 10, "\(text.lines.map(\.text))")
        #expect(text.lines.contains { $0.text.hasPrefix("Bruttosumme") && $0.text.hasSuffix("1.234,50") })
        #expect(abs(DocumentText.skew(words) - slope) < 0.002)
        // Upright words (and born-digital ones, which have no confidence) are grouped as before.
        #expect(DocumentText.skew(words.map { var w = $0; let d = slope * w.x0; w.y0 -= d; w.y1 -= d; return w }) == 0)
    }

    @Test("a receipt's amounts as OCR reads them: a currency run into the amount ('RM12.30') and an amount cut after its point ('12. 30')")
    func gluedCurrencyAndCutAmounts() {
        // Made-up receipt lines; each word 6 points a character, 10 high, one character apart.
        let glued = FieldExtractor(schema: .receipt).extract(text: DocumentText.scanned(["KEDAI CONTOH", "Date: 01/02/2026", "SUBTOTAL RM11.60", "TOTAL RM12.30", "CASH RM20.00"]))
        #expect(glued.fields["total"]?.value == .number(12.3), "\(String(describing: glued.fields["total"]))")
        let cut = DocumentText.scanned(["TOTAL RM12. 30"])
        #expect(cut.lines.first?.words.map(\.text) == ["TOTAL", "RM", "12.30"])
        // (OCR reads a till's "RM" as "RN" or "RH" too.)
        #expect(DocumentText.scanned(["SUBTOTAL RN43. 40"]).lines.first?.words.map(\.text) == ["SUBTOTAL", "RN", "43.40"])
        // Pieces far apart are two words; born-digital words (no confidence) are left as they are.
        #expect(DocumentText.scanned(["TOTAL 12. 30"], gap: 30).lines.first?.words.map(\.text) == ["TOTAL", "12.", "30"])
        #expect(DocumentText(plainText: "TOTAL 12. 30").lines.first?.words.map(\.text) == ["TOTAL", "12.", "30"])
        // A word that only starts with letters is not cut ("ORDER12.5" is not a currency), nor a code without a point.
        #expect(DocumentText.scanned(["ORDER12.5 EUR2026"]).lines.first?.words.map(\.text) == ["ORDER12.5", "EUR2026"])
    }

    @Test("contact lines, section headings and a team's signature are not names; a company with such a word is")
    func notNames() {
        for t in ["EMAIL : info@example.com", "Tel. +49 30 1234567", "www.example.com", "Daten der E-Rechnung", "Nos références   Vos identifiants",
                  "Informationen zum Käufer", "Your Service Team", "Ihr Kundenservice"] {
            #expect(!LayoutExtractor.looksLikeName(t), "\(t)")
        }
        for t in ["Daten Service GmbH", "Beispiel Handel AG", "Our Daily Bread"] { #expect(LayoutExtractor.looksLikeName(t), "\(t)") }
    }

    @Test("a digit OCR read for a letter inside a word of capitals is the letter; numbers and edge digits stay")
    func letterRepair() {
        #expect(LayoutExtractor.repairLetters("MR K.1.T. (M) SDN BHD") == "MR K.I.T. (M) SDN BHD")
        #expect(LayoutExtractor.repairLetters("C0MPANY STORE") == "COMPANY STORE")
        // A yen sign for a Y between dots (a receipt's "D.I.¥.", made-up shop); a price in yen stays.
        #expect(LayoutExtractor.repairLetters("MR. K.I.¥.(AMPANG) SDN BHD") == "MR. K.I.Y.(AMPANG) SDN BHD")
        for t in ["A1 AUTOS", "¥1,200", "TOTAL ¥",  "77 QUICK MART", "3M CENTRE", "Bäckerei 1a", "(123456-X)", "B2B TRADING"] { #expect(LayoutExtractor.repairLetters(t) == t, "\(t)") }
    }

    @Test("a trade's word in capitals with one letter OCR read as its look-alike is the word; real words and mixed case stay")
    func tradeWordRepair() {
        // Made-up shops. An M read as an H, an I as a T, an E as an F.
        #expect(LayoutExtractor.repairBusinessWords("77 QUICK HART S/B") == "77 QUICK MART S/B")
        #expect(LayoutExtractor.repairBusinessWords("CONTOH BAKERTES (JB) SDN BHD") == "CONTOH BAKERIES (JB) SDN BHD")
        #expect(LayoutExtractor.repairBusinessWords("MAJU HARDWARF, SDN BHD") == "MAJU HARDWARE, SDN BHD")
        #expect(LayoutExtractor.cleanName("KEDAI CONTOH (H) SDN BHD") == "KEDAI CONTOH (M) SDN BHD")
        #expect(LayoutExtractor.cleanName("JAYA SUPERHARKET SDN BHD") == "JAYA SUPERMARKET SDN BHD")
        // An H split in two ("BIID"), a "(" read as a T: still the form. (Made-up bakery.)
        #expect(LayoutExtractor.cleanName("CONTOH BAKERIES TJB) SDN BIID") == "CONTOH BAKERIES (JB) SDN BHD")
        #expect(LayoutExtractor.repairForms("SDN. BLID") == "SDN. BHD")
        #expect(LayoutExtractor.cleanName("HR. K.I.T. (M) SDN BHD") == "MR. K.I.T. (M) SDN BHD")
        #expect(LayoutExtractor.cleanName("HR SOLUTIONS SDN BHD") == "HR SOLUTIONS SDN BHD")
        // A speck read as a small word inside a name in capitals goes; a particle written small stays.
        #expect(LayoutExtractor.cleanName("CONTOH COFFEE os & TEA (M) SDN. BHD.") == "CONTOH COFFEE & TEA (M) SDN. BHD.")
        #expect(LayoutExtractor.cleanName("CAFE de PARIS SARL") == "CAFE de PARIS SARL")
        // (A particle at the name's end joins nothing: a speck read as "a" beside a shop's sign.)
        #expect(LayoutExtractor.cleanName("CONTOH PIZZA   a") == "CONTOH PIZZA")
        #expect(LayoutExtractor.cleanName("Flavours Of Ihe Contoh Sdn Bhd") == "Flavours Of The Contoh Sdn Bhd")
        // Words a name may hold one look-alike from a trade's ("HALL" / "MALL", "MINT" / "MINI"), short words, mixed case,
        // a word two letters off, and a word one letter off that is no look-alike ("MARK" is not "MART").
        for t in ["CITY HALL CAFE", "MINT KITCHEN", "HR BLOCK", "Speed Hart GmbH", "SUPER HORT", "MARK & CO", "(H) HOLDINGS"] {
            #expect(LayoutExtractor.repairBusinessWords(LayoutExtractor.repairForms(t)) == t, "\(t)")
        }
    }

    @Test("a receipt's name whose last word a scan spaced off into a column of its own ('CONTOH HARDWARE   SUPPLY') is one name")
    func aBusinessWordSpacedOffIsPartOfTheName() {
        var words: [SourceWord] = []
        func line(_ row: Int, _ parts: [(String, Double)]) {
            for (t, x) in parts {
                words.append(SourceWord(text: t, x0: x, y0: Double(row) * 14, x1: x + Double(t.count) * 6, y1: Double(row) * 14 + 10, confidence: 0.9, page: 1))
            }
        }
        line(0, [("KEDAI", 20), ("CONTOH", 60), ("HARDWARE", 106), ("SUPPLY", 230)])
        line(1, [("NO.", 20), ("1,", 44), ("JALAN", 62), ("CONTOH,", 98), ("40000", 146), ("SHAH", 182), ("ALAM", 212)])
        line(2, [("Date:", 20), ("04/05/2026", 56)])
        line(3, [("TOTAL", 20), ("12.30", 230)])
        let r = FieldExtractor(schema: .receipt).extract(text: DocumentText(words: words))
        #expect(r.value("merchant") == .string("KEDAI CONTOH HARDWARE SUPPLY"))
    }

    @Test("an OCR word as tall as two lines joins the line it was read with, not the one its middle is nearer")
    func tallWordFollowsReadingOrder() {
        func w(_ t: String, _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> SourceWord {
            SourceWord(text: t, x0: x0, y0: y0, x1: x1, y1: y1, confidence: 0.9, page: 1)
        }
        // A made-up receipt's header, in the order OCR read it. "MAJU)" took in a speck below it: 11 points tall among
        // words of 5.5, its middle nearer the registration number's line under it than its own.
        let words = [
            w("KEDAI", 18, 48.2, 35.5, 53.8), w("CONTOH", 42, 48.5, 65.5, 54), w("HARDWARE", 72, 48.7, 119, 54.5),
            w("ENTERPRISE", 18, 54.2, 77.5, 60), w("(TAMAN", 85, 55, 119.3, 61.4),
            w("MAJU)", 30, 60.5, 60, 71.8), w("SDN", 66.2, 60.7, 83.3, 66.2), w("BHD", 89.8, 61, 107.3, 66.2),
            w("12345-K", 60, 66.7, 80.6, 72),
            w("NO.", 28, 72.5, 36.5, 77.8), w("1,", 40.5, 72.5, 45, 77.8), w("JALAN", 58.3, 72.5, 73.2, 78), w("CONTOH", 76, 72.7, 90.7, 78),
        ]
        let lines = DocumentText(words: words).lines.map(\.text)
        #expect(lines.contains("MAJU) SDN BHD"), "\(lines)")
        #expect(lines.contains("12345-K"), "\(lines)")
        #expect(lines.contains("ENTERPRISE (TAMAN"), "\(lines)")
    }

    @Test("line items under a table header, up to the totals")
    func lineItems() {
        let r = Self.extract("""
            Harbour Hosting Ltd
            Invoice No: HH-1
            Date: 01/02/2026
            Description                 Qty      Price      Amount
            Web hosting                   1      19.90       19.90
            Domain renewal               12       1.20       14.40
            Net: 34.30 GBP
            VAT 20 %: 6.86 GBP
            Total: 41.16 GBP
            """)
        let items = r.value("line_items")?.arrayValue ?? []
        #expect(items.count == 2)
        #expect(items.first?["description"] == "Web hosting" && items.first?["amount"] == 19.9)
        #expect(items.last?["quantity"] == 12 && items.last?["unit_price"] == 1.2)
        #expect(r.fields["line_items"]?.checks.first?.passed == true)
    }

    @Test("business keys: the same vendor, number and total give the same key, whatever the spacing or case")
    func businessKey() {
        let a = Self.extract("Brauhaus Technik GmbH\nRechnungsnummer: RE-2026-00113\nDatum: 01.02.2026\nGesamtbetrag: 129,00 EUR\nUSt-IdNr.: DE273184654")
        let b = Self.extract("Brauhaus Technik GmbH\nRechnungsnummer: re-2026-00113\nDatum: 01.02.2026\nGesamtbetrag: 129,00 €\nUSt-IdNr.: DE 273 184 654")
        #expect(a.businessKey != nil && a.businessKey == b.businessKey, "\(a.output(reviewReasons: []).json.jsonString())")
        let c = Self.extract("Brauhaus Technik GmbH\nRechnungsnummer: RE-2026-00113\nDatum: 01.02.2026\nGesamtbetrag: 130,00 EUR\nUSt-IdNr.: DE273184654")
        #expect(c.businessKey != a.businessKey)
    }

    @Test("an invoice number OCR read right against the next word goes to a person: the page may print it longer (underscores lost)")
    func identifierRunningOn() {
        // Made-up: the page prints "Invoice No: AB7_20260412_X"; OCR lost the underscores and read three words whose boxes touch.
        func scan(gap: Double) -> DocumentText {
            var words: [SourceWord] = []
            var x = 10.0
            for t in ["Invoice", "No:"] {
                words.append(SourceWord(text: t, x0: x, y0: 40, x1: x + Double(t.count) * 6, y1: 50, confidence: 0.95, page: 1)); x += Double(t.count) * 6 + 6
            }
            for t in ["AB7", "20260412", "X"] {
                words.append(SourceWord(text: t, x0: x, y0: 40, x1: x + Double(t.count) * 6, y1: 50, confidence: 0.93, page: 1)); x += Double(t.count) * 6 + gap
            }
            var y = 70.0
            for line in ["Date: 12.04.2026", "Total 119,00 EUR"] {
                x = 10
                for t in line.split(separator: " ") {
                    words.append(SourceWord(text: String(t), x0: x, y0: y, x1: x + Double(t.count) * 6, y1: y + 10, confidence: 0.95, page: 1)); x += Double(t.count) * 6 + 6
                }
                y += 20
            }
            return DocumentText(words: words)
        }
        let touching = FieldExtractor(schema: .invoice).extract(text: scan(gap: 0)).fields["invoice_number"]
        #expect(touching?.value == "AB7")
        #expect(touching?.checks.contains { $0.name == "whole_word" && !$0.passed } == true, "\(String(describing: touching?.checks))")
        #expect((touching?.confidence ?? 1) < 0.5)
        // A space between: the number ends where it seems to.
        let spaced = FieldExtractor(schema: .invoice).extract(text: scan(gap: 6)).fields["invoice_number"]
        #expect(spaced?.checks.contains { $0.name == "whole_word" } == false, "\(String(describing: spaced?.checks))")
    }

    @Test("a receipt's unrounded total above a rounding line OCR could not read is doubted; above 'Rounding 0.00' it is not")
    func roundingLineNotRead() {
        // Made-up receipts: a total not a multiple of 0.05, then the rounding line (its amount misread, or zero on a card payment).
        func receipt(_ rounding: String) -> FieldExtractor.Result {
            Self.extract("""
                KEDAI CONTOH SDN BHD
                Date: 01/02/2026
                Bread                         RM 12.40
                Tea                           RM 15.03
                Total (Incl GST)              RM 27.43
                Rounding                      \(rounding)
                Thank you
                """, .receipt)
        }
        let unread = receipt("RMO .O2").fields["total"]
        #expect(unread?.value == 27.43)
        #expect(unread?.checks.contains { $0.name == "rule_doubt" && !$0.passed } == true, "\(String(describing: unread?.checks))")
        let zero = receipt("RM 0.00").fields["total"]
        #expect(zero?.value == 27.43)
        #expect(zero?.checks.contains { $0.name == "rule_doubt" } == false, "\(String(describing: zero?.checks))")
        // Read, the rounding makes the total what was paid.
        #expect(receipt("RM 0.02").fields["total"]?.value == 27.45)
    }

    @Test("a logo OCR read as two capitals over a seller's name is not the name's first part: its box is several times taller")
    func logoOverAName() {
        // Made-up: a drawing read as "QX" (40 points tall) right above "Nordwerk Bau GmbH" in 7-point type.
        func scan(logoHeight: Double) -> DocumentText {
            var words = [SourceWord(text: "QX", x0: 450, y0: 80, x1: 520, y1: 80 + logoHeight, confidence: 0.81, page: 1)]
            var x = 450.0
            for t in ["Nordwerk", "Bau", "GmbH"] {
                words.append(SourceWord(text: t, x0: x, y0: 125, x1: x + Double(t.count) * 5, y1: 132, confidence: 0.96, page: 1)); x += Double(t.count) * 5 + 4
            }
            var y = 160.0
            for line in ["Rechnung Nr. 2026-114", "Datum: 12.03.2026", "Gesamtbetrag 119,00 EUR"] {
                x = 60
                for t in line.split(separator: " ") {
                    words.append(SourceWord(text: String(t), x0: x, y0: y, x1: x + Double(t.count) * 5, y1: y + 7, confidence: 0.96, page: 1)); x += Double(t.count) * 5 + 4
                }
                y += 20
            }
            return DocumentText(words: words)
        }
        #expect(FieldExtractor(schema: .invoice).extract(text: scan(logoHeight: 40)).value("vendor_name") == "Nordwerk Bau GmbH")
        // Letters of the name's own size above it are its first part, as before.
        #expect(FieldExtractor(schema: .invoice).extract(text: scan(logoHeight: 7)).value("vendor_name") == "QX Nordwerk Bau GmbH")
    }

    @Test("a booking's or receipt's number is the document's number where no invoice number is printed, and below one that is")
    func documentNumberUnderAnotherName() {
        // Made-up: a guest house's payment receipt with its booking id under a column heading.
        let receipt = Self.extract("""
            PAYMENT RECEIPT
            Guest: A. Example                                   Date: 14/03/2026
            Stay                                  Booking ID        Payment
            Garden Room                           QX7741K           Card
            Total                                                   EUR 180.00
            """)
        #expect(receipt.value("invoice_number") == "QX7741K", "\(String(describing: receipt.value("invoice_number")))")
        // Both printed: the invoice number's own label wins.
        let invoice = Self.extract("""
            Invoice No: 2026-0318
            Booking reference: QX7741K
            Date: 14/03/2026
            Total                                                   EUR 180.00
            """)
        #expect(invoice.value("invoice_number") == "2026-0318", "\(String(describing: invoice.value("invoice_number")))")
    }
}

@Suite("Cross-check with a bot's capture")
struct CaptureCheckTests {
    static let text = """
        Brauhaus Technik GmbH
        RECHNUNG
        Rechnungsnummer: RE-2026-0815
        Datum: 03.04.2026
        Gesamtbetrag: 1.161,85 EUR
        """

    func extract() -> FieldExtractor.Result {
        FieldExtractor(schema: .invoice, today: CalendarDate(year: 2026, month: 6, day: 1)!).extract(text: DocumentText(plainText: Self.text))
    }

    @Test func agreementRaisesConfidenceAndDisagreementIsAFailedCheck() throws {
        var agreed = extract()
        let before = try #require(agreed.fields["total"]?.confidence)
        agreed.crossCheck(captured: ["total": "1161.85", "invoice_number": "re-2026-0815", "vendor_name": "Brauhaus  Technik GmbH"])
        let total = try #require(agreed.fields["total"])
        #expect(total.confidence > before)
        #expect(total.checks.contains { $0.name == "capture" && $0.passed })
        #expect(agreed.fields["invoice_number"]?.checks.contains { $0.name == "capture" && $0.passed } == true)
        #expect(agreed.fields["vendor_name"]?.checks.contains { $0.name == "capture" && $0.passed } == true)

        var disagreed = extract()
        disagreed.crossCheck(captured: ["total": 1116.85])
        let wrong = try #require(disagreed.fields["total"])
        #expect(wrong.confidence < before)
        #expect(wrong.checks.contains { $0.name == "capture" && !$0.passed && $0.reason.contains("1116.85") })
        #expect(Fields.reviewReasons(disagreed, policies: [:]).contains { $0.hasPrefix("total: the bot read") })
        // A field the bot did not see, or the screenshot lacks, is left alone.
        var partial = extract()
        partial.crossCheck(captured: ["due_date": "2026-05-01"])
        #expect(partial.fields["due_date"] == nil)
        #expect(partial.fields["total"]?.confidence == before)
    }
}

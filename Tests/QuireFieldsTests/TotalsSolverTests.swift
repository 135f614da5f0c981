import Foundation
import QuireCore
import Testing
@testable import QuireFields

/// Totals chosen together over the whole document, and the document's own number and date in its
/// title line. The texts are made up here, in the shapes real invoices print.
@Suite("Totals over the whole document, title lines")
struct TotalsSolverTests {
    @Test("A totals table whose labels also name allowances and prepayments: the triple that adds up wins")
    func totalsTableWithDistractors() {
        let r = LayoutTests.extract("""
            Kraftwerk Beispiel GmbH
            Rechnung Nr. 80-1127 vom 14.03.2026
            Pos  Beschreibung                Menge   Einzelpreis      Betrag
            1    Wartung Pumpe                  3        410,00      1.230,00
            2    Anfahrt                        1         90,00         90,00
            Belegsummen
            Positionssumme                                           1.320,00
            Gesamtbetrag der Zuschläge                                   0,00
            Gesamtbetrag der Abschläge                                   0,00
            Rechnungssumme ohne USt.                                 1.320,00
            Steuerbetrag                                               250,80
            Bruttosumme                                              1.570,80
            Erhaltene Anzahlungen                                        0,00
            Zahlbetrag                                               1.570,80
            """)
        #expect(r.value("net_total") == 1320 && r.value("tax_total") == 250.8 && r.value("total") == 1570.8,
                "\(String(describing: r.value("net_total"))) \(String(describing: r.value("tax_total"))) \(String(describing: r.value("total")))")
        #expect(r.value("invoice_number") == "80-1127")
        #expect(r.value("issue_date") == "2026-03-14")
    }

    @Test("The net in parts (items and shipping), each taxed on a line of its own, with no sum printed: net and tax are the parts' sums")
    func netInPartsEachTaxed() {
        let r = LayoutTests.extract("""
            Beispiel Versand GmbH
            Rechnung RE-2207 vom 03.02.2026
            Pos  Bezeichnung          Menge   Preis     Gesamt
            1    Ablagebox A4          2,00   61,25     122,50
            2    Etiketten 500 Stk.    1,00   38,00      38,00
            Warenwert netto                           160,50 €
            Fracht netto                                5,90 €
            Warenwert USt. 19,00% auf 160,50 €         30,50 €
            Fracht USt. 19,00% auf 5,90 €               1,12 €
            Endsumme                                  198,02 €
            """)
        #expect(r.value("net_total") == 166.4 && r.value("tax_total") == 31.62 && r.value("total") == 198.02,
                "\(String(describing: r.fields["net_total"])) \(String(describing: r.value("tax_total"))) \(String(describing: r.value("total")))")
        #expect(r.fields["net_total"]?.note.contains("net lines") == true)
        // The items add up to their own part of the net, not to the net: still rows that add up.
        #expect(r.fields["line_items"]?.checks.contains { $0.name == "line_items" && $0.passed } == true, "\(String(describing: r.fields["line_items"]?.checks))")
    }

    @Test("A recap table by rate with a 0 % row between the taxed ones, no tax total printed: the tax is the rows' sum")
    func recapWithAZeroRateRow() {
        let r = LayoutTests.extract("""
            Beispiel Conseil SARL
            Facture n° 2026-311 du 12/03/2026
            Détail TVA                   Code   Taux      Base TVA    Montant TVA
                                         S      20,00%       15,00           3,00
            Débours                      E       0,00%       40,00           0,00
                                         S      10,00%       32,00           3,20
            TOTAL HT                                          87,00
            TOTAL TTC                                         93,20
            """)
        #expect(r.value("net_total") == 87 && r.value("tax_total") == 6.2 && r.value("total") == 93.2,
                "\(String(describing: r.value("net_total"))) \(String(describing: r.fields["tax_total"])) \(String(describing: r.value("total")))")
    }

    @Test("No tax (a small business): the total is the net and the labelled zero is the tax")
    func zeroTax() {
        let r = LayoutTests.extract("""
            Atelier Lumen
            Invoice No. 2026/044 dated 2 May 2026
            Design work                                  640.00
            Net amount                                   640.00
            VAT 0%                                         0.00
            Total due                                    640.00
            """)
        #expect(r.value("net_total") == 640 && r.value("tax_total") == 0 && r.value("total") == 640)
        #expect(r.value("invoice_number") == "2026/044")
        #expect(r.value("issue_date") == "2026-05-02")
    }

    @Test("A tax summary row (base, tax, total in order) under a header too far left to label its amounts; product names with 'net' are no labels")
    func taxSummaryRow() {
        let r = LayoutTests.extract("""
            Example Trading BV
            INVOICE 2026-0415
            Item:                     Price:   Qty:  Subtotal:  VAT:     Total:
            Badminton net             12.00       2      24.00   21.00      29.04
            Garden hose               30.00       1      30.00   21.00      36.30
            TAX:   %       Base amount:                                               Tax amount:   Total:                Curr.:
            VAT    21.00                                              54.00                  11.34              65.34 EUR
            """)
        #expect(r.value("net_total") == 54 && r.value("tax_total") == 11.34 && r.value("total") == 65.34,
                "\(String(describing: r.value("net_total"))) \(String(describing: r.value("tax_total"))) \(String(describing: r.value("total")))")
    }

    @Test("A tax summary with two rates and an unlabelled row that sums them: the sum row is net, tax and total")
    func mixedRateSummaryRow() {
        let r = LayoutTests.extract("""
            Example Trading BV
            INVOICE 2026-0416
            Item:                     Price:   Qty:  Subtotal:  VAT:     Total:
            Rain jacket              250.00       1     250.00   19.00     297.50
            Map of the coast          20.00       2      40.00    7.00      42.80
            TAX:   %       Base amount:   Tax amount:   Total:     Curr.:
            VAT     7.00        40.00          2.80       42.80    EUR
            VAT    19.00       250.00         47.50      297.50    EUR
                               290.00         50.30      340.30    EUR
            """)
        #expect(r.value("net_total") == 290 && r.value("tax_total") == 50.3 && r.value("total") == 340.3,
                "\(String(describing: r.value("net_total"))) \(String(describing: r.value("tax_total"))) \(String(describing: r.value("total")))")
    }

    @Test("A stated exemption (a small business, reverse charge) and no tax amount: the tax is zero and the total is the net")
    func statedExemption() {
        let r = LayoutTests.extract("""
            Studio Beispiel
            Rechnung Nr. 2026-17 vom 03.03.2026
            Pos  Leistung                      Betrag
            1    Fotografie Halbtag            380,00 €
                 Gesamtbetrag                  380,00 €
            Gemäß § 19 UStG wird keine Umsatzsteuer berechnet.
            Zahlungsziel: 17.03.2026
            """)
        #expect(r.value("due_date") == "2026-03-17", "'Zahlungsziel' labels the due date")
        #expect(r.value("net_total") == 380 && r.value("tax_total") == 0 && r.value("total") == 380,
                "\(String(describing: r.value("net_total"))) \(String(describing: r.value("tax_total"))) \(String(describing: r.value("total")))")
        #expect(r.fields["tax_total"]?.note.contains("no VAT charged") == true)
    }

    @Test("Net and tax that are a four-row recap table's sums, the net's heading misread: the triple is taken over the items' nets")
    func recapSumsConfirmANetWithoutItsLabel() {
        // Made-up: OCR read "TOTAL HT" as "TOTAL ar", so nothing labels the net; each item prints its own "(Net)" amount.
        let r = LayoutTests.extract("""
            Beispiel Conseil SARL
            Facture n° 2026-412 du 20/04/2026
            Maintenance annuelle                 (Net): 45,00
            Déplacement                          (Net): 18,00
            Détail TVA                   Code   Taux      Base TVA    Montant TVA
                                         S      20,00%       25,00           5,00
            Débours                      E       0,00%       45,00           0,00
                                         S      10,00%       18,00           1,80
            Livraison intracommunautaire K       0,00%        4,00           0,00
                                                                       TOTAL ar    TOTAL TVA   TOTAL TTC
            Pénalités de retard : trois fois le taux d'intérêt légal.   92,00        6,80       98,80
            """)
        #expect(r.value("net_total") == 92 && r.value("tax_total") == 6.8 && r.value("total") == 98.8,
                "\(String(describing: r.fields["net_total"])) \(String(describing: r.fields["tax_total"])) \(String(describing: r.value("total")))")
        #expect((r.fields["net_total"]?.confidence ?? 0) >= 0.85, "\(String(describing: r.fields["net_total"]))")
    }

    @Test("The tax's figures lost to OCR ('ALT'): a labelled net and total that differ by the printed rate's tax give it, computed and for review")
    func taxLostToOCRIsTheDifferenceAtThePrintedRate() {
        // Made-up: the tax cell of the summary row came back as letters.
        let r = LayoutTests.extract("""
            Beispiel Leasing GmbH
            Rechnungsnummer:   4400918273       Rechnungsdatum: 01.10.2026
            Nettobetrag   (zzgl. 19,00% MwSt.)                     250,00
            Gesamtbeträge        Netto EUR     MwSt. EUR     Brutto EUR
            19,00% MwSt.:           250,00        ALT          297,50
            Summe gesamt                                        297,50
            """)
        #expect(r.value("net_total") == 250 && r.value("tax_total") == 47.5 && r.value("total") == 297.5,
                "\(String(describing: r.fields["net_total"])) \(String(describing: r.fields["tax_total"])) \(String(describing: r.value("total")))")
        // Not printed: a person confirms it.
        #expect(r.fields["tax_total"]?.checks.contains { $0.name == "rule_doubt" && !$0.passed } == true, "\(String(describing: r.fields["tax_total"]))")
        // A difference that is no printed rate's tax is not taken for one.
        let other = LayoutTests.extract("""
            Beispiel Leasing GmbH
            Rechnungsnummer:   4400918273       Rechnungsdatum: 01.10.2026
            Nettobetrag   (zzgl. 19,00% MwSt.)                     250,00
            Summe gesamt                                        301,00
            """)
        #expect(other.value("tax_total") != 51, "\(String(describing: other.fields["tax_total"]))")
    }

    @Test("Totals under column headings beside a legal sentence, mixed rates with one exempt row, and 'NET A PAYER' as the amount due")
    func frenchTotalsRowBesideALegalMention() {
        // Made-up, in the shape French invoices print: the legal mention about discounts ("escompte") shares
        // the line of the totals, the VAT breakdown has an exempt row that names an exemption, and the
        // amount to pay is written without its accent.
        let r = LayoutTests.extract("""
            ATELIER EXEMPLE SARL                                         FACTURE N° : F-0107
                                                                         Date : 12/02/2026
            Prestation conseil                                  200,00    20,00%
            Fournitures                                          50,00    10,00%
            Livraison                                            10,00     0,00%
            Détail TVA                                  Code   Taux      Base TVA    Montant TVA
                                                        S      20,00%      200,00        40,00
                                                        S      10,00%       50,00         5,00
            LIVRAISON INTRACOMMUNAUTAIRE                K       0,00%       10,00         0,00
                                                                                               TOTAL HT   TOTAL TVA   TOTAL TTC
            Les règlements reçus avant la date d'échéance ne donneront pas lieu à escompte.    260,00       45,00      305,00
            Date d'échéance : 14/03/2026                      NET A PAYER          305,00 EUR
            """)
        #expect(r.value("net_total") == 260 && r.value("tax_total") == 45 && r.value("total") == 305,
                "\(String(describing: r.value("net_total"))) \(String(describing: r.value("tax_total"))) \(String(describing: r.value("total")))")
        #expect(r.value("amount_due") == 305)
        #expect(r.value("due_date") == "2026-03-14")
    }

    @Test("The totals' headings lost (as OCR loses them): the amount due stands in for the total")
    func amountDueStandsInForTheTotal() {
        let r = LayoutTests.extract("""
            ATELIER EXEMPLE SARL                                         FACTURE N° : F-0108
                                                                         Date : 12/02/2026
            Détail TVA                                  Code   Taux      Base TVA    Montant TVA
                                                        S      20,00%      200,00        40,00
                                                        S      10,00%       50,00         5,00
            LIVRAISON INTRACOMMUNAUTAIRE                K       0,00%       10,00         0,00
                                                                                               Vx Lrmo   Qa ee   ZUW
            Les règlements reçus avant la date d'échéance ne donneront pas lieu à escompte.    260,00       45,00      305,00
            Date d'échéance : 14/03/2026                      NET A PAYER          305,00 EUR
            """)
        #expect(r.value("total") == 305 && r.value("amount_due") == 305, "\(String(describing: r.value("total")))")
        #expect(r.fields["total"]?.note.contains("amount due") == true, "\(String(describing: r.fields["total"]?.note))")
    }

    @Test("A corrective invoice printed with negative amounts: an amount due nearer zero than the total passes, one beyond it fails")
    func negativeAmountDue() {
        func text(due: String) -> String {
            """
            ATELIER EXEMPLE SARL                                         FACTURE N° : F-0215
                                                                         Date : 20/03/2026
            Remboursement prestation                                   -80,00
                                                                                  TOTAL HT   TOTAL TVA   TOTAL TTC
                                                                                   -80,00       0,00      -80,00
            Montant déjà payé :   -15,00
            Date d'échéance : 20/04/2026                      NET A PAYER          \(due) EUR
            """
        }
        let settled = LayoutTests.extract(text(due: "-65,00"))
        #expect(settled.value("total") == -80 && settled.value("amount_due") == -65)
        #expect(settled.fields["amount_due"]?.checks.allSatisfy(\.passed) == true, "\(String(describing: settled.fields["amount_due"]?.checks))")
        let beyond = LayoutTests.extract(text(due: "-95,00"))
        #expect(beyond.value("amount_due") == -95)
        #expect(beyond.fields["amount_due"]?.checks.contains { !$0.passed && $0.name == "amount_due" } == true)
    }

    @Test("A tax-free invoice whose tax is a bare '0' after its label: net and total are the same sum and the tax is zero")
    func bareZeroTax() {
        let r = LayoutTests.extract("""
            Solartechnik Beispiel GmbH
            Rechnung Nr. 2026-88 vom 10.02.2026
            Pos   Beschreibung                 Menge    Nettobetrag
            1     Modul                        2 Stk         410,00
            2     Montage                      12 Stk      1.512,00
            Umsatzsteueraufschlüsselung
            Umsatzsteuer (Z)        1.922,00      0      0,00
            Belegsummen
            Positionssumme                               1.922,00
            Rechnungssumme ohne USt.                     1.922,00
            Steuerbetrag in EUR                                 0
            Bruttosumme                                  1.922,00
            Zahlbetrag                                   1.922,00
            """)
        #expect(r.value("net_total") == 1922 && r.value("tax_total") == 0 && r.value("total") == 1922,
                "\(String(describing: r.value("net_total"))) \(String(describing: r.value("tax_total"))) \(String(describing: r.value("total")))")
    }

    @Test("The lines' sum before an allowance is not the total, and a rate after a tax label labels no amount")
    func lineTotalAndAllowanceRate() {
        // Made-up, in the shape of a rendered EN 16931 invoice of a small business: the allowance's "(Tax: 0.00%)"
        // and the line total would otherwise add up as net 1,975 + tax 25 = total 2,000.
        let r = LayoutTests.extract("""
            Example Studio · 4 Sample Road · 10115 Berlin
            Invoice Number:   ST-0042
            Invoice Date:   March 3, 2026
            Line Total Amount                                  €2,000.00
            Allowance (Tax: 0.00%): Early booking              - €25.00
            Net Total Amount                                   €1,975.00
            Gross Total Amount                                 €1,975.00
            No VAT is charged: small business under § 19 UStG
            """)
        #expect(r.value("net_total") == 1975 && r.value("tax_total") == 0 && r.value("total") == 1975,
                "\(String(describing: r.value("net_total"))) \(String(describing: r.value("tax_total"))) \(String(describing: r.value("total")))")
    }

    @Test("The seller's VAT id, not the one in the buyer's block far below its heading nor the fiscal representative's")
    func vatIDOfTheSeller() {
        // Made-up French invoice; the ids are valid in form and check digits, and invented here.
        let r = LayoutTests.extract("""
            ATELIER EXEMPLE SARL                                        FACTURE N° : F-0042
            12 rue des Exemples                                         CLIENT :
            69001 LYON                                                  SOCIETE ACHETEUSE
            N° TVA intra : FR 83 404 833 048                            4 avenue du Test
            Représentant fiscal                                         75002 PARIS
              CABINET REPRESENTANT
              N° TVA intra : FR 40 303 265 045
            Nos références                                              Vos identifiants
            Commande : 7781                                             Service : ACHATS
            Contrat : C-12                                              Compte : 4411
            Projet : P-9                                                SIRET : 000 000 000 00000
                                                                        N° TVA : FR 96 552 100 554
            Total HT                                      100,00
            TVA 20 %                                       20,00
            Total TTC                                     120,00
            """)
        #expect(r.value("vendor_vat_id") == "FR83404833048", "\(String(describing: r.value("vendor_vat_id")))")
        let others = r.fields["vendor_vat_id"]?.alternatives ?? []
        for id in ["FR96552100554", "FR40303265045"] {
            #expect(others.first { $0.value == .string(id) }?.note.contains("another party's block") == true, "\(id): \(others.map { "\($0.value) \($0.note)" })")
        }
        // The other ids are other parties': no doubt which is the seller's, so no person is asked for it.
        #expect((r.fields["vendor_vat_id"]?.confidence ?? 0) > 0.8)
        // Two valid ids and nothing that says whose: a person decides.
        let unclear = LayoutTests.extract("""
            ATELIER EXEMPLE SARL                                        FACTURE N° : F-0043
            N° TVA : FR 83 404 833 048
            N° TVA : FR 96 552 100 554
            Total TTC                                     120,00
            """)
        #expect(unclear.fields["vendor_vat_id"].map { $0.confidence <= 0.8 } == true, "\(String(describing: unclear.fields["vendor_vat_id"]?.confidence))")
    }

    @Test("Stacked party blocks under headings of their own ('Verkäufer', 'Käufer/Leistungsempfänger'): the seller's VAT id, not the buyer's")
    func vatIDUnderStackedHeadings() {
        // Made-up, in the shape of a rendered e-invoice: both ids labelled alike, the buyer's block below the seller's.
        let r = LayoutTests.extract("""
            Handelsrechnung (380) Nr. 4711 vom 02.03.2026
            Verkäufer
            Name: Beispiel Technik AG
            Anschrift: Hauptweg 3
            Telefon: 0551 40312
            USt.-Id.-Nr.: DE204817365
            Käufer/Leistungsempfänger
            Name: Kunde Handel GmbH
            Anschrift: Nebenweg 12
            Telefon: +49 30 123456
            E-Mail: einkauf@example.com
            USt.-Id.-Nr.: DE318562047
            Gesamtbetrag 119,00 EUR
            """)
        #expect(r.value("vendor_vat_id") == "DE204817365", "\(String(describing: r.value("vendor_vat_id")))")
        #expect(r.fields["vendor_vat_id"]?.alternatives.first { $0.value == "DE318562047" }?.otherParty == true)
    }

    @Test("The document's number glued to its mark in a title ('Nr.4711'), or alone under the title ('n° 2026-0815')")
    func numberMarks() {
        let glued = LayoutTests.extract("""
            Beispiel Bau GmbH
            Handelsrechnung (380) Nr.58213 vom 12.04.2026
            Nettobetrag 100,00
            USt 19 % 19,00
            Gesamtbetrag 119,00
            """)
        #expect(glued.value("invoice_number") == "58213", "\(String(describing: glued.value("invoice_number")))")
        // Alone under the title; the same on a scan whose OCR read the raised "°" as "?".
        for mark in ["n°", "n?"] {
            let lone = LayoutTests.extract("""
                Hôtel Exemple                                               FACTURE
                                                                            20/04/2026
                                                                            \(mark) 2026-0815
                Chambre, 2 nuits                              180,00
                Taxe de séjour                                 18,00
                Total TTC                                     198,00
                Réglé par carte bancaire
                Merci de votre séjour
                Conditions générales au verso
                12 rue de l'Exemple, 13001 Marseille
                """)
            #expect(lone.value("invoice_number") == "2026-0815", "\(mark): \(String(describing: lone.value("invoice_number")))")
        }
    }

    @Test("A date on a line about another document is not this document's date")
    func associatedInvoiceDate() {
        let r = LayoutTests.extract("""
            Société Exemple SARL
            FACTURE N° : A-7781
            Date : 28/02/2026
            DATE DE FACTURE ASSOCIÉE : 15/01/2026
            Total HT                                    200,00
            TVA 20%                                      40,00
            Total TTC                                   240,00
            """)
        #expect(r.value("issue_date") == "2026-02-28")
        #expect(r.value("invoice_number") == "A-7781")
    }

    @Test("Amounts that add up by chance without labels or a usual rate are not taken over the labels")
    func noEvidenceNoOverride() {
        let solver = LayoutExtractor(schema: .invoice)
        let text = DocumentText(plainText: """
            Item A  13.00
            Item B  7.00
            Item C  20.00
            """)
        let choice = solver.solveTotals(in: text, conventions: solver.conventions(of: text))
        #expect(choice == nil || choice!.labelled < 2, "no labels: \(String(describing: choice?.labelled))")
    }

    @Test("The seller's name: a 'Name:' line under a seller header, and the company part of a sender line")
    func sellerName() {
        let block = LayoutTests.extract("""
            Darstellung der Rechnungsdaten
            Rechnung Nr. 5512 vom 02.02.2026
            Verkäufer
            Name:                  Holzbau Keller AG
            Anschrift:             Am Markt 3
            Käufer
            Name:                  Stadtwerke Beispiel GmbH
            Summe netto            100,00
            USt 19%                 19,00
            Gesamtbetrag           119,00
            """)
        #expect(block.value("vendor_name") == "Holzbau Keller AG")
        let sender = LayoutTests.extract("""
            Keller Werkzeuge GmbH · Talweg 8 · 70173 Stuttgart
            Rechnung Nr. 77 vom 02.02.2026
            Gesamtbetrag           119,00
            """)
        #expect(sender.value("vendor_name") == "Keller Werkzeuge GmbH")
        // The same sender line as OCR reads it from a scan: the dots became dashes.
        let scanned = LayoutTests.extract("""
            Keller Werkzeuge GmbH - Talweg 8 - 70173 Stuttgart
            Rechnung Nr. 77 vom 02.02.2026
            Gesamtbetrag           119,00
            """)
        #expect(scanned.value("vendor_name") == "Keller Werkzeuge GmbH")
    }

    @Test("A letter's dateline is a candidate for the issue date")
    func dateline() {
        let r = LayoutTests.extract("""
            Holzbau Keller AG
            Herrn Beispiel                               Ulm, den 03.04.2026
            Rechnung
            Gesamtbetrag           119,00
            Datum:   01.04.2026   Zeit: 04:59:13   Seite: 1
            """)
        // Over the labelled date of a printout's footer, too.
        #expect(r.value("issue_date") == "2026-04-03", "\(String(describing: r.fields["issue_date"]))")
        #expect(r.fields["issue_date"]?.note.contains("dateline") == true)
    }

    @Test("A number mark under a title line of its own is the document's number; a year in a date written out is no number")
    func numberUnderTheTitle() {
        let r = LayoutTests.extract("""
            FACTURE
            N° FA-2026-0042
            Date : 12/05/2026
            Atelier Exemple SARL
            Prestation                                   100,00
            Total HT 100,00   TVA 20,00   Total TTC 120,00
            """)
        #expect(r.value("invoice_number") == "FA-2026-0042")
        #expect(r.fields["invoice_number"]?.note.contains("under the document's title") == true, "\(String(describing: r.fields["invoice_number"]))")
        let dated = LayoutTests.extract("""
            Invoice 5521
            February 17, 2026
            Harbor Outfitters Ltd
            Total 240.00
            """)
        #expect(dated.value("invoice_number") == "5521")
        #expect(dated.fields["invoice_number"]?.alternatives.contains { $0.value == .string("2026") } == false,
                "\(String(describing: dated.fields["invoice_number"]?.alternatives))")
    }

    @Test("A company form alone on a line names nobody: the sender's name is not put in doubt by it")
    func loneCompanyForm() {
        let r = LayoutTests.extract("""
            Nordwind Flottenservice GmbH   Niederlassung Nord
            Postfach 12 34, 20095 Hamburg
            Kundennr. 4711
            GmbH
            Rechnung Nr. 5521 vom 02.03.2026
            Gesamtbetrag           119,00
            """)
        #expect(r.value("vendor_name") == "Nordwind Flottenservice GmbH")
        #expect(r.fields["vendor_name"]?.alternatives.contains { $0.value == .string("GmbH") } == false)
        #expect((r.fields["vendor_name"]?.confidence ?? 0) >= 0.85)
    }

    @Test("A receipt: the rounded total over the total, the subtotal, the tax, cash and change; a name broken over two lines; the only date")
    func receipt() {
        let r = LayoutTests.extract("""
            KEDAI RUNCIT MAJU JAYA
            SDN BHD
            (CO.REG : 000000-X)
            NO 1, JALAN CONTOH, 50000 KUALA LUMPUR
            RICE 5KG               1 X 21.50   21.50
            COOKING OIL            1 X 9.43     9.43
            SUBTOTAL                          30.93
            TotalGST 0%                        0.00
            TOTAL RM                          30.93
            ROUNDING ADJ                      -0.03
            TOTAL ROUNDED RM                  30.90
            CASH RM                           50.00
            CHANGE RM                         19.10
            07-05-18 10:15  CASHIER 2
            THANK YOU
            """, .receipt)
        #expect(r.value("total") == 30.9, "\(String(describing: r.value("total")))")
        #expect(r.value("merchant") == "KEDAI RUNCIT MAJU JAYA SDN BHD")
        #expect(r.value("date") == "2018-05-07")
        #expect(r.value("currency") == "MYR")
    }

    @Test("Receipts: cash rounding below an unrounded total, the tax 'included in total' is not the total, a count of items is not money, 'SON BHD' read as 'SDN BHD'")
    func receiptRoundingTaxInsideAndCounts() {
        let rounded = LayoutExtractor.cleanName("MAJU JAYA TRADING SON BHO")
        #expect(rounded == "MAJU JAYA TRADING SDN BHD")
        #expect(LayoutExtractor.cleanName("SONG BIRD CAFE") == "SONG BIRD CAFE")
        let r = LayoutTests.extract("""
            MAJU JAYA TRADING SON BHD
            NO 1, JALAN CONTOH, 50000 KUALA LUMPUR
            RICE 5KG               1 X 21.50   21.50
            COOKING OIL            2 X 4.74     9.48
            Total Items: 3
            Total Incl. GST@6%                 30.98
            Rounding Adj                        0.02
            Total Payable                      31.00
            CASH RM                            50.00
            CHANGE RM                          19.00
            GST @6% included in total RM        1.75
            07-05-18 10:15
            """, .receipt)
        #expect(r.value("total") == 31, "\(String(describing: r.value("total"))) \(r.fields["total"]?.alternatives.map(\.value) ?? [])")
        #expect(r.value("merchant") == "MAJU JAYA TRADING SDN BHD")
        let plain = LayoutTests.extract("""
            KEDAI CONTOH
            Total Items Sold: 5
            TOTAL (RM):                     637.10
            GST @6% included in total RM     36.07
            01/02/18
            """, .receipt)
        #expect(plain.value("total") == 637.1, "\(String(describing: plain.value("total")))")
        // A total line whose amount OCR did not read as money ("240" for "28.40"): the cash given on the
        // line below is not the total; what was paid (cash minus change) is.
        let misread = LayoutTests.extract("""
            KEDAI CONTOH
            ROTI                      1 X 28.40    28.40
            Total Sales Inclusive GST @6% 240
            CASH                                   50.00
            CHANGE                                 21.60
            01/02/18
            """, .receipt)
        #expect(misread.value("total") == 28.4, "\(String(describing: misread.value("total")))")
    }

    @Test("Receipts: a misread registration number and 'S/B' after the name, a rounding line that only says by how much, a title with its number mark is no name")
    func receiptRegistrationAndPrintedRounding() {
        #expect(LayoutExtractor.cleanName("KEDAI MAJU 5/8 1123456-X) 4") == "KEDAI MAJU S/B")
        #expect(LayoutExtractor.cleanName("KEDAI MAJU S/R (123456-%)") == "KEDAI MAJU S/B")
        #expect(LayoutExtractor.cleanName("MAJU BAKERY S/B 654321-U (ABC}") == "MAJU BAKERY S/B")
        // A short number stays, and so does a word that only looks like the form.
        #expect(LayoutExtractor.cleanName("99 KEDAI MAJU") == "99 KEDAI MAJU")
        #expect(LayoutExtractor.cleanName("24/7 MINI MART") == "24/7 MINI MART")
        #expect(!LayoutExtractor.looksLikeName("Invoice No xq"))
        #expect(!LayoutExtractor.looksLikeName("Thank You, please come again."))
        #expect(LayoutExtractor.looksLikeName("Invoice Solutions Sdn Bhd"))
        let r = LayoutTests.extract("""
            KEDAI MAJU JAYA 5/8 (123456-%)
            NO 1, JALAN CONTOH, 50000 KUALA LUMPUR
            RICE 25KG              1 X 136.91 136.91
            COOKING OIL            1 X 26.26    26.26
            Total Amount(incl. GST)           163.17
            Rounding                           -0.02
            CASH                               50.00
            07-05-18 10:15
            """, .receipt)
        #expect(r.value("total") == 163.15, "\(String(describing: r.value("total"))) \(r.fields["total"]?.alternatives.map(\.value) ?? [])")
        #expect(r.value("merchant") == "KEDAI MAJU JAYA S/B")
        // A rounding line that does not match the total's rounding says nothing about it.
        let odd = LayoutTests.extract("""
            KEDAI CONTOH
            TOTAL                              12.43
            Rounding                            0.04
            01/02/18
            """, .receipt)
        #expect(odd.value("total") == 12.43, "\(String(describing: odd.value("total")))")
        // Cash printed as a payment ("Cash -50.00") still checks the total against the change.
        let paid = LayoutTests.extract("""
            KEDAI CONTOH
            SUB TOTAL (Inc GST)                27.40
            TOTAL                               7.0
            Cash                              -50.00
            CHANGE                             22.60
            01/02/18
            """, .receipt)
        #expect(paid.value("total") == 27.4, "\(String(describing: paid.value("total")))")
        // No total line OCR could read: what was paid, then a subtotal, as a guess a person checks.
        let unread = LayoutTests.extract("""
            KEDAI CONTOH
            Tctl Sales (Excluding GST) : 412.30
            CASH :                            438.15
            Change :                            0.00
            01/02/18
            """, .receipt)
        #expect(unread.value("total") == 438.15 && (unread.fields["total"]?.confidence ?? 1) < 0.85,
                "\(String(describing: unread.value("total"))) \(String(describing: unread.fields["total"]?.confidence))")
        let sub = LayoutTests.extract("""
            KEDAI CONTOH
            SubTotal:                         517.85
            01/02/18
            """, .receipt)
        #expect(sub.value("total") == 517.85, "\(String(describing: sub.value("total")))")
        let misread = LayoutTests.extract("""
            KEDAI CONTOH
            IOTAL AMOUNT DUE                   25.00
            01/02/18
            """, .receipt)
        #expect(misread.value("total") == 25, "\(String(describing: misread.value("total")))")
    }

    @Test("Receipt names: '(M)' read as 'CM)', a name that goes on with '&' or 'CO.', the form in its own column, a cashier's name in lower case above, a line of sums")
    func receiptNamesOCRBroke() {
        #expect(LayoutExtractor.cleanName("KEDAI BUKU CM) SDN BHD") == "KEDAI BUKU (M) SDN BHD")
        #expect(LayoutExtractor.cleanName("CM) CLUB") == "CM) CLUB")
        #expect(!LayoutExtractor.looksLikeName("Totai Rounded"))
        #expect(LayoutExtractor.looksLikeName("Total Solutions Sdn Bhd"))
        // The lines at the top of a receipt, then an address, a total and a date.
        func merchant(_ top: String) -> String? {
            LayoutTests.extract(top + "\nNO 1, JALAN CONTOH, 50000 KUALA LUMPUR\nTOTAL                              12.40\n01/02/18", .receipt).value("merchant")?.stringValue
        }
        #expect(merchant("KEDAI BUKU MAJU\nCO. CM) SDN BHD") == "KEDAI BUKU MAJU CO. (M) SDN BHD")
        #expect(merchant("THE PEPPER MILL\n& TEA HOUSE SDN BHD") == "THE PEPPER MILL & TEA HOUSE SDN BHD")
        #expect(merchant("ali bin abu\nMAJU JAYA MACHINERY ENTERPRISE") == "MAJU JAYA MACHINERY ENTERPRISE")
        #expect(merchant("KLINIK MAJU SIN   BHD") == "KLINIK MAJU SDN BHD")
        // A logo OCR turned into marks is no letterhead, however large.
        #expect(LayoutExtractor.hasStrayMarks("Zorvo | &") && LayoutExtractor.hasStrayMarks("KOTAX /") && LayoutExtractor.hasStrayMarks("Brandname* g"))
        #expect(!LayoutExtractor.hasStrayMarks("B & K RESTAURANT") && !LayoutExtractor.hasStrayMarks("KEDAI - MAJU"))
    }

    @Test("The seller's name from a labelled block: 'Firmenname:' under the seller's heading, up to the next label; the buyer's 'Name:' above it is no letterhead")
    func sellerBlockWithLabels() {
        let r = LayoutTests.extract("""
            Daten der Rechnung
            Informationen zum Käufer
            Name: Beispielkunde AG            Ländercode: DE
            Ort: Musterstadt
            Informationen zum Verkäufer
            Firmenname: Holzbau Keller GmbH   Ländercode: DE
            Ort: Musterstadt
            Rechnungsnummer: 4711   Rechnungsdatum: 02.02.2026
            Gesamtbetrag 119,00
            """)
        #expect(r.value("vendor_name") == "Holzbau Keller GmbH", "\(String(describing: r.value("vendor_name")))")
        // Two blocks side by side: the seller's name stops where the buyer's column starts.
        let sideBySide = LayoutTests.extract("""
            FACTURE N° 2026-07
            SELLER                        CLIENT :
            Atelier Lumen                 Buyer contact
            12 rue de l'Exemple           LE CLIENT
            Total TTC 120,00
            """)
        #expect(sideBySide.value("vendor_name") == "Atelier Lumen", "\(String(describing: sideBySide.value("vendor_name")))")
    }

    @Test("A bare '$' does not make a receipt American where it prints GST or Sdn Bhd: its dates stay day first; a US receipt's stay month first")
    func dollarSignAndDateOrder() {
        let malaysian = LayoutTests.extract("""
            KEDAI MAJU SDN BHD
            LOT $12, JALAN CONTOH
            GST No: 000000000000
            09/04/2019 18:10
            TOTAL                              12.40
            """, .receipt)
        #expect(malaysian.value("date") == "2019-04-09", "\(String(describing: malaysian.value("date")))")
        let american = LayoutTests.extract("""
            CORNER DELI
            12 MAIN ST, SPRINGFIELD
            09/04/2019 12:10
            TOTAL                             $12.40
            """, .receipt)
        #expect(american.value("date") == "2019-09-04", "\(String(describing: american.value("date")))")
    }

    @Test("A year one misread digit from a business year is that year; another implausible year is no date")
    func misreadYears() {
        #expect(Dates.parse("14.02.3024") == CalendarDate(year: 2024, month: 2, day: 14))
        #expect(Dates.parse("11/03/2615") == CalendarDate(year: 2015, month: 3, day: 11))
        #expect(Dates.parse("2024-03-01") == CalendarDate(year: 2024, month: 3, day: 1))
        #expect(Dates.parse("01.01.0001") == nil)
        #expect(Dates.parse("01.01.5555") == nil)
    }

    @Test("A block's heading or a letter's closing is not a name")
    func headingsAndClosingsAreNotNames() {
        #expect(!LayoutExtractor.looksLikeName("Kind regards,"))
        #expect(!LayoutExtractor.looksLikeName("Vendeur"))
        #expect(!LayoutExtractor.looksLikeName("Mit freundlichen Grüßen"))
        #expect(LayoutExtractor.looksLikeName("Boulangerie du Port"))
    }

    @Test("An IBAN printed with a space after its country code is read; a VAT id of the same country is not an IBAN")
    func ibanWithASpaceAfterTheCountry() {
        let r = LayoutTests.extract("""
            Atelier Lumen SPRL
            Invoice No. 2026/045 dated 2 May 2026
            VAT: BE 0477 472 701
            Total 10.00 EUR
            IBAN: BE 68 5390 0754 7034   BIC: QUIRBEBB
            """)
        #expect(r.value("vendor_iban") == "BE68539007547034", "\(String(describing: r.value("vendor_iban")))")
    }

    @Test("Due dates: a compact YYYYMMDD after its label, a 'bis zum' sentence, a label run into its date")
    func dueDates() {
        let compact = LayoutTests.extract("""
            Atelier Lumen SARL
            Facture n° 88 du 3 avril 2026
            Date : 20260403 · Échéance : 20260503
            Total TTC 120,00
            """)
        #expect(compact.value("due_date") == "2026-05-03", "\(String(describing: compact.value("due_date")))")
        let sentence = LayoutTests.extract("""
            Holzbau Keller AG
            Rechnung Nr. 77 vom 02.02.2026
            Gesamtbetrag 119,00
            Bitte überweisen Sie den Betrag bis zum 16.02.2026.
            """)
        #expect(sentence.value("due_date") == "2026-02-16")
        let glued = LayoutTests.extract("""
            Northwind Traders Ltd
            Invoice No. 5 dated 1 March 2026
            Service date: 01.02.2026 - Due date15.03.2026
            Total 10.00
            """)
        #expect(glued.value("due_date") == "2026-03-15")
    }
}

import Testing
import QuireCore
@testable import QuireFields

/// Receipts (docs/fields.md, "Receipts"): the tax table as a second source for the total, and what is no part of the
/// merchant's name. Every shop, line and amount here is made up.
extension LayoutTests {
    @Test("a total line OCR garbled ('(912 )'): the tax table's net and tax add up to the amount the cash line shows")
    func aGarbledTotalLineIsTheTaxTablesSum() {
        let text = DocumentText.scanned([
            "KEDAI CONTOH JAYA", "Date: 04/05/2026", "PENSEL 2B 4 2.15 8.60",
            "Total Sales (Excluding GST) 8.60", "Discount : 0.00", "Total GST 0.52", "Rounding 0.00",
            "Total Sales (Inclusive of GST): (912 )", "CASH : 9.12", "Change : 0.00",
            "Tax Code % Amt(RM) Tax(RM)", "SR 6 8.60 0.52",
        ])
        let total = FieldExtractor(schema: .receipt).extract(text: text).fields["total"]
        #expect(total?.value == .number(9.12), "\(String(describing: total))")
        #expect(total?.note.contains("tax table") == true)
    }

    @Test("a receipt's unlabelled dates: the sale's, stamped with the time, over another; of a date printed twice and misread once, the surer")
    func theSalesDateOverAnotherAndTheSurerOfTwins() {
        let stamped = DocumentText.scanned([
            "KEDAI CONTOH JAYA", "PROMOSI SEHINGGA 28/02/2026", "PENSEL 2B 4 2.15 8.60", "TOTAL 8.60", "CASH 10.00",
            "12/02/2026 14:05:22 #0042",
        ])
        #expect(FieldExtractor(schema: .receipt).extract(text: stamped).value("date") == .string("2026-02-12"))
        // "12/02/26" read once as "12/02/24", unsure, and once right: the surer reading, wherever it is.
        let twins = DocumentText.scanned(["KEDAI CONTOH JAYA", "12/02/24 #0042", "PENSEL 2B 4 2.15 8.60", "TOTAL 8.60", "CASH 10.00",
                                          "12/02/26 TERIMA KASIH"], confidence: { $0 == "12/02/24" ? 0.55 : 0.93 })
        #expect(FieldExtractor(schema: .receipt).extract(text: twins).value("date") == .string("2026-02-12"))
        // The misread one is the surer: it stays (the reading is what decides, not the place).
        let surerFirst = DocumentText.scanned(["KEDAI CONTOH JAYA", "12/02/26 #0042", "PENSEL 2B 4 2.15 8.60", "TOTAL 8.60", "CASH 10.00",
                                               "12/02/24 TERIMA KASIH"], confidence: { $0 == "12/02/24" ? 0.55 : 0.93 })
        #expect(FieldExtractor(schema: .receipt).extract(text: surerFirst).value("date") == .string("2026-02-12"))
    }

    @Test("a seller's name whose form OCR garbled ('SDN BIID') is still the seller, not the customer's name printed under it")
    func theSellerOverTheCustomerWhenItsFormIsGarbled() {
        let text = DocumentText.scanned([
            "CONTOH BAKERIES TJB) SDN BIID (123456 X)", "Lot 1, Jalan Contoh 2/1,", "40000 Shah Alam, Selangor.",
            "TAX INVOICE / ADJUSTMENT NOTE", "Cash Inv No.: 1234F567", "Date: 04/05/2026",
            "KEDAI RUNCIT MAJU SDN BHD", "NO. 4, JALAN SS 1/2,", "Total 12.30",
        ])
        #expect(FieldExtractor(schema: .receipt).extract(text: text).value("merchant") == .string("CONTOH BAKERIES (JB) SDN BHD"))
    }

    @Test("no total line read: a 'Payment' line less the change is what was paid; a 'Total Payment' line stays a total")
    func aPaymentLineIsTheCashGiven() {
        // OCR garbled the count line ("Total Itemz; 3") and the subtotal lost its point: only the payment says the total.
        let text = DocumentText.scanned(["KEDAI CONTOH JAYA", "Date: 04/05/2026", "PENSEL 2B 3 x 2.80 8.40 SR", "Subtotal 8 40",
                                         "Payment 8.40", "Change Due 0.00", "Total Itemz; 3"])
        let total = FieldExtractor(schema: .receipt).extract(text: text).fields["total"]
        #expect(total?.value == .number(8.4), "\(String(describing: total))")
        let printed = DocumentText.scanned(["KEDAI CONTOH JAYA", "Date: 04/05/2026", "PENSEL 2B 3 x 2.80 8.40 SR", "Total Payment 8.40",
                                            "Cash 10.00", "Change 1.60"])
        #expect(FieldExtractor(schema: .receipt).extract(text: printed).value("total") == .number(8.4))
    }

    @Test("a receipt's total is never 0.00: a zero under 'Total:' is another line's")
    func aReceiptsTotalIsNeverZero() {
        // The total's amount OCR did not read; the line under the label is the rounding's, its label garbled.
        let text = DocumentText.scanned(["KEDAI CONTOH JAYA", "Date: 04/05/2026", "PENSEL 2B 7 6.80 47.60", "Total:", "Rownd ag 0.00",
                                         "Master Card 47.60"])
        let total = FieldExtractor(schema: .receipt).extract(text: text).fields["total"]
        #expect(total?.value != .number(0), "\(String(describing: total))")
    }

    @Test("a total the tax table confirms is not 'mended' from a misread cash line ('CASH 90.90' for 50.90)")
    func theTaxTableKeepsATotalFromAMisreadCash() {
        // Cash 90.90 less change 35.60 makes 55.30 paid: "5.30" with one digit more, so without the tax table the total
        // line looked like a total OCR cut a digit from.
        let text = DocumentText.scanned([
            "KEDAI CONTOH JAYA", "Date: 04/05/2026", "KERTAS A4 1 5.30",
            "Sub-total 5.30", "Total Sales Incl GST 5.30", "CASH 90.90", "Item Count 1 Change Amt 35.60",
            "GST Summary Amount Tax", "SR 6% 5.00 0.30",
        ])
        let total = FieldExtractor(schema: .receipt).extract(text: text).fields["total"]
        #expect(total?.value == .number(5.3), "\(String(describing: total))")
    }

    @Test("the cash given is no evidence for the tax table's sum where change was given back")
    func cashWithChangeIsNotTheTaxTablesSum() {
        // The tax table (misread: 18.87 for 18.67) adds up to 20.00, which is the cash given; the change says the total was less.
        let lines = ["KEDAI CONTOH JAYA", "Date: 04/05/2026", "Total Sales (Excluding GST) 18.87", "Total GST 1.13",
                     "CASH 20.00", "CHANGE 0.20"]
        let cands = LayoutExtractor(schema: .receipt).receiptTotals(in: DocumentText.scanned(lines), conventions: LayoutExtractor(schema: .receipt).conventions(of: DocumentText.scanned(lines)))
        #expect(!cands.contains { $0.value == .number(20) }, "\(cands.map { ($0.value, $0.note) })")
        // Without change given, the same cash line is the sum printed again.
        let exact = LayoutExtractor(schema: .receipt).receiptTotals(in: DocumentText.scanned(Array(lines.dropLast()) + ["CHANGE 0.00"]),
                                                                     conventions: LayoutExtractor(schema: .receipt).conventions(of: DocumentText.scanned(lines)))
        #expect(exact.contains { $0.value == .number(20) && $0.note.contains("tax table") }, "\(exact.map { ($0.value, $0.note) })")
    }
}

extension LayoutTests {
    @Test("a line in parentheses under a receipt's sign ('(BEISPIEL SHOP (123456))', its first parenthesis read as C) is no part of the shop's name")
    func aParenthesisedLineUnderTheSign() {
        #expect(LayoutExtractor.isParenthesised("(BEISPIEL SHOP (123456))") && LayoutExtractor.isParenthesised("CBEISPIEL SHOP (123456))"))
        for t in ["(M) SDN BHD (123456-X)", "(KL) SDN BHD", "CONTOH SHOP (123456)", "(A) B (C)"] { #expect(!LayoutExtractor.isParenthesised(t), "\(t)") }
        // Made-up receipt: the sign in capitals, the operating company's line in parentheses under it.
        let text = DocumentText.scanned(["KEDAI CONTOH JAYA", "CCONTOH SHOP (123456))", "NO 1, JALAN CONTOH", "Date: 04/05/2026", "TOTAL 12.30"])
        #expect(FieldExtractor(schema: .receipt).extract(text: text).fields["merchant"]?.value == .string("KEDAI CONTOH JAYA"))
    }
}

extension LayoutTests {
    @Test("an amount's label with its amount on its own line takes no number from the line below ('(Total incl. SST @ 8% : 0.62)' over a footer's)")
    func aLabelWithItsAmountTakesNothingFromBelow() {
        let text = DocumentText.scanned([
            "KEDAI CONTOH JAYA", "Date: 04/05/2026", "ROTI MANIS 1 8.40", "Amount 8.40", "Pay 10.00", "Change 1.60",
            "(Total incl. SST @ 8% : 0.62)", "70021 GOODS SOLD ARE NOT RETURNABLE",
        ])
        let cands = FieldExtractor(schema: .receipt).extract(text: text).fields["total"]
        #expect(cands?.value != .number(70021), "\(String(describing: cands))")
        #expect(!(cands?.alternatives.contains { $0.value == .number(70021) } ?? false), "\(String(describing: cands))")
    }
    @Test("a note wholly in parentheses about the tax the total includes ('(Inclusive of 8% SST : RM 3.24)') is no total line")
    func aParenthesisedTaxNoteIsNoTotal() {
        let text = DocumentText.scanned([
            "KEDAI CONTOH JAYA", "Date: 04/05/2026", "NASI LEMAK 2 21.85 43.70", "Grand Total RM 43 70",
            "(Inclusive of 8% SST : RM 3.24)", "Cash RM 50.00", "Change RM 6.30",
        ])
        let total = FieldExtractor(schema: .receipt).extract(text: text).fields["total"]
        #expect(total?.value != .number(3.24), "\(String(describing: total))")
        #expect(!(total?.alternatives.contains { $0.value == .number(3.24) } ?? false), "\(String(describing: total))")
        // (The same words outside parentheses, with the total inside the line, still make a total line.)
        let open = DocumentText.scanned(["KEDAI CONTOH JAYA", "Date: 04/05/2026", "Total (Incl SST 8%) RM 42.65", "Cash RM 50.00", "Change RM 7.35"])
        #expect(FieldExtractor(schema: .receipt).extract(text: open).fields["total"]?.value == .number(42.65))
    }

    @Test("a total line read with one decimal ('142.0') gives way to the tax table's sum on a receipt that prints two")
    func aOneDecimalTotalGivesWayToTheTaxTable() {
        let lines = ["KEDAI CONTOH JAYA", "Date: 04/05/2026", "UBAT BATUK 1 42.90 42.90", "Total Sales Incl GST 142.0)",
                     "Cash 50.00", "Change 7.10", "GST Summary Amount Tax", "SR 6% 40.47 2.43"]
        let total = FieldExtractor(schema: .receipt).extract(text: DocumentText.scanned(lines)).fields["total"]
        #expect(total?.value == .number(42.9), "\(String(describing: total))")
        // Read with two decimals, the total line is what the receipt says, whatever the table.
        var two = lines
        two[3] = "Total Sales Incl GST 142.00"
        #expect(FieldExtractor(schema: .receipt).extract(text: DocumentText.scanned(two)).fields["total"]?.value == .number(142))
    }
    @Test("a receipt's name: a short word over a complete name is no part of it ('BKL' over 'RESTORAN CONTOH JAYA'), over a trade and a form alone it is ('SWK' over 'ENTERPRISE SDN BHD'); a lower-case 'sas' is no form")
    func aShortWordOverTheShopsName() {
        func merchant(_ lines: [String]) -> String? {
            FieldExtractor(schema: .receipt).extract(text: DocumentText.scanned(lines + ["NO 1, JALAN CONTOH", "Date: 04/05/2026", "TOTAL 12.30"])).fields["merchant"]?.value.stringValue
        }
        #expect(merchant(["BKL", "RESTORAN CONTOH JAYA"]) == "RESTORAN CONTOH JAYA")
        #expect(merchant(["SWK", "ENTERPRISE SDN BHD"]) == "SWK ENTERPRISE SDN BHD")
        #expect(merchant(["xl sas", "KEDAI CONTOH JAYA SDN. BHD"]) == "KEDAI CONTOH JAYA SDN. BHD")
    }
}

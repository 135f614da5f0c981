import Foundation
import QuireCore
import Testing
@testable import QuireFields

/// Made-up vendors, ids and documents only.
@Suite("Known vendors")
struct VendorDirectoryTests {
    static let today = CalendarDate(year: 2026, month: 6, day: 1)!

    /// A receipt as OCR returns it: every word with a confidence.
    static func scanned(_ lines: [String], confidence: Double = 0.95) -> DocumentText {
        DocumentText.scanned(lines, confidence: { _ in confidence })
    }

    static func receipt(named name: String) -> DocumentText {
        scanned([name, "12 JALAN CONTOH 4", "DATE: 03/05/2026 10:15", "BREAD 1 X 4.50 4.50", "MILK 1 X 5.50 5.50", "TOTAL RM 10.00",
                 "CASH RM 20.00", "CHANGE RM 10.00", "THANK YOU"])
    }

    static func read(_ text: DocumentText, _ schema: FieldSchema = .receipt, knowing vendors: [VendorDirectory.Vendor] = []) -> FieldExtractor.Result {
        var x = FieldExtractor(schema: schema, today: today, ranker: nil)
        x.vendors = VendorDirectory(vendors)
        return x.extract(text: text)
    }

    @Test("a name read by OCR goes through only when it is a known vendor's")
    func unknownScannedNamesGoToAPerson() throws {
        let text = Self.receipt(named: "GREENLEAF GROCER SDN BHD")
        let unknown = Self.read(text)
        #expect(unknown.value("merchant") == "GREENLEAF GROCER SDN BHD")
        #expect(try #require(unknown.fields["merchant"]).confidence <= FieldExtractor.unverifiedOCRCap)
        #expect(Fields.reviewReasons(unknown, policies: [:]).contains { $0.contains("merchant") }, "\(Fields.reviewReasons(unknown, policies: [:]))")
        // Known (spelt another way: case and punctuation do not matter), the same reading is confirmed.
        let known = Self.read(text, knowing: [VendorDirectory.Vendor(name: "Greenleaf Grocer Sdn. Bhd.")])
        let merchant = try #require(known.fields["merchant"])
        #expect(merchant.value == "GREENLEAF GROCER SDN BHD")
        #expect(merchant.checks.contains { $0.name == "known_vendor" && $0.passed })
        #expect(merchant.confidence >= 0.85, "\(merchant.confidence)")
        #expect(!Fields.reviewReasons(known, policies: [:]).contains { $0.contains("merchant") }, "\(Fields.reviewReasons(known, policies: [:]))")
    }

    @Test("a new vendor's name read by OCR the same on two lines (a letterhead and its footer) is verified as a total printed twice is; read once, or read differently, it is not")
    func nameReadTwiceIsVerified() throws {
        func invoice(footer: String) -> FieldExtractor.Result {
            Self.read(Self.scanned(["Beispielwerk Technik GmbH", "Lindenallee 17, 12345 Musterstadt", "Rechnung Nr. 2026-0815",
                                    "Rechnungsdatum: 15.05.2026", "Summe netto 100,00", "MwSt 19 % 19,00", "Rechnungsbetrag 119,00", footer]),
                      .invoice)
        }
        let twice = try #require(invoice(footer: "Beispielwerk Technik GmbH · USt-IdNr. DE136695976").fields["vendor_name"])
        #expect(twice.value == "Beispielwerk Technik GmbH")
        #expect(twice.checks.contains { $0.name == "printed_twice" && $0.passed })
        #expect(twice.confidence > FieldExtractor.unverifiedOCRCap, "\(twice.confidence) \(twice.note)")
        let once = try #require(invoice(footer: "USt-IdNr. DE136695976").fields["vendor_name"])
        #expect(once.confidence <= FieldExtractor.unverifiedOCRCap)
        let misread = try #require(invoice(footer: "Beispie1werk Technik GmbH · USt-IdNr. DE136695976").fields["vendor_name"])
        #expect(misread.confidence <= FieldExtractor.unverifiedOCRCap)
    }

    @Test("a letter OCR misread is corrected to the one known name it is nearest; a name with a word more, or two names as near, are not")
    func oneMisreadLetterIsCorrected() throws {
        let text = Self.receipt(named: "GREENLEAF GROCEH SDN BHD")
        let r = Self.read(text, knowing: [VendorDirectory.Vendor(name: "GREENLEAF GROCER SDN BHD"), VendorDirectory.Vendor(name: "HARBOUR NOODLE HOUSE")])
        let merchant = try #require(r.fields["merchant"])
        #expect(merchant.value == "GREENLEAF GROCER SDN BHD")
        #expect(merchant.alternatives.first?.value == "GREENLEAF GROCEH SDN BHD", "the reading stays as an alternative")
        #expect(merchant.checks.contains { $0.name == "known_vendor" && $0.passed && $0.reason.contains("GREENLEAF GROCEH") })
        // Another branch of a chain is another vendor, not a misreading.
        let branch = Self.read(Self.receipt(named: "GREENLEAF GROCER SDN BHD"), knowing: [VendorDirectory.Vendor(name: "GREENLEAF GROCER (KL) SDN BHD")])
        #expect(branch.value("merchant") == "GREENLEAF GROCER SDN BHD")
        #expect(try #require(branch.fields["merchant"]).confidence <= FieldExtractor.unverifiedOCRCap)
        // Two known names one letter from the reading: nothing says which.
        let torn = Self.read(text, knowing: [VendorDirectory.Vendor(name: "GREENLEAF GROCER SDN BHD"), VendorDirectory.Vendor(name: "GREENLEAF GROCES SDN BHD")])
        #expect(torn.value("merchant") == "GREENLEAF GROCEH SDN BHD")
        // A name typed into a PDF is as printed: a near name is another vendor.
        let typed = Self.read(DocumentText(plainText: """
            GREENLEAF GROCEH SDN BHD
            DATE: 03/05/2026
            TOTAL RM 10.00
            """), knowing: [VendorDirectory.Vendor(name: "GREENLEAF GROCER SDN BHD")])
        #expect(typed.value("merchant") == "GREENLEAF GROCEH SDN BHD")
    }

    static let invoice = """
        Bellweather Tools GmbH · Lindenweg 12 · 40210 Duesseldorf
        Invoice No: BT-2291
        Invoice date: 12.05.2026
        Net amount            100,00 EUR
        VAT 19 %               19,00 EUR
        Total                 119,00 EUR
        VAT ID: DE273184654
        IBAN: DE40 7002 0270 0012 3456 78
        """

    @Test("an IBAN that is not the one on record for the vendor its VAT id names goes to a person; the one on record does not")
    func bankDetailsNotOnRecordAreQuestioned() throws {
        let plain = DocumentText(plainText: Self.invoice)
        let clean = Self.read(plain, .invoice)
        #expect(clean.value("vendor_iban") == "DE40700202700012345678" && clean.value("vendor_vat_id") == "DE273184654", "\(clean.fields.mapValues(\.value))")
        let changed = Self.read(plain, .invoice, knowing: [VendorDirectory.Vendor(name: "Bellweather Tools GmbH", vatID: "DE273184654", iban: "DE83430609670009876543")])
        let iban = try #require(changed.fields["vendor_iban"])
        #expect(iban.checks.contains { $0.name == "iban_on_record" && !$0.passed && $0.reason.contains("…6543") })
        #expect(Fields.reviewReasons(changed, policies: [:]).contains { $0.contains("not the IBAN on record") })
        let same = Self.read(plain, .invoice, knowing: [VendorDirectory.Vendor(name: "Bellweather Tools GmbH", vatID: "DE273184654", iban: "DE40700202700012345678")])
        #expect(same.fields["vendor_iban"]?.checks.allSatisfy(\.passed) == true)
        #expect(same.fields["vendor_name"]?.checks.contains { $0.name == "known_vendor" && $0.passed } == true)
        // The name is one known vendor's, the VAT id another's: neither is confirmed, a person looks.
        let crossed = Self.read(plain, .invoice, knowing: [VendorDirectory.Vendor(name: "Bellweather Tools GmbH"),
                                                           VendorDirectory.Vendor(name: "Harbor Outfitters Ltd", vatID: "DE273184654")])
        #expect(crossed.fields["vendor_vat_id"]?.checks.contains { $0.name == "known_vendor" && !$0.passed && $0.reason.contains("Harbor Outfitters") } == true)
        #expect(crossed.fields["vendor_name"]?.checks.contains { $0.name == "known_vendor" } == false)
    }

    @Test("of two valid VAT ids printed, the known vendor's on record is the seller's")
    func theKnownVendorsOwnIDAmongSeveral() throws {
        let text = DocumentText(plainText: Self.invoice + "\nCustomer VAT ID: FR40303265045")
        let unknown = Self.read(text, .invoice)
        let ids: [String] = ([unknown.value("vendor_vat_id")] + (unknown.fields["vendor_vat_id"]?.alternatives.map(\.value) ?? [])).compactMap { $0?.stringValue }
        #expect(Set(ids).isSuperset(of: ["DE273184654", "FR40303265045"]), "both are candidates: \(ids)")
        for onRecord in ["DE273184654", "FR40303265045"] {
            let r = Self.read(text, .invoice, knowing: [VendorDirectory.Vendor(name: "Bellweather Tools GmbH", vatID: onRecord)])
            let vat = try #require(r.fields["vendor_vat_id"])
            #expect(vat.value.stringValue == onRecord)
            #expect(vat.checks.contains { $0.name == "known_vendor" && $0.passed })
            #expect(vat.confidence >= 0.85, "\(vat.confidence)")
        }
    }

    @Test("the VAT id names a known vendor whose name the document does not print as its sender")
    func theVATIDNamesTheVendor() throws {
        let r = Self.read(DocumentText(plainText: Self.invoice.replacingOccurrences(of: "Bellweather Tools GmbH · ", with: "")), .invoice,
                          knowing: [VendorDirectory.Vendor(name: "Bellweather Tools GmbH", vatID: "DE 273 184 654")])
        let name = try #require(r.fields["vendor_name"])
        #expect(name.value == "Bellweather Tools GmbH")
        #expect(name.checks.contains { $0.name == "known_vendor" && $0.reason.contains("VAT id") })
    }

    @Test("a receipt's tax beside its total is not an unfinished sum: receipts have no net to add")
    func aReceiptsTaxIsNotAFailedSum() {
        let r = Self.read(DocumentText(plainText: """
            CORNER STORE LTD
            DATE: 03/05/2026
            GST 6% 0.60
            TOTAL 10.60
            """))
        #expect(r.value("total") == 10.6)
        #expect(r.fields["total"]?.checks.contains { !$0.passed } == false, "\(r.fields["total"]?.checks ?? [])")
    }
}

@Suite("A pipeline's currency")
struct PipelineCurrencyTests {
    static func read(_ text: String, currency: String?) -> FieldExtractor.Result {
        var x = FieldExtractor(schema: .receipt, today: VendorDirectoryTests.today, ranker: nil)
        x.defaultCurrency = currency
        return x.extract(text: DocumentText(plainText: text))
    }

    @Test("a receipt that prints no currency is in the pipeline's; a printed one wins; a vendor's country that uses another keeps it, unsure")
    func theSettingFillsOnlyWhatIsNotPrinted() throws {
        let bare = "CORNER STORE LTD\nDATE: 03/05/2026\nTOTAL 10.60"
        #expect(Self.read(bare, currency: nil).value("currency") == nil)
        let filled = try #require(Self.read(bare, currency: "MYR").fields["currency"])
        #expect(filled.value == "MYR" && filled.confidence >= 0.85)
        #expect(Self.read("CORNER STORE LTD\nDATE: 03/05/2026\nTOTAL 10.60 EUR", currency: "MYR").value("currency") == "EUR")
        let swiss = try #require(Self.read(bare + "\nIBAN CH93 0076 2011 6238 5295 7", currency: "MYR").fields["currency"])
        #expect(swiss.value == "CHF" && swiss.confidence < 0.85 && swiss.alternatives.contains { $0.value == "MYR" })
    }

    @Test("the stage refuses a currency that is not an ISO 4217 code it knows")
    func theSettingIsChecked() {
        #expect(FieldsKind().validate(settings: ["currency": "MYR"]).isEmpty)
        #expect(FieldsKind().validate(settings: ["currency": "myr"]).first?.path == ["currency"])
        #expect(FieldsKind().validate(settings: ["currency": "RM"]).first?.message.contains("ISO 4217") == true)
        #expect(FieldsKind().validate(settings: ["currency": 3]).count == 1)
    }
}

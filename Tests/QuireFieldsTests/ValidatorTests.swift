import Foundation
import QuireCore
import Testing
@testable import QuireFields

@Suite("Validators")
struct ValidatorTests {
    // Valid numbers in the registries' own formats (cross-checked with python-stdnum when written).
    static let goodIBANs = ["DE60432500437302118841", "DE60 4325 0043 7302 1188 41", "GB33BUKB20201555555555", "GB82WEST12345698765432",
                            "FR1420041010050500013M02606", "CH9300762011623852957", "NL91ABNA0417164300", "BE71096123456769",
                            "IT60X0542811101000000123456", "ES9121000418450200051332", "AT611904300234573201", "de89370400440532013000"]
    static let badIBANs = [("DE60432500437302118842", "check digits"), ("DE6043250043730211884", "22 characters"), ("XX60432500437302118841", "not a country"),
                           ("12345", "not shaped"), ("GB33BUKB2020155555555O", "check digits")]

    @Test("IBANs with correct check digits pass", arguments: goodIBANs)
    func goodIBAN(_ s: String) { #expect(IBAN.check(s).passed, "\(s): \(IBAN.check(s).reason)") }

    @Test("IBANs with a wrong digit, length or country fail with a reason", arguments: badIBANs.indices)
    func badIBAN(_ i: Int) {
        let (s, why) = Self.badIBANs[i]
        let r = IBAN.check(s)
        #expect(!r.passed)
        #expect(r.reason.contains(why), "\(s): \(r.reason)")
    }

    static let goodVAT = ["DE273184654", "DE 273 184 654", "ATU13585627", "FR40303265045", "FR83404833048", "NL004495445B01", "BE0411905847",
                          "IT00743110157", "ESA28015865", "ES12345678Z", "ESX1234567L", "GB245719348", "GB100000034", "CHE-116.281.710 MWST",
                          "PL5260250274", "DK13585628", "FI20774740", "LU26375245", "PT501964843", "SE556188840401"]
    static let badVAT = ["DE273184656", "ATU13585628", "FR41303265045", "NL004495446B01", "BE0411905848", "IT00743110158", "ESA28015866", "ES12345678A",
                         "GB987654320", "CHE-116.281.711", "PL5260250275", "DE27318465", "QQ123456789", "NL123456789X01"]

    @Test("an OCR'd IBAN with look-alike letters for digits is repaired only when the check then passes")
    func ocrIBANRepair() {
        // Made up: DE79 6209 6654 2870 7229 71 with O for 0, S for 5 and I for 1 as a scan reads them.
        #expect(IBAN.repairingOCR("DE79 62O9 66S4 2870 7229 7I") == "DE79620966542870722971")
        #expect(IBAN.repairingOCR("DE79 6209 6654 2870 7229 71") == nil, "nothing to repair")
        #expect(IBAN.repairingOCR("DE79 62O9 66S4 2870 7229 72") == nil, "a repair that does not pass the check is no repair")
        // An Italian account has a letter (the CIN) before its bank and branch codes, which are digits: an O there is a 0.
        #expect(IBAN.repairingOCR("IT60 X054 2811 1O1 0000 0012 3456") == "IT60X0542811101000000123456")
        // The layout path reads it from a scan's words (they carry an OCR confidence).
        let words = ["Bank:", "IBAN", "DE79", "62O9", "66S4", "2870", "7229", "7I"].enumerated().map { i, t in
            SourceWord(text: t, x0: 40 + Double(i) * 50, y0: 700, x1: 80 + Double(i) * 50, y1: 710, confidence: 0.8, page: 1)
        }
        let r = FieldExtractor(schema: .invoice, today: CalendarDate(year: 2026, month: 6, day: 1)!).extract(text: DocumentText(words: words))
        #expect(r.value("vendor_iban") == "DE79620966542870722971", "\(String(describing: r.value("vendor_iban")))")
    }

    @Test("an OCR'd VAT id with look-alike letters for digits is read as the digits; kept unlabelled only when its check then passes")
    func ocrVATRepair() {
        // Made up: DE213456786 (its check digit right) as a scan reads it, O for 0 and I for 1.
        #expect(VATID.repairingOCR("DE2I3 456 786") == "DE213456786")
        #expect(VATID.repairingOCR("DE213456786") == nil, "nothing to repair")
        #expect(VATID.repairingOCR("DEX13456786") == nil, "a letter that is no digit's look-alike")
        #expect(VATID.repairingOCR("NL00449544OB01") == nil, "a country whose id has letters of its own is left alone")
        // A French key read with a look-alike letter (made up: SIREN 404 833 048, key 83): read as digits only where those
        // are the key the SIREN gives; another letter key is a key of its own scheme.
        #expect(VATID.repairingOCR("FRB3404833048") == "FR83404833048")
        #expect(VATID.repairingOCR("FRB2404833048") == nil)
        func words(_ texts: [String]) -> [SourceWord] {
            texts.enumerated().map { i, t in SourceWord(text: t, x0: 40 + Double(i) * 60, y0: 700, x1: 90 + Double(i) * 60, y1: 710, confidence: 0.8, page: 1) }
        }
        let today = CalendarDate(year: 2026, month: 6, day: 1)!
        let labelled = FieldExtractor(schema: .invoice, today: today).extract(text: DocumentText(words: words(["USt-IdNr.:", "DE2I3456786"])))
        #expect(labelled.value("vendor_vat_id") == "DE213456786", "\(String(describing: labelled.value("vendor_vat_id")))")
        let key = FieldExtractor(schema: .invoice, today: today).extract(text: DocumentText(words: words(["N°", "TVA", ":", "FRB3404833048"])))
        #expect(key.value("vendor_vat_id") == "FR83404833048", "on a scan: \(String(describing: key.value("vendor_vat_id")))")
        let printed = words(["N°", "TVA", ":", "FRB3404833048"]).map { w in var w = w; w.confidence = nil; return w }
        #expect(FieldExtractor(schema: .invoice, today: today).extract(text: DocumentText(words: printed)).value("vendor_vat_id") == "FRB3404833048",
                "a PDF's text is as printed")
        let bare = FieldExtractor(schema: .invoice, today: today).extract(text: DocumentText(words: words(["Sitz", "Berlin", "DE2I3456786"])))
        #expect(bare.value("vendor_vat_id") == "DE213456786", "\(String(describing: bare.value("vendor_vat_id")))")
        let wrong = FieldExtractor(schema: .invoice, today: today).extract(text: DocumentText(words: words(["Sitz", "Berlin", "DE2I3456787"])))
        #expect(wrong.value("vendor_vat_id") == nil, "unlabelled, a repair whose check fails is not a VAT id")
    }

    @Test("a value read from an unsure OCR word cannot go straight through unless a check verified its characters")
    func ocrConfidenceCapsAField() {
        // Made up: a shop's name whose second word OCR read at 0.67 (a letter in doubt), rated 0.95 by the rules.
        let words = [SourceWord(text: "KEDAI", x0: 40, y0: 20, x1: 70, y1: 30, confidence: 0.93, page: 1),
                     SourceWord(text: "C0NTOH", x0: 74, y0: 20, x1: 110, y1: 30, confidence: 0.67, page: 1)]
        var name = ExtractedField(name: "merchant", best: Candidate(value: "KEDAI C0NTOH", text: "KEDAI C0NTOH", score: 0.95, strategy: "layout", page: 1, words: words),
                                  alternatives: [])
        name.capByOCR()
        #expect(name.confidence < 0.85, "below the review threshold: \(name.confidence)")
        // A total whose digits the arithmetic verified keeps its confidence.
        var total = ExtractedField(name: "total", best: Candidate(value: 27.4, text: "27.40", score: 0.95, strategy: "layout", page: 1,
                                                                  words: [SourceWord(text: "27.40", x0: 40, y0: 50, x1: 70, y1: 60, confidence: 0.67, page: 1)]),
                                   alternatives: [])
        total.apply(CheckResult(name: "totals", passed: true, reason: "net + tax = total"))
        let before = total.confidence
        total.capByOCR()
        #expect(total.confidence == before)
    }

    @Test("VAT ids with correct format and check digits pass", arguments: goodVAT)
    func goodVATID(_ s: String) { #expect(VATID.check(s).passed, "\(s): \(VATID.check(s).reason)") }

    @Test("VAT ids with a wrong check digit or format fail", arguments: badVAT)
    func badVATID(_ s: String) { #expect(!VATID.check(s).passed, "\(s) should fail") }

    @Test("sums and dates")
    func crossChecks() {
        #expect(CrossChecks.totals(net: 100, tax: 19, total: 119).passed)
        #expect(CrossChecks.totals(net: Decimal(string: "100.004")!, tax: 19, total: 119).passed)
        let bad = CrossChecks.totals(net: 100, tax: 19, total: 129)
        #expect(!bad.passed && bad.reason.contains("129"))
        #expect(CrossChecks.lineItems(amounts: [50, Decimal(string: "25.5")!], net: Decimal(string: "75.5")!).passed)
        #expect(!CrossChecks.lineItems(amounts: [50, 25], net: 80).passed)
        let today = CalendarDate(year: 2026, month: 6, day: 1)!
        let future = CrossChecks.dates(issue: CalendarDate(year: 2027, month: 1, day: 1), due: nil, today: today)
        #expect(future.count == 1 && !future[0].passed)
        let swapped = CrossChecks.dates(issue: CalendarDate(year: 2026, month: 5, day: 1), due: CalendarDate(year: 2026, month: 4, day: 1), today: today)
        #expect(swapped.map(\.passed) == [true, false])
    }
}

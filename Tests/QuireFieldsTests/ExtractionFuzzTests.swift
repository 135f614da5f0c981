import Foundation
import QuireCore
import Testing
@testable import QuireFields

/// Pages of random words, placed at random, through every schema: extraction must return, whatever the page. Round 40
/// found a page (a buyer label in small type beside a name in large type) on which it indexed past a line's words and
/// the process died; a worker running the fields stage would have died with it, on every attempt.
@Suite("Field extraction on random pages")
struct ExtractionFuzzTests {
    /// What pages are made of: every label the schemas know, words that start rules (legal forms, titles, owners,
    /// salutations, replacements), values of every kind, and punctuation on its own.
    static let vocabulary: [String] = {
        var words = Set<String>()
        for schema in [FieldSchema.invoice, .receipt] {
            for f in schema.fields { for l in f.labels { words.formUnion(l.split(separator: " ").map(String.init)); words.insert(l) } }
        }
        words.formUnion(["GmbH", "SARL", "SASU", "UG", "(haftungsbeschränkt)", "&", "Co.", "KG", "Sdn", "Bhd", "Ltd", "AG", "e.K.",
                         "Rechnung", "FACTURE", "RECTIFICATIVE", "Invoice", "Gutschrift", "AVOIR", "N°", "Nr.", "No.", "#", "Client", "Kunde",
                         "Betreiber:", "Owned", "by", "Von:", "From:", "An:", "To:", "Sehr", "geehrte", "Damen", "annule", "remplace", "ersetzt",
                         "storniert", "Dr.", "med.", "Maître", "Tel.", "IBAN:", "BIC:", "TVA", "USt-IdNr.", "SIREN", "Total", "TTC", "HT",
                         "MwSt", "Summe", "netto", "brutto", "Skonto", "bis", "zahlbar", "fällig", "am", "du", "vom", "le", "c/", "./.",
                         "Beispiel", "Muster", "Handel", "Solutions", "Hauptstraße", "12", "12345", "Musterstadt", "Paris", "rue", "des", "Lilas",
                         "1.234,56", "1 234,56 €", "99,90", "0,00", "19 %", "20,0 %", "-12,50", "(3,20)", "1,789", "EUR", "€", "$", "CHF",
                         "01.02.2026", "2026-03-04", "4/5/26", "15 mars 2026", "31.12.", "DE136695976", "FR32123456789", "FRO4",
                         "DE89 3704 0044 0532 0130 00", "FR04", "1450", "8000", "4039", "2716", "4201", "817", "GENODEF1", "ATU12345678",
                         "R-2026-0815", "FR26-0142", "F26-0131", "4711", "(", ")", ":", "·", "-", "|", "/", "—", "*", "…", "",
                         "a", "B", "0", "O", "l", "I", "x", "@", "rechnung@beispiel.example", "www.beispiel.example"])
        return words.sorted()
    }()

    static func page(_ r: inout SplitMix) -> DocumentText {
        var words: [SourceWord] = []
        let ocr = Bool.random(using: &r)
        for page in 1...Int.random(in: 1...2, using: &r) {
            for _ in 0..<Int.random(in: 0...40, using: &r) {
                var size = [6.0, 8, 9, 9, 9, 12, 15, 20].randomElement(using: &r)!
                var x = Double.random(in: 0...520, using: &r)
                let y = Double(Int.random(in: 0...80, using: &r)) * 10 + Double.random(in: -2...2, using: &r)
                // A third of the lines start with a name in large type ("Beispiel Handel GmbH") and go on in small type.
                var start: [String] = []
                if Int.random(in: 0..<3, using: &r) == 0 {
                    size = [13.0, 15, 18].randomElement(using: &r)!
                    start = ["Beispiel", ["Handel", "Solutions", "Muster"].randomElement(using: &r)!, ["GmbH", "SASU", "SARL", "UG"].randomElement(using: &r)!]
                }
                for k in 0..<Int.random(in: 1...9, using: &r) + start.count {
                    if k == start.count, !start.isEmpty { size = 8 }
                    let text = k < start.count ? start[k] : vocabulary.randomElement(using: &r)!
                    let wide = Double(max(1, text.count)) * size * 0.55
                    words.append(SourceWord(text: text, x0: x, y0: y, x1: x + wide, y1: y + size,
                                            confidence: ocr ? Double.random(in: 0.2...1, using: &r) : nil, page: page))
                    x += wide + size * [0.3, 0.55, 0.55, 3].randomElement(using: &r)!
                }
            }
        }
        return DocumentText(words: words)
    }

    /// Pages per seed: 60 in the suite; `QUIRE_FUZZ_PAGES=5000 QUIRE_FUZZ_SEED=9 swift test --filter ExtractionFuzzTests` looks further.
    static let pages = ProcessInfo.processInfo.environment["QUIRE_FUZZ_PAGES"].flatMap(Int.init) ?? 60
    static let seeds: [UInt64] = ProcessInfo.processInfo.environment["QUIRE_FUZZ_SEED"].flatMap(UInt64.init).map { s in (0..<4).map { s * 4 + $0 } } ?? [1, 2, 3, 4]

    @Test("random pages through the invoice, credit-note and receipt schemas: every one returns", arguments: seeds)
    func randomPagesReturn(seed: UInt64) {
        var r = SplitMix(state: seed)  // the same pages on every run, so a failure can be run again
        let today = CalendarDate(year: 2026, month: 6, day: 1)!
        var read = 0
        for _ in 0..<Self.pages {
            let text = Self.page(&r)
            for schema in [FieldSchema.invoice, .creditNote, .receipt] {
                let result = FieldExtractor(schema: schema, today: today).extract(text: text)
                read += result.fields.count
            }
        }
        #expect(read > 0, "the pages gave the rules something to read")
    }
}

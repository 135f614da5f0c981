import Foundation
import Testing
@testable import QuireFields

/// A small deterministic generator, so property tests give the same cases on every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Amounts")
struct AmountTests {
    static let cases: [(String, Character?, Decimal?)] = [
        ("1.234,56", nil, Decimal(string: "1234.56")), ("1,234.56", nil, Decimal(string: "1234.56")), ("1 234,56", nil, Decimal(string: "1234.56")),
        ("1\u{00A0}234,56", nil, Decimal(string: "1234.56")), ("1\u{202F}234,56", nil, Decimal(string: "1234.56")), ("1'234.56", nil, Decimal(string: "1234.56")),
        ("1’234.56", nil, Decimal(string: "1234.56")), ("(12.00)", nil, -12), ("-12,00 €", nil, -12), ("12.00-", nil, -12), ("€ 12,50", nil, Decimal(string: "12.5")),
        ("EUR 1.000,00", nil, 1000), ("1.000,00 EUR", nil, 1000), ("$4.11", nil, Decimal(string: "4.11")), ("CHF 1'200.00", nil, 1200), ("£1,000", nil, 1000),
        ("12,34", nil, Decimal(string: "12.34")), ("12.3", nil, Decimal(string: "12.3")), ("0,99", nil, Decimal(string: "0.99")), (",50", nil, Decimal(string: "0.5")),
        ("1,23,456.00", nil, 123456), ("12,34,567.89", nil, Decimal(string: "1234567.89")), ("1.234.567", nil, 1234567), ("1,234,567", nil, 1234567),
        ("1.234.567,89", nil, Decimal(string: "1234567.89")), ("1,234,567.89", nil, Decimal(string: "1234567.89")), ("1.234", nil, 1234), ("1.234", ".", Decimal(string: "1.234")),
        ("1,234", ",", Decimal(string: "1.234")), ("1,234", ".", 1234), ("1.234", ",", 1234), ("42", nil, 42), ("-0,01", nil, Decimal(string: "-0.01")),
        ("( 12,00 € )", nil, -12), ("+5.00", nil, 5), ("−7,50", nil, Decimal(string: "-7.5")), ("Rs. 1,499.00", nil, 1499), ("₹ 2,500.50", nil, Decimal(string: "2500.5")),
        ("12 345 678,90", nil, Decimal(string: "12345678.9")), ("zł 10,00", nil, 10), ("10,00 zł", nil, 10), ("US$ 99.99", nil, Decimal(string: "99.99")),
        // A dash for no cents, as German and Swiss prices are written.
        ("850,–", nil, 850), ("1.200,- €", nil, 1200), ("Fr. 120.–", nil, 120), ("EUR 45,--", nil, 45), ("2'500.—", nil, 2500),
        // Not amounts.
        ("abc", nil, nil), ("1.2.3", nil, nil), ("12,3456,78", nil, nil), ("1..2", nil, nil), ("", nil, nil), ("€", nil, nil), ("0,1234", nil, Decimal(string: "0.1234")), ("1,23456", nil, nil),
        ("1.23.45", nil, nil), ("12a", nil, nil), ("1,234.567,89", nil, nil),
    ]

    @Test("locale amounts parse", arguments: cases.indices)
    func parses(_ i: Int) {
        let (text, sep, want) = Self.cases[i]
        #expect(Amounts.parse(text, decimalSeparator: sep) == want, "\(text) with \(sep.map(String.init) ?? "no hint")")
    }

    static let styles: [Amounts.Style] = [
        .init(decimal: ".", grouping: ","), .init(decimal: ",", grouping: "."), .init(decimal: ",", grouping: " "), .init(decimal: ",", grouping: "\u{00A0}"),
        .init(decimal: ".", grouping: "'"), .init(decimal: ",", grouping: nil), .init(decimal: ".", grouping: nil),
        .init(decimal: ",", grouping: ".", minusStyle: .trailing, currency: "EUR"), .init(decimal: ".", grouping: ",", minusStyle: .parentheses, currency: "$", currencyBefore: true),
        .init(decimal: ",", grouping: "\u{202F}", currency: "€"), .init(decimal: ".", grouping: ",", currency: "GBP", currencyBefore: true),
        .init(decimal: ".", grouping: "'", currency: "CHF", currencyBefore: true),
    ]

    @Test("format then parse gives the value back (property, 4,800 cases)", arguments: styles)
    func roundTrip(_ style: Amounts.Style) {
        var rng = SplitMix(state: 42)
        for _ in 0..<400 {
            let cents = Int64.random(in: -99_999_999_999...99_999_999_999, using: &rng) / (Int64(1) << Int64.random(in: 0...30, using: &rng))
            let value = Decimal(cents) / 100
            let text = Amounts.format(value, style)
            // With the document's decimal separator known, every string is unambiguous.
            #expect(Amounts.parse(text, decimalSeparator: style.decimal) == value, "\(text) in \(style)")
            // Without it, only strings with two decimals and grouping are; they must still read right.
            #expect(Amounts.parse(text) == value, "\(text) in \(style) without a hint")
        }
    }

    @Test("amounts are found in running text, percentages and bare numbers are not")
    func findsInText() {
        let found = Amounts.find(in: "VAT 20 %: 1.234,56 EUR and 3 items at 10,00").map(\.value)
        #expect(found == [Decimal(string: "1234.56")!, 10])
        #expect(Amounts.find(in: "Invoice 2026 page 1 of 2").isEmpty)
        #expect(Amounts.find(in: "Qty 2 100.00").map(\.value) == [100])
        // A parenthesis on one side only is the words': "(Total incl. tax: 1.37)" holds 1.37; "(1.37)" is a negative amount.
        let closing = "(Total incl. tax: 1.37)"
        #expect(Amounts.find(in: closing).map(\.value) == [Decimal(string: "1.37")!])
        #expect(Amounts.find(in: closing).map { String(closing[$0.range]) } == ["1.37"])
        #expect(Amounts.find(in: "(1.37 paid by card").map(\.value) == [Decimal(string: "1.37")!])
        #expect(Amounts.find(in: "Credit (1.37)").map(\.value) == [Decimal(string: "-1.37")!])
        #expect(Amounts.dominantDecimalSeparator(in: "Net 1.234,56\nTax 234,57\nTotal 1.469,13") == ",")
        #expect(Amounts.dominantDecimalSeparator(in: "Net 1,234.56\nTotal 1,469.13") == ".")
    }

    @Test("a dash for no cents ends an amount in running text; a date range or a numbered list does not")
    func dashForNoCentsIsFound() {
        #expect(Amounts.find(in: "Summe   1.200,- €").map(\.value) == [1200])
        #expect(Amounts.find(in: "2 Stunden à 85,– € = 170,– €").map(\.value) == [85, 170])
        #expect(Amounts.find(in: "siehe Seiten 12.–14.").isEmpty)
        #expect(Amounts.find(in: "Punkte 1.-3. der Anlage").isEmpty)
    }
}

@Suite("Dates")
struct DateTests {
    static func d(_ y: Int, _ m: Int, _ day: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: day)! }

    static let cases: [(String, Dates.Order, CalendarDate?)] = [
        ("2026-03-01", .dmy, d(2026, 3, 1)), ("01.03.2026", .dmy, d(2026, 3, 1)), ("03/01/2026", .mdy, d(2026, 3, 1)), ("01/03/2026", .dmy, d(2026, 3, 1)),
        ("13/03/2026", .mdy, d(2026, 3, 13)), ("03/13/2026", .dmy, d(2026, 3, 13)), ("1.3.26", .dmy, d(2026, 3, 1)), ("01-03-99", .dmy, d(1999, 3, 1)),
        ("2026/3/1", .dmy, d(2026, 3, 1)), ("20260301", .dmy, d(2026, 3, 1)), ("1 March 2026", .dmy, d(2026, 3, 1)), ("March 1, 2026", .mdy, d(2026, 3, 1)),
        ("August 3 , 2014", .dmy, d(2014, 8, 3)), ("3rd August 2014", .dmy, d(2014, 8, 3)), ("Mar 1st, 2026", .dmy, d(2026, 3, 1)),
        ("1. März 2026", .dmy, d(2026, 3, 1)), ("1. Maerz 2026", .dmy, d(2026, 3, 1)), ("12. Dezember 2026", .dmy, d(2026, 12, 12)), ("3. Okt. 2026", .dmy, d(2026, 10, 3)),
        ("1er janvier 2026", .dmy, d(2026, 1, 1)), ("15 février 2026", .dmy, d(2026, 2, 15)), ("15 fevrier 2026", .dmy, d(2026, 2, 15)), ("3 août 2026", .dmy, d(2026, 8, 3)),
        ("3 mei 2026", .dmy, d(2026, 5, 3)), ("3 maart 2026", .dmy, d(2026, 3, 3)), ("17 okt 2026", .dmy, d(2026, 10, 17)),
        ("3 de marzo de 2026", .dmy, d(2026, 3, 3)), ("3 de diciembre de 2026", .dmy, d(2026, 12, 3)), ("3 ene 2026", .dmy, d(2026, 1, 3)),
        ("3 marzo 2026", .dmy, d(2026, 3, 3)), ("3 gennaio 2026", .dmy, d(2026, 1, 3)), ("3 settembre 2026", .dmy, d(2026, 9, 3)), ("3 ott 2026", .dmy, d(2026, 10, 3)),
        ("03-Mar-26", .dmy, d(2026, 3, 3)), ("03-MAR-2026", .mdy, d(2026, 3, 3)), ("29.02.2028", .dmy, d(2028, 2, 29)), ("Sept. 9, 2026", .dmy, d(2026, 9, 9)),
        // Not dates.
        ("31.04.2026", .dmy, nil), ("29.02.2027", .dmy, nil), ("13/13/2026", .dmy, nil), ("hello", .dmy, nil), ("1 Foo 2026", .dmy, nil), ("2026", .dmy, nil),
        ("12.2026", .dmy, nil),
    ]

    @Test("dates in six languages and numeric orders", arguments: cases.indices)
    func parses(_ i: Int) {
        let (text, order, want) = Self.cases[i]
        #expect(Dates.parse(text, order: order) == want, "\(text) as \(order)")
    }

    @Test("format then parse gives the date back (property, every order and separator)", arguments: Dates.Order.allCases)
    func roundTrip(_ order: Dates.Order) {
        var rng = SplitMix(state: 7)
        for _ in 0..<300 {
            let y = Int.random(in: 1990...2060, using: &rng), m = Int.random(in: 1...12, using: &rng)
            let day = Int.random(in: 1...CalendarDate.days(in: m, year: y), using: &rng)
            let date = CalendarDate(year: y, month: m, day: day)!
            for sep in [".", "/", "-"] {
                #expect(Dates.parse(Dates.format(date, order: order, separator: sep), order: order) == date)
                if order != .ymd, y >= 2000, y < 2070 {
                    #expect(Dates.parse(Dates.format(date, order: order, separator: sep, twoDigitYear: true), order: order) == date)
                }
            }
        }
    }

    @Test("month names round trip in each language")
    func monthNames() {
        let names = ["en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
                     "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
                     "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
                     "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
                     "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
                     "it": ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"]]
        for (lang, months) in names {
            for (i, m) in months.enumerated() {
                let text = lang == "en" ? "\(m) 14, 2026" : lang == "de" ? "14. \(m) 2026" : lang == "es" ? "14 de \(m) de 2026" : "14 \(m) 2026"
                #expect(Dates.parse(text) == CalendarDate(year: 2026, month: i + 1, day: 14), "\(lang): \(text)")
                #expect(Dates.find(in: "Datum / date: \(text) ok").first?.value == CalendarDate(year: 2026, month: i + 1, day: 14), "find \(lang): \(text)")
            }
        }
    }

    @Test("numeric order comes from the vendor's country")
    func countryOrder() {
        #expect(Dates.order(forCountry: "US") == .mdy)
        #expect(Dates.order(forCountry: "DE") == .dmy)
        #expect(Dates.parse("04/05/2026", order: Dates.order(forCountry: "US")) == CalendarDate(year: 2026, month: 4, day: 5))
        #expect(Dates.parse("04/05/2026", order: Dates.order(forCountry: "GB")) == CalendarDate(year: 2026, month: 5, day: 4))
    }

    @Test("compact dates: YYYYMMDD, else DDMMYYYY as receipt printers write it (MMDDYYYY where months come first)")
    func compactDates() {
        #expect(Dates.find(in: "Date: 14072019 16:07").map(\.value) == [CalendarDate(year: 2019, month: 7, day: 14)])
        #expect(Dates.find(in: "Datum 20260403").map(\.value) == [CalendarDate(year: 2026, month: 4, day: 3)])
        #expect(Dates.parse("12252018", order: .mdy) == CalendarDate(year: 2018, month: 12, day: 25))
        #expect(Dates.find(in: "Invoice 730214 POS 12345678").isEmpty, "not a date: no month in it")
        // A four-digit year run into the time after it; a longer number is not a year.
        #expect(Dates.find(in: "Date : 02/03/20197:31:08PM").map(\.value) == [CalendarDate(year: 2019, month: 3, day: 2)])
        #expect(Dates.find(in: "Ref 02/03/201977").isEmpty)
        // OCR's letter O for a zero beside a digit; the range is the printed text's.
        let printed = "O1-Nov-2017 11:20:04AM"
        let found = Dates.find(in: printed)
        #expect(found.map(\.value) == [CalendarDate(year: 2017, month: 11, day: 1)])
        #expect(found.first.map { String(printed[$0.range]) } == "O1-Nov-2017")
        #expect(Dates.find(in: "Date 12/05/2O18").map(\.value) == [CalendarDate(year: 2018, month: 5, day: 12)])
        #expect(Dates.find(in: "Oslo 12 Ocean 7").isEmpty && Dates.find(in: "NO 14/3").isEmpty)
        // OCR's 1 or 7 for a day-first date's second slash ("17/04/2019" read "170412019"); nine digits that are no date so are not one.
        #expect(Dates.find(in: "Doc No CS0001 Date 170412019 |").map(\.value) == [CalendarDate(year: 2019, month: 4, day: 17)])
        #expect(Dates.find(in: "Date 091172020").map(\.value) == [CalendarDate(year: 2020, month: 11, day: 9)])
        #expect(Dates.find(in: "Tel 123456789").isEmpty && Dates.find(in: "Ref 3201512019").isEmpty && Dates.find(in: "Ref 170452019").isEmpty)
    }
}

@Suite("Currencies")
struct CurrencyTests {
    @Test("codes and symbols, the most frequent wins, $ by country")
    func detect() {
        #expect(Currencies.detect(in: "Total 12,00 €\nNet 10,00 €")?.code == "EUR")
        #expect(Currencies.detect(in: "Amount: 12.00 GBP")?.code == "GBP")
        #expect(Currencies.detect(in: "Total $ 12.00")?.code == "USD")
        #expect(Currencies.detect(in: "Total $ 12.00", country: "CA")?.code == "CAD")
        #expect(Currencies.detect(in: "CHF 1'200.00 and Fr. 3.00")?.code == "CHF")
        #expect(Currencies.detect(in: "Rs. 1,499 paid ₹")?.code == "INR")
        #expect(Currencies.detect(in: "no money here, ABC XYZ") == nil)
    }
}

@Suite("Dates misread by OCR")
struct FuzzyDateTests {
    @Test("a month name with one wrong letter is still read, a word far from any month is not")
    func fuzzy() {
        #expect(Dates.findFuzzy(in: "Date: 22 aodt 2026").first?.value == CalendarDate(year: 2026, month: 8, day: 22))
        #expect(Dates.findFuzzy(in: "Datum: 3. Dezenber 2026").first?.value == CalendarDate(year: 2026, month: 12, day: 3))
        #expect(Dates.findFuzzy(in: "Date: 3 Jonuary 2026").first?.value == CalendarDate(year: 2026, month: 1, day: 3))
        #expect(Dates.findFuzzy(in: "Page 3 of 2026 items").isEmpty)
        #expect(Dates.findFuzzy(in: "12 apples 2026").isEmpty)
    }
}

extension LayoutTests {
    @Test("labels are tokenised once per schema, and a schema of the same name with other labels gets its own")
    func labelsPerSchema() {
        let a = LayoutExtractor(schema: .invoice), b = LayoutExtractor(schema: .invoice)
        #expect(a.labelsByFirstToken.keys.sorted() == b.labelsByFirstToken.keys.sorted() && !a.labelsByFirstToken.isEmpty)
        // A pipeline's own "invoice" schema whose number has a label of its own (made up).
        var own = FieldSchema.invoice
        own.fields = own.fields.map { f in
            var f = f
            if f.name == "invoice_number" { f.labels = ["Belegkennung"] }
            return f
        }
        let custom = LayoutExtractor(schema: own)
        #expect(custom.labelsByFirstToken["belegkennung"]?.first?.field == "invoice_number")
        #expect(LayoutExtractor(schema: .invoice).labelsByFirstToken["belegkennung"] == nil)
        #expect(custom.labelsByFirstToken["rechnungsnummer"] == nil)
    }
}

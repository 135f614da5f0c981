import Foundation
import Testing
@testable import QuireFields

/// Dates and amounts read in a line are kept for the next reading of the same line; what comes back must be as if read anew.
@Suite("What a line holds, read once")
struct LineReadCacheTests {
    @Test func aLineSpeltWithAnotherAccentGetsItsOwnRanges() {
        // The same words, "ä" composed in one and an "a" with a combining mark in the other: equal as Swift strings, but
        // a range found in one does not slice the other.
        let composed = "Fällig am 05.03.2026: 1.234,56 EUR"
        let decomposed = "Fa\u{308}llig am 05.03.2026: 1.234,56 EUR"
        #expect(composed == decomposed)
        for text in [composed, decomposed, composed, decomposed] {
            let dates = Dates.find(in: text, order: .dmy)
            #expect(dates.count == 1)
            #expect(dates.first.map { String(text[$0.range]) } == "05.03.2026")
            let amounts = Amounts.find(in: text, decimalSeparator: ",")
            #expect(amounts.first.map { String(text[$0.range]) } == "1.234,56")
        }
    }

    @Test func theVariantReadIsPartOfWhatIsKept() {
        let text = "Issued 03/04/2026, total 1,250"
        #expect(Dates.find(in: text, order: .dmy).first?.value == CalendarDate(year: 2026, month: 4, day: 3))
        #expect(Dates.find(in: text, order: .mdy).first?.value == CalendarDate(year: 2026, month: 3, day: 4))
        #expect(Dates.find(in: text, order: .dmy).first?.value == CalendarDate(year: 2026, month: 4, day: 3))
    }

    @Test func aFullCacheStartsAgain() {
        let cache = LineReadCache<Int>(limit: 3)
        var reads = 0
        for text in ["a", "b", "c", "a", "d", "a"] { _ = cache.value(text, variant: "") { reads += 1; return text.count } }
        // a, b, c read; a kept; d empties the full cache; a read again.
        #expect(reads == 5)
    }
}

import QuireCore
import Testing

@Suite("Words OCR returned twice")
struct RepeatedWordsTests {
    typealias W = RepeatedWords.Word

    @Test("the same word at one place is one word, the surer stays; side by side, or turned another way, it is two")
    func repeatsAtOnePlace() {
        let words = [
            W(text: "Gesamt", x0: 353.2, y0: 334.4, x1: 393.1, y1: 341.3, confidence: 0.968),
            W(text: "(brutto)", x0: 401.4, y0: 334.1, x1: 438.1, y1: 342.4, confidence: 0.967),
            W(text: "Gesamt", x0: 352.8, y0: 334.1, x1: 393.1, y1: 341.3, confidence: 0.966),
            W(text: "(brutto)", x0: 397.1, y0: 328, x1: 438.1, y1: 348.1, confidence: 0.972),
            W(text: "50", x0: 40, y0: 40, x1: 52, y1: 50, confidence: 0.9),
            W(text: "50", x0: 60, y0: 40, x1: 72, y1: 50, confidence: 0.9),
            W(text: "50", rotation: 270, x0: 40, y0: 40, x1: 52, y1: 50, confidence: 0.95),
        ]
        // The second "Gesamt" (less sure) and the first "(brutto)" (less sure than its repeat) go.
        #expect(RepeatedWords.repeats(words) == [1, 2])
        #expect(RepeatedWords.repeats([]) == [])
        // Another word at the same place is no repeat.
        #expect(RepeatedWords.repeats([W(text: "6.870139", x0: 0, y0: 0, x1: 50, y1: 10, confidence: 0.7),
                                       W(text: "6.870,39", x0: 0, y0: 0, x1: 50, y1: 10, confidence: 0.9)]).isEmpty)
    }
}

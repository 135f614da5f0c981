@testable import QuireFields

extension DocumentText {
    /// Lines as OCR returns them: one row each (20 points apart, words 10 high), split at single spaces, each
    /// character 6 points wide with `gap` points between words, each word with the confidence `confidence` gives it.
    static func scanned(_ lines: [String], gap: Double = 6, confidence: (String) -> Double = { _ in 0.9 }) -> DocumentText {
        var words: [SourceWord] = []
        for (row, line) in lines.enumerated() {
            var x = 0.0
            for w in line.split(separator: " ").map(String.init) {
                words.append(SourceWord(text: w, x0: x, y0: Double(row) * 20, x1: x + Double(w.count) * 6, y1: Double(row) * 20 + 10,
                                        confidence: confidence(w), page: 1))
                x += Double(w.count) * 6 + gap
            }
        }
        return DocumentText(words: words)
    }
}

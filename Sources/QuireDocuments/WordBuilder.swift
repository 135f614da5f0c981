/// Builds words and reading-order text from per-character boxes.
///
/// poppler's plain text glues table cells together ("DescriptionQtyUnit"); its per-character
/// layout does not. A word ends at whitespace, at a horizontal gap wider than a third of the
/// character height, and where the line changes.
enum WordBuilder {
    struct Glyph {
        var character: Character
        var x0, y0, x1, y1: Double
    }

    static func words(from glyphs: [Glyph]) -> [Word] {
        var words: [Word] = []
        var current: [Glyph] = []
        func flush() {
            guard !current.isEmpty else { return }
            let text = String(current.map(\.character))
            words.append(Word(text: text, x0: current.map(\.x0).min()!, y0: current.map(\.y0).min()!,
                              x1: current.map(\.x1).max()!, y1: current.map(\.y1).max()!))
            current.removeAll()
        }
        for g in glyphs {
            if g.character.isWhitespace || g.character.isNewline {
                flush()
                continue
            }
            if let last = current.last {
                let height = max(1, max(last.y1 - last.y0, g.y1 - g.y0))
                let midLast = (last.y0 + last.y1) / 2, mid = (g.y0 + g.y1) / 2
                let newLine = abs(mid - midLast) > height / 2
                let gap = g.x0 - last.x1
                if newLine || gap > height / 3 || gap < -height { flush() }
            }
            current.append(g)
        }
        flush()
        return words
    }

    /// Groups words into lines (by vertical overlap) and joins them, top to bottom.
    static func text(of words: [Word]) -> String {
        var lines: [[Word]] = []
        for w in words.sorted(by: { ($0.y0 + $0.y1) < ($1.y0 + $1.y1) }) {
            let mid = (w.y0 + w.y1) / 2
            if let i = lines.lastIndex(where: { line in
                let l = line[0]
                return abs((l.y0 + l.y1) / 2 - mid) <= max(1, (l.y1 - l.y0)) / 2
            }) {
                lines[i].append(w)
            } else {
                lines.append([w])
            }
        }
        return lines.map { $0.sorted { $0.x0 < $1.x0 }.map(\.text).joined(separator: " ") }.joined(separator: "\n")
    }
}

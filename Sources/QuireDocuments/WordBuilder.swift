import QuireCore

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

    /// The direction most glyphs advance in, as the clockwise rotation of the text: right → 0,
    /// down → 90, left → 180, up → 270. Needs ten neighbouring pairs inside words and a 60 % majority.
    static func rotation(of glyphs: [Glyph]) -> Int {
        var votes = [0, 0, 0, 0]
        for i in 1..<max(1, glyphs.count) {
            let a = glyphs[i - 1], b = glyphs[i]
            guard !a.character.isWhitespace, !b.character.isWhitespace else { continue }
            let dx = (b.x0 + b.x1 - a.x0 - a.x1) / 2, dy = (b.y0 + b.y1 - a.y0 - a.y1) / 2
            let size = max(a.x1 - a.x0, a.y1 - a.y0, 1)
            guard abs(dx) + abs(dy) < size * 3 else { continue }   // a jump, not the next letter
            if abs(dx) >= abs(dy) { votes[dx >= 0 ? 0 : 2] += 1 } else { votes[dy > 0 ? 1 : 3] += 1 }
        }
        let total = votes.reduce(0, +)
        guard total >= 10, let best = votes.indices.max(by: { votes[$0] < votes[$1] }), Double(votes[best]) >= 0.6 * Double(total) else { return 0 }
        return best * 90
    }

    /// A glyph box on a page turned by `rotation`, in the upright page's coordinates. `width` and
    /// `height` are the turned page's (as displayed).
    static func upright(_ g: Glyph, rotation: Int, width: Double, height: Double) -> Glyph {
        var u = g
        switch rotation {
        case 90: (u.x0, u.x1, u.y0, u.y1) = (g.y0, g.y1, width - g.x1, width - g.x0)
        case 180: (u.x0, u.x1, u.y0, u.y1) = (width - g.x1, width - g.x0, height - g.y1, height - g.y0)
        case 270: (u.x0, u.x1, u.y0, u.y1) = (height - g.y1, height - g.y0, g.x0, g.x1)
        default: break
        }
        return u
    }

    /// Words from glyphs in poppler's reading order. A word ends at whitespace, at a gap along the line wider than a third
    /// of the character height, and where the line changes; a word set turned by 90° on an upright page (legal mentions
    /// along the margin) runs down or up the page glyph by glyph, and is one word turned that way.
    static func words(from glyphs: [Glyph]) -> [Word] {
        var words: [Word] = []
        var current: [Glyph] = []
        var turn = 0
        func flush() {
            guard !current.isEmpty else { return }
            let text = spellingOutLigatures(String(current.map(\.character)))
            words.append(Word(text: text, x0: current.map(\.x0).min()!, y0: current.map(\.y0).min()!,
                              x1: current.map(\.x1).max()!, y1: current.map(\.y1).max()!, rotation: turn))
            current.removeAll()
            turn = 0
        }
        for g in glyphs {
            if g.character.isWhitespace || g.character.isNewline {
                flush()
                continue
            }
            if let last = current.last {
                if current.count == 1 || turn != 0, let t = stacked(last, g), current.count == 1 || t == turn {
                    turn = t
                } else if turn != 0 {
                    flush()
                } else {
                    let height = max(1, max(last.y1 - last.y0, g.y1 - g.y0))
                    let midLast = (last.y0 + last.y1) / 2, mid = (g.y0 + g.y1) / 2
                    let newLine = abs(mid - midLast) > height / 2
                    let gap = g.x0 - last.x1
                    if newLine || gap > height / 3 || gap < -height { flush() }
                }
            }
            current.append(g)
        }
        flush()
        // A one-glyph word of a turned line ("à", "–") has no neighbour to tell its direction: it takes its line's.
        // (Nearly every page has no turned word: nothing to look through.)
        let turned = words.filter { $0.rotation != 0 }
        guard !turned.isEmpty else { return words }
        for i in words.indices where words[i].rotation == 0 && words[i].text.count == 1 {
            let w = words[i]
            if let line = turned.first(where: { v in
                min(v.x1, w.x1) - max(v.x0, w.x0) >= 0.8 * max(v.x1 - v.x0, w.x1 - w.x0)
                    && max(v.y0 - w.y1, w.y0 - v.y1) <= (v.x1 - v.x0) * 1.5
            }) { words[i].rotation = line.rotation }
        }
        return words
    }

    /// Whether `b` goes on from `a` in a word turned by 90°: the two share their width across the line (a turned glyph's
    /// width is its type size), and `b` sits right under `a` (the word reads down the page: 90) or right above it (up the
    /// page: 270). Glyphs along a line sit side by side and never share most of their width.
    static func stacked(_ a: Glyph, _ b: Glyph) -> Int? {
        let wide = max(a.x1 - a.x0, b.x1 - b.x0), size = min(a.x1 - a.x0, b.x1 - b.x0)
        guard size > 0, min(a.x1, b.x1) - max(a.x0, b.x0) >= 0.8 * wide, size >= 0.8 * wide else { return nil }
        if abs(b.y0 - a.y1) <= size / 3 { return 90 }
        if abs(a.y0 - b.y1) <= size / 3 { return 270 }
        return nil
    }

    /// The typographic ligatures of Unicode's compatibility block, as the letters they stand for.
    static let ligatures: [Unicode.Scalar: String] = ["\u{FB00}": "ff", "\u{FB01}": "fi", "\u{FB02}": "fl", "\u{FB03}": "ffi",
                                                     "\u{FB04}": "ffl", "\u{FB05}": "st", "\u{FB06}": "st"]

    /// `text` with every typographic ligature spelled out. A PDF typeset with a font's ligatures gives "Identiﬁkation"
    /// (one "ﬁ" where the font drew one glyph), and tesseract sometimes reads a ligature as one: labels, month names and
    /// names are matched letter for letter, so "ﬁn de mois" or "USt-Identiﬁkationsnummer" would not be found.
    static func spellingOutLigatures(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { ligatures[$0] != nil }) else { return text }
        var out = ""
        for u in text.unicodeScalars {
            if let letters = ligatures[u] { out += letters } else { out.unicodeScalars.append(u) }
        }
        return out
    }

    /// Groups words into lines (by vertical overlap) and joins them, top to bottom; then the lines of words turned by 90°,
    /// each read along its own direction (up the page from the bottom, or down it from the top), in the order their
    /// lines follow each other (left to right for text that reads up, right to left for text that reads down).
    static func text(of words: [Word]) -> String {
        var lines: [[Word]] = []
        for w in words.filter({ $0.rotation == 0 }).sorted(by: { ($0.y0 + $0.y1) < ($1.y0 + $1.y1) }) {
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
        let upright = lines.map { $0.sorted { $0.x0 < $1.x0 }.map(\.text).joined(separator: " ") }
        let turned = turnedLines(words).map { $0.map(\.text).joined(separator: " ") }
        return (upright + turned).joined(separator: "\n")
    }

    /// The words turned by 90° grouped into their lines, each in reading order, the lines in the order they are read.
    static func turnedLines(_ words: [Word]) -> [[Word]] {
        [270, 90].flatMap { turn in TurnedLines.group(words.filter { $0.rotation == turn }, turn: turn) { ($0.x0, $0.y0, $0.x1, $0.y1) } }
    }
}

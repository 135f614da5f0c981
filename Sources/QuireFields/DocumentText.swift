import Foundation
public import QuireCore

/// A line of words on a page, left to right, with the text they make and where each word sits in it.
public struct TextLine: Sendable {
    public var page: Int
    public var words: [SourceWord]
    /// Words joined by one space, or three where a gap looks like a column break.
    public var text: String
    /// The character range of each word in `text`.
    public var ranges: [Range<String.Index>]
    public var y0: Double, y1: Double

    init(page: Int, words: [SourceWord]) {
        self.page = page
        self.words = words
        var text = ""
        var offsets: [(Int, Int)] = []
        let height = words.map { $0.y1 - $0.y0 }.max() ?? 10
        for (i, w) in words.enumerated() {
            if i > 0 { text += (w.x0 - words[i - 1].x1) > height * 1.2 || Self.typeChanges(words[i - 1], w) ? LineColumns.gap : " " }
            let start = text.utf16.count
            text += w.text
            offsets.append((start, text.utf16.count))
        }
        self.text = text
        self.ranges = offsets.map { String.Index(utf16Offset: $0.0, in: text)..<String.Index(utf16Offset: $0.1, in: text) }
        self.y0 = words.map(\.y0).min() ?? 0
        self.y1 = words.map(\.y1).max() ?? 0
    }

    /// Whether a PDF's word and the next one are two columns because the type changes size across a gap wider than half
    /// a word space of the larger type would be twice over: a letterhead in 15 points and the title beside it in 9.5
    /// ("Beispiel UG (haftungsbeschränkt)   Lieferschein/Rechnung Nr. …", 12.6 points apart) or in 18 ("Beispiel EURL
    /// Facture récapitulative", 10 points apart), under the 1.2 line heights a gap needs otherwise. A word space is about
    /// 0.3 of its type's box; a title's "Rechnung" in 18 points and "Nr. 17" in 10 stay one phrase. (poppler's boxes are
    /// the fonts' own, so their heights are the type's size; OCR's hug the letters, "am" half as high as "Datum", and are
    /// left to the gap alone.)
    static func typeChanges(_ a: SourceWord, _ b: SourceWord) -> Bool {
        guard a.confidence == nil, b.confidence == nil else { return false }
        let ha = a.y1 - a.y0, hb = b.y1 - b.y0
        guard min(ha, hb) > 0, max(ha, hb) >= 1.15 * min(ha, hb) else { return false }
        return b.x0 - a.x1 > 0.45 * max(ha, hb)
    }

    /// The words whose characters overlap `range` of `text`.
    public func words(in range: Range<String.Index>) -> [SourceWord] {
        zip(words, ranges).filter { $0.1.overlaps(range) }.map(\.0)
    }

    public var x0: Double { words.first?.x0 ?? 0 }
    public var x1: Double { words.last?.x1 ?? 0 }
}

/// The text of a document as fields see it: per page, words with boxes grouped into lines, from
/// the PDF text layer or OCR; plus a layout-preserving text like `pdftotext -layout` for templates.
public struct DocumentText: Sendable {
    public let lines: [TextLine]
    /// All text, one line per line, pages separated by form feeds.
    public let plainText: String
    public var pageCount: Int
    /// True where any page's words came from OCR.
    public var fromOCR: Bool
    /// Mean OCR word confidence (0...1), nil for a born-digital document.
    public var meanOCRConfidence: Double?

    public init(words: [SourceWord], pageCount: Int? = nil) {
        let pages = Dictionary(grouping: words.map(DocumentText.semicolonAsComma).map(DocumentText.colonAsThousands).map(DocumentText.numberMarkAsRead)
            .flatMap(DocumentText.splitGlued), by: \.page)
        var lines: [TextLine] = []
        for page in pages.keys.sorted() {
            lines += DocumentText.group(DocumentText.layDown(pages[page]!), page: page)
        }
        self.lines = lines
        self.plainText = DocumentText.plainText(lines)
        self.pageCount = pageCount ?? (pages.keys.max() ?? 0)
        let conf = words.compactMap(\.confidence)
        self.fromOCR = !conf.isEmpty
        self.meanOCRConfidence = conf.isEmpty ? nil : conf.reduce(0, +) / Double(conf.count)
    }

    /// Plain text without boxes (a `.txt` capture, a test): each line becomes a line of words
    /// with boxes made up from character positions (6 points a character, 14 a line).
    public init(plainText: String) {
        var words: [SourceWord] = []
        for (page, pageText) in plainText.components(separatedBy: "\u{0C}").enumerated() {
            for (n, line) in pageText.components(separatedBy: "\n").enumerated() {
                var col = 0
                var current = ""
                var start = 0
                for ch in line + " " {
                    if ch == " " || ch == "\t" {
                        if !current.isEmpty {
                            words.append(SourceWord(text: current, x0: Double(start) * 6, y0: Double(n) * 14, x1: Double(col) * 6, y1: Double(n) * 14 + 10, page: page + 1))
                            current = ""
                        }
                    } else {
                        if current.isEmpty { start = col }
                        current.append(ch)
                    }
                    col += 1
                }
            }
        }
        self.init(words: words)
    }

    /// Reads the outputs of `pdf.text` (pages with words `[text, x0, y0, x1, y1]`) and of
    /// `ocr.page` (a list of pages with words `[text, x0, y0, x1, y1, confidence]`). OCR replaces
    /// the PDF words of the pages it read.
    public init(textOutput: JSONValue?, ocrOutput: JSONValue?) {
        var byPage: [Int: [SourceWord]] = [:]
        var count = textOutput?["page_count"]?.intValue ?? 0
        for p in textOutput?["pages"]?.arrayValue ?? [] {
            guard let n = p["number"]?.intValue else { continue }
            byPage[n] = (p["words"]?.arrayValue ?? []).compactMap { DocumentText.word($0, page: n) }
        }
        let ocrPages = ocrOutput?.arrayValue ?? (ocrOutput.map { [$0] } ?? [])
        for p in ocrPages {
            guard let n = p["page"]?.intValue else { continue }
            byPage[n] = Self.withoutRepeats((p["words"]?.arrayValue ?? []).compactMap { DocumentText.word($0, page: n) })
            count = max(count, n)
        }
        self.init(words: byPage.keys.sorted().flatMap { byPage[$0]! }, pageCount: count)
    }

    /// A page's OCR words less those it returned twice at one place (``RepeatedWords``). OCR drops them itself now; this
    /// reads OCR output stored before it did (items already in the store, benchmark caches) the same way. (A line read
    /// again whose old words stayed beside the new reading printed "Gesamt Gesamt (brutto) (brutto)", a label no rule
    /// knows, and the total beside it was lost.)
    static func withoutRepeats(_ words: [SourceWord]) -> [SourceWord] {
        RepeatedWords.removing(from: words) {
            RepeatedWords.Word(text: $0.text, rotation: $0.rotation, x0: $0.x0, y0: $0.y0, x1: $0.x1, y1: $0.y1, confidence: $0.confidence ?? 0)
        }
    }

    /// A word as `[text, x0, y0, x1, y1, confidence?]` (stage outputs) or as an object with those keys (`pdf.read`).
    static func word(_ v: JSONValue, page: Int) -> SourceWord? {
        let parts: [JSONValue]
        if let a = v.arrayValue { parts = a } else if v.objectValue != nil {
            parts = [v["text"] ?? .null, v["x0"] ?? .null, v["y0"] ?? .null, v["x1"] ?? .null, v["y1"] ?? .null] + (v["confidence"].map { [$0] } ?? [])
        } else { return nil }
        guard parts.count >= 5, let t = parts[0].stringValue, !t.isEmpty,
              let x0 = parts[1].numberValue, let y0 = parts[2].numberValue, let x1 = parts[3].numberValue, let y1 = parts[4].numberValue else { return nil }
        var c = parts.count > 5 ? parts[5].numberValue : nil
        if let v = c, v > 1 { c = v / 100 }
        // A word turned by 90°: `[…, confidence or null, degrees]`, or `rotation` in the object form.
        let turn = (parts.count > 6 ? parts[6].intValue : v["rotation"]?.intValue).flatMap { [90, 270].contains($0) ? $0 : nil } ?? 0
        return SourceWord(text: t, x0: x0, y0: y0, x1: x1, y1: y1, confidence: c, page: page, rotation: turn)
    }

    /// A page's words with those turned by 90° (legal mentions set along the margin) laid down as lines of their own below
    /// the page's other words, as if printed at its foot: a turned line's words sit one after another along it, as upright
    /// words do, and each turned line under the one read before it. Grouped where they are printed, a turned word would join
    /// whichever upright line crosses its height, one word per line. Each keeps its printed box for the output.
    static func layDown(_ words: [SourceWord]) -> [SourceWord] {
        let turned = words.filter { $0.rotation != 0 }
        guard !turned.isEmpty else { return words }
        var out = words.filter { $0.rotation == 0 }
        var foot = (out.map(\.y1).max() ?? 0)
        for turn in [270, 90] {
            let lines = TurnedLines.group(turned.filter { $0.rotation == turn }, turn: turn) { ($0.x0, $0.y0, $0.x1, $0.y1) }
            for line in lines {
                let size = line.map { $0.x1 - $0.x0 }.max() ?? 10
                let top = foot + size * 1.5
                // Along the line from its start: the bottom for a line that reads up, the top for one that reads down.
                let start = turn == 270 ? line.map(\.y1).max()! : line.map(\.y0).min()!
                let left = line.map(\.x0).min()!
                for w in line {
                    var d = w
                    d.printedBox = [w.x0, w.y0, w.x1, w.y1]
                    (d.x0, d.x1) = turn == 270 ? (left + start - w.y1, left + start - w.y0) : (left + w.y0 - start, left + w.y1 - start)
                    (d.y0, d.y1) = (top, top + (w.x1 - w.x0))
                    out.append(d)
                }
                foot = top + size
            }
        }
        return out
    }

    /// An amount's decimal comma that OCR read as a semicolon ("321;52", "1.771;81 €"), put back: a semicolon never
    /// stands between figures of an amount on a page. Only in OCR's words; a PDF's own text is as written.
    static func semicolonAsComma(_ w: SourceWord) -> SourceWord {
        guard w.confidence != nil, w.text.contains(";"),
              let r = semicolonCents.firstRange(in: w.text),
              let semi = w.text[r].lastIndex(of: ";") else { return w }
        var out = w
        out.text.replaceSubrange(semi...semi, with: w.text[r].contains(",") ? "." : ",")
        return out
    }

    /// An amount's thousands separator that OCR read as a colon ("12:332,13", "3:279,32 €", "1:250.00"), put back as the
    /// separator that goes with its decimal one: a colon between figures is a time's ("12:30"), never followed by three
    /// figures and cents. Only in OCR's words; a PDF's own text is as written.
    static func colonAsThousands(_ w: SourceWord) -> SourceWord {
        guard w.confidence != nil, w.text.contains(":"), let r = colonThousands.firstRange(in: w.text),
              let colon = w.text[r].firstIndex(of: ":") else { return w }
        let decimal = w.text[r].last(where: { $0 == "," || $0 == "." }) ?? ","
        var out = w
        out.text.replaceSubrange(colon...colon, with: decimal == "," ? "." : ",")
        return out
    }

    /// The "Nr." at the end of a compound label that OCR read in a Helvetica-like face as "NO", "N0", "N2" or "N9"
    /// ("Rechnungs-N2:", "Beleg-NO", "USt-IdNO"), put back, so that the label is found. Only in OCR's words, and only
    /// after a small letter and a hyphen or after "Id": a word of its own ("NO", "N°") is a number mark already.
    static func numberMarkAsRead(_ w: SourceWord) -> SourceWord {
        guard w.confidence != nil,
              let r = numberMarkMisread.firstRange(in: w.text) else { return w }
        var out = w
        out.text.replaceSubrange(r, with: "Nr.")
        return out
    }

    static let semicolonCents = Pattern(#"^[-(]?\d[\d.,']*;\d{2}(?=\D*$)"#)
    static let colonThousands = Pattern(#"^[-(]?\d{1,3}:\d{3}(?:[.,']\d{3})*[.,]\d{2}(?=\D*$)"#)
    static let numberMarkMisread = Pattern(#"(?<=\p{Ll}-|Id)N[O0Q29]\.?(?=:?$)"#)
    static let numberMarkAtEnd = Pattern(#"(?:N[°ºo]\.?|Nr\.?|n°|#)$"#)
    static let totalRunIntoA = Pattern(#"^(?i:total|net|reste|montant|solde|somme)[àäâ]$"#)
    static let taxNameRunIntoRate = Pattern(#"^\p{L}+\.?\d{1,2}(?:[.,]\d{1,2})?%$"#)

    /// Label words that PDFs and OCR run into the value after them.
    static let gluedLabelTails = ["date", "datum", "nr", "no", "number", "nummer"]

    /// Splits a label glued to its value ("n°7710042", "Nr.:4711", "#INV-1", "Date:01.02.2026")
    /// into two words, dividing the box by characters, so that labels and values meet as words.
    static func splitGlued(_ w: SourceWord) -> [SourceWord] {
        let chars = Array(w.text)
        var cut: Int
        if chars.count >= 3, let i = chars.firstIndex(where: { "°º#:".contains($0) }), i + 1 < chars.count, chars[i + 1].isNumber,
           i == 0 || chars[..<i].allSatisfy({ $0.isLetter || $0 == "." }) {
            cut = i + 1
        } else if let i = chars.firstIndex(where: \.isNumber), i >= 2,
                  chars[..<i].allSatisfy(\.isLetter) || (chars[i - 1] == "." && i >= 3 && chars[..<(i - 1)].allSatisfy(\.isLetter)),
                  gluedLabelTails.contains(where: { String(chars[..<i]).lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ".")).hasSuffix($0) }) {
            // "date03.11.2026", "Nr4711", "Nr.55123": a label word run into its value.
            cut = i
        } else if let m = numberMarkAtEnd.firstRange(in: w.text), m.lowerBound > w.text.startIndex,
                  Labels.titles.contains(String(w.text[..<m.lowerBound]).lowercased()) {
            // "FactureN°", "RechnungNr.", "InvoiceNo.": a title run into the number mark after it (OCR lost the space).
            cut = w.text.distance(from: w.text.startIndex, to: m.lowerBound)
        } else if w.confidence != nil, totalRunIntoA.matches(w.text) {
            // "Totalà payer", "Netä payer": OCR ran the label's word into the "à" after it (and may read it "ä").
            cut = chars.count - 1
        } else if let i = chars.firstIndex(where: \.isNumber), i >= 2, chars.last == "%",
                  Labels.salesTaxNames.contains(String(chars[..<i]).lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))),
                  taxNameRunIntoRate.matches(w.text) {
            // "TVA10%", "MwSt.19%": a tax's name run into its rate (OCR lost the space), so that the rate's line is a tax line.
            cut = i
        } else if let i = chars.firstIndex(where: \.isNumber), i >= 2, i <= 4, chars[i...].contains(where: { $0 == "." || $0 == "," }),
                  Currencies.isGluedPrefix(String(chars[..<i])) {
            // "RM28.05", "EUR12,50", "Rs.450.00": a currency run into its amount (the amount pattern
            // wants no letter before the number).
            cut = i
        } else {
            return [w]
        }
        let x = w.x0 + (w.x1 - w.x0) * Double(cut) / Double(chars.count)
        var a = w, b = w
        a.text = String(chars[..<cut]); a.x1 = x
        b.text = String(chars[cut...]); b.x0 = x
        if "äâ".contains(b.text) { b.text = "à" }
        return [a, b]
    }

    /// Groups a page's words into lines: a word joins the line whose vertical middle band it
    /// overlaps; lines run top to bottom, words left to right. On a scan turned by a degree or two
    /// (OCR boxes are upright, the printed lines are not), the page's slope is taken out first:
    /// otherwise a label at the left margin and its amount at the right one land on different lines.
    static func group(_ words: [SourceWord], page: Int) -> [TextLine] {
        let slope = words.contains(where: { $0.confidence != nil }) ? skew(words) : 0
        func level(_ w: SourceWord) -> Double { (w.y0 + w.y1) / 2 - slope * (w.x0 + w.x1) / 2 }
        // A mark ("-", "|", ".") is far lower than the words beside it: a band as thin as it would split its
        // line in two ("CONTOH JAYA INTERNATIONAL SDN" | "BHD -"). Words (and marks of at least half the page's
        // usual height) make the lines; marks join the line they sit in next to one of its words, or stand alone.
        let heights = words.map { $0.y1 - $0.y0 }.sorted()
        let usual = heights.isEmpty ? 0 : heights[heights.count / 2]
        let isMark = { (w: SourceWord) in w.y1 - w.y0 < usual * 0.5 && !w.isReadable }
        var rows: [[SourceWord]] = []
        var bands: [(Double, Double)] = []
        for w in words.filter({ !isMark($0) }).sorted(by: { level($0) < level($1) }) {
            let mid = level(w)
            if let i = bands.indices.last, mid >= bands[i].0, mid <= bands[i].1 {
                rows[i].append(w)
            } else {
                let h = max(1, w.y1 - w.y0)
                rows.append([w])
                bands.append((mid - h * 0.35, mid + h * 0.35))
            }
        }
        for w in words where isMark(w) {
            let mid = level(w)
            // (Only next to a word of it: a lone dot or bar far out in the margin is noise of its own.)
            func near(_ v: SourceWord) -> Bool { max(v.x0 - w.x1, w.x0 - v.x1) < usual * 1.5 }
            if let i = bands.indices.first(where: { mid >= bands[$0].0 && mid <= bands[$0].1 && rows[$0].contains(where: near) }) { rows[i].append(w) } else {
                rows.append([w])
                bands.append((mid, mid))
            }
        }
        let order = bands.indices.sorted { (bands[$0].0 + bands[$0].1) < (bands[$1].0 + bands[$1].1) }
        rows = followReadingOrder(reassignStrays(mergeSplitRows(order.map { rows[$0] }, level: level)), words: words, usual: usual)
        // A row of OCR marks alone ("|", ":", "—": a table's ruling read as glyphs between its headings and its values) says
        // nothing, and would stand between a heading and the value under it.
        rows.removeAll { row in row.allSatisfy { $0.confidence != nil && !$0.isReadable } }
        return rows.map { TextLine(page: page, words: joinSplitDecimals($0.sorted { $0.x0 < $1.x0 })) }
    }

    /// An OCR word as tall as two lines (its box took in a speck or a rule above or below it: "MAJU)" of a name's last
    /// line, 11 points tall among words of 5) is at the level of both, and its middle, between them, may put it on the
    /// wrong one ("ENTERPRISE (TAMAN" / "SDN BHD" / "MAJU) 12345-K"). OCR read it as part of a line, and its words come
    /// in reading order: where neither word read next to it is on its row, and the word read after it (or else before
    /// it) stands right beside it on the side it is read, at a level inside its box, it goes to that word's row.
    static func followReadingOrder(_ rows: [[SourceWord]], words: [SourceWord], usual: Double) -> [[SourceWord]] {
        let tall = words.indices.filter { k in
            let w = words[k]
            return w.confidence != nil && w.rotation == 0 && w.y1 - w.y0 > usual * 1.7 && w.isReadable
        }
        // (Most pages have none: then nothing to index.)
        guard usual > 0, !tall.isEmpty else { return rows }
        var rows = rows
        var rowOf: [SourceWord: Int] = [:]
        for (i, row) in rows.enumerated() { for w in row where rowOf[w] == nil { rowOf[w] = i } }
        for k in tall {
            let w = words[k]
            guard let i = rowOf[w] else { continue }
            let before = k > 0 ? words[k - 1] : nil, after = k + 1 < words.count ? words[k + 1] : nil
            if [before, after].contains(where: { $0.flatMap { rowOf[$0] } == i }) { continue }
            func inside(_ v: SourceWord) -> Bool { let mid = (v.y0 + v.y1) / 2; return mid > w.y0 && mid < w.y1 && v.y1 - v.y0 < (w.y1 - w.y0) * 0.75 }
            var target: Int? = nil
            if let a = after, a.rotation == 0, a.x0 >= w.x1 - usual * 0.3, a.x0 - w.x1 < usual * 2, inside(a) { target = rowOf[a] }
            else if let b = before, b.rotation == 0, b.x1 <= w.x0 + usual * 0.3, w.x0 - b.x1 < usual * 2, inside(b) { target = rowOf[b] }
            guard let j = target, j != i, let at = rows[i].firstIndex(of: w) else { continue }
            rows[j].append(rows[i].remove(at: at))
            rowOf[w] = j
        }
        return rows.filter { !$0.isEmpty }
    }

    /// A word far out along its row from the row's other words, right beside a word of the row above or below whose
    /// box it shares (a value a point lower than its label, "Beleg-Nr.   AR338508", banded with the address window's
    /// line at the other side of the page because its middle lay nearer that line's, or a point higher, banded with the
    /// letterhead's): moved to its neighbour's row.
    /// A word joins the band of the first word at its level; this puts it where its own neighbours are. (After rows cut
    /// in two are merged: a speck that opened a band is no neighbour a name's first word is moved away from.)
    static func reassignStrays(_ rows: [[SourceWord]]) -> [[SourceWord]] {
        var rows = rows
        func gap(_ a: SourceWord, _ b: SourceWord) -> Double { max(a.x0 - b.x1, b.x0 - a.x1) }
        func shared(_ a: SourceWord, _ b: SourceWord) -> Double { min(a.y1, b.y1) - max(a.y0, b.y0) }
        for i in rows.indices {
            var k = 0
            while k < rows[i].count {
                let w = rows[i][k]
                let h = w.y1 - w.y0
                let own = rows[i].indices.filter { $0 != k }.map { gap(rows[i][$0], w) }.min() ?? .infinity
                guard h > 0, w.isReadable, own > 4 * h else { k += 1; continue }
                let target = [i - 1, i + 1].filter { rows.indices.contains($0) }.first { j in
                    rows[j].contains { v in
                        let low = min(h, v.y1 - v.y0)
                        // (Beside it: within two and a half of its heights, or at a tab stop within four where its own row has
                        // words and they are further still: "Rechnungs-Nr.      2025-10603" beside a letterhead's name; a
                        // speck alone on its row is not taken that far.)
                        return v.isReadable && gap(v, w) < max(2.5 * low, own.isFinite ? min(4 * low, own / 2) : 0)
                            && shared(v, w) >= 0.75 * low
                    } && !rows[j].contains { v in min(v.x1, w.x1) - max(v.x0, w.x0) > 0 }
                }
                if let j = target {
                    rows[j].append(rows[i].remove(at: k))
                } else { k += 1 }
            }
        }
        return rows.filter { !$0.isEmpty }
    }

    /// Rows that are one printed line cut in two: a band is opened by the first word at its level, and a
    /// stray glyph a little above the line ("MOONLIGHT HOUSE SDN BHD" with "CAKE" on a row of its own,
    /// because an "e" of noise far to the right opened the band) takes part of the line into its row.
    /// Neighbouring rows whose middles (the median of their words') lie within a third of a word's height
    /// of each other, whose words do not overlap across, and where a word of one stands next to a word of the
    /// other (a block of text further along the same level, a sender's address beside the page's title, stays
    /// a line of its own, as the layout rules expect), are one line.
    static func mergeSplitRows(_ rows: [[SourceWord]], level: (SourceWord) -> Double) -> [[SourceWord]] {
        func median(_ v: [Double]) -> Double { let s = v.sorted(); return s.isEmpty ? 0 : s[s.count / 2] }
        var out: [[SourceWord]] = []
        for row in rows {
            if let last = out.last {
                let height = min(median(last.map { $0.y1 - $0.y0 }), median(row.map { $0.y1 - $0.y0 }))
                let apart = abs(median(row.map(level)) - median(last.map(level)))
                let across = row.contains { w in last.contains { v in min(w.x1, v.x1) - max(w.x0, v.x0) > 0 } }
                let adjoining = row.contains { w in last.contains { v in max(w.x0 - v.x1, v.x0 - w.x1) < height * 1.5 } }
                // Or two words side by side, a space apart, whose boxes share most of their height: a letterhead's name
                // in a larger type than the date beside it ("Beispiel SAS   Clairval, le …"), OCR's boxes hugging
                // the letters of each (a "p" reaching below the line moves a word's middle down by a fifth of its height).
                let sideBySide = row.contains { w in
                    last.contains { v in
                        let low = min(w.y1 - w.y0, v.y1 - v.y0)
                        return low > 0 && max(w.x0 - v.x1, v.x0 - w.x1) < low * 0.8 && min(w.y1, v.y1) - max(w.y0, v.y0) >= low * 0.75
                    }
                }
                if height > 0, (apart < height / 3 && adjoining) || sideBySide, !across {
                    out[out.count - 1] += row
                    continue
                }
            }
            out.append(row)
        }
        return out
    }

    /// Joins an amount that OCR cut after its decimal point ("96." "20", "12," "50") back into one
    /// word, where the two pieces stand closer than a character's height.
    static func joinSplitDecimals(_ words: [SourceWord]) -> [SourceWord] {
        guard words.count > 1, words.contains(where: { $0.confidence != nil }) else { return words }
        var out: [SourceWord] = []
        for w in words {
            if let last = out.last, w.x0 - last.x1 < max(1, last.y1 - last.y0) * 0.8,
               last.text.wholeMatch(of: /[-(]?\d{1,6}[.,]/) != nil, w.text.wholeMatch(of: /\d{2}\)?/) != nil {
                var joined = last
                joined.text += w.text
                joined.x1 = w.x1
                joined.y0 = min(last.y0, w.y0); joined.y1 = max(last.y1, w.y1)
                if let a = last.confidence, let b = w.confidence { joined.confidence = min(a, b) }
                out[out.count - 1] = joined
            } else {
                out.append(w)
            }
        }
        return out
    }

    /// The slope (dy per dx) of a page's printed lines, from neighbouring words of similar size side by
    /// side: their median; 0 when fewer than 8 pairs say so or the slope is under 0.1°.
    static func skew(_ words: [SourceWord]) -> Double {
        let byX = words.sorted { $0.x0 < $1.x0 }
        var slopes: [Double] = []
        for (i, a) in byX.enumerated() {
            let ha = a.y1 - a.y0
            guard ha > 0 else { continue }
            let ma = (a.y0 + a.y1) / 2
            // The nearest word to its right on about the same line.
            var best: (gap: Double, word: SourceWord)? = nil
            for b in byX[(i + 1)...] {
                let gap = b.x0 - a.x1
                if gap > ha * 4 { break }
                let hb = b.y1 - b.y0
                guard gap >= 0, hb > 0, hb / ha > 0.7, hb / ha < 1.4, abs((b.y0 + b.y1) / 2 - ma) < ha * 0.8 else { continue }
                if best == nil || gap < best!.gap { best = (gap, b) }
            }
            if let b = best?.word {
                let dx = (b.x0 + b.x1) / 2 - (a.x0 + a.x1) / 2
                if dx > 0 { slopes.append(((b.y0 + b.y1) / 2 - ma) / dx) }
            }
        }
        guard slopes.count >= 8 else { return 0 }
        slopes.sort()
        let median = refinedSkew(words, from: slopes[slopes.count / 2])
        return abs(median) < 0.0017 ? 0 : median
    }

    /// The slope of a page's printed lines measured along whole lines, starting from an estimate: neighbouring words are a
    /// word's width apart, and the middle of a box moves with its letters ("Gesamt" has no descender, "93,39" has a comma),
    /// so on a page of few lines the neighbours' median was 1.4° where the lines ran at 1.0°, and a label at the left margin
    /// missed its amount at the right one. Words are banded into lines at the estimate; each line that spans at least ten
    /// word heights gives the least-squares slope of its words' middles; their median, weighted by the lines' spans, is the
    /// slope. The estimate stands where no line is that long.
    static func refinedSkew(_ words: [SourceWord], from estimate: Double) -> Double {
        let heights = words.map { $0.y1 - $0.y0 }.filter { $0 > 0 }.sorted()
        guard !heights.isEmpty else { return estimate }
        let usual = heights[heights.count / 2]
        func mid(_ w: SourceWord) -> (x: Double, y: Double) { ((w.x0 + w.x1) / 2, (w.y0 + w.y1) / 2) }
        func level(_ w: SourceWord) -> Double { mid(w).y - estimate * mid(w).x }
        // (Words of about the page's usual size only: a letterhead's large type and a mark sit off their lines' middles.)
        let usable = words.filter { let h = $0.y1 - $0.y0; return h > 0.7 * usual && h < 1.4 * usual && $0.isReadable }
            .sorted { level($0) < level($1) }
        var lines: [[SourceWord]] = []
        for w in usable {
            if let last = lines.last?.last, level(w) - level(last) < 0.4 * usual { lines[lines.count - 1].append(w) } else { lines.append([w]) }
        }
        var measured: [(slope: Double, span: Double)] = []
        for line in lines where line.count >= 2 {
            let points = line.map(mid)
            let xs = points.map(\.x)
            let span = xs.max()! - xs.min()!
            guard span >= 10 * usual else { continue }
            let mx = xs.reduce(0, +) / Double(xs.count), my = points.map(\.y).reduce(0, +) / Double(points.count)
            let sxx = points.reduce(0) { $0 + ($1.x - mx) * ($1.x - mx) }
            let sxy = points.reduce(0) { $0 + ($1.x - mx) * ($1.y - my) }
            guard sxx > 0 else { continue }
            measured.append((sxy / sxx, span))
        }
        guard !measured.isEmpty else { return estimate }
        measured.sort { $0.slope < $1.slope }
        let half = measured.reduce(0) { $0 + $1.span } / 2
        var seen = 0.0
        for m in measured {
            seen += m.span
            if seen >= half { return m.slope }
        }
        return estimate
    }

    static func plainText(_ lines: [TextLine]) -> String {
        var out = ""
        var page = lines.first?.page ?? 1
        for l in lines {
            if l.page != page { out += "\u{0C}"; page = l.page }
            out += l.text + "\n"
        }
        return out
    }

    /// Text laid out in columns like `pdftotext -layout`: each word at the column its x position
    /// gives, blank lines where the page has vertical gaps. Templates written for invoice2data expect it.
    public var layoutText: String {
        let widths = lines.flatMap(\.words).map { ($0.x1 - $0.x0) / Double(max(1, $0.text.count)) }.sorted()
        let charWidth = max(2, widths.isEmpty ? 6 : widths[widths.count / 2])
        var out = ""
        var previous: TextLine? = nil
        for l in lines {
            if let p = previous {
                if p.page != l.page { out += "\u{0C}" }
                else {
                    let h = max(1, p.y1 - p.y0)
                    let gap = Int(((l.y0 - p.y1) / (h * 1.5)).rounded(.down))
                    if gap > 0 { out += String(repeating: "\n", count: min(gap, 3)) }
                }
            }
            var line = ""
            var previousWord: SourceWord? = nil
            for w in l.words {
                let col = Int((w.x0 / charWidth).rounded())
                // Words of one phrase keep one space between them, whatever their type size; a wider gap is a column.
                let ownWidth = previousWord.map { ($0.x1 - $0.x0) / Double(max(1, $0.text.count)) } ?? charWidth
                if let p = previousWord, w.x0 - p.x1 < ownWidth * 1.8 { line += " " }
                else if line.count < col { line += String(repeating: " ", count: col - line.count) } else if !line.isEmpty { line += " " }
                line += w.text
                previousWord = w
            }
            out += line + "\n"
            previous = l
        }
        return out
    }
}

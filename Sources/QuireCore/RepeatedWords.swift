/// Words an OCR engine returned twice at one place: a line read again whose first reading stayed beside the second
/// ("Gesamt Gesamt (brutto) (brutto)"). Two words with the same text and turn whose boxes overlap by more than half of the
/// smaller box are one word; the surer stays. The same word twice side by side ("50 50") is two words.
public enum RepeatedWords {
    /// One word as the rule sees it: its text, its turn, its box and its confidence (0...1).
    public struct Word: Sendable {
        public var text: String
        public var rotation: Int
        public var x0, y0, x1, y1: Double
        public var confidence: Double
        public init(text: String, rotation: Int = 0, x0: Double, y0: Double, x1: Double, y1: Double, confidence: Double) {
            (self.text, self.rotation, self.x0, self.y0, self.x1, self.y1, self.confidence) = (text, rotation, x0, y0, x1, y1, confidence)
        }
    }

    /// `words` less those that repeat a surer word at the same place, in their order; `view` gives the rule each word's
    /// text, turn, box and confidence.
    public static func removing<W>(from words: [W], _ view: (W) -> Word) -> [W] {
        let drop = repeats(words.map(view))
        return drop.isEmpty ? words : words.indices.filter { !drop.contains($0) }.map { words[$0] }
    }

    /// The indices of `words` that repeat a surer word at the same place (of two as sure, the later).
    public static func repeats(_ words: [Word]) -> Set<Int> {
        var drop = Set<Int>()
        for group in Dictionary(grouping: words.indices, by: { words[$0].text }).values where group.count > 1 {
            for (k, i) in group.enumerated() where !drop.contains(i) {
                for j in group[(k + 1)...] where !drop.contains(j) {
                    let a = words[i], b = words[j]
                    guard a.rotation == b.rotation else { continue }
                    let w = min(a.x1, b.x1) - max(a.x0, b.x0), h = min(a.y1, b.y1) - max(a.y0, b.y0)
                    let smaller = min((a.x1 - a.x0) * (a.y1 - a.y0), (b.x1 - b.x0) * (b.y1 - b.y0))
                    guard w > 0, h > 0, smaller > 0, w * h > 0.5 * smaller else { continue }
                    drop.insert(a.confidence >= b.confidence ? j : i)
                    if drop.contains(i) { break }
                }
            }
        }
        return drop
    }
}

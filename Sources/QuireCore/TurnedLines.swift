/// Lines of words set turned by 90° on an upright page (legal mentions up the margin, a printing note down it), grouped as
/// the PDF text path and the fields stage both need them. Boxes are the page's, in points from the top left.
public enum TurnedLines {
    /// The items turned by `turn` (270: reading up the page, 90: down it) grouped into their lines, by overlap across as
    /// upright words are grouped by vertical overlap (an item joins the line whose middle lies within half its first item's
    /// width of its own); each line in reading order, the lines in the order they are read (left to right for text that
    /// reads up, right to left for text that reads down).
    public static func group<T>(_ items: [T], turn: Int, box: (T) -> (x0: Double, y0: Double, x1: Double, y1: Double)) -> [[T]] {
        var lines: [[(item: T, x0: Double, y0: Double, x1: Double, y1: Double)]] = []
        for b in items.map({ i in let b = box(i); return (item: i, x0: b.x0, y0: b.y0, x1: b.x1, y1: b.y1) }).sorted(by: { $0.x0 + $0.x1 < $1.x0 + $1.x1 }) {
            let mid = (b.x0 + b.x1) / 2
            if let i = lines.lastIndex(where: { abs(($0[0].x0 + $0[0].x1) / 2 - mid) <= max(1, $0[0].x1 - $0[0].x0) / 2 }) {
                lines[i].append(b)
            } else {
                lines.append([b])
            }
        }
        if turn == 90 { lines.reverse() }
        return lines.map { line in line.sorted { turn == 270 ? $0.y1 > $1.y1 : $0.y0 < $1.y0 }.map(\.item) }
    }
}

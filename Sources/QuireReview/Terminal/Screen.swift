/// Colours the review screen uses (the 8 ANSI colours, which every terminal has).
public enum Color: Int, Sendable, Hashable {
    case black = 0, red, green, yellow, blue, magenta, cyan, white
}

/// How a cell looks. Colour is never the only signal: the screen pairs it with a glyph or bold.
public struct Style: Hashable, Sendable {
    public var fg: Color?
    public var bg: Color?
    public var bold = false
    public var dim = false
    public var underline = false
    public var reverse = false
    /// Truecolour (0xRRGGBB) over `fg` and `bg`, for a page picture's cells; dropped with colour off.
    public var fgRGB: UInt32?
    public var bgRGB: UInt32?

    public init(fg: Color? = nil, bg: Color? = nil, bold: Bool = false, dim: Bool = false, underline: Bool = false, reverse: Bool = false,
                fgRGB: UInt32? = nil, bgRGB: UInt32? = nil) {
        self.fgRGB = fgRGB
        self.bgRGB = bgRGB
        self.fg = fg
        self.bg = bg
        self.bold = bold
        self.dim = dim
        self.underline = underline
        self.reverse = reverse
    }

    public static let plain = Style()
    public static let bold = Style(bold: true)
    public static let reverse = Style(reverse: true)
    public static let dim = Style(dim: true)

    /// The SGR sequence that selects this style from a reset.
    func sgr(color: Bool) -> String {
        var codes = ["0"]
        if bold { codes.append("1") }
        if dim { codes.append("2") }
        if underline { codes.append("4") }
        if reverse { codes.append("7") }
        if color, let fg { codes.append(String(30 + fg.rawValue)) }
        if color, let bg { codes.append(String(40 + bg.rawValue)) }
        if color, let c = fgRGB { codes.append("38;2;\((c >> 16) & 0xFF);\((c >> 8) & 0xFF);\(c & 0xFF)") }
        if color, let c = bgRGB { codes.append("48;2;\((c >> 16) & 0xFF);\((c >> 8) & 0xFF);\(c & 0xFF)") }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }
}

/// One character cell. A wide character (CJK, emoji) takes its cell and a `continuation` cell.
public struct Cell: Hashable, Sendable {
    public var character: Character
    public var style: Style
    var continuation = false

    public static let blank = Cell(character: " ", style: .plain)
}

/// The screen as the review UI draws it: a grid of cells, drawn whole every frame and then
/// compared with the previous frame, so only what changed is written to the terminal.
public struct ScreenBuffer: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(1, width)
        self.height = max(1, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell { cells[y * width + x] }

    /// Terminal cells a character takes: 2 for East Asian wide and emoji, 0 for combining marks.
    public static func cellWidth(_ c: Character) -> Int {
        guard let v = c.unicodeScalars.first?.value else { return 0 }
        switch v {
        case 0x0300...0x036F, 0x200B...0x200F: return 0
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD: return 2
        default: return 1
        }
    }

    /// What may reach the terminal: control characters (ESC, CR, the C1 range) in document text
    /// would let a hostile PDF move the cursor or retitle the window, so they become '·'.
    public static func printable(_ c: Character) -> Character {
        for s in c.unicodeScalars where s.value < 0x20 || (0x7F...0x9F).contains(s.value) { return "·" }
        return c
    }

    /// Writes `text` from column `x` of row `y`, clipped at `x + limit` (and the screen's edge).
    /// Returns the column after the last cell written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, limit: Int? = nil) -> Int {
        guard y >= 0, y < height else { return x }
        let end = min(width, limit.map { x + max(0, $0) } ?? width)
        var col = x
        for raw in text {
            let c = Self.printable(raw)
            let w = Self.cellWidth(c)
            if w == 0 { continue }
            guard col + w <= end else { break }
            if col >= 0 {
                cells[y * width + col] = Cell(character: c, style: style)
                if w == 2 { cells[y * width + col + 1] = Cell(character: " ", style: style, continuation: true) }
            }
            col += w
        }
        return col
    }

    /// Paints `style` over a run of cells, keeping their characters (a highlighted row).
    public mutating func paint(x: Int, y: Int, width w: Int, style: Style) {
        guard y >= 0, y < height else { return }
        for col in max(0, x)..<min(width, x + w) { cells[y * width + col].style = style }
    }

    public mutating func fill(y: Int, style: Style) { paint(x: 0, y: y, width: width, style: style); }

    /// The screen's characters, one line per row, trailing blanks removed (golden files, tmux checks).
    public var text: String {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width where !self[x, y].continuation { line.append(self[x, y].character) }
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    /// Display width of a string in cells.
    public static func width(_ s: String) -> Int { s.reduce(0) { $0 + cellWidth(printable($1)) } }

    /// `s` cut to `limit` cells, with '…' when something was cut.
    public static func truncate(_ s: String, _ limit: Int) -> String {
        guard limit > 0 else { return "" }
        guard width(s) > limit else { return s }
        var out = ""
        var w = 0
        for c in s {
            let cw = cellWidth(printable(c))
            if w + cw > limit - 1 { break }
            out.append(c)
            w += cw
        }
        return out + "…"
    }

    /// `s` padded with blanks (or cut) to exactly `limit` cells.
    public static func pad(_ s: String, _ limit: Int, right: Bool = false) -> String {
        let t = truncate(s, limit)
        let gap = String(repeating: " ", count: max(0, limit - width(t)))
        return right ? gap + t : t + gap
    }
}

/// Turns frames into terminal output: a full paint for the first frame (or after a resize), then
/// only the runs of cells that changed, each reached with one cursor move.
public enum Renderer {
    public static func diff(from old: ScreenBuffer?, to new: ScreenBuffer, color: Bool) -> String {
        var out = ""
        let full = old == nil || old!.width != new.width || old!.height != new.height
        if full { out += "\u{1B}[0m\u{1B}[H\u{1B}[2J" }
        var current: Style? = nil
        for y in 0..<new.height {
            var x = 0
            while x < new.width {
                if !full, let old, old[x, y] == new[x, y] { x += 1; continue }
                // A run of changed cells (a wide character's continuation is never a run's start).
                var start = x
                while start > 0, new[start, y].continuation { start -= 1 }
                out += "\u{1B}[\(y + 1);\(start + 1)H"
                var col = start
                while col < new.width {
                    if !full, let old, old[col, y] == new[col, y], col > x { break }
                    let cell = new[col, y]
                    if !cell.continuation {
                        if current != cell.style { out += cell.style.sgr(color: color); current = cell.style }
                        out.append(cell.character)
                    }
                    col += 1
                }
                x = col
            }
        }
        out += "\u{1B}[0m"
        return out
    }
}

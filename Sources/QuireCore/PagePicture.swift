public import Foundation

/// What the review UI asks a worker to draw: a page of an item's document, or a part of it around
/// the fields' words, fitted into a terminal area. Coordinates are PDF points (1/72 inch) from the
/// page's top-left corner, as word boxes are.
public struct PictureRequest: StoredJSON, Hashable {
    /// Unicode symbols in cells (works everywhere: tmux, SSH), or a terminal graphics protocol.
    public enum Mode: String, Codable, Sendable, CaseIterable { case symbols, sixel, kitty }

    public var page: Int
    /// The terminal area, in cells.
    public var columns: Int
    public var rows: Int
    public var mode: Mode
    /// Colours (truecolour); false: shapes in the terminal's own foreground and background (NO_COLOR).
    public var color: Bool
    /// 1 shows the whole page; 2, 4, 8 a half, a quarter, an eighth of its width and height.
    public var zoom: Int
    /// The point the zoomed part is centred on (nil: the page's centre).
    public var focus: Point?
    /// Moves the zoomed part by quarters of its own size (right and down are positive).
    public var panX: Int
    public var panY: Int
    /// Boxes outlined on the picture (the selected field's source words).
    public var outline: [Rect]
    /// Draw a file a bot left as evidence for the item's review (its sha256) instead of the
    /// document; only evidence of the item's current review round is drawn.
    public var evidence: String?

    public struct Point: Codable, Sendable, Hashable {
        public var x: Double
        public var y: Double
        public init(x: Double, y: Double) { self.x = x; self.y = y }
    }

    public struct Rect: Codable, Sendable, Hashable {
        public var x0: Double, y0: Double, x1: Double, y1: Double
        public init(x0: Double, y0: Double, x1: Double, y1: Double) { self.x0 = x0; self.y0 = y0; self.x1 = x1; self.y1 = y1 }
    }

    /// The kinds of file `page.picture` draws.
    public static let drawable: Set<String> = ["pdf", "png", "jpg", "jpeg", "tiff", "tif", "bmp", "webp", "gif"]

    /// The largest terminal area drawn (a picture of more cells is refused: it would only cost time).
    public static let maxCells = 400 * 200
    public static let zooms = [1, 2, 4, 8]

    public init(page: Int, columns: Int, rows: Int, mode: Mode = .symbols, color: Bool = true, zoom: Int = 1, focus: Point? = nil,
                panX: Int = 0, panY: Int = 0, outline: [Rect] = [], evidence: String? = nil) {
        self.evidence = evidence
        self.page = page
        self.columns = columns
        self.rows = rows
        self.mode = mode
        self.color = color
        self.zoom = zoom
        self.focus = focus
        self.panX = panX
        self.panY = panY
        self.outline = outline
    }

    /// Checks the values a request from outside may carry before any pixel is drawn.
    public func validated() throws -> PictureRequest {
        guard page >= 1, page <= 100_000 else { throw QuireError(.invalidArgument, "page \(page) does not exist: pages are numbered from 1") }
        guard columns >= 4, rows >= 2, columns * rows <= Self.maxCells else {
            throw QuireError(.invalidArgument, "a picture of \(columns) × \(rows) cells cannot be drawn: from 4 × 2 up to \(Self.maxCells) cells")
        }
        guard Self.zooms.contains(zoom) else { throw QuireError(.invalidArgument, "zoom \(zoom) is not one of \(Self.zooms.map(String.init).joined(separator: ", "))") }
        guard abs(panX) <= 64, abs(panY) <= 64 else { throw QuireError(.invalidArgument, "pan \(panX), \(panY) is out of range (±64 steps)") }
        guard outline.count <= 64, outline.allSatisfy({ [$0.x0, $0.y0, $0.x1, $0.y1].allSatisfy(\.isFinite) }),
              focus.map({ $0.x.isFinite && $0.y.isFinite }) ?? true else {
            throw QuireError(.invalidArgument, "the outline boxes and the focus must be at most 64 finite coordinates")
        }
        if let e = evidence, BlobID(e) == nil { throw QuireError(.invalidArgument, "evidence must name a file by its sha256 (64 hex digits)") }
        return self
    }
}

/// A page drawn for a terminal: cells of symbols with their colours (symbols mode), or the escape
/// sequence that draws it (sixel, kitty) over `columns` × `rows` cells from the cursor.
public struct PagePicture: StoredJSON, Equatable {
    public var mode: PictureRequest.Mode
    public var columns: Int
    public var rows: Int
    /// Symbols mode: one string of `columns` characters per row.
    public var lines: [String]
    /// Symbols mode with colour: 0xRRGGBB per cell, row after row (empty without colour).
    public var foreground: [UInt32]
    public var background: [UInt32]
    /// Sixel or kitty: the sequence that draws the picture at the cursor.
    public var sequence: String?
    /// The part of the page shown, in points (for saying where the picture is).
    public var shown: PictureRequest.Rect
    /// The page's size in points and how many pages the document has.
    public var pageWidth: Double
    public var pageHeight: Double
    public var pages: Int

    public init(mode: PictureRequest.Mode, columns: Int, rows: Int, lines: [String], foreground: [UInt32] = [], background: [UInt32] = [],
                sequence: String? = nil, shown: PictureRequest.Rect, pageWidth: Double, pageHeight: Double, pages: Int) {
        self.mode = mode
        self.columns = columns
        self.rows = rows
        self.lines = lines
        self.foreground = foreground
        self.background = background
        self.sequence = sequence
        self.shown = shown
        self.pageWidth = pageWidth
        self.pageHeight = pageHeight
        self.pages = pages
    }

    /// The colours of cell (x, y), when the picture has colours.
    public func colors(x: Int, y: Int) -> (fg: UInt32, bg: UInt32)? {
        let i = y * columns + x
        guard foreground.indices.contains(i), background.indices.contains(i) else { return nil }
        return (foreground[i], background[i])
    }
}

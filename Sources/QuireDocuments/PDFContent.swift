/// What a PDF holds: metadata, per-page text and words with boxes, and embedded files.
public struct PDFContent: Sendable, Hashable, Codable {
    public var pageCount: Int
    public var metadata: PDFMetadata
    public var pages: [PDFPage]
    public var attachments: [PDFAttachment]
}

public struct PDFMetadata: Sendable, Hashable, Codable {
    public var title: String?
    public var author: String?
    public var creator: String?
    public var producer: String?
    public var version: String?
}

/// One page. Coordinates are PDF points (1/72 inch) from the page's top-left corner.
public struct PDFPage: Sendable, Hashable, Codable {
    /// 1-based.
    public var number: Int
    /// Upright size in points (after undoing the page's rotation).
    public var width: Double
    public var height: Double
    /// Clockwise degrees (0, 90, 180, 270) the page's text is turned as the page is displayed
    /// (its /Rotate, or text drawn sideways), read from the direction the glyphs run; the words'
    /// boxes are given upright. poppler-glib has no getter for /Rotate itself.
    public var rotation: Int = 0
    /// The page's words joined into lines, top to bottom, left to right.
    public var text: String
    public var words: [Word]
    /// Characters of real text on the page (not counting spaces); pages with too few need OCR.
    public var characterCount: Int { words.reduce(0) { $0 + $1.text.count } }
}

/// A word and its bounding box.
public struct Word: Sendable, Hashable, Codable {
    public var text: String
    public var x0: Double
    public var y0: Double
    public var x1: Double
    public var y1: Double
    /// Clockwise degrees the word is turned on the upright page: 0 for a word along the line; 270 for one that reads
    /// up the page (legal mentions set along the left margin), 90 for one that reads down it. The box is the page's.
    public var rotation: Int = 0

    public init(text: String, x0: Double, y0: Double, x1: Double, y1: Double, rotation: Int = 0) {
        self.text = text
        self.x0 = x0
        self.y0 = y0
        self.x1 = x1
        self.y1 = y1
        self.rotation = rotation
    }
}

/// A file embedded in the PDF (ZUGFeRD / Factur-X invoices carry their XML this way).
public struct PDFAttachment: Sendable, Hashable, Codable {
    public var name: String
    public var description: String?
    public var data: [UInt8]
}

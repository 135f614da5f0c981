/// The pages of a document as the text stages wrote them: `pdf.text` (`pages` with `number`,
/// `text` and `words`) and `ocr.page` (one output per page with `page`, `text` and `words`; OCR
/// replaces the PDF text of the pages it read). Shared by the stages that read a document's text
/// (classify, review) and the review screen.
public struct DocumentPages: Sendable {
    public struct Page: Sendable {
        public var number: Int
        public var text: String
        /// Words as the stage wrote them: `[text, x0, y0, x1, y1, confidence?]` in page points.
        public var words: [JSONValue]
        public var width: Double?
        public var height: Double?

        public init(number: Int, text: String, words: [JSONValue], width: Double? = nil, height: Double? = nil) {
            self.number = number
            self.text = text
            self.words = words
            self.width = width
            self.height = height
        }
    }

    public var pages: [Page]
    public var pageCount: Int

    public init(outputs: [String: JSONValue], textStage: String = "text", ocrStage: String = "ocr") {
        var byNumber: [Int: Page] = [:]
        for p in outputs[textStage]?["pages"]?.arrayValue ?? [] {
            guard let n = p["number"]?.intValue else { continue }
            byNumber[n] = Page(number: n, text: p["text"]?.stringValue ?? "", words: p["words"]?.arrayValue ?? [],
                               width: p["width"]?.numberValue, height: p["height"]?.numberValue)
        }
        let ocr = outputs[ocrStage]?.arrayValue ?? (outputs[ocrStage].map { [$0] } ?? [])
        for p in ocr {
            guard let n = p["page"]?.intValue else { continue }
            byNumber[n] = Page(number: n, text: p["text"]?.stringValue ?? "", words: p["words"]?.arrayValue ?? [],
                               width: p["width"]?.numberValue ?? byNumber[n]?.width, height: p["height"]?.numberValue ?? byNumber[n]?.height)
        }
        pages = byNumber.keys.sorted().map { byNumber[$0]! }
        pageCount = max(outputs[textStage]?["page_count"]?.intValue ?? 0, byNumber.keys.max() ?? 0, 1)
    }

    /// The whole text, pages separated by a form feed.
    public var text: String { pages.map(\.text).joined(separator: "\n\u{0C}\n") }
}

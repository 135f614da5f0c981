import Foundation
public import QuireCore

/// `pdf.read`, the worker's side: opens the blob with poppler and returns everything the
/// `pdf.text` stage needs. Runs only inside `quire worker`.
public struct PDFReadTask: IsolatedTask {
    public init() {}

    /// Boxes to 1/100 point: enough for layout, and half the bytes on the wire.
    static func round(_ x: Double) -> Double { (x * 100).rounded() / 100 }
    public var name: String { "pdf.read" }

    public func run(input: JSONValue) throws -> JSONValue {
        guard let path = input["path"]?.stringValue else { throw QuireError(.invalidArgument, "pdf.read needs a path") }
        var reader = PDFReader()
        if let n = input["max_pages"]?.intValue { reader.maxPages = n }
        if let n = input["max_attachment_bytes"]?.intValue { reader.maxAttachmentBytes = n }
        let content: PDFContent
        do {
            content = try reader.read(path: path, password: input["password"]?.stringValue)
        } catch let e as DocumentError {
            throw QuireError(.unsupportedInput, "\(e.code): \(e.message)")
        }
        func opt(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
        let m = content.metadata
        return [
            "pageCount": .number(Double(content.pageCount)),
            "metadata": ["title": opt(m.title), "author": opt(m.author), "creator": opt(m.creator), "producer": opt(m.producer), "version": opt(m.version)],
            "pages": .array(content.pages.map { p in
                ["number": .number(Double(p.number)), "width": .number(p.width), "height": .number(p.height), "rotation": .number(Double(p.rotation)), "text": .string(p.text),
                 "words": .array(p.words.map { w in
                     var o: [String: JSONValue] = ["text": .string(w.text), "x0": .number(Self.round(w.x0)), "y0": .number(Self.round(w.y0)),
                                                   "x1": .number(Self.round(w.x1)), "y1": .number(Self.round(w.y1))]
                     if w.rotation != 0 { o["rotation"] = .number(Double(w.rotation)) }
                     return .object(o)
                 })]
            }),
            "attachments": .array(content.attachments.map { a in
                ["name": .string(a.name), "description": opt(a.description), "base64": .string(Data(a.data).base64EncodedString())]
            }),
        ]
    }
}

/// `pdf.text`: text, words with boxes, metadata and embedded files of a PDF, read by poppler in
/// an isolated worker. Pages with fewer characters than `min_text_chars` are listed in
/// `needs_ocr`. Encrypted and damaged PDFs end as business errors that say what to do; a
/// PDF that crashes workers `poison_after` times is failed as a poison document.
public struct PDFTextKind: StageKind {
    public init() {}
    public var name: String { "pdf.text" }
    public var summary: String { "PDF text and word boxes per page, metadata, embedded files (poppler, in an isolated worker)" }
    public var settingsHelp: [String: String] {
        ["min_text_chars": "pages with fewer characters need OCR (default: the pipeline's min_text_chars policy, else 20)",
         "max_pages": "longer PDFs are refused (default 500)",
         "words": "include every word with its box in the output (default true)",
         "poison_after": "worker crashes on one document before it is failed as a poison document (default 2)",
         "timeout": "seconds a worker may take for one PDF (default 120)"]
    }

    public func validate(settings: JSONValue) -> [StageSettingsProblem] {
        var problems = unknownKeys(in: settings)
        for key in ["min_text_chars", "max_pages", "poison_after", "timeout"] {
            if let v = settings[key], (v.intValue ?? -1) < (key == "min_text_chars" ? 0 : 1) {
                problems.append(StageSettingsProblem(path: [key], message: "must be a whole number\(key == "min_text_chars" ? "" : " from 1 up")"))
            }
        }
        if let v = settings["words"], v.boolValue == nil { problems.append(StageSettingsProblem(path: ["words"], message: "must be true or false")) }
        return problems
    }

    public func makeStage(settings: JSONValue) throws -> any Stage {
        PDFTextStage(minTextChars: settings["min_text_chars"]?.intValue, maxPages: settings["max_pages"]?.intValue ?? 500,
                     words: settings["words"]?.boolValue ?? true, poisonAfter: settings["poison_after"]?.intValue ?? 2,
                     timeout: Double(settings["timeout"]?.intValue ?? 120))
    }
}

struct PDFTextStage: Stage {
    let minTextChars: Int?
    let maxPages: Int
    let words: Bool
    let poisonAfter: Int
    let timeout: Double

    func run(_ context: StageContext) async throws -> Outcome {
        try await context.withOriginal { try await run(context, path: $0) }
    }

    func run(_ context: StageContext, path: String) async throws -> Outcome {
        if ["png", "jpeg", "tiff"].contains(context.item.mediaType) {
            // An image has no text layer: every page goes to OCR.
            switch try await IsolatedCall.run(context, task: "image.info", input: ["path": .string(path)], timeout: 30,
                                              poisonAfter: poisonAfter, badInputCode: { _ in "unreadable_image" }) {
            case .outcome(let o): return o
            case .value(let info):
                let n = info["pages"]?.intValue ?? 1
                guard n <= maxPages else {
                    return .businessError(code: "too_many_pages", message: "the image has \(n) pages, over the limit of \(maxPages); split it, or raise max_pages")
                }
                return .done(["page_count": .number(Double(n)), "source": "image", "pages": [], "text": "",
                              "needs_ocr": .array((1...max(1, n)).map { .number(Double($0)) }), "attachments": [],
                              "image": ["width": info["width"] ?? .null, "height": info["height"] ?? .null]])
            }
        }
        guard context.item.mediaType == "pdf" else {
            return .done(["skipped": "neither a PDF nor an image", "page_count": 0, "pages": [], "needs_ocr": []])
        }
        let result: JSONValue
        switch try await IsolatedCall.run(context, task: "pdf.read", input: ["path": .string(path), "max_pages": .number(Double(maxPages))],
                                          timeout: timeout, poisonAfter: poisonAfter,
                                          badInputCode: { $0 == "encrypted" || $0 == "too_many_pages" ? $0 : "unreadable_pdf" }) {
        case .outcome(let o): return o
        case .value(let v): result = v
        }
        let threshold = minTextChars ?? context.pipeline.policies["min_text_chars"]?.intValue ?? 20
        var pages: [JSONValue] = []
        var needsOCR: [JSONValue] = []
        for page in result["pages"]?.arrayValue ?? [] {
            let ws = page["words"]?.arrayValue ?? []
            let chars = ws.reduce(0) { $0 + ($1["text"]?.stringValue?.count ?? 0) }
            let number = page["number"] ?? .null
            if chars < threshold { needsOCR.append(number) }
            var out: [String: JSONValue] = [
                "number": number, "width": page["width"] ?? .null, "height": page["height"] ?? .null, "rotation": page["rotation"] ?? 0,
                "text": page["text"] ?? "", "chars": .number(Double(chars)), "source": "pdf",
            ]
            if words {
                // [text, x0, y0, x1, y1], and for a word turned by 90° [text, x0, y0, x1, y1, null, degrees] (the sixth
                // place is OCR's confidence).
                out["words"] = .array(ws.map { w in
                    let box: [JSONValue] = [w["text"] ?? "", w["x0"] ?? 0, w["y0"] ?? 0, w["x1"] ?? 0, w["y1"] ?? 0]
                    return .array(w["rotation"].map { box + [.null, $0] } ?? box)
                })
            }
            pages.append(.object(out))
        }
        var attachments: [JSONValue] = []
        for a in result["attachments"]?.arrayValue ?? [] {
            let bytes = [UInt8](Data(base64Encoded: a["base64"]?.stringValue ?? "") ?? Data())
            let hash = try context.services.putBlob(bytes)
            attachments.append(["name": a["name"] ?? "", "description": a["description"] ?? .null, "size": .number(Double(bytes.count)), "sha256": .string(hash)])
        }
        return .done([
            "page_count": result["pageCount"] ?? 0,
            "metadata": result["metadata"] ?? .emptyObject,
            "pages": .array(pages),
            "needs_ocr": .array(needsOCR),
            "attachments": .array(attachments),
            "text": .string(pages.compactMap { $0["text"]?.stringValue }.joined(separator: "\n\u{0C}\n")),
        ])
    }
}

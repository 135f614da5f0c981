import CTesseract
import Foundation
import Synchronization
public import QuireCore

extension OCR {
    /// Writes a searchable PDF: every page as its image, with tesseract's invisible text layer
    /// on top (what OCRmyPDF makes). PDF pages are rendered at `dpi`; images keep their own.
    /// Returns the number of pages written.
    public static func searchablePDF(path: String, mediaType: String, pages: Int, output: String, dpi: Int = 300,
                                     languages: [String] = ["eng"], limits: Limits = Limits(), deadlineSeconds: Double = 120) throws -> Int {
        try engineInUse.withLock { _ in
            try searchablePDFAlone(path: path, mediaType: mediaType, pages: pages, output: output, dpi: dpi, languages: languages,
                                   limits: limits, deadlineSeconds: deadlineSeconds)
        }
    }

    static func searchablePDFAlone(path: String, mediaType: String, pages: Int, output: String, dpi: Int, languages: [String],
                                   limits: Limits, deadlineSeconds: Double) throws -> Int {
        let engine = try Engine.shared(languages: languages.joined(separator: "+"))
        let api = engine.handle
        guard output.hasSuffix(".pdf") else { throw QuireError(.invalidArgument, "the output must end in .pdf") }
        let base = String(output.dropLast(4))
        guard let datapath = TessBaseAPIGetDatapath(api), let renderer = TessPDFRendererCreate(base, datapath, 0) else {
            throw QuireError(.internal, "tesseract cannot create a PDF renderer (is pdf.ttf in its tessdata folder?)")
        }
        defer { TessDeleteResultRenderer(renderer) }
        guard TessResultRendererBeginDocument(renderer, "Quire archive") != 0 else {
            throw QuireError(.io, "cannot start writing \(output)")
        }
        for page in 1...max(1, pages) {
            let (loaded, res) = try load(path: path, mediaType: mediaType, page: page, dpi: dpi, limits: limits)
            var pix: UnsafeMutablePointer<PIX>? = loaded
            defer { pixDestroy(&pix) }
            pixSetResolution(loaded, Int32(res), Int32(res))
            TessBaseAPISetImage2(api, loaded)
            TessBaseAPISetSourceResolution(api, Int32(res))
            let monitor = TessMonitorCreate()
            defer { TessMonitorDelete(monitor) }
            TessMonitorSetDeadlineMSecs(monitor, Int32(min(Double(Int32.max), deadlineSeconds * 1000)))
            guard TessBaseAPIRecognize(api, monitor) == 0 else {
                TessBaseAPIClear(api)
                throw QuireError(.timeout, "OCR of page \(page) did not finish in \(Int(deadlineSeconds))s")
            }
            let added = TessResultRendererAddImage(renderer, api)
            TessBaseAPIClear(api)
            guard added != 0 else { throw QuireError(.io, "tesseract could not add page \(page) to \(output)") }
        }
        guard TessResultRendererEndDocument(renderer) != 0 else { throw QuireError(.io, "cannot finish \(output)") }
        return max(1, pages)
    }
}

/// `archive.pdf`, the worker's side.
public struct ArchivePDFTask: IsolatedTask {
    public init() {}
    public var name: String { "archive.pdf" }

    public func run(input: JSONValue) throws -> JSONValue {
        guard let path = input["path"]?.stringValue, let output = input["output"]?.stringValue else {
            throw QuireError(.invalidArgument, "archive.pdf needs a path and an output")
        }
        let n = try OCR.searchablePDF(path: path, mediaType: input["media_type"]?.stringValue ?? "pdf", pages: input["pages"]?.intValue ?? 1,
                                      output: output, dpi: input["dpi"]?.intValue ?? 300,
                                      languages: input["languages"]?.arrayValue?.compactMap(\.stringValue) ?? ["eng"],
                                      deadlineSeconds: input["deadline_s"]?.numberValue ?? 600)
        return ["pages": .number(Double(n))]
    }
}

/// `archive.pdf`: a searchable PDF of a scanned document for the archive — the page images with
/// an invisible text layer (like OCRmyPDF), stored in the blob store. Born-digital PDFs already
/// have their text and are kept as they are.
public struct ArchivePDFKind: StageKind {
    public init() {}
    public var name: String { "archive.pdf" }
    public var summary: String { "searchable PDF of a scan (page images + invisible OCR text) into the blob store, in an isolated worker" }
    public var settingsHelp: [String: String] {
        ["dpi": "rendering resolution for PDF pages (default 300)",
         "languages": "tesseract languages (default: the pipeline's languages policy, else [eng])",
         "timeout": "seconds for the whole document (default 600)"]
    }

    public func validate(settings: JSONValue) -> [StageSettingsProblem] {
        var problems = unknownKeys(in: settings)
        if let d = settings["dpi"], !(72...600).contains(d.intValue ?? 0) {
            problems.append(StageSettingsProblem(path: ["dpi"], message: "must be a whole number from 72 to 600"))
        }
        if let v = settings["timeout"], (v.intValue ?? 0) < 1 { problems.append(StageSettingsProblem(path: ["timeout"], message: "must be a whole number from 1 up")) }
        if let l = settings["languages"], l.arrayValue?.allSatisfy({ $0.stringValue != nil }) != true {
            problems.append(StageSettingsProblem(path: ["languages"], message: "must be a list of tesseract language codes such as [eng, deu]"))
        }
        return problems
    }

    public func makeStage(settings: JSONValue) throws -> any Stage {
        ArchivePDFStage(dpi: settings["dpi"]?.intValue ?? 300, languages: settings["languages"]?.arrayValue?.compactMap(\.stringValue),
                        timeout: Double(settings["timeout"]?.intValue ?? 600))
    }
}

struct ArchivePDFStage: Stage {
    let dpi: Int
    let languages: [String]?
    let timeout: Double

    func run(_ context: StageContext) async throws -> Outcome {
        // Pages to OCR come from pdf.text's needs_ocr (any stage output that has one).
        let needsOCR = context.outputs.values.compactMap { $0["needs_ocr"]?.arrayValue }.first ?? []
        let pageCount = context.outputs.values.compactMap { $0["page_count"]?.intValue }.first ?? needsOCR.count
        guard !needsOCR.isEmpty else {
            return .done(["skipped": "the document has a text layer; the original is the archive copy", "sha256": .string(context.item.contentHash)])
        }
        let output = NSTemporaryDirectory() + "quire-archive-\(context.item.id.rawValue)-\(UInt32.random(in: 0...UInt32.max)).pdf"
        defer { try? FileManager.default.removeItem(atPath: output) }
        let langs = languages ?? context.pipeline.policies["languages"]?.arrayValue?.compactMap(\.stringValue) ?? ["eng"]
        let archived = try await context.withOriginal { path in
            let input: JSONValue = [
                "path": .string(path), "media_type": .string(context.item.mediaType),
                "pages": .number(Double(max(pageCount, 1))), "dpi": .number(Double(dpi)), "languages": .array(langs.map(JSONValue.string)),
                "output": .string(output), "deadline_s": .number(timeout * 0.9),
            ]
            return try await IsolatedCall.run(context, task: "archive.pdf", input: input, timeout: timeout, poisonAfter: 2, badInputCode: { _ in "unreadable_image" })
        }
        switch archived {
        case .outcome(let o): return o
        case .value(let v):
            guard let data = FileManager.default.contents(atPath: output) else {
                return .applicationError(code: "io", message: "the worker wrote no archive PDF")
            }
            let hash = try context.services.putBlob([UInt8](data))
            return .done(["sha256": .string(hash), "size": .number(Double(data.count)), "pages": v["pages"] ?? .null, "searchable": true])
        }
    }
}

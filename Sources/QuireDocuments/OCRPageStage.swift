import Foundation
public import QuireCore
import QuireObservability

/// `ocr.page`, the worker's side: renders or decodes one page and OCRs it.
public struct OCRPageTask: IsolatedTask {
    public init() {}
    public var name: String { "ocr.page" }

    public func run(input: JSONValue) throws -> JSONValue {
        guard let path = input["path"]?.stringValue, let page = input["page"]?.intValue else {
            throw QuireError(.invalidArgument, "ocr.page needs a path and a page")
        }
        var limits = OCR.Limits()
        if let m = input["max_pixels"]?.intValue { limits.maxPixels = m }
        let languages = input["languages"]?.arrayValue?.compactMap(\.stringValue) ?? ["eng"]
        // Benchmarks only: {"simulate": {"skew": degrees, "noise": grey levels, "seed": n}}.
        let simulate = input["simulate"].map { s in
            OCR.SimulatedScan(skewDegrees: s["skew"]?.numberValue ?? 0, noise: s["noise"]?.numberValue ?? 0, seed: UInt32(s["seed"]?.intValue ?? 1))
        }
        return try OCR.recognize(path: path, mediaType: input["media_type"]?.stringValue ?? "pdf", page: page,
                                 dpi: input["dpi"]?.intValue ?? 300, languages: languages.isEmpty ? ["eng"] : languages,
                                 limits: limits, deadlineSeconds: input["deadline_s"]?.numberValue ?? 120, simulate: simulate).json
    }
}

/// `image.info`, the worker's side: size and page count of an image, from its header only.
public struct ImageInfoTask: IsolatedTask {
    public init() {}
    public var name: String { "image.info" }

    public func run(input: JSONValue) throws -> JSONValue {
        guard let path = input["path"]?.stringValue else { throw QuireError(.invalidArgument, "image.info needs a path") }
        let info = try OCR.imageInfo(path: path)
        return ["width": .number(Double(info.width)), "height": .number(Double(info.height)), "pages": .number(Double(info.pages))]
    }
}

/// `ocr.page`: OCR of one page per job (use it with `each: text.needs_ocr`), in an isolated
/// worker: rendered at `dpi` for PDFs, decoded for images, deskewed, recognised by tesseract
/// with the pipeline's languages. Output: the page's text, words with boxes (PDF points) and
/// confidences, and the mean confidence.
public struct OCRPageKind: StageKind {
    public init() {}
    public var name: String { "ocr.page" }
    public var summary: String { "OCR of one page per job (each: text.needs_ocr), tesseract + leptonica in an isolated worker" }
    public var settingsHelp: [String: String] {
        ["dpi": "rendering resolution for PDF pages (default 300); a page that is one scanned image is OCRed at its own resolution, up to this",
         "languages": "tesseract languages, e.g. [eng, deu] (default: the pipeline's languages policy, else [eng])",
         "max_pixels": "pages with more pixels are refused (default 100000000)",
         "poison_after": "worker crashes on one page before the document is set aside (default 2)",
         "timeout": "seconds one page may take (default 120)"]
    }

    public func validate(settings: JSONValue) -> [StageSettingsProblem] {
        var problems = unknownKeys(in: settings)
        if let d = settings["dpi"], !(72...1200).contains(d.intValue ?? 0) {
            problems.append(StageSettingsProblem(path: ["dpi"], message: "must be a whole number from 72 to 1200"))
        }
        for key in ["max_pixels", "poison_after", "timeout"] {
            if let v = settings[key], (v.intValue ?? 0) < 1 { problems.append(StageSettingsProblem(path: [key], message: "must be a whole number from 1 up")) }
        }
        if let l = settings["languages"] {
            let ok = l.arrayValue.map { $0.allSatisfy { $0.stringValue.map { $0.range(of: "^[a-z_]{3,10}$", options: .regularExpression) != nil } ?? false } } ?? false
            if !ok { problems.append(StageSettingsProblem(path: ["languages"], message: "must be a list of tesseract language codes such as [eng, deu, fra]")) }
        }
        return problems
    }

    public func makeStage(settings: JSONValue) throws -> any Stage {
        OCRPageStage(dpi: settings["dpi"]?.intValue ?? 300, languages: settings["languages"]?.arrayValue?.compactMap(\.stringValue),
                     maxPixels: settings["max_pixels"]?.intValue ?? 100_000_000, poisonAfter: settings["poison_after"]?.intValue ?? 2,
                     timeout: Double(settings["timeout"]?.intValue ?? 120))
    }
}

struct OCRPageStage: Stage {
    let dpi: Int
    let languages: [String]?
    let maxPixels: Int
    let poisonAfter: Int
    let timeout: Double

    func run(_ context: StageContext) async throws -> Outcome {
        let page = context.job.input["each"]?.intValue ?? 1
        let langs = languages ?? context.pipeline.policies["languages"]?.arrayValue?.compactMap(\.stringValue) ?? ["eng"]
        return try await context.withOriginal { path in
            let input: JSONValue = [
                "path": .string(path), "media_type": .string(context.item.mediaType),
                "page": .number(Double(page)), "dpi": .number(Double(dpi)), "languages": .array(langs.map(JSONValue.string)),
                "max_pixels": .number(Double(maxPixels)), "deadline_s": .number(timeout * 0.9),
            ]
            let started = Date()
            switch try await IsolatedCall.run(context, task: "ocr.page", input: input, timeout: timeout, poisonAfter: poisonAfter,
                                              badInputCode: { _ in "unreadable_image" }) {
            case .outcome(let o): return o
            case .value(let v):
                QuireMetrics.ocrPage(pipeline: context.item.pipeline, seconds: Date().timeIntervalSince(started))
                return .done(v)
            }
        }
    }
}

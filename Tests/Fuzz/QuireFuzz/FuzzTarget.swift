import Foundation
import QuireAPI
import QuireAppliance
import QuireBots
import QuireCore
import QuireDocuments
import QuireEngine
import QuireFields
#if canImport(Glibc)
import Glibc
#endif

/// The entry points a hostile caller, bot, inbox writer or document reaches, one per fuzzer.
///
/// `run(_:)` feeds one input through the real parser. An error the parser throws is the expected
/// answer to bad input; a crash, a trap (overflow, out-of-range index, force unwrap) or a broken
/// invariant (`check`) is a finding. The libFuzzer executables (`Tests/Fuzz/Targets`, built by
/// `Benchmarks/fuzz.sh`) call it for every input they generate; `QuireFuzzTests` replays the seeds
/// and every input under `fixtures/fuzz/<target>/` (crashes found, kept as regression tests).
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// The worker's `pdf.read` task (poppler: text, words, attachments, metadata) and the page
    /// rendering `ocr.page` does before tesseract.
    case pdf
    /// The worker's `image.info` task and the decoding `ocr.page` does (leptonica), with its pixel limit.
    case image
    /// Pipeline spec YAML, checked against every stage kind the appliance has.
    case pipeline
    /// A stage's `when:` condition: parsed, printed, parsed again, type-checked and evaluated.
    case when
    /// A bot's standard output: split into lines as the runner does, each line parsed as a protocol message.
    case botProtocol = "bot-protocol"
    /// The JSON reader behind API bodies, sidecars, captures and stored values.
    case json
    /// A multipart/form-data upload: the first line is the Content-Type, the rest the body, fed
    /// whole and in chunks, in memory and with the document streamed to disk.
    case multipart
    /// E-invoice XML (CII, ZUGFeRD 1, UBL).
    case einvoice
    /// A field template (invoice2data YAML), loaded and run on a sample text.
    case template
    /// The worker protocol's length-prefixed frames, read from a pipe.
    case workerFrame = "worker-frame"

    /// A broken invariant: a bug the parser did not throw for.
    public struct Violation: Error, CustomStringConvertible {
        public var target: FuzzTarget
        public var message: String
        public var description: String { "\(target.rawValue): \(message)" }
    }

    /// Runs one input; throws ``Violation`` when an invariant is broken (the libFuzzer entry turns
    /// that into a crash, so the input is kept).
    public func run(_ bytes: [UInt8]) throws {
        switch self {
        case .pdf: try Self.pdf(bytes)
        case .image: try Self.image(bytes)
        case .pipeline: try Self.pipeline(bytes)
        case .when: try Self.when(bytes)
        case .botProtocol: try Self.botProtocol(bytes)
        case .json: try Self.json(bytes)
        case .multipart: try Self.multipart(bytes)
        case .einvoice: _ = try? EInvoice.parse(bytes)
        case .template: Self.template(bytes)
        case .workerFrame: try Self.workerFrame(bytes)
        }
    }

    /// libFuzzer's start: with `QUIRE_FUZZ_SEEDS` set, prints ``seedFolders`` (one per line) and
    /// exits, which is how `Benchmarks/fuzz.sh` learns where this target's seeds are.
    public func initialize() {
        guard ProcessInfo.processInfo.environment["QUIRE_FUZZ_SEEDS"] != nil else { return }
        print(seedFolders.joined(separator: "\n"))
        exit(0)
    }

    /// The libFuzzer entry's body: a violation ends the process with its message.
    public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) {
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        do { try run(bytes) } catch { fatalError("\(error)") }
    }

    /// Seed folders, relative to the repository: the project's fixtures, then the development
    /// corpora beside it (used when present).
    public var seedFolders: [String] {
        let own = "fixtures/fuzz/" + rawValue
        switch self {
        case .pdf: return [own, "fixtures/documents", "../shared/corpora/malformed_pdf", "../shared/corpora/einvoices_dev"]
        case .image: return [own, "fixtures/scans", "../shared/corpora/hostile_images", "../shared/corpora/sroie_dev/img"]
        case .pipeline: return [own, "pipelines"]
        case .template: return [own, "pipelines/templates", "../shared/corpora/invoice2data"]
        case .einvoice: return [own]   // Benchmarks/fuzz.sh adds the XML the corpora's PDFs carry
        case .when, .botProtocol, .json, .multipart, .workerFrame: return [own]
        }
    }

    // MARK: - Entry points

    private static func check(_ ok: Bool, _ target: FuzzTarget, _ message: @autoclosure () -> String) throws {
        if !ok { throw Violation(target: target, message: message()) }
    }

    /// A private file holding `bytes`, removed after `body`.
    private static func withFile<T>(_ bytes: [UInt8], _ body: (String) throws -> T) throws -> T {
        let path = NSTemporaryDirectory() + "/quire-fuzz-\(getpid())-\(UUID().uuidString)"
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw QuireError(.io, "cannot write \(path)")
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(path)
    }

    private static func pdf(_ bytes: [UInt8]) throws {
        try withFile(bytes) { path in
            let maxPages = 20
            guard let result = try? PDFReadTask().run(input: ["path": .string(path), "max_pages": .number(Double(maxPages))]) else { return }
            let pages = result["pages"]?.arrayValue ?? []
            try check(pages.count <= maxPages, .pdf, "\(pages.count) pages read with max_pages \(maxPages)")
            var limits = OCR.Limits()
            limits.maxPixels = 4_000_000
            if let size = try? OCR.decodedSize(path: path, mediaType: "pdf", page: 1, dpi: 36, limits: limits) {
                try check(size.width * size.height <= limits.maxPixels, .pdf, "page 1 rendered to \(size.width) × \(size.height), over \(limits.maxPixels) pixels")
            }
        }
    }

    private static func image(_ bytes: [UInt8]) throws {
        try withFile(bytes) { path in
            guard let info = try? ImageInfoTask().run(input: ["path": .string(path)]) else { return }
            try check((info["pages"]?.intValue ?? 0) >= 1, .image, "image.info said \(info)")
            var limits = OCR.Limits()
            limits.maxPixels = 4_000_000
            // The identify stage names the type from the magic bytes, as this does.
            let isTIFF = bytes.starts(with: [0x49, 0x49, 0x2A, 0x00]) || bytes.starts(with: [0x4D, 0x4D, 0x00, 0x2A])
            if let size = try? OCR.decodedSize(path: path, mediaType: isTIFF ? "tiff" : "png", page: 1, dpi: 300, limits: limits) {
                // The limit is checked on the header's size: a body that decodes larger gets past it.
                try check(size.width * size.height <= limits.maxPixels, .image,
                          "decoded to \(size.width) × \(size.height) although the limit is \(limits.maxPixels) pixels (header: \(info))")
            }
        }
    }

    private static let registry = Appliance.defaultRegistry()

    private static func pipeline(_ bytes: [UInt8]) throws {
        let yaml = String(decoding: bytes, as: UTF8.self)
        for problem in PipelineSpec.check(yaml: yaml, file: "fuzz.yaml", registry: registry) {
            try check(problem.line >= 1, .pipeline, "a problem without a line: \(problem)")
        }
    }

    private static func when(_ bytes: [UInt8]) throws {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let expression = try? WhenExpression.parse(text) else { return }
        // What the checker prints (in messages and `pipelines show`) reads back as the same condition.
        let printed = expression.description
        let again: WhenExpression
        do { again = try WhenExpression.parse(printed) } catch {
            throw Violation(target: .when, message: "'\(text)' prints as '\(printed)', which does not parse: \(error)")
        }
        try check(again == expression, .when, "'\(text)' prints as '\(printed)', which parses to '\(again)'")
        _ = try? expression.typeCheck(in: .init(stages: ["fields", "classify"]))
        let item: [String: JSONValue] = ["name": "a.pdf", "size": 1024, "metadata": ["vendor": "ACME", "amount": 12.5],
                                         "fields": ["total": 250, "currency": "EUR"], "classify": ["label": "invoice", "confidence": 0.9]]
        _ = expression.evaluate(item)
    }

    private static func botProtocol(_ bytes: [UInt8]) throws {
        let limit = 256
        var splitter = LineSplitter(limit: limit)
        var lines: [LineSplitter.Line] = []
        // Pipe reads end anywhere: feed in two pieces split where the first byte says.
        let cut = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
        bytes.withUnsafeBytes { raw in
            lines += splitter.feed(UnsafeRawBufferPointer(rebasing: raw[..<cut]))
            lines += splitter.feed(UnsafeRawBufferPointer(rebasing: raw[cut...]))
        }
        if let last = splitter.finish() { lines.append(last) }
        for line in lines {
            try check(line.bytes.count <= limit, .botProtocol, "a line of \(line.bytes.count) bytes passed the \(limit)-byte limit")
            try check(line.truncated == (line.length > limit), .botProtocol, "a line of \(line.length) bytes marked truncated: \(line.truncated)")
            if line.truncated { continue }
            do { _ = try BotMessage.parse(line: String(decoding: line.bytes, as: UTF8.self)) } catch let e as QuireError {
                // Messages quote at most 200 characters of the line, whatever the bot wrote.
                try check(e.message.count < 600, .botProtocol, "an error message of \(e.message.count) characters")
            }
        }
    }

    private static func json(_ bytes: [UInt8]) throws {
        guard let value = try? JSONValue.parse(Data(bytes)) else { return }
        let written = value.jsonString()
        let again: JSONValue
        do { again = try JSONValue.parse(written) } catch {
            throw Violation(target: .json, message: "a parsed value writes as JSON that does not parse: \(written.prefix(200))")
        }
        try check(again == value, .json, "a value changed on writing and reading back: \(written.prefix(200))")
    }

    private static func multipart(_ bytes: [UInt8]) throws {
        let newline = bytes.firstIndex(of: 0x0A) ?? bytes.endIndex
        let contentType = String(decoding: bytes[..<newline], as: UTF8.self)
        let body = newline < bytes.endIndex ? Array(bytes[(newline + 1)...]) : []
        guard let boundary = QuireAPI.boundary("multipart/form-data; " + contentType) else { return }
        func parts(chunk: Int, toDisk: Bool) -> (parts: [QuireAPI.FormPart], document: [UInt8]?, failed: Bool) {
            // (A folder of its own per call, removed after it: replays run side by side.)
            let directory = NSTemporaryDirectory() + "/quire-fuzz-uploads-\(getpid())-\(UUID().uuidString)"
            let staging = toDisk ? StagingFile(directory: directory) : nil
            defer {
                staging?.discard()
                if toDisk { try? FileManager.default.removeItem(atPath: directory) }
            }
            let form = FormParser(boundary: boundary, document: staging)
            do {
                var offset = 0
                repeat {
                    let end = min(body.count, offset + chunk)
                    try form.feed(bytes: body[offset..<end])
                    offset = end
                } while offset < body.count
                try form.finish()
                let staged = try staging?.finish()
                let document = staged.flatMap { FileManager.default.contents(atPath: $0.path) }.map { [UInt8]($0) }
                return (form.parts, document, false)
            } catch {
                return ([], nil, true)
            }
        }
        let whole = parts(chunk: max(1, body.count), toDisk: false)
        // A body arrives in chunks cut anywhere: every cut gives the same parts.
        let chunk = 1 + (body.first.map(Int.init) ?? 0) % 17
        let pieces = parts(chunk: chunk, toDisk: false)
        try check(whole.failed == pieces.failed, .multipart, "whole: \(whole.failed ? "refused" : "read"), in \(chunk)-byte chunks: \(pieces.failed ? "refused" : "read")")
        guard !whole.failed else { return }
        func summary(_ p: [QuireAPI.FormPart]) -> [String] { p.map { "\($0.field ?? "-")|\($0.filename ?? "-")|\($0.body.count)|\($0.body.hashValue)" } }
        try check(summary(whole.parts) == summary(pieces.parts), .multipart, "parts differ by chunking: \(summary(whole.parts)) vs \(summary(pieces.parts))")
        // Streamed to disk: the first `file` part's bytes are in the file, the other parts as in memory.
        let streamed = parts(chunk: chunk, toDisk: true)
        try check(!streamed.failed, .multipart, "the streamed read refused what the in-memory read took")
        if let first = whole.parts.firstIndex(where: { $0.field == "file" }) {
            try check(streamed.document == [UInt8](whole.parts[first].body), .multipart, "the staged document differs from the part")
        } else {
            try check(streamed.document == nil, .multipart, "a document was staged from a form without a file part")
        }
    }

    private static let sampleText = """
        Example Trading GmbH        Rechnung / Invoice
        Invoice No: INV-2024-0042   Date: 03.04.2024
        Net 100,00 EUR  VAT 19 % 19,00 EUR  Total 119,00 EUR
        IBAN DE00 0000 0000 0000 0000 00
        """

    private static func template(_ bytes: [UInt8]) {
        guard let template = try? Template.load(yaml: String(decoding: bytes, as: UTF8.self), file: "fuzz.yml") else { return }
        let prepared = template.prepare(sampleText)
        if template.matches(prepared) { _ = template.extract(prepared) }
    }

    private static func workerFrame(_ bytes: [UInt8]) throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw QuireError(.io, "pipe failed") }
        defer { close(fds[0]) }
        // A pipe holds 64 KiB: larger inputs are cut there (frames over that are read the same way).
        let n = min(bytes.count, 60_000)
        _ = bytes.withUnsafeBytes { Glibc.write(fds[1], $0.baseAddress, n) }
        close(fds[1])
        guard let value = try? WorkerFrame.read(from: fds[0], deadline: nil) else { return }
        // What was read writes and reads back as the same value.
        var back: [Int32] = [0, 0]
        guard pipe(&back) == 0 else { throw QuireError(.io, "pipe failed") }
        defer { close(back[0]) }
        let written = value.jsonString().utf8.count + 4
        guard written < 60_000 else { close(back[1]); return }
        try WorkerFrame.write(value, to: back[1])
        close(back[1])
        let again = try WorkerFrame.read(from: back[0], deadline: nil)
        try check(again == value, .workerFrame, "a frame changed on writing and reading back")
    }
}

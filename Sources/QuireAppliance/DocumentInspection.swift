import Foundation
public import QuireCore
public import QuireEngine
public import QuireFields

/// Reads one file through the isolated workers the way the pipeline's `pdf.text` and `ocr.page`
/// stages do, without the queue: for `quire inspect` and `quire templates test`.
public struct DocumentInspection: Sendable {
    public var pages: [JSONValue]
    public var attachments: [FieldExtractor.Attachment]
    public var attachmentNames: [JSONValue]

    /// Words grouped into lines, as the fields stage sees them.
    public var text: DocumentText {
        let pdf = pages.filter { $0["source"] != "ocr" }.map { p -> JSONValue in ["number": p["page"] ?? .null, "words": p["words"] ?? []] }
        let ocr = pages.filter { $0["source"] == "ocr" }
        return DocumentText(textOutput: ["page_count": .number(Double(pages.count)), "pages": .array(pdf)], ocrOutput: .array(ocr))
    }

    /// Reads `path` (PDF, PNG, JPEG, TIFF; plain text too). Pages of a PDF with fewer than
    /// `minTextChars` characters, and every page of an image, are OCRed.
    public static func read(path: String, pool: WorkerPool, languages: [String], minTextChars: Int = 20, timeout: Double = 120) async throws -> DocumentInspection {
        let head = FileHandle(forReadingAtPath: path).flatMap { h in defer { try? h.close() }; return try? h.read(upToCount: 1024) }
        guard let head else { throw QuireError(.notFound, "cannot open \(path)") }
        let type = MediaType.sniff(head)
        if type == nil, path.lowercased().hasSuffix(".txt"), let data = FileManager.default.contents(atPath: path) {
            // Text captured elsewhere: lines become words with made-up boxes.
            let t = DocumentText(plainText: String(decoding: data, as: UTF8.self))
            let words: [JSONValue] = t.lines.flatMap { l in l.words.map { w -> JSONValue in [.string(w.text), .number(w.x0), .number(w.y0), .number(w.x1), .number(w.y1)] } }
            return DocumentInspection(pages: [["page": 1, "source": "text", "text": .string(t.plainText), "words": .array(words)]], attachments: [], attachmentNames: [])
        }
        guard let type, [.pdf, .png, .jpeg, .tiff].contains(type) else {
            throw QuireError(.unsupportedInput, "\(type.map { "a \($0.rawValue.uppercased()) file" } ?? "a file of an unknown type"); this reads PDF, PNG, JPEG, TIFF and .txt")
        }
        var pages: [JSONValue] = []
        var needsOCR: [Int] = []
        var attachments: [FieldExtractor.Attachment] = []
        var names: [JSONValue] = []
        if type == .pdf {
            let result = try await pool.run(task: "pdf.read", input: ["path": .string(path)], timeout: timeout)
            for a in result["attachments"]?.arrayValue ?? [] {
                names.append(["name": a["name"] ?? .null, "description": a["description"] ?? .null])
                if let name = a["name"]?.stringValue, let data = Data(base64Encoded: a["base64"]?.stringValue ?? "") {
                    attachments.append(FieldExtractor.Attachment(name: name, bytes: [UInt8](data)))
                }
            }
            for p in result["pages"]?.arrayValue ?? [] {
                let chars = (p["words"]?.arrayValue ?? []).reduce(0) { $0 + ($1["text"]?.stringValue?.count ?? 0) }
                if chars < minTextChars { needsOCR.append(p["number"]?.intValue ?? 0) } else {
                    pages.append(["page": p["number"] ?? 0, "source": "pdf", "chars": .number(Double(chars)), "rotation": p["rotation"] ?? 0,
                                  "text": p["text"] ?? "", "words": p["words"] ?? []])
                }
            }
        } else {
            let info = try await pool.run(task: "image.info", input: ["path": .string(path)], timeout: timeout)
            needsOCR = Array(1...max(1, info["pages"]?.intValue ?? 1))
        }
        for n in needsOCR {
            let t = Date()
            var o = try await pool.run(task: "ocr.page", input: [
                "path": .string(path), "media_type": .string(type.rawValue), "page": .number(Double(n)),
                "languages": .array(languages.map(JSONValue.string)),
            ], timeout: timeout)
            if case .object(var d) = o {
                d["ms"] = .number((Date().timeIntervalSince(t) * 1000).rounded())
                o = .object(d)
            }
            pages.append(o)
        }
        pages.sort { ($0["page"]?.intValue ?? 0) < ($1["page"]?.intValue ?? 0) }
        return DocumentInspection(pages: pages, attachments: attachments, attachmentNames: names)
    }

    /// The fields report as lines of text: value, confidence, strategy, page and source words,
    /// checks, and the alternatives that lost.
    public static func describe(_ r: FieldExtractor.Result, reviewReasons: [String]) -> [String] {
        var out: [String] = []
        let head = "--- fields: \(r.schema), confidence \(String(format: "%.2f", r.confidence))"
            + (r.einvoice.map { ", e-invoice \($0.profile)" } ?? "") + (r.template.map { ", template \($0.template.name)" } ?? "")
        out.append(head)
        out.append(reviewReasons.isEmpty ? "decision: approve" : "decision: review (" + reviewReasons.joined(separator: "; ") + ")")
        func show(_ v: JSONValue) -> String {
            if let s = v.stringValue { return s }
            if let a = v.arrayValue, a.first?.objectValue != nil { return "\(a.count) rows" }
            return v.jsonString()
        }
        for name in r.order {
            guard let f = r.fields[name] else {
                if r.missing.contains(name) { out.append("  \(name.padding(toLength: 16, withPad: " ", startingAt: 0)) (missing, required)") }
                continue
            }
            let words = f.words.map(\.text).joined(separator: " ")
            var line = "  \(name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(show(f.value))"
            line += "   [\(String(format: "%.2f", f.confidence)) \(f.strategy)\(f.page.map { " p\($0)" } ?? "")\(words.isEmpty ? "" : " \"\(words)\"")]"
            out.append(line)
            if name == "line_items", let rows = f.value.arrayValue {
                // A long table: its first rows and its last (where a stray totals or footer row would be), with the count between.
                let shown = rows.count > 20 ? Array(rows.prefix(12)) + [.null] + Array(rows.suffix(8)) : rows
                for row in shown {
                    guard row != .null else { out.append("      … \(rows.count - 20) rows more"); continue }
                    out.append("      - " + ["description", "quantity", "unit_price", "amount", "tax_rate"].compactMap { k in row[k].map { "\(k) \(show($0))" } }.joined(separator: ", "))
                }
            }
            for c in f.checks { out.append("      \(c.passed ? "✓" : "✗") \(c.name): \(c.reason)") }
            for a in f.alternatives.prefix(3) {
                out.append("      alternative: \(show(a.value)) [\(String(format: "%.2f", a.score)) \(a.strategy)\(a.note.isEmpty ? "" : ", \(a.note)")]")
            }
        }
        for n in r.notes { out.append("  note: \(n)") }
        return out
    }
}

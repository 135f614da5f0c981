import Foundation
public import Logging
public import QuireCore
import QuireEngine
public import QuireFields

/// Field-level accuracy on the generated fixtures (born-digital PDFs and their scans, reported
/// apart) and on a folder of real invoices with invoice2data's golden JSON; and the time field
/// extraction takes for one born-digital invoice. Text comes from the same isolated workers the
/// appliance uses (`pdf.read`, `ocr.page`); the document type is the expected one (classifying
/// is the classifier's job and is measured there).
public struct FieldsBenchmark: Sendable {
    public var workers = 2
    public var templates: [String] = []
    public var languages = ["eng", "deu", "fra"]
    public init() {}

    public struct Score: Sendable {
        public var field: String
        public var kind: String
        public var correct = 0
        public var total = 0
        public var misses: [String] = []
        public var accuracy: Double { total == 0 ? 0 : Double(correct) / Double(total) }
    }

    public struct Report: Sendable {
        public var scores: [Score]
        public var documents: [String: Int]
        /// Milliseconds to extract the fields of one born-digital invoice from its words: median and 95th percentile.
        public var extractionMedianMs: Double
        public var extractionP95Ms: Double
        /// Per kind: documents approved without review, and of those, how many had a wrong field.
        public var approved: [String: Int] = [:]
        public var approvedWithError: [String: Int] = [:]
    }

    static let compared: [String: [String]] = [
        "invoice": ["invoice_number", "issue_date", "currency", "net_total", "tax_total", "total", "vendor_vat_id", "vendor_iban", "vendor_name"],
        "credit_note": ["invoice_number", "issue_date", "currency", "net_total", "tax_total", "total", "vendor_vat_id", "vendor_iban", "vendor_name", "corrects_invoice"],
        // A receipt's tax is in the expected file but not printed on it.
        "receipt": ["date", "total", "currency", "merchant"],
    ]

    /// True when an extracted value is the expected one (amounts within half a cent, ids normalised).
    public static func same(_ field: String, _ got: JSONValue?, _ want: JSONValue?) -> Bool {
        let g = got == .null ? nil : got, w = want == .null ? nil : want
        guard let w else { return g == nil }
        guard let g else { return false }
        if let a = g.numberValue, let b = w.numberValue { return abs(a - b) < 0.005 }
        guard let a = g.stringValue, let b = w.stringValue else { return g == w }
        switch field {
        case "vendor_vat_id": return VATID.normalize(a) == VATID.normalize(b)
        case "vendor_iban": return IBAN.normalize(a) == IBAN.normalize(b)
        case "vendor_name", "merchant": return a.lowercased().filter { $0.isLetter || $0.isNumber } == b.lowercased().filter { $0.isLetter || $0.isNumber }
        case "invoice_number": return a.uppercased().filter { !$0.isWhitespace } == b.uppercased().filter { !$0.isWhitespace }
        default: return a == b
        }
    }

    public func fixtures(_ root: String, scans: Bool, logger: Logger) async throws -> Report {
        var c = WorkerPool.Configuration()
        c.size = workers
        let pool = WorkerPool(configuration: c, logger: logger)
        defer { pool.close() }
        let set = TemplateSet.load(directories: templates)
        struct Job: Sendable { var id, type, path, kind, format: String; var expected: JSONValue }
        var jobs: [Job] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: root + "/expected").sorted() where name.hasSuffix(".json") {
            let e = try JSONValue.parse(FileManager.default.contents(atPath: root + "/expected/" + name) ?? Data())
            let type = e["type"]?.stringValue ?? ""
            guard Self.compared[type] != nil else { continue }
            for f in e["files"]?.arrayValue ?? [] {
                let kind = f["kind"]?.stringValue ?? ""
                if kind == "scan" && !scans { continue }
                jobs.append(Job(id: e["id"]?.stringValue ?? name, type: type, path: root + "/" + (f["path"]?.stringValue ?? ""), kind: kind,
                                format: f["format"]?.stringValue ?? "pdf", expected: e["fields"] ?? .emptyObject))
            }
        }
        let langs = languages
        let texts: [(Job, DocumentText, [FieldExtractor.Attachment])] = try await withThrowingTaskGroup(of: (Job, DocumentText, [FieldExtractor.Attachment]).self) { group in
            for j in jobs {
                group.addTask {
                    if j.kind == "born_digital" {
                        let r = try await pool.run(task: "pdf.read", input: ["path": .string(j.path)], timeout: 120)
                        return (j, Self.text(pdfRead: r), Self.attachments(pdfRead: r))
                    }
                    let r = try await pool.run(task: "ocr.page", input: ["path": .string(j.path), "media_type": .string(j.format == "pdf" ? "pdf" : j.format),
                                                                         "page": 1, "dpi": 300, "languages": .array(langs.map(JSONValue.string))], timeout: 300)
                    return (j, DocumentText(textOutput: nil, ocrOutput: r), [])
                }
            }
            var out: [(Job, DocumentText, [FieldExtractor.Attachment])] = []
            for try await x in group { out.append(x) }
            return out.sorted { ($0.0.id, $0.0.kind) < ($1.0.id, $1.0.kind) }
        }
        var scores: [String: Score] = [:]
        var documents: [String: Int] = [:]
        var times: [Double] = []
        var approved: [String: Int] = [:], approvedWithError: [String: Int] = [:]
        for (j, text, attachments) in texts {
            let clock = ContinuousClock()
            var result: FieldExtractor.Result? = nil
            let reps = j.kind == "born_digital" && j.type == "invoice" ? 5 : 1
            for _ in 0..<reps {
                let t0 = clock.now
                result = Fields.extract(text: text, attachments: attachments, schema: j.type, templates: set)
                let d = clock.now - t0
                if reps > 1 { times.append(Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15) }
            }
            documents[j.kind, default: 0] += 1
            let isApproved = result.map { Fields.reviewReasons($0, policies: ["confidence_threshold": 0.85]).isEmpty } ?? false
            if isApproved { approved[j.kind, default: 0] += 1 }
            var wrong = false
            defer { if isApproved && wrong { approvedWithError[j.kind, default: 0] += 1 } }
            for field in Self.compared[j.type] ?? [] {
                let key = "\(j.kind)|\(field)"
                var s = scores[key] ?? Score(field: field, kind: j.kind)
                s.total += 1
                let got = result?.value(field)
                if Self.same(field, got, j.expected[field]) { s.correct += 1 } else {
                    wrong = true
                    s.misses.append("\(j.id) \((j.path as NSString).lastPathComponent): got \(got?.jsonString() ?? "nothing"), want \(j.expected[field]?.jsonString() ?? "nothing")")
                }
                scores[key] = s
            }
        }
        times.sort()
        return Report(scores: scores.values.sorted { ($0.kind, $0.field) < ($1.kind, $1.field) }, documents: documents,
                      extractionMedianMs: times.isEmpty ? 0 : times[times.count / 2], extractionP95Ms: times.isEmpty ? 0 : times[min(times.count - 1, times.count * 95 / 100)],
                      approved: approved, approvedWithError: approvedWithError)
    }

    /// invoice2data's compare folder: `X.pdf` with `X.json` holding the golden fields.
    /// Scores invoice number, date, total and currency.
    public func corpus(_ dir: String, logger: Logger) async throws -> [Score] {
        var c = WorkerPool.Configuration()
        c.size = workers
        let pool = WorkerPool(configuration: c, logger: logger)
        defer { pool.close() }
        let set = TemplateSet.load(directories: templates)
        let pairs = [("invoice_number", "invoice_number"), ("date", "issue_date"), ("amount", "total"), ("currency", "currency")]
        var scores = pairs.map { Score(field: $0.1, kind: "invoice2data") }
        for name in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() where name.hasSuffix(".json") {
            let base = dir + "/" + String(name.dropLast(5))
            let golden = try JSONValue.parse(FileManager.default.contents(atPath: dir + "/" + name) ?? Data())
            let want = golden.arrayValue?.first ?? golden
            let text: DocumentText
            var attachments: [FieldExtractor.Attachment] = []
            if FileManager.default.fileExists(atPath: base + ".pdf") {
                let r = try await pool.run(task: "pdf.read", input: ["path": .string(base + ".pdf")], timeout: 120)
                text = Self.text(pdfRead: r)
                attachments = Self.attachments(pdfRead: r)
            } else { continue }   // the PDFs only (Orlen ships as text: no PDF to read)
            let result = Fields.extract(text: text, attachments: attachments, schema: "invoice", templates: set)
            for (i, (theirs, ours)) in pairs.enumerated() {
                guard let w = want[theirs] else { continue }
                scores[i].total += 1
                var expected = w
                if theirs == "date", let s = w.stringValue { expected = .string(String(s.prefix(10))) }
                if Self.same(ours, result.value(ours), expected) { scores[i].correct += 1 } else {
                    scores[i].misses.append("\(name.dropLast(5)): got \(result.value(ours)?.jsonString() ?? "nothing"), want \(expected.jsonString())")
                }
            }
        }
        return scores
    }

    /// A `pdf.read` result as the fields stage sees it.
    public static func text(pdfRead r: JSONValue) -> DocumentText {
        let pages: [JSONValue] = (r["pages"]?.arrayValue ?? []).map { p in
            ["number": p["number"] ?? .null, "words": p["words"] ?? []]
        }
        return DocumentText(textOutput: ["page_count": r["pageCount"] ?? .null, "pages": .array(pages)], ocrOutput: nil)
    }

    public static func attachments(pdfRead r: JSONValue) -> [FieldExtractor.Attachment] {
        (r["attachments"]?.arrayValue ?? []).compactMap { a in
            guard let name = a["name"]?.stringValue, let data = Data(base64Encoded: a["base64"]?.stringValue ?? "") else { return nil }
            return FieldExtractor.Attachment(name: name, bytes: [UInt8](data))
        }
    }
}

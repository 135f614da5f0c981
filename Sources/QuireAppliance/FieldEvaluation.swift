import Foundation
public import Logging
public import QuireCore
import QuireEngine
public import QuireFields
import QuireModels

/// How right the fields stage is. Reads the generated fixtures (born-digital PDFs and their scans, reported apart) and
/// real development corpora (e-invoices with their XML, receipts with their keys, invoice2data's golden JSON) into
/// documents with the fields they should give, and scores the stage on them; also times field extraction on one
/// born-digital invoice. Text comes from the same isolated workers the appliance uses (`pdf.read`, `ocr.page`); the
/// document type is the expected one (classifying is measured with the classifier).
///
/// `quire bench fields` prints its reports, and `quire model train --name fields` trains the ranker on its readings and
/// scores each new version with it — which is why it is part of the appliance, not of QuireBenchmarks.
public struct FieldEvaluation: Sendable {
    public var workers = 2
    public var templates: [String] = []
    public var languages = ["eng", "deu", "fra"]
    /// How an e-invoice's pages are turned into a scan for the scan path.
    public var scanning = Scanning()
    /// Read each corpus in order as an appliance would after a person reviewed every document before
    /// it: the vendors of the documents already read (their right name, VAT id and IBAN) are known.
    public var learnVendors = false
    /// The currency of a receipt that prints none (a receipts pipeline's `currency` setting).
    public var receiptCurrency: String? = nil
    public init() {}

    /// A simulated scanner: resolution, the most a page is turned, Gaussian noise in grey levels,
    /// and which draw of skew and noise a page gets (`seed` 0 is the draw the published numbers use).
    /// Others show how the numbers hold at another resolution, on a clean scan or on another draw
    /// of the same scanner (each kept apart in the cache).
    public struct Scanning: Sendable, Equatable {
        public var dpi = 200
        public var maxSkewDegrees = 1.5
        public var noise = 12.0
        public var seed: UInt32 = 0
        public init(dpi: Int = 200, maxSkewDegrees: Double = 1.5, noise: Double = 12, seed: UInt32 = 0) {
            self.dpi = dpi; self.maxSkewDegrees = maxSkewDegrees; self.noise = noise; self.seed = seed
        }
        /// The cache's name for readings made this way ("scan" for the default, so old caches stay valid).
        var cacheKind: String {
            self == Scanning() ? "scan" : "scan-\(dpi)dpi-skew\(maxSkewDegrees)-noise\(noise)" + (seed == 0 ? "" : "-seed\(seed)")
        }
        /// The draw for page `page` of document `id`: the same every run.
        func draw(_ id: String, page: Int) -> UInt32 {
            let base = id.unicodeScalars.reduce(UInt32(page)) { ($0 &* 31) &+ $1.value }
            return seed == 0 ? base : base ^ (seed &* 2_654_435_761)
        }
    }

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
        /// Documents approved without review that had a wrong field: "kind id: field, field".
        public var approvedErrors: [String] = []
        /// Why documents went to review: reason (without values) → documents.
        public var reviewReasons: [String: Int] = [:]
        /// Every document sent to review, with its reasons: "kind id: reason; reason".
        public var reviewed: [String] = []
        /// Each compared field that has a value: its confidence and whether it was right.
        public var calibration: [(confidence: Double, correct: Bool)] = []
        /// Per kind: line items against the e-invoices' own XML lines.
        public var lineItems: [String: LineItemScore] = [:]

        /// Confidence buckets with how many values fell in each and how many of them were right,
        /// and the expected calibration error (the share-weighted gap between confidence and accuracy).
        public var reliability: (buckets: [(range: ClosedRange<Double>, count: Int, correct: Int, meanConfidence: Double)], ece: Double) {
            let edges: [ClosedRange<Double>] = [0...0.5, 0.5...0.7, 0.7...0.85, 0.85...0.95, 0.95...1]
            var buckets: [(ClosedRange<Double>, Int, Int, Double)] = []
            var ece = 0.0
            for (i, r) in edges.enumerated() {
                let inside = calibration.filter { r.contains($0.confidence) && (i == edges.count - 1 || $0.confidence < r.upperBound) }
                let mean = inside.isEmpty ? 0 : inside.map(\.confidence).reduce(0, +) / Double(inside.count)
                let right = inside.filter(\.correct).count
                buckets.append((r, inside.count, right, mean))
                if !inside.isEmpty { ece += Double(inside.count) / Double(max(1, calibration.count)) * abs(mean - Double(right) / Double(inside.count)) }
            }
            return (buckets, ece)
        }
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
                if reps > 1 { times.append(Self.milliseconds(d)) }
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

    // MARK: Real development corpora

    /// One document of a real corpus with its ground truth.
    /// Line items of e-invoices whose XML has lines: how many documents, how many had rows read, and how many had
    /// rows whose amounts are the XML lines' amounts (as a multiset, to the cent).
    public struct LineItemScore: Sendable {
        public var documents = 0
        public var read = 0
        public var asXML = 0
    }

    struct RealDocument: Sendable {
        var id: String
        /// Who made it (seller, source repository): leave-vendor-out folds group by it.
        var group: String
        var type: String
        var path: String
        var format: String
        var expected: [String: JSONValue]
        /// The line amounts of the e-invoice's own XML (`gt/<stem>.xml`), as printed positive; nil where it has none.
        var lineAmounts: [Double]? = nil
    }

    /// The fields compared per kind of real corpus (named as Quire's schemas name them).
    static let realFields: [String: [String]] = [
        "einvoice": ["invoice_number", "issue_date", "due_date", "currency", "net_total", "tax_total", "total", "vendor_iban", "vendor_vat_id", "vendor_name"],
        "receipt": ["merchant", "date", "total"],
    ]

    /// Reads a real corpus folder: `einvoices_dev/` (PDFs with their embedded XML, ground truth in
    /// `manifest.csv`), `sroie_dev/` (receipt images with `key/NNN.json`). Nil for other folders.
    static func realDocuments(_ dir: String) throws -> (kind: String, documents: [RealDocument])? {
        let fm = FileManager.default
        if let data = fm.contents(atPath: dir + "/manifest.csv"), let rows = CSVRows(String(decoding: data, as: UTF8.self)), rows.header.contains("grand_total") {
            var docs: [RealDocument] = []
            for r in rows.records {
                guard let file = r["file"], fm.fileExists(atPath: dir + "/" + file) else { continue }
                func iso(_ s: String?) -> JSONValue {
                    guard let s, s.count == 8, s.allSatisfy(\.isNumber) else { return .null }
                    return .string("\(s.prefix(4))-\(s.dropFirst(4).prefix(2))-\(s.suffix(2))")
                }
                func amount(_ s: String?) -> JSONValue { s.flatMap(Double.init).map(JSONValue.number) ?? .null }
                func text(_ s: String?) -> JSONValue { (s?.isEmpty ?? true) ? .null : .string(s!) }
                let expected: [String: JSONValue] = [
                    "invoice_number": text(r["invoice_number"]), "issue_date": iso(r["issue_date"]), "due_date": iso(r["due_date"]),
                    "currency": text(r["currency"]), "net_total": amount(r["net_total"]), "tax_total": amount(r["tax_total"]),
                    "total": amount(r["grand_total"]), "vendor_iban": text(r["iban"]), "vendor_vat_id": text(r["seller_vat_id_va"]),
                    "vendor_name": text(r["seller_name"]),
                ]
                let type = LabelMap.label(forTypeCode: r["type_code"] ?? "") ?? "invoice"
                // Leave-source-out: one repository's invoices often come from one generator and template, so a
                // source is a stricter group than a seller name.
                var doc = RealDocument(id: file, group: r["source_repo"] ?? r["seller_name"] ?? file, type: type, path: dir + "/" + file, format: "pdf", expected: expected)
                let xml = dir + "/gt/" + (file as NSString).deletingPathExtension + ".xml"
                if let data = fm.contents(atPath: xml), let lines = (try? EInvoice.parse([UInt8](data)))?.fields["line_items"]?.arrayValue, !lines.isEmpty {
                    doc.lineAmounts = lines.compactMap { $0["amount"]?.numberValue.map(abs) }
                }
                docs.append(doc)
            }
            return ("einvoice", docs)
        }
        if fm.fileExists(atPath: dir + "/key"), fm.fileExists(atPath: dir + "/img") {
            var docs: [RealDocument] = []
            for name in try fm.contentsOfDirectory(atPath: dir + "/key").sorted() where name.hasSuffix(".json") {
                let stem = String(name.dropLast(5))
                let image = dir + "/img/" + stem + ".jpg"
                guard fm.fileExists(atPath: image), let data = fm.contents(atPath: dir + "/key/" + name), let key = try? JSONValue.parse(data) else { continue }
                var date: JSONValue = .null
                if let s = key["date"]?.stringValue, let d = Dates.find(in: s, order: .dmy).first { date = .string(d.value.iso) }
                let expected: [String: JSONValue] = [
                    "merchant": key["company"] ?? .null, "date": date,
                    // "33.90", "$8.20", "RM 8.20", "RM8.20": the amount, whatever is printed around it.
                    "total": key["total"]?.stringValue.flatMap {
                        Amounts.find(in: $0.replacingOccurrences(of: #"^[^\d-]+"#, with: "", options: .regularExpression), decimalSeparator: ".").last
                            .map { Amounts.double($0.value) }
                    }.map(JSONValue.number) ?? .null,
                ]
                // Receipts of one shop chain share a name: group by it (letters only).
                let group = (key["company"]?.stringValue ?? stem).uppercased().filter(\.isLetter)
                docs.append(RealDocument(id: stem, group: String(group.prefix(12)), type: "receipt", path: image, format: "jpeg", expected: expected))
            }
            return ("receipt", docs)
        }
        return nil
    }

    /// One reading of a real document: born-digital words, or OCR of its scan.
    public struct RealRead: Sendable {
        var doc: RealDocument
        /// "born_digital" or "scan".
        var kind: String
        /// The corpus kind: "einvoice" or "receipt".
        var corpus: String
        var text: DocumentText
        /// The document's id in its corpus (its file name).
        public var id: String { doc.id }
    }

    /// Reads a real corpus's documents as the fields stage would see them. E-invoices are read
    /// twice: born-digital with the embedded XML hidden (the layout path) and, with `scans`, each
    /// page OCRed from a 200 dpi rendering with a scanner's skew and noise (the scan path);
    /// receipts are OCRed. With `cache`, what the workers returned is kept there and read back on
    /// the next run (OCR of a corpus takes minutes; choosing values takes milliseconds). Nil for a
    /// folder that is not a real corpus.
    public func realReads(_ dir: String, scans: Bool, offset: Int = 0, limit: Int? = nil, cache: String? = nil, logger: Logger) async throws -> [RealRead]? {
        guard let (kind, all) = try Self.realDocuments(dir) else { return nil }
        let rest = Array(all.dropFirst(offset))
        let documents = limit.map { Array(rest.prefix($0)) } ?? rest
        var c = WorkerPool.Configuration()
        c.size = workers
        let pool = WorkerPool(configuration: c, logger: logger)
        defer { pool.close() }
        let langs = languages
        let scanner = scanning
        if let cache { try FileManager.default.createDirectory(atPath: cache + "/" + kind, withIntermediateDirectories: true) }
        /// The workers' output for one reading, from the cache when it is there.
        /// (`make` says whether its reading may be kept: one with a page that could not be read is read again next time.)
        func cached(_ d: RealDocument, _ readKind: String, _ make: () async throws -> (JSONValue, keep: Bool)) async throws -> JSONValue {
            let file = cache.map { "\($0)/\(kind)/\(d.id.replacingOccurrences(of: "/", with: "_")).\(readKind).json" }
            if let file, let data = FileManager.default.contents(atPath: file), let v = try? JSONValue.parse(data) { return v }
            let (v, keep) = try await make()
            if let file, keep { try Data(v.jsonString().utf8).write(to: URL(fileURLWithPath: file)) }
            return v
        }
        let reads: [RealRead] = try await withThrowingTaskGroup(of: [RealRead].self) { group in
            for d in documents {
                group.addTask {
                    if d.format == "pdf" {
                        let born = try await cached(d, "born_digital") {
                            let r = try await pool.run(task: "pdf.read", input: ["path": .string(d.path)], timeout: 120)
                            return (Self.textOutput(pdfRead: r), true)
                        }
                        var out = [RealRead(doc: d, kind: "born_digital", corpus: kind, text: DocumentText(textOutput: born, ocrOutput: nil))]
                        if scans {
                            let pages = max(1, born["page_count"]?.intValue ?? 1)
                            let ocr = try await cached(d, scanner.cacheKind) {
                                var ocr: [JSONValue] = []
                                var complete = true
                                for p in 1...min(pages, 8) {
                                    // A scanner's page (by default 200 dpi, turned by up to 1.5°, light noise); the same for each document every run.
                                    let seed = scanner.draw(d.id, page: p)
                                    let skew = Double(Int(seed % 31) - 15) * scanner.maxSkewDegrees / 15
                                    do {
                                        ocr.append(try await pool.run(task: "ocr.page", input: ["path": .string(d.path), "media_type": "pdf", "page": .number(Double(p)), "dpi": .number(Double(scanner.dpi)),
                                                                                                "languages": .array(langs.map(JSONValue.string)),
                                                                                                "simulate": ["skew": .number(skew), "noise": .number(scanner.noise), "seed": .number(Double(seed % 100_000))]],
                                                                        timeout: 300))
                                    } catch {
                                        // A page that could not be read (OCR out of time on a loaded machine) is scored as unread, as
                                        // the appliance would send it to a person, rather than ending the whole run.
                                        logger.warning("\(d.id): page \(p) could not be OCRed, scored as unread: \(error)")
                                        complete = false
                                    }
                                }
                                return (.array(ocr), complete)
                            }
                            out.append(RealRead(doc: d, kind: "scan", corpus: kind, text: DocumentText(textOutput: nil, ocrOutput: ocr)))
                        }
                        return out
                    }
                    let o = try await cached(d, "scan") {
                        do {
                            return (try await pool.run(task: "ocr.page", input: ["path": .string(d.path), "media_type": .string(d.format), "page": 1, "dpi": 300,
                                                                                 "languages": .array(langs.map(JSONValue.string))], timeout: 300), true)
                        } catch {
                            logger.warning("\(d.id) could not be OCRed, scored as unread: \(error)")
                            return (.array([]), false)
                        }
                    }
                    return [RealRead(doc: d, kind: "scan", corpus: kind, text: DocumentText(textOutput: nil, ocrOutput: o))]
                }
            }
            var out: [RealRead] = []
            for try await x in group { out += x }
            return out.sorted { ($0.doc.id, $0.kind) < ($1.doc.id, $1.kind) }
        }
        return reads
    }

    /// Field accuracy on a real corpus (see ``realReads(_:scans:offset:limit:cache:logger:)``), with the built-in ranker.
    public func real(_ dir: String, scans: Bool, offset: Int = 0, limit: Int? = nil, logger: Logger) async throws -> Report? {
        guard let reads = try await realReads(dir, scans: scans, offset: offset, limit: limit, logger: logger) else { return nil }
        return score(reads, ranker: FieldRanker.builtIn)
    }

    static func milliseconds(_ d: Duration) -> Double { Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15 }

    /// Scores readings of real documents with `ranker` (nil: the layout rules alone). `rankers`
    /// gives a ranker per document id instead (cross-validation: each document by the model of its fold).
    public func score(_ reads: [RealRead], ranker: FieldRanker?, rankers: [String: FieldRanker]? = nil) -> Report {
        let set = TemplateSet.load(directories: templates)
        var scores: [String: Score] = [:]
        var counts: [String: Int] = [:]
        var approved: [String: Int] = [:], approvedWithError: [String: Int] = [:]
        var approvedErrors: [String] = []
        var reviewReasons: [String: Int] = [:]
        var reviewed: [String] = []
        var calibration: [(Double, Bool)] = []
        var lineItems: [String: LineItemScore] = [:]
        var known: [String: [VendorDirectory.Vendor]] = [:]
        var times: [Double] = []
        let clock = ContinuousClock()
        for r in reads {
            let kind = r.corpus == "receipt" ? "receipt" : r.kind
            let vendors = learnVendors ? VendorDirectory((known[kind] ?? []).reversed()) : .empty
            // The layout path: no attachments, so the embedded XML is hidden.
            let t0 = clock.now
            let result = Fields.extract(text: r.text, attachments: [], schema: r.doc.type, templates: set, ranker: rankers.map { $0[r.doc.id] } ?? ranker,
                                        vendors: vendors, defaultCurrency: r.corpus == "receipt" ? receiptCurrency : nil)
            if kind == "born_digital" { times.append(Self.milliseconds(clock.now - t0)) }
            if learnVendors, let name = (r.doc.expected["vendor_name"] ?? r.doc.expected["merchant"])?.stringValue {
                known[kind, default: []].append(VendorDirectory.Vendor(name: name, vatID: r.doc.expected["vendor_vat_id"]?.stringValue,
                                                                       iban: r.doc.expected["vendor_iban"]?.stringValue))
            }
            counts[kind, default: 0] += 1
            let reasons = Fields.reviewReasons(result, policies: ["confidence_threshold": 0.85])
            let isApproved = reasons.isEmpty
            if isApproved { approved[kind, default: 0] += 1 }
            for reason in reasons { reviewReasons["\(kind): \(Self.reasonKind(reason))", default: 0] += 1 }
            if !isApproved { reviewed.append("\(kind) \(r.doc.id): \(reasons.joined(separator: "; "))") }
            var wrong = false
            var wrongFields: [String] = []
            for field in Self.realFields[r.corpus] ?? [] {
                let key = "\(kind)|\(field)"
                var s = scores[key] ?? Score(field: field, kind: kind)
                s.total += 1
                let got = result.value(field)
                if let f = result.fields[field], f.value != .null { calibration.append((f.confidence, Self.same(field, got, r.doc.expected[field]))) }
                if Self.same(field, got, r.doc.expected[field]) { s.correct += 1 } else {
                    wrong = true
                    wrongFields.append("\(field) \(got?.jsonString() ?? "nothing") (confidence \(String(format: "%.2f", result.fields[field]?.confidence ?? 0)))")
                    s.misses.append("\(r.doc.id): got \(got?.jsonString() ?? "nothing"), want \(r.doc.expected[field]?.jsonString() ?? "nothing")")
                }
                scores[key] = s
            }
            if let want = r.doc.lineAmounts {
                let got = (result.value("line_items")?.arrayValue ?? []).compactMap { $0["amount"]?.numberValue.map(abs) }
                let cents = { (a: [Double]) in a.map { ($0 * 100).rounded() }.sorted() }
                lineItems[kind, default: LineItemScore()].documents += 1
                if !got.isEmpty { lineItems[kind, default: LineItemScore()].read += 1 }
                if !got.isEmpty && cents(got) == cents(want) { lineItems[kind, default: LineItemScore()].asXML += 1 }
            }
            if isApproved && wrong {
                approvedWithError[kind, default: 0] += 1
                approvedErrors.append("\(kind) \(r.doc.id): \(wrongFields.joined(separator: "; "))")
            }
        }
        times.sort()
        var report = Report(scores: scores.values.sorted { ($0.kind, $0.field) < ($1.kind, $1.field) }, documents: counts,
                            extractionMedianMs: times.isEmpty ? 0 : times[times.count / 2],
                            extractionP95Ms: times.isEmpty ? 0 : times[min(times.count - 1, times.count * 95 / 100)],
                            approved: approved, approvedWithError: approvedWithError)
        report.approvedErrors = approvedErrors
        report.reviewReasons = reviewReasons
        report.reviewed = reviewed
        report.calibration = calibration
        report.lineItems = lineItems
        return report
    }

    /// Every field of the readings whose document id contains `match`, with its alternatives and
    /// checks, as `quire inspect` shows them (the layout path: the XML hidden), then the lines the rules
    /// read: for working out why a value was missed.
    public func explain(_ reads: [RealRead], matching match: String, ranker: FieldRanker?) -> [String] {
        let set = TemplateSet.load(directories: templates)
        var out: [String] = []
        for r in reads where r.doc.id.contains(match) {
            let result = Fields.extract(text: r.text, attachments: [], schema: r.doc.type, templates: set, ranker: ranker)
            out.append("=== \(r.doc.id) (\(r.kind))")
            for field in Self.realFields[r.corpus] ?? [] {
                out.append("  want \(field): \(r.doc.expected[field]?.jsonString() ?? "nothing")")
            }
            out += DocumentInspection.describe(result, reviewReasons: Fields.reviewReasons(result, policies: ["confidence_threshold": 0.85]))
            out.append("--- text, as the rules read it (lines built from word boxes)")
            out += r.text.lines.map { "  p\($0.page) \($0.text)" }
        }
        return out
    }

    /// A review reason without its values ("confidence 0.62 is below 0.85 (total)" → "confidence below the threshold: total").
    static func reasonKind(_ reason: String) -> String {
        if reason.hasPrefix("confidence ") {
            let fields = reason.split(separator: "(").last.map { $0.dropLast() } ?? ""
            return "confidence below the threshold: " + fields
        }
        if reason.hasPrefix("unsure: ") {
            return "unsure: " + reason.dropFirst(8).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init) ?? "" }.joined(separator: ", ")
        }
        if let colon = reason.firstIndex(of: ":"), !reason.hasPrefix("missing"), !reason.hasPrefix("printed") { return String(reason[..<colon]) + ": a check failed" }
        return reason
    }

    /// The document id of a training row (rows name their reading "id#kind").
    static func documentID(ofRow row: FieldRanker.Row) -> String {
        row.document.range(of: "#", options: .backwards).map { String(row.document[..<$0.lowerBound]) } ?? row.document
    }

    /// The ranker's training rows from readings with ground truth.
    public func rankerRows(_ reads: [RealRead]) -> [FieldRanker.Row] {
        let set = TemplateSet.load(directories: templates)
        return reads.flatMap { r -> [FieldRanker.Row] in
            guard let schema = FieldSchema.named(r.doc.type) else { return [] }
            return FieldExtractor(schema: schema, templates: set, ranker: nil)
                .trainingRows(text: r.text, expected: r.doc.expected, document: "\(r.doc.id)#\(r.kind)", same: Self.same)
        }
    }

    /// Folds that keep each group (a vendor, a source) whole: the largest groups first, each to the fold with fewest documents.
    public static func folds(_ reads: [RealRead], count k: Int) -> [[RealRead]] {
        let byGroup = Dictionary(grouping: reads) { "\($0.corpus)|\($0.doc.group)" }
        var folds = [[RealRead]](repeating: [], count: max(2, k))
        for (_, g) in byGroup.sorted(by: { ($0.value.count, $0.key) > ($1.value.count, $1.key) }) {
            let i = folds.indices.min { (folds[$0].count, $0) < (folds[$1].count, $1) }!
            folds[i] += g
        }
        return folds
    }

    /// Leave-group-out cross-validation of the ranker: each fold scored by a ranker trained on the
    /// others. `rows` are ``rankerRows(_:)`` of the same readings (computed once by the caller).
    public func crossValidate(_ reads: [RealRead], rows: [FieldRanker.Row], folds k: Int) -> Report {
        let folds = Self.folds(reads, count: k)
        var rankers: [String: FieldRanker] = [:]
        for (i, fold) in folds.enumerated() {
            let held = Set(fold.map(\.doc.id))
            let train = rows.filter { !held.contains(Self.documentID(ofRow: $0)) }
            let ranker = FieldRanker.train(train, version: "cv-\(i)", trainedOn: "fold \(i) held out")
            for r in fold { rankers[r.doc.id] = ranker }
        }
        return score(reads, ranker: nil, rankers: rankers)
    }

    /// A `pdf.read` result as the fields stage sees it.
    public static func text(pdfRead r: JSONValue) -> DocumentText {
        DocumentText(textOutput: textOutput(pdfRead: r), ocrOutput: nil)
    }

    /// A `pdf.read` result as the `pdf.text` stage's output.
    static func textOutput(pdfRead r: JSONValue) -> JSONValue {
        let pages: [JSONValue] = (r["pages"]?.arrayValue ?? []).map { p in
            ["number": p["number"] ?? .null, "words": p["words"] ?? []]
        }
        return ["page_count": r["pageCount"] ?? .null, "pages": .array(pages)]
    }

    public static func attachments(pdfRead r: JSONValue) -> [FieldExtractor.Attachment] {
        (r["attachments"]?.arrayValue ?? []).compactMap { a in
            guard let name = a["name"]?.stringValue, let data = Data(base64Encoded: a["base64"]?.stringValue ?? "") else { return nil }
            return FieldExtractor.Attachment(name: name, bytes: [UInt8](data))
        }
    }
}

/// A small RFC 4180 reader (quoted fields, doubled quotes, commas and newlines inside quotes) for
/// the corpora's manifests: written here because one page of code is less than a dependency.
struct CSVRows {
    var header: [String]
    var records: [[String: String]]

    init?(_ text: String) {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var chars = text.makeIterator()
        var pending: Character? = nil
        while let ch = pending ?? chars.next() {
            pending = nil
            if quoted {
                if ch == "\"" {
                    if let next = chars.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else { field.append(ch) }
                continue
            }
            switch ch {
            case "\"": quoted = true
            case ",": row.append(field); field = ""
            case "\n", "\r\n":
                row.append(field); field = ""
                rows.append(row); row = []
            case "\r": break
            default: field.append(ch)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        guard let header = rows.first else { return nil }
        self.header = header
        records = rows.dropFirst().filter { !($0.count == 1 && $0[0].trimmingCharacters(in: .whitespaces).isEmpty) }.map { r in
            var o: [String: String] = [:]
            for (i, k) in header.enumerated() where i < r.count { o[k] = r[i] }
            return o
        }
    }
}

public import Foundation
public import QuireCore

/// What the review screen shows of one field.
public struct FieldView: Sendable, Equatable, Codable {
    public struct Check: Sendable, Equatable, Codable {
        public var name: String
        public var passed: Bool
        public var reason: String
    }

    public struct Candidate: Sendable, Equatable, Codable {
        public var value: JSONValue
        public var score: Double?
        public var text: String
    }

    /// A source word's box on its page, in page points.
    public struct Box: Sendable, Equatable, Codable {
        public var page: Int
        public var x0, y0, x1, y1: Double
    }

    public var name: String
    /// The value the extractor found (nil: not found).
    public var value: JSONValue
    public var confidence: Double?
    public var strategy: String?
    public var page: Int?
    public var boxes: [Box]
    public var checks: [Check]
    public var candidates: [Candidate]
    public var required: Bool
    /// Low confidence, a failed check, missing while required, or named in the review reasons.
    public var needsAttention: Bool

    public init(name: String, value: JSONValue, confidence: Double? = nil, strategy: String? = nil, page: Int? = nil, boxes: [Box] = [],
                checks: [Check] = [], candidates: [Candidate] = [], required: Bool = false, needsAttention: Bool = false) {
        self.name = name
        self.value = value
        self.confidence = confidence
        self.strategy = strategy
        self.page = page
        self.boxes = boxes
        self.checks = checks
        self.candidates = candidates
        self.required = required
        self.needsAttention = needsAttention
    }

    /// A value as a reviewer reads and types it: amounts with two decimals, everything else as text.
    public static func display(_ v: JSONValue, field: String) -> String {
        switch v {
        case .null: return ""
        case .number(let n):
            return ReviewService.amountFields.contains(field) ? String(format: "%.2f", n) : (n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n))
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        default: return v.jsonString()
        }
    }
}

/// One page laid out as text lines, with each word's place so the field's source words can be
/// highlighted.
public struct PageText: Sendable, Equatable, Codable {
    public struct Word: Sendable, Equatable, Codable {
        public var line: Int
        public var column: Int
        public var length: Int
        public var box: FieldView.Box
    }

    public var number: Int
    public var lines: [String]
    public var words: [Word]

    public init(number: Int, lines: [String], words: [Word]) {
        self.number = number
        self.lines = lines
        self.words = words
    }

    /// Lays words out in reading order: a new line where the vertical position changes by more
    /// than half a word's height; columns from the horizontal position at the page's typical
    /// character width, with at least one blank between words.
    public init(page: DocumentPages.Page) {
        struct W { var text: String; var box: FieldView.Box }
        let ws: [W] = page.words.compactMap { v in
            guard let a = v.arrayValue, a.count >= 5, let t = a[0].stringValue, !t.isEmpty,
                  let x0 = a[1].numberValue, let y0 = a[2].numberValue, let x1 = a[3].numberValue, let y1 = a[4].numberValue else { return nil }
            return W(text: t, box: FieldView.Box(page: page.number, x0: x0, y0: y0, x1: x1, y1: y1))
        }
        guard !ws.isEmpty else {
            let lines = page.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            self.init(number: page.number, lines: lines, words: [])
            return
        }
        let charWidths = ws.map { ($0.box.x1 - $0.box.x0) / Double(max(1, $0.text.count)) }.sorted()
        let charWidth = max(0.5, charWidths[charWidths.count / 2])
        let sorted = ws.sorted { ($0.box.y0 + $0.box.y1) < ($1.box.y0 + $1.box.y1) }
        var rows: [[W]] = []
        var rowCenter = -Double.infinity
        for w in sorted {
            let center = (w.box.y0 + w.box.y1) / 2
            let h = max(1, w.box.y1 - w.box.y0)
            if rows.isEmpty || abs(center - rowCenter) > h / 2 {
                rows.append([w])
                rowCenter = center
            } else {
                rows[rows.count - 1].append(w)
            }
        }
        var lines: [String] = []
        var placed: [Word] = []
        for (n, row) in rows.enumerated() {
            var line = ""
            for w in row.sorted(by: { $0.box.x0 < $1.box.x0 }) {
                let want = Int((w.box.x0 / charWidth).rounded())
                let at = max(want, line.isEmpty ? 0 : line.count + 1)
                line += String(repeating: " ", count: at - line.count)
                let clean = String(w.text.map(ScreenBuffer.printable))
                placed.append(Word(line: n, column: at, length: clean.count, box: w.box))
                line += clean
            }
            lines.append(line)
        }
        // The page's left margin is blank on every line: drop it, the screen is narrower than paper.
        let margin = placed.map(\.column).min() ?? 0
        if margin > 1 {
            lines = lines.map { String($0.dropFirst(margin - 1)) }
            placed = placed.map { var w = $0; w.column -= margin - 1; return w }
        }
        self.init(number: page.number, lines: lines, words: placed)
    }

    /// Words whose box overlaps one of `boxes` (the selected field's source words).
    public func highlighted(_ boxes: [FieldView.Box]) -> [Word] {
        words.filter { w in
            boxes.contains { b in
                b.page == w.box.page && min(b.x1, w.box.x1) - max(b.x0, w.box.x0) > 0.3 * min(b.x1 - b.x0, w.box.x1 - w.box.x0)
                    && min(b.y1, w.box.y1) - max(b.y0, w.box.y0) > 0.3 * min(b.y1 - b.y0, w.box.y1 - w.box.y0)
            }
        }
    }
}

/// The pipeline's rules a reviewer works under.
public struct ReviewPolicy: Sendable, Equatable, Codable {
    public var confidenceThreshold: Double
    /// A total above this needs two different reviewers to approve (nil: never).
    public var fourEyesAbove: Double?
    public var rejectReasons: [String]
    /// Document types a reviewer may choose.
    public var documentTypes: [String]

    public init(confidenceThreshold: Double = 0.85, fourEyesAbove: Double? = nil, rejectReasons: [String] = defaultRejectReasons,
                documentTypes: [String] = ["invoice", "credit_note", "receipt", "purchase_order", "contract", "letter", "other"]) {
        self.confidenceThreshold = confidenceThreshold
        self.fourEyesAbove = fourEyesAbove
        self.rejectReasons = rejectReasons
        self.documentTypes = documentTypes
    }

    /// From a pipeline's `policies:` (confidence_threshold, four_eyes_above_amount, reject_reasons).
    public init(policies: [String: JSONValue], documentTypes: [String]? = nil) {
        self.init()
        if let t = policies["confidence_threshold"]?.numberValue { confidenceThreshold = t }
        fourEyesAbove = policies["four_eyes_above_amount"]?.numberValue
        if let r = policies["reject_reasons"]?.arrayValue?.compactMap(\.stringValue), !r.isEmpty { rejectReasons = r }
        if let d = documentTypes, !d.isEmpty { self.documentTypes = d }
    }
}

/// Everything the item screen needs of one claimed review.
public struct ItemDetail: Sendable, Equatable, Codable {
    public var review: Review
    public var name: String
    public var pipeline: String
    public var documentType: String?
    public var typeConfidence: Double?
    public var fields: [FieldView]
    public var pages: [PageText]
    public var policy: ReviewPolicy

    public init(review: Review, name: String, pipeline: String, documentType: String?, typeConfidence: Double?, fields: [FieldView], pages: [PageText], policy: ReviewPolicy) {
        self.review = review
        self.name = name
        self.pipeline = pipeline
        self.documentType = documentType
        self.typeConfidence = typeConfidence
        self.fields = fields
        self.pages = pages
        self.policy = policy
    }

    /// The order fields are listed in: the invoice header first, then the rest by name.
    static let order = ["invoice_number", "credit_note_number", "corrects_invoice", "issue_date", "due_date", "vendor_name", "vendor_address",
                        "vendor_vat_id", "vendor_iban", "vendor_bic", "customer_name", "customer_vat_id", "purchase_order", "merchant", "address", "date",
                        "currency", "net_total", "tax_rate", "tax_total", "tax", "total", "amount_due"]

    /// Builds the detail from an item's finished jobs: the `fields` and `classify` outputs, and the page text.
    public init(review: Review, item: Item, jobs: [Job], policy: ReviewPolicy, textStage: String = "text", ocrStage: String = "ocr") {
        let f = jobs.output(ExtractedFields.self)
        let classified = jobs.output(Classification.self)
        let reasons = review.reasons.joined(separator: "\n")
        let missing = Set(f?.missing ?? [])
        var views: [FieldView] = []
        for (name, v) in f?.fields ?? [:] {
            let checks = (v.checks ?? []).map { FieldView.Check(name: $0.name, passed: $0.passed, reason: $0.reason) }
            let boxes: [FieldView.Box] = (v.words ?? []).compactMap { w in
                guard w.box.count == 4 else { return nil }
                return FieldView.Box(page: w.page ?? v.page ?? 1, x0: w.box[0], y0: w.box[1], x1: w.box[2], y1: w.box[3])
            }
            let candidates = (v.alternatives ?? []).map { FieldView.Candidate(value: $0.value, score: $0.score, text: $0.text) }
            let attention = v.confidence < policy.confidenceThreshold || v.failedCheck || reasons.contains(name + ":")
            views.append(FieldView(name: name, value: v.value, confidence: v.confidence, strategy: v.strategy, page: v.page,
                                   boxes: boxes, checks: checks, candidates: candidates, required: missing.contains(name), needsAttention: attention))
        }
        for name in missing where !views.contains(where: { $0.name == name }) {
            views.append(FieldView(name: name, value: .null, required: true, needsAttention: true))
        }
        views.sort { a, b in
            let (i, j) = (Self.order.firstIndex(of: a.name) ?? Self.order.count, Self.order.firstIndex(of: b.name) ?? Self.order.count)
            return i != j ? i < j : a.name < b.name
        }
        let outputs = Job.stageOutputs(jobs.map { ($0.stageID, $0.part, $0.output ?? .null) })
        let doc = DocumentPages(outputs: outputs, textStage: textStage, ocrStage: ocrStage)
        self.init(review: review, name: item.name, pipeline: item.pipeline, documentType: classified?.label,
                  typeConfidence: classified?.probability, fields: views, pages: doc.pages.map(PageText.init(page:)), policy: policy)
    }

    /// The values as extracted and the type as classified: what a correction's "before" records.
    public var original: [String: JSONValue] {
        var o = Dictionary(fields.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        o["document_type"] = documentType.map(JSONValue.string) ?? .null
        return o
    }

    /// The total a four-eyes rule compares with (the corrected one where the reviewer changed it).
    /// The total as extracted (four eyes is decided on it and the corrected one: ``ReviewService/fourEyesAmount(extracted:corrected:)``).
    public var extractedTotal: JSONValue? { fields.first { $0.name == "total" }?.value }
}

/// One line of the queue list.
public struct QueueRow: Sendable, Equatable, Codable {
    public var review: Review
    public var name: String
    public var documentType: String?
    public var vendor: String?
    public var lowestConfidence: Double?
    public var flagged: Int
    /// The item's tenant (the API shows a token only its tenants' reviews).
    public var tenant: String?

    public init(review: Review, name: String, documentType: String?, vendor: String?, lowestConfidence: Double?, flagged: Int, tenant: String? = nil) {
        self.tenant = tenant
        self.review = review
        self.name = name
        self.documentType = documentType
        self.vendor = vendor
        self.lowestConfidence = lowestConfidence
        self.flagged = flagged
    }

    /// Seconds left before the SLA deadline (negative: late); nil without a deadline.
    public func slaLeft(now: Date) -> Double? { review.due.map { $0.timeIntervalSince(now) } }

    /// How urgent, for sorting: late and nearly-late first, then priority, then age.
    public static func byRisk(now: Date) -> (QueueRow, QueueRow) -> Bool {
        { a, b in
            if a.review.priority != b.review.priority { return a.review.priority > b.review.priority }
            let (x, y) = (a.slaLeft(now: now) ?? .infinity, b.slaLeft(now: now) ?? .infinity)
            if x != y { return x < y }
            return a.review.createdAt < b.review.createdAt
        }
    }
}

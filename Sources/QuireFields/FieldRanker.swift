public import Foundation
public import QuireCore

/// Chooses each field's value among the candidates the layout rules found, with a small model
/// learned from real documents instead of hand-set weights, and says how likely the choice is
/// right.
///
/// The rules (``LayoutExtractor``, ``LayoutExtractor/solveTotals(in:conventions:)``) stay what
/// they are good at: finding every plausible value and saying why (a label to its left, the
/// document number's line, net + tax = total). What each of those reasons is worth, and how they
/// combine with where the value stands, how often it recurs, whether its check digits hold and
/// whether it makes the arithmetic add up, is learned: one logistic regression per field, over a
/// fixed list of features (``featureNames``), trained on candidates whose ground truth is known
/// (`quire bench fields --train-ranker`), evaluated with leave-vendor-out folds. The output is the
/// probability that the candidate is the right value, which becomes the field's confidence, so
/// the straight-through threshold means what it says.
///
/// Fields with no model (a pipeline's own, line items) and values from an embedded e-invoice or a
/// vendor template are left as the rules chose them.
public struct FieldRanker: Sendable, Hashable, Codable {
    /// A conditional logit over one field's candidates in one document, with standardised
    /// features: each candidate scores `w · x`, "none of them is right" scores `bias`, and the
    /// probabilities are the softmax over both. It learns what makes one candidate better than
    /// the others on the same page (not what makes one document easier than another), and the
    /// "none" option keeps the probability honest when the right value was never found.
    public struct Model: Sendable, Hashable, Codable {
        public var mean: [Double]
        public var scale: [Double]
        public var weights: [Double]
        /// The score of "none of these".
        public var bias: Double
        /// Candidates and documents it was trained on (for lineage and the docs).
        public var examples: Int
        public var documents: Int

        func logit(_ x: [Double]) -> Double {
            var z = 0.0
            for i in 0..<min(x.count, weights.count) where scale[i] > 0 { z += weights[i] * (x[i] - mean[i]) / scale[i] }
            return z
        }

        /// The probability of each candidate (the rest is "none").
        public func probabilities(_ xs: [[Double]]) -> [Double] {
            let z = xs.map(logit)
            let m = max(z.max() ?? bias, bias)
            let e = z.map { exp($0 - m) }
            let total = e.reduce(0, +) + exp(bias - m)
            return e.map { $0 / total }
        }
    }

    public var version: String
    /// Feature names, in the order the weights use: a model trained on another list is refused.
    public var features: [String]
    /// By ``key(schema:field:)``.
    public var models: [String: Model]
    /// What it was trained on, in words.
    public var trainedOn: String

    public init(version: String, models: [String: Model], trainedOn: String) {
        self.version = version
        self.features = Self.featureNames
        self.models = models
        self.trainedOn = trainedOn
    }

    /// The model's key for a schema's field: invoices and credit notes share theirs, receipts have their own.
    public static func key(schema: String, field: String) -> String? {
        let family = schema == "receipt" ? "receipt" : "invoice"
        let ranked = family == "receipt" ? receiptFields : invoiceFields
        return ranked.contains(field) ? "\(family).\(field)" : nil
    }

    static let invoiceFields: Set<String> = ["invoice_number", "issue_date", "due_date", "net_total", "tax_total", "total", "vendor_name", "vendor_iban", "vendor_vat_id"]
    static let receiptFields: Set<String> = ["merchant", "date", "total"]

    // MARK: Features

    /// The rules a candidate's note names, and the features they become (see ``ruleKinds(_:)``).
    ///
    /// Only rules that say something about any document are features: which rule found a value
    /// is already in its score, and a one-hot per rule learned from a few dozen documents carries
    /// one source's habits to the next (measured: leave-source-out accuracy fell by a third).
    static let rules: [(name: String, pieces: [String])] = [
        ("buyer_line", ["on a line with a buyer label"]),
        ("solved", ["net + tax = total over the whole document"]),
        ("not_added_up", ["did not add up"]),
        ("close_second", ["a close second candidate"]),
        ("fuzzy", ["month name read with one letter corrected"]),
    ]

    public static let featureNames: [String] = [
        "score", "logit", "top", "rank", "gap", "support", "candidates", "y", "x", "first_page", "last_page", "located", "ocr", "scan",
    ] + rules.map { "rule." + $0.name } + [
        "amount.largest", "amount.share_of_largest", "amount.adds_up", "amount.zero", "amount.whole", "amount.standard_rate", "amount.recurs",
        "amount.cash_minus_change", "amount.largest_candidate",
        "date.earliest", "date.latest", "date.before_due", "date.after_issue", "date.dates",
        "id.length", "id.digits", "id.letters", "id.separators", "id.recurs",
        "check.passed", "check.failed",
        "name.words", "name.company_form", "name.upper", "name.recurs",
        "broad", "line.rank", "name.address", "name.trade", "name.digits", "name.height",
    ] + lineWords.map { "line." + $0.name }

    /// Words on a candidate's line, by what they say about an amount there (lower case, matched
    /// inside words: OCR glues "SUBTOTAL", "TotalGST").
    static let lineWords: [(name: String, pieces: [String])] = [
        ("total", ["total", "summe", "gesamt", "jumlah", "montant", "totale", "importe", "totaal"]),
        ("sub", ["sub", "zwischen", "sous"]),
        ("tax", Labels.salesTaxNames),
        ("cash", ["cash", "tunai", "bar ", "gegeben", "espèces", "especes", "tendered", "contant", "efectivo", "contanti"]),
        ("change", ["change", "baki", "kembali", "rückgeld", "ruckgeld", "rendu", "wisselgeld", "cambio", "resto"]),
        ("round", ["round", "rundung", "arrondi"]),
        ("incl", ["incl", "inkl", "ttc", "with"]),
        ("due", ["due", "payable", "to pay", "zu zahlen", "à payer", "nett", "net total", "grand"]),
        ("count", ["qty", "quantity", "item", "menge", "anzahl", "pcs"]),
        ("discount", ["disc", "saving", "rabatt", "remise", "descuento"]),
        ("card", ["card", "visa", "master", "credit", "debit", "karte"]),
    ]

    static func linePieces(_ name: String) -> [String] { lineWords.first { $0.name == name }?.pieces ?? [] }

    static func ruleKinds(_ note: String) -> [Bool] {
        rules.map { r in r.pieces.contains { note.contains($0) } }
    }

    /// What a document offers every field's features: its amounts, dates, page sizes, the other fields' candidates.
    struct Context {
        var schema: String
        var pageHeight: [Int: Double] = [:]
        var pageWidth: [Int: Double] = [:]
        var firstPage = 1, lastPage = 1
        var amounts: [Double] = []
        var largest = 0.0
        var dates: [CalendarDate] = []
        var scan = false
        /// Every candidate value per field (numbers for amounts, ISO strings for dates).
        var values: [String: [JSONValue]] = [:]
        var plainUpper = ""
        /// Cash given minus change returned, for every pair printed: what was paid.
        var paid: [Double] = []
        /// Each word's line (index into the document's lines) and the lines' rank from the top of their page.
        var lineOf: [SourceWord: Int] = [:]
        var rankOnPage: [Int] = []
        var lines: [TextLine] = []
        var medianHeight: [Int: Double] = [:]

        init(text: DocumentText, conventions: LayoutExtractor.Conventions, schema: String, fields: [String: ExtractedField]) {
            self.schema = schema
            for l in text.lines {
                pageHeight[l.page] = max(pageHeight[l.page] ?? 0, l.y1)
                pageWidth[l.page] = max(pageWidth[l.page] ?? 0, l.x1)
                amounts += Amounts.find(in: l.text, decimalSeparator: conventions.decimalSeparator).map { Amounts.double($0.value) }
                dates += Dates.find(in: l.text, order: conventions.dateOrder).map(\.value)
            }
            firstPage = text.lines.map(\.page).min() ?? 1
            lastPage = text.lines.map(\.page).max() ?? 1
            largest = amounts.max() ?? 0
            scan = text.fromOCR
            for (name, f) in fields { values[name] = [f.value] + f.alternatives.map(\.value) }
            var cash: [Double] = [], change: [Double] = []
            for l in text.lines {
                let lower = l.text.lowercased()
                guard let last = Amounts.find(in: l.text, decimalSeparator: conventions.decimalSeparator).last.map({ Amounts.double($0.value) }) else { continue }
                if FieldRanker.linePieces("cash").contains(where: lower.contains) { cash.append(last) }
                if FieldRanker.linePieces("change").contains(where: lower.contains) { change.append(abs(last)) }
            }
            paid = cash.flatMap { c in change.map { c - $0 } }.filter { $0 > 0 }
            lines = text.lines
            var seen: [Int: Int] = [:]
            for (i, l) in text.lines.enumerated() {
                for w in l.words { lineOf[w] = i }
                rankOnPage.append(seen[l.page, default: 0])
                seen[l.page, default: 0] += 1
            }
            for (page, group) in Dictionary(grouping: text.lines.flatMap(\.words), by: \.page) {
                let h = group.map { $0.y1 - $0.y0 }.sorted()
                medianHeight[page] = h.isEmpty ? 0 : h[h.count / 2]
            }
            plainUpper = text.plainText.uppercased()
        }

        func numbers(_ field: String) -> [Double] { (values[field] ?? []).compactMap(\.numberValue) }

    }

    static func features(field: String, candidate c: Candidate, index: Int, list: [Candidate], context ctx: Context) -> [Double] {
        var x: [Double] = []
        let s = min(max(c.score, 0.001), 0.999)
        let others = list.enumerated().filter { $0.offset != index }.map(\.element.score)
        let located = c.words.first
        let page = c.page ?? located?.page ?? ctx.firstPage
        let ocr = c.words.compactMap(\.confidence).min()
        x += [s, log(s / (1 - s)), index == 0 ? 1 : 0, 1 / Double(1 + index), s - (others.max() ?? 0), log(Double(max(1, c.support))),
              log(Double(list.count)),
              located.map { $0.y0 / max(1, ctx.pageHeight[page] ?? 1) } ?? 0.5,
              located.map { $0.x0 / max(1, ctx.pageWidth[page] ?? 1) } ?? 0.5,
              page == ctx.firstPage ? 1 : 0, page == ctx.lastPage ? 1 : 0, located == nil ? 0 : 1, ocr ?? 1, ctx.scan ? 1 : 0]
        x += ruleKinds(c.note).map { $0 ? 1 : 0 }

        // Amounts.
        let taxName = ctx.values["tax_total"] != nil ? "tax_total" : "tax"
        if let v = c.value.numberValue {
            let net = ctx.numbers("net_total"), tax = ctx.numbers(taxName), total = ctx.numbers("total")
            func near(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 0.011 }
            var addsUp = false
            switch field {
            case "total": addsUp = net.contains { n in tax.contains { t in near(n + t, v) } }
            case "net_total": addsUp = total.contains { t in tax.contains { x in near(v + x, t) } }
            case "tax_total", "tax": addsUp = total.contains { t in net.contains { n in near(n + v, t) } }
            default: break
            }
            var standard = false
            switch field {
            case "tax_total", "tax": standard = total.contains { t in t - v > 0 && LayoutExtractor.standardRates.contains { abs(v / (t - v) - $0) < 0.002 } }
            case "net_total": standard = total.contains { t in v > 0 && LayoutExtractor.standardRates.contains { abs((t - v) / v - $0) < 0.002 } }
            case "total": standard = net.contains { n in n > 0 && LayoutExtractor.standardRates.contains { abs((v - n) / n - $0) < 0.002 } }
            default: break
            }
            let recurs = ctx.amounts.filter { abs($0 - v) < 0.005 }.count
            x += [ctx.largest > 0 && abs(v - ctx.largest) < 0.005 ? 1 : 0, ctx.largest > 0 ? min(1, v / ctx.largest) : 0, addsUp ? 1 : 0, v == 0 ? 1 : 0,
                  v == v.rounded() && !c.text.contains(where: { ",.".contains($0) }) ? 1 : 0, standard ? 1 : 0, log(Double(1 + recurs)),
                  ctx.paid.contains { near($0, v) } ? 1 : 0, list.compactMap(\.value.numberValue).max().map { near($0, v) } == true ? 1 : 0]
        } else {
            x += [0, 0, 0, 0, 0, 0, 0, 0, 0]
        }
        // Dates.
        if let iso = c.value.stringValue, let d = CalendarDate(iso: iso) {
            let all = ctx.dates
            let due = (ctx.values["due_date"] ?? []).compactMap { $0.stringValue.flatMap(CalendarDate.init(iso:)) }
            let issue = (ctx.values[ctx.values["issue_date"] != nil ? "issue_date" : "date"] ?? []).compactMap { $0.stringValue.flatMap(CalendarDate.init(iso:)) }
            x += [all.min().map { d <= $0 } == true ? 1 : 0, all.max().map { d >= $0 } == true ? 1 : 0,
                  due.contains { d < $0 } ? 1 : 0, issue.contains { d > $0 } ? 1 : 0, log(Double(1 + Set(all).count))]
        } else {
            x += [0, 0, 0, 0, 0]
        }
        // Identifiers, IBANs, VAT ids.
        if ["invoice_number", "vendor_iban", "vendor_vat_id"].contains(field), let t = c.value.stringValue {
            let n = Double(max(1, t.count))
            let recurs = ctx.plainUpper.components(separatedBy: t.uppercased()).count - 1
            x += [log(n), Double(t.filter(\.isNumber).count) / n, t.contains(where: \.isLetter) ? 1 : 0, t.contains(where: { "-/_.".contains($0) }) ? 1 : 0,
                  log(Double(1 + max(0, recurs)))]
        } else {
            x += [0, 0, 0, 0, 0]
        }
        var check: Bool? = nil
        if let t = c.value.stringValue {
            if field == "vendor_iban" { check = IBAN.check(t).passed }
            if field == "vendor_vat_id" { check = VATID.check(t).passed }
        }
        x += [check == true ? 1 : 0, check == false ? 1 : 0]
        // Names.
        if ["vendor_name", "merchant"].contains(field), let t = c.value.stringValue {
            let words = t.split(separator: " ")
            let letters = t.filter(\.isLetter)
            let form = words.contains { w in Labels.companyForms.contains(w.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ",;:."))) }
            let recurs = ctx.plainUpper.components(separatedBy: t.uppercased()).count - 1
            x += [log(Double(max(1, words.count))), form ? 1 : 0, letters.isEmpty ? 0 : Double(letters.filter(\.isUppercase).count) / Double(letters.count),
                  log(Double(1 + max(0, recurs)))]
        } else {
            x += [0, 0, 0, 0]
        }
        // Where it stands, what its line says.
        let line = located.flatMap { ctx.lineOf[$0] }
        x += [LayoutExtractor.isBroad(c) ? 1 : 0, line.map { log(Double(1 + ctx.rankOnPage[$0])) } ?? 3]
        if ["vendor_name", "merchant"].contains(field), let t = c.value.stringValue {
            let visible = t.filter { !$0.isWhitespace }
            let tokens = t.lowercased().split(separator: " ").map { LayoutExtractor.norm(String($0)) }
            let height = located.map { $0.y1 - $0.y0 } ?? 0
            let median = ctx.medianHeight[page] ?? 0
            x += [LayoutExtractor.hasAddressWord(t) ? 1 : 0, tokens.contains { LayoutExtractor.tradeWords.contains($0) } ? 1 : 0,
                  visible.isEmpty ? 0 : Double(visible.filter(\.isNumber).count) / Double(visible.count), median > 0 ? min(4, height / median) : 1]
        } else {
            x += [0, 0, 0, 0]
        }
        let lower = line.map { ctx.lines[$0].text.lowercased() } ?? ""
        x += lineWords.map { w in w.pieces.contains { lower.contains($0) } ? 1 : 0 }
        return x
    }

    /// A field's candidates in the rules' order: the chosen one, then the alternatives.
    static func candidates(of f: ExtractedField) -> [Candidate] {
        var seen: [JSONValue] = [f.value]
        var first = f.asCandidate()
        first.score = f.ruleScore ?? f.confidence
        var out = [first]
        for a in f.alternatives where !seen.contains(a.value) {
            seen.append(a.value)
            out.append(a)
        }
        return out
    }

    /// Whether the ranker decides this field (the rules' choice came from the layout, not an e-invoice or a template).
    static func ranks(_ f: ExtractedField) -> Bool { f.strategy == "layout" || f.strategy == "pattern" }

    /// Re-chooses each ranked field; returns the probability of each chosen value.
    func rerank(_ fields: inout [String: ExtractedField], text: DocumentText, conventions: LayoutExtractor.Conventions, schema: String) -> [String: Double] {
        guard features == Self.featureNames else { return [:] }
        let ctx = Context(text: text, conventions: conventions, schema: schema, fields: fields)
        var out: [String: Double] = [:]
        for (name, f) in fields where Self.ranks(f) {
            guard let key = Self.key(schema: schema, field: name), let model = models[key] else { continue }
            let list = Self.candidates(of: f)
            let probabilities = model.probabilities(list.enumerated().map { (i, c) in Self.features(field: name, candidate: c, index: i, list: list, context: ctx) })
            let ordered = zip(list, probabilities).sorted { $0.1 > $1.1 }
            guard var best = ordered.first?.0, let p = ordered.first?.1 else { continue }
            if best.value != f.value { best.note = best.note.isEmpty ? "chosen by the ranker" : best.note + "; chosen by the ranker" }
            var field = ExtractedField(name: name, best: best, alternatives: ordered.dropFirst().map { var c = $0.0; c.score = $0.1; return c })
            field.checks = best.value == f.value ? f.checks : []
            fields[name] = field
            out[name] = p
        }
        return out
    }

    // MARK: Training

    /// One candidate of a document with its features and whether it is the right value.
    public struct Row: Sendable {
        public var key: String
        public var features: [Double]
        public var correct: Bool
        public var document: String

        public init(key: String, features: [Double], correct: Bool, document: String) {
            self.key = key
            self.features = features
            self.correct = correct
            self.document = document
        }
    }

    /// The training rows of one document: every candidate of every ranked field that has a ground
    /// truth, labelled by `same(field, candidate, truth)`.
    static func rows(fields: [String: ExtractedField], text: DocumentText, conventions: LayoutExtractor.Conventions, schema: String,
                     expected: [String: JSONValue], document: String, same: (String, JSONValue?, JSONValue?) -> Bool) -> [Row] {
        let ctx = Context(text: text, conventions: conventions, schema: schema, fields: fields)
        var out: [Row] = []
        for (name, f) in fields.sorted(by: { $0.key < $1.key }) where Self.ranks(f) {
            guard let key = Self.key(schema: schema, field: name), let want = expected[name] else { continue }
            let list = Self.candidates(of: f)
            for (i, c) in list.enumerated() {
                out.append(Row(key: key, features: Self.features(field: name, candidate: c, index: i, list: list, context: ctx),
                               correct: same(name, c.value, want), document: document))
            }
        }
        return out
    }

    /// Fits one model per key by full-batch gradient descent on the softmax loss over each
    /// document's candidates and "none", with an L2 penalty (deterministic: the same rows give the
    /// same weights). Rows of one document and field must be contiguous, as ``rows`` gives them.
    /// `l2` 0.3 was chosen by leave-source-out cross-validation over 0.05, 0.1, 0.3 and 1 on the
    /// development corpora (docs/benchmarks.md); the step keeps `rate × l2` below 1, so larger
    /// penalties need a smaller step.
    public static func train(_ rows: [Row], version: String, trainedOn: String, l2: Double = 0.3, iterations: Int = 300) -> FieldRanker {
        var models: [String: Model] = [:]
        let n = featureNames.count
        for (key, group) in Dictionary(grouping: rows, by: \.key) {
            guard group.contains(where: \.correct) else { continue }
            var mean = [Double](repeating: 0, count: n), scale = [Double](repeating: 0, count: n)
            for r in group { for i in 0..<n { mean[i] += r.features[i] } }
            for i in 0..<n { mean[i] /= Double(group.count) }
            for r in group { for i in 0..<n { scale[i] += (r.features[i] - mean[i]) * (r.features[i] - mean[i]) } }
            for i in 0..<n { scale[i] = (scale[i] / Double(group.count)).squareRoot(); if scale[i] < 1e-9 { scale[i] = 0 } }
            // One list per document: its candidates' standardised features and the right one's index (nil: none).
            var lists: [(xs: [[Double]], right: Int?)] = []
            var current: String? = nil
            for r in group {
                let x = (0..<n).map { i in scale[i] > 0 ? (r.features[i] - mean[i]) / scale[i] : 0 }
                if r.document != current {
                    lists.append(([], nil))
                    current = r.document
                }
                if r.correct, lists[lists.count - 1].right == nil { lists[lists.count - 1].right = lists[lists.count - 1].xs.count }
                lists[lists.count - 1].xs.append(x)
            }
            // The prior is the rules themselves: their score's log-odds as the only weight. The penalty
            // pulls towards it, not towards zero, so that with little evidence the ranker keeps the
            // rules' order and only learns what the scores are worth; it departs from the rules where
            // the training documents agree it should.
            var prior = [Double](repeating: 0, count: n)
            if let i = featureNames.firstIndex(of: "logit") { prior[i] = scale[i] }
            var w = prior, b = 0.0
            let m = Double(lists.count)
            let rate = 0.5
            for _ in 0..<iterations {
                var gw = [Double](repeating: 0, count: n), gb = 0.0
                for list in lists {
                    let z = list.xs.map { x in zip(w, x).reduce(0) { $0 + $1.0 * $1.1 } }
                    let top = max(z.max() ?? b, b)
                    let e = z.map { exp($0 - top) }
                    let total = e.reduce(0, +) + exp(b - top)
                    // Gradient of -log p(right): p - onehot(right), over the candidates and "none".
                    for (j, x) in list.xs.enumerated() {
                        let g = e[j] / total - (list.right == j ? 1 : 0)
                        for i in 0..<n { gw[i] += g * x[i] }
                    }
                    gb += exp(b - top) / total - (list.right == nil ? 1 : 0)
                }
                b -= rate * gb / m
                for i in 0..<n { w[i] -= rate * (gw[i] / m + l2 * (w[i] - prior[i])) }
            }
            models[key] = Model(mean: mean, scale: scale, weights: w, bias: b, examples: group.count, documents: lists.count)
        }
        return FieldRanker(version: version, models: models, trainedOn: trainedOn)
    }

    // MARK: Files

    public func encoded() throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted]
        return try e.encode(self)
    }

    /// The ranker as the Swift source of `FieldRankerDefault.swift`, which builds it into the binary.
    public func swiftSource() throws -> String {
        let json = String(decoding: try encoded(), as: UTF8.self)
        let quotes = String(repeating: "\"", count: 3)
        return [
            "import Foundation",
            "",
            "extension FieldRanker {",
            "    /// The ranker shipped with this build (see ``defaultJSON``); nil when none is built in.",
            "    public static let builtIn: FieldRanker? = defaultJSON.isEmpty ? nil : try? decode(Data(defaultJSON.utf8))",
            "",
            "    /// Written by `quire bench fields --train-ranker Sources/QuireFields/FieldRankerDefault.swift`",
            "    /// (docs/fields.md says on what); replaced by that command, not by hand.",
            "    static let defaultJSON = #" + quotes,
            json,
            quotes + "#",
            "}",
            "",
        ].joined(separator: "\n")
    }

    public static func decode(_ data: Data) throws -> FieldRanker {
        let r = try JSONDecoder().decode(FieldRanker.self, from: data)
        guard r.features == featureNames else {
            throw QuireError(.invalidConfiguration, "the field ranker \(r.version) was trained on other features than this build computes; retrain it with `quire bench fields --train-ranker`")
        }
        for (k, m) in r.models where m.weights.count != featureNames.count || m.mean.count != featureNames.count || m.scale.count != featureNames.count {
            throw QuireError(.invalidConfiguration, "the field ranker's model \(k) has the wrong number of weights; retrain it")
        }
        return r
    }
}

/// Where the fields stage gets its ranker: the active version of the model `fields` in the registry
/// (and one on trial beside it), or the one built into quire. The appliance gives the stage one over
/// its model registry; without one the built-in ranker decides.
public protocol FieldRankerSource: Sendable {
    /// The rankers for this item (a canary decides for a stable share of items).
    func rankers(item: ItemID) async throws -> FieldRankerChoice
}

/// The ranker that decides and the one in shadow, each with its registered version (nil: built in).
public struct FieldRankerChoice: Sendable {
    public var active: FieldRanker?
    public var activeVersion: Int?
    public var shadow: (ranker: FieldRanker, version: Int)?

    public init(active: FieldRanker?, activeVersion: Int?, shadow: (ranker: FieldRanker, version: Int)? = nil) {
        self.active = active
        self.activeVersion = activeVersion
        self.shadow = shadow
    }

    /// The ranker built into quire.
    public static let builtIn = FieldRankerChoice(active: FieldRanker.builtIn, activeVersion: nil)
}

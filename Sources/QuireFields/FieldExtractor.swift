import Foundation
public import QuireCore

/// Extracts a schema's fields from a document: embedded e-invoice XML first (exact), then a
/// vendor template that matches, then the generic layout rules for whatever is still missing.
/// Every value is checked (IBAN, VAT id, sums, dates, required fields); a failed check lowers
/// the field's confidence and says why.
public struct FieldExtractor: Sendable {
    public var schema: FieldSchema
    public var templates: TemplateSet
    public var today: CalendarDate
    /// Chooses among the layout rules' candidates (nil: the rules' own order and scores).
    public var ranker: FieldRanker?
    /// The vendors a person confirmed or an operator imported: they confirm, correct or question the vendor's name and IBAN.
    public var vendors: VendorDirectory = .empty
    /// The currency of a document that prints none (the pipeline's `currency` setting).
    public var defaultCurrency: String? = nil

    public init(schema: FieldSchema, templates: TemplateSet = TemplateSet(templates: []), today: CalendarDate = .today(), ranker: FieldRanker? = FieldRanker.builtIn) {
        self.schema = schema
        self.templates = templates
        self.today = today
        self.ranker = ranker
    }

    /// An embedded file: name and bytes.
    public struct Attachment: Sendable {
        public var name: String
        public var bytes: [UInt8]
        public init(name: String, bytes: [UInt8]) {
            self.name = name
            self.bytes = bytes
        }
    }

    public struct Result: Sendable {
        public var schema: String
        public var fields: [String: ExtractedField]
        public var order: [String]
        /// The lowest confidence of a required field (0 when one is missing).
        public var confidence: Double
        public var missing: [String]
        public var einvoice: EInvoice.Document?
        public var template: Template.Result?
        public var notes: [String]
        /// Fields whose label is printed on the document but whose value could not be read (a VAT
        /// id in a form that fails its check, an IBAN cut off): a person should look.
        public var unread: [String] = []

        public func value(_ name: String) -> JSONValue? { fields[name]?.value }

        /// Vendor + invoice number + total: the same invoice, whatever its bytes. nil when a part is missing.
        public var businessKey: String? {
            let vendor = value("vendor_vat_id")?.stringValue.map(VATID.normalize) ?? value("vendor_name")?.stringValue.map { LayoutExtractor.norm($0.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)) }
            guard let v = vendor, !v.isEmpty, let number = value("invoice_number")?.stringValue, let total = value("total")?.numberValue else { return nil }
            let n = number.uppercased().filter { $0.isLetter || $0.isNumber }
            return "\(schema)|\(v)|\(n)|\(Int((total * 100).rounded()))"
        }

        /// The stage's output: every field, what is missing, and the decision the review reasons make
        /// (none: approve).
        public func output(reviewReasons: [String]) -> ExtractedFields {
            var f: [String: ExtractedFields.Field] = [:]
            for name in order { if let x = fields[name] { f[name] = x.output } }
            return ExtractedFields(
                schema: schema, fields: f, confidence: (confidence * 1000).rounded() / 1000, missing: missing, values: fields.mapValues(\.value),
                einvoice: einvoice.map { ExtractedFields.EInvoiceSource(syntax: $0.syntax, profile: $0.profile) },
                template: template.map { ExtractedFields.TemplateSource(name: $0.template.name, issuer: $0.template.issuer, missingRequired: $0.missingRequired) },
                notes: notes.isEmpty ? nil : notes, decision: reviewReasons.isEmpty ? .approve : .review, reviewReasons: reviewReasons, businessKey: businessKey)
        }
    }

    /// What the rules found before anything is checked or ranked.
    struct Prepared {
        var fields: [String: ExtractedField]
        var conventions: LayoutExtractor.Conventions
        var layout: LayoutExtractor
        var einvoice: EInvoice.Document?
        var template: Template.Result?
        var notes: [String]
        var extra: [String]
    }

    public func extract(text: DocumentText, attachments: [Attachment] = []) -> Result {
        var p = prepare(text: text, attachments: attachments, broad: ranker != nil)
        var fields = p.fields
        if p.einvoice == nil { Self.preferSellersVATID(&fields, text: text) }
        let probabilities = p.einvoice == nil ? (ranker?.rerank(&fields, text: text, conventions: p.conventions, schema: schema.name) ?? [:]) : [:]
        if schema.name == "credit_note" { Self.positiveCreditAmounts(&fields) }
        validate(&fields, text: text, conventions: p.conventions)
        // The ranker's probability is the confidence; a failed check still halves it.
        for (name, probability) in probabilities {
            let failed = fields[name]?.checks.contains { !$0.passed } == true
            fields[name]?.confidence = probability * (failed ? 0.5 : 1)
        }
        // Several valid VAT ids and nothing that says which is the seller's: a person decides. One printed
        // in the buyer's block is the buyer's and leaves no doubt.
        if let f = fields["vendor_vat_id"], f.strategy == "layout", f.confidence > 0.8, !f.checks.contains(where: { $0.name == "seller_vat_id" && $0.passed }),
           Set(([f.value] + f.alternatives.filter { !$0.otherParty }.map(\.value)).compactMap(\.stringValue).map(VATID.normalize).filter { VATID.check($0).passed }).count > 1 {
            fields["vendor_vat_id"]?.confidence = 0.8
        }
        // A name read by OCR that lost a French word's accents, or read them in German ("Höteliere"), is written with them.
        if text.fromOCR {
            for name in ["vendor_name", "buyer_name", "merchant"] {
                guard let read = fields[name]?.value.stringValue, case let mended = LayoutExtractor.repairAccents(read), mended != read else { continue }
                fields[name]?.value = .string(mended)
            }
        }
        if p.einvoice == nil { vendors.confirm(&fields, schema: schema.name) }
        // A vendor name the layout rules chose that nothing on the page confirms may be the recipient's (a window at the
        // top, the seller only in small type or in a band): a person checks it.
        if p.einvoice == nil, schema.name != "receipt", let f = fields["vendor_name"], f.strategy == "layout", f.confidence > Self.unconfirmedNameCap,
           !f.checks.contains(where: { $0.name == "known_vendor" && $0.passed }), !Self.vendorNameConfirmed(f, text: text) {
            fields["vendor_name"]?.confidence = Self.unconfirmedNameCap
            fields["vendor_name"]?.note += "; nothing else on the page confirms it"
        }
        for name in fields.keys { fields[name]?.capByOCR() }
        for def in schema.fields where def.type == .identifier { Self.doubtRunOn(&fields, def.name, text: text) }
        // Read by OCR, the two values no check digits cover go through only where something verified them:
        // a total by a sum, the line items or a second printing (a misread digit would have to be misread twice),
        // a vendor's name by the known vendors or by a second printing read letter for letter the same (a letterhead and
        // its footer: two misreads alike are as unlikely as a total's).
        let nameField = VendorDirectory.nameField(schema: schema.name)
        if text.fromOCR, let f = fields[nameField], Self.readTwice(f, in: text) {
            fields[nameField]?.checks.append(CheckResult(name: "printed_twice", passed: true, reason: "the name reads the same on another line"))
        }
        let verifiedBy: [String: Set<String>] = ["total": ["totals", "line_items", "printed_twice"],
                                                 nameField: ["known_vendor", "printed_twice"]]
        for (name, checks) in verifiedBy {
            guard let f = fields[name], f.value != .null, f.words.contains(where: { $0.confidence != nil }), f.confidence > Self.unverifiedOCRCap,
                  !f.checks.contains(where: { $0.passed && checks.contains($0.name) }) else { continue }
            fields[name]?.confidence = Self.unverifiedOCRCap
        }
        p.fields = fields
        let missing = schema.fields.filter { $0.required && (fields[$0.name] == nil || fields[$0.name]?.value == .null) }.map(\.name)
        let required = schema.fields.filter(\.required).compactMap { fields[$0.name]?.confidence }
        let confidence = missing.isEmpty ? (required.min() ?? 0) : 0
        var result = Result(schema: schema.name, fields: fields, order: schema.fields.map(\.name) + p.extra, confidence: confidence, missing: missing,
                            einvoice: p.einvoice, template: p.template, notes: p.notes)
        if p.einvoice == nil {
            var unread = p.layout.labelledFields(in: text).filter { fields[$0] == nil || fields[$0]?.value == .null }
            // No due date read, but the page prints a date up to half a year after the issue date: most likely the due
            // date under a wording the rules do not know ("spätestens …", "avant le …"). A person reads it.
            if schema.field("due_date") != nil, fields["due_date"]?.value.stringValue == nil,
               let issue = fields["issue_date"]?.value.stringValue.flatMap(CalendarDate.init(iso:)),
               Self.printsDateSoonAfter(issue, in: text, order: p.conventions.dateOrder) {
                unread.insert("due_date")
            }
            result.unread = unread.sorted()
        }
        return result
    }

    /// Whether a line prints a date up to half a year after `issue` that does not end a period ("vom 01.11. bis 30.11.2024",
    /// "du … au …", "01.05. – 31.05.": a date six characters or fewer after another).
    static func printsDateSoonAfter(_ issue: CalendarDate, in text: DocumentText, order: Dates.Order) -> Bool {
        text.lines.contains { l in
            let dates = Dates.find(in: l.text, order: order)
            return dates.indices.contains { i in
                let periodEnd = i > 0 && l.text[dates[i - 1].range.upperBound..<dates[i].range.lowerBound].count <= 6
                let days = dates[i].value.dayNumber - issue.dayNumber
                return !periodEnd && days > 0 && days <= 183
            }
        }
    }

    /// The most a layout vendor name is sure of when nothing else on the page confirms it.
    static let unconfirmedNameCap = 0.84

    /// Whether the page confirms a vendor name: no other name competes with it, or it is printed again on another line
    /// (a footer, a bank account's holder), stands in a sender line, is the letterhead in the largest type at the top, or
    /// has the seller's details or a tax id under it (`LayoutExtractor.hasSellerDetails`).
    static func vendorNameConfirmed(_ f: ExtractedField, text: DocumentText) -> Bool {
        guard let name = f.value.stringValue else { return false }
        let key = LayoutExtractor.norm(LayoutExtractor.withoutUGSuffix(name))
        let own = Set(f.words)
        let lines = text.lines.filter { l in l.words.contains(where: own.contains) }
        // No rival: no other name among the alternatives, nor beside it on its own line ("Buyer UG   Seller GmbH & Co. KG").
        let besideIt = lines.contains { l in
            LineColumns.split(l.text).contains { c in
                !LayoutExtractor.norm(c).contains(key) && c.split(separator: " ").count >= 2
                    && (LayoutExtractor.withoutUGSuffix(c) != c || c.split(separator: " ").last.map { Labels.companyForms.contains(LayoutExtractor.norm(String($0))) } == true)
            }
        }
        if !besideIt, !f.alternatives.contains(where: { $0.score >= 0.5 && $0.value != f.value }) { return true }
        if lines.contains(where: { LayoutExtractor.senderLineName($0.text) != nil }) { return true }
        if readTwice(f, in: text) { return true }
        // A letterhead: the name in the largest type at the top of its page, larger than the text around it.
        if let page = f.words.first?.page, let tallest = f.words.max(by: { $0.y1 - $0.y0 < $1.y1 - $1.y0 }) {
            let type = LayoutExtractor.typeSizes(on: page, in: text)
            if type.isLetterhead(tallest), f.words.allSatisfy({ $0.y0 < type.bottom * 0.35 }) { return true }
        }
        return LayoutExtractor.hasSellerDetails(under: f.words, in: text, orTaxID: true)
    }

    enum TermsLine { case none, discount, net }

    /// What the line of a candidate's first word says about payment: the net amount's term ("ohne Abzug", "netto", "net"),
    /// a cash discount ("Skonto", "escompte", "discount"), or neither.
    static func paymentTermsLine(of c: Candidate, in text: DocumentText) -> TermsLine {
        guard let w = c.words.first, let line = text.lines.first(where: { $0.words.contains(w) }) else { return .none }
        let sequence = line.words.map { LayoutExtractor.labelNorm($0.text) }
        let words = Set(sequence)
        // (As a scan reads it too: "ohne. Abzug". A line with both terms, "netto bis 15.12., 2 % Skonto", is the net term's.)
        if sequence.joined(separator: " ").contains("ohne abzug") || words.contains("netto") || words.contains("net") { return .net }
        let discount = words.contains { $0.hasPrefix("skonto") || $0.hasPrefix("escompte") || $0 == "discount" || $0 == "sconto" || $0 == "descuento" || $0 == "korting" }
        return discount ? .discount : .none
    }

    /// Whether a name (six letters or more, its legal form's "(haftungsbeschränkt)" aside) is read the same, letters and
    /// digits alike, on a line that does not hold its own words.
    static func readTwice(_ f: ExtractedField, in text: DocumentText) -> Bool {
        guard let name = f.value.stringValue, !f.words.isEmpty, case let key = LayoutExtractor.norm(LayoutExtractor.withoutUGSuffix(name)),
              key.count >= 6 else { return false }
        let own = Set(f.words)
        return text.lines.contains { l in !l.words.contains(where: own.contains) && LayoutExtractor.norm(l.text).contains(key) }
    }

    /// Of several valid VAT ids, the seller's is the one printed on a line with the seller's name (a footer's
    /// "Name GmbH · USt-IdNr. …") or, in France, the one whose SIREN the page prints as a SIREN, SIRET or RCS
    /// number (the seller's legal mentions). One with more of this evidence than the chosen one takes its
    /// place; the evidence is a passed check `seller_vat_id`.
    static func preferSellersVATID(_ fields: inout [String: ExtractedField], text: DocumentText) {
        guard let f = fields["vendor_vat_id"], f.strategy == "layout" else { return }
        let name = fields["vendor_name"]?.value.stringValue.map(LayoutExtractor.norm) ?? ""
        // (Compared without accents on the id's line: a scan reads the seller's "haftungsbeschränkt" in its footer as
        // "haftungsbeschrankt".)
        let plainName = fields["vendor_name"]?.value.stringValue.map(LayoutExtractor.labelNorm) ?? ""
        // (The page is searched for SIREN numbers only where a French id is among the candidates.)
        let french = ([f.value] + f.alternatives.map(\.value)).contains { $0.stringValue.map(VATID.normalize)?.hasPrefix("FR") == true }
        let sirens: Set<String> = french ? LayoutExtractor.sirens(in: text) : []
        // Where the seller's name stands: its block is the lines under it, in its column.
        let nameWord = fields["vendor_name"].flatMap { nf in nf.value.stringValue.flatMap { v in nf.words.first { !$0.text.isEmpty && v.hasPrefix($0.text) } } }
        let nameLine = nameWord.flatMap { w in text.lines.firstIndex { $0.page == w.page && $0.words.contains(w) } }
        let otherNames = (fields["vendor_name"]?.alternatives ?? []).compactMap { $0.value.stringValue.map(LayoutExtractor.norm) }.filter { $0.count >= 4 && $0 != name }
        let blockEvidence = "printed in the seller's block, under its name"
        // The footer's block of the seller's name, its address and its legal mentions (LayoutExtractor.footerLegalName).
        let footer = LayoutExtractor.footerLegalName(in: text).flatMap { f -> ClosedRange<Int>? in
            guard LayoutExtractor.labelNorm(f.name.text) == plainName, let a = text.lines.firstIndex(where: { $0.words == f.name.words }),
                  let b = text.lines.firstIndex(where: { $0.words == f.legal.words }), a <= b else { return nil }
            return a...b
        }
        func evidence(_ c: Candidate) -> [String] {
            guard let v = c.value.stringValue.map(VATID.normalize), VATID.check(v).passed else { return [] }
            var found: [String] = []
            let li = c.words.first.flatMap { w in text.lines.firstIndex { $0.page == w.page && $0.words.contains(w) } }
            if plainName.count >= 4, let li, LayoutExtractor.labelNorm(text.lines[li].text).contains(plainName) {
                found.append("printed on a line with the seller's name")
            } else if let li, footer?.contains(li) == true {
                found.append("printed in the footer's legal mentions under the seller's name")
            } else if let li, let nl = nameLine, let nw = nameWord, let w = c.words.first, li > nl, li - nl <= 6,
                      let start = columnStart(of: w, on: text.lines[li]), abs(start - nw.x0) < 15, oneBlock(from: nl, to: li, in: text, otherNames: otherNames) {
                // (A block "Beispiel SA / street / town / TVA BE 0123.456.749" beside the customer's box with its own VAT id.)
                found.append(blockEvidence)
            }
            // (One flagged as another party's by the column it stands in counts only with the seller's name beside it:
            // a footer "Name SAS · SIRET … · VAT …" under a "Billed to" block.)
            if c.otherParty && found.isEmpty { return [] }
            if v.hasPrefix("FR"), sirens.contains(String(v.suffix(9))) { found.append("its SIREN is the one printed as the seller's SIREN, SIRET or RCS number") }
            return found
        }
        // Printed in another party's block: under its name, in its column, down a few lines of one block ("Kunde GmbH / street /
        // town / USt-IdNr.: DE…" in the recipient's window, without a label that says whose it is).
        // (Only companies' names read with some confidence: a heading read as a name, "Beschreibung Betrag", heads no block.
        // Compared without accents: a scan reads "haftungsbeschrankt".)
        let ownName = LayoutExtractor.labelNorm(fields["vendor_name"]?.value.stringValue ?? "")
        let parties = (fields["vendor_name"]?.alternatives ?? []).filter { $0.score >= 0.6 }.compactMap(\.value.stringValue)
            .filter(LayoutExtractor.hasLegalForm).map(LayoutExtractor.labelNorm).filter { n in n.count >= 4 && !n.contains(ownName) && !ownName.contains(n) }
        func otherPartys(_ c: Candidate) -> Bool {
            guard !parties.isEmpty, let w = c.words.first, let li = text.lines.firstIndex(where: { $0.page == w.page && $0.words.contains(w) }),
                  let start = columnStart(of: w, on: text.lines[li]) else { return false }
            for k in stride(from: li - 1, through: max(0, li - 6), by: -1) {
                let line = text.lines[k]
                // (The name starts the id's column: "Kunde GmbH" at the left over "USt-IdNr. …" at the left, not a block of
                // its own to the right of it.)
                let starts = parties.flatMap { LayoutExtractor.runs(spelling: $0, in: line.words, by: LayoutExtractor.labelNorm) }.map(\.range.lowerBound)
                if !starts.isEmpty {
                    return starts.contains { abs(line.words[$0].x0 - start) < 15 } && oneBlock(from: k, to: li, in: text, otherNames: [], buyerLabelsEnd: false)
                }
            }
            return false
        }
        // Being in the seller's block decides only for one id: two ids under the seller's name ("N° TVA …" twice) are for a person.
        var found = ([f.asCandidate()] + f.alternatives).map(evidence)
        if found.filter({ $0.contains(blockEvidence) }).count > 1 { found = found.map { $0.filter { $0 != blockEvidence } } }
        // Where the one read is in another party's block and another is not, that other has the better claim; without
        // another, a person looks (the seller's own may be printed where it could not be read: a scan's small footer).
        if found[0].isEmpty, otherPartys(f.asCandidate()) {
            let other = f.alternatives.indices.first { k in
                guard found[k + 1].isEmpty, f.alternatives[k].score >= f.confidence - 0.15, !otherPartys(f.alternatives[k]),
                      let v = f.alternatives[k].value.stringValue.map(VATID.normalize) else { return false }
                return VATID.check(v).passed
            }
            if let k = other {
                found[k + 1] = ["the other VAT id is printed in another party's block, under its name"]
            } else if found.dropFirst().allSatisfy(\.isEmpty) {
                fields["vendor_vat_id"]?.checks.append(CheckResult(name: "seller_vat_id", passed: false,
                    reason: "printed in another party's block, under its name: it may be that party's VAT id; check whose it is"))
                return
            }
        }
        let current = found[0]
        let others = zip(f.alternatives, found.dropFirst()).filter { $0.1.count > current.count }
        guard let (better, reasons) = others.max(by: { $0.1.count < $1.1.count }) else {
            if !current.isEmpty { fields["vendor_vat_id"]?.checks.append(CheckResult(name: "seller_vat_id", passed: true, reason: current.joined(separator: "; "))) }
            return
        }
        var chosen = better
        chosen.score = max(better.score, f.confidence)
        var field = ExtractedField(name: "vendor_vat_id", best: chosen,
                                   alternatives: [f.asCandidate(note: "another VAT id is the seller's; \(f.note)")] + f.alternatives.filter { $0.value != better.value })
        field.checks.append(CheckResult(name: "seller_vat_id", passed: true, reason: reasons.joined(separator: "; ")))
        fields["vendor_vat_id"] = field
    }
    /// Whether lines `a` to `b` are one block: no gap between them taller than a line, and no other party's name in between
    /// (a letter's recipient window, left-aligned under the letterhead, is a block of its own).
    static func oneBlock(from a: Int, to b: Int, in text: DocumentText, otherNames: [String], buyerLabelsEnd: Bool = true) -> Bool {
        for i in a..<b {
            let upper = text.lines[i], lower = text.lines[i + 1]
            guard lower.page == upper.page, lower.y0 - upper.y1 < max(4, lower.y1 - lower.y0) else { return false }
            // (Down to the VAT id's own line: "Bill to: Kunde GmbH DE…" under the seller's name is the buyer's.)
            let t = LayoutExtractor.norm(lower.text), words = lower.text.lowercased()
            if otherNames.contains(where: { t.contains($0) }) || buyerLabelsEnd && Labels.buyer.contains(where: { words.contains($0) }) { return false }
        }
        return true
    }

    /// Words of a document-level allowance: its amount is taken off even where it is printed without a minus.
    static let allowanceWords: Set<String> = ["rabatt", "nachlass", "abzgl", "abzüglich", "remise", "discount", "réduction", "reduction", "korting", "sconto", "descuento"]

    /// Whether most line items that print a quantity and a unit price have quantity × price = amount (to a cent, or
    /// half a percent for rounded prices); false when none prints both.
    static func rowsHold(_ items: [JSONValue]) -> Bool {
        let priced = items.compactMap { i -> (Double, Double, Double)? in
            guard let q = i["quantity"]?.numberValue, let p = i["unit_price"]?.numberValue, let a = i["amount"]?.numberValue else { return nil }
            return (q, p, a)
        }
        let holding = priced.filter { q, p, a in abs(q * p - a) <= max(0.011, 0.005 * abs(a)) }
        return !priced.isEmpty && holding.count * 2 > priced.count
    }

    /// A line item with its negative amounts (amount, unit price, quantity) as positive ones.
    static func positive(_ item: JSONValue) -> JSONValue {
        guard case .object(var o) = item else { return item }
        for key in ["amount", "unit_price", "quantity"] { if let v = o[key]?.numberValue, v < 0 { o[key] = .number(-v) } }
        return .object(o)
    }

    /// Where the line items' sum stands on a line a few lines above the net's, and the amounts on the lines between
    /// (allowances taken off, charges added) turn it into the net: the reason to say so; nil otherwise.
    static func subtotalReconciles(items sum: Double, net: Double, netWords: [SourceWord], text: DocumentText, conventions: LayoutExtractor.Conventions) -> String? {
        guard let w = netWords.first, let netLine = text.lines.firstIndex(where: { $0.words.contains(w) }) else { return nil }
        func lastAmount(_ l: TextLine) -> Double? { Amounts.find(in: l.text, decimalSeparator: conventions.decimalSeparator).last.map { Amounts.double($0.value) } }
        for up in stride(from: netLine - 2, through: max(0, netLine - 6), by: -1) where text.lines[up].page == text.lines[netLine].page {
            guard let subtotal = lastAmount(text.lines[up]), abs(subtotal - sum) < 0.011 else { continue }
            var running = subtotal, steps = 0
            for l in text.lines[(up + 1)..<netLine] {
                guard let a = lastAmount(l) else { return nil }
                let words = Set(l.words.map { $0.text.lowercased().trimmingCharacters(in: .punctuationCharacters) })
                running += a < 0 || words.isDisjoint(with: allowanceWords) ? a : -a
                steps += 1
            }
            guard steps > 0, abs(running - net) < 0.011 else { return nil }
            return "the line items add up to the subtotal \(subtotal), which the \(steps) allowance and charge line\(steps == 1 ? "" : "s") below it turn into the net total"
        }
        return nil
    }

    /// Payment terms in days ("Net 30", "30 days", "30 Tage", "30 jours").
    static let termDays = try! NSRegularExpression(pattern: #"(?i)(?<![\p{L}\d])(?:net\s?(\d{1,3})(?!\d)|(\d{1,3})\s+(?:days|tage|tagen|jours|dagen)(?![\p{L}]))"#)

    /// An issue and a due date both printed as numbers that read either way ("06/10/2025", "07/10/2025"), in the order
    /// the vendor's country suggests, which the printed terms contradict ("Net 30": 30 days apart only read the other way),
    /// or, without terms, which puts the due date before the issue date: both are read the other way, with the reason.
    static func orderDatesByTerms(_ fields: inout [String: ExtractedField], issueName: String, text: DocumentText) {
        guard let i = fields[issueName], let d = fields["due_date"], let iv = i.value.stringValue.flatMap(CalendarDate.init(iso:)),
              let dv = d.value.stringValue.flatMap(CalendarDate.init(iso:)) else { return }
        func ambiguous(_ f: ExtractedField) -> Bool {
            let printed = f.text.trimmingCharacters(in: .whitespaces), ns = printed as NSString
            guard let m = LayoutExtractor.numericDate.firstMatch(in: printed, range: NSRange(location: 0, length: ns.length)), m.range.length == ns.length,
                  let a = Int(ns.substring(with: m.range(at: 1))), let b = Int(ns.substring(with: m.range(at: 2))) else { return false }
            return a <= 12 && b <= 12 && a != b
        }
        guard ambiguous(i) || ambiguous(d) else { return }
        let plain = text.plainText as NSString
        let days = Set(termDays.matches(in: text.plainText, range: NSRange(location: 0, length: plain.length)).compactMap { m -> Int? in
            let g = m.range(at: 1).location != NSNotFound ? m.range(at: 1) : m.range(at: 2)
            return Int(plain.substring(with: g))
        })
        func swapped(_ c: CalendarDate, _ f: ExtractedField) -> CalendarDate? { ambiguous(f) ? CalendarDate(year: c.year, month: c.day, day: c.month) : c }
        guard let si = swapped(iv, i), let sd = swapped(dv, d) else { return }
        let why: (String, String)
        if days.count == 1, let n = days.first, dv.dayNumber - iv.dayNumber != n, sd.dayNumber - si.dayNumber == n {
            why = ("read the other way, the dates are \(n) days apart as the terms say", "day and month as the payment terms (\(n) days) read them")
        } else if days.isEmpty, ambiguous(i), ambiguous(d), dv.dayNumber < iv.dayNumber, (0...120).contains(sd.dayNumber - si.dayNumber) {
            // Without terms: read in the country's order the payment falls due before the invoice is issued; read the
            // other way, a usual time after it ("03/10/2025" issued, "04/09/2025" due: 10 March and 9 April).
            why = ("read the other way, the due date is after the issue date", "day and month read the one way in which the due date follows the issue date")
        } else {
            return
        }
        for (name, value) in [(issueName, si), ("due_date", sd)] {
            guard var f = fields[name], f.value.stringValue != value.iso else { continue }
            let old = f.asCandidate(note: why.0)
            f.value = .string(value.iso)
            f.note = why.1
            f.alternatives = [old] + f.alternatives.filter { $0.value != .string(value.iso) }
            fields[name] = f
        }
    }

    /// Where the column of `word` on `line` starts: words to its left closer than a column break belong to it.
    static func columnStart(of word: SourceWord, on line: TextLine) -> Double? {
        guard var k = line.words.firstIndex(of: word) else { return nil }
        let gap = max(4, line.y1 - line.y0) * 1.2
        while k > 0, line.words[k].x0 - line.words[k - 1].x1 <= gap { k -= 1 }
        return line.words[k].x0
    }


    /// An identifier OCR read right up against the next word on its line (no space between the boxes: "AB7"
    /// against "20260412" where the page prints "AB7_20260412_X", its underscores lost) may go on past what was
    /// taken: the check `whole_word` fails, so a person looks. Not for born-digital text, whose words are the
    /// PDF's own.
    static func doubtRunOn(_ fields: inout [String: ExtractedField], _ name: String, text: DocumentText) {
        guard let f = fields[name], f.value != .null, let last = f.words.last, last.confidence != nil,
              let line = text.lines.first(where: { $0.page == last.page && $0.words.contains(last) }),
              let i = line.words.firstIndex(of: last), i + 1 < line.words.count else { return }
        let next = line.words[i + 1]
        let height = max(1, last.y1 - last.y0)
        guard next.x0 - last.x1 < 0.1 * height, next.text.first.map({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) == true else { return }
        // The words run on joined by the underscores OCR lost, where the page prints that whole somewhere else (a payment
        // reference "… : 4711_AB7_20260412_X" in the footer): the number is the whole.
        if let value = f.value.stringValue {
            var parts: [String] = [], prev = last, k = i + 1
            while k < line.words.count, line.words[k].x0 - prev.x1 < 0.1 * height, line.words[k].text.allSatisfy({ $0.isLetter || $0.isNumber }) {
                parts.append(line.words[k].text)
                prev = line.words[k]
                k += 1
            }
            let elsewhere = text.lines.filter { !$0.words.contains(last) }.flatMap(\.words).map(\.text)
            if let whole = parts.indices.reversed().lazy.map({ ([value] + parts[...$0]).joined(separator: "_") })
                .first(where: { w in elsewhere.contains { $0 == w || $0.hasSuffix("_" + w) } }) {
                var mended = f.asCandidate(note: "its parts joined by the underscores OCR lost, as the page prints it elsewhere")
                mended.value = .string(whole)
                mended.text = whole
                fields[name] = ExtractedField(name: name, best: mended, alternatives: [f.asCandidate(note: "as OCR split it")] + f.alternatives)
                return
            }
        }
        fields[name]?.apply(CheckResult(name: "whole_word", passed: false,
                                        reason: "read by OCR as '\(last.text)' right against '\(next.text)' with no space between: the number may go on; check it on the page"))
    }

    /// The most a value read by OCR is trusted when nothing verified its characters: a vendor's name that
    /// is not a known vendor's (a person confirms a new vendor's name once; approved, it is known), a
    /// total no sum, line items or second printing confirms. Under the default threshold (0.85).
    public static let unverifiedOCRCap = 0.8

    /// A credit note's amounts are positive, as EN 16931 has them (the document type says it is a
    /// credit): "-119,00" printed on a credit note, or a minus in its XML, is reported as 119.00.
    /// Line items keep their signs (a credit note may correct single lines either way).
    static func positiveCreditAmounts(_ fields: inout [String: ExtractedField]) {
        for name in ["net_total", "tax_total", "total", "amount_due"] {
            guard let f = fields[name], let v = f.value.numberValue, v < 0 else { continue }
            fields[name]?.value = .number(-v)
            fields[name]?.alternatives = f.alternatives.map { a in
                var a = a
                if let x = a.value.numberValue, x < 0 { a.value = .number(-x) }
                return a
            }
        }
    }

    /// The ranker's training rows for one document whose right values are `expected` (see ``FieldRanker/train(_:version:trainedOn:l2:iterations:)``).
    public func trainingRows(text: DocumentText, attachments: [Attachment] = [], expected: [String: JSONValue], document: String,
                             same: (String, JSONValue?, JSONValue?) -> Bool) -> [FieldRanker.Row] {
        let p = prepare(text: text, attachments: attachments, broad: true)
        guard p.einvoice == nil else { return [] }
        return FieldRanker.rows(fields: p.fields, text: text, conventions: p.conventions, schema: schema.name, expected: expected, document: document, same: same)
    }

    /// `broad`: keep the broad scan's candidates (for the ranker and its training).
    func prepare(text: DocumentText, attachments: [Attachment], broad: Bool) -> Prepared {
        var notes: [String] = []
        var chosen: [String: [Candidate]] = [:]
        // 1. Embedded e-invoice.
        var einvoice: EInvoice.Document? = nil
        for a in attachments where EInvoice.isCandidate(name: a.name) {
            do {
                let doc = try EInvoice.parse(a.bytes)
                einvoice = doc
                for (k, v) in doc.fields where schema.field(k) != nil {
                    if case .array(let a) = v, a.isEmpty { continue }
                    chosen[k, default: []].append(Candidate(value: v, text: v.stringValue ?? v.jsonString(), score: 0.99, strategy: "einvoice",
                                                            note: "\(doc.profile), from \(a.name)"))
                }
                break
            } catch {
                notes.append("attachment \(a.name) is not a readable e-invoice: \(error)")
            }
        }
        // 2. Vendor template.
        var layout = LayoutExtractor(schema: schema)
        layout.defaultCurrency = defaultCurrency
        let conventions = layout.conventions(of: text)
        var templateResult: Template.Result? = nil
        if !templates.templates.isEmpty {
            let raw = text.layoutText
            if let t = templates.match(raw) {
                let r = t.extract(t.prepare(raw), dateOrder: conventions.dateOrder)
                templateResult = r
                if !r.missingRequired.isEmpty { notes.append("template \(t.name) matched but found no \(r.missingRequired.joined(separator: ", "))") }
                for (k, v) in r.values {
                    var name = Template.fieldMap[k] ?? k
                    // A receipt calls them date, merchant and tax.
                    if schema.field(name) == nil, let alias = ["issue_date": "date", "vendor_name": "merchant", "tax_total": "tax"][name], schema.field(alias) != nil { name = alias }
                    guard schema.field(name) != nil || !Template.fieldMap.keys.contains(k) else { continue }
                    var value = v
                    if name == "line_items", let rows = v.arrayValue {
                        value = .array(rows.map { row in .object(Dictionary((row.objectValue ?? [:]).map { (Template.lineFieldMap[$0.key] ?? $0.key, $0.value) }, uniquingKeysWith: { a, _ in a })) })
                    }
                    if case .array(let a) = value, name != "line_items", name != "tax_rates" { value = a.first ?? .null }
                    let (page, words) = locate(v.stringValue ?? r.trace.first { $0.field == k }?.matches.first, in: text)
                    // The template's default currency (EUR) is a guess unless the template sets it.
                    let score = k == "currency" && t.options.currency == "EUR" && !text.plainText.contains("EUR") && !text.plainText.contains("€") ? 0.5 : 0.95
                    chosen[name, default: []].append(Candidate(value: value, text: r.trace.first { $0.field == k }?.matches.first ?? (v.stringValue ?? ""),
                                                               score: score, strategy: "template:\(t.name)", page: page, words: words, note: "template \(t.name)"))
                }
            }
        }
        // 3. Layout rules.
        var found = layout.candidates(in: text, conventions: conventions)
        // The broad scan's candidates are for the ranker; the rules alone do not guess from them.
        if !broad { found = found.mapValues { $0.filter { !LayoutExtractor.isBroad($0) } }.filter { !$0.value.isEmpty } }
        var fields: [String: ExtractedField] = [:]
        // The schema's fields, then those only a template knows (its own names, e.g. order_id).
        let extra = chosen.keys.filter { schema.field($0) == nil }.sorted()
        for name in schema.fields.map(\.name) + extra {
            var cands = (chosen[name] ?? []) + (found[name] ?? [])
            // A total of zero is a column of nothing ("Gesamtbetrag der Zuschläge 0,00"), not the document's total.
            if name == "total", cands.contains(where: { ($0.value.numberValue ?? 0) != 0 }) { cands.removeAll { $0.value.numberValue == 0 } }
            // An IBAN cut short where its cell wrapped is the start of the whole one that passes the check: the whole one stands in its place.
            if schema.field(name)?.type == .iban {
                let whole = cands.compactMap(\.value.stringValue).filter { IBAN.check($0).passed }
                // Two IBANs after labels, one of them fails its check digits (a sample account, an OCR slip): the one that passes.
                if !whole.isEmpty {
                    for i in cands.indices where !(cands[i].value.stringValue.map { IBAN.check($0).passed } ?? false) { cands[i].score *= 0.9 }
                }
                for i in cands.indices {
                    guard let v = cands[i].value.stringValue, !IBAN.check(v).passed, let w = whole.first(where: { $0.count > v.count && $0.hasPrefix(v) }),
                          let j = cands.firstIndex(where: { $0.value.stringValue == w }) else { continue }
                    cands[j].score = max(cands[j].score, cands[i].score)
                    cands[i].score = min(cands[i].score, 0.3)
                }
            }
            // A cash discount's date ("Escompte 2 % pour paiement avant le …", "bei Zahlung bis … 2 % Skonto") where the page
            // labels a due date outside the payment terms' sentences ("Date d'échéance : …", "Due date"): that labelled date
            // is the due date, the discount's an alternative, not a rival. (Terms alone, with no such label, keep their
            // first term's date: docs/fields.md, "The due date".)
            if name == "due_date", cands.count > 1 {
                let terms = cands.map { Self.paymentTermsLine(of: $0, in: text) }
                if let best = cands.indices.filter({ terms[$0] == .none && cands[$0].note.contains("label") }).max(by: { cands[$0].score < cands[$1].score }) {
                    for i in cands.indices where terms[i] == .discount && cands[i].score > cands[best].score - 0.15 {
                        cands[i].score = cands[best].score - 0.15
                        cands[i].note += "; a cash discount's date, the due date is labelled apart"
                    }
                }
            }
            cands.sort { $0.score > $1.score }
            // Two due dates the rules rate alike (a discount's date and the net date of payment terms):
            // the earlier, the first term, as an e-invoice's first payment term gives its due date. Of several (a schedule
            // of instalments, "1. Rate … fällig am …" to "4. Rate …"), the earliest.
            var termsDisagree = false
            if name == "due_date", let top = cands.first, let topDate = top.value.stringValue, let i = cands.indices.dropFirst().filter({ j in
                guard let date = cands[j].value.stringValue else { return false }
                return top.score - cands[j].score < 0.02 && date < topDate   // ISO dates order as text
            }).min(by: { cands[$0].value.stringValue! < cands[$1].value.stringValue! }) {
                cands.swapAt(0, i)
                // (A cash discount's date on a line of its own and the net date on another, "Bei Zahlung bis zum … 2 % Skonto"
                // over "Zahlbar bis … rein netto": producers differ on which an e-invoice calls the due date; a person decides.)
                termsDisagree = Self.paymentTermsLine(of: cands[0], in: text) == .discount && Self.paymentTermsLine(of: cands[i], in: text) == .net
            }
            guard var best = cands.first else { continue }
            var alternatives = Array(cands.dropFirst().filter { $0.value != best.value })
            // A close second with another value: the layout rules cannot tell them apart, a person can.
            var ruleScore = best.score
            // (A vendor name's brand, the same name without its legal form, "BEISPIEL" beside "Beispiel GmbH", is no rival; nor is
            // the brand at the top whose legal name this is, "MERPAR" over "Merpar Logistik SA" in the footer.)
            let brandOfBest = { (alt: Candidate) -> Bool in
                guard best.note.contains(LayoutExtractor.brandsLegalName), let b = alt.value.stringValue.map(LayoutExtractor.norm), b.count >= 3,
                      let legal = best.value.stringValue.map(LayoutExtractor.norm) else { return false }
                return legal.hasPrefix(b) && legal != b
            }
            let rival = alternatives.firstIndex { !(name == "vendor_name" && (Self.sameNameWithoutForm($0.value.stringValue, best.value.stringValue) || brandOfBest($0))) }
            if best.strategy == "layout", let ri = rival, case let second = alternatives[ri], second.score > best.score - 0.1, best.score >= 0.8 {
                // (Two company names at the top, a letterhead's and a recipient's: the one whose block under it gives a
                // phone number, an e-mail, a register or bank details is the seller's, when the other's gives none; it takes
                // the first's score.)
                // (Where neither block gives such details, a tax or company id under one of them that is not labelled as the
                // customer's, "SIRET …" against "N° TVA client …", tells them apart.)
                // (Where neither does, the name printed again with a tax or company id, the footer's legal line, tells them apart.)
                // The first of these that finds anything decides, where it finds it for one of the two only.
                let tests: [(why: String, holds: (Candidate) -> Bool)] = [
                    ("the seller's details under it", { LayoutExtractor.hasSellerDetails(under: $0, in: text) }),
                    ("the seller's details under it", { LayoutExtractor.hasSellerDetails(under: $0, in: text, orTaxID: true) }),
                    ("its name again with a tax or company id", { LayoutExtractor.restatedWithTaxID($0, in: text) }),
                ]
                let pair = (best, second)
                let decided = name == "vendor_name" && second.strategy == "layout"
                    ? tests.lazy.map { t in (why: t.why, a: t.holds(pair.0), b: t.holds(pair.1)) }.first { $0.a || $0.b } : nil
                if let (why, a, b) = decided, a != b {
                    if b {
                        alternatives[ri] = best
                        best = second
                        best.score = ruleScore
                        ruleScore = second.score
                    }
                    best.note += best.note.isEmpty ? why : "; " + why
                    fields[name] = ExtractedField(name: name, best: best, alternatives: alternatives)
                    fields[name]?.ruleScore = ruleScore
                    continue
                }
                best.score = min(best.score, 0.8)
                best.note += best.note.isEmpty ? "a close second candidate (\(second.text))" : "; a close second candidate (\(second.text))"
            }
            fields[name] = ExtractedField(name: name, best: best, alternatives: alternatives)
            // The ranker compares the rules' own scores; the cap is what the rules alone say about confidence.
            fields[name]?.ruleScore = ruleScore
            if termsDisagree {
                fields[name]?.checks.append(CheckResult(name: "due_date_terms", passed: false,
                    reason: "the terms give a cash discount's date and a later net date; which is the due date is for a person to say"))
            }
        }

        // No total read, but an amount due ("Net à payer", "Zahlbetrag"): on most invoices they are the same,
        // so it stands in, less sure (a prepayment would make the total larger).
        // (So does a surely read amount due where the only totals read are guesses: an amount under a heading of the line
        // items' table, "Summe brutto", is a line's.)
        let guessedTotal = fields["total"].map { $0.value.numberValue != nil && $0.confidence < 0.5 } ?? false
        if fields["total"].map({ $0.value == .null }) ?? true || guessedTotal, let due = fields["amount_due"], due.value.numberValue != nil,
           !guessedTotal || due.confidence >= 0.8 {
            var cand = due.asCandidate(note: "the amount due; no total is printed apart from it")
            cand.score = min(cand.score, 0.8)
            let guesses = guessedTotal ? [fields["total"]!.asCandidate()] + fields["total"]!.alternatives : []
            fields["total"] = ExtractedField(name: "total", best: cand, alternatives: guesses.filter { $0.value != cand.value })
        }
        reconcileTotals(&fields, found: found, conventions: conventions)
        mendGarbledAmount(&fields, text: text, layout: layout)
        if schema.field("net_total") != nil, schema.field("total") != nil, fields["total"]?.strategy.hasPrefix("einvoice") != true,
           let solved = layout.solveTotals(in: text, conventions: conventions) {
            applySolvedTotals(&fields, solved)
        }
        return Prepared(fields: fields, conventions: conventions, layout: layout, einvoice: einvoice, template: templateResult, notes: notes, extra: extra)
    }

    /// Finds the words of a value's text in the document (for a template's match).
    func locate(_ s: String?, in text: DocumentText) -> (Int?, [SourceWord]) {
        guard let s, s.count >= 2 else { return (nil, []) }
        for line in text.lines {
            if let r = line.text.range(of: s) { return (line.page, line.words(in: r)) }
        }
        return (nil, [])
    }

    /// Picks net, tax and total together where some choice of their candidates adds up: a sum
    /// that checks out is worth more than the best single guess.
    func reconcileTotals(_ fields: inout [String: ExtractedField], found: [String: [Candidate]], conventions: LayoutExtractor.Conventions) {
        let totalName = schema.field("total") != nil ? "total" : nil
        let netName = schema.field("net_total") != nil ? "net_total" : nil
        let taxName = schema.field("tax_total") != nil ? "tax_total" : (schema.field("tax") != nil ? "tax" : nil)
        guard let tn = totalName, let t = fields[tn], let nn = netName, let xn = taxName else { return }
        guard !t.strategy.hasPrefix("einvoice") else { return }
        func list(_ name: String) -> [Candidate] {
            var l = [fields[name].map { $0.asCandidate() }].compactMap { $0 }
            l += fields[name]?.alternatives ?? []
            return Array(l.filter { $0.value.numberValue != nil }.prefix(20))
        }
        // (An amount due read apart counts as the total where nothing else does: the total's own amount misread, "TOTAL
        // 1317333" over "BALANCE DUE EUR 7,317.33" on a scan.)
        let totalsRead = list(tn), nets = list(nn), taxes = list(xn)
        let dues = (fields["amount_due"].map { [$0.asCandidate(note: "the amount due, which net and tax add up to; \($0.note)")] } ?? [])
            .filter { d in !totalsRead.contains { $0.value == d.value } }
        var best: (Candidate, Candidate, Candidate, Double)? = nil
        // (The amount due only where no total read adds up: a credit note's "NET A PAYER -90,00" added up with a line's
        // "(Net): 10,00" and a base "-100,00" read as the tax, over its printed total, net and tax.)
        for totals in [totalsRead, dues] where best == nil {
            for a in totals { for b in nets { for c in taxes {
                guard let av = a.value.numberValue, let bv = b.value.numberValue, let cv = c.value.numberValue, abs(bv + cv - av) < 0.011, av != 0 else { continue }
                let s = a.score + b.score + c.score
                if best == nil || s > best!.3 { best = (a, b, c, s) }
            } } }
        }
        guard let (a, b, c, _) = best else {
            Self.mendLostSeparator(&fields, total: tn, net: nn, tax: xn)
            Self.mendMisreadDigit(&fields, total: tn, net: nn, tax: xn)
            return
        }
        for (name, cand) in [(tn, a), (nn, b), (xn, c)] where fields[name]?.value != cand.value {
            var f = fields[name]!
            let old = f.asCandidate(note: "did not add up; \(f.note)")
            f = ExtractedField(name: name, best: cand, alternatives: [old] + f.alternatives.filter { $0.value != cand.value && $0.value != old.value })
            fields[name] = f
        }
    }

    /// Net, tax and total that do not add up because OCR lost one amount's decimal separator ("12 273,52" read
    /// "1227352"): where the other two give exactly that amount with the separator back, it is taken with a
    /// doubt (a failed check: a person sees it), the read value kept as an alternative.
    static func mendLostSeparator(_ fields: inout [String: ExtractedField], total tn: String, net nn: String, tax xn: String) {
        guard let t = fields[tn]?.value.numberValue, let n = fields[nn]?.value.numberValue, let x = fields[xn]?.value.numberValue else { return }
        let mends = [(tn, n + x, "net + tax"), (nn, t - x, "total − tax"), (xn, t - n, "total − net")].filter { name, expected, _ in
            guard let read = fields[name]?.value.numberValue, read == read.rounded(), read >= 100, expected > 0 else { return false }
            let cents = (expected * 100).rounded()
            return abs(cents - expected * 100) < 0.001 && cents == read
        }
        guard mends.count == 1, let (name, expected, how) = mends.first, let f = fields[name] else { return }
        fields[name] = mended(f, to: expected, note: "\(how) with the decimal separator OCR lost put back",
                              doubt: "read as \(f.text.trimmingCharacters(in: .whitespaces)); \(how) gives it with a decimal separator, which OCR may have lost: check the amount",
                              asRead: "\(how) gives it with a decimal separator")
    }

    /// `f` as `value`, with a doubt (a failed check: a person sees it), and the value as read kept first among the
    /// alternatives: how each mend of a misread amount below is written.
    static func mended(_ f: ExtractedField, to value: Double, note: String, doubt: String, asRead: String) -> ExtractedField {
        var cand = f.asCandidate(note: note)
        cand.value = .number((value * 100).rounded() / 100)
        cand.doubt = doubt
        return ExtractedField(name: f.name, best: cand, alternatives: [f.asCandidate(note: "as read; \(asRead)")] + f.alternatives)
    }

    /// Net, tax and total that do not add up because OCR misread one digit of one of them ("5,172.17" read "5172.77"):
    /// where the line items add up to what the other two give for it, and that is one digit away from what was read,
    /// it is taken with a doubt (a failed check: a person sees it), the read value kept as an alternative. Without the
    /// items' sum to say which of the three was misread, nothing changes.
    static func mendMisreadDigit(_ fields: inout [String: ExtractedField], total tn: String, net nn: String, tax xn: String) {
        guard let t = fields[tn]?.value.numberValue, let n = fields[nn]?.value.numberValue, let x = fields[xn]?.value.numberValue,
              abs(n + x - t) >= 0.011, let items = fields["line_items"]?.value.arrayValue, !items.isEmpty else { return }
        let amounts = items.compactMap { $0["amount"]?.numberValue }
        guard amounts.count == items.count else { return }
        let sum = Amounts.double(amounts.map(Amounts.decimal).reduce(0, +))
        var mends: [(String, Double, String)] = []
        // The items add up to total − tax: the net was misread. (Two digits of it misread, "3.275,32" as "3.213,32", where the
        // printed rate gives the tax from the items' sum too: three readings agree against one.)
        let rate = fields["tax_rates"]?.value.numberValue
        let rateAgrees = rate.map { r in r > 0 && abs((sum * r).rounded() / 100 - x) < 0.011 } ?? false
        if abs(sum - (t - x)) < 0.011, oneDigitApart(n, sum) || rateAgrees && digitsApart(n, sum) == 2 {
            mends.append((nn, sum, "the line items' sum, which is total − tax"))
        }
        // The items add up to the total (gross prices): the net or the tax was misread.
        if abs(sum - t) < 0.011 {
            if oneDigitApart(n, t - x) { mends.append((nn, t - x, "total − tax, the total being the line items' sum")) }
            if oneDigitApart(x, t - n) { mends.append((xn, t - n, "total − net, the total being the line items' sum")) }
        }
        // The items add up to the net: the total or the tax was misread, whichever is one digit from what the others give.
        if abs(sum - n) < 0.011 {
            if oneDigitApart(t, n + x) { mends.append((tn, n + x, "net + tax, the net being the line items' sum")) }
            if oneDigitApart(x, t - n) { mends.append((xn, t - n, "total − net, the net being the line items' sum")) }
        }
        // Both the total and the tax one digit from what the others give ("4702,62" and "183,77" over a net of 3918,85):
        // the printed rate says which: the tax it gives is the tax.
        if mends.count > 1, let r = fields["tax_rates"]?.value.numberValue, r > 0 {
            let byRate = (n * r).rounded() / 100
            mends = mends.filter { name, expected, _ in name == xn ? abs(byRate - expected) < 0.011 : abs(byRate - x) < 0.011 }
        }
        // Net and tax both misread ("3.275,32" read "3:279,32", "622,31" read "622, 31"), the total right: where the total less
        // the items' sum is, to the cent, the printed rate's tax of that sum (three readings that agree), the net is the
        // items' sum and the tax the difference, each with a doubt.
        if mends.isEmpty, abs(sum - n) >= 0.011, abs(t - sum - x) >= 0.011, sum > 0, sum < t, let r = rate, r > 0,
           abs((sum * r).rounded() / 100 - (t - sum)) < 0.011, let fn = fields[nn], let fx = fields[xn] {
            for (name, f, value, how) in [(nn, fn, sum, "the line items' sum"), (xn, fx, t - sum, "total − the line items' sum")] {
                fields[name] = mended(f, to: value, note: "\(how), which the total and the \(String(format: "%g", r)) % printed agree with",
                                      doubt: "read as \(f.text.trimmingCharacters(in: .whitespaces)); \(how) gives \(String(format: "%.2f", value)), which the total and the printed rate agree with: check the amount",
                                      asRead: "did not add up")
            }
            return
        }
        guard mends.count == 1, let (name, expected, how) = mends.first, let f = fields[name] else { return }
        let apart = (f.value.numberValue.flatMap { digitsApart($0, expected) } ?? 1) == 2 ? "two digits" : "one digit"
        fields[name] = mended(f, to: expected, note: how, doubt: "read as \(f.text.trimmingCharacters(in: .whitespaces)), \(apart) away from \(how): check the amount",
                              asRead: "\(how) differs in \(apart)")
    }

    /// One of net, tax and total not read, or read from somewhere else, because OCR garbled its amount by its label
    /// ("1.771,81" read "1,7/1,81", "13.232,37" read "13,232,37", and the tax taken from the line under it): where the
    /// three do not add up and a line labelled for one of them holds a token that does not parse and is one character
    /// away from what the other two give, or has all its figures (separators aside, the cents the same), that is taken
    /// with a doubt (a person sees it). Nothing is made up where no such token stands by a label, or where two of them
    /// could be mended.
    func mendGarbledAmount(_ fields: inout [String: ExtractedField], text: DocumentText, layout: LayoutExtractor) {
        let taxName = schema.field("tax_total") != nil ? "tax_total" : "tax"
        guard schema.field("net_total") != nil, schema.field(taxName) != nil, schema.field("total") != nil,
              fields["total"]?.strategy.hasPrefix("einvoice") != true else { return }
        let read = fields
        func value(_ name: String) -> Double? { read[name]?.value.numberValue }
        let names = ["net_total", taxName, "total"]
        guard names.filter({ value($0) == nil }).count <= 1 else { return }
        if let t = value("total"), let n = value("net_total"), let x = value(taxName), abs(n + x - t) < 0.011 { return }
        func misreadAs(_ token: String, _ expected: Double) -> Bool {
            let want = Array(String(format: "%.2f", expected).filter(\.isNumber))
            let got = Array(token.filter { !".,' \u{00A0}\u{202F}€$".contains($0) })
            // (Every figure right and a separator misread, "13,232,37" for "13.232,37", is as near.)
            if got == want { return true }
            guard got.count == want.count, got.suffix(2) == want.suffix(2), got.contains(where: { !$0.isNumber }) else { return false }
            return zip(got, want).filter { $0 != $1 }.count == 1
        }
        let hits = layout.hits(in: text)
        var mends: [(String, Double, SourceWord, Int, String)] = []
        for name in names {
            let others = names.filter { $0 != name }.compactMap(value)
            guard others.count == 2 else { continue }
            let how = name == "total" ? "net + tax" : name == "net_total" ? "total − tax" : "total − net"
            let expected = name == "total" ? others[0] + others[1] : abs(others[1] - others[0])
            guard expected > 0 else { continue }
            lines: for (li, line) in text.lines.enumerated() {
                guard let hit = hits[li].first(where: { $0.field == name }) else { continue }
                for w in line.words[hit.end...] where w.text.contains(where: \.isNumber)
                    && (Amounts.parse(w.text) == nil && misreadAs(w.text, expected) || Self.separatorReadAsFigure(w.text, expected)) {
                    mends.append((name, expected, w, line.page, how))
                    break lines
                }
            }
        }
        guard mends.count == 1, let (name, expected, w, page, how) = mends.first else { return }
        var cand = Candidate(value: .number((expected * 100).rounded() / 100), text: w.text, score: 0.6, strategy: "layout", page: page,
                             words: [w], note: "\(how); the amount by its label, '\(w.text)', is garbled")
        cand.doubt = "read as \(w.text); \(how) gives \(String(format: "%.2f", expected)), as near as a misread character: check the amount"
        let before = fields[name].map { [$0.asCandidate(note: "did not add up; \($0.note)")] + $0.alternatives } ?? []
        fields[name] = ExtractedField(name: name, best: cand, alternatives: before.filter { $0.value != cand.value })
    }

    /// Whether `token` is `expected` as an invoice writes it ("6.870,39", "6,870.39", "6'870.39", "6870,39") with one separator
    /// read as a figure ("6.870139": the decimal comma read as 1), which then parses as another amount.
    static func separatorReadAsFigure(_ token: String, _ expected: Double) -> Bool {
        let t = Array(token.filter { !"€$£ \u{00A0}\u{202F}".contains($0) })
        guard expected > 0, t.count >= 4 else { return false }
        let plain = String(format: "%.2f", expected)
        let whole = String(plain.dropLast(3)), cents = String(plain.suffix(2))
        func grouped(_ sep: String) -> String {
            var out = "", digits = Array(whole)
            for (i, d) in digits.enumerated() {
                if i > 0, (digits.count - i) % 3 == 0 { out += sep }
                out.append(d)
            }
            return out
        }
        let forms = [grouped(".") + "," + cents, grouped(",") + "." + cents, grouped("'") + "." + cents, grouped(" ") + "," + cents,
                     whole + "," + cents, whole + "." + cents]
        return forms.contains { form in
            let f = Array(form)
            guard f.count == t.count else { return false }
            let apart = zip(f, t).enumerated().filter { $0.element.0 != $0.element.1 }
            guard apart.count == 1, let only = apart.first else { return false }
            return ".,'".contains(only.element.0) && only.element.1.isNumber
        }
    }

    /// Whether `brand` is `name` without its legal form ("BEISPIEL", "Beispiel Handel" of "Beispiel Handel GmbH").
    static func sameNameWithoutForm(_ brand: String?, _ name: String?) -> Bool {
        guard let brand, let name, case let bare = LayoutExtractor.nameWithoutForms(name), !bare.isEmpty else { return false }
        return bare != LayoutExtractor.norm(name) && LayoutExtractor.norm(brand) == bare
    }

    /// Whether two amounts, written with two decimals, differ in exactly one digit.
    static func oneDigitApart(_ a: Double, _ b: Double) -> Bool { digitsApart(a, b) == 1 }

    /// How many figures of two amounts with as many figures differ (nil where their lengths differ).
    static func digitsApart(_ a: Double, _ b: Double) -> Int? {
        func digits(_ v: Double) -> [Character] { Array(String(format: "%.2f", abs(v)).filter(\.isNumber)) }
        let da = digits(a), db = digits(b)
        return da.count == db.count ? zip(da, db).filter { $0 != $1 }.count : nil
    }

    /// Takes the whole-document triple (``LayoutExtractor/solveTotals(in:conventions:)``) when at
    /// least two of its amounts stand by their labels and the tax is a usual rate (or all three are
    /// labelled, or net and tax are the sums of a recap table by rate), or when it is a labelled row of a
    /// tax summary (net, tax, total in order on one line, a usual rate and the document's largest amount,
    /// or the sum of the rate rows above it); the label candidates it replaces stay as alternatives.
    func applySolvedTotals(_ fields: inout [String: ExtractedField], _ solved: LayoutExtractor.TotalsChoice) {
        let summaryRow = solved.sameRow && (solved.standardRate && solved.largest || solved.sumOfRows) && solved.labelled >= 1
        guard (solved.labelled >= 2 && (solved.standardRate || solved.sumOfRows || solved.labelled == 3)) || summaryRow else { return }
        let taxName = schema.field("tax_total") != nil ? "tax_total" : "tax"
        // A vendor's template says where its totals are: it is not second-guessed.
        guard ![("net_total"), taxName, "total"].contains(where: { fields[$0]?.strategy.hasPrefix("template:") == true }) else { return }
        // (Net and tax computed from a rate the total includes are not printed: a person confirms them.)
        let confidence = solved.computed ? 0.7 : min(0.95, 0.6 + 0.1 * Double(solved.labelled + (solved.sameRow ? 1 : 0)) + (solved.standardRate || solved.sumOfRows ? 0.1 : 0))
        for (name, chosen) in [("net_total", solved.net), (taxName, solved.tax), ("total", solved.total)] {
            if solved.computed, name == "total" { continue }
            var cand = chosen
            if let f = fields[name], f.value == cand.value {
                // The same value: the label candidate stays (its words and note), as sure as the triple makes it.
                fields[name]?.confidence = max(f.confidence, confidence)
                continue
            }
            cand.score = confidence
            var alternatives: [Candidate] = []
            if let f = fields[name] {
                alternatives = [f.asCandidate(note: "did not add up over the document; \(f.note)")]
                    + f.alternatives.filter { $0.value != cand.value && $0.value != f.value }
            }
            fields[name] = ExtractedField(name: name, best: cand, alternatives: alternatives)
        }
    }

    func validate(_ fields: inout [String: ExtractedField], text: DocumentText, conventions: LayoutExtractor.Conventions) {
        for (name, f) in fields {
            guard let def = schema.field(name) else { continue }
            var f = f
            switch def.type {
            case .iban: if let s = f.value.stringValue { f.apply(IBAN.check(s), boost: 0.8) }
            case .vatID: if let s = f.value.stringValue { f.apply(VATID.check(s), boost: 0.7) }
            default: break
            }
            fields[name] = f
        }
        // Sums.
        let taxName = schema.field("tax_total") != nil ? "tax_total" : "tax"
        if let n = fields["net_total"]?.value.numberValue, let x = fields[taxName]?.value.numberValue, let t = fields["total"]?.value.numberValue {
            let check = CrossChecks.totals(net: Amounts.decimal(n), tax: Amounts.decimal(x), total: Amounts.decimal(t))
            for name in ["net_total", taxName, "total"] { fields[name]?.apply(check, boost: 0.75) }
            if let rate = fields["tax_rates"]?.value.numberValue, rate > 0, abs(n * rate / 100 - x) > max(0.02, x * 0.02) {
                fields["tax_rates"]?.apply(CheckResult(name: "tax_rate", passed: false, reason: "\(rate) % of the net \(n) is \((n * rate).rounded() / 100), but the tax reads \(x)"))
            }
        } else if schema.field("net_total") != nil, fields["total"] != nil, fields["net_total"] != nil || fields[taxName] != nil {
            // Only where the schema has a net: a receipt prints its tax beside the total with no net to add up.
            fields["total"]?.checks.append(CheckResult(name: "totals", passed: false, reason: "net, tax and total are not all on the document; the sum cannot be checked"))
        }
        // Compared in the total's direction: a corrective invoice printed with negative amounts owes less the nearer
        // its amount due is to zero (a total of -100 with -10 already settled leaves -90 due).
        if let amount = fields["amount_due"]?.value.numberValue, let t = fields["total"]?.value.numberValue,
           t < 0 ? amount < t - 0.01 : amount > t + 0.01 {
            fields["amount_due"]?.apply(CheckResult(name: "amount_due", passed: false, reason: "the amount due \(amount) is more than the total \(t)"))
        } else if let amount = fields["amount_due"]?.value.numberValue, let t = fields["total"]?.value.numberValue, abs(amount - t) < 0.005,
                  fields["total"]?.checks.contains(where: { $0.name == "totals" && $0.passed }) == true {
            // The amount due read apart is the total that net and tax add up to (nothing paid before): as sure as that total.
            fields["amount_due"]?.apply(CheckResult(name: "amount_due", passed: true, reason: "the amount due is the total, which net and tax add up to"), boost: 0.75)
        }
        if let items = fields["line_items"]?.value.arrayValue, !items.isEmpty, let n = fields["net_total"]?.value.numberValue {
            let amounts = items.compactMap { $0["amount"]?.numberValue }.map(Amounts.decimal)
            if amounts.count == items.count {
                var check = CrossChecks.lineItems(amounts: amounts, net: Amounts.decimal(n))
                // A net in parts (the items' and the shipping's, TotalsSolver's "net lines, one per part"): the items add up to
                // their own part.
                if !check.passed, let net = fields["net_total"], net.text.contains(" + "),
                   net.text.components(separatedBy: " + ").contains(where: { part in
                       Amounts.parse(part, decimalSeparator: conventions.decimalSeparator).map { abs(Amounts.double($0) - Amounts.double(amounts.reduce(0, +))) < 0.011 } ?? false
                   }) {
                    check = CheckResult(name: "line_items", passed: true, reason: "the \(amounts.count) line items add up to the items' part of the net (\(net.text))")
                }
                // Allowances and charges on the whole document between the items' subtotal and the net ("Zwischensumme",
                // "abzgl. 5 % Rabatt", "Frais de port", "Nettobetrag"): the items add up to the subtotal, and it to the net.
                if !check.passed, let net = fields["net_total"], let reason = Self.subtotalReconciles(items: Amounts.double(amounts.reduce(0, +)), net: n,
                                                                                                   netWords: net.words, text: text, conventions: conventions) {
                    check = CheckResult(name: "line_items", passed: true, reason: reason)
                }
                // Rows that sum rows beside them (a bundle over its parts, a group's subtotal under its rows, nested): the
                // parts add up to the net.
                // (Only rows read from the layout are mended or dropped: an e-invoice's XML lines and a vendor template's are
                // what their source says.)
                let read = fields["line_items"].map { !$0.strategy.hasPrefix("einvoice") && !$0.strategy.hasPrefix("template") } ?? false
                let leaves = LayoutExtractor.leafRows(amounts.map(Amounts.double))
                if !check.passed, read, leaves.count < items.count,
                   abs(leaves.map { Amounts.double(amounts[$0]) }.reduce(0, +) - n) < 0.011 {
                    fields["line_items"]?.value = .array(leaves.map { items[$0] })
                    check = CheckResult(name: "line_items", passed: true, reason: "the \(leaves.count) line items add up to the net total, without "
                                        + "the \(items.count - leaves.count) rows that sum the rows beside them (a bundle's or a group's)")
                }
                // A credit note that prints its lines negative ("-120,00") while its totals are read as EN 16931 has them,
                // positive: the lines are the same amounts, and are given positive like the totals.
                let sum = amounts.reduce(0, +)
                if !check.passed, read, n > 0, amounts.allSatisfy({ $0 <= 0 }), abs(Amounts.double(sum) + n) < 0.011 {
                    fields["line_items"]?.value = .array(items.map(Self.positive))
                    check = CheckResult(name: "line_items", passed: true,
                                        reason: "the \(amounts.count) line items, printed negative as a credit note's, add up to the net total")
                }
                // A shop's lines at gross prices ("Preis brutto", "Summe brutto"), with the tax worked out under them per
                // rate: the items add up to the total, not the net.
                if !check.passed, let t = fields["total"]?.value.numberValue, t != n,
                   abs(Amounts.double(sum) - t) <= 0.011 * Double(max(1, amounts.count)) {
                    check = CheckResult(name: "line_items", passed: true, reason: "the \(amounts.count) line items add up to the total (gross prices)")
                }
                // Rows that do not add up and whose own arithmetic does not hold either (quantity × price is not the amount
                // on most of them, or no row prints both) were not read as the table prints them: OCR lost a decimal
                // comma, or a heading in several lines put the columns elsewhere. No line items rather than wrong ones; a
                // table whose rows hold and whose sum does not is the document's to explain, and goes to a person.
                if !check.passed && read && !Self.rowsHold(items) { fields["line_items"] = nil } else { fields["line_items"]?.apply(check, boost: 0.5) }
            }
        }
        // The total is usually the largest amount printed; when it is, and the currency is printed beside it, both are surer.
        if let t = fields["total"], let tv = t.value.numberValue, !t.strategy.hasPrefix("einvoice") {
            let amounts = text.lines.flatMap { Amounts.find(in: $0.text, decimalSeparator: conventions.decimalSeparator).map { Amounts.double($0.value) } }
            if let largest = amounts.max(), abs(largest - tv) < 0.005 {
                fields["total"]?.apply(CheckResult(name: "largest_amount", passed: true, reason: "the total is the largest amount on the document"), boost: 0.5)
            }
            // Read by OCR: the same amount on another line is a second reading of its digits (a receipt's
            // "TOTAL 33.90" and "ROUNDED 33.90", "Total" and "Amount due"); a misread digit would have to be misread twice.
            if t.words.contains(where: { $0.confidence != nil }) {
                let own = Set(t.words)
                let elsewhere = text.lines.filter { l in !l.words.contains(where: own.contains) }
                    .contains { l in Amounts.find(in: l.text, decimalSeparator: conventions.decimalSeparator).contains { abs(Amounts.double($0.value) - tv) < 0.005 } }
                if elsewhere { fields["total"]?.checks.append(CheckResult(name: "printed_twice", passed: true, reason: "the total is printed on another line too")) }
            }
            if let c = fields["currency"], let code = c.value.stringValue, let line = text.lines.first(where: { l in t.words.contains { l.words.contains($0) } }),
               Currencies.detect(in: line.text, country: conventions.country)?.code == code {
                fields["currency"]?.apply(CheckResult(name: "currency", passed: true, reason: "\(code) is printed beside the total"), boost: 0.6)
            }
            if fields["net_total"] == nil, let items = fields["line_items"]?.value.arrayValue, !items.isEmpty {
                let sum = items.compactMap { $0["amount"]?.numberValue }.reduce(0, +)
                if abs(sum - tv) < 0.011 { fields["total"]?.apply(CheckResult(name: "line_items", passed: true, reason: "the line items add up to the total"), boost: 0.5) }
            }
        }
        // Dates.
        let issueName = schema.field("issue_date") != nil ? "issue_date" : "date"
        Self.orderDatesByTerms(&fields, issueName: issueName, text: text)
        let issue = fields[issueName]?.value.stringValue.flatMap(CalendarDate.init(iso:))
        let due = fields["due_date"]?.value.stringValue.flatMap(CalendarDate.init(iso:))
        for check in CrossChecks.dates(issue: issue, due: due, today: today) {
            let target = check.name == "due_date" ? "due_date" : issueName
            fields[target]?.apply(check, boost: 0.5)
        }
        // Currency agrees with the amounts' symbols where both are known; an identifier with no digit is unusual.
        if let n = fields["invoice_number"], let s = n.value.stringValue, !s.contains(where: \.isNumber) {
            fields["invoice_number"]?.apply(CheckResult(name: "invoice_number", passed: false, reason: "'\(s)' has no digits; invoice numbers almost always do"))
        }
    }
}

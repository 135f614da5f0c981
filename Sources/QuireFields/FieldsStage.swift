public import Foundation
import Logging
public import QuireCore
import Synchronization

extension FieldSchema {
    /// The document type from its words where no classifier said it: credit-note words, receipt
    /// words (without an invoice number label), else invoice.
    public static func guess(text: DocumentText) -> String {
        // A credit note says so in its title ("savoir" and "Gutschrift erfolgt auf Ihr Konto" in a sentence do not).
        if DocumentTitle.creditNote(inLines: text.lines.lazy.map(\.text)) != nil { return "credit_note" }
        let head = text.lines.prefix(40).map { $0.text.lowercased() }.joined(separator: "\n")
        let receipt = ["receipt", "quittung", "reçu", "kassenbon", "kassabon", "ricevuta", "recibo", "ticket de caisse", "kassenzettel"]
        // (A professional's fee note is an invoice: "Note d'honoraires", "Privatliquidation".)
        let invoiceWords = ["invoice", "rechnung", "facture", "factuur", "factura", "fattura", "honoraires", "privatliquidation"]
        // A receipt word as a word of its own: "Provision reçue le …" on a lawyer's fee note is no receipt.
        let words = Set(head.split(whereSeparator: { !$0.isLetter }).map(String.init))
        let receiptWord = receipt.contains { w in w.contains(" ") ? head.contains(w) : words.contains(w) }
        if receiptWord, !invoiceWords.contains(where: head.contains) { return "receipt" }
        return "invoice"
    }
}

/// `fields`: extracts the document's fields (e-invoice XML, vendor templates, layout rules),
/// checks them, scores them, and decides with the pipeline's policies whether the item can be
/// approved automatically or needs review. The same invoice seen twice (vendor, number and
/// total) is a business error `duplicate_invoice` that names the first item.
public struct FieldsKind: StageKind {
    /// Template folders used when a stage does not name its own.
    public var templateDirectories: [String]
    /// Relative template paths in settings are resolved against this folder (the appliance's home).
    public var baseDirectory: String

    /// The ranker the stage reads with (nil: the one built into quire).
    public var rankers: (any FieldRankerSource)?
    /// The known vendors (nil: none, as for `quire inspect` without a home).
    public var vendors: (any VendorDirectorySource)?

    public init(templateDirectories: [String] = [], baseDirectory: String = FileManager.default.currentDirectoryPath, rankers: (any FieldRankerSource)? = nil,
                vendors: (any VendorDirectorySource)? = nil) {
        self.templateDirectories = templateDirectories
        self.baseDirectory = baseDirectory
        self.rankers = rankers
        self.vendors = vendors
    }

    public var name: String { "fields" }
    public var summary: String { "invoice, credit note and receipt fields with confidence: e-invoice XML, templates, layout rules, validators" }
    public var settingsHelp: [String: String] {
        ["schema": "invoice, credit_note, receipt or auto (default auto: the classifier's label, else the document's words)",
         "templates": "folders of invoice2data-format templates (default: the appliance's templates folder); false for none",
         "text": "id of the pdf.text stage (default text)",
         "ocr": "id of the ocr.page stage (default ocr)",
         "classify": "id of the classify stage to read (default: the latest classify stage before this one)",
         "fields": "extra fields: a list of {name, type, labels, pattern, required}",
         "required": "the fields that must be found (default: the schema's)",
         "duplicates": "refuse the same vendor + invoice number + total twice (default true)",
         "currency": "the ISO 4217 code of a document that prints no currency (e.g. MYR for a receipts inbox in Malaysia; default none: such a document goes to review)"]
    }

    public func validate(settings: JSONValue) -> [StageSettingsProblem] {
        var problems = unknownKeys(in: settings)
        if let s = settings["schema"], !(s.stringValue.map { $0 == "auto" || FieldSchema.names.contains($0) } ?? false) {
            problems.append(StageSettingsProblem(path: ["schema"], message: "must be one of auto, \(FieldSchema.names.joined(separator: ", "))"))
        }
        if let t = settings["templates"], t != .bool(false), t.stringValue == nil, !(t.arrayValue?.allSatisfy { $0.stringValue != nil } ?? false) {
            problems.append(StageSettingsProblem(path: ["templates"], message: "must be a folder, a list of folders, or false"))
        }
        for key in ["text", "ocr", "classify"] where settings[key] != nil && settings[key]?.stringValue == nil {
            problems.append(StageSettingsProblem(path: [key], message: "must be a stage id"))
        }
        if let c = settings["currency"], !(c.stringValue.map { Currencies.codes.contains($0) } ?? false) {
            problems.append(StageSettingsProblem(path: ["currency"], message: "must be an ISO 4217 code in capitals that Quire knows, e.g. EUR, USD, GBP, MYR"))
        }
        if let d = settings["duplicates"], d.boolValue == nil { problems.append(StageSettingsProblem(path: ["duplicates"], message: "must be true or false")) }
        if let r = settings["required"], !(r.arrayValue?.allSatisfy { $0.stringValue != nil } ?? false) {
            problems.append(StageSettingsProblem(path: ["required"], message: "must be a list of field names"))
        }
        if let f = settings["fields"] {
            guard let list = f.arrayValue else {
                return problems + [StageSettingsProblem(path: ["fields"], message: "must be a list, e.g. [{name: cost_center, type: identifier, labels: [cost center, kostenstelle]}]")]
            }
            for (i, x) in list.enumerated() {
                guard let name = x["name"]?.stringValue, name.range(of: "^[a-z][a-z0-9_]*$", options: .regularExpression) != nil else {
                    problems.append(StageSettingsProblem(path: ["fields", String(i)], message: "each field needs a 'name' in lower case (letters, digits, _)"))
                    continue
                }
                if let t = x["type"]?.stringValue, FieldType(rawValue: t) == nil || t == "lines" {
                    problems.append(StageSettingsProblem(path: ["fields", String(i), "type"], message: "type must be one of text, identifier, date, amount, currency, iban, bic, vat_id, percent"))
                }
                if x["labels"] == nil && x["pattern"] == nil {
                    problems.append(StageSettingsProblem(path: ["fields", String(i)], message: "field '\(name)' needs 'labels' (words printed before the value) or a 'pattern' (a regex)"))
                }
                if let p = x["pattern"]?.stringValue, (try? NSRegularExpression(pattern: TemplatePattern.icu(p))) == nil {
                    problems.append(StageSettingsProblem(path: ["fields", String(i), "pattern"], message: "the regex does not compile"))
                }
            }
        }
        return problems
    }

    public func makeStage(settings: JSONValue) throws -> any Stage {
        var dirs = templateDirectories
        if let t = settings["templates"] {
            if t == .bool(false) { dirs = [] } else {
                dirs = (t.arrayValue ?? [t]).compactMap(\.stringValue).map { $0.hasPrefix("/") ? $0 : baseDirectory + "/" + $0 }
            }
        }
        let extra = (settings["fields"]?.arrayValue ?? []).compactMap { x -> FieldDefinition? in
            guard let name = x["name"]?.stringValue else { return nil }
            let labels = (x["labels"]?.arrayValue ?? []).compactMap(\.stringValue).map { $0.lowercased() }
            return FieldDefinition(name: name, type: FieldType(rawValue: x["type"]?.stringValue ?? "text") ?? .text, required: x["required"]?.boolValue ?? false,
                                   labels: labels, pattern: x["pattern"]?.stringValue)
        }
        return FieldsStage(schema: settings["schema"]?.stringValue ?? "auto", templates: TemplateSet.load(directories: dirs),
                           textStage: settings["text"]?.stringValue ?? "text", ocrStage: settings["ocr"]?.stringValue ?? "ocr",
                           classifyStage: settings["classify"]?.stringValue, extra: extra,
                           required: settings["required"]?.arrayValue?.compactMap(\.stringValue), duplicates: settings["duplicates"]?.boolValue ?? true,
                           rankers: rankers, vendors: vendors,
                           defaultCurrency: settings["currency"]?.stringValue.flatMap { Currencies.codes.contains($0) ? $0 : nil })
    }
}

struct FieldsStage: Stage {
    let schema: String
    let templates: TemplateSet
    let textStage: String, ocrStage: String
    /// nil: the pipeline's stage of kind `classify`.
    let classifyStage: String?
    let extra: [FieldDefinition]
    let required: [String]?
    let duplicates: Bool
    let rankers: (any FieldRankerSource)?
    let vendors: (any VendorDirectorySource)?
    let defaultCurrency: String?
    let warnOnce = Once()

    func run(_ context: StageContext) async throws -> Outcome {
        if warnOnce.first() { for e in templates.errors { context.logger.warning("template not loaded", metadata: ["error": "\(e)"]) } }
        let text = DocumentText(textOutput: context.outputs[textStage], ocrOutput: context.outputs[ocrStage])
        let attachments = EInvoiceBytes.candidates(textOutput: context.outputs[textStage], readBlob: { try context.services.readBlob(hash: $0) })
            .map { FieldExtractor.Attachment(name: $0.name, bytes: $0.bytes) }
        let choice = try await rankers?.rankers(item: context.item.id) ?? .builtIn
        let classified = try context.output(Classification.self, stage: classifyStage)?.label
        let known = try await vendors?.directory() ?? .empty
        var result = Self.extract(text: text, attachments: attachments, schema: schema, classified: classified,
                                  templates: templates, extra: extra, required: required, ranker: choice.active, vendors: known,
                                  defaultCurrency: defaultCurrency)
        // A version in shadow reads the same document and decides nothing; where it would have chosen otherwise is recorded.
        var use = ExtractedFields.RankerUse(version: choice.activeVersion)
        if let shadow = choice.shadow {
            let other = Self.extract(text: text, attachments: attachments, schema: schema, classified: classified,
                                     templates: templates, extra: extra, required: required, ranker: shadow.ranker, vendors: known,
                                     defaultCurrency: defaultCurrency)
            use.shadowVersion = shadow.version
            use.shadowDiffers = Set(result.fields.keys).union(other.fields.keys).filter { result.value($0) != other.value($0) }.sorted()
        }
        // What an RPA bot read on the screen it captured (quire submit --json) cross-checks the OCR.
        if let captured = context.item.metadata["capture"]?["fields"]?.objectValue { result.crossCheck(captured: captured) }
        let decision = Self.decide(result, policies: context.pipeline.policies)
        var output = result.output(reviewReasons: decision.reasons)
        if choice.activeVersion != nil || choice.shadow != nil { output.ranker = use }
        if let key = output.businessKey {
            if duplicates, let first = try await context.services.claimBusinessKey(key, item: context.item) {
                let number = result.value("invoice_number")?.stringValue ?? "?"
                return .businessError(code: "duplicate_invoice",
                                      message: "invoice \(number) from \(result.value("vendor_name")?.stringValue ?? "this vendor") with the same total was already received as item \(first.rawValue); if it really is a second invoice, retry this item after cancelling the first, else cancel this one")
            }
        }
        return .done(output.json)
    }

    /// The schema, then extraction. Shared by the stage, `quire inspect` and the benchmark.
    static func extract(text: DocumentText, attachments: [FieldExtractor.Attachment], schema: String, classified: String?,
                        templates: TemplateSet, extra: [FieldDefinition], required: [String]?, ranker: FieldRanker? = FieldRanker.builtIn,
                        vendors: VendorDirectory = .empty, defaultCurrency: String? = nil) -> FieldExtractor.Result {
        var name = schema
        if name == "auto" {
            if let c = classified, FieldSchema.names.contains(c) { name = c } else {
                name = FieldSchema.guess(text: text)
                // An e-invoice says what it is.
                if let a = attachments.first(where: { EInvoice.isCandidate(name: $0.name) }), let doc = try? EInvoice.parse(a.bytes) { name = doc.documentType }
            }
        }
        var s = FieldSchema.named(name) ?? .invoice
        s.fields += extra.filter { e in !s.fields.contains { $0.name == e.name } }
        if let r = required { s.fields = s.fields.map { var f = $0; f.required = r.contains(f.name); return f } }
        var extractor = FieldExtractor(schema: s, templates: templates, ranker: ranker)
        extractor.vendors = vendors
        extractor.defaultCurrency = defaultCurrency
        return extractor.extract(text: text, attachments: attachments)
    }

    /// Review or approve: a missing required field, a failed check, low confidence, a large amount.
    static func decide(_ r: FieldExtractor.Result, policies: [String: JSONValue]) -> (reasons: [String], threshold: Double) {
        let threshold = policies["confidence_threshold"]?.numberValue ?? 0.85
        var reasons: [String] = []
        if !r.missing.isEmpty { reasons.append("missing: \(r.missing.joined(separator: ", "))") }
        if !r.unread.isEmpty { reasons.append("printed but not read: \(r.unread.joined(separator: ", "))") }
        for name in r.order {
            guard let f = r.fields[name] else { continue }
            for c in f.checks where !c.passed { reasons.append("\(name): \(c.reason)") }
        }
        // An optional field that was read but is unsure goes to a person too: a wrong VAT id in the ERP is as wrong as a wrong total.
        let unsureOptional = r.order.compactMap { r.fields[$0] }.filter { f in
            !(FieldSchema.named(r.schema)?.field(f.name)?.required ?? true) && f.value != .null && f.confidence < threshold
                && ["vendor_vat_id", "vendor_iban", "due_date", "net_total", "tax_total", "amount_due", "buyer_vat_id"].contains(f.name)
        }
        if !unsureOptional.isEmpty {
            reasons.append("unsure: \(unsureOptional.map { "\($0.name) \(String(format: "%.2f", $0.confidence))" }.joined(separator: ", "))")
        }
        if r.missing.isEmpty, r.confidence < threshold {
            let low = r.order.compactMap { r.fields[$0] }.filter { $0.confidence < threshold && FieldSchema.named(r.schema)?.field($0.name)?.required ?? true }
            reasons.append("confidence \(String(format: "%.2f", r.confidence)) is below \(threshold)" + (low.isEmpty ? "" : " (\(low.map(\.name).joined(separator: ", ")))"))
        }
        if let limit = policies["review_above_amount"]?.numberValue, let total = r.value("total")?.numberValue, total > limit {
            reasons.append("total \(total) is above the review limit \(limit)")
        }
        return (reasons, threshold)
    }
}

/// True the first time only: template errors are logged once per loaded pipeline, not per item.
final class Once: Sendable {
    private let done = Mutex(false)
    func first() -> Bool {
        done.withLock { done in
            defer { done = true }
            return !done
        }
    }
}

/// Entry points for `quire inspect`, `quire templates test` and benchmarks.
public enum Fields {
    public static func extract(text: DocumentText, attachments: [FieldExtractor.Attachment] = [], schema: String = "auto", classified: String? = nil,
                               templates: TemplateSet = TemplateSet(templates: []), ranker: FieldRanker? = FieldRanker.builtIn,
                               vendors: VendorDirectory = .empty, defaultCurrency: String? = nil) -> FieldExtractor.Result {
        FieldsStage.extract(text: text, attachments: attachments, schema: schema, classified: classified, templates: templates, extra: [], required: nil,
                            ranker: ranker, vendors: vendors, defaultCurrency: defaultCurrency)
    }

    /// The reasons an item would go to review under these policies (empty: approved).
    public static func reviewReasons(_ r: FieldExtractor.Result, policies: [String: JSONValue]) -> [String] {
        FieldsStage.decide(r, policies: policies).reasons
    }
}

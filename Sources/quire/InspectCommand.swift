import ArgumentParser
import Foundation
import Logging
import QuireAppliance
import QuireCore
import QuireEngine
import QuireFields
import QuireModels
import QuireObservability

struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Read documents directly, without the queue, through the same isolated workers, and show what they hold.",
        discussion: """
            Per page: the text, whether it came from the PDF text layer or from OCR (with the mean confidence),
            and how long it took. Then the fields: value, confidence, strategy (e-invoice, template or layout),
            page and source words, the checks (IBAN, VAT id, sums, dates) and the alternatives considered, and
            whether the item would be approved or reviewed. --json adds every word with its box (PDF points
            from the top-left corner).

            Examples:
              quire inspect invoice.pdf
              quire inspect scan.png --languages deu
              quire inspect scans/*.pdf --json > pages.json
              quire inspect invoice.pdf --templates ./templates --schema invoice
            """)

    @Argument(help: ArgumentHelp("Files to read.", valueName: "FILE")) var files: [String]
    @Flag(help: "Print JSON, with words and boxes.") var json = false
    @Option(help: "Seconds one file (or one OCR page) may take.") var timeout = 120.0
    @Option(help: "OCR languages, joined by '+'.") var languages = "eng+deu+fra"
    @Option(help: "Pages with fewer characters in their text layer are OCRed.") var minTextChars = 20
    @Option(help: "Field schema: auto, invoice, credit_note or receipt.") var schema = "auto"
    @Option(help: ArgumentHelp("Vendor templates folder (invoice2data format); repeatable. Default: ./templates when it exists.", valueName: "DIR"))
    var templates: [String] = []
    @Flag(help: "Text only, no fields.") var noFields = false
    @Option(help: ArgumentHelp("Classify with this model file (default: the home's active doctype model, else the one built into quire).", valueName: "FILE"))
    var model: String?
    @OptionGroup var homeOptions: HomeOptions

    func run() async throws {
        LoggingSetup.bootstrap(format: .text, level: .error)
        let pool = localWorkers(1, label: "quire.inspect")
        defer { pool.close() }
        var dirs = templates
        if dirs.isEmpty, FileManager.default.fileExists(atPath: "templates") { dirs = ["templates"] }
        let templateSet = TemplateSet.load(directories: dirs)
        // The home, where there is one: its active classifier and its known vendors (opened once).
        let appliance = try? await homeOptions.open()
        let loaded: (Classifier, String)?
        do { loaded = try await loadClassifier(appliance) } catch let e as QuireError {
            print(e.message)
            throw ExitCode(66)
        }
        let classifier = loaded?.0
        if loaded == nil, schema == "auto" {
            print("no usable classifier model (none active in the home, and the one built into quire does not load): fields are read with the invoice schema; pass --schema receipt or --model FILE")
        }
        for e in templateSet.errors { print("template not loaded: \(e)") }
        // The home's known vendors, as the fields stage reads them (none without a home).
        var known = VendorDirectory.empty
        if let appliance, let d = try? await StoredVendors(store: appliance.store).directory() { known = d }
        var failures = 0
        for file in files {
            let path = file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
            let start = Date()
            do {
                let doc = try await DocumentInspection.read(path: path, pool: pool, languages: languages.split(separator: "+").map(String.init),
                                                            minTextChars: minTextChars, timeout: timeout)
                let plain = doc.pages.compactMap { $0["text"]?.stringValue }.joined(separator: "\n\u{0C}\n")
                let modelPrediction = classifier?.predict(text: plain, pageCount: max(1, doc.pages.count), threshold: 0.5)
                // An attached e-invoice says what it is, as in the classify stage; the model's answer is shown beside it.
                let declared = EInvoiceType.declared(in: doc.attachments.map { ($0.name, $0.bytes) })
                let prediction = declared.map(EInvoiceType.prediction) ?? modelPrediction
                let classified = prediction.flatMap { FieldSchema.names.contains($0.label) ? $0.label : nil }
                let fields = noFields ? nil : Fields.extract(text: doc.text, attachments: doc.attachments, schema: schema, classified: classified, templates: templateSet,
                                                                       vendors: known)
                let reasons = fields.map { Fields.reviewReasons($0, policies: ["confidence_threshold": 0.85]) } ?? []
                let ms = Int(Date().timeIntervalSince(start) * 1000)
                if json {
                    var o: [String: JSONValue] = ["file": .string(file), "ms": .number(Double(ms)), "pages": .array(doc.pages), "attachments": .array(doc.attachmentNames)]
                    if let p = prediction {
                        let c = declared.map { EInvoiceType.classification($0, model: modelPrediction) } ?? p.classification
                        var object = c.json.objectValue ?? [:]
                        object["model_origin"] = .string(loaded?.1 ?? "")
                        o["classification"] = .object(object)
                    }
                    if let f = fields {
                        o["fields"] = f.output(reviewReasons: reasons).json
                    }
                    printJSON(.object(o))
                    continue
                }
                let pages = doc.pages
                print("\(file): \(pages.count) page\(pages.count == 1 ? "" : "s"), read in \(ms) ms (worker start included)")
                for p in pages {
                    let n = p["page"]?.intValue ?? 0
                    if p["source"] == "ocr" {
                        let conf = Int(((p["mean_confidence"]?.numberValue ?? 0) * 100).rounded())
                        print("--- page \(n): OCR at \(p["dpi"]?.intValue ?? 0) dpi, mean confidence \(conf) %, \(p["ms"]?.intValue ?? 0) ms")
                    } else if p["source"] == "text" {
                        print("--- page \(n): plain text")
                    } else {
                        let turned = p["rotation"]?.intValue ?? 0
                        print("--- page \(n): \(p["chars"]?.intValue ?? 0) characters from the PDF text layer\(turned == 0 ? "" : ", the page turned \(turned)° (read upright)")")
                    }
                    print(p["text"]?.stringValue ?? "")
                }
                for a in doc.attachmentNames { print("--- embedded file: \(a["name"]?.stringValue ?? "?")") }
                if let declared, let p = prediction {
                    let model = modelPrediction.map { String(format: "; model %@ version %d says %@ %.3f", $0.model, $0.version, $0.label, $0.probability) } ?? ""
                    print("--- classification: \(p.label), as the attached e-invoice (\(declared.attachment)) declares: type code \(declared.code.isEmpty ? "none, a UBL CreditNote" : declared.code)\(model)")
                } else if let p = prediction {
                    let others = p.ranked.dropFirst().prefix(2).map { String(format: "%@ %.3f", $0.label, $0.probability) }.joined(separator: ", ")
                    print(String(format: "--- classification: %@ %.3f%@ (then %@; model %@ version %d, %@)", p.label, p.probability, p.abstained ? ", abstained: below 0.5" : "", others, p.model, p.version, loaded?.1 ?? ""))
                    if let title = p.title { print("    (the model said invoice; the printed title '\(title)' makes it a credit note)") }
                }
                if let f = fields { for line in DocumentInspection.describe(f, reviewReasons: reasons) { print(line) } }
            } catch let e as QuireError {
                print("\(file): \(e.message)")
                failures += 1
            }
        }
        if failures > 0 { throw ExitCode(65) }
    }

    /// --model, else the home's active doctype model, else the model built into quire; with where it came from.
    /// A --model that cannot be read is an error: the run stops instead of classifying with something else.
    func loadClassifier(_ appliance: Appliance?) async throws -> (Classifier, String)? {
        if let model {
            guard let bytes = FileManager.default.contents(atPath: model) else { throw QuireError(.notFound, "cannot read the model file \(model)") }
            do { return (try Classifier(file: [UInt8](bytes)), model) } catch {
                throw QuireError(.invalidArgument, "\(model): \(error); pass a file written by 'quire model train --out', or leave out --model to use the built-in one")
            }
        }
        if let appliance, let d = try? await appliance.models.deployment("doctype") {
            return (d.active, BuiltInModels.isBuiltIn(d.active) ? "built into quire" : "the home's active version")
        }
        return BuiltInModels.doctype.map { ($0, "built into quire") }
    }
}

import ArgumentParser
import Foundation
import QuireAppliance
import QuireBenchmarks
import QuireCore
import QuireFields
import Logging
import QuireEngine
import QuireModels
import QuireObservability

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks (results belong in docs/benchmarks.md with the command that made them).",
        subcommands: [Scheduler.self, PDF.self, OCR.self, CER.self, FieldsBench.self, ModelBench.self])

    struct CER: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cer",
            abstract: "OCR quality: character error rate of every scan in fixtures/ against its expected text.",
            discussion: """
                Example:
                  .build/release/quire bench cer fixtures
                """)
        @Argument(help: ArgumentHelp("The fixtures folder.", valueName: "DIR")) var fixtures = "fixtures"
        @Flag(help: "Print every scan, not only the summary per format.") var all = false

        func run() async throws {
            LoggingSetup.bootstrap(format: .text, level: .error)
            let dir = fixtures.hasPrefix("/") ? fixtures : FileManager.default.currentDirectoryPath + "/" + fixtures
            let rows = try await OCRQualityBenchmark(fixtures: dir).run(logger: Logger(label: "quire.bench"))
            if all {
                print("| scan | language | characters | errors | CER | confidence |")
                print("|---|---|---:|---:|---:|---:|")
                for r in rows {
                    print(String(format: "| %@ | %@ | %d | %d | %.2f %% | %.0f %% |", r.file, r.language, r.characters, r.errors, r.cer * 100, r.confidence * 100))
                }
                print("")
            }
            print("| format | scans | characters | errors | CER |")
            print("|---|---:|---:|---:|---:|")
            for format in ["png", "jpeg", "tiff", "pdf"] {
                let rs = rows.filter { $0.format == format }
                let c = rs.reduce(0) { $0 + $1.characters }, e = rs.reduce(0) { $0 + $1.errors }
                print(String(format: "| %@ | %d | %d | %d | %.2f %% |", format, rs.count, c, e, c == 0 ? 0 : Double(e) / Double(c) * 100))
            }
            let c = rows.reduce(0) { $0 + $1.characters }, e = rows.reduce(0) { $0 + $1.errors }
            print(String(format: "| all | %d | %d | %d | %.2f %% |", rows.count, c, e, c == 0 ? 0 : Double(e) / Double(c) * 100))
        }
    }

    struct FieldsBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fields",
            abstract: "Field accuracy on fixtures/ (born-digital and scanned apart) and on a folder of invoices with golden JSON.",
            discussion: """
                Examples:
                  .build/release/quire bench fields fixtures
                  .build/release/quire bench fields --corpus ../shared/corpora/invoice2data
                  .build/release/quire bench fields --corpus ../shared/corpora/einvoices_dev --misses
                  .build/release/quire bench fields --corpus ../shared/corpora/sroie_dev --limit 60
                  .build/release/quire bench fields --corpus ../shared/corpora/invoice2data --templates Benchmarks/templates
                """)
        @Argument(help: ArgumentHelp("The fixtures folder.", valueName: "DIR")) var fixtures = "fixtures"
        @Option(help: ArgumentHelp("Score a real corpus instead: einvoices_dev (manifest.csv; born-digital with the XML hidden, and OCRed at 200 dpi; line items are compared with the lines of gt/NAME.xml), sroie_dev (receipts, key/*.json) or invoice2data (X.pdf + X.json). Repeatable: several real corpora are scored, cross-validated or trained on together.", valueName: "DIR")) var corpus: [String] = []
        @Option(help: ArgumentHelp("Keep what the PDF and OCR workers return for real corpora in DIR and read it back next time.", valueName: "DIR")) var cache: String?
        @Option(help: ArgumentHelp("Leave-vendor-out cross-validation of the field ranker with K folds (a vendor's or source's documents are never in both the training and the test fold); the rules alone are scored beside it.", valueName: "K")) var cv: Int?
        @Option(help: ArgumentHelp("Train the field ranker on every document of the real corpora and write it to FILE: JSON for --ranker, or Swift source when FILE ends in .swift (Sources/QuireFields/FieldRankerDefault.swift is the one built in).", valueName: "FILE")) var trainRanker: String?
        @Option(help: ArgumentHelp("Score with this ranker (a file from --train-ranker) instead of the built-in one.", valueName: "FILE")) var ranker: String?
        @Flag(help: "Score the layout rules alone, without the ranker.") var noRanker = false
        @Option(help: ArgumentHelp("Vendor templates folder (invoice2data format); repeatable.", valueName: "DIR")) var templates: [String] = []
        @Flag(help: "Born-digital PDFs only (no OCR).") var noScans = false
        @Option(help: ArgumentHelp("Render the e-invoices' scans at this resolution.", valueName: "DPI")) var scanDpi = 200
        @Flag(help: "Scans without the simulated skew and noise (to see what they cost).") var cleanScans = false
        @Option(help: ArgumentHelp("Draw the scans' skew and noise again from this seed (0, the default, is the draw the published numbers use): the same documents scanned once more, to see how much a score owes to one scan.", valueName: "N")) var scanSeed = 0
        @Flag(help: "List every wrong value, every approved document with a wrong field, and every document sent to review with its reasons.") var misses = false
        @Option(help: ArgumentHelp("Print every field with its alternatives for the real documents whose name contains TEXT.", valueName: "TEXT")) var explain: String?
        @Option(help: "Score only the first N documents of a real corpus (after --offset).") var limit: Int?
        @Option(help: "Skip the first N documents of a real corpus (e.g. to score those not looked at while developing).") var offset = 0
        @Option(help: ArgumentHelp("The currency of a receipt that prints none, as a receipts pipeline's 'currency' setting gives it.", valueName: "CODE")) var receiptCurrency: String?
        @Option(help: ArgumentHelp("OCR languages for the real corpora, joined by '+' (a pipeline's `languages`).", valueName: "LANGS")) var languages = "eng+deu+fra"
        @Flag(help: "Read each real corpus in order as an appliance whose reviewers confirmed every document before it: the vendors seen so far are known (docs/fields.md, \"Known vendors\").") var learnVendors = false

        func run() async throws {
            LoggingSetup.bootstrap(format: .text, level: .error)
            func abs(_ p: String) -> String { p.hasPrefix("/") ? p : FileManager.default.currentDirectoryPath + "/" + p }
            var bench = FieldEvaluation()
            bench.templates = templates.map(abs)
            bench.learnVendors = learnVendors
            bench.languages = try languages.split(separator: "+").map {
                guard $0.count <= 16, $0.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "_") }) else { throw ValidationError("--languages takes tesseract language names joined by '+', e.g. eng+deu") }
                return String($0)
            }
            if let c = receiptCurrency, !Currencies.codes.contains(c) { throw ValidationError("--receipt-currency must be an ISO 4217 code in capitals, e.g. MYR") }
            bench.receiptCurrency = receiptCurrency
            guard (50...600).contains(scanDpi) else { throw ValidationError("--scan-dpi must be between 50 and 600") }
            guard (0...1_000_000).contains(scanSeed) else { throw ValidationError("--scan-seed must be between 0 and 1000000") }
            bench.scanning = .init(dpi: scanDpi, maxSkewDegrees: cleanScans ? 0 : 1.5, noise: cleanScans ? 0 : 12, seed: UInt32(scanSeed))
            let logger = Logger(label: "quire.bench")
            var reads: [FieldEvaluation.RealRead] = []
            var other: [String] = []
            for dir in corpus {
                if let r = try await bench.realReads(abs(dir), scans: !noScans, offset: offset, limit: limit, cache: cache.map(abs), logger: logger) { reads += r } else { other.append(dir) }
            }
            if !reads.isEmpty {
                if let trainRanker {
                    let rows = bench.rankerRows(reads)
                    let names = corpus.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", ")
                    let model = FieldRanker.train(rows, version: ISO8601DateFormatter().string(from: Date()),
                                                  trainedOn: "\(Set(reads.map(\.id)).count) documents (\(reads.count) readings) of \(names)")
                    if trainRanker.hasSuffix(".swift") {
                        try Data(model.swiftSource().utf8).write(to: URL(fileURLWithPath: abs(trainRanker)))
                    } else {
                        try model.encoded().write(to: URL(fileURLWithPath: abs(trainRanker)))
                    }
                    print("trained on \(rows.count) candidates of \(reads.count) readings: \(model.models.keys.sorted().map { "\($0) (\(model.models[$0]!.examples))" }.joined(separator: ", "))")
                    print("wrote \(trainRanker)")
                    return
                }
                if let cv {
                    // How often the right value is among the candidates at all: what any ranking can reach.
                    let rows = bench.rankerRows(reads)
                    var lists: [String: (right: Int, all: Int)] = [:]
                    for (doc, group) in Dictionary(grouping: rows, by: { "\($0.key)|\($0.document)" }) {
                        let key = String(doc.split(separator: "|")[0])
                        lists[key, default: (0, 0)].all += 1
                        if group.contains(where: \.correct) { lists[key, default: (0, 0)].right += 1 }
                    }
                    print("## the right value among the candidates (documents with the field read at all)")
                    for (k, v) in lists.sorted(by: { $0.key < $1.key }) { print(String(format: "%@: %.1f %% (%d/%d)", k, Double(v.right) / Double(max(1, v.all)) * 100, v.right, v.all)) }
                    print("## the layout rules alone")
                    Self.report(bench.score(reads, ranker: nil), misses: false)
                    print("\n## the ranker, leave-vendor-out, \(cv) folds")
                    Self.report(bench.crossValidate(reads, rows: rows, folds: cv), misses: misses)
                    return
                }
                let chosen = try ranker.map { try FieldRanker.decode(Data(contentsOf: URL(fileURLWithPath: abs($0)))) } ?? (noRanker ? nil : FieldRanker.builtIn)
                if let explain {
                    for line in bench.explain(reads, matching: explain, ranker: chosen) { print(line) }
                    return
                }
                let r = bench.score(reads, ranker: chosen)
                Self.report(r, misses: misses)
                if r.extractionMedianMs > 0 {
                    print(String(format: "extraction of one born-digital document (once each): median %.2f ms, p95 %.2f ms", r.extractionMedianMs, r.extractionP95Ms))
                }
                if other.isEmpty { return }
            }
            if let corpus = other.first {
                let scores = try await bench.corpus(abs(corpus), logger: logger)
                print("| field | correct | of | accuracy |")
                print("|---|---:|---:|---:|")
                for s in scores { print(String(format: "| %@ | %d | %d | %.1f %% |", s.field, s.correct, s.total, s.accuracy * 100)) }
                let c = scores.reduce(0) { $0 + $1.correct }, t = scores.reduce(0) { $0 + $1.total }
                print(String(format: "| all | %d | %d | %.1f %% |", c, t, t == 0 ? 0 : Double(c) / Double(t) * 100))
                if misses { for s in scores { for m in s.misses { print("  \(s.field): \(m)") } } }
                return
            }
            let r = try await bench.fixtures(abs(fixtures), scans: !noScans, logger: logger)
            Self.report(r, misses: misses)
            print(String(format: "extraction of one born-digital invoice: median %.2f ms, p95 %.2f ms", r.extractionMedianMs, r.extractionP95Ms))
        }

        static func report(_ r: FieldEvaluation.Report, misses: Bool) {
            Swift.print("| field | born-digital | scanned | receipts |")
            print("|---|---:|---:|---:|")
            let fields = Array(Set(r.scores.map(\.field))).sorted()
            func cell(_ kind: String, _ field: String) -> String {
                guard let s = r.scores.first(where: { $0.kind == kind && $0.field == field }) else { return "–" }
                return String(format: "%.1f %% (%d/%d)", s.accuracy * 100, s.correct, s.total)
            }
            for f in fields { Swift.print("| \(f) | \(cell("born_digital", f)) | \(cell("scan", f)) | \(cell("receipt", f)) |") }
            for kind in ["born_digital", "scan", "receipt"] {
                let rs = r.scores.filter { $0.kind == kind }
                let c = rs.reduce(0) { $0 + $1.correct }, t = rs.reduce(0) { $0 + $1.total }
                if t > 0 {
                    Swift.print(String(format: "%@: %.1f %% of %d fields in %d documents; %d approved without review, %d of them with a wrong field",
                                       kind, Double(c) / Double(t) * 100, t, r.documents[kind] ?? 0, r.approved[kind] ?? 0, r.approvedWithError[kind] ?? 0))
                }
            }
            for kind in ["born_digital", "scan"] {
                if let l = r.lineItems[kind], l.documents > 0 {
                    Swift.print("\(kind) line items: \(l.documents) documents whose XML has lines; rows read on \(l.read), the XML's line amounts on \(l.asXML)")
                }
            }
            if !r.calibration.isEmpty {
                let rel = r.reliability
                Swift.print("confidence of the values read | values | right | mean confidence")
                for b in rel.buckets where b.count > 0 {
                    Swift.print(String(format: "  %.2f–%.2f | %d | %.1f %% | %.3f", b.range.lowerBound, b.range.upperBound, b.count, Double(b.correct) / Double(b.count) * 100, b.meanConfidence))
                }
                Swift.print(String(format: "expected calibration error: %.3f", rel.ece))
            }
            if misses {
                for s in r.scores { for m in s.misses { Swift.print("  \(s.kind) \(s.field): \(m)") } }
                for e in r.approvedErrors { Swift.print("  approved with a wrong field: \(e)") }
                for line in r.reviewed { Swift.print("  to review: \(line)") }
                for (reason, n) in r.reviewReasons.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) { Swift.print("  review: \(n) × \(reason)") }
            }
        }
    }

    struct ModelBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "model",
            abstract: "Classifier speed: training on N generated documents, and prediction per document (features included).",
            discussion: """
                Example:
                  .build/release/quire bench model --documents 10000
                """)
        @Option(help: "Generated documents to train on.") var documents = 10_000
        @Option(help: "Documents to time predictions on.") var predictions = 2_000

        func run() async throws {
            let examples = TrainingCorpus.generate(count: documents, seed: 7)
            let t0 = Date()
            let r = try Trainer.train(name: "bench", version: 1, examples: examples, created: "bench")
            let train = Date().timeIntervalSince(t0)
            let probe = TrainingCorpus.generate(count: predictions, seed: 8)
            var times: [Double] = []
            for e in probe {
                let s = DispatchTime.now().uptimeNanoseconds
                _ = r.classifier.predict(text: e.text, pageCount: e.pageCount, threshold: 0.5)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - s) / 1e6)
            }
            times.sort()
            print(String(format: "training on %d documents (features, %d epochs, calibration, holdout evaluation): %.2f s", documents, r.classifier.info.hyperparameters.epochs, train))
            print(String(format: "prediction per document, features included, one thread: median %.3f ms, p99 %.3f ms (%d documents)",
                         times[times.count / 2], times[times.count * 99 / 100], times.count))
            print(String(format: "holdout: accuracy %.2f %%, macro-F1 %.3f, ECE %.3f", r.evaluation.accuracy * 100, r.evaluation.macroF1, r.evaluation.ece))
            // The built-in model as a process meets it: base64 in the executable → bytes → checked and parsed.
            var loads: [Double] = []
            var size = 0
            for _ in 0..<5 {
                let s = DispatchTime.now().uptimeNanoseconds
                guard let c = BuiltInModels.decodeDoctype() else { throw QuireError(.internal, "the built-in model does not load") }
                loads.append(Double(DispatchTime.now().uptimeNanoseconds - s) / 1e6)
                size = c.fileBytes.count
            }
            loads.sort()
            print(String(format: "built-in model: %d bytes; decoded, checked and parsed in median %.1f ms (5 loads)", size, loads[2]))
        }
    }

    struct OCR: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "OCR: isolated worker vs the tesseract command, 1 vs 2 workers, and ocrmypdf, on one PDF's pages.",
            discussion: """
                Needs pdftoppm (poppler-utils) and tesseract (tesseract-ocr); ocrmypdf is used when installed.

                Example:
                  .build/release/quire bench ocr scan.pdf --languages eng
                """)
        @Argument(help: "A PDF (every page is OCRed, text layer or not).") var file: String
        @Option(help: "OCR languages joined by '+'.") var languages = "eng"

        func run() async throws {
            LoggingSetup.bootstrap(format: .text, level: .error)
            var b = OCRBenchmark(file: file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file)
            b.languages = languages
            let r = try await b.run(logger: Logger(label: "quire.bench")) { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
            let w = r.workerPerPage.reduce(0, +), c = r.tesseractPerPage.reduce(0, +)
            print("| measure | seconds | ratio |")
            print("|---|---:|---:|")
            print(String(format: "| OCR of %d page images, one warm worker (sum) | %.2f | %.2f × tesseract |", r.pages, w, w / c))
            print(String(format: "| tesseract command on the same images (sum) | %.2f | 1.00 |", c))
            print(String(format: "| all pages from the PDF (render + OCR), 1 worker | %.2f | |", r.oneWorker))
            print(String(format: "| all pages from the PDF (render + OCR), 2 workers | %.2f | %.2f × faster than 1 |", r.twoWorkers, r.oneWorker / r.twoWorkers))
            print(String(format: "| floor: 2 tesseract processes in parallel (300 dpi renderings) | %.2f | |", r.floorTwoProcesses))
            if let n = r.floorNativeImages { print(String(format: "| floor on the scan's own images (pdfimages) | %.2f | |", n)) }
            if let o = r.ocrmypdf {
                print(String(format: "| ocrmypdf -j 2 --force-ocr | %.2f | 2 workers = %.2f × ocrmypdf |", o, r.twoWorkers / o))
            }
            if let d = r.dropToDone {
                let vsOcrmypdf = r.ocrmypdf.map { String(format: ", %.2f × ocrmypdf", d / $0) } ?? ""
                let floor = r.floorNativeImages ?? r.floorTwoProcesses
                print(String(format: "| drop to done through a running appliance (2 workers; pages with a text layer are read, not OCRed) | %.2f | %.2f × the floor%@%@ |", d, d / floor,
                             r.floorNativeImages == nil ? "" : " on the scan's own images", vsOcrmypdf))
            }
        }
    }

    struct PDF: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "PDF text: poppler in process, through a warm isolated worker, and a pdftotext process, on the same files.",
            discussion: """
                Prints the median of --runs reads per file, in milliseconds.

                Example:
                  .build/release/quire bench pdf invoices/*.pdf --runs 20
                """)
        @Argument(help: "PDF files.") var files: [String]
        @Option(help: "Reads per file and way.") var runs = 20

        func run() async throws {
            LoggingSetup.bootstrap(format: .text, level: .error)
            var b = PDFBenchmark(files: files.map { $0.hasPrefix("/") ? $0 : FileManager.default.currentDirectoryPath + "/" + $0 })
            b.runs = runs
            let rows = try await b.run(logger: Logger(label: "quire.bench"))
            print("| file | pages | poppler in process | isolated worker | pdftotext process | worker / pdftotext |")
            print("|---|---:|---:|---:|---:|---:|")
            for r in rows {
                let ext = r.pdftotextMs.map { String(format: "%.1f ms", $0) } ?? "-"
                let ratio = r.pdftotextMs.map { String(format: "%.2f", r.workerMs / $0) } ?? "-"
                print(String(format: "| %@ | %d | %.1f ms | %.1f ms | %@ | %@ |", r.file, r.pages, r.inProcessMs, r.workerMs, ext, ratio))
            }
        }
    }

    struct Scheduler: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Scheduler on SQLite (and PostgreSQL): claim + complete per second, and enqueue → pickup latency p50/p99.",
            discussion: """
                Runs twice per store: empty, then with --finished finished jobs in the history table.
                With --postgres URL the same runs follow on that server, in a database the benchmark
                creates and drops, and PostgreSQL's plan for a claim is shown and checked (Limit →
                LockRows → Index Scan using jobs_claim). Benchmarks/postgres/run.sh starts a private
                server for it. Uses a temporary folder (or --dir); a release build gives the real numbers.

                Example:
                  swift build -c release && .build/release/quire bench scheduler --jobs 20000 --finished 1000000
                  .build/release/quire bench scheduler --postgres postgres://quire@127.0.0.1:5432/postgres
                """)
        @Option(help: ArgumentHelp("A PostgreSQL server to measure too (the user must be allowed to create databases).", valueName: "URL")) var postgres: String?
        @Option(help: "Jobs per throughput run.") var jobs = 20_000
        @Option(help: "Finished jobs to add before the second run (0: skip it).") var finished = 1_000_000
        @Option(help: "Jobs at once.") var workers = 32
        @Option(help: "Jobs in the latency run.") var samples = 2_000
        @Option(help: "Enqueue rate in the latency run, per second.") var rate = 500.0
        @Option(help: ArgumentHelp("Work folder (default: a temporary folder).", valueName: "DIR")) var dir: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            LoggingSetup.bootstrap(format: .text, level: .error)
            var b = SchedulerBenchmark()
            b.jobs = jobs
            b.finished = finished
            b.workers = workers
            b.latencySamples = samples
            b.latencyRate = rate
            b.directory = dir
            b.postgresURL = postgres
            try await reportingErrors {
                let result = try await b.run { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
                if json {
                    let enc = JSONEncoder()
                    enc.outputFormatting = [.prettyPrinted, .sortedKeys]
                    print(String(decoding: try enc.encode(result), as: UTF8.self))
                    return
                }
                print("| store | finished jobs in store | jobs | claim+complete/s | pickup p50 | pickup p99 | pickup max |")
                print("|---|---:|---:|---:|---:|---:|---:|")
                for p in result.phases {
                    print(String(format: "| %@ | %d | %d | %.0f | %.1f ms | %.1f ms | %.1f ms |", p.driver, p.finishedJobsInStore, p.jobs, p.perSecond, p.pickupP50ms, p.pickupP99ms, p.pickupMaxms))
                }
                if let plan = result.claimPlan {
                    print("\nPostgreSQL plan of a claim (\(result.claimPlanUsesIndex == true ? "uses jobs_claim under LockRows under Limit" : "DOES NOT use jobs_claim under LockRows under Limit")):\n")
                    print(plan.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
                    if result.claimPlanUsesIndex != true { throw ExitCode(1) }
                }
            }
        }
    }
}

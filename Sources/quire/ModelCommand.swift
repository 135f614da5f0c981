import ArgumentParser
import Foundation
import Synchronization
import Logging
import QuireAPI
import QuireAppliance
import QuireCore
import QuireEngine
import QuireFields
import QuireModels
import QuireObservability
import QuireStore

struct ModelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "The document classifier: train, evaluate, and move versions through candidate, shadow, canary, active and retired.",
        subcommands: [Train.self, Eval.self, List.self, Show.self, Promote.self, Rollback.self, Shadow.self, Canary.self, Retire.self, Drift.self, Endpoint.self, Examples.self])

    static var actor: String { ProcessInfo.processInfo.environment["USER"].map { "cli:\($0)" } ?? "cli" }

    struct DataOptions: ParsableArguments {
        @Option(name: .customLong("from"), help: ArgumentHelp("A folder with one subfolder per label (PDF, images or .txt); repeatable.", valueName: "DIR"))
        var folders: [String] = []
        @Option(help: ArgumentHelp("The fixtures folder (expected/*.json give text and type).", valueName: "DIR")) var fixtures: String?
        @Option(help: "Generated documents of every label (six languages).") var generated = 0
        @Option(help: "Seed of the generated documents.") var generatedSeed: UInt64 = 7
        @Flag(help: "Leave out the examples stored in the appliance (quire model examples).") var noStored = false
        @Flag(help: "Read the e-invoices of a real corpus (--from) a second time as 200 dpi scans.") var scans = false
        @Option(help: ArgumentHelp("Keep what the workers read from --from corpora here and read it back next time (OCR takes minutes).", valueName: "DIR"))
        var cache: String?

        var sources: ModelTraining.Sources {
            var s = ModelTraining.Sources()
            func abs(_ p: String) -> String { p.hasPrefix("/") ? p : FileManager.default.currentDirectoryPath + "/" + p }
            s.folders = folders.map(abs)
            s.fixtures = fixtures.map(abs)
            s.generated = generated
            s.generatedSeed = generatedSeed
            s.store = !noStored
            s.scans = scans
            s.cache = cache.map(abs)
            return s
        }
    }

    static func pool() -> WorkerPool { localWorkers(2, label: "quire.model") }

    /// The training run in progress (a cross-validation trains once per fold: epoch 1 again starts a new one).
    static let training = Mutex<(reporter: ProgressReporter, epoch: Int)?>(nil)

    /// Epochs done with the loss: a bar with time left on a terminal, a line per tenth in a log.
    static func progressBar(_ epoch: Int, _ epochs: Int, _ loss: Double) {
        training.withLock { t in
            if t == nil || epoch <= t!.epoch { t = (ProgressReporter("training, epochs", total: epochs), 0) }
            t!.epoch = epoch
            let note = loss.isNaN ? nil : String(format: "loss %.4f", loss)
            if epoch >= epochs {
                t!.reporter.finish(epoch, note: note)
                t = nil
            } else {
                t!.reporter.update(epoch, note: note)
            }
        }
    }

    /// The cross-validation in progress, fold by fold.
    static let folds = Mutex<ProgressReporter?>(nil)

    static func foldProgress(_ done: Int, _ total: Int) {
        folds.withLock { r in
            if r == nil { r = ProgressReporter("cross-validation, folds", total: total) }
            if done >= total {
                r?.finish(done)
                r = nil
            } else {
                r?.update(done)
            }
        }
    }

    struct Train: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train a new version from labelled documents and register it as a candidate (or write the file with --out).",
            discussion: """
                Data: the appliance's stored examples (quire model examples add, reviewer corrections), --from folders
                (one subfolder per label, a manifest.csv with file and label, a real e-invoice or receipt corpus; other
                collections' classes are mapped as docs/models.md says), --fixtures, and --generated N made-up documents.
                Without --cv a random held-out split (20 %) calibrates the probabilities (half of it) and measures the
                model (the other half). With --cv K the real documents are cross-validated in K folds that keep a
                vendor or source whole (generated documents only ever train), the temperature is fit on those
                out-of-fold predictions, and the model is trained on everything. The active model is measured on the
                same documents, and 'promote' refuses a version that did worse unless forced.

                Examples:
                  quire model train --from ../corpora/tobacco_dev --from ./invoices --generated 2000 --cv 5
                  quire model train --generated 10000 --fixtures fixtures
                  quire model train --from ./labelled-scans --promote
                  quire model train --from ./labelled --generated 700 --balance-classes --cv 5 --seed 42 --out doctype.qmodel
                  quire model train --name fields      # the field ranker, from the items approved in review (docs/models.md)
                  quire model train --server https://quire.example:8443 --from ./labelled --generated 2000   # the server trains (models.manage)
                """)
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var serverOptions: ServerOptions
        @OptionGroup var data: DataOptions
        @Option(help: "Model name.") var name = "doctype"
        @Option(help: "Random seed (same data and seed give the same model).") var seed: UInt64 = 42
        @Option(help: "Passes over the data.") var epochs = 12
        @Option(help: "log2 of the hashed feature space.") var hashBits = 16
        @Flag(help: "Weigh classes by their inverse frequency, so a label with few examples is not drowned.") var balanceClasses = false
        @Option(help: ArgumentHelp("Creation time written into the file (default now); fixed for a reproducible file.", valueName: "ISO8601")) var created: String?
        @Option(help: ArgumentHelp("Write the model file here instead of registering it (no appliance needed); a name ending in .swift writes the source that builds the model into quire.", valueName: "FILE")) var out: String?
        @Option(help: ArgumentHelp("Grouped cross-validation over the real documents in K folds: the temperature and the recorded numbers come from it, and the model is trained on everything.", valueName: "K")) var cv: Int?
        @Flag(help: "Promote the new version right after training (refused if it is worse than the active one).") var promote = false
        @Option(help: "OCR languages for --from documents, joined by '+'.") var languages = "eng+deu+fra"

        func validate() throws {
            if out != nil, serverOptions.server != nil { throw ValidationError("--out trains here without an appliance; leave out --server (or --out)") }
        }

        /// The run's settings as a server takes them (no examples yet); a local run's plan is made from the same.
        var request: TrainingRequest {
            var r = TrainingRequest()
            r.stored = !data.noStored
            r.generated = data.generated
            r.generatedSeed = data.generatedSeed
            r.seed = seed
            r.epochs = epochs
            r.hashBits = hashBits
            r.balanceClasses = balanceClasses
            r.cv = cv
            r.promote = promote
            return r
        }

        /// Lines as they come, epochs and folds as bars (plain lines when not a terminal).
        static let progress = TrainingProgress(line: { print($0) }, epoch: ModelCommand.progressBar, fold: ModelCommand.foldProgress)

        func run() async throws {
            try await reportingErrors {
                LoggingSetup.bootstrap(format: .text, level: .error)
                if let client = try serverOptions.client(homeOptions) { return try await ServerTrain.run(self, client: client) }
                if name == RegistryFieldRankers.modelName { return try await FieldRankerTrain.run(self) }
                let stamp = created ?? ISO8601DateFormatter().string(from: Date())
                let pool = ModelCommand.pool()
                defer { pool.close() }
                let languageList = languages.split(separator: "+").map(String.init)
                var plan = TrainingPlan(name: name, request: request, created: stamp)
                plan.languages = languageList
                var s = data.sources
                s.store = false
                // With an appliance the run makes the generated documents itself (as on a server); --out has none.
                if out == nil { s.generated = 0 }
                let examples = try await ModelTraining.gather(s, stored: [], pool: pool, languages: languageList)
                if let out {
                    print("\(examples.count) examples")
                    let h = plan.hyperparameters
                    let r: Trainer.Result
                    if let cv {
                        let (cr, report) = try Trainer.trainCrossValidated(name: name, version: 1, examples: examples, folds: cv, hyperparameters: h, created: stamp,
                                                                           foldProgress: ModelCommand.foldProgress, progress: ModelCommand.progressBar)
                        for line in report.table { print(line) }
                        r = cr
                    } else {
                        r = try ModelTraining.train(name: name, version: 1, examples: examples, hyperparameters: h, created: stamp, active: nil, progress: ModelCommand.progressBar)
                    }
                    let bytes = r.classifier.fileBytes
                    if out.hasSuffix(".swift") {
                        try Data(BuiltInModels.swiftSource(bytes, command: (["quire"] + CommandLine.arguments.dropFirst()).joined(separator: " ")).utf8).write(to: URL(fileURLWithPath: out))
                    } else {
                        try Data(bytes).write(to: URL(fileURLWithPath: out))
                    }
                    print(String(format: "trained in %.1f s; wrote %@ (a %d-byte model)", r.seconds, out, bytes.count))
                    if cv == nil { for line in r.evaluation.table { print(line) } }
                    return
                }
                plan.examples = examples
                let outcome = try await homeOptions.open().train(plan, actor: ModelCommand.actor, progress: Train.progress)
                Train.next(outcome.name, outcome.version, promoted: outcome.promoted)
            }
        }

        /// What to do with a new version that is not active yet.
        static func next(_ n: String, _ v: Int, promoted: Bool) {
            guard !promoted else { return }
            print("next: quire model shadow \(n) \(v), quire model canary \(n) \(v) 10, or quire model promote \(n) \(v)")
        }
    }

    /// `quire model train --server URL`: the server trains on its stored examples (or, for `fields`,
    /// its approved reviews) and on the documents of --from folders read here and sent as text;
    /// this follows the run until it is done.
    struct ServerTrain {
        static func run(_ t: Train, client: APIClient) async throws {
            var request = t.request
            if t.name == RegistryFieldRankers.modelName {
                guard t.data.folders.isEmpty else {
                    throw QuireError(.invalidArgument, "on a server the field ranker learns from the server's approved reviews; a corpus given with --from is read on the machine that has it (quire model train --name fields --from DIR against that appliance, or --out FILE)")
                }
            } else {
                var s = t.data.sources
                s.store = false
                s.generated = 0
                let pool = ModelCommand.pool()
                defer { pool.close() }
                let examples = try await ModelTraining.gather(s, stored: [], pool: pool, languages: t.languages.split(separator: "+").map(String.init))
                request.examples = examples.map { .init(text: $0.text, label: $0.label, pageCount: $0.pageCount, group: $0.group, source: $0.source) }
                if !examples.isEmpty { print("\(examples.count) examples read here are sent with the request") }
            }
            let body = try JSONEncoder().encode(request)
            let started = try await client.send("POST", "/v1/models/\(Remote.escape(t.name))/train", body: body, contentType: "application/json", timeout: 300)
            var status = try decode(started)
            print("training \(status.id) started on \(client.base)")
            var shown = 0, lastEpoch: (Int?, Int?) = (nil, nil)
            while true {
                for line in status.lines.dropFirst(shown) { print(line) }
                shown = status.lines.count
                if let e = status.epoch, let n = status.epochs, (status.fold, e) != lastEpoch {
                    ModelCommand.progressBar(e, n, .nan)
                    lastEpoch = (status.fold, e)
                }
                switch status.state {
                case .running:
                    try await Task.sleep(for: .milliseconds(500))
                    status = try decode(try await client.send("GET", "/v1/trainings/\(status.id)"))
                case .failed:
                    throw QuireError(.invalidArgument, "training \(status.id) failed on the server: \(status.error ?? "no reason given")")
                case .done:
                    guard let version = status.version else { throw QuireError(.internal, "training \(status.id) is done but names no version") }
                    Train.next(status.name, version, promoted: status.promoted ?? false)
                    return
                }
            }
        }

        static func decode(_ r: APIClient.Response) throws -> TrainingStatus {
            do { return try TrainingStatus.decoder.decode(TrainingStatus.self, from: Data(r.text.utf8)) } catch {
                throw QuireError(.internal, "the server's answer is not a training status: \(error)")
            }
        }
    }

    /// `quire model train --name fields`: the field ranker, from the items people approved in review and any
    /// real corpora given with --from, registered as a candidate (or written with --out).
    struct FieldRankerTrain {
        static func run(_ t: Train) async throws {
            func abs(_ p: String) -> String { p.hasPrefix("/") ? p : FileManager.default.currentDirectoryPath + "/" + p }
            guard t.data.generated == 0, t.data.fixtures == nil, t.cv == nil else {
                throw QuireError(.invalidArgument, TrainingPlan.rankerData)
            }
            var bench = FieldEvaluation()
            bench.languages = t.languages.split(separator: "+").map(String.init)
            let logger = Logger(label: "quire.model")
            var reads: [FieldEvaluation.RealRead] = []
            var sources: [String] = []
            for dir in t.data.folders {
                guard let r = try await bench.realReads(abs(dir), scans: t.data.scans, cache: t.data.cache.map(abs), logger: logger) else {
                    throw QuireError(.invalidArgument, "\(dir) is not a corpus the field ranker can learn from (einvoices_dev with manifest.csv, sroie_dev with key/*.json)")
                }
                reads += r
                sources.append(URL(fileURLWithPath: dir).lastPathComponent)
            }
            if t.out != nil {
                guard !reads.isEmpty else { throw QuireError(.invalidArgument, "--out without an appliance trains on --from corpora only; name one") }
                let outcome = try FieldRankerTraining.train(reads, active: FieldRanker.builtIn, activeVersion: nil, bench: bench, sources: sources)
                try outcome.ranker.encoded().write(to: URL(fileURLWithPath: abs(t.out!)))
                print("trained on \(outcome.trained) documents, \(outcome.heldOut) held out; wrote \(t.out!)")
                print(Appliance.rankerMetricsLine(outcome.metrics))
                return
            }
            var plan = TrainingPlan(name: RegistryFieldRankers.modelName, request: t.request)
            plan.readings = reads
            plan.sources = sources
            plan.languages = bench.languages
            let outcome = try await t.homeOptions.open().train(plan, actor: ModelCommand.actor, progress: Train.progress)
            Train.next(outcome.name, outcome.version, promoted: outcome.promoted)
        }
    }

    struct Eval: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per-class precision, recall and F1, the confusion matrix and the calibration error of a model on labelled documents.",
            discussion: """
                Examples:
                  quire model eval --fixtures fixtures
                  quire model eval doctype --version 3 --from ./labelled-scans
                  quire model eval --file doctype.qmodel --fixtures fixtures --generated 2000 --generated-seed 99
                  quire model eval --cv 5 --from ../corpora/tobacco_dev --from ../corpora/sroie_dev --generated 2000 --cache /tmp/qcache

                With --cv K no model is read: K models are trained, each on all but one fold of the real documents
                (a vendor, shop or source stays in one fold; --generated documents are added to every training fold
                and never scored), and each fold is scored by the model that did not see it, calibrated on the other
                folds. This is what to expect of a model trained by 'quire model train --cv K' on the same data.
                """)
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var data: DataOptions
        @Argument(help: "Model name.") var name = "doctype"
        @Option(help: "Version (default: the active one).") var version: Int?
        @Option(help: ArgumentHelp("Evaluate this model file instead (no appliance needed).", valueName: "FILE")) var file: String?
        @Flag(help: "Print JSON.") var json = false
        @Option(help: "OCR languages for --from documents, joined by '+'.") var languages = "eng+deu+fra"
        @Option(help: ArgumentHelp("Grouped cross-validation in K folds instead of scoring one model (see below).", valueName: "K")) var cv: Int?
        @Option(help: "Random seed of the cross-validation's models.") var seed: UInt64 = 42
        @Option(help: "Passes over the data (cross-validation).") var epochs = 12
        @Flag(help: "Weigh classes by their inverse frequency (cross-validation).") var balanceClasses = false

        func run() async throws {
            try await reportingErrors {
                LoggingSetup.bootstrap(format: .text, level: .error)
                let pool = ModelCommand.pool()
                defer { pool.close() }
                if let cv {
                    guard file == nil, version == nil else { throw QuireError(.invalidArgument, "--cv trains its own models; leave out --file and --version") }
                    var s = data.sources
                    s.store = false
                    let examples = try await ModelTraining.gather(s, stored: [], pool: pool, languages: languages.split(separator: "+").map(String.init))
                    var h = Hyperparameters()
                    h.seed = seed
                    h.epochs = epochs
                    h.balanceClasses = balanceClasses
                    let report = try CrossValidation.run(real: examples.filter { !$0.isSynthetic }, generated: examples.filter(\.isSynthetic),
                                                         folds: cv, hyperparameters: h,
                                                         progress: ModelCommand.foldProgress)
                    if json { printJSON(report.json) } else { for line in report.table { print(line) } }
                    return
                }
                let classifier: Classifier
                var stored: [TrainingExample] = []
                var s = data.sources
                if let file {
                    guard let bytes = FileManager.default.contents(atPath: file) else { throw QuireError(.notFound, "cannot read \(file)") }
                    do { classifier = try Classifier(file: [UInt8](bytes)) } catch let e as ModelFileError { throw QuireError(.invalidArgument, "\(file): \(e.message)") }
                    s.store = false
                } else {
                    let appliance = try await homeOptions.open()
                    let registry = appliance.models
                    if let version { classifier = try registry.load(try await registry.record(name, version)) } else { classifier = try await registry.deployment(name).active }
                    stored = try await appliance.store.trainingExamples()
                }
                let examples = try await ModelTraining.gather(s, stored: stored, pool: pool, languages: languages.split(separator: "+").map(String.init))
                guard !examples.isEmpty else { throw QuireError(.invalidArgument, "nothing to evaluate on: pass --fixtures DIR, --from DIR or --generated N") }
                let start = Date()
                let e = Trainer.evaluate(classifier, on: examples)
                let ms = Date().timeIntervalSince(start) * 1000 / Double(examples.count)
                let coarse = CrossValidation.coarseEvaluation(examples.map { x in
                    (Classifier.hedged(classifier.model.probabilities(classifier.extractor.features(text: x.text, pageCount: x.pageCount)), text: x.text).map(Double.init), x.label)
                }, labels: classifier.model.labels)
                if json { printJSON(["all_labels": e.json, "invoice_receipt_other": coarse.json]); return }
                print("\(classifier.info.name) version \(classifier.info.version) on \(examples.count) documents (\(String(format: "%.3f", ms)) ms each, features included)")
                for line in e.table { print(line) }
                print("")
                print("invoice / receipt / other:")
                for line in coarse.table { print(line) }
                print("")
                print("reliability: confidence bin, documents, accuracy, mean confidence")
                for line in e.reliabilityTable { print(line) }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every model version with its state.",
                                                        discussion: "Examples:\n  quire model list\n  quire model list --server https://quire.example:8443   # GET /v1/models, models.read")
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var serverOptions: ServerOptions
        @Argument(help: "Only this model.") var name: String?
        @Flag(help: "One JSON object per version and line (as GET /v1/models has them).") var json = false

        func run() async throws {
            try await reportingErrors {
                // One row per version, from the store here or from a server's GET /v1/models (the same fields).
                var rows: [JSONValue]
                if let client = try serverOptions.client(homeOptions) {
                    rows = try await client.send("GET", "/v1/models").body["models"]?.arrayValue ?? []
                    if let name { rows = rows.filter { $0["name"]?.stringValue == name } }
                } else {
                    rows = try await homeOptions.open().store.models(name: name).map(\.summary)
                }
                if json {
                    for r in rows { print(r.compactText) }
                    return
                }
                if rows.isEmpty { print("no models; run 'quire init' (installs the default model) or 'quire model train'"); return }
                func pad(_ s: String, _ n: Int) -> String { s.padding(toLength: n, withPad: " ", startingAt: 0) }
                // HOLDOUT: a classifier's macro-F1, the field ranker's share of fields read right, on its held-out documents.
                print("name        version  state      holdout   examples  created              parent  canary")
                for m in rows {
                    let holdout = m["metrics"]?["holdout"]
                    let f1 = (holdout?["macro_f1"] ?? holdout?["field_accuracy"])?.numberValue.map { String(format: "%.3f", $0) } ?? "–"
                    let n = m["examples"]?.intValue.map(String.init) ?? "–"
                    let version = m["version"]?.intValue.map(String.init) ?? "?"
                    print("\(pad(m["name"]?.stringValue ?? "?", 11)) \(pad(version, 8)) \(pad(m["state"]?.stringValue ?? "?", 10)) \(pad(f1, 9)) \(pad(n, 9)) "
                          + "\(m["created_at"]?.stringValue ?? "?")  \(m["parent"]?.intValue.map(String.init) ?? "–")       \(m["canary_percent"]?.numberValue.map { String(format: "%g %%", $0) } ?? "")")
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A version's lineage: training data, hyperparameters, metrics, parent, and every change of state.",
                                                        discussion: "Examples:\n  quire model show doctype 2\n  quire model show fields --server https://quire.example:8443   # GET /v1/models/{name}, models.read")
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var serverOptions: ServerOptions
        @Argument(help: "Model name.") var name = "doctype"
        @Argument(help: "Version (default: the active one).") var version: Int?

        func run() async throws {
            try await reportingErrors {
                if let client = try serverOptions.client(homeOptions) {
                    printJSON(try await client.send("GET", "/v1/models/\(Remote.escape(name))" + Remote.query(version.map { [("version", String($0))] } ?? [])).body)
                    return
                }
                let store = try await homeOptions.open().store
                guard let m = ModelRecord.pick(try await store.models(name: name), version: version) else {
                    throw QuireError(.notFound, "no model \(name)\(version.map { " version \($0)" } ?? ""); see 'quire model list'")
                }
                printJSON(m.detail(history: try await store.modelEvents(name: name)))
            }
        }
    }

    struct Promote: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a version the active one (the active one is retired). Refused if it did worse on its holdout than the active one, unless --force.",
            discussion: "Examples:\n  quire model promote doctype 3\n  quire model promote doctype 3 --force --reason \"labels changed; new holdout not comparable\"")
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var serverOptions: ServerOptions
        @Argument var name: String
        @Argument var version: Int
        @Flag(help: "Promote even if it is worse than the active version (recorded).") var force = false
        @Option(help: "Why (recorded; required with --force).") var reason: String?

        func validate() throws { if force && reason == nil { throw ValidationError("--force needs --reason: the override is recorded with it") } }

        func run() async throws {
            try await reportingErrors {
                if let client = try serverOptions.client(homeOptions) {
                    // On a server the change is recorded under the token's name (models.manage, a token of no tenant).
                    try await client.send("POST", "/v1/models/\(Remote.escape(name))/promote",
                                          json: ["version": .number(Double(version)), "force": .bool(force), "reason": reason.map(JSONValue.string) ?? .null])
                } else {
                    try await homeOptions.open().models.promote(name, version, actor: ModelCommand.actor, force: force, reason: reason)
                }
                print("\(name) version \(version) is active")
            }
        }
    }

    struct Rollback: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Return to the version that was active before the current one.", discussion: "Example:\n  quire model rollback doctype --reason \"more credit notes misread\"")
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var serverOptions: ServerOptions
        @Argument var name = "doctype"
        @Option(help: "Why (recorded).") var reason: String?

        func run() async throws {
            try await reportingErrors {
                let v: Int
                if let client = try serverOptions.client(homeOptions) {
                    let answer = try await client.send("POST", "/v1/models/\(Remote.escape(name))/rollback", json: ["reason": reason.map(JSONValue.string) ?? .null])
                    v = answer.body["active"]?.intValue ?? 0
                } else {
                    v = try await homeOptions.open().models.rollback(name, actor: ModelCommand.actor, reason: reason)
                }
                print("\(name) version \(v) is active again")
            }
        }
    }

    struct Shadow: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run a version beside the active one on every item; its disagreements are recorded, it decides nothing.",
                                                        discussion: "Examples:\n  quire model shadow doctype 3\n  quire model shadow fields 2 --server https://quire.example:8443   # models.manage, a token of no tenant")
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var serverOptions: ServerOptions
        @Argument var name: String
        @Argument var version: Int
        @Option(help: "Why (recorded).") var reason: String?

        func run() async throws {
            try await reportingErrors {
                if let client = try serverOptions.client(homeOptions) {
                    try await client.send("POST", "/v1/models/\(Remote.escape(name))/shadow", json: ["version": .number(Double(version)), "reason": reason.map(JSONValue.string) ?? .null])
                } else {
                    try await homeOptions.open().models.trial(name, version, state: .shadow, actor: ModelCommand.actor, reason: reason)
                }
                print("\(name) version \(version) runs in shadow")
            }
        }
    }

    struct Canary: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let a version decide for a stable share of items (by a hash of the item id).",
                                                        discussion: "Examples:\n  quire model canary doctype 3 10\n  quire model canary doctype 3 10 --server https://quire.example:8443")
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var serverOptions: ServerOptions
        @Argument var name: String
        @Argument var version: Int
        @Argument(help: "Percent of items (0 < p ≤ 100).") var percent: Double
        @Option(help: "Why (recorded).") var reason: String?

        func run() async throws {
            try await reportingErrors {
                if let client = try serverOptions.client(homeOptions) {
                    try await client.send("POST", "/v1/models/\(Remote.escape(name))/canary",
                                          json: ["version": .number(Double(version)), "percent": .number(percent), "reason": reason.map(JSONValue.string) ?? .null])
                } else {
                    try await homeOptions.open().models.trial(name, version, state: .canary, percent: percent, actor: ModelCommand.actor, reason: reason)
                }
                print("\(name) version \(version) decides for \(percent) % of items")
            }
        }
    }

    struct Retire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take a version out of use.",
                                                        discussion: "Examples:\n  quire model retire doctype 2\n  quire model retire doctype 2 --server https://quire.example:8443")
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var serverOptions: ServerOptions
        @Argument var name: String
        @Argument var version: Int
        @Option(help: "Why (recorded).") var reason: String?

        func run() async throws {
            try await reportingErrors {
                if let client = try serverOptions.client(homeOptions) {
                    try await client.send("POST", "/v1/models/\(Remote.escape(name))/retire", json: ["version": .number(Double(version)), "reason": reason.map(JSONValue.string) ?? .null])
                } else {
                    try await homeOptions.open().models.retire(name, version, actor: ModelCommand.actor, reason: reason)
                }
                print("\(name) version \(version) is retired")
            }
        }
    }

    struct Drift: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per day: class distribution, confidence histogram, abstentions; population stability index against a reference window.",
            discussion: "Examples:\n  quire model drift\n  quire model drift doctype --days 14 --reference-days 28 --json\n  quire model drift --server https://quire.example:8443   # models.read")
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var serverOptions: ServerOptions
        @Argument var name = "doctype"
        @Option(help: "Days to report, up to now (1 to 366).") var days = 7
        @Option(help: "Days before those that serve as the reference (1 to 3660).") var referenceDays = 28
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            guard (1...366).contains(days), (1...3660).contains(referenceDays) else { throw ValidationError("--days is 1 to 366 and --reference-days 1 to 3660") }
        }

        func run() async throws {
            try await reportingErrors {
                let r: JSONValue
                if let client = try serverOptions.client(homeOptions) {
                    r = try await client.send("GET", "/v1/models/\(Remote.escape(name))/drift" + Remote.query([("days", String(days)), ("reference_days", String(referenceDays))])).body
                } else {
                    r = try await homeOptions.open().driftReport(model: name, days: days, referenceDays: referenceDays).json
                }
                if json { printJSON(r); return }
                let perDay = r["days"]?.arrayValue ?? []
                let decisions = perDay.reduce(0) { $0 + ($1["count"]?.intValue ?? 0) }
                print("\(name): \(decisions) decisions in the last \(days) days, \(r["reference_count"]?.intValue ?? 0) in the \(referenceDays) days before (reference)")
                if let l = r["label_psi"]?.numberValue, let c = r["confidence_psi"]?.numberValue {
                    print(String(format: "PSI labels %.3f, confidences %.3f (under 0.1 stable, over 0.25 a large shift)", l, c))
                }
                for d in perDay {
                    let labels = (d["labels"]?.objectValue ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.intValue ?? 0)" }.joined(separator: ", ")
                    let histogram = (d["confidence_histogram"]?.arrayValue ?? []).map { String($0.intValue ?? 0) }.joined(separator: " ")
                    print("\(d["day"]?.stringValue ?? "?")  \(d["count"]?.intValue ?? 0) (\(d["abstained"]?.intValue ?? 0) abstained)  \(labels)  confidence \(histogram)")
                }
            }
        }
    }

    struct Endpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "How far a model server's self-reported confidence is trusted: its answers that reviewers decided, and the calibration fit to them.",
            discussion: """
                Until \(EndpointCalibration.minimumReviewed) of the server's answers have been decided by reviewers (the document's
                type confirmed or changed in review), its confidence is not trusted on its own: the native model's
                probability for the same label decides whether an item goes straight through. From then on the
                calibrated confidence decides. Refit every 10 minutes by a running appliance.

                Example:
                  quire model endpoint qwen2.5-7b-instruct
                """)
        @OptionGroup var homeOptions: HomeOptions
        @Argument(help: "The served model's name, as in the stage's endpoint.model.") var model: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await reportingErrors {
                let appliance = try await homeOptions.open()
                let c = try await appliance.models.endpointCalibration(model)
                if json { printJSON(c.json); return }
                print("model server \(model): \(c.reviewed) answers decided by reviewers in the last 90 days, \(c.right) of them right")
                if c.trusted {
                    print(String(format: "calibrated: p = σ(%.3f · logit(reported) %@ %.3f); expected calibration error %.3f as reported, %.3f calibrated",
                                 c.a, c.b < 0 ? "−" : "+", abs(c.b), c.eceReported, c.eceCalibrated))
                    for r in [0.5, 0.7, 0.9, 0.99] { print(String(format: "  reported %.2f → %.3f", r, c.probability(r))) }
                } else {
                    print("not trusted yet: \(EndpointCalibration.minimumReviewed - c.reviewed) more reviewed answers needed; until then the native model's probability decides")
                }
            }
        }
    }

    struct Examples: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Labelled documents stored in the appliance for training: add files with their label, or count them.",
            discussion: "Examples:\n  quire model examples add --label credit_note scans/*.pdf\n  quire model examples list")
        @OptionGroup var homeOptions: HomeOptions
        @Argument(help: "add or list") var action: String
        @Option(help: "The label of the files.") var label: String?
        @Argument(help: "Files to add.") var files: [String] = []
        @Option(help: "OCR languages, joined by '+'.") var languages = "eng+deu+fra"

        func run() async throws {
            try await reportingErrors {
                let appliance = try await homeOptions.open()
                switch action {
                case "list":
                    let all = try await appliance.store.trainingExamples()
                    let counts = Dictionary(grouping: all, by: \.label).mapValues(\.count).sorted { $0.key < $1.key }
                    print("\(all.count) examples: " + counts.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
                case "add":
                    guard let label, label.range(of: "^[a-z][a-z0-9_]*$", options: .regularExpression) != nil else {
                        throw QuireError(.invalidArgument, "give --label in lower case, e.g. --label credit_note")
                    }
                    let pool = ModelCommand.pool()
                    defer { pool.close() }
                    var added: [TrainingExample] = []
                    for f in files {
                        let path = homeOptions.absolute(f)
                        let doc = try await DocumentInspection.read(path: path, pool: pool, languages: languages.split(separator: "+").map(String.init))
                        let text = doc.pages.compactMap { $0["text"]?.stringValue }.joined(separator: "\n\u{0C}\n")
                        let hash = try appliance.blobs.put(fileAt: path).hash
                        added.append(TrainingExample(contentHash: hash, label: label, text: text, pageCount: max(1, doc.pages.count), source: "cli", createdAt: Date()))
                    }
                    try await appliance.store.putTrainingExamples(added)
                    print("\(added.count) examples labelled \(label)")
                default:
                    throw QuireError(.invalidArgument, "unknown action '\(action)'; use add or list")
                }
            }
        }
    }
}


public import Foundation
public import QuireCore
public import QuireModels
public import QuireAPI
import QuireEngine
import QuireFields
import QuireStore
import Synchronization

/// What one training run is asked to do: `quire model train` on this machine, or
/// `POST /v1/models/{name}/train` on a server (the examples a client read from its own folders
/// travel in the request; the stored examples and approved reviews are the server's).
public struct TrainingPlan: Sendable {
    /// `doctype` (or another classifier's name), or `fields` for the field ranker.
    public var name: String
    public var hyperparameters = Hyperparameters()
    /// Grouped cross-validation folds over the real documents (classifier only); nil: a random holdout.
    public var cv: Int?
    /// Promote the new version when it is done (refused if it did worse than the active one).
    public var promote = false
    /// The creation time written into the model file.
    public var created: String
    /// The appliance's stored examples (classifier) or approved reviews (field ranker) are used.
    public var useStored = true
    /// Labelled texts from elsewhere (folders, fixtures), for a classifier.
    public var examples: [LabelledText] = []
    /// Generated documents (TrainingCorpus) added to a classifier's examples, made by the run itself.
    public var generated = 0
    public var generatedSeed: UInt64 = 7
    /// Real-corpus readings with known values, for the field ranker, and the names of where they came from.
    public var readings: [FieldEvaluation.RealRead] = []
    public var sources: [String] = []
    public var languages = ["eng", "deu", "fra"]

    /// What the field ranker can and cannot learn from, for an error that says so.
    public static let rankerData = "the field ranker learns from documents with known values: approved reviews and real corpora (--from einvoices_dev, sroie_dev); --generated, --fixtures, labelled folders and --cv are for the classifier (for the ranker's cross-validation see 'quire bench fields --cv')"

    public init(name: String, created: String = ISO8601DateFormatter().string(from: Date())) {
        self.name = name
        self.created = created
    }

    /// Refuses, before any work, a plan the model cannot learn from (the field ranker given labelled texts,
    /// generated documents or folds).
    public func check() throws {
        if name == RegistryFieldRankers.modelName, !examples.isEmpty || generated > 0 || cv != nil {
            throw QuireError(.invalidArgument, Self.rankerData)
        }
    }
}

/// Where a training run reports as it goes: lines to show, epochs and folds done.
public struct TrainingProgress: Sendable {
    public var line: @Sendable (String) -> Void
    public var epoch: @Sendable (Int, Int, Double) -> Void
    public var fold: @Sendable (Int, Int) -> Void
    public init(line: @escaping @Sendable (String) -> Void = { _ in }, epoch: @escaping @Sendable (Int, Int, Double) -> Void = { _, _, _ in },
                fold: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) {
        self.line = line
        self.epoch = epoch
        self.fold = fold
    }
}

/// What a training run registered.
public struct TrainingOutcome: Sendable, Equatable {
    public var name: String
    public var version: Int
    public var promoted: Bool
    public var seconds: Double
}

extension Appliance {
    /// Trains a new version of `plan.name` and registers it as a candidate (promoted too where the
    /// plan asks and it did no worse than the active one). Lines for a person go to `progress.line`
    /// as they come; the training itself runs off the cooperative pool.
    public func train(_ plan: TrainingPlan, actor: String, progress: TrainingProgress = TrainingProgress()) async throws -> TrainingOutcome {
        let start = Date()
        try plan.check()
        if plan.name == RegistryFieldRankers.modelName { return try await trainFieldRanker(plan, actor: actor, progress: progress, start: start) }
        guard plan.readings.isEmpty else {
            throw QuireError(.invalidArgument, "real-corpus readings with field values train the field ranker (name fields), not the classifier \(plan.name)")
        }
        let registry = models
        let stored = plan.useStored ? try await store.trainingExamples() : []
        let generated = plan.generated > 0 ? try await BlockingIO.run { TrainingCorpus.generate(count: plan.generated, seed: plan.generatedSeed) } : []
        let examples = stored.map { LabelledText(id: $0.contentHash, text: $0.text, pageCount: $0.pageCount, label: $0.label, source: $0.source) } + plan.examples + generated
        guard !examples.isEmpty else {
            throw QuireError(.invalidArgument, "no labelled documents: add some with 'quire model examples add', or pass --from DIR, --fixtures DIR or --generated N")
        }
        let active = try? await registry.deployment(plan.name).active
        let version = try await store.nextModelVersion(name: plan.name)
        progress.line("\(examples.count) examples; training \(plan.name) version \(version)\(active.map { " (active: version \($0.info.version))" } ?? "")")
        let result: Trainer.Result = try await BlockingIO.run {
            guard let cv = plan.cv else {
                return try ModelTraining.train(name: plan.name, version: version, examples: examples, hyperparameters: plan.hyperparameters, created: plan.created,
                                               active: active, progress: progress.epoch)
            }
            let (r, report) = try Trainer.trainCrossValidated(name: plan.name, version: version, examples: examples, labels: active?.model.labels, folds: cv,
                                                              hyperparameters: plan.hyperparameters, created: plan.created, parent: active?.info.version,
                                                              foldProgress: progress.fold, progress: progress.epoch)
            for l in report.table { progress.line(l) }
            return try ModelTraining.compare(r, with: active)
        }
        try await registry.register(result.classifier, actor: actor)
        progress.line(String(format: "trained in %.1f s; registered %@ version %d as a candidate", result.seconds, plan.name, version))
        if plan.cv == nil { for l in result.evaluation.table { progress.line(l) } }
        if let a = result.classifier.info.metrics["active_on_holdout"] {
            progress.line(String(format: "active version on the same documents: accuracy %.2f %%, macro-F1 %.3f", (a["accuracy"]?.numberValue ?? 0) * 100, a["macro_f1"]?.numberValue ?? 0))
        }
        return try await promoteIfAsked(plan, version: version, actor: actor, progress: progress, start: start)
    }

    /// The field ranker: approved reviews (where the plan uses the store) and real-corpus readings.
    private func trainFieldRanker(_ plan: TrainingPlan, actor: String, progress: TrainingProgress, start: Date) async throws -> TrainingOutcome {
        var reads = plan.readings
        var sources = plan.sources
        if plan.useStored {
            let (reviewed, skipped) = try await FieldRankerTraining.reviewed(store: store)
            reads += reviewed
            sources.append("\(reviewed.count) approved reviews")
            if skipped > 0 { progress.line("\(skipped) decided reviews passed over (rejected, read from an e-invoice or a template, or their text is gone)") }
        }
        guard !reads.isEmpty else {
            throw QuireError(.invalidArgument, "no documents with known values: approve some items in 'quire review' (correcting what is wrong), or pass --from with a real corpus")
        }
        let registry = models
        let rankers = RegistryFieldRankers(registry: registry)
        let (active, _) = try await registry.inUse(RegistryFieldRankers.modelName)
        let activeRanker = try active.map(rankers.load) ?? FieldRanker.builtIn
        var bench = FieldEvaluation()
        bench.languages = plan.languages
        let outcome = try await BlockingIO.run { [reads, sources, bench] in
            try FieldRankerTraining.train(reads, active: activeRanker, activeVersion: active?.version, bench: bench, sources: sources)
        }
        let record = try await registry.register(file: try outcome.ranker.encoded(), name: RegistryFieldRankers.modelName, labels: outcome.ranker.models.keys.sorted(),
                                                 trainingData: outcome.trainingData, hyperparameters: outcome.hyperparameters, metrics: outcome.metrics, actor: actor)
        progress.line("trained on \(outcome.trained) documents, \(outcome.heldOut) held out by vendor; registered fields version \(record.version) as a candidate")
        progress.line(Self.rankerMetricsLine(outcome.metrics))
        return try await promoteIfAsked(plan, version: record.version, actor: actor, progress: progress, start: start)
    }

    private func promoteIfAsked(_ plan: TrainingPlan, version: Int, actor: String, progress: TrainingProgress, start: Date) async throws -> TrainingOutcome {
        if plan.promote {
            try await models.promote(plan.name, version, actor: actor, reason: "promoted after training")
            progress.line("\(plan.name) version \(version) is now active")
        }
        return TrainingOutcome(name: plan.name, version: version, promoted: plan.promote, seconds: Date().timeIntervalSince(start))
    }

    /// How a new ranker did on the held-out vendors beside the one deciding now.
    public static func rankerMetricsLine(_ m: JSONValue) -> String {
        guard let mine = m["holdout"]?["field_accuracy"]?.numberValue else {
            return "no vendor could be held out (one vendor only): the new version is not measured, and promote does not compare it"
        }
        let theirs = m["active_on_holdout"]?["field_accuracy"]?.numberValue ?? 0
        let active = m["active_on_holdout"]?["version"]
        let who = active?.numberValue.map { "active version \(Int($0))" } ?? (active == "rules" ? "the layout rules alone (no ranker is active)" : "the built-in ranker")
        return String(format: "held-out documents: %.1f %% of fields right, against %.1f %% for %@", mine * 100, theirs * 100, who)
    }
}

/// The training runs a server started (`POST /v1/models/{name}/train`), kept in memory for a day
/// so that a client can follow one by its id. One runs at a time: training takes the machine's CPU.
final class TrainingRuns: Sendable {
    private let runs = Mutex<[String: TrainingStatus]>([:])

    /// Starts `plan` unless a run is going; answers at once with the new run's status.
    func start(name: String, actor: String, now: Date = Date(), run: @escaping @Sendable (TrainingProgress) async throws -> TrainingOutcome) throws -> TrainingStatus {
        let id = UUID().uuidString.lowercased()
        let status: TrainingStatus = try runs.withLock { runs in
            runs = runs.filter { $0.value.state == .running || ($0.value.finishedAt ?? now) > now.addingTimeInterval(-86_400) }
            if let going = runs.values.first(where: { $0.state == .running }) {
                throw QuireError(.conflict, "training \(going.id) (\(going.name), started by \(going.actor)) is still running; follow it with GET /v1/trainings/\(going.id) and start the next when it is done")
            }
            let s = TrainingStatus(id: id, name: name, actor: actor, startedAt: now)
            runs[id] = s
            return s
        }
        let progress = TrainingProgress(
            line: { [self] l in update(id) { $0.lines.append(l) } },
            epoch: { [self] e, n, _ in update(id) { $0.epoch = e; $0.epochs = n } },
            fold: { [self] f, n in update(id) { $0.fold = f; $0.folds = n } })
        Task {
            do {
                let outcome = try await run(progress)
                update(id) { $0.state = .done; $0.version = outcome.version; $0.promoted = outcome.promoted; $0.finishedAt = Date() }
            } catch {
                let message = (error as? QuireError)?.message ?? "\(error)"
                update(id) { $0.state = .failed; $0.error = message; $0.finishedAt = Date() }
            }
        }
        return status
    }

    func status(_ id: String) -> TrainingStatus? { runs.withLock { $0[id] } }

    private func update(_ id: String, _ change: (inout TrainingStatus) -> Void) {
        runs.withLock { runs in
            guard var s = runs[id] else { return }
            change(&s)
            runs[id] = s
        }
    }
}

extension TrainingPlan {
    /// A plan from a training request: a server's (the examples the client read travel as text) or the
    /// settings of `quire model train` here. `created` is written into the model file (default now).
    public init(name: String, request r: TrainingRequest, created: String? = nil) {
        self.init(name: name, created: created ?? ISO8601DateFormatter().string(from: Date()))
        hyperparameters.seed = r.seed
        hyperparameters.epochs = r.epochs
        hyperparameters.features.hashBits = r.hashBits
        hyperparameters.balanceClasses = r.balanceClasses
        cv = r.cv
        promote = r.promote
        useStored = r.stored
        examples = r.examples.map { e in
            LabelledText(text: e.text, pageCount: e.pageCount ?? 1, label: e.label, source: e.source ?? "client", group: e.group)
        }
        generated = r.generated
        generatedSeed = r.generatedSeed
    }
}

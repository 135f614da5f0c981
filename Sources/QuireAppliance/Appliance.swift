public import Foundation
import Synchronization
public import Logging
public import QuireCore
public import QuireEngine
public import QuireStore
import QuireDocuments
import QuireFields
public import QuireModels
import QuireReview
public import QuireAPI
public import QuireBots
public import ServiceLifecycle
import UnixSignals
import QuireObservability

/// The composition root: opens the store and blob folder, registers every stage kind,
/// loads the pipelines, and builds the services that `quire serve` and the tests run.
public struct Appliance: Sendable {
    public let configuration: ApplianceConfiguration
    public let store: any Store
    public let blobs: BlobStore
    public let registry: StageRegistry
    public let catalog: PipelineCatalog
    public let logger: Logger
    /// Worker processes for untrusted input; started by the service group, spawned on demand otherwise.
    public let workers: WorkerPool
    /// The model registry over this appliance's store and blobs; one per appliance, so loaded
    /// models stay in its cache.
    public let models: ModelRegistry
    /// The installed bots (`bots/<name>/bot.yaml`), read once when the appliance opens.
    public let bots: BotCatalog

    /// Every stage kind the appliance has. The configuration gives the fields stage its templates
    /// folder; `models` gives the classify stage its model registry and the fields stage its ranker (nil where no store is open,
    /// e.g. for `quire pipelines check`).
    /// `bots` gives the bot stage its catalog and dispatcher (nil: bot stages are checked for their
    /// settings only, as by `quire pipelines check` without a home).
    public static func defaultRegistry(configuration: ApplianceConfiguration? = nil, models: ModelRegistry? = nil, bots: BotEnvironment? = nil) -> StageRegistry {
        let rankers = models.map(RegistryFieldRankers.init(registry:))
        let vendors = models.map { StoredVendors(store: $0.store) }
        let fields = configuration.map { FieldsKind(templateDirectories: [$0.templatesDirectory], baseDirectory: $0.layout.home, rankers: rankers, vendors: vendors) }
            ?? FieldsKind(rankers: rankers, vendors: vendors)
        return StageRegistry([FileIdentifyKind(), OutboxWriteKind(), PDFTextKind(), OCRPageKind(), ArchivePDFKind(), fields,
                              ClassifyKind(registry: models), ReviewKind(store: models?.store), BotKind(environment: bots)])
    }

    /// The bots of a configuration, their secrets and their targets' budgets: this process's own
    /// on SQLite (one `quire serve` per home), the store's on PostgreSQL (one budget over all nodes).
    /// Throws with `file:line` messages when a manifest is bad or the secrets file is unsafe.
    public static func botEnvironment(_ configuration: ApplianceConfiguration, store: (any Store)?,
                                      environment: [String: String] = ProcessInfo.processInfo.environment) throws -> BotEnvironment {
        let catalog = try BotCatalog.load(directory: configuration.botsDirectory)
        let names = Set(catalog.bots.values.flatMap(\.secrets))
        let secrets = try Secrets.load(file: configuration.secretsFile, environment: environment, names: names)
        var budgets: any BudgetGate = TargetBudgets()
        if let shared = store as? PostgresStore {
            budgets = SharedTargetBudgets(store: shared, holder: configuration.scheduler.owner, logger: Logger(label: "quire.bots"))
        }
        return BotEnvironment(catalog: catalog, dispatcher: BotDispatcher(runner: BotRunner(logger: Logger(label: "quire.bots")), secrets: secrets, processEnvironment: environment),
                              budgets: budgets, scratchRoot: configuration.botScratchDirectory, store: store)
    }

    /// The work `quire worker` processes do for the stages (`pdf.read`, ...).
    public static func isolatedTasks() -> [any IsolatedTask] {
        [PDFReadTask(), OCRPageTask(), ImageInfoTask(), ArchivePDFTask(), PagePictureTask()]
    }

    /// Opens an appliance. Fails with a message that says what to do when the home folder,
    /// the database or a pipeline spec is not usable.
    /// `extraKinds` are registered besides the appliance's own (tests add scripted stages).
    public static func open(_ configuration: ApplianceConfiguration, registry: StageRegistry? = nil, extraKinds: [any StageKind] = [],
                            logger: Logger = Logger(label: "quire")) async throws -> Appliance {
        try checkHome(configuration)
        return try open(configuration, store: try await openStore(configuration), registry: registry, extraKinds: extraKinds, logger: logger)
    }

    static func checkHome(_ configuration: ApplianceConfiguration) throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: configuration.layout.home, isDirectory: &isDir), isDir.boolValue else {
            throw QuireError(.invalidConfiguration, "no appliance home at \(configuration.layout.home); create one with 'quire init \(configuration.layout.home)' or pass --home DIR (or set QUIRE_HOME)")
        }
    }

    /// Opens an appliance on a store that is already open (tests open SQLite synchronously).
    public static func open(_ configuration: ApplianceConfiguration, store: any Store, registry: StageRegistry? = nil, extraKinds: [any StageKind] = [],
                            logger: Logger = Logger(label: "quire")) throws -> Appliance {
        try checkHome(configuration)
        let blobs = try BlobStore(root: configuration.blobsDirectory, keyring: try configuration.blobKeyring())
        let models = ModelRegistry(store: store, blobs: blobs)
        let bots = try botEnvironment(configuration, store: store)
        var registry = registry ?? defaultRegistry(configuration: configuration, models: models, bots: bots)
        for k in extraKinds { registry.register(k) }
        let catalog = try PipelineCatalog.load(directory: configuration.pipelinesDirectory, registry: registry)
        return Appliance(configuration: configuration, store: store, blobs: blobs, registry: registry, catalog: catalog, logger: logger, models: models,
                         bots: bots.catalog)
    }

    /// The configured store: the SQLite file, or the shared PostgreSQL database (`store: postgres://…`).
    public static func openStore(_ configuration: ApplianceConfiguration) async throws -> any Store {
        let key = try AuditChain.loadOrCreateKey(at: configuration.auditKeyPath)
        if let url = configuration.storeURL { return try await PostgresStore.open(url: url, auditKey: key) }
        return try SQLiteStore(path: configuration.databasePath, auditKey: key)
    }

    /// The sender of the pipelines' webhooks, with the secrets they name — from the secrets file
    /// only: a pipeline must not be able to name any variable of quire's environment (a database
    /// password) and have its HMAC sent to a URL of its choosing.
    public func webhookService(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> WebhookService {
        let specs = catalog.specs
        let names = Set(specs.flatMap { $0.webhooks.map(\.secret) })
        let secrets = try Secrets.load(file: configuration.secretsFile, environment: [:], names: names)
        return WebhookService(store: store, pipelines: specs, secrets: secrets)
    }

    public init(configuration: ApplianceConfiguration, store: any Store, blobs: BlobStore, registry: StageRegistry, catalog: PipelineCatalog, logger: Logger,
                models: ModelRegistry? = nil, bots: BotCatalog = BotCatalog()) {
        self.models = models ?? ModelRegistry(store: store, blobs: blobs)
        self.bots = bots
        self.configuration = configuration
        self.store = store
        self.blobs = blobs
        self.registry = registry
        self.catalog = catalog
        self.logger = logger
        self.workers = WorkerPool(configuration: configuration.isolation, logger: Logger(label: "quire.workers"))
    }

    public var services: EngineServices {
        EngineServices(store: store, blobs: blobs, outboxDirectory: configuration.layout.outboxRoot, isolation: workers)
    }

    /// Intake for `quire drop` and the spool.
    public func intake(onQueued: @escaping @Sendable () -> Void = {}) -> SpoolIntake {
        SpoolIntake(layout: configuration.layout, store: store, blobs: blobs, catalog: catalog, after: configuration.spool.after,
                    logger: Logger(label: "quire.spool"), onQueued: onQueued)
    }

    /// The running parts of an appliance.
    public struct Services: Sendable {
        public let group: ServiceGroup
        public let scheduler: Scheduler
        public let spool: SpoolWatcher
        public let cron: CronService
    }

    /// Builds the service group: scheduler, cron and spool watcher. SIGTERM and SIGINT shut it
    /// down gracefully in reverse order: intake stops first, then running jobs finish.
    /// `api`: where the HTTP API listens (nil: no API); `onAPIRunning` gets the bound port.
    public func buildServiceGroup(signals: Bool = true, api: (host: String, port: Int)? = nil, apiLimits: APILimits = APILimits(),
                                  apiTLS: (certificate: String, key: String)? = nil,
                                  onAPIRunning: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> Services {
        for spec in catalog.specs { try configuration.layout.prepare(pipeline: spec.name) }
        QuireMetrics.bootstrap()
        blobs.cleanTemporaryFiles()
        let scheduler = Scheduler(store: store, catalog: catalog, services: services, configuration: configuration.scheduler,
                                  logger: Logger(label: "quire.scheduler"))
        let spool = SpoolWatcher(intake: intake(onQueued: { scheduler.notify() }), configuration: configuration.spool,
                                 logger: Logger(label: "quire.spool"))
        let store = self.store
        let retention = configuration.historyRetention
        let pruneLogger = Logger(label: "quire.cron")
        let alertState = AlertState()
        let cron = CronService(store: store, tasks: [
            CronTask(name: "history.prune", schedule: try CronSchedule(configuration.pruneSchedule)) { tick in
                let n = try await store.pruneHistory(finishedBefore: tick.addingTimeInterval(-retention))
                pruneLogger.info("pruned finished jobs", metadata: ["jobs": "\(n)"])
            },
            // Originals and document text past each pipeline's `retention` policy (decisions and the audit trail stay).
            CronTask(name: "retention.purge", schedule: try CronSchedule("47 3 * * *")) { [self] tick in
                for r in try await purgeExpired(now: tick) where r.items > 0 {
                    pruneLogger.notice("retention purged items", metadata: ["pipeline": "\(r.pipeline)", "items": "\(r.items)", "blobs": "\(r.blobs)", "bytes": "\(r.bytes)"])
                }
            },
            // Threshold alerts, checked by the leader.
            CronTask(name: "alerts.check", schedule: try CronSchedule("@every \(Int(max(1, configuration.alerts.checkInterval)))s")) { [self] tick in
                try await checkAlerts(now: tick, last: alertState, logger: pruneLogger)
            },
            // The nightly report (leader only, like every cron task), catching up missed nights.
            CronTask(name: "report.nightly", schedule: try CronSchedule(configuration.report.schedule, timeZone: reportTimeZone)) { [self] tick in
                try await nightlyReports(now: tick, logger: pruneLogger)
            },
        ], owner: configuration.scheduler.owner, logger: Logger(label: "quire.cron"))
        let pipelines = catalog.names
        // The API's address as bound (port 0 picks one), for the node's row.
        let apiText = Mutex<String?>(api.map { $0.host.hasPrefix("unix:") ? $0.host : "\($0.host):\($0.port)" })
        let reportBound: @Sendable (Int) async -> Void = { port in
            if let api, !api.host.hasPrefix("unix:") { apiText.withLock { $0 = "\(api.host):\(port)" } }
            await onAPIRunning(port)
        }
        let nodeName = configuration.nodeName
        let node = NodeHeartbeat(store: store, id: configuration.scheduler.owner, workers: configuration.scheduler.workers, interval: configuration.nodeHeartbeat,
                                 logger: Logger(label: "quire.node")) { [cron] in
            var d: [String: JSONValue] = ["name": .string(nodeName), "pipelines": .array(pipelines.map(JSONValue.string)), "cron_leader": .bool(cron.isLeading)]
            if let a = apiText.withLock({ $0 }) { d["api"] = .string(a) }
            return .object(d)
        }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: node, successTerminationBehavior: .ignore, serviceName: "node"),
            .init(service: workers, successTerminationBehavior: .ignore, serviceName: "workers"),
            .init(service: scheduler, successTerminationBehavior: .gracefullyShutdownGroup, serviceName: "scheduler"),
            .init(service: cron, successTerminationBehavior: .ignore, serviceName: "cron"),
            .init(service: spool, successTerminationBehavior: .gracefullyShutdownGroup, serviceName: "spool"),
            .init(service: MemoryTrim(), successTerminationBehavior: .ignore, serviceName: "memory"),
        ]
        if let endpoint = configuration.tracingEndpoint {
            let exporter = try QuireTracing.bootstrapOTLP(endpoint: endpoint, serviceName: configuration.tracingServiceName,
                                                          environment: ProcessInfo.processInfo.environment)
            services.insert(.init(service: exporter, successTerminationBehavior: .ignore, serviceName: "tracing"), at: 0)
        }
        let webhooks = try webhookService()
        if webhooks.isNeeded { services.append(.init(service: webhooks, successTerminationBehavior: .ignore, serviceName: "webhooks")) }
        // The API stops first on shutdown (services stop in reverse order): no new requests while work drains.
        if let api { services.append(.init(service: try apiService(host: api.host, port: api.port, limits: apiLimits, tls: apiTLS, onRunning: reportBound), serviceName: "api")) }
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: services,
            gracefulShutdownSignals: signals ? [.sigterm, .sigint] : [],
            logger: Logger(label: "quire.services")))
        return Services(group: group, scheduler: scheduler, spool: spool, cron: cron)
    }

    // MARK: Operator actions

    /// Re-queues a failed, exception, needs-human or cancelled item at the stage that stopped it.
    public func retry(item id: ItemID, by who: String = "operator") async throws -> Item {
        guard let item = try await store.item(id) else {
            throw QuireError(.notFound, "no item \(id); list items with 'quire items list'")
        }
        guard let entry = catalog[item.pipeline] else {
            throw QuireError(.notFound, "item \(id) belongs to pipeline '\(item.pipeline)', which is not loaded; restore pipelines/\(item.pipeline).yaml")
        }
        let jobs = try await store.jobs(of: id)
        let stopped = jobs.last { [.dead, .stopped, .cancelled].contains($0.state) && !entry.spec.isFailureStage($0.stageID) }
        let now = Date()
        let router = OutcomeRouter(spec: entry.spec)
        var drafts: [JobDraft]
        if let stopped, let stage = entry.spec.stage(stopped.stageID) {
            drafts = [router.draft(stage, item: item, now: now)]
        } else {
            drafts = try catalog.firstJobs(for: item, now: now).jobs
        }
        return try await store.transition(ItemTransition(
            item: id, allowedFrom: [.failed, .exception, .needsHuman, .cancelled], to: .processing, reason: nil,
            cancelActiveJobs: true, enqueue: drafts,
            events: [EventDraft(kind: "retried", stageID: drafts.first?.stageID, data: ["by": .string(who)])], now: now))
    }

    /// Cancels an item that has not finished; its queued jobs are dropped.
    public func cancel(item id: ItemID, reason: String, by who: String = "operator") async throws -> Item {
        try await store.transition(ItemTransition(
            item: id, allowedFrom: [.received, .processing, .needsHuman, .exception, .failed], to: .cancelled, reason: reason,
            cancelActiveJobs: true, events: [EventDraft(kind: "cancelled", data: ["by": .string(who), "reason": .string(reason)])], now: Date()))
    }

    // MARK: Setting up a home

    /// Creates a home folder: `quire.yaml`, the pipelines (copied from `pipelinesFrom` when given,
    /// never overwriting), the bots (copied from `botsFrom`, by default the `bots` folder beside
    /// the pipelines folder), and the inbox and outbox folders of every pipeline. Idempotent.
    /// Returns what it did, line by line.
    public static func initialize(home: String, pipelinesFrom source: String?, botsFrom: String? = nil) async throws -> [String] {
        let layout = HomeLayout(home: home)
        let fm = FileManager.default
        var done: [String] = []
        do {
            try fm.createDirectory(atPath: layout.home, withIntermediateDirectories: true)
            if !fm.fileExists(atPath: layout.configFile) {
                try AtomicFile.write(Data(ApplianceConfiguration.defaultFile.utf8), to: layout.configFile)
                done.append("wrote \(layout.configFile)")
            }
            var configuration = try ApplianceConfiguration.load(home: home, environment: [:])
            // The folders come from quire.yaml alone; the store may be named by QUIRE_STORE, as for
            // every other command, so that a node's init sets up (and installs models in) the shared store.
            if let url = ProcessInfo.processInfo.environment["QUIRE_STORE"], !url.isEmpty { try configuration.setStore(url) }
            if configuration.pipelinesDirectory == layout.defaultPipelines {
                try fm.createDirectory(atPath: layout.defaultPipelines, withIntermediateDirectories: true)
            }
            try fm.createDirectory(atPath: configuration.templatesDirectory, withIntermediateDirectories: true)
            if let source {
                for name in ((try? fm.contentsOfDirectory(atPath: source)) ?? []).sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                    let target = configuration.pipelinesDirectory + "/" + name
                    if !fm.fileExists(atPath: target) {
                        try fm.copyItem(atPath: source + "/" + name, toPath: target)
                        done.append("copied pipeline \(name)")
                    }
                }
                // Shipped vendor templates live in the pipelines folder's templates/.
                let templates = source + "/templates"
                for name in ((try? fm.contentsOfDirectory(atPath: templates)) ?? []).sorted() where [".yml", ".yaml", ".json"].contains(where: name.hasSuffix) {
                    let target = configuration.templatesDirectory + "/" + name
                    if !fm.fileExists(atPath: target) {
                        try fm.copyItem(atPath: templates + "/" + name, toPath: target)
                        done.append("copied template \(name)")
                    }
                }
            }
            let bots = botsFrom ?? source.map { ($0 as NSString).deletingLastPathComponent + "/bots" }
            if let bots, fm.fileExists(atPath: bots) {
                try fm.createDirectory(atPath: configuration.botsDirectory, withIntermediateDirectories: true)
                for name in ((try? fm.contentsOfDirectory(atPath: bots)) ?? []).sorted() where fm.fileExists(atPath: "\(bots)/\(name)/bot.yaml") {
                    let target = configuration.botsDirectory + "/" + name
                    if !fm.fileExists(atPath: target) {
                        try fm.copyItem(atPath: bots + "/" + name, toPath: target)
                        done.append("copied bot \(name)")
                    }
                }
            }
            configuration.layout = layout
            let catalog = try PipelineCatalog.load(directory: configuration.pipelinesDirectory,
                                                   registry: defaultRegistry(configuration: configuration, bots: try botEnvironment(configuration, store: nil)))
            for spec in catalog.specs {
                try layout.prepare(pipeline: spec.name)
                done.append("inbox ready: \(layout.inbox(spec.name))/")
            }
            try fm.createDirectory(atPath: layout.dataDirectory, withIntermediateDirectories: true)
            let newKey = !fm.fileExists(atPath: configuration.auditKeyPath)
            let store = try await openStore(configuration)
            if newKey { done.append("audit key created: \(configuration.auditKeyPath) (back it up; without it the audit trail cannot be verified)") }
            done += try await installModels(from: source.map { $0 + "/models" }, store: store,
                                            blobs: try BlobStore(root: configuration.blobsDirectory, keyring: try configuration.blobKeyring()))
            // The first admin token, in a file only its owner can read (shown nowhere else).
            let tokenFile = layout.home + "/admin.token"
            if try await store.tokens().isEmpty {
                let (_, secret) = try await Tokens.create(store: store, name: "admin (quire init)", role: .admin, tenants: [], expiresIn: nil, by: "quire init")
                guard fm.createFile(atPath: tokenFile, contents: Data((secret + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
                    throw QuireError(.io, "cannot write \(tokenFile)")
                }
                done.append("admin token written to \(tokenFile) (readable by you only)")
            } else if !fm.fileExists(atPath: tokenFile) {
                // A shared store that another node set up: its tokens are there, this home has none of them.
                done.append("the store already has API tokens (another node's quire init?); for this home: quire tokens create --home \(layout.home) --role admin > \(tokenFile); chmod 600 \(tokenFile)")
            }
            await store.close()
        } catch let e as QuireError {
            throw e
        } catch {
            throw QuireError(.io, "cannot set up \(layout.home): \(error)", cause: error)
        }
        return done
    }

    /// Model files in `directory` (`*.qmodel`, if given), then the models built into quire
    /// (``BuiltInModels``), become the active version of their name where the registry has no
    /// version of that name yet. Returns what it did.
    public static func installModels(from directory: String?, store: any Store, blobs: BlobStore) async throws -> [String] {
        let fm = FileManager.default
        let registry = ModelRegistry(store: store, blobs: blobs)
        var done: [String] = []
        var candidates: [(Classifier, String)] = []
        if let directory {
            for name in ((try? fm.contentsOfDirectory(atPath: directory)) ?? []).sorted() where name.hasSuffix(".qmodel") {
                guard let bytes = fm.contents(atPath: directory + "/" + name) else { continue }
                do { candidates.append((try Classifier(file: [UInt8](bytes)), "\(directory)/\(name)")) } catch {
                    throw QuireError(.invalidConfiguration, "\(directory)/\(name): \(error); remove it or replace it with a file from 'quire model train --out'")
                }
            }
        }
        candidates += BuiltInModels.all.map { ($0, "built into quire") }
        for (classifier, origin) in candidates {
            guard try await store.models(name: classifier.info.name).isEmpty else { continue }
            try await registry.register(classifier, actor: "quire init", reason: "the default model shipped with Quire (\(origin))")
            try await registry.promote(classifier.info.name, classifier.info.version, actor: "quire init", reason: "no other version")
            done.append("installed model \(classifier.info.name) version \(classifier.info.version) (active, \(origin))")
        }
        return done
    }
}

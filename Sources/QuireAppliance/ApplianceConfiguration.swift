public import Foundation
public import Logging
import QuireCore
public import QuireEngine
public import QuireObservability
public import QuireStore
import Yams

/// Everything `quire serve` needs to know, merged in one place from `<home>/quire.yaml`,
/// the environment (`QUIRE_*`) and command-line flags, in that order of precedence (flags win).
/// Every key is documented in `docs/configuration.md`.
public struct ApplianceConfiguration: Sendable {
    public var layout: HomeLayout
    /// Folder of pipeline specs (default `<home>/pipelines`).
    public var pipelinesDirectory: String
    /// Folder of vendor templates in the invoice2data format (default `<home>/templates`).
    public var templatesDirectory: String
    /// The SQLite database file (default `<home>/data/quire.sqlite`); its folder is the data folder.
    public var databasePath: String
    /// A shared PostgreSQL store (`store: postgres://…`, `QUIRE_STORE`, or `quire serve --store`);
    /// nil: the SQLite file. Several nodes may use one.
    public var storeURL: String?
    /// The audit trail's HMAC key file (`audit_key`; default `<data>/audit.key`). Nodes sharing a
    /// PostgreSQL store must share this key too.
    public var auditKeyFile: String?
    /// This node's name (`node`, `QUIRE_NODE`; default the host name): names its claimed folder in a shared inbox.
    public var nodeName: String = NodeIdentity.hostName
    /// A shared inbox root (`spool.inbox`), nil: `<home>/inbox`.
    public var sharedInbox: String?
    /// Seconds between node heartbeats in the store's `nodes` table (`quire status` lists the nodes).
    public var nodeHeartbeat: Double = 5
    /// The content-addressed blob folder (default `<home>/data/blobs`).
    public var blobsDirectory: String
    /// The key file blobs are encrypted with at rest (`<id> <base64>` per line, the last one current;
    /// mode 600); nil: blobs are stored as they came. `QUIRE_BLOB_KEY=id:base64` gives one key instead.
    public var blobKeysFile: String?
    /// A key from the environment (`QUIRE_BLOB_KEY`), used when no key file is configured.
    var blobKeyValue: String?
    /// Folder of bots, one `<name>/bot.yaml` each (default `<home>/bots`).
    public var botsDirectory: String
    /// Secrets bots need, `NAME: value` (default `<home>/secrets.yaml`, mode 600); the environment overrides it.
    public var secretsFile: String
    /// Each bot attempt's private scratch folder is made under this one.
    public var botScratchDirectory: String { dataDirectoryPath + "/bot-scratch" }
    var dataDirectoryPath: String { (databasePath as NSString).deletingLastPathComponent }
    /// The audit trail's HMAC key: beside the database, never inside it.
    public var auditKeyPath: String { auditKeyFile ?? (databasePath as NSString).deletingLastPathComponent + "/audit.key" }

    /// Where the state is, for messages: the SQLite path, or the PostgreSQL URL without its password.
    public var storeDescription: String { storeURL.map(PostgresStore.redacted) ?? databasePath }
    public var spool = SpoolConfiguration()
    public var scheduler = SchedulerConfiguration()
    /// The isolated `quire worker` processes that parse untrusted files.
    public var isolation = WorkerPool.Configuration()
    public var logLevel: Logger.Level = .info
    public var logFormat: LoggingSetup.Format = .json
    /// Finished jobs are pruned from history after this long, seconds (default 30 days).
    public var historyRetention: Double = 30 * 86_400
    /// When history pruning runs (default 03:17 UTC every day).
    public var pruneSchedule = "17 3 * * *"
    /// The nightly report (docs/reports.md).
    public var report = ReportConfiguration()
    /// Where spans go (an OTLP/HTTP collector, e.g. http://collector:4318); nil: tracing off.
    /// `tracing.endpoint`, or the standard `OTEL_EXPORTER_OTLP_ENDPOINT`.
    public var tracingEndpoint: String?
    public var tracingServiceName = "quire"
    /// Threshold alerts (docs/observability.md).
    public var alerts = AlertConfiguration()

    public init(home: String) {
        layout = HomeLayout(home: home)
        pipelinesDirectory = layout.defaultPipelines
        templatesDirectory = layout.home + "/templates"
        databasePath = layout.defaultDatabase
        blobsDirectory = layout.defaultBlobs
        botsDirectory = layout.home + "/bots"
        secretsFile = layout.home + "/secrets.yaml"
    }

    public static let keys: [String: [String]] = [
        "": ["node", "pipelines", "templates", "store", "audit_key", "outbox", "blobs", "blob_keys", "bots", "secrets", "log", "spool", "scheduler", "isolation", "report", "tracing", "alerts"],
        "isolation": ["processes", "memory_mb", "cpu_seconds"],
        "log": ["level", "format"],
        "spool": ["settle", "poll_interval", "rescan_interval", "watch", "after", "sidecar_wait", "parallelism", "batch_limit", "inbox"],
        "scheduler": ["workers", "poll_interval", "rescue_interval", "shutdown_grace", "history_retention", "prune_schedule"],
        "tracing": ["endpoint", "service_name"],
        "alerts": ["dead_letters", "backlog_age", "drift", "bot_failure_rate", "review_overdue", "check_interval", "webhook", "webhook_secret"],
        "report": ["schedule", "time_zone", "folder", "cpu_hour_rate", "review_hour_rate", "currency", "manual_minutes"],
    ]

    /// Loads `<home>/quire.yaml` (if present) and applies `QUIRE_*` environment variables.
    public static func load(home: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ApplianceConfiguration {
        var c = ApplianceConfiguration(home: home)
        let file = c.layout.configFile
        if let data = FileManager.default.contents(atPath: file) {
            try c.apply(yaml: String(decoding: data, as: UTF8.self), file: file)
        }
        try c.apply(environment: environment)
        if let inbox = c.sharedInbox { c.layout.shareInbox(inbox, node: c.nodeName) }
        return c
    }

    func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : layout.home + "/" + path
    }

    mutating func apply(yaml: String, file: String) throws {
        let node: Node?
        do { node = try Yams.compose(yaml: yaml) } catch {
            throw QuireError(.invalidConfiguration, "\(file): not valid YAML: \(error)")
        }
        guard let root = node else { return }
        guard let top = root.mapping else {
            throw QuireError(.invalidConfiguration, "\(file):1: the configuration must be a mapping of keys such as 'spool:' and 'scheduler:'")
        }
        func fail(_ n: Node, _ message: String) -> QuireError {
            QuireError(.invalidConfiguration, "\(file):\(n.mark?.line ?? 1): \(message)")
        }
        func check(_ m: Node.Mapping, _ section: String) throws {
            let known = Self.keys[section]!
            for (k, _) in m {
                let key = k.scalar?.string ?? "?"
                if !known.contains(key) {
                    throw fail(k, "unknown key '\(section.isEmpty ? key : section + "." + key)'; known keys\(section.isEmpty ? "" : " under " + section): \(known.joined(separator: ", "))")
                }
            }
        }
        func seconds(_ n: Node, _ key: String) throws -> Double {
            guard let s = n.scalar?.string, let v = Quantities.seconds(s), v > 0 else {
                throw fail(n, "\(key) must be a duration such as 500ms, 2s or 5m")
            }
            return v
        }
        func positiveInt(_ n: Node, _ key: String) throws -> Int {
            guard let v = n.int, v >= 1 else { throw fail(n, "\(key) must be a whole number from 1 up") }
            return v
        }
        try check(top, "")
        if let v = top["pipelines"]?.scalar?.string { pipelinesDirectory = resolve(v) }
        if let v = top["templates"]?.scalar?.string { templatesDirectory = resolve(v) }
        if let v = top["store"]?.scalar?.string {
            let path = v.hasPrefix("sqlite:") ? String(v.dropFirst("sqlite:".count)) : v
            if path.hasPrefix("postgres://") || path.hasPrefix("postgresql://") {
                do { _ = try PostgresStore.Configuration(url: path) } catch let e as QuireError { throw fail(top["store"]!, e.message) }
                storeURL = path
            } else {
                databasePath = resolve(path)
            }
        }
        if let v = top["audit_key"]?.scalar?.string { auditKeyFile = resolve(v) }
        if let v = top["outbox"]?.scalar?.string { layout.outboxRoot = resolve(v) }
        if let n = top["node"] {
            guard let v = n.scalar?.string, Self.validNodeName(v) else { throw fail(n, "node must be a name of letters, digits, '.', '-' or '_'") }
            nodeName = v
        }
        if let v = top["blobs"]?.scalar?.string { blobsDirectory = resolve(v) }
        if let v = top["blob_keys"]?.scalar?.string { blobKeysFile = resolve(v) }
        if let v = top["bots"]?.scalar?.string { botsDirectory = resolve(v) }
        if let v = top["secrets"]?.scalar?.string { secretsFile = resolve(v) }
        if let log = top["log"] {
            guard let m = log.mapping else { throw fail(log, "log must be a mapping with level and format") }
            try check(m, "log")
            if let l = m["level"] {
                guard let s = l.scalar?.string, let level = Logger.Level(rawValue: s) else {
                    throw fail(l, "log.level must be one of trace, debug, info, notice, warning, error, critical")
                }
                logLevel = level
            }
            if let f = m["format"] {
                guard let s = f.scalar?.string, let format = LoggingSetup.Format(rawValue: s) else { throw fail(f, "log.format must be json or text") }
                logFormat = format
            }
        }
        if let sp = top["spool"] {
            guard let m = sp.mapping else { throw fail(sp, "spool must be a mapping") }
            try check(m, "spool")
            if let v = m["inbox"]?.scalar?.string { sharedInbox = resolve(v) }
            if let n = m["settle"] { spool.settle = try seconds(n, "spool.settle") }
            if let n = m["poll_interval"] { spool.pollInterval = try seconds(n, "spool.poll_interval") }
            if let n = m["rescan_interval"] { spool.rescanInterval = try seconds(n, "spool.rescan_interval") }
            if let n = m["sidecar_wait"] { spool.sidecarWait = try seconds(n, "spool.sidecar_wait") }
            if let n = m["parallelism"] { spool.parallelism = try positiveInt(n, "spool.parallelism") }
            if let n = m["batch_limit"] { spool.batchLimit = try positiveInt(n, "spool.batch_limit") }
            if let n = m["watch"] {
                guard let s = n.scalar?.string, let w = SpoolConfiguration.WatchMode(rawValue: s) else { throw fail(n, "spool.watch must be auto, inotify or poll") }
                spool.watch = w
            }
            if let n = m["after"] {
                guard let s = n.scalar?.string, let a = SpoolConfiguration.After(rawValue: s) else { throw fail(n, "spool.after must be delete or archive") }
                spool.after = a
            }
        }
        if let iso = top["isolation"] {
            guard let m = iso.mapping else { throw fail(iso, "isolation must be a mapping with processes, memory_mb and cpu_seconds") }
            try check(m, "isolation")
            if let n = m["processes"] { isolation.size = try positiveInt(n, "isolation.processes") }
            if let n = m["memory_mb"] {
                let v = try positiveInt(n, "isolation.memory_mb")
                guard v >= 256 else { throw fail(n, "isolation.memory_mb must be at least 256 (the worker itself needs about 100 MB)") }
                isolation.memoryMB = v
            }
            if let n = m["cpu_seconds"] { isolation.cpuSeconds = try positiveInt(n, "isolation.cpu_seconds") }
        }
        if let al = top["alerts"] {
            guard let m = al.mapping else { throw fail(al, "alerts must be a mapping of thresholds, e.g. backlog_age: 15m") }
            try check(m, "alerts")
            for (key, path) in [("dead_letters", \AlertConfiguration.deadLetters), ("drift", \.drift), ("bot_failure_rate", \.botFailureRate), ("review_overdue", \.reviewOverdue)] {
                guard let n = m[key] else { continue }
                guard let v = (n.scalar?.string).flatMap({ Double($0) }), v >= 0 else { throw fail(n, "alerts.\(key) must be a number from 0 up (0 turns the rule off)") }
                alerts[keyPath: path] = v
            }
            if let n = m["backlog_age"] {
                guard let s = n.scalar?.string, let v = s == "0" ? 0 : Quantities.seconds(s) else { throw fail(n, "alerts.backlog_age must be a duration such as 15m (0 turns it off)") }
                alerts.backlogAge = v
            }
            if let n = m["check_interval"] { alerts.checkInterval = try seconds(n, "alerts.check_interval") }
            if let n = m["webhook"] {
                guard let s = n.scalar?.string, let u = URL(string: s), ["http", "https"].contains(u.scheme ?? "") else { throw fail(n, "alerts.webhook must be an http(s) URL") }
                alerts.webhook = s
            }
            if let n = m["webhook_secret"]?.scalar?.string { alerts.webhookSecret = n }
        }
        if let tr = top["tracing"] {
            guard let m = tr.mapping else { throw fail(tr, "tracing must be a mapping with endpoint and service_name") }
            try check(m, "tracing")
            if let n = m["endpoint"] {
                guard let s = n.scalar?.string, let u = URL(string: s), ["http", "https"].contains(u.scheme ?? "") else {
                    throw fail(n, "tracing.endpoint must be the collector's OTLP/HTTP URL, e.g. http://collector:4318")
                }
                tracingEndpoint = s
            }
            if let n = m["service_name"]?.scalar?.string { tracingServiceName = n }
        }
        if let rp = top["report"] {
            guard let m = rp.mapping else { throw fail(rp, "report must be a mapping with schedule, time_zone, folder and the rates") }
            try check(m, "report")
            if let n = m["schedule"] {
                guard let s = n.scalar?.string, (try? CronSchedule(s)) != nil else { throw fail(n, "report.schedule must be a cron expression such as '0 2 * * *'") }
                report.schedule = s
            }
            if let n = m["time_zone"] {
                guard let s = n.scalar?.string, TimeZone(identifier: s) != nil else { throw fail(n, "report.time_zone must be a zone name such as Europe/Berlin or UTC") }
                report.timeZone = s
            }
            if let n = m["folder"]?.scalar?.string { report.folder = resolve(n) }
            if let n = m["currency"]?.scalar?.string { report.currency = n }
            for (key, path) in [("cpu_hour_rate", \ReportConfiguration.cpuHourRate), ("review_hour_rate", \.reviewHourRate), ("manual_minutes", \.manualMinutes)] {
                guard let n = m[key] else { continue }
                guard let v = (n.scalar?.string).flatMap({ Double($0) }), v >= 0 else { throw fail(n, "report.\(key) must be a number from 0 up") }
                report[keyPath: path] = v
            }
        }
        if let sc = top["scheduler"] {
            guard let m = sc.mapping else { throw fail(sc, "scheduler must be a mapping") }
            try check(m, "scheduler")
            if let n = m["workers"] { scheduler.workers = try positiveInt(n, "scheduler.workers") }
            if let n = m["poll_interval"] { scheduler.pollInterval = try seconds(n, "scheduler.poll_interval") }
            if let n = m["rescue_interval"] { scheduler.rescueInterval = try seconds(n, "scheduler.rescue_interval") }
            if let n = m["shutdown_grace"] { scheduler.shutdownGrace = try seconds(n, "scheduler.shutdown_grace") }
            if let n = m["history_retention"] { historyRetention = try seconds(n, "scheduler.history_retention") }
            if let n = m["prune_schedule"] {
                guard let s = n.scalar?.string, (try? CronSchedule(s)) != nil else { throw fail(n, "scheduler.prune_schedule must be a cron expression such as '17 3 * * *'") }
                pruneSchedule = s
            }
        }
    }

    static func validNodeName(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 64 && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) } && !s.hasPrefix(".")
    }

    /// Points the appliance at a store: a `postgres://` URL, or an SQLite path (`sqlite:` prefix allowed).
    public mutating func setStore(_ text: String) throws {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            _ = try PostgresStore.Configuration(url: text)
            storeURL = text
        } else {
            storeURL = nil
            databasePath = resolve(text.hasPrefix("sqlite:") ? String(text.dropFirst("sqlite:".count)) : text)
        }
    }

    /// `QUIRE_STORE`, `QUIRE_LOG_LEVEL`, `QUIRE_LOG_FORMAT`, `QUIRE_WORKERS`, `QUIRE_SPOOL_SETTLE`, `QUIRE_SPOOL_WATCH`, `QUIRE_PIPELINES`.
    mutating func apply(environment env: [String: String]) throws {
        if let v = env["QUIRE_LOG_LEVEL"] {
            guard let l = Logger.Level(rawValue: v) else { throw QuireError(.invalidConfiguration, "QUIRE_LOG_LEVEL=\(v): use trace, debug, info, notice, warning, error or critical") }
            logLevel = l
        }
        if let v = env["QUIRE_LOG_FORMAT"] {
            guard let f = LoggingSetup.Format(rawValue: v) else { throw QuireError(.invalidConfiguration, "QUIRE_LOG_FORMAT=\(v): use json or text") }
            logFormat = f
        }
        if let v = env["QUIRE_WORKERS"] {
            guard let n = Int(v), n >= 1 else { throw QuireError(.invalidConfiguration, "QUIRE_WORKERS=\(v): use a whole number from 1 up") }
            scheduler.workers = n
        }
        if let v = env["QUIRE_SPOOL_SETTLE"] {
            guard let s = Quantities.seconds(v) else { throw QuireError(.invalidConfiguration, "QUIRE_SPOOL_SETTLE=\(v): use a duration such as 500ms or 2s") }
            spool.settle = s
        }
        if let v = env["QUIRE_SPOOL_WATCH"] {
            guard let w = SpoolConfiguration.WatchMode(rawValue: v) else { throw QuireError(.invalidConfiguration, "QUIRE_SPOOL_WATCH=\(v): use auto, inotify or poll") }
            spool.watch = w
        }
        if let v = env["QUIRE_STORE"], !v.isEmpty { try setStore(v) }
        if let v = env["QUIRE_NODE"], !v.isEmpty {
            guard Self.validNodeName(v) else { throw QuireError(.invalidConfiguration, "QUIRE_NODE=\(v): use letters, digits, '.', '-' or '_'") }
            nodeName = v
        }
        if let v = env["QUIRE_PIPELINES"] { pipelinesDirectory = resolve(v) }
        if let v = env["QUIRE_TEMPLATES"] { templatesDirectory = resolve(v) }
        if let v = env["QUIRE_BOTS"] { botsDirectory = resolve(v) }
        if let v = env["QUIRE_SECRETS"] { secretsFile = resolve(v) }
        if let v = env["QUIRE_BLOB_KEYS"] { blobKeysFile = resolve(v) }
        if let v = env["OTEL_EXPORTER_OTLP_ENDPOINT"], !v.isEmpty, tracingEndpoint == nil { tracingEndpoint = v }
        if let v = env["QUIRE_BLOB_KEY"], !v.isEmpty { blobKeyValue = v }
    }

    /// The keys blobs are encrypted with, from `blob_keys` / `QUIRE_BLOB_KEYS` or `QUIRE_BLOB_KEY`; nil when none is configured.
    public func blobKeyring() throws -> BlobKeyring? {
        if let f = blobKeysFile { return try BlobKeyring.load(file: f) }
        if let v = blobKeyValue { return try BlobKeyring.parse(v.contains(":") || v.contains(" ") ? v : "env:" + v, source: "QUIRE_BLOB_KEY") }
        return nil
    }

    /// The text `quire init` writes: every key, commented, with its default.
    public static let defaultFile = """
        # Quire appliance configuration. Every key is optional; the values shown are the defaults.
        # Paths are relative to this folder. Environment variables QUIRE_* and flags override them.
        # Reference: docs/configuration.md

        pipelines: pipelines          # folder of pipeline specs (*.yaml)
        templates: templates          # vendor templates for the fields stage (invoice2data format, *.yml)
        store: data/quire.sqlite      # the embedded SQLite store
        blobs: data/blobs             # content-addressed copies of every accepted file
        bots: bots                    # RPA bots, one folder with a bot.yaml each (docs/bots.md)
        secrets: secrets.yaml         # NAME: value secrets for bots (chmod 600); the environment overrides
        # blob_keys: blob.keys        # encrypt stored files at rest with these keys (quire blobs keygen; docs/governance.md)

        log:
          level: info                 # trace, debug, info, notice, warning, error, critical
          format: json                # json (one object per line) or text

        spool:
          settle: 2s                  # a file is taken once size and mtime are unchanged this long
          watch: auto                 # auto (inotify, polling on network filesystems), inotify, poll
          poll_interval: 1s           # listing interval when polling
          rescan_interval: 30s        # full rescan as a safety net
          after: delete               # delete the original once stored, or archive (archive/<pipeline>/<day>/)
          sidecar_wait: 60s           # how long x.pdf.json waits for x.pdf
          parallelism: 32             # files taken in at once (they share commits)
          batch_limit: 500            # files taken in per pass over an inbox (a flood goes in batches)

        isolation:                    # quire worker processes that parse PDFs and images
          # processes: 2              # default: the number of cores
          memory_mb: 2048             # address space per worker; past it the worker dies, not the appliance
          cpu_seconds: 120            # CPU time per document

        alerts:                       # threshold rules: a log line, quire_alerts_active and a webhook (0 turns a rule off)
          dead_letters: 1             # dead-lettered jobs in the last hour
          backlog_age: 15m            # how long the oldest ready job may wait
          drift: 0.25                 # label PSI of a model
          bot_failure_rate: 0.2       # failed share of bot attempts in the last hour (from 5 attempts)
          review_overdue: 1           # reviews past their SLA
          # webhook: https://ops.example/hooks/quire
          # webhook_secret: ALERT_WEBHOOK_SECRET   # a name in secrets.yaml or the environment

        # tracing:                    # spans over OTLP/HTTP (docs/observability.md); or OTEL_EXPORTER_OTLP_ENDPOINT
        #   endpoint: http://collector:4318
        #   service_name: quire

        report:                       # the nightly report (docs/reports.md), written to reports/<date>/
          schedule: "0 2 * * *"       # when it runs (cron, in time_zone); missed nights are caught up
          # time_zone: Europe/Berlin  # default: the machine's
          cpu_hour_rate: 0.05         # cost of an hour of processing
          review_hour_rate: 40        # cost of an hour of review
          currency: EUR
          manual_minutes: 4           # minutes a person would spend keying one document

        scheduler:
          # workers: 8                # jobs run at once on this node; default: 4 per core, at least 8, at most 64
          poll_interval: 200ms        # idle check for work queued by other processes
          rescue_interval: 1s         # how often expired leases are looked for
          shutdown_grace: 10s         # running jobs get this long to finish on SIGTERM
          history_retention: 30d      # finished jobs are pruned after this long
          prune_schedule: "17 3 * * *"  # cron expression (UTC) for the pruning

        """
}

/// The nightly report's settings (`report:` in quire.yaml).
public struct ReportConfiguration: Sendable {
    public var schedule = "0 2 * * *"
    /// A zone name; nil: the machine's zone.
    public var timeZone: String?
    /// Default `<home>/reports`.
    public var folder: String?
    public var cpuHourRate = 0.05
    public var reviewHourRate = 40.0
    public var currency = "EUR"
    public var manualMinutes = 4.0
    public init() {}
}

import ArgumentParser
import Foundation
import QuireCore
import Logging
import QuireAppliance
import QuireAPI
import QuireEngine
import QuireObservability
import QuireStore
import ServiceLifecycle

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the appliance: spool intake, scheduler, cron and the HTTP API, until SIGTERM or SIGINT.",
        discussion: """
            Logs are JSON lines on standard error. On SIGTERM/SIGINT intake stops, running jobs get
            scheduler.shutdown_grace (default 10s) to finish, and the rest give their leases back.

            The HTTP API (docs/api.md) listens on 127.0.0.1:8470 unless --api (or $QUIRE_API) says
            another HOST:PORT, or off.

            Example:
              quire serve --home ./quire-home --workers 4 --api 0.0.0.0:8470

            Several nodes share one PostgreSQL database and one blob folder (docs/operations.md):
              quire serve --home /srv/quire --store postgres://quire@db.internal/quire
            """)

    @OptionGroup var homeOptions: HomeOptions

    @Option(help: ArgumentHelp("The store: a postgres://USER@HOST:PORT/DB URL shared by several nodes (options such as ?pool=10&query_timeout=30: docs/configuration.md), or an SQLite file (overrides store: and $QUIRE_STORE).", valueName: "URL"))
    var store: String?

    @Option(help: "Jobs to run at once on this node (overrides scheduler.workers; default: 4 per core, at least 8, at most 64).")
    var workers: Int?

    @Option(help: ArgumentHelp("Log level: trace, debug, info, notice, warning, error, critical.", valueName: "LEVEL"))
    var logLevel: String?

    @Option(help: ArgumentHelp("Log format: json or text.", valueName: "FORMAT"))
    var logFormat: String?

    @Option(help: ArgumentHelp("Where the HTTP API listens, HOST:PORT (port 0: any free port), unix:PATH (a Unix socket), or off (default: $QUIRE_API, else 127.0.0.1:8470).", valueName: "ADDRESS"))
    var api: String?

    @Option(help: ArgumentHelp("A PEM certificate (chain) for the API: it then speaks HTTPS only (default: $QUIRE_API_TLS_CERT).", valueName: "FILE"))
    var tlsCert: String?

    @Option(help: ArgumentHelp("The PEM private key of --tls-cert (default: $QUIRE_API_TLS_KEY).", valueName: "FILE"))
    var tlsKey: String?

    /// (host, port) or nil for off.
    var apiAddress: (host: String, port: Int)? {
        get throws {
            let text = api ?? ProcessInfo.processInfo.environment["QUIRE_API"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1:8470"
            if text == "off" { return nil }
            if text.hasPrefix("unix:") {
                guard text.count > 5 else { throw ValidationError("--api unix:PATH needs the socket's path, e.g. unix:/run/quire/api.sock") }
                return (text, 0)
            }
            guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port), colon > text.startIndex else {
                throw ValidationError("--api must be HOST:PORT such as 127.0.0.1:8470, unix:PATH for a Unix socket, or off")
            }
            return (String(text[..<colon]), port)
        }
    }

    func validate() throws {
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
        if let logLevel, Logger.Level(rawValue: logLevel) == nil { throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical") }
        if let logFormat, LoggingSetup.Format(rawValue: logFormat) == nil { throw ValidationError("--log-format must be json or text") }
        _ = try apiAddress
    }

    func run() async throws {
        // glibc's allocator set up for a long run before any of the appliance's threads start (MemoryTrim).
        MemoryTrim.configureAllocator()
        try await reportingErrors {
            var c = try homeOptions.configuration()
            if let store { try c.setStore(store) }
            if let workers { c.scheduler.workers = workers }
            if let logLevel { c.logLevel = Logger.Level(rawValue: logLevel)! }
            if let logFormat { c.logFormat = LoggingSetup.Format(rawValue: logFormat)! }
            LoggingSetup.bootstrap(format: c.logFormat, level: c.logLevel)
            let logger = Logger(label: "quire")
            // One serve per SQLite store (several nodes share PostgreSQL): refused before anything is opened.
            if c.storeURL == nil { try FileManager.default.createDirectory(atPath: (c.databasePath as NSString).deletingLastPathComponent, withIntermediateDirectories: true) }
            let lock = try c.storeURL == nil
                ? ServeLock.acquire(path: c.databasePath + ".serve.lock",
                                    holder: "pid \(getpid()) on \(NodeIdentity.hostName), node \(c.scheduler.owner), home \(c.layout.home), since \(ISO8601DateFormatter().string(from: Date()))")
                : nil
            let appliance = try await Appliance.open(c, logger: logger)
            for d in try await appliance.auditConfiguration() {
                logger.notice("changed since the last start; recorded in the audit trail", metadata: ["subject": "\(d.subject)", "file": "\(d.details["file"]?.stringValue ?? "")"])
            }
            let address = try apiAddress
            let apiLogger = logger
            var limits = APILimits()
            /// "N/DURATION" from the environment, e.g. 50/1s.
            func rate(_ name: String) throws -> (Double, Double)? {
                guard let text = ProcessInfo.processInfo.environment[name], !text.isEmpty else { return nil }
                let parts = text.split(separator: "/")
                guard parts.count == 2, let n = Double(parts[0]), n >= 1, let period = Quantities.seconds(String(parts[1])), period > 0 else {
                    throw QuireError(.invalidConfiguration, "\(name) must be a count per period, e.g. 50/1s or 1000/1m")
                }
                return (n, period)
            }
            if let (n, period) = try rate("QUIRE_API_RATE") { limits.requests = n; limits.period = period }
            if let (n, period) = try rate("QUIRE_API_FAILED_AUTH") { limits.failedAuthentications = n; limits.failedPeriod = period }
            let env = ProcessInfo.processInfo.environment
            if let text = env["QUIRE_API_UPLOADS"], !text.isEmpty {
                guard let n = Int(text), n >= 1 else { throw QuireError(.invalidConfiguration, "QUIRE_API_UPLOADS must be a whole number of uploads at once, e.g. 8") }
                limits.concurrentUploads = n
            }
            if let text = env["QUIRE_API_IN_MEMORY"], !text.isEmpty {
                guard let n = Quantities.bytes(text), n >= 1 << 20, n <= 1 << 30 else {
                    throw QuireError(.invalidConfiguration, "QUIRE_API_IN_MEMORY must be a size from 1MiB to 1GiB, e.g. 32MiB")
                }
                limits.inMemoryBytes = Int(n)
            }
            for (name, key) in [("QUIRE_API_BODY_TIMEOUT", \APILimits.bodyTimeout), ("QUIRE_API_ANALYSIS_TIMEOUT", \.analysisTimeout), ("QUIRE_API_IDLE_TIMEOUT", \.idleTimeout)] {
                guard let text = env[name], !text.isEmpty else { continue }
                guard let s = Quantities.seconds(text), s > 0 else { throw QuireError(.invalidConfiguration, "\(name) must be a duration such as 30s or 2m") }
                limits[keyPath: key] = s
            }
            var tls: (certificate: String, key: String)? = nil
            switch (tlsCert ?? env["QUIRE_API_TLS_CERT"].flatMap { $0.isEmpty ? nil : $0 }, tlsKey ?? env["QUIRE_API_TLS_KEY"].flatMap { $0.isEmpty ? nil : $0 }) {
            case (nil, nil): break
            case (let cert?, let key?): tls = (homeOptions.absolute(cert), homeOptions.absolute(key))
            default: throw QuireError(.invalidConfiguration, "TLS needs both a certificate and its key: --tls-cert FILE --tls-key FILE (or QUIRE_API_TLS_CERT and QUIRE_API_TLS_KEY)")
            }
            let services = try appliance.buildServiceGroup(api: address, apiLimits: limits, apiTLS: tls) { port in
                let shown = address?.host.hasPrefix("unix:") == true ? address!.host : "\(address?.host ?? ""):\(port)"
                apiLogger.notice("API listening", metadata: ["address": "\(shown)"])
            }
            logger.info("quire serving", metadata: [
                "home": "\(c.layout.home)", "store": "\(c.storeDescription)", "node": "\(c.scheduler.owner)",
                "pipelines": "\(appliance.catalog.names)", "workers": "\(c.scheduler.workers)",
                "version": "\(QuireCLIVersion.string)", "pid": "\(getpid())",
            ])
            do {
                try await services.group.run()
            } catch where "\(error)".contains("Address already in use") {
                throw QuireError(.invalidConfiguration, "the API cannot listen on \(address.map { "\($0.host):\($0.port)" } ?? "its address"): the address is in use (another quire serve?); stop that one, or pass --api HOST:PORT with another port, or --api off")
            }
            await appliance.store.close()
            withExtendedLifetime(lock) {}
            logger.info("quire stopped")
        }
    }
}

import ArgumentParser
import Foundation
import QuireCore
import Logging
import QuireAppliance
import QuireEngine
import QuireObservability
import ServiceLifecycle

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the appliance: spool intake, scheduler and cron, until SIGTERM or SIGINT.",
        discussion: """
            Logs are JSON lines on standard error. On SIGTERM/SIGINT intake stops, running jobs get
            scheduler.shutdown_grace (default 10s) to finish, and the rest give their leases back.

            Example:
              quire serve --home ./quire-home --workers 4
            """)

    @OptionGroup var homeOptions: HomeOptions

    @Option(help: "Jobs to run at once on this node (overrides scheduler.workers).")
    var workers: Int?

    @Option(help: ArgumentHelp("Log level: trace, debug, info, notice, warning, error, critical.", valueName: "LEVEL"))
    var logLevel: String?

    @Option(help: ArgumentHelp("Log format: json or text.", valueName: "FORMAT"))
    var logFormat: String?

    func validate() throws {
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
        if let logLevel, Logger.Level(rawValue: logLevel) == nil { throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical") }
        if let logFormat, LoggingSetup.Format(rawValue: logFormat) == nil { throw ValidationError("--log-format must be json or text") }
    }

    func run() async throws {
        try await reportingErrors {
            var c = try homeOptions.configuration()
            if let workers { c.scheduler.workers = workers }
            if let logLevel { c.logLevel = Logger.Level(rawValue: logLevel)! }
            if let logFormat { c.logFormat = LoggingSetup.Format(rawValue: logFormat)! }
            LoggingSetup.bootstrap(format: c.logFormat, level: c.logLevel)
            let logger = Logger(label: "quire")
            let appliance = try Appliance.open(c, logger: logger)
            for d in try await appliance.auditConfiguration() {
                logger.notice("changed since the last start; recorded in the audit trail", metadata: ["subject": "\(d.subject)", "file": "\(d.details["file"]?.stringValue ?? "")"])
            }
            let services = try appliance.buildServiceGroup()
            logger.info("quire serving", metadata: [
                "home": "\(c.layout.home)", "pipelines": "\(appliance.catalog.names)", "workers": "\(c.scheduler.workers)",
                "version": "\(QuireCLIVersion.string)", "pid": "\(getpid())",
            ])
            try await services.group.run()
            logger.info("quire stopped")
        }
    }
}

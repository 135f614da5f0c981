import ArgumentParser
import Foundation
import QuireAppliance
import QuireEngine

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create an appliance home folder (config, pipelines, inbox and outbox folders, database).",
        discussion: """
            Idempotent: existing files are kept. Pipelines are copied from --pipelines (default: ./pipelines when it exists),
            bots from --bots (default: the bots folder beside the pipelines folder).
            The store is quire.yaml's `store:` or $QUIRE_STORE; on a PostgreSQL store shared
            with other nodes, the first init creates the admin token and installs the models.

            Example:
              quire init ./quire-home --pipelines ./pipelines
              QUIRE_STORE=postgres://quire@db.internal/quire quire init /srv/quire
            """)

    @Argument(help: ArgumentHelp("The folder to create (default: --home, $QUIRE_HOME or ./quire-home).", valueName: "DIR"))
    var directory: String?

    @Option(help: ArgumentHelp("Copy pipeline specs from this folder.", valueName: "DIR"))
    var pipelines: String?

    @Option(help: ArgumentHelp("Copy bots (folders with a bot.yaml) from this folder.", valueName: "DIR"))
    var bots: String?

    @OptionGroup var homeOptions: HomeOptions

    func run() async throws {
        try await reportingErrors {
            let home = directory.map(homeOptions.absolute) ?? homeOptions.resolved
            var source = pipelines.map(homeOptions.absolute)
            if source == nil, FileManager.default.fileExists(atPath: "pipelines") { source = homeOptions.absolute("pipelines") }
            let done = try await Appliance.initialize(home: home, pipelinesFrom: source, botsFrom: bots.map(homeOptions.absolute))
            for line in done { print(line) }
            print("appliance home ready: \(home)")
            print("next: quire serve --home \(home)")
        }
    }
}


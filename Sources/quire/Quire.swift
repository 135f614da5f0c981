import ArgumentParser

/// The `quire` command. Commands only parse their arguments and call into the modules.
@main
struct Quire: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quire",
        abstract: "A self-hosted document and RPA pipeline appliance.",
        discussion: """
            Every command finds the appliance's home folder from --home DIR, else $QUIRE_HOME, else ./quire-home.

            Quick tour:
              quire init                      create ./quire-home with the shipped pipelines
              quire serve                     run the appliance (spool, scheduler, cron)
              quire drop invoice.pdf -p invoices
              quire status                    queues per pipeline and stage
              quire items list --state failed
            """,
        version: QuireCLIVersion.string,
        subcommands: [InitCommand.self, ServeCommand.self, DropCommand.self, StatusCommand.self, ItemsCommand.self,
                      PipelinesCommand.self, InspectCommand.self, DemoCommand.self, BenchCommand.self, FixturesCommand.self, WorkerCommand.self]
    )
}

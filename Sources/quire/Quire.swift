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
              quire demo                  sample invoices through a throw-away appliance
              quire init                  create ./quire-home with the shipped pipelines
              quire serve                 run the appliance until SIGTERM
              quire drop invoice.pdf -p invoices
              quire status                queues per pipeline and stage
              quire items list --state failed
              quire inspect scan.pdf      a document's text per page, without the queue
            """,
        version: QuireCLIVersion.string,
        subcommands: [InitCommand.self, ServeCommand.self, DropCommand.self, StatusCommand.self, ItemsCommand.self, MetricsCommand.self,
                      PipelinesCommand.self, InspectCommand.self, TemplatesCommand.self, VendorsCommand.self, ModelCommand.self, ReviewCommand.self, TokensCommand.self, AuditCommand.self, SubmitCommand.self, BotsCommand.self, WebhooksCommand.self, RetentionCommand.self, BlobsCommand.self, MigrateCommand.self, ReportCommand.self, DemoCommand.self, BenchCommand.self, FixturesCommand.self, WorkerCommand.self]
    )
}

import ArgumentParser
import Foundation
import QuireAppliance
import QuireCore
import QuireEngine

struct DropCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drop",
        abstract: "Take files into a pipeline now (the original files stay where they are).",
        discussion: """
            Each file is checked (type by content, size), stored and queued; a running 'quire serve'
            picks it up. Prints one line per file: the item id, or why it was not taken.

            Examples:
              quire drop invoice.pdf scan.png --pipeline invoices
              quire drop po.pdf -p invoices --priority 5 --external-ref PO-1234 --meta country=DE
            """)

    @Argument(help: ArgumentHelp("Files to take in.", valueName: "FILE"))
    var files: [String]

    @Option(name: .shortAndLong, help: "The pipeline to submit to.")
    var pipeline: String

    @Option(help: "Priority (higher runs first).")
    var priority: Int = 0

    @Option(help: "A reference of yours, kept with the item.")
    var externalRef: String?

    @Option(help: "Tenant the item belongs to.")
    var tenant: String?

    @Option(help: "Makes the submit idempotent: a second drop with the same key returns the first item (one file only).")
    var idempotencyKey: String?

    @Option(help: ArgumentHelp("Metadata, repeatable.", valueName: "KEY=VALUE"))
    var meta: [String] = []

    @OptionGroup var homeOptions: HomeOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one file to drop") }
        if idempotencyKey != nil && files.count > 1 { throw ValidationError("--idempotency-key works with one file at a time") }
        for m in meta where !m.contains("=") { throw ValidationError("--meta wants KEY=VALUE, got '\(m)'") }
    }

    func run() async throws {
        try await reportingErrors {
            let appliance = try await homeOptions.open()
            guard let entry = appliance.catalog[pipeline] else {
                throw QuireError(.notFound, "no pipeline '\(pipeline)'; known pipelines: \(appliance.catalog.names.joined(separator: ", ")) (see 'quire pipelines list')")
            }
            guard entry.spec.submit else {
                throw QuireError(.invalidArgument, "pipeline '\(pipeline)' does not take submissions (sources.submit is false); drop files into \(appliance.configuration.layout.inbox(pipeline))/ instead")
            }
            var submission = SpoolIntake.Submission()
            submission.priority = priority
            submission.externalRef = externalRef
            submission.tenant = tenant
            submission.idempotencyKey = idempotencyKey
            for m in meta {
                let parts = m.split(separator: "=", maxSplits: 1)
                submission.metadata[String(parts[0])] = .string(parts.count > 1 ? String(parts[1]) : "")
            }
            let intake = appliance.intake()
            var failures = 0
            // Many files: how far, how fast and how long still (on standard error; one line per file stays on standard output).
            let progress = files.count >= 20 ? ProgressReporter("dropping", total: files.count) : nil
            defer { progress?.finish() }
            for (n, file) in files.enumerated() {
                progress?.update(n)
                let path = homeOptions.absolute(file)
                let name = (path as NSString).lastPathComponent
                guard FileManager.default.fileExists(atPath: path) else {
                    print("\(file): not found")
                    failures += 1
                    continue
                }
                switch await intake.ingest(path: path, name: name, pipeline: pipeline, source: .cli, submission: submission, intakeKey: nil) {
                case .accepted(let item): print("\(file): accepted as \(item.id)")
                case .duplicate(let item, let original): print("\(file): duplicate of \(original.id) (\(original.name)); recorded as \(item.id), not processed again")
                case .existing(let item): print("\(file): already submitted as \(item.id) (same idempotency key)")
                case .rejected(_, let reason, _):
                    print("\(file): not taken: \(reason)")
                    failures += 1
                }
            }
            if failures > 0 { throw ExitCode(65) }
        }
    }
}

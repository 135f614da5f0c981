import ArgumentParser
import Foundation
import QuireAppliance
import QuireCore

struct RetentionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract: "Apply each pipeline's retention policy now (quire serve does it every night at 03:47 UTC).",
        discussion: """
            For finished items older than the pipeline's `retention` policy (e.g. retention: 365d), the
            original and the files made of it are deleted (unless another item holds the same bytes),
            and the document text is removed from the job outputs and the outbox record. The values,
            the decision, the reviews, the events and the audit trail stay; each purge is an audit entry.

            Example:
              quire retention run
            """,
        subcommands: [Run.self])

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Purge what is past retention now and say what went.")
        @Option(help: "Who runs it, for the audit trail.") var by: String = NSUserName()
        @OptionGroup var homeOptions: HomeOptions

        func run() async throws {
            try await reportingErrors {
                let appliance = try await homeOptions.open()
                // How far each pipeline's purge is (how many are past retention is not known before): counts and rate.
                var reporters: [String: ProgressReporter] = [:]
                let reports = try await appliance.purgeExpired(by: by) { pipeline, purged in
                    if reporters[pipeline] == nil { reporters[pipeline] = ProgressReporter("purging \(pipeline)", total: nil) }
                    reporters[pipeline]?.update(purged)
                }
                for r in reports where r.items > 0 { reporters[r.pipeline]?.finish(r.items) }
                if reports.isEmpty { print("no pipeline has a retention policy"); return }
                for r in reports {
                    print("\(r.pipeline): \(r.items) item\(r.items == 1 ? "" : "s") purged, \(r.blobs) file\(r.blobs == 1 ? "" : "s") deleted (\(r.bytes) bytes); retention \(r.retention >= 86_400 ? "\(Int(r.retention / 86_400)) d" : "\(Int(r.retention)) s")")
                }
            }
        }
    }
}

import ArgumentParser
import Foundation
import QuireAPI
import QuireAppliance
import QuireCore

struct MetricsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Print the Prometheus metrics: a running server's (--server), or rebuilt from the store.",
        discussion: """
            Without --server the counters and histograms are rebuilt from what the store still holds
            (finished jobs for scheduler.history_retention, review actions, classifications) and the
            gauges (queues, items, review backlog, drift) are read now: the same series a server
            exports at /metrics, where counters start when the server starts. docs/observability.md
            lists every series.

            Examples:
              quire metrics | grep quire_jobs
              quire metrics --server http://127.0.0.1:8470
            """)

    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var serverOptions: ServerOptions

    func run() async throws {
        try await reportingErrors {
            if let client = try serverOptions.client(homeOptions) {
                print(try await client.send("GET", "/metrics").text, terminator: "")
                return
            }
            let appliance = try await homeOptions.open()
            print(try await appliance.replayedMetrics(), terminator: "")
        }
    }
}

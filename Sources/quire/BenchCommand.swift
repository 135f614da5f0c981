import ArgumentParser
import Foundation
import QuireAppliance
import Logging
import QuireEngine
import QuireObservability

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks (results belong in docs/benchmarks.md with the command that made them).",
        subcommands: [Scheduler.self])

    struct Scheduler: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Scheduler on SQLite: claim + complete per second, and enqueue → pickup latency p50/p99.",
            discussion: """
                Runs twice: on an empty store, then with --finished finished jobs in the history table.
                Uses a temporary folder (or --dir); a release build gives the real numbers.

                Example:
                  swift build -c release && .build/release/quire bench scheduler --jobs 20000 --finished 1000000
                """)
        @Option(help: "Jobs per throughput run.") var jobs = 20_000
        @Option(help: "Finished jobs to add before the second run (0: skip it).") var finished = 1_000_000
        @Option(help: "Jobs at once.") var workers = 32
        @Option(help: "Jobs in the latency run.") var samples = 2_000
        @Option(help: "Enqueue rate in the latency run, per second.") var rate = 500.0
        @Option(help: ArgumentHelp("Work folder (default: a temporary folder).", valueName: "DIR")) var dir: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            LoggingSetup.bootstrap(format: .text, level: .error)
            var b = SchedulerBenchmark()
            b.jobs = jobs
            b.finished = finished
            b.workers = workers
            b.latencySamples = samples
            b.latencyRate = rate
            b.directory = dir
            let phases = try await b.run { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
            if json {
                let enc = JSONEncoder()
                enc.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try enc.encode(phases), as: UTF8.self))
                return
            }
            print("| finished jobs in store | jobs | claim+complete/s | pickup p50 | pickup p99 | pickup max |")
            print("|---:|---:|---:|---:|---:|---:|")
            for p in phases {
                print(String(format: "| %d | %d | %.0f | %.1f ms | %.1f ms | %.1f ms |", p.finishedJobsInStore, p.jobs, p.perSecond, p.pickupP50ms, p.pickupP99ms, p.pickupMaxms))
            }
        }
    }
}

import ArgumentParser
import Foundation
import Logging
import QuireAppliance
import QuireCore
import QuireDocuments
import QuireEngine
import QuireObservability
import QuireStore
import ServiceLifecycle

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Start the appliance on a throw-away home and drop sample invoices into it, to watch documents flow.",
        discussion: """
            Makes made-up invoices, credit notes and receipts (the generator of fixtures/: born-digital PDFs and
            scans, in English, German and French), drops them
            into inbox/invoices/ a few at a time, and prints the queues until every one is done. Then it keeps
            serving until Ctrl-C, so you can drop files of your own; the home is deleted at the end unless --keep.

            Example:
              quire demo
              quire demo --documents 20 --keep
            """)

    @Option(help: "Sample documents to drop.") var documents = 8
    @Option(help: ArgumentHelp("Pipelines to use (default: ./pipelines).", valueName: "DIR")) var pipelines = "pipelines"
    @Flag(help: "Keep the demo home instead of deleting it.") var keep = false
    @Flag(help: "Stop once every sample is done (for scripts).") var exitWhenDone = false

    func run() async throws {
        try await reportingErrors {
            LoggingSetup.bootstrap(format: .text, level: .error)
            let source = pipelines.hasPrefix("/") ? pipelines : FileManager.default.currentDirectoryPath + "/" + pipelines
            guard FileManager.default.fileExists(atPath: source + "/invoices.yaml") else {
                throw QuireError(.notFound, "no invoices pipeline in \(source); run 'quire demo' from the Quire folder or pass --pipelines DIR")
            }
            let home = NSTemporaryDirectory() + "quire-demo-\(getpid())"
            _ = try await Appliance.initialize(home: home, pipelinesFrom: source)
            defer { if !keep { try? FileManager.default.removeItem(atPath: home) } }
            var config = try ApplianceConfiguration.load(home: home)
            config.spool.settle = 0.3
            let appliance = try await Appliance.open(config)
            let services = try appliance.buildServiceGroup()
            let staging = home + "/samples"
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
            // The same made-up documents as fixtures/: scans where a document has one, else its PDF.
            let names = try FixtureGenerator.deliveries(count: max(1, documents), into: staging)
                .map { String($0.dropFirst(staging.count + 1)) }
            print("demo home: \(home)")
            print("dropping \(names.count) sample invoices into \(config.layout.inbox("invoices"))/ (PDFs and scans) …")
            let inbox = config.layout.inbox("invoices")
            let store = appliance.store
            let stop = exitWhenDone
            let keep = self.keep
            let layout = config.layout
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await services.group.run() }
                group.addTask {
                    for (k, name) in names.enumerated() {
                        _ = rename(staging + "/" + name, inbox + "/" + (name as NSString).lastPathComponent)
                        if k % 3 == 2 { try await Task.sleep(nanoseconds: 700_000_000) }
                    }
                    var last = ""
                    while true {
                        try await Task.sleep(nanoseconds: 1_000_000_000)
                        let stats = try await store.statistics(now: Date())
                        let counts = stats.items["invoices"] ?? [:]
                        let running = stats.stages.filter { $0.pipeline == "invoices" }.map { "\($0.stage) \($0.ready)+\($0.leased)" }.joined(separator: ", ")
                        let line = "items: " + ItemState.allCases.compactMap { s in counts[s.rawValue].map { "\(s.rawValue) \($0)" } }.joined(separator: ", ")
                            + (running.isEmpty ? "" : "   queued+running per stage: \(running)")
                        if line != last { print(line); last = line }
                        // Settled: finished, or waiting for a person in the review queue.
                        let finished = counts.filter { ItemState(rawValue: $0.key)?.isTerminal == true || $0.key == "exception" || $0.key == "needs_human" }.values.reduce(0, +)
                        if finished >= names.count {
                            print("all \(names.count) settled: results in \(layout.outbox("invoices", "done"))/")
                            if let waiting = counts["needs_human"], waiting > 0 {
                                print("\(waiting) wait in the review queue: quire review --home \(home)")
                            }
                            if keep || !stop { print("try: quire items list --home \(home)   ·   quire status --home \(home)") }
                            if stop { await services.group.triggerGracefulShutdown() } else { print("still serving; drop your own files into \(inbox)/ — Ctrl-C stops") }
                            return
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }
}

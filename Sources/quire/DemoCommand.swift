import ArgumentParser
import Foundation
import Logging
import QuireAppliance
import QuireCore
import QuireDocuments
import QuireEngine
import QuireFields
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
            In the demo's home totals above 2,000 go to a person, and all but one of the samples' vendors are
            known (as after 'quire vendors import'), so both paths show: some samples go straight through,
            the others wait in 'quire review' with the reasons printed (a scan from the new vendor among them).

            Example:
              quire demo
              quire demo --documents 20 --keep
            """)

    /// Totals above this go to review in the demo's home (the shipped invoices pipeline: 10,000).
    static let demoReviewLimit = 2000

    @Option(help: "Sample documents to drop.") var documents = 8
    @Option(help: ArgumentHelp("Pipelines to use (default: ./pipelines).", valueName: "DIR")) var pipelines = "pipelines"
    @Flag(help: "Keep the demo home instead of deleting it.") var keep = false
    @Flag(help: "Stop once every sample is done (for scripts).") var exitWhenDone = false

    func run() async throws {
        // glibc's allocator set up for a long run before any of the appliance's threads start (MemoryTrim).
        MemoryTrim.configureAllocator()
        try await reportingErrors {
            LoggingSetup.bootstrap(format: .text, level: .error)
            let source = pipelines.hasPrefix("/") ? pipelines : FileManager.default.currentDirectoryPath + "/" + pipelines
            guard FileManager.default.fileExists(atPath: source + "/invoices.yaml") else {
                throw QuireError(.notFound, "no invoices pipeline in \(source); run 'quire demo' from the Quire folder or pass --pipelines DIR")
            }
            let home = NSTemporaryDirectory() + "quire-demo-\(getpid())"
            _ = try await Appliance.initialize(home: home, pipelinesFrom: source)
            defer { if !keep { try? FileManager.default.removeItem(atPath: home) } }
            // Both paths in the first minute: in this throw-away home totals above 2,000 go to a person (the shipped
            // pipeline says 10,000), so some samples go straight through and some wait in the review queue.
            let spec = home + "/pipelines/invoices.yaml"
            if let yaml = try? String(contentsOfFile: spec, encoding: .utf8) {
                try yaml.replacingOccurrences(of: #"(?m)^(\s*review_above_amount:\s*)\d+"#, with: "$1" + String(Self.demoReviewLimit), options: .regularExpression)
                    .write(toFile: spec, atomically: true, encoding: .utf8)
            }
            var config = try ApplianceConfiguration.load(home: home)
            config.spool.settle = 0.3
            let appliance = try await Appliance.open(config)
            // All but the last of the samples' vendors are known, as after 'quire vendors import' of an ERP's vendor master:
            // their scans can go straight through; the last one's scans wait for a person until one is approved.
            let master = FixtureGenerator.vendorMaster
            try await appliance.store.recordVendors(master.dropLast().map {
                VendorRecord(name: $0.name, vatID: $0.vatID, iban: $0.iban, source: "import", confirmedAt: Date())
            })
            let services = try appliance.buildServiceGroup()
            let staging = home + "/samples"
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
            // The same made-up documents as fixtures/: scans where a document has one, else its PDF.
            // Dated last year: an issue date more than a month ahead of the clock goes to review.
            let names = try FixtureGenerator.deliveries(count: max(1, documents), into: staging, year: CalendarDate.today().year - 1)
                .map { String($0.dropFirst(staging.count + 1)) }
            print("demo home: \(home)")
            print("known vendors: \(master.count - 1) of the samples' \(master.count) (as imported from an ERP with 'quire vendors import'); \(master.last!.name) is new, so its scans wait for a person")
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
                            // Which went which way, and why a person is asked.
                            let items = try await store.items(ItemQuery(pipeline: "invoices", limit: names.count + 20))
                            let straight = items.filter { $0.state == .done }.map(\.name).sorted()
                            print("straight through, no person needed: \(straight.count)" + (straight.isEmpty ? "" : " (\(straight.joined(separator: ", ")))"))
                            let reviews = try await store.reviews(queue: nil, states: [.open, .claimed], now: Date(), limit: 100)
                            if !reviews.isEmpty {
                                print("waiting for a person: \(reviews.count) (in this demo totals above \(Self.demoReviewLimit) always go to review)")
                                for r in reviews {
                                    let name = items.first { $0.id == r.item }?.name ?? r.item.rawValue
                                    print("  \(name): \(r.reasons.joined(separator: "; "))")
                                }
                                print("work them: quire review --home \(home)   (p shows the page)")
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

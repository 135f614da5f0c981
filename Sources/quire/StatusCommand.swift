import ArgumentParser
import Foundation
import QuireAppliance
import QuireEngine
import QuireCore
import QuireStore

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show items per pipeline and state, and queues per stage: ready, running, oldest wait, throughput, dead letters.",
        discussion: """
            Example:
              quire status
              quire status --json
            """)

    @OptionGroup var homeOptions: HomeOptions

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        try await reportingErrors {
            let appliance = try homeOptions.open()
            let stats = try await appliance.store.statistics(now: Date())
            if json {
                let data = try JSONEncoder().encode(stats)
                printJSON(try JSONValue.parse(data))
                return
            }
            print("Quire \(QuireCLIVersion.string) at \(appliance.configuration.layout.home)")
            for name in appliance.catalog.names {
                let counts = stats.items[name] ?? [:]
                let total = counts.values.reduce(0, +)
                let order = ItemState.allCases.map(\.rawValue)
                let parts = order.compactMap { s in counts[s].map { "\(s) \($0)" } }
                print("")
                print("pipeline \(name): \(total) item\(total == 1 ? "" : "s")\(parts.isEmpty ? "" : " — " + parts.joined(separator: ", "))")
                print("  " + pad("stage", 18) + pad("ready", 8) + pad("later", 8) + pad("running", 9) + pad("oldest", 9) + pad("done/min", 10) + pad("done/h", 8) + "dead")
                let spec = appliance.catalog[name]!.spec
                for st in spec.stages + spec.onFailure {
                    let r = stats.stages.first { $0.pipeline == name && $0.stage == st.id } ?? .init(pipeline: name, stage: st.id)
                    print("  " + pad(st.id, 18) + pad("\(r.ready)", 8) + pad("\(r.scheduled)", 8) + pad("\(r.leased)", 9)
                          + pad(r.oldestReadyAge.map(age) ?? "-", 9) + pad("\(r.finishedLastMinute)", 10) + pad("\(r.finishedLastHour)", 8) + "\(r.deadLetters)")
                }
            }
            let unknown = Set(stats.items.keys).subtracting(appliance.catalog.names)
            for name in unknown.sorted() {
                print("\npipeline \(name) (no longer loaded): \(stats.items[name]!.map { "\($0.key) \($0.value)" }.sorted().joined(separator: ", "))")
            }
        }
    }
}

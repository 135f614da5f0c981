import ArgumentParser
import Foundation
import QuireAPI
import QuireAppliance
import QuireEngine
import QuireCore
import QuireStore
#if canImport(Glibc)
import Glibc
#endif

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "A live view of the appliance: stages, rates, backlog, p95 latency, workers, bots, review queues, nodes and active alerts.",
        discussion: """
            On a terminal it refreshes every --interval seconds until Ctrl-C, like top; piped, or with
            --once, it prints one view. --json prints one snapshot for scripts.

            Examples:
              quire status
              quire status --once
              quire status --json | jq '.alerts'
              quire status --server https://quire.example:8443 --token-file ~/.quire-token --once
            """)

    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var serverOptions: ServerOptions

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Flag(help: "Print one view and exit.")
    var once = false

    @Option(help: "Seconds between refreshes.")
    var interval: Double = 2

    func validate() throws {
        if interval < 0.2 { throw ValidationError("--interval must be at least 0.2 seconds") }
    }

    func run() async throws {
        try await reportingErrors {
            // With --server the snapshot comes from a running quire serve (GET /v1/status, metrics.read);
            // else the home is opened here.
            let snapshot: @Sendable () async throws -> StatusSnapshot
            let pipelines: [String]
            if let client = try serverOptions.client(homeOptions) {
                snapshot = { try StatusSnapshot.decoder.decode(StatusSnapshot.self, from: Data(try await client.send("GET", "/v1/status").body.jsonString().utf8)) }
                // The pipelines' names head empty pipelines' rows; a token without pipelines.read shows the rest.
                pipelines = ((try? await client.send("GET", "/v1/pipelines"))?.body["pipelines"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
            } else {
                let appliance = try await homeOptions.open()
                snapshot = { try await appliance.statusSnapshot() }
                pipelines = appliance.catalog.names
            }
            if json {
                print(String(decoding: try StatusSnapshot.encoder.encode(try await snapshot()), as: UTF8.self))
                return
            }
            let live = !once && isatty(STDOUT_FILENO) == 1
            repeat {
                let view = Self.render(try await snapshot(), pipelines: pipelines)
                if live { print("\u{1B}[H\u{1B}[2J", terminator: "") }
                print(view, terminator: "")
                if live { FileHandle.standardOutput.synchronizeFile(); try await Task.sleep(for: .milliseconds(Int(interval * 1000))) }
            } while live
        }
    }

    static func render(_ s: StatusSnapshot, pipelines: [String]) -> String {
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        var o = "Quire \(QuireCLIVersion.string) at \(s.home) — \(f.string(from: s.at)) — \(s.workers) workers per node\n"
        if s.alerts.isEmpty {
            o += "alerts: none\n"
        } else {
            for a in s.alerts { o += "ALERT \(a.name): \(a.message)\n" }
        }
        // What needs doing, said first: documents waiting for a person, or nothing finished yet.
        let all = pipelines.map { s.items[$0] ?? [:] }
        let waiting = all.reduce(0) { $0 + ($1[ItemState.needsHuman.rawValue] ?? 0) }
        let exceptions = all.reduce(0) { $0 + ($1[ItemState.exception.rawValue] ?? 0) }
        let finished = all.reduce(0) { $0 + ($1[ItemState.done.rawValue] ?? 0) }
        let taken = all.reduce(0) { $0 + $1.values.reduce(0, +) }
        if waiting > 0 { o += "waiting for a person: \(waiting) item\(waiting == 1 ? "" : "s") — work them with `quire review --as NAME` (why each waits: quire review list)\n" }
        if exceptions > 0 { o += "exceptions: \(exceptions) item\(exceptions == 1 ? "" : "s") — quire items list --state exception\n" }
        if taken > 0, finished == 0 { o += "nothing has finished yet (\(taken) item\(taken == 1 ? "" : "s") taken in)\n" }
        for name in pipelines {
            let counts = s.items[name] ?? [:]
            let total = counts.values.reduce(0, +)
            let parts = ItemState.allCases.map(\.rawValue).compactMap { st in counts[st].map { "\(st) \($0)" } }
            o += "\npipeline \(name): \(total) item\(total == 1 ? "" : "s")\(parts.isEmpty ? "" : " — " + parts.joined(separator: ", "))\n"
            o += "  " + pad("stage", 16) + pad("ready", 7) + pad("later", 7) + pad("running", 9) + pad("oldest", 9) + pad("done/min", 10) + pad("done/h", 8) + pad("p95 1h", 9) + "dead\n"
            for r in s.stages where r.pipeline == name {
                o += "  " + pad(r.stage, 16) + pad("\(r.ready)", 7) + pad("\(r.scheduled)", 7) + pad("\(r.running)", 9) + pad(r.oldestReadySeconds.map(age) ?? "-", 9)
                    + pad("\(r.finishedLastMinute)", 10) + pad("\(r.finishedLastHour)", 8) + pad(r.p95LastHourSeconds.map(age) ?? "-", 9) + "\(r.deadLetters)\n"
            }
        }
        if !s.reviews.isEmpty {
            o += "\nreview queues\n  " + pad("queue", 16) + pad("open", 7) + pad("claimed", 9) + pad("oldest", 9) + "overdue\n"
            for q in s.reviews { o += "  " + pad(q.queue, 16) + pad("\(q.open)", 7) + pad("\(q.claimed)", 9) + pad(q.oldestSeconds.map(age) ?? "-", 9) + "\(q.overdue)\n" }
        }
        if !s.bots.isEmpty {
            o += "\nbots (last hour)\n"
            for b in s.bots { o += "  " + pad(b.bot, 16) + "\(b.attemptsLastHour) attempts, \(b.failedLastHour) failed\n" }
        }
        if !s.nodes.isEmpty {
            let running = s.nodes.filter { $0.state == "running" }.count
            o += "\nnodes: \(running) running\n  " + pad("node", 24) + pad("pid", 9) + pad("state", 9) + pad("workers", 9) + pad("heartbeat", 11) + pad("up", 8) + "\n"
            for n in s.nodes {
                let up = n.state == "running" ? age(s.at.timeIntervalSince(n.startedAt)) : "-"
                o += "  " + pad(n.name, 24) + pad("\(n.pid)", 9) + pad(n.state, 9) + pad("\(n.workers)", 9) + pad(age(n.heartbeatAgeSeconds) + " ago", 11) + pad(up, 8)
                    + (n.cronLeader ? "cron leader " : "") + (n.api.map { "api \($0)" } ?? "") + "\n"
            }
        }
        return o
    }
}

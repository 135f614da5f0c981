import Foundation
import QuireCore
import QuireTesting
import Testing

/// Three `quire serve` nodes on one private PostgreSQL cluster, sharing an inbox, an outbox, the
/// blob folder and the audit key. The cron leader is SIGKILLed in the middle of 1,000 files, the
/// next leader is stopped gracefully, the killed node comes back: every file is done exactly once,
/// leadership moves each time, and every cron tick fires once.
@Suite("Several nodes on PostgreSQL (real binary)", .serialized)
struct MultiNodeTests {
    static let pipeline = """
        name: multi
        version: 1
        sources:
          spool:
            accept: [pdf]
        stages:
          - id: identify
            use: file.identify
            lease: 6s
            heartbeat: 2s
            retry: { max_attempts: 5, backoff: 200ms }
          - id: record
            use: outbox.write
            with: { folder: done }
            lease: 6s
            heartbeat: 2s
            retry: { max_attempts: 5, backoff: 200ms }
        """

    func listing(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// Waits for a process on a thread of its own (never on the cooperative pool).
    @discardableResult
    static func exit(_ p: Process) async -> ProcessExit {
        await p.exited()
    }

    struct Node {
        var name: String
        var home: String
        var log: String
        var process: Process
    }

    @Test func threeNodesShareTheWorkThroughAKillAndAStop() async throws {
        let cluster = try await PostgresCluster.started()
        // Stopped on every path, awaited: a `defer` cannot await, and the wait must not hold a pool thread.
        do { try await shareTheWork(cluster) } catch { await cluster.stopped(); throw error }
        await cluster.stopped()
    }

    func shareTheWork(_ cluster: PostgresCluster) async throws {
        let dir = try TemporaryDirectory("quire-nodes")
        defer { dir.remove() }
        let shared = dir.file("shared")
        let sources = dir.file("pipelines")
        try dir.write("pipelines/multi.yaml", Self.pipeline)
        let env = ["QUIRE_STORE": cluster.url, "QUIRE_SPOOL_SETTLE": "150ms", "QUIRE_LOG_LEVEL": "info", "QUIRE_LOG_FORMAT": "json"]
        var homes: [String: String] = [:]
        for name in ["n1", "n2", "n3"] {
            let home = dir.file(name)
            try dir.write("\(name)/quire.yaml", """
                node: \(name)
                blobs: \(shared)/blobs
                audit_key: \(shared)/audit.key
                outbox: \(shared)/outbox
                spool:
                  inbox: \(shared)/inbox
                isolation:
                  processes: 1
                scheduler:
                  workers: 2
                  rescue_interval: 1s
                  poll_interval: 1s
                alerts:
                  check_interval: 1s
                """)
            let r = try await QuireBinary.run(["init", home, "--pipelines", sources], environment: env)
            #expect(r.status == 0, "\(r.stderr)")
            // The first node's init makes the admin token; the others are told how to get one.
            #expect(FileManager.default.fileExists(atPath: home + "/admin.token") == (name == "n1"))
            #expect(r.stdout.contains("already has API tokens") == (name != "n1"), "\(r.stdout)")
            homes[name] = home
        }
        func start(_ name: String) throws -> Node {
            let log = dir.file("\(name).log")
            return Node(name: name, home: homes[name]!, log: log, process: try QuireBinary.serve(home: homes[name]!, log: log, environment: env))
        }
        var nodes = try ["n1", "n2", "n3"].map(start)
        func sql(_ q: String) async -> String { await cluster.value(q) }
        #expect(await eventually(timeout: 60) { await sql("SELECT COUNT(*) FROM nodes WHERE state = 'running'") == "3" }, "three nodes beat")

        // 1,000 small PDFs, each different, into the shared inbox.
        let total = 1000
        let staging = dir.file("staging")
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        let inbox = shared + "/inbox/multi"
        let names = (0..<total).map { "doc-\($0).pdf" }
        for (i, name) in names.enumerated() {
            try SampleFiles.pdf("Multi-node document \(i)").write(to: URL(fileURLWithPath: "\(staging)/\(name)"))
        }
        for name in names { #expect(rename("\(staging)/\(name)", "\(inbox)/\(name)") == 0) }
        let done = shared + "/outbox/multi/done"

        /// The node that holds the cron leadership now.
        func leader() async -> Node? {
            let holder = await sql("SELECT holder FROM leaders WHERE name = 'cron' AND expires_at > extract(epoch from now())")
            let pid = holder.split(separator: ":").dropFirst().first.flatMap { Int32($0) }
            return nodes.first { $0.process.isRunning && $0.process.processIdentifier == pid }
        }

        // A third of the way: SIGKILL the cron leader.
        #expect(await eventually(timeout: 120) { listing(done).count >= total / 3 }, "a third done; see the node logs in \(dir.path)")
        var first: Node? = nil
        _ = await eventually(timeout: 30) { first = await leader(); return first != nil }
        let killed = try #require(first, "a node leads cron")
        kill(killed.process.processIdentifier, SIGKILL)
        await Self.exit(killed.process)
        // Its claims in flight when it died: the few milliseconds of a claim are rarely hit by a kill, so
        // three claims are left in its folder as a claim leaves them (key--name, nobody holding them).
        let killedDir = shared + "/inbox/.claimed/\(killed.name)/multi"
        try FileManager.default.createDirectory(atPath: killedDir, withIntermediateDirectories: true)
        let stranded = (0..<3).map { "stranded-\($0).pdf" }
        for (i, name) in stranded.enumerated() {
            try SampleFiles.pdf("Claimed by the node that died \(i)").write(to: URL(fileURLWithPath: "\(killedDir)/strandedkey\(i)--\(name)"))
        }
        let strandedAtKill = listing(killedDir).filter { $0.contains("--") }.count
        let killedAt = Date().timeIntervalSince1970
        var second: Node? = nil
        #expect(await eventually(timeout: 30) { second = await leader(); return second != nil && second!.name != killed.name }, "leadership moves after the kill")
        // What the killed node had claimed from the shared inbox is taken over by the live nodes (their sweep, every 10 s).
        let killedClaims = shared + "/inbox/.claimed/\(killed.name)/multi"
        #expect(await eventually(timeout: 60) { listing(killedClaims).filter { $0.contains("--") }.isEmpty }, "the killed node's \(strandedAtKill) claims were taken over: \(listing(killedClaims))")

        // Two thirds: stop the new leader gracefully.
        #expect(await eventually(timeout: 120) { listing(done).count >= 2 * total / 3 }, "two thirds done")
        let stopped = try #require(second)
        kill(stopped.process.processIdentifier, SIGTERM)
        let stoppedExit = await Self.exit(stopped.process)
        #expect(stoppedExit == ProcessExit(signaled: false, status: 0), "a graceful stop exits 0")
        var third: Node? = nil
        #expect(await eventually(timeout: 30) { third = await leader(); return third != nil && ![killed.name, stopped.name].contains(third!.name) },
                "leadership moves again after the stop")

        // The killed node comes back and finishes what it had claimed from the inbox.
        nodes.removeAll { $0.name == killed.name }
        nodes.append(try start(killed.name))
        let finished = await eventually(timeout: 240) { listing(done).count >= total + stranded.count }
        // The work may be finished before the restarted node has beaten once or the third leader has
        // fired cron (the others took over the stranded claims meanwhile): wait for both.
        let settled = await eventually(timeout: 60) {
            let nodes = await sql("SELECT COUNT(*) FROM nodes")
            let leaders = Int(await sql("SELECT COUNT(DISTINCT fired_by) FROM cron_ticks WHERE name = 'alerts.check'")) ?? 0
            return nodes == "4" && leaders >= 3
        }
        #expect(settled, "the restarted node beat and three leaders fired cron")
        for n in nodes where n.process.isRunning {
            kill(n.process.processIdentifier, SIGTERM)
            await Self.exit(n.process)
        }
        #expect(finished, "only \(listing(done).count) of \(total + stranded.count) done; see the node logs in \(dir.path)")

        // Exactly once: one record per file, one done job per item and stage, every item done.
        var seen: [String: Int] = [:]
        for record in listing(done) {
            let json = try JSONValue.parse(FileManager.default.contents(atPath: done + "/" + record) ?? Data())
            seen[json["item"]?["name"]?.stringValue ?? "?", default: 0] += 1
        }
        #expect(Set(seen.keys) == Set(names + stranded), "every file has a done record")
        #expect(seen.values.allSatisfy { $0 == 1 }, "no file has two: \(seen.filter { $0.value > 1 })")
        #expect(await sql("SELECT COUNT(*) FROM items WHERE state = 'done'") == "\(total + stranded.count)")
        #expect(await sql("SELECT COUNT(*) FROM items") == "\(total + stranded.count)", "no file was taken in twice")
        #expect(await sql("SELECT COUNT(*) FROM (SELECT item_id, stage_id FROM job_history WHERE state = 'done' GROUP BY 1, 2 HAVING COUNT(*) > 1) d") == "0",
                "no stage ran to completion twice")
        #expect(await sql("SELECT COUNT(*) FROM jobs") == "0")
        #expect(listing(inbox).isEmpty)
        #expect(listing(shared + "/inbox/.claimed/\(killed.name)/multi").isEmpty, "the killed node's claims were finished")
        let byNode = await sql("SELECT COUNT(DISTINCT lease_owner) FROM job_history")
        #expect((Int(byNode) ?? 0) >= 3, "the work was shared (\(byNode) owners)")

        // Cron: each tick fired once, by whoever led; ticks kept firing after the kill, by others.
        var fired: [String: Int] = [:]
        for n in ["n1", "n2", "n3"] {
            for line in ((try? String(contentsOfFile: dir.file("\(n).log"), encoding: .utf8)) ?? "").split(separator: "\n") where line.contains("cron fired") {
                let json = try? JSONValue.parse(String(line))
                let meta = json?["metadata"] ?? json
                fired["\(meta?["task"]?.stringValue ?? "?") \(meta?["tick"]?.stringValue ?? "?")", default: 0] += 1
            }
        }
        #expect(!fired.isEmpty)
        #expect(fired.values.allSatisfy { $0 == 1 }, "ticks fired twice: \(fired.filter { $0.value > 1 })")
        #expect(Int(await sql("SELECT COUNT(*) FROM cron_ticks WHERE name = 'alerts.check'")) == fired.filter { $0.key.hasPrefix("alerts.check ") }.count,
                "every recorded tick fired once and every firing was recorded")
        let firers = Int(await sql("SELECT COUNT(DISTINCT fired_by) FROM cron_ticks WHERE name = 'alerts.check'")) ?? 0
        #expect(firers >= 3, "three leaders fired cron in turn (\(firers))")
        #expect(Int(await sql("SELECT COUNT(*) FROM cron_ticks WHERE name = 'alerts.check' AND tick > \(killedAt) AND fired_by NOT LIKE '%:\(killed.process.processIdentifier):%'")) ?? 0 > 0,
                "cron fired after the leader was killed")

        // Status from any home lists the nodes: the stopped one says so; the killed one, whose
        // heartbeat stopped without a goodbye, is lost once three heartbeats are missed.
        var listed: [JSONValue] = []
        var text = ""
        let reported = await eventually(timeout: 30) {
            guard let status = try? await QuireBinary.run(["status", "--home", homes["n3"]!, "--json"], environment: env),
                  let json = try? JSONValue.parse(status.stdout) else { return false }
            text = status.stdout
            listed = json["nodes"]?.arrayValue ?? []
            return listed.contains { $0["id"]?.stringValue?.contains(":\(killed.process.processIdentifier):") == true && $0["state"] == "lost" }
        }
        #expect(reported, "the killed node is lost, not stopped: \(text.suffix(600))")
        #expect(listed.count >= 4, "three nodes and the restarted one")
        #expect(Set(listed.compactMap { $0["name"]?.stringValue }) == ["n1", "n2", "n3"], "nodes are shown by their node: names")
        #expect(listed.contains { $0["id"]?.stringValue?.contains(":\(stopped.process.processIdentifier):") == true && $0["state"] == "stopped" })
    }

    /// The chaos run of `Benchmarks/chaos`, shortened for the suite: three nodes on a private PostgreSQL server, each
    /// reaching it through its own TCP proxy, 60 files at 8 a second — three of them broken (a PDF cut short, random
    /// bytes, an empty image), nine with a bot's capture in a sidecar — and at least six faults drawn from a fixed seed
    /// (nodes killed and stopped, the server restarted, a node's connections cut or slowed). Every file has exactly one
    /// item or one rejection record, every item one outbox record, every ledger row is written once, every capture
    /// arrives with its document, no job is left leased, the nodes stop on SIGTERM and the audit chain verifies. The 10,000-file run is `Benchmarks/chaos/run.sh` (docs/benchmarks.md).
    @Test func aShortChaosRunLosesAndDoublesNothing() async throws {
        let script = QuireBinary.repositoryRoot + "/Benchmarks/chaos/run.sh"
        let argv = ["/usr/bin/env", "QUIRE=" + QuireBinary.path, script, "--items", "60", "--faults", "6", "--rate", "8", "--seed", "3",
                    "--settle-timeout", "300"]
        // The script runs for half a minute or more: waited for on a thread of its own, not on the cooperative pool.
        let run = await Spawn.outputOf(argv)
        let json = try #require(run.stdout.range(of: "\n{", options: .backwards).map { String(run.stdout[run.stdout.index(after: $0.lowerBound)...]) },
                                "no summary from the chaos run (status \(run.status)): \(run.stdout.suffix(2000))")
        let summary = try JSONValue.parse(json)
        #expect(run.status == 0, "problems: \(summary["problems"] ?? .null)")
        let items = summary["items"]?.numberValue ?? 0, rejected = summary["rejected"]?.numberValue ?? 0
        #expect(summary["files_fed"] == 60 && items + rejected == 60, "every file fed has one item or a rejection: \(summary)")
        #expect(rejected >= 1 && rejected <= 3, "only broken files are rejected: \(summary["hostile_outcomes"] ?? .null)")
        #expect(summary["outbox_records"]?.numberValue == items && summary["ledger_rows"]?.numberValue == items)
        #expect(summary["with_capture"] == 9 && summary["capture_missing"] == 0)
        #expect(summary["lost"] == 0 && summary["doubled"] == 0 && summary["ledger_doubled"] == 0 && summary["jobs_leased"] == 0)
        #expect(summary["audit_verify"] == true)
        #expect((summary["faults"]?.numberValue ?? 0) >= 6, "the faults happened: \(summary["faults_by_kind"] ?? .null)")
    }
}

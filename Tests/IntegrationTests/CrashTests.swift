import Foundation
import QuireCore
import QuireTesting
import Testing

@Suite("Crash and restart (real binary)", .serialized)
struct CrashTests {
    func listing(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// Drops 500 files while `quire serve` is SIGKILLed at random moments (at least 5 times)
    /// and restarted each time; at the end every file has exactly one done record.
    @Test func fiveHundredFilesSurviveRepeatedSIGKILL() async throws {
        let dir = try TemporaryDirectory("quire-crash")
        defer { dir.remove() }
        let home = dir.file("home")
        let initResult = try QuireBinary.run(["init", home, "--pipelines", QuireBinary.repositoryRoot + "/pipelines"])
        #expect(initResult.status == 0, "\(initResult.stderr)")
        let env = ["QUIRE_SPOOL_SETTLE": "150ms", "QUIRE_LOG_LEVEL": "info"]
        let inbox = home + "/inbox/invoices"
        let staging = dir.file("staging")
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        let total = 500
        var names: [String] = []
        for i in 0..<total {
            let name = "invoice-\(i).pdf"
            names.append(name)
            try SampleFiles.pdf("Invoice number \(i) from the crash test, with a text layer long enough to need no OCR").write(to: URL(fileURLWithPath: "\(staging)/\(name)"))
        }
        let log = dir.file("serve.log")
        var server = try QuireBinary.serve(home: home, log: log, environment: env)
        var generator = SystemRandomNumberGenerator()
        var kills = 0
        var next = 0
        // Ten rounds: drop a batch, let it run for a random moment, kill -9, restart.
        for round in 0..<10 {
            let batch = min(total - next, total / 8)
            for _ in 0..<batch {
                #expect(rename("\(staging)/\(names[next])", "\(inbox)/\(names[next])") == 0)
                next += 1
            }
            try await Task.sleep(nanoseconds: UInt64.random(in: 150_000_000...1_200_000_000, using: &generator))
            if round < 9 {
                kill(server.processIdentifier, SIGKILL)
                server.waitUntilExit()
                #expect(server.terminationReason == .uncaughtSignal)
                kills += 1
                server = try QuireBinary.serve(home: home, log: log, environment: env)
            }
        }
        while next < total {
            #expect(rename("\(staging)/\(names[next])", "\(inbox)/\(names[next])") == 0)
            next += 1
        }
        #expect(kills >= 5)
        let done = home + "/outbox/invoices/done"
        let finished = await eventually(timeout: 240) { listing(done).count >= total }
        kill(server.processIdentifier, SIGTERM)
        server.waitUntilExit()
        #expect(finished, "only \(listing(done).count) of \(total) done; see \(log)")
        #expect(server.terminationStatus == 0, "SIGTERM shuts down cleanly")

        // Exactly one done record per file: no file lost, none processed twice.
        var seen: [String: Int] = [:]
        for record in listing(done) {
            let json = try JSONValue.parse(FileManager.default.contents(atPath: done + "/" + record) ?? Data())
            let name = try #require(json["item"]?["name"]?.stringValue)
            seen[name, default: 0] += 1
            #expect(json["status"] == "done")
        }
        #expect(Set(seen.keys) == Set(names), "every dropped file has a done record")
        #expect(seen.values.allSatisfy { $0 == 1 }, "no file has two: \(seen.filter { $0.value > 1 })")
        #expect(listing(done).count == total)
        #expect(listing(home + "/outbox/invoices/duplicate").isEmpty, "no file was taken in twice")
        #expect(listing(home + "/outbox/invoices/rejected").isEmpty)
        #expect(listing(home + "/outbox/invoices/failed").isEmpty)
        #expect(listing(inbox).isEmpty)
        #expect(listing(home + "/spool/claimed/invoices").isEmpty, "nothing is left half-claimed")

        let status = try QuireBinary.run(["status", "--home", home, "--json"])
        let stats = try JSONValue.parse(status.stdout)
        #expect(stats["items"]?["invoices"]?["done"] == .number(Double(total)))
    }

    /// Worker processes end with the appliance, even when it is killed with SIGKILL.
    @Test func workersDoNotOutliveAKilledAppliance() async throws {
        let dir = try TemporaryDirectory("quire-workers")
        defer { dir.remove() }
        let home = dir.file("home")
        _ = try QuireBinary.run(["init", home, "--pipelines", QuireBinary.repositoryRoot + "/pipelines"])
        let server = try QuireBinary.serve(home: home, log: dir.file("serve.log"))
        func children() -> [Int32] {
            ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap(Int32.init).filter { pid in
                guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return false }
                return status.split(separator: "\n").contains { $0 == "PPid:\t\(server.processIdentifier)" }
            }
        }
        let started = await eventually(timeout: 30) { children().count >= 1 }
        #expect(started, "quire serve starts its workers ahead")
        let workers = children()
        kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()
        let gone = await eventually(timeout: 10) { workers.allSatisfy { kill($0, 0) != 0 } }
        #expect(gone, "workers \(workers) are still running after the appliance was killed")
    }
}

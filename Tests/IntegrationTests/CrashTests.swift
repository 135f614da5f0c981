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
        let initResult = try await QuireBinary.run(["init", home, "--pipelines", QuireBinary.repositoryRoot + "/pipelines"])
        #expect(initResult.status == 0, "\(initResult.stderr)")
        try QuireBinary.withoutReview(home: home)
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
                #expect(await server.exited().signaled)
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
        let finished = await eventually { listing(done).count >= total }
        kill(server.processIdentifier, SIGTERM)
        let end = await server.exited()
        #expect(finished, "only \(listing(done).count) of \(total) done; see \(log)")
        #expect(end == ProcessExit(signaled: false, status: 0), "SIGTERM shuts down cleanly")

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

        let status = try await QuireBinary.run(["status", "--home", home, "--json"])
        let stats = try JSONValue.parse(status.stdout)
        #expect(stats["items"]?["invoices"]?["done"] == .number(Double(total)))
    }

    /// Worker processes end with the appliance, even when it is killed with SIGKILL.
    @Test func workersDoNotOutliveAKilledAppliance() async throws {
        let dir = try TemporaryDirectory("quire-workers")
        defer { dir.remove() }
        let home = dir.file("home")
        _ = try await QuireBinary.run(["init", home, "--pipelines", QuireBinary.repositoryRoot + "/pipelines"])
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
        await server.exited()
        let gone = await eventually(timeout: 10) { workers.allSatisfy { kill($0, 0) != 0 } }
        #expect(gone, "workers \(workers) are still running after the appliance was killed")
    }

    /// CRC-32 (PNG chunks).
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            c ^= UInt32(b)
            for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        }
        return ~c
    }

    /// A PNG whose header claims 60,000 × 60,000 pixels (a decompression bomb's shape).
    static func bombPNG() -> Data {
        func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 0xff), UInt8((v >> 8) & 0xff), UInt8(v & 0xff)] }
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] { be(UInt32(data.count)) + Array(type.utf8) + data + be(crc32(Array(type.utf8) + data)) }
        let ihdr = be(60_000) + be(60_000) + [8, 0, 0, 0, 0]
        return Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", ihdr) + chunk("IDAT", [0x78, 0x9C, 0x03, 0x00]) + chunk("IEND", []))
    }

    @Test func hostileFilesDoNotTakeServeDownAndMemoryStaysWithinTheLimits() async throws {
        let dir = try TemporaryDirectory("quire-hostile")
        defer { dir.remove() }
        let home = dir.file("home")
        _ = try await QuireBinary.run(["init", home, "--pipelines", QuireBinary.repositoryRoot + "/pipelines"])
        try QuireBinary.withoutReview(home: home)
        try Data("spool:\n  settle: 200ms\nisolation:\n  processes: 2\n  memory_mb: 512\n".utf8).write(to: URL(fileURLWithPath: home + "/quire.yaml"))
        let server = try QuireBinary.serve(home: home, log: dir.file("serve.log"))
        defer { if server.isRunning { server.stop() } }
        let pdf = try Data(contentsOf: URL(fileURLWithPath: QuireBinary.repositoryRoot + "/fixtures/documents/doc-000.pdf"))
        let files: [String: Data] = [
            "bomb.png": Self.bombPNG(),
            "truncated.pdf": pdf.prefix(pdf.count / 3),
            "wrong-magic.pdf": Data("GIF89a but called a PDF".utf8),
            "zero-pages.pdf": Data("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8),
            "corrupt.tiff": Data([0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00, 0xFF, 0xFF] + Array(repeating: 0xAB, count: 200)),
            "good.pdf": pdf,
        ]
        func field(_ pid: Int32, _ name: String) -> Int? {
            guard let s = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                  let line = s.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return nil }
            return Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" })[1])
        }
        func children() -> [Int32] {
            ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap(Int32.init).filter { pid in
                (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8))?.split(separator: "\n").contains { $0 == "PPid:\t\(server.processIdentifier)" } ?? false
            }
        }
        let started = await eventually(timeout: 30) { !children().isEmpty }
        #expect(started)
        // Every worker runs under the configured address-space limit (set as it starts).
        func limited(_ pid: Int32) -> Bool {
            let limits = (try? String(contentsOfFile: "/proc/\(pid)/limits", encoding: .utf8)) ?? ""
            return limits.split(separator: "\n").first { $0.hasPrefix("Max address space") }?.contains(String(512 << 20)) ?? false
        }
        let allLimited = await eventually(timeout: 20) { let c = children(); return c.count == 2 && c.allSatisfy(limited) }
        #expect(allLimited, "workers: \(children().map { "\($0) \(limited($0))" })")
        for (name, data) in files.sorted(by: { $0.key < $1.key }) {
            try data.write(to: URL(fileURLWithPath: home + "/inbox/invoices/.\(name).part"))
            rename(home + "/inbox/invoices/.\(name).part", home + "/inbox/invoices/\(name)")
        }
        var peakKB = 0
        let outbox = home + "/outbox/invoices"
        func records() -> Int {
            ["done", "failed", "rejected"].reduce(0) { n, f in n + (((try? FileManager.default.contentsOfDirectory(atPath: outbox + "/" + f)) ?? []).filter { $0.hasSuffix(".json") }.count) }
        }
        // A file whose text is too little to classify (what poppler recovers of the truncated PDF) waits
        // for a person: this pipeline has no review stage, so the classify stage holds it.
        func waiting() async -> Int {
            let list = try? await QuireBinary.run(["items", "list", "--home", home, "--state", "needs_human"])
            return (list?.stdout ?? "").split(separator: "\n").filter { $0.contains("itm_") }.count
        }
        var held = 0
        let settled = await eventually {
            peakKB = max(peakKB, field(server.processIdentifier, "VmRSS") ?? 0)
            held = await waiting()
            return records() + held >= files.count
        }
        #expect(settled, "every file ends with a record or waits for a person: \(records()) records, \(held) waiting, of \(files.count)")
        #expect(held <= 1, "only the truncated PDF may wait for a person")
        #expect(server.isRunning, "quire serve is still up")
        let hwm = field(server.processIdentifier, "VmHWM") ?? 0
        #expect(hwm < 400 * 1024, "quire serve's peak resident memory \(hwm) kB stays under 400 MB")
        #expect(peakKB > 0)
        let failed = ((try? FileManager.default.contentsOfDirectory(atPath: outbox + "/failed")) ?? []).compactMap {
            try? String(contentsOfFile: outbox + "/failed/" + $0, encoding: .utf8)
        }.joined(separator: "\n")
        #expect(failed.contains("60000 × 60000 pixels, over the limit"), "the bomb is refused from its header, with a reason")
        let done = ((try? FileManager.default.contentsOfDirectory(atPath: outbox + "/done")) ?? []).count
        #expect(done >= 1, "the good file still goes through")
        // What the C libraries in the workers print arrives as log records, so the log stays JSON lines.
        let log = (try? String(contentsOfFile: dir.file("serve.log"), encoding: .utf8)) ?? ""
        let lines = log.split(separator: "\n").filter { !$0.isEmpty }
        let notJSON = lines.filter { (try? JSONValue.parse(String($0)))?.objectValue == nil }
        #expect(!lines.isEmpty && notJSON.isEmpty, "lines that are not JSON: \(notJSON.prefix(3))")
    }
}

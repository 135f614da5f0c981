import Foundation
import QuireCore
import QuireTesting
import Testing

/// Every broken PDF and hostile image of `../shared/corpora` through a real `quire serve`: each
/// file ends with exactly one record that says why (an item or a rejection), the appliance stays
/// up with bounded memory, and a good file dropped afterwards is done. Skipped where the corpora
/// are not beside the repository (a user's clean clone).
@Suite("Hostile corpora (real binary)")
struct HostileCorpusTests {
    static let corpora = QuireBinary.repositoryRoot + "/../shared/corpora"
    static var present: Bool { FileManager.default.fileExists(atPath: corpora + "/malformed_pdf") && FileManager.default.fileExists(atPath: corpora + "/hostile_images") }

    /// (name in the inbox, source path) of every file, named by folder so names are unique.
    static func files() -> [(String, String)] {
        var out: [(String, String)] = []
        for folder in ["malformed_pdf/handbuilt_jhove", "malformed_pdf/pdfjs", "malformed_pdf/qpdf_bad", "hostile_images"] {
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: corpora + "/" + folder)) ?? []).sorted()
            where !name.hasPrefix("_") && !name.hasPrefix(".") && !name.hasSuffix(".out") {
                out.append((folder.replacingOccurrences(of: "/", with: "_") + "__" + name, corpora + "/" + folder + "/" + name))
            }
        }
        return out
    }

    static func rssKiB(_ pid: Int32) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        return status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
    }

    @Test(.enabled(if: HostileCorpusTests.present, "../shared/corpora is not beside the repository"))
    func everyHostileFileGetsOneRecordAndTheApplianceStaysUp() async throws {
        let dir = try TemporaryDirectory("quire-hostile")
        defer { dir.remove() }
        let home = dir.file("home")
        try await QuireBinary.initHome(home)
        try QuireBinary.withoutReview(home: home)
        let server = try QuireBinary.serve(home: home, log: dir.file("serve.log"), environment: ["QUIRE_SPOOL_SETTLE": "150ms"])
        defer { server.stop() }
        let inbox = home + "/inbox/invoices"
        let files = Self.files()
        #expect(files.count > 200, "\(files.count) files")
        for (name, source) in files {
            try FileManager.default.copyItem(atPath: source, toPath: inbox + "/." + name + ".part")
            rename(inbox + "/." + name + ".part", inbox + "/" + name)
        }
        let rejected = home + "/outbox/invoices/rejected"
        var peak = 0
        func settled() async -> (done: Bool, items: [String: [String]]) {
            peak = max(peak, Self.rssKiB(server.processIdentifier))
            let out = (try? await QuireBinary.run(["items", "list", "--limit", "100000", "--json", "--home", home]).stdout) ?? ""
            var items: [String: [String]] = [:]
            for line in out.split(separator: "\n") {
                guard let j = try? JSONValue.parse(String(line)), let name = j["name"]?.stringValue, let state = j["state"]?.stringValue else { continue }
                items[name, default: []].append(state)
            }
            let open: Set<String> = ["received", "processing"]
            let done = files.allSatisfy { (name, _) in
                FileManager.default.fileExists(atPath: "\(rejected)/\(name).json") || (items[name]?.contains { !open.contains($0) } ?? false)
            } && !items.values.joined().contains { open.contains($0) }
            return (done, items)
        }
        var last: [String: [String]] = [:]
        let finished = await eventually(timeout: 900) {
            let (done, items) = await settled()
            last = items
            return done
        }
        #expect(finished, "every file is settled or rejected; see \(dir.file("serve.log"))")
        #expect(server.isRunning, "quire serve is still up")
        for (name, _) in files {
            let record = FileManager.default.fileExists(atPath: "\(rejected)/\(name).json")
            let count = last[name]?.count ?? 0
            #expect((record ? 1 : 0) + count == 1, "\(name): exactly one record (rejected: \(record), items: \(last[name] ?? []))")
            if record, let data = FileManager.default.contents(atPath: "\(rejected)/\(name).json"), let j = try? JSONValue.parse(data) {
                let reason = j["reason"]?.stringValue ?? ""
                #expect(reason.count > 10, "\(name): the record says why")
            }
        }
        #expect(peak < 1_000_000, "the appliance's memory stays bounded: peak RSS \(peak) KiB")
        // A good invoice dropped afterwards goes through.
        try FileManager.default.copyItem(atPath: QuireBinary.repositoryRoot + "/fixtures/documents/doc-001.pdf", toPath: inbox + "/.good.pdf.part")
        rename(inbox + "/.good.pdf.part", inbox + "/good.pdf")
        let good = await eventually { await settled().items["good.pdf"] == ["done"] }
        #expect(good, "a good file after the hostile ones is done")
    }
}

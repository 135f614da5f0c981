import Foundation
import QuireCore
import QuireStore
import QuireTesting
import Testing

/// `quire review` for real: the terminal UI inside tmux against a running `quire serve`, and
/// claims from two processes at once.
@Suite("Review queue (real binary)", .serialized)
struct ReviewQueueTests {
    /// A tmux server of its own (so a developer's sessions are never touched), one session.
    struct Tmux {
        let socket = "quire-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"

        /// Runs a tmux command (posix_spawn and waitpid: the first command starts the tmux server,
        /// which must not inherit a pipe we read to its end).
        @discardableResult
        func run(_ args: [String]) -> String {
            Spawn.output(["/usr/bin/tmux", "-L", socket] + args).stdout
        }

        /// Ends the session and the server. tmux 3.3's kill-server alone was seen to leave the server and
        /// the screen it runs alive after the test; ending the session first takes both down.
        func close() {
            run(["kill-session", "-t", "review"])
            run(["kill-server"])
        }

        func keys(_ keys: String...) throws { run(["send-keys", "-t", "review"] + keys) }
        func type(_ text: String) throws { run(["send-keys", "-t", "review", "-l", text]) }
        var screen: String { run(["capture-pane", "-p", "-t", "review"]) }

        /// Waits for text on the screen (never a fixed sleep); the screen on failure.
        func waitFor(_ text: String, timeout: Double = 20) async -> (Bool, String) {
            let ok = await eventually(timeout: timeout) { screen.contains(text) }
            return (ok, screen)
        }
    }

    /// A new home whose invoices pipeline sends every item to review (the audit sample takes all of them).
    static func homeWhereEveryItemIsReviewed(_ dir: TemporaryDirectory) async throws -> String {
        let home = dir.file("home")
        #expect(try await QuireBinary.run(["init", home, "--pipelines", QuireBinary.repositoryRoot + "/pipelines"]).status == 0)
        let spec = home + "/pipelines/invoices.yaml"
        let yaml = try String(contentsOfFile: spec, encoding: .utf8)
        try yaml.replacingOccurrences(of: #"(?m)^  audit_sample: .*$"#, with: "  audit_sample: 1", options: .regularExpression).write(toFile: spec, atomically: true, encoding: .utf8)
        return home
    }

    /// Drops a fixture into the invoices inbox and waits until it is in the review queue; its item id.
    static func waitingItem(home: String, root: String, file: String) async throws -> String {
        try FileManager.default.copyItem(atPath: "\(root)/fixtures/documents/\(file).pdf", toPath: "\(home)/inbox/invoices/\(file).pdf")
        var id: String? = nil
        _ = await eventually {
            id = Self.lines((try? await QuireBinary.run(["review", "list", "--json", "--home", home]).stdout) ?? "")
                .first { $0["state"] == "open" }?["item"]?.stringValue
            return id != nil
        }
        return try #require(id, "\(file) reaches the review queue")
    }

    static func lines(_ s: String) -> [JSONValue] {
        s.split(separator: "\n").compactMap { try? JSONValue.parse(Data($0.utf8)) }
    }

    @Test func approveCorrectAndRejectInTheTerminalUI() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux"), "this test drives quire review in tmux; ./install.sh test installs it")
        let dir = try TemporaryDirectory("quire-review-tui")
        defer { dir.remove() }
        let home = try await Self.homeWhereEveryItemIsReviewed(dir)
        let root = QuireBinary.repositoryRoot
        let server = try QuireBinary.serve(home: home, log: dir.file("serve.log"), environment: ["QUIRE_SPOOL_SETTLE": "150ms"])
        defer { server.stop() }
        for n in ["doc-001", "doc-002", "doc-003"] {
            try FileManager.default.copyItem(atPath: "\(root)/fixtures/documents/\(n).pdf", toPath: "\(home)/inbox/invoices/\(n).pdf")
        }
        let queued = await eventually { Self.lines((try? await QuireBinary.run(["review", "list", "--json", "--home", home]).stdout) ?? "").count == 3 }
        #expect(queued, "three items wait for review; see \(dir.file("serve.log"))")
        guard queued else { return }
        let items = try await Self.lines(QuireBinary.run(["items", "list", "--json", "--home", home]).stdout)
        func id(_ name: String) -> String { items.first { $0["name"]?.stringValue == name }?["id"]?.stringValue ?? "?" }

        let tmux = Tmux()
        defer { tmux.close() }
        tmux.run(["new-session", "-d", "-s", "review", "-x", "120", "-y", "40", "\(QuireBinary.path) review --home \(home) --as ann"])
        var (ok, screen) = await tmux.waitFor("3 waiting")
        #expect(ok, "the queue lists three items:\n\(screen)")
        // A resize to 80×24 redraws for the narrow screen (its shorter key line), and back.
        tmux.run(["resize-window", "-t", "review", "-x", "80", "-y", "24"])
        (ok, screen) = await tmux.waitFor("Enter claim · / filter · r refresh · ? help · q quit")
        #expect(ok, "redrawn at 80×24:\n\(screen)")
        #expect(screen.split(separator: "\n").allSatisfy { $0.count <= 80 })
        tmux.run(["resize-window", "-t", "review", "-x", "120", "-y", "40"])
        (ok, screen) = await tmux.waitFor("c claim next")
        #expect(ok, "redrawn at 120×40:\n\(screen)")

        func open(_ name: String) async throws -> Bool {
            try tmux.type("/")
            try tmux.keys("C-u")
            try tmux.type(name)
            try tmux.keys("Enter")
            try tmux.keys("Enter")
            let (ok, screen) = await tmux.waitFor("claimed \(id(name + ".pdf"))")
            #expect(ok, "\(name) opens:\n\(screen)")
            return ok
        }

        // 1. Approve doc-001 as it is.
        guard try await open("doc-001") else { return }
        try tmux.type("A")
        (ok, screen) = await tmux.waitFor("approved \(id("doc-001.pdf"))")
        #expect(ok, "\(screen)")

        // 2. Correct the total of doc-002 (typed, checked as typed), then approve.
        guard try await open("doc-002") else { return }
        try tmux.type("/total")
        try tmux.keys("Enter")
        try tmux.type("e")
        try tmux.keys("C-u")
        try tmux.type("99x")
        (ok, screen) = await tmux.waitFor("must be an amount")
        #expect(ok, "a wrong amount is flagged while typing:\n\(screen)")
        try tmux.keys("BSpace")
        try tmux.type("9.99")
        try tmux.keys("Enter")
        (ok, screen) = await tmux.waitFor("total = 999.99")
        #expect(ok, "\(screen)")
        // The page as a picture at 80×24 (a worker draws it from the stored PDF with chafa's symbols), the total
        // outlined; zoomed in on it; then the text again.
        tmux.run(["resize-window", "-t", "review", "-x", "80", "-y", "24"])
        try tmux.type("p")
        (ok, screen) = await tmux.waitFor("outlined")
        #expect(ok, "the picture pane opens:\n\(screen)")
        // Drawn in block and border symbols (in colour, or, with NO_COLOR as here in CI, in shapes alone).
        let drawn = await eventually(timeout: 20) {
            tmux.screen.unicodeScalars.filter { (0x2580...0x259F).contains($0.value) || (0x2500...0x257F).contains($0.value) }.count > 20
        }
        #expect(drawn, "the page is drawn in symbols:\n\(tmux.screen)")
        #expect(!tmux.screen.contains("cannot be drawn"), "\(tmux.screen)")
        try tmux.type("+")
        (ok, screen) = await tmux.waitFor("zoom 2×")
        #expect(ok, "zoomed in:\n\(screen)")
        try tmux.type("p")
        try tmux.type("p")
        (ok, screen) = await tmux.waitFor("page: text")
        #expect(ok, "back to the text:\n\(screen)")
        tmux.run(["resize-window", "-t", "review", "-x", "120", "-y", "40"])
        try tmux.type("A")
        (ok, screen) = await tmux.waitFor("approved \(id("doc-002.pdf")) with 1 correction")
        #expect(ok, "\(screen)")

        // 3. Reject doc-003 with a reason and a note.
        guard try await open("doc-003") else { return }
        try tmux.type("R")
        (ok, screen) = await tmux.waitFor("Reject: why?")
        #expect(ok, "\(screen)")
        try tmux.type("4")
        try tmux.type("page 2 is missing")
        try tmux.keys("Enter")
        (ok, screen) = await tmux.waitFor("rejected \(id("doc-003.pdf")): MISSING_PAGES")
        #expect(ok, "\(screen)")
        try tmux.type("q")
        let gone = await eventually(timeout: 10) { !tmux.screen.contains("Quire review") }
        #expect(gone, "q quits")

        // The outbox: two done records with the decisions, one failed record with the reason.
        let outbox = home + "/outbox/invoices"
        // Records only: the outbox writer's hidden temporary files (.name.tmp) are not records yet.
        func records(_ folder: String) -> Int {
            ((try? FileManager.default.contentsOfDirectory(atPath: outbox + "/" + folder)) ?? []).filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.count
        }
        let settled = await eventually { records("done") == 2 && records("failed") == 1 }
        #expect(settled, "see \(dir.file("serve.log"))")
        guard settled else { return }
        func record(_ folder: String, _ name: String) throws -> JSONValue {
            try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: "\(outbox)/\(folder)/\(id(name)).json")))
        }
        let first = try record("done", "doc-001.pdf")
        #expect(first["result"]?["decision"] == "approved" && first["result"]?["reviewers"] == ["ann"])
        let second = try record("done", "doc-002.pdf")
        #expect(second["result"]?["values"]?["total"] == 999.99, "\(second["result"] ?? .null)")
        let review2 = second["stages"]?.arrayValue?.last { $0["id"] == "review" }?["output"]
        #expect(review2?["corrections"] == ["total": 999.99])
        let third = try record("failed", "doc-003.pdf")
        #expect(third["status"] == "exception")
        #expect(third["reason"]?.stringValue?.contains("MISSING_PAGES") == true && third["reason"]?.stringValue?.contains("page 2 is missing") == true, "\(third["reason"] ?? .null)")

        // The store's record of who did what: claim and approve with the total before and after.
        let shown = try JSONValue.parse(Data(try await QuireBinary.run(["review", "show", id("doc-002.pdf"), "--home", home]).stdout.utf8))
        let actions = shown["actions"]?.arrayValue ?? []
        #expect(actions.compactMap { $0["action"]?.stringValue } == ["claim", "approve"])
        let approve = actions.last
        #expect(approve?["actor"] == "ann" && approve?["after"]?["corrections"]?["total"] == 999.99)
        #expect(approve?["before"]?["total"] != nil && approve?["before"]?["total"] != 999.99, "the value before the correction: \(approve?["before"] ?? .null)")
        let rejected = try JSONValue.parse(Data(try await QuireBinary.run(["review", "show", id("doc-003.pdf"), "--home", home]).stdout.utf8))
        #expect(rejected["decision"]?["reason"] == "MISSING_PAGES" && rejected["actions"]?.arrayValue?.last?["note"] == "page 2 is missing")
        // The item's history says who moved it on.
        let history = try JSONValue.parse(Data(try await QuireBinary.run(["items", "show", id("doc-001.pdf"), "--json", "--home", home]).stdout.utf8))
        #expect(history["events"]?.arrayValue?.contains { $0["kind"] == "retried" && $0["data"]?["by"] == "review:ann" } == true)
        let stats = try JSONValue.parse(Data(try await QuireBinary.run(["review", "stats", "--json", "--home", home]).stdout.utf8))
        #expect(stats["approved"] == 2 && stats["rejected"] == 1 && stats["reject_reasons"]?["MISSING_PAGES"] == 1)
        #expect(stats["fields"]?.arrayValue?.first { $0["field"] == "total" }?["corrected"] == 1)

        // What the reviewers approved (the rejected item is not) trains the field ranker: a candidate version
        // with lineage, which decides nothing until it is promoted.
        let trained = try await QuireBinary.run(["model", "train", "--name", "fields", "--home", home])
        #expect(trained.status == 0 && trained.stdout.contains("trained on 1 documents, 1 held out by vendor; registered fields version 1 as a candidate"),
                "\(trained.stdout)\(trained.stderr)")
        #expect(trained.stdout.contains("1 decided reviews passed over"), "the rejected one: \(trained.stdout)")
        let models = try await QuireBinary.run(["model", "list", "fields", "--json", "--home", home]).stdout
        let version = try #require(models.split(separator: "\n").compactMap { try? JSONValue.parse(String($0)) }.first { $0["name"] == "fields" }, "\(models)")
        #expect(version["state"] == "candidate" && version["examples"] == 2 && version["metrics"]?["holdout"]?["field_accuracy"]?.numberValue != nil, "\(version)")
    }

    @Test func twoReviewersInTwoProcessesNeverHoldTheSameItemAndAnExpiredLeaseReturnsIt() async throws {
        let dir = try TemporaryDirectory("quire-review-claims")
        defer { dir.remove() }
        let home = dir.file("home")
        #expect(try await QuireBinary.run(["init", home, "--pipelines", QuireBinary.repositoryRoot + "/pipelines"]).status == 0)
        let store = try SQLiteStore(path: home + "/data/quire.sqlite")
        var ids: [ItemID] = []
        for _ in 0..<40 {
            let item = try await StoreConformance.enqueue(store)
            _ = try await store.openReview(Review(item: item.id, pipeline: "invoices", queue: "invoices", priority: 0, reasons: ["test"], due: nil, createdAt: Date(), updatedAt: Date()))
            ids.append(item.id)
        }
        async let ann = Task.detached { try await QuireBinary.run(["review", "claim", "--all", "--as", "ann", "--home", home]) }.value
        async let bob = Task.detached { try await QuireBinary.run(["review", "claim", "--all", "--as", "bob", "--home", home]) }.value
        let (a, b) = try await (ann, bob)
        let annHolds = Set(Self.lines(a.stdout).compactMap { $0["item"]?.stringValue })
        let bobHolds = Set(Self.lines(b.stdout).compactMap { $0["item"]?.stringValue })
        #expect(annHolds.isDisjoint(with: bobHolds), "held by both: \(annHolds.intersection(bobHolds))")
        #expect(annHolds.union(bobHolds) == Set(ids.map(\.rawValue)), "every item claimed once: ann \(annHolds.count), bob \(bobHolds.count); \(a.stderr) \(b.stderr)")

        // A five-second lease (short, but long enough for a second `quire` to start on a loaded machine):
        // nobody else can take it until it runs out, then it is back in the queue.
        let extra = try await StoreConformance.enqueue(store)
        _ = try await store.openReview(Review(item: extra.id, pipeline: "invoices", queue: "invoices", priority: 0, reasons: ["test"], due: nil, createdAt: Date(), updatedAt: Date()))
        let cat = try await QuireBinary.run(["review", "claim", "--item", extra.id.rawValue, "--lease", "5s", "--as", "cat", "--home", home])
        #expect(cat.status == 0, "\(cat.stderr)")
        let early = try await QuireBinary.run(["review", "claim", "--item", extra.id.rawValue, "--as", "dan", "--home", home])
        #expect(early.status != 0 && early.stderr.contains("held by someone else"), "\(early.stderr)")
        try await Task.sleep(for: .seconds(5.5))
        let listed = Self.lines(try await QuireBinary.run(["review", "list", "--json", "--home", home]).stdout)
        let back = listed.first { $0["item"]?.stringValue == extra.id.rawValue }
        #expect(back?["state"] == "open" && back?["claimed_by"] == .null, "listed as open again: \(back ?? .null)")
        let later = try await QuireBinary.run(["review", "claim", "--item", extra.id.rawValue, "--as", "dan", "--home", home])
        #expect(later.status == 0, "the lease ran out, so dan may take it: \(later.stderr)")
        #expect(try await store.review(extra.id)?.claimedBy == "dan")
        #expect(try await store.reviewActions(item: extra.id).map(\.actor) == ["cat", "dan"])
        // A corrected IBAN is checked as the extractor checks it.
        let bad = try await QuireBinary.run(["review", "approve", extra.id.rawValue, "--as", "dan", "--set", "vendor_iban=DE00370400440532013000", "--home", home])
        #expect(bad.status == 64 && bad.stderr.contains("vendor_iban") && bad.stderr.lowercased().contains("check digits"), "\(bad.stderr)")
        #expect(try await store.review(extra.id)?.state == .claimed, "nothing was decided")
    }

    /// `quire review --server`: the same screen over the API, as the token's name; the page picture
    /// is drawn by the server's workers.
    @Test func theReviewScreenWorksAgainstAServer() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux"), "this test drives quire review in tmux; ./install.sh test installs it")
        let dir = try TemporaryDirectory("quire-review-screen-remote")
        defer { dir.remove() }
        let home = try await Self.homeWhereEveryItemIsReviewed(dir)
        let (server, port) = try await QuireBinary.serveAPI(home: home, log: dir.file("serve.log"), environment: ["QUIRE_SPOOL_SETTLE": "150ms"])
        defer { server.stop() }
        let id = try await Self.waitingItem(home: home, root: QuireBinary.repositoryRoot, file: "doc-001")
        let eve = try await QuireBinary.run(["tokens", "create", "--role", "reviewer", "--name", "eve", "--home", home]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try eve.write(toFile: dir.file("eve.token"), atomically: true, encoding: .utf8)
        chmod(dir.file("eve.token"), 0o600)
        let tmux = Tmux()
        defer { tmux.close() }
        tmux.run(["new-session", "-d", "-s", "review", "-x", "80", "-y", "24",
                  "\(QuireBinary.path) review --server http://127.0.0.1:\(port) --token-file \(dir.file("eve.token")) --graphics symbols"])
        var (ok, screen) = await tmux.waitFor("1 waiting")
        #expect(ok, "the server's queue is listed:\n\(screen)")
        try tmux.keys("Enter")
        (ok, screen) = await tmux.waitFor("Why")
        #expect(ok && screen.contains(id), "the item is claimed and shown:\n\(screen)")
        try tmux.keys("p")
        (ok, screen) = await tmux.waitFor("page 1/")
        #expect(ok && !screen.contains("cannot be drawn"), "the server draws the page:\n\(screen)")
        try tmux.keys("A")
        (ok, screen) = await tmux.waitFor("approved \(id)")
        #expect(ok, "approved over the API:\n\(screen)")
        let shown = try JSONValue.parse(Data(try await QuireBinary.run(["review", "show", id, "--home", home]).stdout.utf8))
        #expect(shown["state"] == "decided" && shown["actions"]?.arrayValue?.last?["actor"] == "eve", "the server recorded the token's name: \(shown)")
        #expect((shown["actions"]?.arrayValue?.last?["seconds"]?.numberValue ?? 0) > 0, "the screen's handle time reached the server: \(shown)")
    }

    @Test func reviewersWorkTheQueueOnAServerWithTheirTokens() async throws {
        let dir = try TemporaryDirectory("quire-review-remote")
        defer { dir.remove() }
        let home = try await Self.homeWhereEveryItemIsReviewed(dir)
        let root = QuireBinary.repositoryRoot
        let (server, port) = try await QuireBinary.serveAPI(home: home, log: dir.file("serve.log"), environment: ["QUIRE_SPOOL_SETTLE": "150ms"])
        defer { server.stop() }
        for n in ["doc-001", "doc-002"] {
            try FileManager.default.copyItem(atPath: "\(root)/fixtures/documents/\(n).pdf", toPath: "\(home)/inbox/invoices/\(n).pdf")
        }
        let queued = await eventually { Self.lines((try? await QuireBinary.run(["review", "list", "--json", "--home", home]).stdout) ?? "").count == 2 }
        #expect(queued, "two items wait for review; see \(dir.file("serve.log"))")
        guard queued else { return }
        let url = "http://127.0.0.1:\(port)"
        let eve = try await QuireBinary.run(["tokens", "create", "--role", "reviewer", "--name", "eve", "--home", home]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let asEve = ["QUIRE_TOKEN": eve]
        let listed = Self.lines(try await QuireBinary.run(["review", "list", "--json", "--server", url], environment: asEve).stdout)
        #expect(listed.count == 2, "\(listed)")
        func id(_ name: String) -> String { listed.first { $0["name"]?.stringValue == name }?["item"]?.stringValue ?? "?" }
        let table = try await QuireBinary.run(["review", "list", "--server", url], environment: asEve)
        #expect(table.stdout.contains("doc-001.pdf") && table.stdout.contains("doc-002.pdf"), "\(table.stdout)\(table.stderr)")

        // Approve with a correction and reject with a reason, as the token's name; the home records them so.
        let approved = try await QuireBinary.run(["review", "approve", id("doc-001.pdf"), "--set", "total=3593.05", "--server", url], environment: asEve)
        #expect(approved.status == 0 && approved.stdout.contains("approved \(id("doc-001.pdf"))"), "\(approved.stdout)\(approved.stderr)")
        let claimed = try await QuireBinary.run(["review", "claim", "--item", id("doc-002.pdf"), "--server", url], environment: asEve)
        #expect(claimed.status == 0 && (try? JSONValue.parse(claimed.stdout))?["claimed_by"] == "eve", "\(claimed.stdout)\(claimed.stderr)")
        let rejected = try await QuireBinary.run(["review", "reject", id("doc-002.pdf"), "--reason", "MISSING_PAGES", "--note", "page 2", "--server", url], environment: asEve)
        #expect(rejected.status == 0 && rejected.stdout.contains("rejected"), "claimed already by the same token: \(rejected.stdout)\(rejected.stderr)")
        let shown = try JSONValue.parse(Data(try await QuireBinary.run(["review", "show", id("doc-001.pdf"), "--home", home]).stdout.utf8))
        #expect(shown["state"] == "decided" && shown["actions"]?.arrayValue?.last?["actor"] == "eve", "\(shown)")
        let remoteShow = try JSONValue.parse(Data(try await QuireBinary.run(["review", "show", id("doc-001.pdf"), "--server", url], environment: asEve).stdout.utf8))
        #expect(remoteShow["state"] == "decided" && remoteShow["actions"] == shown["actions"], "\(remoteShow)")
        let supervisor = try await QuireBinary.run(["tokens", "create", "--role", "operator", "--name", "sam", "--home", home]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let remoteStats = try JSONValue.parse(Data(try await QuireBinary.run(["review", "stats", "--json", "--server", url], environment: ["QUIRE_TOKEN": supervisor]).stdout.utf8))
        let localStats = try JSONValue.parse(Data(try await QuireBinary.run(["review", "stats", "--json", "--home", home]).stdout.utf8))
        #expect(remoteStats == localStats && remoteStats["approved"] == 1 && remoteStats["rejected"] == 1, "\(remoteStats)")
        let statsTable = try await QuireBinary.run(["review", "stats", "--since", "1d", "--server", url], environment: ["QUIRE_TOKEN": supervisor])
        #expect(statsTable.status == 0 && statsTable.stdout.contains("approved 1, rejected 1"), "\(statsTable.stdout)\(statsTable.stderr)")
        // A supervisor takes a claim away over the API; the item is open again and the release is the token's.
        let third = try await Self.waitingItem(home: home, root: root, file: "doc-003")
        #expect(try await QuireBinary.run(["review", "claim", "--item", third, "--server", url], environment: asEve).status == 0)
        let released = try await QuireBinary.run(["review", "release", third, "--note", "eve is away", "--server", url], environment: ["QUIRE_TOKEN": supervisor])
        #expect(released.status == 0 && released.stdout.contains("back in its queue"), "\(released.stdout)\(released.stderr)")
        let afterRelease = try JSONValue.parse(Data(try await QuireBinary.run(["review", "show", third, "--home", home]).stdout.utf8))
        #expect(afterRelease["state"] == "open" && afterRelease["actions"]?.arrayValue?.last?["actor"] == "sam", "\(afterRelease)")
        let notSupervisor = try await QuireBinary.run(["review", "stats", "--server", url], environment: asEve)
        #expect(notSupervisor.status == 78 && notSupervisor.stderr.contains("review.supervise"), "\(notSupervisor.stderr)")
        let again = try await QuireBinary.run(["review", "approve", id("doc-002.pdf"), "--server", url], environment: asEve)
        #expect(again.status != 0 && again.stderr.contains("409"), "a decided review is not decided twice: \(again.stderr)")

        // Other roles and scripts that only work on the home are told what to do.
        let bot = try await QuireBinary.run(["tokens", "create", "--role", "bot", "--home", home]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let refused = try await QuireBinary.run(["review", "list", "--server", url], environment: ["QUIRE_TOKEN": bot])
        #expect(refused.status == 78 && refused.stderr.contains("review.work"), "\(refused.stderr)")
        let all = try await QuireBinary.run(["review", "claim", "--all", "--server", url], environment: asEve)
        #expect(all.status != 0 && all.stderr.contains("--item"), "\(all.stderr)")
    }

    /// A bot that asks for a person (`needs_human`) gets an answer through `quire review`: the
    /// question waits in the stage's queue with the bot's message and screenshot, the approval
    /// runs the bot stage again with the answer, and the item finishes.
    @Test func aBotsQuestionIsAnsweredInQuireReviewAndTheBotCarriesOn() async throws {
        let dir = try TemporaryDirectory("quire-review-bot")
        defer { dir.remove() }
        let root = QuireBinary.repositoryRoot
        let home = dir.file("home")
        #expect(try await QuireBinary.run(["init", home, "--pipelines", root + "/pipelines"]).status == 0)
        try FileManager.default.createDirectory(atPath: home + "/bots/asker", withIntermediateDirectories: true)
        try """
            name: asker
            description: Asks a person which vendor is meant, then books.
            command: [/usr/bin/python3, asker.py]
            actions:
              - name: book
            timeout: 30s
            """.write(toFile: home + "/bots/asker/bot.yaml", atomically: true, encoding: .utf8)
        try """
            import json, os, sys
            request = json.loads(sys.stdin.readline())
            human = request["payload"].get("human")
            if human is None:
                open(os.path.join(request["scratch"], "vendors.png"), "wb").write(b"two vendors on the screen")
                print(json.dumps({"type": "evidence", "path": "vendors.png", "kind": "screenshot"}))
                print(json.dumps({"type": "result", "status": "needs_human", "code": "ambiguous_vendor", "message": "two vendors match this invoice"}))
            else:
                print(json.dumps({"type": "result", "status": "done", "code": "booked", "message": "booked", "output": {"answer": human}}))
            """.write(toFile: home + "/bots/asker/asker.py", atomically: true, encoding: .utf8)
        try """
            name: asker
            version: 1
            sources:
              spool:
                accept: [pdf]
                max_size: 20MB
            stages:
              - id: book
                use: bot
                with: { bot: asker, action: book, review_queue: vendor-questions, sla: 4h }
                timeout: 1m
              - id: done_record
                use: outbox.write
            """.write(toFile: home + "/pipelines/asker.yaml", atomically: true, encoding: .utf8)
        let server = try QuireBinary.serve(home: home, log: dir.file("serve.log"), environment: ["QUIRE_SPOOL_SETTLE": "150ms"])
        defer { server.stop() }
        _ = await eventually { FileManager.default.fileExists(atPath: home + "/inbox/asker") }
        try FileManager.default.copyItem(atPath: "\(root)/fixtures/documents/doc-001.pdf", toPath: "\(home)/inbox/asker/doc-001.pdf")
        var question: JSONValue? = nil
        let asked = await eventually {
            question = Self.lines((try? await QuireBinary.run(["review", "list", "--queue", "vendor-questions", "--json", "--home", home]).stdout) ?? "").first
            return question != nil
        }
        #expect(asked, "the bot's question reaches the review queue; see \(dir.file("serve.log"))")
        guard asked, let q = question, let id = q["item"]?.stringValue else { return }
        #expect(q["stage"] == "book" && q["round"] == 1)
        #expect(q["question"]?["message"] == "two vendors match this invoice" && q["question"]?["evidence"]?.arrayValue?.first?["kind"] == "screenshot")
        #expect(q["reasons"]?.arrayValue?.first?.stringValue?.contains("bot asker asks for a person") == true)
        let approve = try await QuireBinary.run(["review", "approve", id, "--as", "ann", "--home", home])
        #expect(approve.status == 0 && approve.stdout.contains("approved"), "\(approve.stdout)\(approve.stderr)")
        let done = await eventually { ((try? FileManager.default.contentsOfDirectory(atPath: home + "/outbox/asker/done")) ?? []).contains { $0.hasSuffix(".json") } }
        #expect(done, "the approved item finishes; see \(dir.file("serve.log"))")
        guard done else { return }
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: home + "/outbox/asker/done").first { $0.hasSuffix(".json") })
        let record = try String(contentsOfFile: home + "/outbox/asker/done/" + name, encoding: .utf8)
        #expect(record.contains("\"decision\"") && record.contains("\"approve\"") && record.contains("ann"), "the bot got the answer: \(record)")
        let actions = try await QuireBinary.run(["audit", "export", "--home", home])
        #expect(actions.stdout.contains("review.approve"), "the decision is in the audit trail")
    }
}

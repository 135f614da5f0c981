import ArgumentParser
import Foundation
import QuireAPI
import QuireAppliance
import QuireCore
import QuireEngine
import QuireReview
import QuireStore

/// Who is reviewing: --as, else $QUIRE_REVIEWER, else the login name.
struct ReviewerOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: ArgumentHelp("Your reviewer name (default: $QUIRE_REVIEWER, else $USER).", valueName: "NAME"))
    var reviewer: String?

    var name: String {
        let env = ProcessInfo.processInfo.environment
        return reviewer ?? env["QUIRE_REVIEWER"].flatMap { $0.isEmpty ? nil : $0 } ?? env["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "reviewer"
    }
}

struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Work the review queue: the terminal UI, or list, claim, approve, reject and release from scripts.",
        discussion: """
            'quire review' opens the keyboard-driven terminal UI (works at 80×24, over SSH and in tmux;
            NO_COLOR=1 turns colour off; '?' shows the keys). Reference: docs/review.md.
            Examples:
              quire review --as ann
              quire review list --queue invoices
              quire review approve itm_0193a4b2c3 --as ann --set total=1234.50 --set issue_date=2026-03-01
              quire review reject itm_0193a4b2c3 --as ann --reason MISSING_PAGES --note "page 2 missing"
              quire review stats
              quire review --server https://quire.example:8443         # the same screen on a server, as the token's name
              quire review list --server https://quire.example:8443    # list, claim, approve, reject on a server, as the token's name
            """,
        subcommands: [UI.self, List.self, Show.self, Claim.self, Approve.self, Reject.self, Release.self, Stats.self],
        defaultSubcommand: UI.self)

    struct UI: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ui", abstract: "The terminal UI (the default).")
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var serverOptions: ServerOptions
        @OptionGroup var who: ReviewerOptions
        @Option(help: "Only this queue (default: every queue).") var queue: String?
        @Option(help: ArgumentHelp("How the page picture (key p) is drawn: auto (from the terminal: kitty, sixel, else symbols), symbols (any terminal, tmux, SSH), sixel or kitty.",
                                   valueName: "MODE"))
        var graphics = "auto"

        func validate() throws {
            guard graphics == "auto" || PictureRequest.Mode(rawValue: graphics) != nil else {
                throw ValidationError("--graphics is auto, symbols, sixel or kitty, not '\(graphics)'")
            }
        }

        func run() async throws {
            try await reportingErrors {
                let color = (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
                let mode = PictureRequest.Mode(rawValue: graphics) ?? PictureGraphics.detect(ProcessInfo.processInfo.environment)
                if let client = try serverOptions.client(homeOptions) {
                    // The server draws the pictures (its workers); this process only shows them.
                    let backend = HTTPReviewBackend(client: client)
                    var app = ReviewApp(backend: backend, reviewer: who.name, queue: queue, color: color)
                    app.picture = { id, request in try await backend.picture(id, request) }
                    app.graphics = mode
                    try await app.run(terminal: try Terminal())
                    return
                }
                let appliance = try await homeOptions.open()
                let terminal = try Terminal()
                // One worker draws the page pictures from the stored originals, out of this process.
                let pool = localWorkers(1, label: "quire.review")
                defer { pool.close() }
                var app = ReviewApp(service: appliance.reviewService(), data: appliance.reviewData, reviewer: who.name, queue: queue, color: color)
                app.picture = { id, request in try await appliance.pagePicture(of: id, request, runner: pool) }
                app.graphics = mode
                try await app.run(terminal: terminal)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the open and claimed reviews, most urgent first.")
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var serverOptions: ServerOptions
        @Option(help: "Only this queue.") var queue: String?
        @Flag(help: "Print JSON lines.") var json = false

        func run() async throws {
            try await reportingErrors {
                if let client = try serverOptions.client(homeOptions) {
                    // The reviews the token's tenants may see (review.work), most urgent first as the server sorts them.
                    let rows = try await client.send("GET", "/v1/reviews" + Remote.query(queue.map { [("queue", $0)] } ?? [])).body["reviews"]?.arrayValue ?? []
                    if json { for r in rows { print(r.jsonString()) }; return }
                    if rows.isEmpty { print("the review queue is empty"); return }
                    print(pad("item", 28) + pad("queue", 12) + pad("pri", 5) + pad("state", 9) + pad("held by", 10) + pad("type", 13) + "document")
                    for r in rows {
                        print(pad(r["item"]?.stringValue ?? "?", 28) + pad(r["queue"]?.stringValue ?? "?", 12) + pad(r["priority"]?.intValue.map(String.init) ?? "?", 5)
                              + pad(r["state"]?.stringValue ?? "?", 9) + pad(r["claimed_by"]?.stringValue ?? "", 10) + pad(r["document_type"]?.stringValue ?? "?", 13)
                              + (r["name"]?.stringValue ?? ""))
                    }
                    return
                }
                let appliance = try await homeOptions.open()
                let now = Date()
                let rows = try await appliance.reviewData.rows(queue: queue, now: now).sorted(by: QueueRow.byRisk(now: now))
                if json { for r in rows { print(r.review.json.jsonString()) }; return }
                if rows.isEmpty { print("the review queue is empty"); return }
                print(pad("item", 28) + pad("queue", 12) + pad("pri", 5) + pad("sla", 9) + pad("held by", 10) + pad("type", 13) + "document")
                for r in rows {
                    let held = (r.review.leaseUntil ?? .distantPast) > now ? r.review.claimedBy ?? "" : ""
                    print(pad(r.review.item.rawValue, 28) + pad(r.review.queue, 12) + pad("\(r.review.priority)", 5)
                          + pad(r.slaLeft(now: now).map { $0 < 0 ? "late" : age($0) } ?? "-", 9) + pad(held, 10) + pad(r.documentType ?? "?", 13) + r.name)
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an item's review and every action on it (who, when, before and after, how long).")
        @OptionGroup var homeOptions: HomeOptions
        @Argument(help: "The item id.") var id: String
        @OptionGroup var serverOptions: ServerOptions

        func run() async throws {
            try await reportingErrors {
                if let client = try serverOptions.client(homeOptions) {
                    printJSON(try await client.send("GET", "/v1/reviews/\(Remote.escape(id))").body)
                    return
                }
                let appliance = try await homeOptions.open()
                guard let r = try await appliance.store.review(ItemID(id)) else { throw QuireError(.notFound, "item \(id) was never in a review queue") }
                var out = r.json.objectValue ?? [:]
                out["actions"] = .array(try await appliance.store.reviewActions(item: r.item).map(\.exported))
                printJSON(.object(out))
            }
        }
    }

    struct Claim: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Claim the most urgent review (or --item, or --all) with a lease; prints what was claimed.")
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var who: ReviewerOptions
        @Option(help: "Only this queue.") var queue: String?
        @Option(help: "This item.") var item: String?
        @Flag(help: "Claim until nothing is left.") var all = false
        @Option(help: ArgumentHelp("How long the claim lasts without a heartbeat (default 10m).", valueName: "DURATION")) var lease = "10m"
        @OptionGroup var serverOptions: ServerOptions

        func run() async throws {
            try await reportingErrors {
                if let client = try serverOptions.client(homeOptions) {
                    // On a server the claim is the token's, for the server's lease; one item at a time.
                    guard let item, !all else { throw QuireError(.invalidArgument, "with --server, claim one item: --item ID (see 'quire review list --server')") }
                    print(try await client.send("POST", "/v1/reviews/\(Remote.escape(item))/claim").body.jsonString())
                    return
                }
                guard let seconds = Quantities.seconds(lease), seconds > 0 else { throw QuireError(.invalidArgument, "--lease must be a duration such as 90s or 10m") }
                let service = try await homeOptions.open().reviewService(lease: seconds)
                var claimed = 0
                while let r = try await service.claim(reviewer: who.name, queue: queue, item: item.map(ItemID.init)) {
                    print(r.json.jsonString())
                    claimed += 1
                    if !all || item != nil { break }
                }
                if claimed == 0 { throw QuireError(.notFound, "nothing to claim\(queue.map { " in \($0)" } ?? "")\(item.map { " for \($0) (held by someone else, decided, or not in review)" } ?? "")") }
            }
        }
    }

    /// Claims `id` for `reviewer` unless they hold it already; the review at its current version.
    static func hold(_ service: ReviewService, _ id: ItemID, reviewer: String) async throws -> Review {
        if let r = try await service.store.review(id), r.state == .claimed, r.claimedBy == reviewer, (r.leaseUntil ?? .distantPast) > Date() { return r }
        guard let r = try await service.claim(reviewer: reviewer, item: id) else {
            let r = try await service.store.review(id)
            throw QuireError(.conflict, r == nil ? "item \(id) is not in a review queue" : r!.state == .decided ? "item \(id) was decided already" : "item \(id) is held by \(r!.claimedBy ?? "someone else")")
        }
        return r
    }

    /// Claims `id` on a server for the token (unless the token holds it already) and submits `body` at the
    /// review's version; the answer is the review after the decision.
    static func submit(_ client: APIClient, id: String, _ body: [String: JSONValue]) async throws -> JSONValue {
        let path = "/v1/reviews/\(Remote.escape(id))"
        let version: JSONValue
        do {
            version = try await client.send("POST", path + "/claim").body["version"] ?? 0
        } catch let e as QuireError where e.code == .conflict {
            // Held already: by this token (go on at its version) or by someone else (the server's answer stands).
            let held = try await client.send("GET", "/v1/reviews").body["reviews"]?.arrayValue?.first { $0["item"]?.stringValue == id }
            guard let held, held["state"] == "claimed", let v = held["version"] else { throw e }
            version = v
        }
        var b = body
        b["version"] = version
        return try await client.send("POST", path + "/submit", json: .object(b)).body
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve an item, with corrected fields (--set NAME=VALUE) and document type.")
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var who: ReviewerOptions
        @Argument(help: "The item id.") var id: String
        @Option(name: .customLong("set"), help: ArgumentHelp("A corrected field (repeatable); an empty value: not on the document.", valueName: "NAME=VALUE"))
        var corrections: [String] = []
        @Option(help: "The document type, when the classifier got it wrong.") var type: String?
        @OptionGroup var serverOptions: ServerOptions

        func run() async throws {
            try await reportingErrors {
                var values: [String: JSONValue] = [:]
                for c in corrections {
                    guard let eq = c.firstIndex(of: "=") else { throw QuireError(.invalidArgument, "--set takes NAME=VALUE, e.g. --set total=1234.50") }
                    let name = String(c[..<eq]), text = String(c[c.index(after: eq)...])
                    values[name] = text.isEmpty ? .null : ReviewService.amountFields.contains(name) ? (Double(text.replacingOccurrences(of: ",", with: ".")).map(JSONValue.number) ?? .string(text)) : .string(text)
                }
                if let client = try serverOptions.client(homeOptions) {
                    var body: [String: JSONValue] = ["action": "approve", "corrections": .object(values)]
                    if let type { body["document_type"] = .string(type) }
                    let r = try await ReviewCommand.submit(client, id: id, body)
                    print(r["state"] == "decided" ? "approved \(id)" : "approval recorded; \(id) needs a second reviewer (four eyes)")
                    return
                }
                let appliance = try await homeOptions.open()
                let service = appliance.reviewService()
                let r = try await ReviewCommand.hold(service, ItemID(id), reviewer: who.name)
                let done = try await appliance.reviewData.approve(r, service: service, reviewer: who.name, version: r.version, corrections: values, documentType: type)
                print(done.state == .decided ? "approved \(id)" : "approval recorded; \(id) needs a second reviewer (four eyes)")
            }
        }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject an item with a reason code.")
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var who: ReviewerOptions
        @Argument(help: "The item id.") var id: String
        @Option(help: ArgumentHelp("The reason code: \(defaultRejectReasons.joined(separator: ", ")) (or the pipeline's reject_reasons).", valueName: "CODE")) var reason: String
        @Option(help: "A note (required with OTHER).") var note: String?
        @OptionGroup var serverOptions: ServerOptions

        func run() async throws {
            try await reportingErrors {
                if let client = try serverOptions.client(homeOptions) {
                    _ = try await ReviewCommand.submit(client, id: id, ["action": "reject", "reason": .string(reason), "note": note.map(JSONValue.string) ?? .null])
                    print("rejected \(id): \(reason)")
                    return
                }
                let appliance = try await homeOptions.open()
                let service = appliance.reviewService()
                let r = try await ReviewCommand.hold(service, ItemID(id), reviewer: who.name)
                _ = try await service.reject(r.item, reviewer: who.name, version: r.version, reason: reason, note: note)
                print("rejected \(id): \(reason)")
            }
        }
    }

    struct Release: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take a claim away from a reviewer (a supervisor's action; recorded with your name and note).")
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var who: ReviewerOptions
        @Argument(help: "The item id.") var id: String
        @Option(help: "Why.") var note: String
        @OptionGroup var serverOptions: ServerOptions

        func run() async throws {
            try await reportingErrors {
                if let client = try serverOptions.client(homeOptions) {
                    // As the token's name (review.supervise).
                    try await client.send("POST", "/v1/reviews/\(Remote.escape(id))/release", json: ["note": .string(note)])
                } else {
                    try await homeOptions.open().reviewService().release(ItemID(id), by: who.name, note: note)
                }
                print("released \(id); it is back in its queue")
            }
        }
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Per-field accuracy from reviewers' corrections (audit sample apart), reject reasons and handle time.")
        @OptionGroup var homeOptions: HomeOptions
        @Option(help: ArgumentHelp("Only reviews decided in this window, e.g. 7d.", valueName: "DURATION")) var since: String?
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var serverOptions: ServerOptions

        func run() async throws {
            try await reportingErrors {
                var seconds: Double? = nil
                if let since {
                    guard let s = Quantities.seconds(since), s >= 1 else { throw QuireError(.invalidArgument, "--since must be a duration such as 7d") }
                    seconds = s
                }
                let s: ReviewStatistics
                if let client = try serverOptions.client(homeOptions) {
                    // A supervisor's token of no tenant (the numbers count every tenant's reviews).
                    let answer = try await client.send("GET", "/v1/reviews/stats" + Remote.query(seconds.map { [("since_seconds", String(Int($0)))] } ?? [])).body
                    if json { printJSON(answer); return }
                    s = try ReviewStatistics(json: answer)
                } else {
                    s = try await ReviewStatistics.compute(store: try await homeOptions.open().store, since: seconds.map { Date().addingTimeInterval(-$0) })
                }
                if json { printJSON(s.json); return }
                print("open \(s.open) · decided \(s.decided): approved \(s.approved), rejected \(s.rejected), document type changed \(s.typeChanged)"
                      + (s.medianHandleSeconds.map { String(format: " · median handle time %.0f s", $0) } ?? ""))
                if !s.rejectReasons.isEmpty {
                    print("reject reasons: " + s.rejectReasons.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
                }
                if s.fields.isEmpty { print("no approved reviews yet"); return }
                print(pad("field", 18) + pad("reviewed", 10) + pad("corrected", 11) + pad("accuracy", 10) + "audit sample (reviewed, accuracy)")
                for f in s.fields {
                    print(pad(f.field, 18) + pad("\(f.reviewed)", 10) + pad("\(f.corrected)", 11) + pad(f.accuracy.map { String(format: "%.1f %%", $0 * 100) } ?? "-", 10)
                          + (f.auditReviewed == 0 ? "-" : "\(f.auditReviewed), " + (f.auditAccuracy.map { String(format: "%.1f %%", $0 * 100) } ?? "-")))
                }
            }
        }
    }
}

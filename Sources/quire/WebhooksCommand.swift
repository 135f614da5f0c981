import ArgumentParser
import Foundation
import QuireAPI
import QuireAppliance
import QuireCore
import QuireStore

struct WebhooksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks",
        abstract: "The delivery log of the pipelines' webhooks, and replay.",
        discussion: """
            Pipelines name webhooks in their spec (webhooks: [{url, events, secret}]); 'quire serve' sends
            them, signed, and retries with backoff. Every delivery and its last attempt is listed here.

            Examples:
              quire webhooks list --state failed
              quire webhooks list --item itm_01a2...
              quire webhooks replay 42
              quire webhooks list --server https://quire.example:8443   # an operator or admin token of no tenant
            """,
        subcommands: [List.self, Replay.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List deliveries, newest first.")
        @Option(help: "Only this item's deliveries.") var item: String?
        @Option(help: "Only deliveries in this state (pending, delivered, failed); repeatable.") var state: [String] = []
        @Option(help: "How many (1 to 500).") var limit: Int = 50
        @Flag(help: "One JSON object per line.") var json = false
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var serverOptions: ServerOptions

        func validate() throws {
            for s in state where !WebhookDelivery.states.contains(s) { throw ValidationError("--state is pending, delivered or failed, not '\(s)'") }
            if let item, ItemID(parsing: item) == nil { throw ValidationError("--item is an item id (itm_ and 22 hex digits), not '\(item)'") }
            guard (1...500).contains(limit) else { throw ValidationError("--limit is 1 to 500") }
        }

        func run() async throws {
            try await reportingErrors {
                let list: [JSONValue]
                if let client = try serverOptions.client(homeOptions) {
                    var q: [(String, String)] = [("limit", String(limit))]
                    if let item { q.append(("item", item)) }
                    if !state.isEmpty { q.append(("state", state.joined(separator: ","))) }
                    list = try await client.send("GET", "/v1/webhooks" + Remote.query(q)).body["deliveries"]?.arrayValue ?? []
                } else {
                    let appliance = try await homeOptions.open()
                    list = try await appliance.store.webhookDeliveries(item: item.flatMap(ItemID.init(parsing:)), states: state.isEmpty ? nil : state, limit: limit)
                        .map(\.exported)
                }
                if json {
                    for d in list { print(d.jsonString()) }
                    return
                }
                if list.isEmpty { print("no webhook deliveries"); return }
                print(pad("ID", 7) + pad("ITEM", 28) + pad("EVENT", 13) + pad("STATE", 10) + pad("TRIES", 6) + "URL / LAST ERROR")
                for d in list {
                    let id = d["id"]?.numberValue.map { String(Int64($0)) } ?? "?"
                    print(pad(id, 7) + pad(d["item"]?.stringValue ?? "?", 28) + pad(d["event"]?.stringValue ?? "?", 13) + pad(d["state"]?.stringValue ?? "?", 10)
                          + pad(d["attempts"]?.numberValue.map { String(Int($0)) } ?? "?", 6) + (d["url"]?.stringValue ?? "")
                          + (d["last_error"]?.stringValue.map { "  (\($0))" } ?? ""))
                }
            }
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send a delivery again (a running 'quire serve' sends it within a second).")
        @Argument(help: "The delivery's id (quire webhooks list).") var id: Int64
        @Option(help: "Who replays it, for the audit trail (with --server, the token's name is recorded instead).") var by: String = NSUserName()
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var serverOptions: ServerOptions

        func run() async throws {
            try await reportingErrors {
                let d: JSONValue
                if let client = try serverOptions.client(homeOptions) {
                    d = try await client.send("POST", "/v1/webhooks/\(id)/replay").body
                } else {
                    d = try await homeOptions.open().store.replayWebhook(id: id, by: by, now: Date()).exported
                }
                print("delivery \(id) (\(d["event"]?.stringValue ?? "?") of \(d["item"]?.stringValue ?? "?") to \(d["url"]?.stringValue ?? "?")) queued again")
            }
        }
    }
}

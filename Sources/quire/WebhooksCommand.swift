import ArgumentParser
import Foundation
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
            """,
        subcommands: [List.self, Replay.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List deliveries, newest first.")
        @Option(help: "Only this item's deliveries.") var item: String?
        @Option(help: "Only deliveries in this state (pending, delivered, failed); repeatable.") var state: [String] = []
        @Option(help: "How many.") var limit: Int = 50
        @Flag(help: "One JSON object per line.") var json = false
        @OptionGroup var homeOptions: HomeOptions

        func validate() throws {
            for s in state where !["pending", "delivered", "failed"].contains(s) { throw ValidationError("--state is pending, delivered or failed, not '\(s)'") }
        }

        func run() async throws {
            try await reportingErrors {
                let appliance = try await homeOptions.open()
                let list = try await appliance.store.webhookDeliveries(item: item.map(ItemID.init), states: state.isEmpty ? nil : state, limit: limit)
                let f = ISO8601DateFormatter()
                if json {
                    for d in list {
                        print(JSONValue.object([
                            "id": .number(Double(d.id)), "item": .string(d.item.rawValue), "pipeline": .string(d.pipeline), "event": .string(d.event),
                            "url": .string(d.url), "state": .string(d.state), "attempts": .number(Double(d.attempts)),
                            "last_status": d.lastStatus.map { .number(Double($0)) } ?? .null, "last_error": d.lastError.map(JSONValue.string) ?? .null,
                            "next_at": .string(f.string(from: d.nextAt)), "created_at": .string(f.string(from: d.createdAt)),
                            "delivered_at": d.deliveredAt.map { .string(f.string(from: $0)) } ?? .null,
                        ]).jsonString())
                    }
                    return
                }
                if list.isEmpty { print("no webhook deliveries"); return }
                print(pad("ID", 7) + pad("ITEM", 28) + pad("EVENT", 13) + pad("STATE", 10) + pad("TRIES", 6) + "URL / LAST ERROR")
                for d in list {
                    print(pad(String(d.id), 7) + pad(d.item.rawValue, 28) + pad(d.event, 13) + pad(d.state, 10) + pad(String(d.attempts), 6) + d.url
                          + (d.lastError.map { "  (\($0))" } ?? ""))
                }
            }
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send a delivery again (a running 'quire serve' sends it within a second).")
        @Argument(help: "The delivery's id (quire webhooks list).") var id: Int64
        @Option(help: "Who replays it, for the audit trail.") var by: String = NSUserName()
        @OptionGroup var homeOptions: HomeOptions

        func run() async throws {
            try await reportingErrors {
                let appliance = try await homeOptions.open()
                let d = try await appliance.store.replayWebhook(id: id, by: by, now: Date())
                print("delivery \(d.id) (\(d.event) of \(d.item) to \(d.url)) queued again")
            }
        }
    }
}

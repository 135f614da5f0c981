import ArgumentParser
import Foundation
import QuireAppliance
import QuireEngine
import QuireCore
import QuireAPI
import QuireStore

struct ItemsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "items",
        abstract: "List, inspect, retry and cancel items.",
        subcommands: [List.self, Show.self, Retry.self, Cancel.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List items, newest first.",
            discussion: """
                Examples:
                  quire items list
                  quire items list --pipeline invoices --state failed --limit 20
                """)
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var serverOptions: ServerOptions
        @Option(name: .shortAndLong, help: "Only this pipeline.") var pipeline: String?
        @Option(help: ArgumentHelp("Only items in this state (repeatable, or comma-separated): \(ItemState.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "STATE"))
        var state: [String] = []
        var states: [String] { state.flatMap { $0.split(separator: ",").map(String.init) } }
        @Option(help: "At most this many.") var limit = 50
        @Flag(help: "Print JSON lines.") var json = false

        func validate() throws {
            for s in states where ItemState(rawValue: s) == nil {
                throw ValidationError("unknown state '\(s)'; use one of \(ItemState.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if limit < 1 { throw ValidationError("--limit must be at least 1") }
        }

        func run() async throws {
            try await reportingErrors {
                let items: [Item]
                if let client = try serverOptions.client(homeOptions) {
                    items = try await Remote.items(client, pipeline: pipeline, states: states, limit: limit)
                } else {
                    let appliance = try await homeOptions.open()
                    items = try await appliance.store.items(ItemQuery(pipeline: pipeline, states: states.isEmpty ? nil : states.compactMap(ItemState.init), limit: limit))
                }
                if json {
                    let enc = JSONEncoder()
                    enc.outputFormatting = [.sortedKeys]
                    enc.dateEncodingStrategy = .iso8601
                    for i in items { print(String(decoding: try enc.encode(i), as: UTF8.self)) }
                    return
                }
                if items.isEmpty { print("no items"); return }
                print(pad("item", 28) + pad("pipeline", 14) + pad("state", 12) + pad("age", 7) + "name")
                let now = Date()
                for i in items {
                    print(pad(i.id.rawValue, 28) + pad(i.pipeline, 14) + pad(i.state.rawValue, 12) + pad(age(now.timeIntervalSince(i.createdAt)), 7) + i.name
                          + (i.reason.map { "  (\($0))" } ?? ""))
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one item: its fields, every job with attempts and errors, and its event history.",
            discussion: "Example:\n  quire items show itm_0193a4b2c3d4e5f6a7b8c9")
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var serverOptions: ServerOptions
        @Argument(help: "The item id.") var id: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await reportingErrors {
                let item: Item, jobs: [Job], events: [Event]
                if let client = try serverOptions.client(homeOptions) {
                    (item, jobs, events) = try await Remote.item(client, id: id)
                } else {
                    let appliance = try await homeOptions.open()
                    guard let i = try await appliance.store.item(ItemID(id)) else {
                        throw QuireError(.notFound, "no item \(id); list items with 'quire items list'")
                    }
                    item = i
                    jobs = try await appliance.store.jobs(of: item.id)
                    events = try await appliance.store.events(of: item.id)
                }
                if json {
                    let enc = JSONEncoder()
                    enc.dateEncodingStrategy = .iso8601
                    let value: JSONValue = [
                        "item": try JSONValue.parse(try enc.encode(item)),
                        "jobs": try JSONValue.parse(try enc.encode(jobs)),
                        "events": try JSONValue.parse(try enc.encode(events)),
                    ]
                    printJSON(value)
                    return
                }
                let f = ISO8601DateFormatter()
                print("item      \(item.id)")
                print("pipeline  \(item.pipeline)")
                print("name      \(item.name)")
                print("state     \(item.state.rawValue)\(item.reason.map { " — \($0)" } ?? "")")
                print("type      \(item.mediaType), \(item.size) bytes, sha256 \(item.contentHash)")
                print("received  \(f.string(from: item.createdAt)) via \(item.source.rawValue)")
                if let d = item.duplicateOf { print("duplicate of \(d)") }
                if item.priority != 0 { print("priority  \(item.priority)") }
                if let r = item.externalRef { print("reference \(r)") }
                if item.metadata != .emptyObject { print("metadata  \(item.metadata.jsonString())") }
                print("\njobs")
                for j in jobs {
                    var line = "  #\(j.id) \(pad(j.stageID, 16)) \(pad(j.state.rawValue, 10)) attempts \(j.attempts)/\(j.maxAttempts)"
                    if let s = j.startedAt, let e = j.finishedAt { line += "  \(Int(e.timeIntervalSince(s) * 1000))ms" }
                    if let e = j.lastError { line += "  error: \(e)" }
                    print(line)
                }
                print("\nevents")
                for e in events {
                    print("  \(f.string(from: e.at)) \(pad(e.kind, 16)) \(e.stageID ?? "")\(e.data == .emptyObject ? "" : " " + e.data.jsonString())")
                }
            }
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Queue a failed, exception, needs-human or cancelled item again at the stage that stopped it.",
            discussion: "Example:\n  quire items retry itm_0193a4b2c3d4e5f6a7b8c9")
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var serverOptions: ServerOptions
        @Argument(help: "Item ids.") var ids: [String]

        func run() async throws {
            try await reportingErrors {
                if let client = try serverOptions.client(homeOptions) {
                    for id in ids {
                        try await client.send("POST", "/v1/items/\(Remote.escape(id))/retry")
                        print("\(id): queued again")
                    }
                    return
                }
                let appliance = try await homeOptions.open()
                for id in ids {
                    let item = try await appliance.retry(item: ItemID(id), by: ProcessInfo.processInfo.environment["USER"] ?? "operator")
                    print("\(item.id): queued again")
                }
            }
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cancel items that have not finished; their queued jobs are dropped.",
            discussion: "Example:\n  quire items cancel itm_0193a4b2c3d4e5f6a7b8c9 --reason 'sent by mistake'")
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var serverOptions: ServerOptions
        @Argument(help: "Item ids.") var ids: [String]
        @Option(help: "Why (kept with the item).") var reason = "cancelled by operator"

        func run() async throws {
            try await reportingErrors {
                if let client = try serverOptions.client(homeOptions) {
                    for id in ids {
                        try await client.send("POST", "/v1/items/\(Remote.escape(id))/cancel", json: ["reason": .string(reason)])
                        print("\(id): cancelled")
                    }
                    return
                }
                let appliance = try await homeOptions.open()
                for id in ids {
                    let item = try await appliance.cancel(item: ItemID(id), reason: reason, by: ProcessInfo.processInfo.environment["USER"] ?? "operator")
                    print("\(item.id): cancelled")
                }
            }
        }
    }
}

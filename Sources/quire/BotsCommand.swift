import ArgumentParser
import Foundation
import QuireAppliance
import QuireBots
import QuireCore

struct BotsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bots",
        abstract: "List the installed RPA bots, or run one request against a bot outside any pipeline.",
        subcommands: [List.self, Test.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the bots (bots/<name>/bot.yaml) with their actions and budgets.")
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var homeOptions: HomeOptions

        func run() async throws {
            try await reportingErrors {
                let configuration = try homeOptions.configuration()
                let catalog = try BotCatalog.load(directory: configuration.botsDirectory)
                let bots = catalog.names.compactMap { catalog[$0] }
                if json {
                    printJSON(.array(bots.map(\.summary)))
                    return
                }
                if bots.isEmpty {
                    print("no bots in \(configuration.botsDirectory); copy one there (a folder with a bot.yaml, see docs/bots.md)")
                    return
                }
                print(pad("NAME", 16) + pad("KIND", 8) + pad("ACTIONS", 28) + pad("TARGET", 14) + pad("BUDGET", 14) + "REGION")
                for b in bots {
                    print(pad(b.name, 16) + pad(b.kind.rawValue, 8) + pad(b.actions.map(\.name).joined(separator: ","), 28) + pad(b.target ?? "-", 14)
                          + pad("\(b.concurrency)\(b.rate.map { " · \($0.text)" } ?? "")", 14) + (b.region ?? "-"))
                    if !b.description.isEmpty { print("  " + b.description) }
                }
            }
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send one request to a bot and show the protocol exchange (no pipeline, no item).",
            discussion: """
                The request uses item id 'test', attempt 1, and the payload from --payload (a JSON
                object). Lines are marked '>' (sent), '<' (received), '!' (stderr) and '#' (quire's note).
                Exit status: 0 done, 3 needs human, 4 business error, 5 application error.

                Example:
                  quire bots test ledger-csv --action append --payload invoice.json
                """)
        @Argument(help: "The bot's name.") var name: String
        @Option(help: "The action to run.") var action: String
        @Option(help: ArgumentHelp("The payload, a JSON object (default {}).", valueName: "FILE")) var payload: String?
        @Option(help: "The idempotency key (default: a fresh one each run).") var idempotencyKey: String?
        @OptionGroup var homeOptions: HomeOptions

        func run() async throws {
            var code: Int32 = 0
            try await reportingErrors {
                let configuration = try homeOptions.configuration()
                let env = try Appliance.botEnvironment(configuration, store: nil)
                guard let bot = env.catalog[name] else {
                    throw QuireError(.notFound, "no bot '\(name)' in \(configuration.botsDirectory); installed: \(env.catalog.names.joined(separator: ", "))")
                }
                guard bot.action(action) != nil else {
                    throw QuireError(.invalidArgument, "bot \(name) has no action '\(action)'; its actions: \(bot.actions.map(\.name).joined(separator: ", "))")
                }
                var body: JSONValue = .emptyObject
                if let payload {
                    guard let data = FileManager.default.contents(atPath: homeOptions.absolute(payload)) else { throw QuireError(.notFound, "cannot read \(payload)") }
                    do { body = try JSONValue.parse(data) } catch { throw QuireError(.invalidArgument, "\(payload) is not JSON: \(error)") }
                }
                if let schema = bot.action(action)?.input {
                    let errors = InputSchema.validate(body, schema: schema)
                    if !errors.isEmpty { throw QuireError(.invalidArgument, "the payload does not match the action's input schema: \(errors.joined(separator: "; "))") }
                }
                let scratch = configuration.botScratchDirectory + "/test-\(UUID().uuidString.prefix(8))"
                try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(atPath: scratch) }
                let item = ItemID("test")
                let request = BotRequest(item: item, pipeline: "-", stage: "test", action: action, attempt: 1, leaseToken: 1,
                                         deadline: Date().addingTimeInterval(bot.timeout),
                                         idempotencyKey: idempotencyKey ?? "qk_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""),
                                         payload: body, files: [], scratch: scratch, traceparent: TraceContext(header: nil).header)
                let run = await env.dispatcher.dispatch(bot, request: request)
                for line in run.transcript { print("\(line.direction.rawValue) \(line.text)") }
                print("result: \(run.result.status.rawValue)\(run.result.code.isEmpty ? "" : " \(run.result.code)") in \(String(format: "%.2f", run.seconds)) s")
                if !run.result.message.isEmpty { print("message: \(run.result.message)") }
                if run.result.output != .emptyObject { print("output: \(run.result.output.jsonString())") }
                for e in run.evidence { print("evidence: \(e.kind) \((e.path as NSString).lastPathComponent)") }
                switch run.result.status {
                case .done: code = 0
                case .needsHuman: code = 3
                case .businessError: code = 4
                case .applicationError: code = 5
                }
            }
            if code != 0 { throw ExitCode(code) }
        }
    }
}

import ArgumentParser
import Foundation
import QuireAppliance
import QuireCore
import QuireAPI
import QuireEngine
import QuireStore

struct SubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Submit what a bot captured from a screen (JSON, plus a screenshot or files) and optionally wait for the result.",
        discussion: """
            The first --attach file is the item's document (the screenshot the pipeline OCRs); more
            files are stored with it and handed to bots. The JSON is kept as the item's 'capture'
            metadata. Without --attach the JSON file itself is the document.

            With --wait, prints the result as JSON once the item is done (exit 0), went to review
            (exit 3), failed or was rejected (exit 4), or the wait ran out (exit 5, the item goes on).
            A running 'quire serve' does the processing. With --server (or QUIRE_SERVER) the
            submission goes to that server's API with a token (QUIRE_TOKEN, --token-file, ...),
            so a bot on another machine needs no access to the home folder.

            Examples:
              quire submit --pipeline bot-capture --json captured.json --attach screen.png --wait 60
              quire submit -p bot-capture --json fields.json --attach screen.png --idempotency-key run-42
              QUIRE_TOKEN=qt_… quire submit --server http://quire:8470 -p bot-capture --json c.json --attach screen.png --wait 60
            """)

    @Option(name: .shortAndLong, help: "The pipeline to submit to.")
    var pipeline: String

    @Option(help: ArgumentHelp("The captured input: a JSON object.", valueName: "FILE"))
    var json: String

    @Option(help: ArgumentHelp("A file to submit with it (repeatable; the first is the document).", valueName: "FILE"))
    var attach: [String] = []

    @Option(help: ArgumentHelp("Wait this long for the result and print it.", valueName: "SECONDS"))
    var wait: Double?

    @Option(help: "Priority (higher runs first).") var priority: Int = 0
    @Option(help: "Tenant the item belongs to.") var tenant: String?
    @Option(help: "The region the data comes from; it is only given to bots and endpoints of that region.") var region: String?
    @Option(help: "A second submit with the same key returns the first item.") var idempotencyKey: String?
    @Option(help: "A reference of yours, kept with the item.") var externalRef: String?

    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var serverOptions: ServerOptions

    func validate() throws {
        if let wait, wait <= 0 { throw ValidationError("--wait wants a number of seconds above 0") }
    }

    func run() async throws {
        var code: Int32 = 0
        try await reportingErrors {
            guard let data = FileManager.default.contents(atPath: homeOptions.absolute(json)) else {
                throw QuireError(.notFound, "cannot read \(json); pass the captured JSON with --json FILE")
            }
            let capture: JSONValue
            do { capture = try JSONValue.parse(data) } catch {
                throw QuireError(.invalidArgument, "\(json) is not JSON (\(error)); the capture must be a JSON object such as {\"vendor\": \"ACME\"}")
            }
            guard capture.objectValue != nil else { throw QuireError(.invalidArgument, "\(json) must hold a JSON object, not \(capture.jsonString().prefix(40))") }
            let files = attach.map(homeOptions.absolute)
            for f in files where !FileManager.default.fileExists(atPath: f) { throw QuireError(.notFound, "cannot read \(f) (--attach)") }
            if let client = try serverOptions.client(homeOptions) {
                code = try await remote(client, capture: capture, files: files)
                return
            }
            let appliance = try await homeOptions.open()
            var submission = SpoolIntake.Submission()
            submission.priority = priority
            submission.tenant = tenant
            submission.externalRef = externalRef
            submission.idempotencyKey = idempotencyKey
            submission.system["capture"] = capture
            if let region { submission.system["region"] = .string(region) }
            var extra: [JSONValue] = []
            for f in files.dropFirst() {
                extra.append(Appliance.attachment(name: f, stored: try appliance.blobs.put(fileAt: f, maxBytes: 100 << 20)))
            }
            if !extra.isEmpty { submission.system["attachments"] = .array(extra) }
            let document = files.first ?? homeOptions.absolute(json)
            let item: Item
            switch await appliance.intake().ingest(path: document, name: (document as NSString).lastPathComponent, pipeline: pipeline, source: .cli,
                                                   submission: submission, intakeKey: nil) {
            case .accepted(let i): item = i
            case .existing(let i): item = i
            case .duplicate(let i, let original):
                FileHandle.standardError.write(Data("duplicate of \(original.id); recorded as \(i.id), not processed again\n".utf8))
                item = i
            case .rejected(_, let reason, _):
                throw QuireError(.invalidArgument, "not taken: \(reason)")
            }
            guard let wait else {
                print(item.id)
                return
            }
            let deadline = Date().addingTimeInterval(wait)
            var current = item
            let settled: Set<ItemState> = [.done, .failed, .cancelled, .duplicate, .exception, .needsHuman]
            while !settled.contains(current.state) && Date() < deadline {
                try await Task.sleep(for: .milliseconds(200))
                current = try await appliance.store.item(item.id) ?? current
            }
            let jobs = try await appliance.store.jobs(of: item.id)
            code = report(id: item.id.rawValue, state: current.state, reason: current.reason, result: .object(ItemResult.summary(jobs)))
        }
        if code != 0 { throw ExitCode(code) }
    }

    /// Prints the result JSON and says why when the item did not finish; the exit code.
    func report(id: String, state: ItemState, reason: String?, result: JSONValue) -> Int32 {
        printJSON(["item": .string(id), "state": .string(state.rawValue), "reason": reason.map(JSONValue.string) ?? .null, "result": result])
        let code: Int32
            switch state {
            case .done: code = 0
            case .needsHuman:
                FileHandle.standardError.write(Data("item \(id) went to review: \(reason ?? ""); it finishes once a person decides\n".utf8))
                code = 3
            case .failed, .exception, .cancelled, .duplicate: code = 4
            default:
                FileHandle.standardError.write(Data("item \(id) is still \(state.rawValue) after \(wait ?? 0) s; is 'quire serve' running? Ask again with 'quire items show \(id)'\n".utf8))
                code = 5
            }
        return code
    }

    /// The same submission through a server's API: multipart `POST /v1/items`, then long polls on `/wait`.
    func remote(_ client: APIClient, capture: JSONValue, files: [String]) async throws -> Int32 {
        var fields: [(String, String)] = [("pipeline", pipeline), ("capture", capture.compactText), ("priority", String(priority))]
        if let tenant { fields.append(("tenant", tenant)) }
        if let region { fields.append(("region", region)) }
        if let externalRef { fields.append(("external_ref", externalRef)) }
        var parts: [(field: String, name: String, data: Data)] = []
        for f in files.isEmpty ? [homeOptions.absolute(json)] : files {
            guard let d = FileManager.default.contents(atPath: f) else { throw QuireError(.notFound, "cannot read \(f)") }
            parts.append(("file", (f as NSString).lastPathComponent, d))
        }
        let (body, type) = APIClient.multipart(fields: fields, files: parts)
        let created = try await client.send("POST", "/v1/items", body: body, contentType: type,
                                            headers: idempotencyKey.map { ["Idempotency-Key": $0] } ?? [:], timeout: 300)
        guard let id = created.body["id"]?.stringValue else { throw QuireError(.internal, "the server did not say which item it made: \(created.body.compactText.prefix(200))") }
        if let original = created.body["duplicate_of"]?.stringValue {
            FileHandle.standardError.write(Data("duplicate of \(original); recorded as \(id), not processed again\n".utf8))
        }
        guard let wait else {
            print(id)
            return 0
        }
        let deadline = Date().addingTimeInterval(wait)
        var answer = created.body
        repeat {
            let left = max(0, min(300, deadline.timeIntervalSinceNow))
            answer = try await client.send("GET", "/v1/items/\(Remote.escape(id))/wait?timeout=\(Int(left.rounded(.up)))", timeout: left + 30).body
        } while answer["settled"] != true && deadline.timeIntervalSinceNow > 0
        let state = answer["state"]?.stringValue.flatMap(ItemState.init(rawValue:)) ?? .processing
        return report(id: id, state: state, reason: answer["reason"]?.stringValue, result: answer["result"] ?? .emptyObject)
    }
}

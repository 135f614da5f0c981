public import Foundation
public import Logging

/// One unit of work that the scheduler runs for an item: extract text, OCR a page,
/// write the outbox record, call a bot. Every stage kind implements this protocol and
/// is registered with a ``StageRegistry`` by the composition root.
public protocol Stage: Sendable {
    /// Runs the stage once. Throwing is treated as an application error (retried).
    /// Cancellation means the lease was lost, the timeout passed or the appliance is stopping.
    func run(_ context: StageContext) async throws -> Outcome
    /// The most runs of this stage worth a worker at once on one node, or nil for no limit of the stage's own. A bot
    /// stage says its target's budget: a run beyond it would only hold a worker while it waits for a slot, and the
    /// stages after it would starve. The scheduler takes the smaller of this and the pipeline's `concurrency`.
    var concurrencyLimit: Int? { get }
}

extension Stage {
    public var concurrencyLimit: Int? { nil }
}

/// A kind of stage that pipelines can `use:`. It checks a stage's `with:` settings when
/// the pipeline loads and builds the ``Stage`` that runs.
public protocol StageKind: Sendable {
    /// The name pipelines use, e.g. `file.identify`.
    var name: String { get }
    /// One line for `quire pipelines kinds` and error messages.
    var summary: String { get }
    /// The settings this kind understands, for docs and messages.
    var settingsHelp: [String: String] { get }
    /// Checks `with:`; returns one problem per bad setting (an empty list when all is well).
    func validate(settings: JSONValue) -> [StageSettingsProblem]
    /// Builds the runnable stage from settings that passed ``validate(settings:)``.
    func makeStage(settings: JSONValue) throws -> any Stage
}

extension StageKind {
    public var settingsHelp: [String: String] { [:] }

    /// A default check: refuses keys that are not in ``settingsHelp``.
    public func unknownKeys(in settings: JSONValue) -> [StageSettingsProblem] {
        guard let object = settings.objectValue else {
            if settings == .null { return [] }
            return [StageSettingsProblem(path: [], message: "'with' must be a mapping of settings")]
        }
        let known = settingsHelp.keys.sorted()
        return object.keys.sorted().filter { settingsHelp[$0] == nil }.map {
            StageSettingsProblem(path: [$0], message: known.isEmpty
                ? "'\($0)' is not a setting of \(name); this kind takes no settings"
                : "'\($0)' is not a setting of \(name); known settings: \(known.joined(separator: ", "))")
        }
    }
}

/// One bad setting found by ``StageKind/validate(settings:)``; `path` locates it under `with:`.
public struct StageSettingsProblem: Sendable, Hashable {
    public var path: [String]
    public var message: String
    public init(path: [String], message: String) {
        self.path = path
        self.message = message
    }
}

/// What a stage may read and use while it runs.
public struct StageContext: Sendable {
    public var item: Item
    public var job: Job
    /// The stage's `with:` settings.
    public var settings: JSONValue
    /// Outputs of the stages that already finished for this item, by stage id.
    public var outputs: [String: JSONValue]
    public var pipeline: PipelineSpec
    public var logger: Logger
    public var services: any StageServices

    public init(item: Item, job: Job, settings: JSONValue, outputs: [String: JSONValue], pipeline: PipelineSpec, logger: Logger, services: any StageServices) {
        self.item = item
        self.job = job
        self.settings = settings
        self.outputs = outputs
        self.pipeline = pipeline
        self.logger = logger
        self.services = services
    }
}

extension StageContext {
    /// Runs `body` with a readable file of the item's original document (see ``StageServices/withBlobFile(hash:_:)``).
    /// Throws `storage` when the item's recorded content hash is not a sha256 (a changed database row).
    public func withOriginal<T>(_ body: (String) async throws -> T) async throws -> T {
        guard let id = BlobID(item.contentHash) else {
            throw QuireError(.storage, "item \(item.id)'s content hash is not a sha256 (the items row was changed outside Quire); its original cannot be read")
        }
        return try await services.withBlobFile(hash: id, body)
    }
}

/// Appliance services that stages use, implemented by the engine over the store.
public protocol StageServices: Sendable {
    /// Runs `body` with the path of a read-only file holding a blob's bytes (a private, decrypted
    /// copy when blobs are encrypted at rest, removed afterwards). Throws `notFound` when the blob is gone.
    func withBlobFile<T>(hash: BlobID, _ body: (String) async throws -> T) async throws -> T
    /// A blob's bytes in memory (for small blobs).
    func readBlob(hash: BlobID) throws -> Data
    /// Writes a blob's bytes to a new file at `path`.
    func copyBlob(hash: BlobID, to path: String) throws
    /// Every job of the item so far, finished or not, oldest first.
    func jobs(of item: ItemID) async throws -> [Job]
    /// The item's events, oldest first.
    func events(of item: ItemID) async throws -> [Event]
    /// The appliance's outbox folder (`<home>/outbox`).
    var outboxDirectory: String { get }
    /// Stores bytes a stage produced (an extracted attachment, a rendered page) and returns their sha256.
    func putBlob(_ bytes: [UInt8]) throws -> String
    /// Runs work on untrusted bytes in an isolated `quire worker` process; nil where none is configured.
    var isolation: (any IsolatedRunner)? { get }
    /// Records the item's business key (e.g. vendor + invoice number + total) in its pipeline;
    /// returns the earlier item that holds it, or nil when this item is the first.
    /// Keys are the item's tenant's own: another tenant's invoice with the same key is not a duplicate.
    func claimBusinessKey(_ key: String, item: Item) async throws -> ItemID?
}

/// Runs a named task in a separate, resource-limited process and returns its JSON result.
/// A crash or a timeout of that process is an error here, never a crash of the caller.
public protocol IsolatedRunner: Sendable {
    func run(task: String, input: JSONValue, timeout: Double) async throws -> JSONValue
}

/// Work that runs inside a `quire worker` process, on the worker's side of ``IsolatedRunner``.
public protocol IsolatedTask: Sendable {
    /// The name requests use, e.g. `pdf.read`.
    var name: String { get }
    /// Does the work. Throw a ``QuireError`` with a message for people; `unsupportedInput`
    /// and `invalidArgument` mean the input is bad (a business error, not retried).
    func run(input: JSONValue) throws -> JSONValue
}

/// The stage kinds an appliance knows, by name.
public struct StageRegistry: Sendable {
    private var kinds: [String: any StageKind] = [:]

    public init(_ kinds: [any StageKind] = []) {
        for k in kinds { register(k) }
    }

    public mutating func register(_ kind: any StageKind) {
        kinds[kind.name] = kind
    }

    public func kind(named name: String) -> (any StageKind)? { kinds[name] }

    public var names: [String] { kinds.keys.sorted() }
    public var all: [any StageKind] { names.compactMap { kinds[$0] } }
}

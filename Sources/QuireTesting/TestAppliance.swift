public import Foundation
public import QuireAppliance
public import QuireCore
public import QuireEngine
public import QuireStore
import ServiceLifecycle
import Logging
import QuireObservability

/// An appliance in a temporary home, for tests: real store, real spool, real scheduler.
public struct TestAppliance: Sendable {
    public let directory: TemporaryDirectory
    public let appliance: Appliance
    public var layout: HomeLayout { appliance.configuration.layout }
    public var store: any Store { appliance.store }

    /// - Parameters:
    ///   - pipelines: file name → YAML text of each pipeline spec.
    ///   - kinds: stage kinds to register besides the appliance's own.
    ///   - store: an open store to use instead of the home's SQLite file (a PostgreSQL test's).
    ///   - configure: adjusts the configuration (fast settle and poll by default).
    public init(pipelines: [String: String], kinds: [any StageKind] = [], store given: (any Store)? = nil,
                configure: (inout ApplianceConfiguration) -> Void = { _ in }) throws {
        // Quiet test output: warnings and errors only, unless QUIRE_TEST_LOG_LEVEL says otherwise.
        let level = ProcessInfo.processInfo.environment["QUIRE_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        LoggingSetup.bootstrap(format: .text, level: level)
        directory = try TemporaryDirectory("quire-appliance")
        let home = directory.file("home")
        for (name, yaml) in pipelines { try directory.write("home/pipelines/\(name)", yaml) }
        var c = ApplianceConfiguration(home: home)
        c.spool.settle = 0.2
        c.spool.pollInterval = 0.1
        c.scheduler.pollInterval = 0.05
        c.scheduler.rescueInterval = 0.2
        c.scheduler.shutdownGrace = 2
        // Workers are the real `quire worker` built beside the tests (the test runner is not quire).
        if let quire = TestAppliance.quireExecutable { c.isolation.executable = quire }
        c.isolation.size = 2
        configure(&c)
        var logger = Logger(label: "quire.test")
        logger.logLevel = .warning
        let store = try given ?? SQLiteStore(path: c.databasePath, auditKey: try AuditChain.loadOrCreateKey(at: c.auditKeyPath))
        appliance = try Appliance.open(c, store: store, extraKinds: kinds, logger: logger)
        for spec in appliance.catalog.specs { try c.layout.prepare(pipeline: spec.name) }
    }

    /// Runs the appliance's services while `body` runs, then shuts them down gracefully.
    public func run<T: Sendable>(_ body: @Sendable (Appliance.Services) async throws -> T) async throws -> T {
        // The shipped default model, as `quire init` installs it (the classify stage needs an active model).
        _ = try await Appliance.installModels(from: nil, store: appliance.store, blobs: appliance.blobs)
        let services = try appliance.buildServiceGroup(signals: false)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await services.group.run()
                return nil
            }
            do {
                let result = try await body(services)
                await services.group.triggerGracefulShutdown()
                for try await _ in group {}
                return result
            } catch {
                await services.group.triggerGracefulShutdown()
                for try await _ in group {}
                throw error
            }
        }
    }

    /// Writes a file into `inbox/<pipeline>/` the way a scanner would: a hidden temporary name, then a rename.
    @discardableResult
    public func drop(_ data: Data, as name: String, pipeline: String = "invoices") throws -> String {
        let inbox = layout.inbox(pipeline)
        let tmp = "\(inbox)/.\(name).uploading"
        try data.write(to: URL(fileURLWithPath: tmp))
        let path = "\(inbox)/\(name)"
        guard rename(tmp, path) == 0 else { throw QuireError(.io, "rename failed") }
        return path
    }

    public func files(in folder: String, pipeline: String = "invoices") -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: layout.outbox(pipeline, folder))) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    public func json(_ folder: String, _ name: String, pipeline: String = "invoices") throws -> JSONValue {
        try JSONValue.parse(FileManager.default.contents(atPath: "\(layout.outbox(pipeline, folder))/\(name)") ?? Data())
    }

    public func remove() {
        appliance.workers.close()
        directory.remove()
    }

    /// The `quire` binary built with the tests ($QUIRE_BINARY overrides).
    public static var quireExecutable: String? {
        if let p = ProcessInfo.processInfo.environment["QUIRE_BINARY"] { return p }
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir.appendingPathComponent("quire"), dir.deletingLastPathComponent().appendingPathComponent("quire")]
        where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate.path
        }
        return nil
    }

    /// A pipeline spec with the given stages (YAML list items, indented by two spaces).
    public static func pipeline(_ name: String = "invoices", stages: String, onFailure: String? = nil, accept: String = "[pdf, png, jpeg, tiff]") -> String {
        var s = "name: \(name)\nsources:\n  spool:\n    accept: \(accept)\nstages:\n\(stages)\n"
        if let onFailure { s += "on_failure:\n\(onFailure)\n" }
        return s
    }

    /// The repository this test helper was built from.
    public static var repositoryRoot: String {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        while let last = parts.last, last != "Sources" { parts.removeLast() }
        parts.removeLast()
        return parts.joined(separator: "/")
    }

    /// The shipped `pipelines/invoices.yaml`, read from the repository. The random audit sample is
    /// off (`auditSample` 0) unless a test asks for it, so that no test item waits for a person by chance.
    public static func shippedPipeline(_ name: String = "invoices.yaml", auditSample: Double = 0, from file: String = #filePath) throws -> String {
        var parts = file.split(separator: "/", omittingEmptySubsequences: false)
        while let last = parts.last, last != "Sources" && last != "Tests" { parts.removeLast() }
        parts.removeLast()
        let path = parts.joined(separator: "/") + "/pipelines/" + name
        guard let data = FileManager.default.contents(atPath: path) else { throw QuireError(.notFound, "cannot read \(path)") }
        let yaml = String(decoding: data, as: UTF8.self)
        return yaml.replacingOccurrences(of: #"(?m)^  audit_sample: [0-9.]+"#, with: "  audit_sample: \(auditSample)", options: .regularExpression)
    }
}

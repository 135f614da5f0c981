public import Foundation
public import QuireCore

/// The loaded pipelines and their runnable stages, built once at start.
public struct PipelineCatalog: Sendable {
    public struct Entry: Sendable {
        public var spec: PipelineSpec
        /// Runnable stages by stage id.
        public var stages: [String: any Stage]
    }

    public private(set) var entries: [String: Entry] = [:]
    public let registry: StageRegistry

    public init(specs: [PipelineSpec], registry: StageRegistry) throws {
        self.registry = registry
        for spec in specs {
            guard entries[spec.name] == nil else {
                throw QuireError(.invalidPipeline, "two pipeline specs are named '\(spec.name)' (\(entries[spec.name]!.spec.file ?? "?") and \(spec.file ?? "?")); pipeline names must be unique")
            }
            var stages: [String: any Stage] = [:]
            for st in spec.stages + spec.onFailure {
                guard let kind = registry.kind(named: st.kind) else {
                    throw QuireError(.unknownStageKind, "\(spec.file ?? spec.name):\(st.line): stage '\(st.id)' uses unknown kind '\(st.kind)'; known kinds: \(registry.names.joined(separator: ", "))")
                }
                stages[st.id] = try kind.makeStage(settings: st.settings)
            }
            entries[spec.name] = Entry(spec: spec, stages: stages)
        }
    }

    /// Loads every `*.yaml` / `*.yml` file in a folder. All problems of all files are reported together.
    public static func load(directory: String, registry: StageRegistry) throws -> PipelineCatalog {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw QuireError(.invalidConfiguration, "the pipelines folder \(directory) does not exist; run 'quire init' or set 'pipelines:' in quire.yaml")
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasPrefix(".") }.sorted()
        var specs: [PipelineSpec] = []
        var messages: [String] = []
        for n in names {
            do {
                specs.append(try PipelineSpec.load(contentsOf: directory + "/" + n, registry: registry))
            } catch let e as QuireError {
                messages.append(e.message)
            }
        }
        if !messages.isEmpty {
            throw QuireError(.invalidPipeline, messages.joined(separator: "\n") + "\nfix the spec(s) above; 'quire pipelines check FILE' checks one file")
        }
        return try PipelineCatalog(specs: specs, registry: registry)
    }

    public subscript(name: String) -> Entry? { entries[name] }
    public var names: [String] { entries.keys.sorted() }
    public var specs: [PipelineSpec] { names.compactMap { entries[$0]?.spec } }

    /// The first jobs of a new item: the first main stage whose `when` holds.
    public func firstJobs(for item: Item, now: Date) throws -> (jobs: [JobDraft], skipped: [String]) {
        guard let entry = entries[item.pipeline] else {
            throw QuireError(.notFound, "no pipeline '\(item.pipeline)'; known pipelines: \(names.joined(separator: ", "))")
        }
        let router = OutcomeRouter(spec: entry.spec)
        return router.nextStage(after: nil, in: entry.spec.stages, item: item, outputs: [:], now: now)
    }
}

import Foundation
import Logging
import QuireAppliance
import QuireCore
import QuireFields
import QuireModels
import QuireStore
import QuireTesting
import Testing

/// The field ranker as a versioned model in the registry: registered versions are candidates that decide
/// nothing, a shadow reads beside the deciding ranker and records where it differs, a promoted version
/// decides, promotion compares held-out scores, and rollback returns the previous version.
@Suite("Field ranker versions in the registry", .serialized)
struct FieldRankerRegistryTests {
    static let text = MadeUpRanker.invoice

    /// The made-up ranker's file.
    static func contrary() throws -> Data { try MadeUpRanker.distrustingTheLargestAmount().encoded() }

    /// Runs a fields stage reading through `rankers` over the made-up invoice.
    static func read(_ rankers: RegistryFieldRankers) async throws -> ExtractedFields {
        let stage = try FieldsKind(rankers: rankers).makeStage(settings: ["templates": false, "duplicates": false])
        let words = DocumentText(plainText: text).lines.flatMap(\.words).map { w -> JSONValue in [.string(w.text), .number(w.x0), .number(w.y0), .number(w.x1), .number(w.y1)] }
        let outputs: [String: JSONValue] = ["text": ["page_count": 1, "pages": [["number": 1, "words": .array(words)]], "attachments": []]]
        let item = StoreConformance.item()
        let spec = try PipelineSpec.load(yaml: TestAppliance.pipeline(stages: "  - id: fields\n    use: fields\n"), file: "p.yaml", registry: StageRegistry([FieldsKind()]))
        let context = StageContext(item: item, job: NullStageServices.job(for: item, stage: "fields"), settings: .null, outputs: outputs, pipeline: spec,
                                   logger: .init(label: "test"), services: NullStageServices())
        guard case .done(let out) = try await stage.run(context) else { throw QuireError(.internal, "the fields stage did not finish") }
        return try ExtractedFields(json: out)
    }

    @Test func candidatesDecideNothingShadowsRecordPromotedVersionsDecideAndRollbackReturns() async throws {
        let dir = try TemporaryDirectory("quire-ranker-registry")
        defer { dir.remove() }
        let registry = ModelRegistry(store: try SQLiteStore(path: dir.file("q.sqlite")), blobs: try BlobStore(root: dir.file("blobs")))
        let rankers = RegistryFieldRankers(registry: registry)

        // Nothing registered: the rules (or a ranker built into quire) read the total as printed, and the output names no version.
        let builtIn = try await Self.read(rankers)
        #expect(builtIn.values["total"] == 119 && builtIn.ranker == nil)

        // A candidate decides nothing.
        let one = try await registry.register(file: try Self.contrary(), name: "fields", labels: ["invoice.total"], trainingData: ["examples": 30],
                                              hyperparameters: .emptyObject, metrics: ["holdout": ["field_accuracy": 0.9], "active_on_holdout": ["field_accuracy": 0.8]],
                                              actor: "test")
        #expect(one.version == 1 && one.state == .candidate && one.parent == nil)
        #expect(try await Self.read(rankers).values["total"] == 119)

        // In shadow it reads beside the built-in ranker; where it would have chosen otherwise is recorded.
        try await registry.trial("fields", 1, state: .shadow, actor: "test")
        let shadowed = try await Self.read(rankers)
        #expect(shadowed.values["total"] == 119, "the shadow decides nothing")
        #expect(shadowed.ranker?.version == nil && shadowed.ranker?.shadowVersion == 1 && shadowed.ranker?.shadowDiffers?.contains("total") == true,
                "\(String(describing: shadowed.ranker))")

        // Promoted, it decides, and the output says which version read the document.
        try await registry.promote("fields", 1, actor: "test")
        let promoted = try await Self.read(rankers)
        #expect(promoted.values["total"] != 119 && promoted.ranker?.version == 1, "\(String(describing: promoted.values["total"]))")

        // A version that read fewer held-out fields right than the active one is refused unless forced.
        let worse = try await registry.register(file: try Self.contrary(), name: "fields", labels: [], trainingData: ["examples": 30],
                                                hyperparameters: .emptyObject, metrics: ["holdout": ["field_accuracy": 0.7], "active_on_holdout": ["field_accuracy": 0.8]],
                                                actor: "test")
        #expect(worse.version == 2 && worse.parent == 1)
        await #expect(throws: QuireError.self) { try await registry.promote("fields", 2, actor: "test") }
        do { try await registry.promote("fields", 2, actor: "test") } catch let e as QuireError { #expect(e.message.contains("fields right"), "\(e.message)") }
        try await registry.promote("fields", 2, actor: "test", force: true, reason: "test")
        #expect(try await Self.read(rankers).ranker?.version == 2)
        #expect(try await registry.rollback("fields", actor: "test") == 1)
        #expect(try await Self.read(rankers).ranker?.version == 1)

        // A file that is not a ranker is refused with what to do.
        try await registry.register(file: Data("not a ranker".utf8), name: "fields", labels: [], trainingData: .emptyObject, hyperparameters: .emptyObject,
                                    metrics: .emptyObject, actor: "test")
        try await registry.promote("fields", 3, actor: "test")
        do { _ = try await Self.read(rankers); Issue.record("read with a broken ranker") } catch let e as QuireError {
            #expect(e.message.contains("retrain"), "\(e.message)")
        }
    }
}

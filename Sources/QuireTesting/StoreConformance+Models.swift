public import Foundation
public import QuireCore
public import QuireStore
import Testing

extension StoreConformance {
    /// The checks of ``ModelStore``.
    public static let models: [Check] = [
        ("versions are numbered per name and registered with their first event", modelVersionsAreNumberedAndRegistered),
        ("one active model and one on trial per name", oneActiveAndOneOnTrialPerName),
        ("classifications are read back by model and time window", classificationsReadAWindow),
        ("training examples are kept one per content hash", trainingExamplesAreOnePerContentHash),
    ]

    static func model(_ name: String, _ version: Int, _ state: ModelState, at: Date) -> ModelRecord {
        ModelRecord(name: name, version: version, state: state, blob: String(repeating: "ab", count: 32), labels: ["invoice", "other"],
                    trainingData: ["documents": 12], hyperparameters: ["epochs": 3], metrics: ["accuracy": 0.9], parent: version > 1 ? version - 1 : nil,
                    createdAt: at, updatedAt: at)
    }

    public static func modelVersionsAreNumberedAndRegistered(_ store: any Store) async throws {
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(try await store.nextModelVersion(name: "doctype") == 1)
        try await store.registerModel(model("doctype", 1, .active, at: t0), event: ModelEvent(name: "doctype", version: 1, from: nil, to: .active, actor: "token:admin", at: t0))
        try await store.registerModel(model("doctype", 2, .candidate, at: t0), event: ModelEvent(name: "doctype", version: 2, from: nil, to: .candidate, actor: "token:admin", at: t0))
        try await store.registerModel(model("fields", 1, .candidate, at: t0), event: ModelEvent(name: "fields", version: 1, from: nil, to: .candidate, actor: "token:admin", at: t0))
        #expect(try await store.nextModelVersion(name: "doctype") == 3)
        #expect(try await store.nextModelVersion(name: "fields") == 2)
        let doctype = try await store.models(name: "doctype")
        #expect(doctype.map(\.version) == [1, 2])
        #expect(doctype.last == model("doctype", 2, .candidate, at: t0), "a version reads back as it was registered")
        #expect(try await store.models(name: nil).count == 3)
        let again = await staleness { try await store.registerModel(model("doctype", 2, .candidate, at: t0), event: ModelEvent(name: "doctype", version: 2, from: nil, to: .candidate, actor: "x", at: t0)) }
        #expect(again.hasPrefix("conflict"), "a version registered twice is refused (got \(again))")
        #expect(try await store.modelEvents(name: "doctype").map(\.to) == [.active, .candidate])
    }

    public static func oneActiveAndOneOnTrialPerName(_ store: any Store) async throws {
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        for v in 1...3 {
            try await store.registerModel(model("doctype", v, v == 1 ? .active : .candidate, at: t0),
                                          event: ModelEvent(name: "doctype", version: v, from: nil, to: v == 1 ? .active : .candidate, actor: "a", at: t0))
        }
        // Two versions on trial, or two active, are refused and change nothing.
        let twoActive = await staleness { try await store.updateModels([("doctype", 2, .active, nil)], events: []) }
        #expect(twoActive.hasPrefix("conflict"), "a second active version is refused (got \(twoActive))")
        try await store.updateModels([("doctype", 2, .canary, 10)], events: [ModelEvent(name: "doctype", version: 2, from: .candidate, to: .canary, actor: "a", at: t0)])
        let twoOnTrial = await staleness { try await store.updateModels([("doctype", 3, .shadow, nil)], events: []) }
        #expect(twoOnTrial.hasPrefix("conflict"), "a second version on trial is refused (got \(twoOnTrial))")
        #expect(try await store.models(name: "doctype").map(\.state) == [.active, .canary, .candidate], "a refused change leaves every state as it was")
        #expect(try await store.models(name: "doctype")[1].canaryPercent == 10)
        // A promotion swaps in one transaction: the old active retires as the new one enters.
        try await store.updateModels([("doctype", 1, .retired, nil), ("doctype", 2, .active, nil)],
                                     events: [ModelEvent(name: "doctype", version: 1, from: .active, to: .retired, actor: "a", at: t0),
                                              ModelEvent(name: "doctype", version: 2, from: .canary, to: .active, actor: "a", at: t0)])
        #expect(try await store.models(name: "doctype").map(\.state) == [.retired, .active, .candidate])
        #expect(try await store.modelEvents(name: "doctype").suffix(2).map(\.to) == [.retired, .active])
        let missing = await staleness { try await store.updateModels([("doctype", 9, .active, nil)], events: []) }
        #expect(missing.hasPrefix("not_found"), "an unknown version is named (got \(missing))")
    }

    public static func classificationsReadAWindow(_ store: any Store) async throws {
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let it = try await enqueue(store)
        func record(_ i: Int, model: String = "doctype", label: String = "invoice", abstained: Bool = false, role: String = "active") -> ClassificationRecord {
            ClassificationRecord(item: it.id, pipeline: "p", model: model, version: 1, label: label, probability: 0.5 + Double(i) / 10,
                                 abstained: abstained, role: role, at: t0.addingTimeInterval(Double(i) * 60))
        }
        try await store.recordClassifications([record(0), record(1, label: "receipt", role: "shadow"), record(2, abstained: true), record(3, model: "vendor")])
        let window = try await store.classifications(model: "doctype", from: t0.addingTimeInterval(30), to: t0.addingTimeInterval(180))
        #expect(window.map(\.label) == ["receipt", "invoice"], "only this model's records from the start, inclusive, to the end, exclusive")
        #expect(window.map(\.role) == ["shadow", "active"])
        #expect(window.map(\.abstained) == [false, true])
        #expect(window.first?.probability == 0.6)
    }

    public static func trainingExamplesAreOnePerContentHash(_ store: any Store) async throws {
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        try await store.putTrainingExamples([
            TrainingExample(contentHash: "b", label: "invoice", text: "Invoice 7", pageCount: 1, source: "review", createdAt: t0),
            TrainingExample(contentHash: "a", label: "letter", text: "Dear Sir", pageCount: 2, source: "import", createdAt: t0),
        ])
        // A reviewer's later label for the same document replaces the first: one example per document.
        try await store.putTrainingExamples([TrainingExample(contentHash: "b", label: "receipt", text: "Invoice 7", pageCount: 1, source: "review", createdAt: t0.addingTimeInterval(5))])
        let all = try await store.trainingExamples()
        #expect(all.map(\.contentHash) == ["a", "b"])
        #expect(all.map(\.label) == ["letter", "receipt"])
        #expect(all.first?.pageCount == 2)
    }
}

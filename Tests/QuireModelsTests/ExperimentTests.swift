import Foundation
import Testing
@testable import QuireModels

@Suite struct Experiment {
    @Test func experiment() throws {
        guard ProcessInfo.processInfo.environment["QUIRE_EXPERIMENT"] != nil else { return }
        let t0 = Date()
        let gen = TrainingCorpus.generate(count: 10000, seed: 7)
        print("generate", Date().timeIntervalSince(t0))
        var h = Hyperparameters()
        let r = try Trainer.train(name: "doctype", version: 1, examples: gen, hyperparameters: h, created: "2026-01-01") { e, n, l in print("epoch \(e)/\(n) loss \(l)") }
        print("train s", r.seconds)
        for l in r.evaluation.table { print(l) }
        let fx = try TrainingData.fixtures("/work/main/fixtures")
        let ev = Trainer.evaluate(r.classifier, on: fx)
        for l in ev.table { print(l) }
        _ = h
    }
}

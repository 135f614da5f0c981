import Crypto
import Foundation
public import Logging
public import QuireCore
public import QuireEngine
public import QuireModels

/// Gathers labelled documents for `quire model train` and `eval`, trains, and compares with the
/// active model on the same held-out documents.
public enum ModelTraining {
    public struct Sources: Sendable {
        /// Labelled examples stored in the appliance (fixtures added with `quire model examples add`, reviewer corrections).
        public var store = true
        /// A folder with one subfolder per label (PDF, PNG, JPEG, TIFF or .txt files).
        public var folders: [String] = []
        /// The fixtures folder (expected/*.json: text and type).
        public var fixtures: String?
        /// Generated documents (TrainingCorpus) and their seed.
        public var generated = 0
        public var generatedSeed: UInt64 = 7
        public init() {}
    }

    /// Reads the documents of a labelled folder: `.txt` as it is, the rest through the isolated workers (OCR where needed).
    public static func folder(_ root: String, pool: WorkerPool, languages: [String]) async throws -> [LabelledText] {
        var out = try TrainingData.textFolder(root)
        let fm = FileManager.default
        for label in try fm.contentsOfDirectory(atPath: root).sorted() {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: root + "/" + label, isDirectory: &isDir), isDir.boolValue, !label.hasPrefix(".") else { continue }
            for name in try fm.contentsOfDirectory(atPath: root + "/" + label).sorted() where !name.lowercased().hasSuffix(".txt") && !name.hasPrefix(".") {
                let path = root + "/" + label + "/" + name
                guard let data = fm.contents(atPath: path) else { continue }
                do {
                    let doc = try await DocumentInspection.read(path: path, pool: pool, languages: languages)
                    let text = doc.pages.compactMap { $0["text"]?.stringValue }.joined(separator: "\n\u{0C}\n")
                    out.append(LabelledText(id: SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined(), text: text,
                                            pageCount: max(1, doc.pages.count), label: label, source: "folder"))
                } catch {
                    throw QuireError(.unsupportedInput, "\(path): \(error); remove it from the training folder or fix it")
                }
            }
        }
        return out
    }

    /// `stored` are the appliance's labelled examples (used when `s.store`).
    public static func gather(_ s: Sources, stored: [TrainingExample], pool: WorkerPool?, languages: [String]) async throws -> [LabelledText] {
        var all: [LabelledText] = []
        if s.store {
            all += stored.map { LabelledText(id: $0.contentHash, text: $0.text, pageCount: $0.pageCount, label: $0.label, source: $0.source) }
        }
        for f in s.folders {
            guard let pool else { throw QuireError(.internal, "no worker pool to read \(f)") }
            all += try await folder(f, pool: pool, languages: languages)
        }
        if let fx = s.fixtures { all += try TrainingData.fixtures(fx) }
        if s.generated > 0 { all += TrainingCorpus.generate(count: s.generated, seed: s.generatedSeed) }
        return all
    }

    /// Trains a new version; where `active` is given it is scored on the new version's held-out
    /// documents too, so that promotion compares the two on the same documents.
    public static func train(name: String, version: Int, examples: [LabelledText], hyperparameters: Hyperparameters, created: String,
                             active: Classifier?, progress: (Int, Int, Double) -> Void) throws -> Trainer.Result {
        var r = try Trainer.train(name: name, version: version, examples: examples, labels: active?.model.labels,
                                  hyperparameters: hyperparameters, created: created, parent: active?.info.version, progress: progress)
        if let a = active {
            let theirs = Trainer.evaluate(a, on: r.testSet)
            var m = r.classifier.info.metrics.objectValue ?? [:]
            m["active_on_holdout"] = theirs.json
            m["active_version"] = .number(Double(a.info.version))
            r.classifier.info.metrics = .object(m)
        }
        return r
    }
}


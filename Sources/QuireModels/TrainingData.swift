public import Foundation
public import QuireCore

/// Where labelled examples come from besides the store.
public enum TrainingData {
    /// The fixtures' expected files: their text lines and type.
    public static func fixtures(_ root: String) throws -> [LabelledText] {
        let dir = root + "/expected"
        return try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".json") }.sorted().compactMap { name in
            let e = try JSONValue.parse(FileManager.default.contents(atPath: dir + "/" + name) ?? Data())
            guard let type = e["type"]?.stringValue else { return nil }
            let text = (e["text"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: "\n")
            return LabelledText(text: text, label: type, source: "fixtures", synthetic: true)
        }
    }
}

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
            return LabelledText(text: text, label: type, source: "fixtures")
        }
    }

    /// A folder with one subfolder per label, holding `.txt` files (the text of each document).
    /// PDFs and images in it are read by the caller (they need the documents module).
    public static func textFolder(_ root: String) throws -> [LabelledText] {
        var out: [LabelledText] = []
        let fm = FileManager.default
        for label in try fm.contentsOfDirectory(atPath: root).sorted() {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: root + "/" + label, isDirectory: &isDir), isDir.boolValue, !label.hasPrefix(".") else { continue }
            for name in try fm.contentsOfDirectory(atPath: root + "/" + label).sorted() where name.lowercased().hasSuffix(".txt") {
                guard let data = fm.contents(atPath: root + "/" + label + "/" + name) else { continue }
                out.append(LabelledText(text: String(decoding: data, as: UTF8.self), label: label, source: "folder"))
            }
        }
        return out
    }
}

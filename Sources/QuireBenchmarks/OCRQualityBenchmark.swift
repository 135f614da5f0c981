import Foundation
public import Logging
import QuireCore
import QuireEngine

/// OCR quality on the generated scans: the character error rate of each scan's OCR text against
/// the text its expected file gives, through the same isolated workers the appliance uses.
public struct OCRQualityBenchmark: Sendable {
    public var fixtures: String
    public var workers = 2
    public init(fixtures: String) { self.fixtures = fixtures }

    public struct Row: Sendable, Codable {
        public var file: String
        public var format: String
        public var language: String
        public var characters: Int
        public var errors: Int
        public var confidence: Double
        public var cer: Double { characters == 0 ? 0 : Double(errors) / Double(characters) }
    }

    /// Whitespace collapsed to single spaces, lines joined by one space.
    static func normalise(_ s: String) -> [Character] {
        Array(s.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " "))
    }

    /// Levenshtein distance over characters, two rows.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count), cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }

    public func run(logger: Logger) async throws -> [Row] {
        var c = WorkerPool.Configuration()
        c.size = workers
        let pool = WorkerPool(configuration: c, logger: logger)
        defer { pool.close() }
        let dir = fixtures + "/expected"
        var jobs: [(path: String, format: String, language: String, reference: String)] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() where name.hasSuffix(".json") {
            let e = try JSONValue.parse(FileManager.default.contents(atPath: dir + "/" + name) ?? Data())
            let reference = (e["text"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: "\n")
            for f in e["files"]?.arrayValue ?? [] where f["kind"] == "scan" {
                jobs.append((f["path"]?.stringValue ?? "", f["format"]?.stringValue ?? "", e["language"]?.stringValue ?? "en", reference))
            }
        }
        let root = fixtures
        return try await withThrowingTaskGroup(of: Row.self) { group in
            for j in jobs {
                group.addTask {
                    let lang = ["en": "eng", "de": "deu", "fr": "fra"][j.language] ?? "eng"
                    let mediaType = j.format == "png" ? "png" : j.format == "jpeg" ? "jpeg" : j.format == "tiff" ? "tiff" : "pdf"
                    let r = try await pool.run(task: "ocr.page", input: [
                        "path": .string(root + "/" + j.path), "media_type": .string(mediaType), "page": 1, "dpi": 300,
                        "languages": [.string(lang)],
                    ], timeout: 300)
                    let ref = Self.normalise(j.reference), hyp = Self.normalise(r["text"]?.stringValue ?? "")
                    return Row(file: j.path, format: j.format, language: j.language, characters: ref.count,
                               errors: Self.distance(ref, hyp), confidence: r["mean_confidence"]?.numberValue ?? 0)
                }
            }
            var rows: [Row] = []
            for try await r in group { rows.append(r) }
            return rows.sorted { $0.file < $1.file }
        }
    }
}

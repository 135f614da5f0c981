import Foundation
import QuireCore
import QuireDocuments
import QuireTesting
import Testing

/// The committed fixtures are what the generator makes, and hold what their expected files say.
@Suite("Fixtures", .serialized, .offThePool)
struct FixturesTests {
    static var root: String {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        while let last = parts.last, last != "Tests" { parts.removeLast() }
        parts.removeLast()
        return parts.joined(separator: "/") + "/fixtures"
    }

    static func expected() throws -> [JSONValue] {
        let dir = root + "/expected"
        return try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".json") }.sorted().map {
            try JSONValue.parse(FileManager.default.contents(atPath: dir + "/" + $0) ?? Data())
        }
    }

    static func squeeze(_ s: String) -> String { s.split(whereSeparator: { $0 == " " }).joined(separator: " ") }

    @Test func theSetCoversTypesLanguagesCurrenciesAndScanFormats() throws {
        let all = try Self.expected()
        let types = all.compactMap { $0["type"]?.stringValue }
        #expect(types.filter { ["invoice", "credit_note", "receipt"].contains($0) }.count >= 60)
        #expect(Set(types).isSuperset(of: ["invoice", "credit_note", "receipt", "letter", "purchase_order"]))
        #expect(Set(all.compactMap { $0["language"]?.stringValue }) == ["en", "de", "fr"])
        #expect(Set(all.compactMap { $0["fields"]?["currency"]?.stringValue }).count >= 4)
        let formats = Set(all.flatMap { $0["files"]?.arrayValue ?? [] }.compactMap { $0["format"]?.stringValue })
        #expect(formats == ["png", "jpeg", "tiff", "pdf"])
        for e in all {
            for f in e["files"]?.arrayValue ?? [] {
                let path = Self.root + "/" + (f["path"]?.stringValue ?? "")
                #expect(FileManager.default.fileExists(atPath: path), "\(path)")
            }
        }
    }

    @Test func bornDigitalPDFsHoldTheirExpectedText() throws {
        let reader = PDFReader()
        for e in try Self.expected() {
            let pdf = Self.root + "/" + (e["files"]?.arrayValue?.first?["path"]?.stringValue ?? "")
            let text = Self.squeeze(try reader.read(path: pdf).pages.map(\.text).joined(separator: "\n"))
            for line in e["text"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
                #expect(text.contains(Self.squeeze(line)), "\(pdf) lacks '\(line)'")
            }
            if let total = e["fields"]?["total"]?.numberValue, e["type"] != "receipt" {
                #expect(total > 0)
            }
        }
    }

    @Test func theGeneratorIsDeterministic() throws {
        let dir = try TemporaryDirectory("quire-fixtures")
        defer { dir.remove() }
        try FixtureGenerator.generate(into: dir.path, count: 6, others: 0)
        for i in 0..<6 {
            let id = String(format: "doc-%03d", i)
            for path in ["expected/\(id).json", "documents/\(id).pdf"] {
                let fresh = FileManager.default.contents(atPath: dir.file(path))
                let committed = FileManager.default.contents(atPath: Self.root + "/" + path)
                #expect(fresh != nil && fresh == committed, "\(path) differs from the committed fixture: run fixtures/generate.sh and commit")
            }
        }
    }

    /// `quire demo`'s samples are dated in the year it asks for (the year before the clock's, so none
    /// is sent to review as dated in the future, whatever year the demo runs in).
    @Test func deliveriesAreDatedInTheYearAskedFor() throws {
        for year in [2025, 2031] {
            let dir = try TemporaryDirectory("quire-deliveries")
            defer { dir.remove() }
            let files = try FixtureGenerator.deliveries(count: 4, into: dir.path, year: year - 1)
            #expect(files.count == 4)
            for i in 0..<4 {
                let e = try JSONValue.parse(FileManager.default.contents(atPath: dir.file(String(format: "expected/doc-%03d.json", i))) ?? Data())
                let date = e["fields"]?["issue_date"]?.stringValue ?? e["fields"]?["date"]?.stringValue ?? ""
                #expect(date.hasPrefix("\(year - 1)-"), "\(date)")
                let text = e["text"]?.arrayValue?.compactMap(\.stringValue).joined(separator: "\n") ?? ""
                #expect(text.contains(String(year - 1)) && !text.contains("2026"), "\(text)")
            }
        }
    }
}

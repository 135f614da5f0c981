import ArgumentParser
import Foundation
import Logging
import QuireAppliance
import QuireCore
import QuireEngine
import QuireObservability

struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Read documents directly, without the queue, through the same isolated workers, and show what they hold.",
        discussion: """
            Per page: the text, whether it came from the PDF text layer or from OCR (with the mean confidence),
            and how long it took. --json adds every word with its box (PDF points from the top-left corner).

            Examples:
              quire inspect invoice.pdf
              quire inspect scan.png --languages deu
              quire inspect scans/*.pdf --json > pages.json
            """)

    @Argument(help: ArgumentHelp("Files to read.", valueName: "FILE")) var files: [String]
    @Flag(help: "Print JSON, with words and boxes.") var json = false
    @Option(help: "Seconds one file (or one OCR page) may take.") var timeout = 120.0
    @Option(help: "OCR languages, joined by '+'.") var languages = "eng+deu+fra"
    @Option(help: "Pages with fewer characters in their text layer are OCRed.") var minTextChars = 20

    func run() async throws {
        LoggingSetup.bootstrap(format: .text, level: .error)
        var config = WorkerPool.Configuration()
        config.size = 1
        let pool = WorkerPool(configuration: config, logger: Logger(label: "quire.inspect"))
        defer { pool.close() }
        var failures = 0
        for file in files {
            let path = file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
            let head = FileHandle(forReadingAtPath: path).flatMap { h in defer { try? h.close() }; return try? h.read(upToCount: 1024) }
            guard let head else {
                print("\(file): cannot open the file")
                failures += 1
                continue
            }
            let type = MediaType.sniff(head)
            guard let type, [.pdf, .png, .jpeg, .tiff].contains(type) else {
                print("\(file): \(type.map { "a \($0.rawValue.uppercased()) file" } ?? "of an unknown type"); inspect reads PDF, PNG, JPEG and TIFF")
                failures += 1
                continue
            }
            let start = Date()
            do {
                // The PDF text layer first; pages with too little text, and every page of an image, go to OCR.
                var pages: [JSONValue] = []
                var needsOCR: [Int] = []
                var attachments: [JSONValue] = []
                if type == .pdf {
                    let result = try await pool.run(task: "pdf.read", input: ["path": .string(path)], timeout: timeout)
                    attachments = result["attachments"]?.arrayValue ?? []
                    for p in result["pages"]?.arrayValue ?? [] {
                        let chars = (p["words"]?.arrayValue ?? []).reduce(0) { $0 + ($1["text"]?.stringValue?.count ?? 0) }
                        if chars < minTextChars { needsOCR.append(p["number"]?.intValue ?? 0) } else {
                            pages.append(["page": p["number"] ?? 0, "source": "pdf", "chars": .number(Double(chars)), "text": p["text"] ?? "",
                                          "words": p["words"] ?? []])
                        }
                    }
                } else {
                    let info = try await pool.run(task: "image.info", input: ["path": .string(path)], timeout: timeout)
                    needsOCR = Array(1...max(1, info["pages"]?.intValue ?? 1))
                }
                for n in needsOCR {
                    let t = Date()
                    var o = try await pool.run(task: "ocr.page", input: [
                        "path": .string(path), "media_type": .string(type.rawValue), "page": .number(Double(n)),
                        "languages": .array(languages.split(separator: "+").map { .string(String($0)) }),
                    ], timeout: timeout)
                    if case .object(var d) = o {
                        d["ms"] = .number((Date().timeIntervalSince(t) * 1000).rounded())
                        o = .object(d)
                    }
                    pages.append(o)
                }
                pages.sort { ($0["page"]?.intValue ?? 0) < ($1["page"]?.intValue ?? 0) }
                let ms = Int(Date().timeIntervalSince(start) * 1000)
                if json {
                    printJSON(["file": .string(file), "ms": .number(Double(ms)), "pages": .array(pages), "attachments": .array(attachments.map {
                        ["name": $0["name"] ?? .null, "description": $0["description"] ?? .null]
                    })])
                    continue
                }
                print("\(file): \(pages.count) page\(pages.count == 1 ? "" : "s"), read in \(ms) ms (worker start included)")
                for p in pages {
                    let n = p["page"]?.intValue ?? 0
                    if p["source"] == "ocr" {
                        let conf = Int(((p["mean_confidence"]?.numberValue ?? 0) * 100).rounded())
                        print("--- page \(n): OCR at \(p["dpi"]?.intValue ?? 0) dpi, mean confidence \(conf) %, \(p["ms"]?.intValue ?? 0) ms")
                    } else {
                        print("--- page \(n): \(p["chars"]?.intValue ?? 0) characters from the PDF text layer")
                    }
                    print(p["text"]?.stringValue ?? "")
                }
                for a in attachments { print("--- embedded file: \(a["name"]?.stringValue ?? "?")") }
            } catch let e as QuireError {
                print("\(file): \(e.message)")
                failures += 1
            }
        }
        if failures > 0 { throw ExitCode(65) }
    }
}

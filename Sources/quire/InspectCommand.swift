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
            Per page: the text, where it came from, the number of characters, and how long the read took.
            --json adds every word with its box (PDF points from the top-left corner).

            Examples:
              quire inspect invoice.pdf
              quire inspect scans/*.pdf --json > pages.json
            """)

    @Argument(help: ArgumentHelp("Files to read.", valueName: "FILE")) var files: [String]
    @Flag(help: "Print JSON, with words and boxes.") var json = false
    @Option(help: "Seconds one file may take.") var timeout = 120.0

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
            guard MediaType.sniff(head) == .pdf else {
                print("\(file): not a PDF (\(MediaType.sniff(head)?.rawValue ?? "unknown type")); only PDFs can be inspected so far")
                failures += 1
                continue
            }
            let start = Date()
            do {
                let result = try await pool.run(task: "pdf.read", input: ["path": .string(path)], timeout: timeout)
                let ms = Int(Date().timeIntervalSince(start) * 1000)
                if json {
                    printJSON(["file": .string(file), "ms": .number(Double(ms)), "pdf": result])
                    continue
                }
                let pages = result["pages"]?.arrayValue ?? []
                print("\(file): \(pages.count) page\(pages.count == 1 ? "" : "s"), read in \(ms) ms (worker included)")
                for p in pages {
                    let words = p["words"]?.arrayValue ?? []
                    let chars = words.reduce(0) { $0 + ($1["text"]?.stringValue?.count ?? 0) }
                    print("--- page \(p["number"]?.intValue ?? 0): \(chars) characters from the PDF text layer\(chars < 20 ? " (needs OCR)" : "")")
                    print(p["text"]?.stringValue ?? "")
                }
                for a in result["attachments"]?.arrayValue ?? [] {
                    print("--- embedded file: \(a["name"]?.stringValue ?? "?")")
                }
            } catch let e as QuireError {
                print("\(file): \(e.message)")
                failures += 1
            }
        }
        if failures > 0 { throw ExitCode(65) }
    }
}

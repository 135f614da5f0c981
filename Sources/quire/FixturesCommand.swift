import ArgumentParser
import Foundation
import QuireDocuments

struct FixturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fixtures",
        abstract: "For developers: regenerate the test documents in fixtures/ (deterministic).",
        discussion: """
            Writes documents/ (born-digital PDFs), scans/ (PNG, JPEG, TIFF, image-only PDF) and expected/
            (what each document holds: type, text, fields). fixtures/generate.sh runs this.

            Example:
              quire fixtures fixtures
            """)

    @Argument(help: ArgumentHelp("Folder to write into.", valueName: "DIR")) var directory = "fixtures"
    @Option(help: "Invoices, credit notes and receipts.") var count = 60
    @Option(help: "Letters and purchase orders.") var others = 10

    func run() throws {
        let docs = try FixtureGenerator.generate(into: directory, count: count, others: others)
        print("wrote \(docs.count) documents with their expected results into \(directory)/")
    }
}

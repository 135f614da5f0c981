import ArgumentParser
import Foundation
import QuireAppliance
import QuireCore
import QuireReports

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the report of a day now (quire serve writes yesterday's every night at 02:00).",
        discussion: """
            Writes <home>/reports/<date>/: report.html (with volume.png and latency.png), report.pdf,
            report.json (schema quire.report/1), summary.txt and documents.csv, exceptions.csv,
            review_actions.csv, field_metrics.csv; then prints the text summary. docs/reports.md
            explains every figure.

            Examples:
              quire report                       # yesterday
              quire report --date 2026-11-28 --out /tmp/report
              quire report --date 2026-11-28 --json
            """)

    @OptionGroup var homeOptions: HomeOptions
    @Option(help: ArgumentHelp("The day, YYYY-MM-DD in the report's time zone (default: yesterday).", valueName: "DATE")) var date: String?
    @Option(help: ArgumentHelp("Write into this folder instead of <home>/reports/<date>.", valueName: "DIR")) var out: String?
    @Flag(help: "Print report.json instead of the summary.") var json = false

    func run() async throws {
        try await reportingErrors {
            let appliance = try await homeOptions.open()
            let (model, folder) = try await appliance.writeReport(date: date, folder: out.map(homeOptions.absolute))
            if json {
                print(String(decoding: try ReportRenderer.json(model), as: UTF8.self), terminator: "")
            } else {
                print(ReportRenderer.text(model), terminator: "")
            }
            FileHandle.standardError.write(Data("report written to \(folder)\n".utf8))
        }
    }
}

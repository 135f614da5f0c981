import Foundation
public import Logging
import QuireCore
import QuireEngine
import QuireAppliance
import ServiceLifecycle

/// A whole document through a running appliance: a throw-away home with a pipeline of
/// `pdf.text`, `ocr.page` per page (two workers) and `outbox.write`, the services started and the
/// workers warm, then the file taken in (as `quire drop` does) and the clock stopped when its
/// done record is written.
public enum DropToDoneBenchmark {
    public static func run(file: String, languages: [String], logger: Logger) async throws -> Double {
        let home = NSTemporaryDirectory() + "quire-drop-bench-\(getpid())"
        try? FileManager.default.removeItem(atPath: home)
        defer { try? FileManager.default.removeItem(atPath: home) }
        try FileManager.default.createDirectory(atPath: home + "/pipelines", withIntermediateDirectories: true)
        let langs = languages.joined(separator: ", ")
        try """
            name: scans
            sources:
              spool: { accept: [pdf, png, jpeg, tiff] }
            stages:
              - id: text
                use: pdf.text
              - id: ocr
                use: ocr.page
                each: text.needs_ocr
                with: { dpi: 300, languages: [\(langs)] }
              - id: done_record
                use: outbox.write
            """.write(toFile: home + "/pipelines/scans.yaml", atomically: true, encoding: .utf8)
        var c = ApplianceConfiguration(home: home)
        c.isolation.size = 2
        c.scheduler.pollInterval = 0.02
        c.spool.settle = 0.2
        let appliance = try await Appliance.open(c, logger: logger)
        let services = try appliance.buildServiceGroup(signals: false)
        return try await withThrowingTaskGroup(of: Double?.self) { group in
            group.addTask { try await services.group.run(); return nil }
            // Let the workers start and load their engines, as they are on a running appliance.
            try await Task.sleep(nanoseconds: 1_500_000_000)
            let start = Scheduler.monotonicNow()
            let result = await appliance.intake(onQueued: { services.scheduler.notify() })
                .ingest(path: file, name: (file as NSString).lastPathComponent, pipeline: "scans", source: .cli,
                        submission: SpoolIntake.Submission(), intakeKey: nil)
            guard case .accepted = result else {
                await services.group.triggerGracefulShutdown()
                throw QuireError(.invalidArgument, "the appliance did not take \(file) in: \(result)")
            }
            let done = c.layout.outbox("scans", "done")
            var elapsed = 0.0
            while true {
                if let files = try? FileManager.default.contentsOfDirectory(atPath: done), files.contains(where: { $0.hasSuffix(".json") }) {
                    elapsed = Scheduler.monotonicNow() - start
                    break
                }
                if Scheduler.monotonicNow() - start > 600 { break }
                try await Task.sleep(nanoseconds: 5_000_000)
            }
            await services.group.triggerGracefulShutdown()
            for try await _ in group {}
            return elapsed
        }
    }
}

public import Foundation
import Logging
import QuireCore
public import QuireReports
import QuireEngine
import QuireFields
public import QuireStore

extension Appliance {
    var reportTimeZone: TimeZone { configuration.report.timeZone.flatMap(TimeZone.init(identifier:)) ?? .current }
    public var reportsDirectory: String { configuration.report.folder ?? configuration.layout.home + "/reports" }

    public func reportBuilder() -> ReportBuilder {
        var s = ReportSettings(timeZone: reportTimeZone)
        s.ratePerCPUHour = configuration.report.cpuHourRate
        s.ratePerReviewHour = configuration.report.reviewHourRate
        s.currency = configuration.report.currency
        s.manualMinutesPerDocument = configuration.report.manualMinutes
        return ReportBuilder(store: store, pipelines: catalog.specs, settings: s)
    }

    /// Builds the report of `date` (YYYY-MM-DD; default yesterday in the report's zone) and writes
    /// every rendering to `<reports>/<date>/` (or `folder`). Returns the model and the folder.
    @discardableResult
    public func writeReport(date: String? = nil, now: Date = Date(), folder: String? = nil) async throws -> (ReportModel, String) {
        let builder = reportBuilder()
        let day = date ?? builder.dayString(now.addingTimeInterval(-86_400))
        // The day names a folder: only YYYY-MM-DD of a real date, never a path piece.
        guard day.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil, CalendarDate(iso: day) != nil else {
            throw QuireError(.invalidArgument, "the report date must be a day as YYYY-MM-DD, e.g. 2026-11-28 (got '\(day.prefix(40))')")
        }
        let reports = reportsDirectory
        var model = try await builder.build(date: day, now: now) { ReportBuilder.headlineFigures(ofReportAt: reports + "/\($0)/report.json") }
        // The trail's newest entry is signed into the report (and the checkpoint file): a report
        // kept off the machine anchors the trail where the database cannot reach.
        let c = try await writeAuditCheckpoint(now: now)
        model.auditCheckpoint = ReportModel.AuditAnchor(seq: c.seq, hash: c.hash, at: c.at, mac: c.mac)
        let target = folder ?? reportsDirectory + "/" + day
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try ReportWriter.write(model, to: target)
        return (model, target)
    }

    /// Where the audit checkpoints are kept: beside the audit key, outside the database.
    public var auditCheckpointPath: String {
        (configuration.auditKeyPath as NSString).deletingLastPathComponent + "/audit.checkpoint"
    }

    /// Signs the newest audit entry into the checkpoint file (docs/security.md).
    @discardableResult
    public func writeAuditCheckpoint(now: Date = Date()) async throws -> AuditChain.Checkpoint {
        let chain = AuditChain(key: try AuditChain.loadOrCreateKey(at: configuration.auditKeyPath))
        var last: AuditEntry? = nil
        var after = max(0, try await store.auditHighestSequence() - 1)
        while true {
            let page = try await store.auditEntries(after: after, limit: 1000)
            if let l = page.last { last = l; after = l.seq }
            if page.count < 1000 { break }
        }
        if last == nil, let first = try await store.auditEntries(after: 0, limit: 1).first { last = first }
        let c = chain.checkpoint(seq: last?.seq ?? 0, hash: last?.hash ?? "", at: now)
        try AuditChain.appendCheckpoint(c, to: auditCheckpointPath)
        return c
    }

    /// The nightly task: yesterday's report, and any of the seven days before it that has none
    /// (a night the appliance was down is caught up the next time the task runs).
    func nightlyReports(now: Date, logger: Logger) async throws {
        let builder = reportBuilder()
        var anchored = false
        for back in (1...8).reversed() {
            let day = builder.dayString(now.addingTimeInterval(-Double(back) * 86_400))
            let folder = reportsDirectory + "/" + day
            if back > 1, FileManager.default.fileExists(atPath: folder + "/report.json") { continue }
            if back > 1, try await store.items(ItemQuery(limit: 1, since: try builder.window(day).from, until: try builder.window(day).to)).isEmpty { continue }
            let (model, path) = try await writeReport(date: day, now: now)
            anchored = true
            logger.notice("nightly report written", metadata: ["date": "\(day)", "folder": "\(path)", "status": "\(model.headline.status.rawValue)",
                                                               "documents": "\(model.funnel.received)"])
        }
        // Anchor the audit trail outside the database once a night (a report written above did).
        guard !anchored else { return }
        do {
            let c = try await writeAuditCheckpoint(now: now)
            logger.notice("audit checkpoint written", metadata: ["seq": "\(c.seq)", "file": "\(auditCheckpointPath)"])
        } catch {
            logger.error("cannot write the audit checkpoint", metadata: ["error": "\(error)"])
        }
    }
}

import ArgumentParser
import Foundation
import Synchronization
import QuireAppliance
import QuireCore
import QuireStore
import QuireEngine

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy this appliance's whole state from its SQLite file into an empty PostgreSQL database.",
        discussion: """
            Stop quire serve first. Every item, job, event, review, model version,
            token, webhook delivery and audit entry is copied with its ids, in one
            transaction: a failure leaves the target empty. Row counts are compared
            table by table, and the audit chain is verified on the target with this
            home's audit key. Stored files stay where they are: point every node's
            `blobs:` at that folder. Afterwards set `store: URL` in quire.yaml (or
            pass --store to quire serve) and give every node the same audit key
            (`audit_key:`). See docs/operations.md, "Several nodes on PostgreSQL".

            Example:
              quire migrate --to postgres://quire@db.internal:5432/quire
            """)

    @OptionGroup var homeOptions: HomeOptions

    @Option(help: ArgumentHelp("The PostgreSQL database to copy into (it must be empty; the schema is created).", valueName: "URL"))
    var to: String

    @Option(help: "Who runs it, for the audit trail.") var by: String = NSUserName()

    func run() async throws {
        try await reportingErrors {
            let c = try homeOptions.configuration()
            guard c.storeURL == nil else {
                throw QuireError(.invalidConfiguration, "this home already uses PostgreSQL (\(c.storeDescription)); migrate copies from an SQLite home")
            }
            guard FileManager.default.fileExists(atPath: c.databasePath) else {
                throw QuireError(.notFound, "no SQLite database at \(c.databasePath); nothing to copy (is --home, or QUIRE_HOME, the appliance's home?)")
            }
            let key = try AuditChain.loadOrCreateKey(at: c.auditKeyPath)
            let source = try SQLiteStore(path: c.databasePath, auditKey: key)
            let now = Date()
            if let live = try await source.nodes().first(where: { $0.condition(now: now, heartbeatInterval: c.nodeHeartbeat) == "running" }) {
                throw QuireError(.invalidState, "quire serve is running on this home (node \(live.id), heartbeat \(Int(now.timeIntervalSince(live.heartbeatAt))) s ago); stop it, then migrate")
            }
            let target = try await PostgresStore.open(url: to, auditKey: key)
            print("copying \(c.databasePath) to \(target.location) …")
            let report: StoreCopy.Report
            do {
                // Rows copied per table, on standard error (a redrawn line on a terminal, a line every five seconds in a log).
                let reporters = Mutex<[String: ProgressReporter]>([:])
                report = try await StoreCopy.copy(from: source, to: target) { table, rows in
                    reporters.withLock { r in
                        if r[table] == nil { r[table] = ProgressReporter("  copying \(table)", total: nil) }
                        r[table]?.update(rows)
                    }
                }
                reporters.withLock { r in for p in r.values { p.clear() } }
            } catch {
                await target.close()
                throw error
            }
            for t in report.tables { print("  " + t.table.padding(toLength: 20, withPad: " ", startingAt: 0) + "\(t.source) → \(t.target)\(t.source == t.target ? "" : "  MISMATCH")") }
            guard report.matches else {
                await target.close()
                throw QuireError(.storage, "row counts differ between the source and the target; do not switch to it, and report this")
            }
            let audit = try await AuditCommand.verify(store: target, key: key)
            try await target.appendAudit([AuditDraft(actor: by, action: "store.migrate", subject: "store",
                                                     details: ["from": .string(c.databasePath), "to": .string(target.location),
                                                               "items": .number(Double(report.tables.first { $0.table == "items" }?.target ?? 0))])], now: Date())
            await target.close()
            print(String(format: "copied in %.1f s; audit chain on the target: %@", report.seconds, audit))
            print("next: set 'store: \(PostgresStore.redacted(to))' in \(c.layout.configFile) (or quire serve --store URL), give every node the audit key \(c.auditKeyPath), and share the blob folder \(c.blobsDirectory)")
        }
    }
}

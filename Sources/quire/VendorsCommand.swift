import ArgumentParser
import Foundation
import QuireAppliance
import QuireCore
import QuireFields
import QuireStore

struct VendorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vendors",
        abstract: "The vendors the appliance knows: list them, import the ERP's vendor master, forget one.",
        discussion: """
            A vendor's name with its VAT id and IBAN is known once a person approves a document of it
            in review, or once it is imported. The fields stage then confirms a name read by OCR
            against it (a scan or receipt from a known vendor can go straight through), corrects a
            name OCR misread by a letter or two, and sends to review a document whose IBAN is not
            the one on record for its vendor (changed bank details are how invoice fraud works).
            docs/fields.md, "Known vendors", has the rules.

              quire vendors import vendors.csv     # header: name,vat_id,iban (vat_id and iban optional)
              quire vendors list
              quire vendors remove "Acme Tools GmbH"
            """,
        subcommands: [List.self, Import.self, Remove.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The known vendors, newest first: name, VAT id, IBAN, where each came from.")
        @Option(help: "At most this many.") var limit = 200
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var homeOptions: HomeOptions

        func run() async throws {
            try await reportingErrors {
                guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
                let appliance = try await homeOptions.open()
                let rows = try await appliance.store.vendors(limit: limit)
                if json {
                    let out: [JSONValue] = rows.map { r in
                        .object(["name": .string(r.name), "vat_id": r.vatID.map(JSONValue.string) ?? .null, "iban": r.iban.map(JSONValue.string) ?? .null,
                                 "source": .string(r.source), "item": r.item.map { .string($0.rawValue) } ?? .null,
                                 "confirmed_at": .string(ISO8601DateFormatter().string(from: r.confirmedAt))])
                    }
                    print(JSONValue.array(out).jsonString())
                    return
                }
                if rows.isEmpty { print("no known vendors yet: approve a document in review, or 'quire vendors import FILE.csv'"); return }
                for r in rows {
                    print([r.name, r.vatID ?? "-", r.iban ?? "-", r.source + (r.item.map { " \($0.rawValue)" } ?? ""),
                           ISO8601DateFormatter().string(from: r.confirmedAt)].joined(separator: "\t"))
                }
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import a vendor master (CSV with a header: name, and optionally vat_id and iban); every row is checked first, and one bad row imports nothing.")
        @Argument(help: "The CSV file.") var file: String
        @Option(help: "Who imports it, for the audit trail.") var by: String = NSUserName()
        @OptionGroup var homeOptions: HomeOptions

        func run() async throws {
            try await reportingErrors {
                guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
                guard data.count <= 64 << 20 else { throw ValidationError("\(file) is larger than 64 MiB; split it") }
                guard let text = String(data: data, encoding: .utf8) else { throw ValidationError("\(file) is not UTF-8 text; export it as UTF-8 CSV") }
                let vendors = try KnownVendor.parseCSV(text)
                let appliance = try await homeOptions.open()
                let now = Date()
                try await appliance.store.recordVendors(vendors.map {
                    VendorRecord(name: $0.vendor.name, vatID: $0.vendor.vatID, iban: $0.vendor.iban, source: "import", confirmedAt: now)
                })
                try await appliance.store.appendAudit([AuditDraft(actor: by, action: "vendors.import", subject: "file:\(URL(fileURLWithPath: file).lastPathComponent)",
                                                                  details: ["rows": .number(Double(vendors.count))])], now: now)
                print("\(vendors.count) vendor fact\(vendors.count == 1 ? "" : "s") imported from \(file)")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Forget every fact recorded under this name, exactly as 'quire vendors list' prints it (a name approved by mistake).")
        @Argument(help: "The vendor's name.") var name: String
        @Option(help: "Who removes it, for the audit trail.") var by: String = NSUserName()
        @OptionGroup var homeOptions: HomeOptions

        func run() async throws {
            try await reportingErrors {
                let appliance = try await homeOptions.open()
                let n = try await appliance.store.removeVendors(name: name)
                guard n > 0 else { throw ValidationError("no known vendor is named '\(name)'; 'quire vendors list' prints the names as recorded") }
                try await appliance.store.appendAudit([AuditDraft(actor: by, action: "vendors.remove", subject: "vendor:\(name)",
                                                                  details: ["rows": .number(Double(n))])], now: Date())
                print("\(n) fact\(n == 1 ? "" : "s") about \(name) removed")
            }
        }
    }
}

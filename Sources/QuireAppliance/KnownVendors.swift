public import Foundation
public import QuireCore
public import QuireFields
public import QuireStore

/// The fields stage's known vendors from the store (`VendorStore`): read at most every few seconds,
/// so a vendor a person approves is known to the documents that follow within that time on every node.
/// Rows are parsed again here: a name that is empty, too long or holds control characters, or a VAT id
/// or IBAN that fails its check, is left out (whoever could write the table cannot make the stage
/// trust a malformed value).
public actor StoredVendors: VendorDirectorySource {
    let store: any VendorStore
    let maxAge: TimeInterval
    var cached: (at: Date, directory: VendorDirectory)?
    /// The read in progress: the items that find the list stale together wait for one read, not one each.
    var loading: Task<VendorDirectory, any Error>?
    /// The most rows read: the newest confirmations win.
    public static let limit = 50_000

    public init(store: any VendorStore, maxAge: TimeInterval = 5) {
        self.store = store
        self.maxAge = maxAge
    }

    public func directory() async throws -> VendorDirectory {
        if let c = cached, Date().timeIntervalSince(c.at) < maxAge { return c.directory }
        if let running = loading { return try await running.value }
        let store = store
        let read = Task { try await Self.read(store) }
        loading = read
        defer { loading = nil }
        do {
            let directory = try await read.value
            cached = (Date(), directory)
            return directory
        } catch {
            // A store that does not answer for a moment: the list read last still holds (a vendor is rarely unlearned).
            if let c = cached { return c.directory }
            throw error
        }
    }

    static func read(_ store: any VendorStore) async throws -> VendorDirectory {
        // A fact whose VAT id or IBAN fails its check keeps its name (a reviewer approved a vendor whose printed id is wrong).
        VendorDirectory(try await store.vendors(limit: limit).compactMap { r in
            (try? KnownVendor.parse(name: r.name, vatID: r.vatID, iban: r.iban))?.vendor ?? (try? KnownVendor.parse(name: r.name, vatID: nil, iban: nil))?.vendor
        })
    }
}

/// A vendor fact parsed from outside (an import file, a reviewer's values, a row read back).
public struct KnownVendor: Sendable, Hashable {
    public let vendor: VendorDirectory.Vendor

    /// Throws `invalidArgument` with what to fix: a name of 2 to 200 characters without control
    /// characters; a VAT id and an IBAN, where given, that pass their checks.
    public static func parse(name rawName: String, vatID rawVAT: String?, iban rawIBAN: String?) throws -> KnownVendor {
        let name = rawName.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard (2...200).contains(name.count), !name.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }),
              VendorDirectory.key(name).count >= 2 else {
            throw QuireError(.invalidArgument, "vendor name '\(rawName.prefix(60))' must be 2 to 200 characters with at least two letters or digits and no control characters")
        }
        var vat: String? = nil, iban: String? = nil
        if let v = rawVAT?.trimmingCharacters(in: .whitespaces), !v.isEmpty {
            let check = VATID.check(v)
            guard check.passed else { throw QuireError(.invalidArgument, "VAT id '\(v.prefix(30))' of \(name): \(check.reason)") }
            vat = VATID.normalize(v)
        }
        if let i = rawIBAN?.trimmingCharacters(in: .whitespaces), !i.isEmpty {
            let check = IBAN.check(i)
            guard check.passed else { throw QuireError(.invalidArgument, "IBAN '\(i.prefix(40))' of \(name): \(check.reason)") }
            iban = IBAN.normalize(i)
        }
        return KnownVendor(vendor: VendorDirectory.Vendor(name: name, vatID: vat, iban: iban))
    }

    /// A vendor master exported from the ERP: CSV with a header naming `name` and optionally `vat_id`
    /// and `iban` (other columns are ignored). Every row is checked first; one bad row imports nothing
    /// and the error names each bad row (row 1 is the header).
    public static func parseCSV(_ text: String) throws -> [KnownVendor] {
        guard let rows = CSVRows(text), rows.header.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }).contains("name") else {
            throw QuireError(.invalidArgument, "the file needs a header row with a 'name' column (and optionally 'vat_id' and 'iban'), e.g. name,vat_id,iban")
        }
        let columns = Dictionary(rows.header.map { ($0.trimmingCharacters(in: .whitespaces).lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
        var out: [KnownVendor] = [], problems: [String] = []
        for (i, r) in rows.records.enumerated() {
            do {
                out.append(try parse(name: r[columns["name"]!] ?? "", vatID: columns["vat_id"].flatMap { r[$0] }, iban: columns["iban"].flatMap { r[$0] }))
            } catch let e as QuireError {
                problems.append("row \(i + 2): \(e.message)")
            }
        }
        guard problems.isEmpty else {
            throw QuireError(.invalidArgument, "nothing imported; fix these rows and import again:\n" + problems.prefix(20).joined(separator: "\n")
                             + (problems.count > 20 ? "\n… and \(problems.count - 20) more" : ""))
        }
        return out
    }
}

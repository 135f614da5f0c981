import Foundation
import QuireAppliance
import QuireCore
import QuireFields
import QuireStore
import QuireTesting
import Synchronization
import Testing

/// Made-up vendors and ids only.
@Suite("Known vendors from the store")
struct KnownVendorsTests {
    /// A vendor store whose rows are set by the test and which can stop answering.
    final class Rows: VendorStore {
        let state = Mutex<(rows: [VendorRecord], down: Bool)>(([], false))
        func recordVendors(_ vendors: [VendorRecord]) async throws { state.withLock { $0.rows += vendors } }
        func vendors(limit: Int) async throws -> [VendorRecord] {
            try state.withLock { s in
                if s.down { throw QuireError(.storage, "the store does not answer") }
                return Array(s.rows.prefix(limit))
            }
        }
        func removeVendors(name: String) async throws -> Int { 0 }
    }

    static func record(_ name: String, vat: String? = nil, iban: String? = nil) -> VendorRecord {
        VendorRecord(name: name, vatID: vat, iban: iban, source: "review", confirmedAt: Date())
    }

    /// Reads whether `name` is confirmed, as the fields stage would on a receipt that prints it.
    static func confirms(_ d: VendorDirectory, _ name: String) -> Bool {
        var fields = ["merchant": ExtractedField(name: "merchant", best: Candidate(value: .string(name), text: name, score: 0.7, strategy: "layout"))]
        d.confirm(&fields, schema: "receipt")
        return fields["merchant"]?.checks.contains { $0.name == "known_vendor" && $0.passed } == true
    }

    @Test("rows written straight into the table are parsed again: a bad name is left out, a bad IBAN is dropped and its name kept")
    func rowsAreParsedAgain() async throws {
        let store = Rows()
        try await store.recordVendors([Self.record("Corner\u{7}Store"), Self.record("Harbor Outfitters Ltd", iban: "DE00999"),
                                       Self.record(String(repeating: "x", count: 300)), Self.record("Bellweather Tools GmbH", vat: "DE273184654")])
        let d = try await StoredVendors(store: store, maxAge: 0).directory()
        #expect(d.count == 2)
        #expect(Self.confirms(d, "HARBOR OUTFITTERS LTD") && Self.confirms(d, "Bellweather Tools GmbH"))
        #expect(!Self.confirms(d, "Corner\u{7}Store"))
    }

    @Test("a vendor approved a moment ago is known after the cache's age; a store that stops answering leaves the list read last")
    func theCacheAgesAndHoldsThroughAnOutage() async throws {
        let store = Rows()
        try await store.recordVendors([Self.record("Bellweather Tools GmbH")])
        let source = StoredVendors(store: store, maxAge: 0.2)
        #expect(try await source.directory().count == 1)
        try await store.recordVendors([Self.record("Harbor Outfitters Ltd")])
        #expect(try await source.directory().count == 1, "read within its age: the cached list")
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await source.directory().count == 2)
        store.state.withLock { $0.down = true }
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await source.directory().count == 2, "the store is down: the list read last")
        await #expect(throws: QuireError.self) { try await StoredVendors(store: store).directory() }
    }

    @Test("a vendor master: one bad row imports nothing and every bad row is named; a good file gives every row")
    func csvImport() throws {
        let good = try KnownVendor.parseCSV("Name,VAT_ID,iban\nBellweather Tools GmbH,DE 273 184 654,\n\"Harbor Outfitters, Ltd\",,DE40 7002 0270 0012 3456 78\n")
        #expect(good.map(\.vendor) == [VendorDirectory.Vendor(name: "Bellweather Tools GmbH", vatID: "DE273184654"),
                                      VendorDirectory.Vendor(name: "Harbor Outfitters, Ltd", iban: "DE40700202700012345678")])
        #expect(throws: QuireError.self) { try KnownVendor.parseCSV("vendor,vat\nA,B\n") }
        do {
            _ = try KnownVendor.parseCSV("name,vat_id\nGood One GmbH,\nX,\nBad Id GmbH,DE273184656\n")
            Issue.record("a file with bad rows is refused")
        } catch let e as QuireError {
            #expect(e.message.contains("nothing imported") && e.message.contains("row 3:") && e.message.contains("row 4:") && !e.message.contains("row 2:"), "\(e.message)")
        }
    }
}

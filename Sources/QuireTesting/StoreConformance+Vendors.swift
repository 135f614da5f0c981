public import Foundation
public import QuireCore
public import QuireStore
import Testing

extension StoreConformance {
    /// The checks of ``VendorStore``.
    public static let vendors: [Check] = [
        ("known vendors: one row per name, VAT id and IBAN, newest first, removed by name", knownVendorsAreKeptNewestFirst),
    ]

    /// A fact recorded twice is one row with the later source and time; absent ids read back as nil;
    /// the newest come first and `limit` cuts the oldest; removing a name removes all its facts and no other's.
    public static func knownVendorsAreKeptNewestFirst(_ store: any Store) async throws {
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        try await store.recordVendors([
            VendorRecord(name: "Acme Tools GmbH", vatID: "DE510000017", iban: "DE40700202700012345678", source: "import", confirmedAt: t0),
            VendorRecord(name: "Acme Tools GmbH", vatID: "DE510000017", iban: "DE83430609670009876543", source: "import", confirmedAt: t0.addingTimeInterval(1)),
            VendorRecord(name: "Corner Shop", source: "review", item: ItemID("it-1"), confirmedAt: t0.addingTimeInterval(2)),
        ])
        // The same fact again, from a review: refreshed, not doubled.
        try await store.recordVendors([VendorRecord(name: "Acme Tools GmbH", vatID: "DE510000017", iban: "DE40700202700012345678",
                                                    source: "review", item: ItemID("it-2"), confirmedAt: t0.addingTimeInterval(3))])
        let all = try await store.vendors(limit: 100)
        #expect(all.count == 3)
        #expect(all.first?.name == "Acme Tools GmbH" && all.first?.iban == "DE40700202700012345678" && all.first?.source == "review"
                && all.first?.item == ItemID("it-2"))
        #expect(all.map(\.confirmedAt) == all.map(\.confirmedAt).sorted(by: >))
        let shop = all.first { $0.name == "Corner Shop" }
        #expect(shop?.vatID == nil && shop?.iban == nil && shop?.item == ItemID("it-1"))
        #expect(try await store.vendors(limit: 2).map(\.confirmedAt) == [t0.addingTimeInterval(3), t0.addingTimeInterval(2)])
        #expect(try await store.removeVendors(name: "Acme Tools GmbH") == 2)
        #expect(try await store.removeVendors(name: "Nobody") == 0)
        #expect(try await store.vendors(limit: 100).map(\.name) == ["Corner Shop"])
    }
}

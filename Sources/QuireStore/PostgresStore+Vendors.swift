public import Foundation
public import QuireCore
import PostgresNIO

extension PostgresStore {
    // MARK: Known vendors (migration v13-vendors)

    public func recordVendors(_ vendors: [VendorRecord]) async throws {
        try await transaction { tx in
            for v in vendors {
                try await tx.execute("""
                    INSERT INTO vendors (name, vat_id, iban, source, item_id, confirmed_at)
                    VALUES (\(v.name), \(v.vatID ?? ""), \(v.iban ?? ""), \(v.source), \(v.item?.rawValue), \(Self.t(v.confirmedAt)))
                    ON CONFLICT (name, vat_id, iban) DO UPDATE SET source = excluded.source, item_id = excluded.item_id, confirmed_at = excluded.confirmed_at
                    """)
            }
        }
    }

    public func vendors(limit: Int) async throws -> [VendorRecord] {
        try await autocommit { tx in
            try await tx.rows("SELECT * FROM vendors ORDER BY confirmed_at DESC, name LIMIT \(limit)").map { StoreRows.vendor(PGStoreRow($0)) }
        }
    }

    public func removeVendors(name: String) async throws -> Int {
        try await transaction { tx in
            try await tx.rows("DELETE FROM vendors WHERE name = \(name) RETURNING name").count
        }
    }
}

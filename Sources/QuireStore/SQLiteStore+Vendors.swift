public import Foundation
public import QuireCore
import GRDB

extension SQLiteStore {
    // MARK: Known vendors (migration v13-vendors)

    public func recordVendors(_ vendors: [VendorRecord]) async throws {
        try await write { db in
            for v in vendors {
                try Self.exec(db, """
                    INSERT INTO vendors (name, vat_id, iban, source, item_id, confirmed_at) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(name, vat_id, iban) DO UPDATE SET source = excluded.source, item_id = excluded.item_id, confirmed_at = excluded.confirmed_at
                    """, arguments: [v.name, v.vatID ?? "", v.iban ?? "", v.source, v.item?.rawValue, Self.t(v.confirmedAt)])
            }
        }
    }

    public func vendors(limit: Int) async throws -> [VendorRecord] {
        try await read { db in
            try Self.rows(db, "SELECT * FROM vendors ORDER BY confirmed_at DESC, name LIMIT ?", arguments: [limit]).map { StoreRows.vendor(SQLiteRow($0)) }
        }
    }

    public func removeVendors(name: String) async throws -> Int {
        try await write { db in
            try Self.exec(db, "DELETE FROM vendors WHERE name = ?", arguments: [name])
            return db.changesCount
        }
    }
}

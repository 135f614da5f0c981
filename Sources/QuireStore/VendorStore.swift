public import Foundation
public import QuireCore

/// The vendors the appliance knows (migration `v13-vendors`): a name with the VAT id and IBAN seen
/// with it, as a person approved them in review or an operator imported them from the ERP's vendor
/// master (`quire vendors import`). The fields stage reads them to confirm a vendor's name read by
/// OCR, to correct one OCR misread, and to question an IBAN that is not the one on record.
public protocol VendorStore: Sendable {
    /// Adds facts, or refreshes one already there (same name, VAT id and IBAN): its source, item and time.
    func recordVendors(_ vendors: [VendorRecord]) async throws
    /// The newest first, at most `limit`.
    func vendors(limit: Int) async throws -> [VendorRecord]
    /// Forgets every fact under this name exactly as recorded (a name approved by mistake). Returns how many.
    func removeVendors(name: String) async throws -> Int
}

/// One confirmed fact about a vendor. The store keeps what it is given; the callers parse names, VAT
/// ids and IBANs before they record them, and the fields stage parses them again when it reads them.
public struct VendorRecord: Sendable, Hashable {
    public var name: String
    /// Without spaces, upper case; nil when the document had none.
    public var vatID: String?
    public var iban: String?
    /// "review" (a person approved it) or "import" (from a file).
    public var source: String
    /// The item whose review confirmed it.
    public var item: ItemID?
    public var confirmedAt: Date

    public init(name: String, vatID: String? = nil, iban: String? = nil, source: String, item: ItemID? = nil, confirmedAt: Date) {
        self.name = name
        self.vatID = vatID
        self.iban = iban
        self.source = source
        self.item = item
        self.confirmedAt = confirmedAt
    }
}

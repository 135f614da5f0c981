public import Foundation
import QuireCore

/// The vendors the appliance knows: names, VAT ids and IBANs a person confirmed in review or an
/// operator imported from the ERP's vendor master (`quire vendors import`). A vendor's name has no
/// check digits, so OCR's "CORNER HART" for "CORNER MART" passes every other check; the
/// directory is what catches it. It also guards the payment: an IBAN that is not the one on record
/// for a known vendor is the classic invoice fraud (changed bank details), and goes to a person.
///
/// What it does to an extraction (``confirm(_:schema:)``), in order:
/// 1. A VAT id or IBAN that passes its check and belongs to exactly one known vendor identifies it.
/// 2. The name read is a known vendor's (ignoring case, accents, spaces and punctuation): the name
///    is confirmed (check `known_vendor`, which verifies OCR'd characters as check digits do).
///    Else, when step 1 identified the vendor, its name on record is the vendor name and the read one
///    an alternative. Else, for a name read by OCR, the one known name within a few misread characters
///    (and clearly nearer than any other) replaces it, less sure the more characters differ.
/// 3. A vendor identified by its VAT id or name whose IBANs are on record, on a document that prints
///    another valid IBAN: the check `iban_on_record` fails and the document goes to review. A name of
///    one known vendor with the VAT id or IBAN of another fails `known_vendor` on the id: a person looks.
public struct VendorDirectory: Sendable {
    /// One confirmed fact: a vendor's name with the VAT id and IBAN seen with it (either may be absent).
    public struct Vendor: Sendable, Hashable {
        public var name: String
        public var vatID: String?
        public var iban: String?

        public init(name: String, vatID: String? = nil, iban: String? = nil) {
            self.name = name
            self.vatID = vatID.map(VATID.normalize).flatMap { $0.isEmpty ? nil : $0 }
            self.iban = iban.map(IBAN.normalize).flatMap { $0.isEmpty ? nil : $0 }
        }
    }

    /// A vendor as the directory matches it: every VAT id and IBAN on record under one name.
    struct Entry: Sendable {
        var name: String
        var vatIDs: Set<String> = []
        var ibans: Set<String> = []
    }

    private var entries: [String: Entry] = [:]
    private var byVAT: [String: Set<String>] = [:]
    private var byIBAN: [String: Set<String>] = [:]
    /// Keys by length: a misread letter keeps the length, so only names of the same length are compared.
    private var byLength: [Int: [String]] = [:]

    /// `vendors` newest first: where one name is written two ways, the first spelling is kept.
    public init(_ vendors: [Vendor] = []) {
        for v in vendors {
            let k = Self.key(v.name)
            guard k.count >= 2 else { continue }
            var e = entries[k] ?? Entry(name: v.name)
            if let x = v.vatID { e.vatIDs.insert(x); byVAT[x, default: []].insert(k) }
            if let x = v.iban { e.ibans.insert(x); byIBAN[x, default: []].insert(k) }
            if entries[k] == nil { byLength[k.count, default: []].append(k) }
            entries[k] = e
        }
    }

    public static let empty = VendorDirectory()
    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }

    /// A name as the directory compares it: upper case, accents folded, letters and digits only.
    public static func key(_ name: String) -> String {
        String(name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).uppercased().unicodeScalars
            .filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }

    /// The known vendor an id names, when it names exactly one.
    func identified(vatID: String?, iban: String?) -> (entry: Entry, by: String)? {
        if let v = vatID, let keys = byVAT[VATID.normalize(v)], keys.count == 1, let e = entries[keys.first!] { return (e, "VAT id") }
        if let i = iban, let keys = byIBAN[IBAN.normalize(i)], keys.count == 1, let e = entries[keys.first!] { return (e, "IBAN") }
        return nil
    }

    /// The one known name of the same length as `key` with at most one letter in eight different, and
    /// clearly nearer than the next (two letters more): OCR misreads a letter or two, it does not turn
    /// one shop's name into another's.
    func nearest(_ key: String) -> (entry: Entry, distance: Int)? {
        guard key.count >= 5 else { return nil }
        let limit = max(1, key.count / 8)
        var best: (Entry, Int)? = nil
        var second = Int.max
        // Letters misread, not letters added or lost: "ACME TOOLS LTD" is not "ACME TOOLS (KL) LTD" with letters missing.
        for k in byLength[key.count] ?? [] {
            guard let e = entries[k] else { continue }
            let d = zip(k.unicodeScalars, key.unicodeScalars).reduce(0) { $0 + ($1.0 == $1.1 ? 0 : 1) }
            if d < (best?.1 ?? Int.max) {
                if let b = best { second = b.1 }
                best = (e, d)
            } else {
                second = min(second, d)
            }
        }
        guard let (e, d) = best, d <= limit, second >= d + 2 else { return nil }
        return (e, d)
    }

    /// The field that names the vendor in a schema.
    public static func nameField(schema: String) -> String { schema == "receipt" ? "merchant" : "vendor_name" }

    /// Confirms, corrects or questions the vendor's name, VAT id and IBAN against the directory (see the type's comment).
    public func confirm(_ fields: inout [String: ExtractedField], schema: String) {
        guard !isEmpty else { return }
        let nameField = Self.nameField(schema: schema)
        func passing(_ name: String) -> String? {
            guard let f = fields[name], f.checks.allSatisfy(\.passed) else { return nil }
            return f.value.stringValue
        }
        let vat = passing("vendor_vat_id"), iban = passing("vendor_iban")
        var known = identified(vatID: vat, iban: iban)
        let read = fields[nameField]?.value.stringValue
        let byOCR = fields[nameField]?.words.contains { $0.confidence != nil } ?? false

        var nameAgrees = false
        if let read, let e = entries[Self.key(read)] {
            if let (other, by) = known, Self.key(other.name) != Self.key(e.name) {
                // Two known vendors: the name says one, the id the other (the buyer's id read as the seller's, or a wrong record).
                let field = by == "IBAN" ? "vendor_iban" : "vendor_vat_id"
                fields[field]?.apply(CheckResult(name: "known_vendor", passed: false,
                                                 reason: "the \(by) is \(other.name)'s on record, but the document names \(e.name); check which vendor sent it"))
                return
            }
            fields[nameField]?.apply(CheckResult(name: "known_vendor", passed: true, reason: "a known vendor: \(e.name)"), boost: 0.8)
            nameAgrees = true
            if known == nil || known?.by == "IBAN" { known = (e, "name") }
        } else if let (e, by) = known {
            let old = fields[nameField]
            var c = Candidate(value: .string(e.name), text: e.name, score: 0.9, strategy: "vendors", page: old?.page,
                              note: "the name on record for the \(by) \(by == "IBAN" ? iban ?? "" : vat ?? "")")
            c.support = 1
            var f = ExtractedField(name: nameField, best: c, alternatives: (old.map { [$0.asCandidate()] } ?? []) + (old?.alternatives ?? []))
            f.checks = [CheckResult(name: "known_vendor", passed: true,
                                    reason: "the \(by) is \(e.name)'s on record" + (read.map { "; the document reads '\($0)'" } ?? ""))]
            fields[nameField] = f
        } else if let read, byOCR, let (e, d) = nearest(Self.key(read)), var f = fields[nameField] {
            let old = f.asCandidate()
            f.value = .string(e.name)
            f.text = e.name
            f.strategy = "vendors"
            f.confidence = max(0.5, 0.95 - 0.05 * Double(d))
            f.alternatives = [old] + f.alternatives
            f.checks.append(CheckResult(name: "known_vendor", passed: true,
                                        reason: "read as '\(read)', \(d) character\(d == 1 ? "" : "s") from the known vendor \(e.name)"))
            fields[nameField] = f
            known = (e, "name")
        }

        guard let (e, by) = known else { return }
        // The vendor's own ids: one read as chosen is confirmed; of several VAT ids printed, the one on
        // record is the seller's (the other is a buyer's). Not so for IBANs: a new account printed
        // beside the old one is what the check below is for.
        for (name, onRecord, normalize) in [("vendor_vat_id", e.vatIDs, VATID.normalize), ("vendor_iban", e.ibans, IBAN.normalize)] as [(String, Set<String>, (String) -> String)] {
            guard !onRecord.isEmpty, var f = fields[name], let chosen = f.value.stringValue, f.checks.allSatisfy(\.passed) else { continue }
            if onRecord.contains(normalize(chosen)) {
                // Not where this id alone named the vendor (it would confirm itself): the name read agrees, or another id named it.
                if by != (name == "vendor_iban" ? "IBAN" : "VAT id") || nameAgrees {
                    f.apply(CheckResult(name: "known_vendor", passed: true, reason: "\(e.name)'s on record"), boost: 0.8)
                }
            } else if name == "vendor_vat_id", let i = f.alternatives.firstIndex(where: { $0.value.stringValue.map { onRecord.contains(normalize($0)) } ?? false }) {
                let other = f.alternatives[i]
                f.alternatives[i] = f.asCandidate()
                f.value = other.value
                f.text = other.text
                f.words = other.words
                f.page = other.page
                f.strategy = "vendors"
                f.confidence = 0.95
                f.checks.append(CheckResult(name: "known_vendor", passed: true, reason: "\(e.name)'s on record, of the ones the document prints"))
            } else { continue }
            fields[name] = f
        }
        // Bank details that are not the ones on record: a person confirms the change with the vendor.
        if by != "IBAN", !e.ibans.isEmpty, let i = fields["vendor_iban"]?.value.stringValue, IBAN.check(i).passed, !e.ibans.contains(IBAN.normalize(i)) {
            let onRecord = e.ibans.sorted().map { "…" + $0.suffix(4) }.joined(separator: ", ")
            fields["vendor_iban"]?.apply(CheckResult(name: "iban_on_record", passed: false,
                reason: "\(IBAN.normalize(i)) is not the IBAN on record for \(e.name) (\(onRecord)); changed bank details are how invoice fraud works: confirm them with the vendor on a number you already know before approving"))
        }
    }
}

/// Where the fields stage gets the directory from (the appliance: its store, cached a few seconds).
public protocol VendorDirectorySource: Sendable {
    func directory() async throws -> VendorDirectory
}

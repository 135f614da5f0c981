public import Foundation
public import QuireCore
import Crypto

/// The audit trail's hash chain: each entry's hash covers the previous entry's hash and the
/// entry's own fields. Keyed (HMAC-SHA256) with a key kept in the data folder, outside the
/// database, so someone who has only the database cannot rewrite history and recompute the
/// chain; without a key (a bare store in tests) it is plain SHA-256 and only tamper-evident.
public struct AuditChain: Sendable {
    public let key: Data?

    public init(key: Data?) {
        self.key = key
    }

    public func hash(previous: String, canonical: String) -> String {
        let message = Data((previous + "\n" + canonical).utf8)
        if let key {
            return Data(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))).map { String(format: "%02x", $0) }.joined()
        }
        return SHA256.hash(data: message).map { String(format: "%02x", $0) }.joined()
    }

    public static func timestamp(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: d)
    }

    /// What `quire audit verify` found.
    public struct Verification: Sendable, Equatable {
        public var entries: Int
        /// The first entry that does not check out, and why (nil: the chain is intact).
        public var firstBad: Int64?
        public var problem: String?
        public var intact: Bool { firstBad == nil && problem == nil }
    }

    /// Checks every entry in order: consecutive numbers (a gap is a deleted entry), each names
    /// its predecessor's hash (else entries were reordered or removed), and each hash matches
    /// its fields (else the entry was edited). `highest`: the highest number the store ever
    /// issued, so that removing the newest entries is noticed too.
    public func verify(_ entries: [AuditEntry], highest: Int64) -> Verification {
        var previous = ""
        var expected: Int64 = 1
        for e in entries {
            if e.seq != expected {
                return Verification(entries: entries.count, firstBad: expected, problem: e.seq > expected
                                    ? "entry \(expected)\(e.seq - expected > 1 ? "–\(e.seq - 1)" : "") is missing (deleted)" : "entry \(e.seq) is out of order")
            }
            if e.previousHash != previous {
                return Verification(entries: entries.count, firstBad: e.seq, problem: "entry \(e.seq) does not follow entry \(e.seq - 1) (reordered, or an entry was replaced)")
            }
            let canonical = AuditEntry.canonical(seq: e.seq, at: e.stamp, actor: e.actor, action: e.action, subject: e.subject, details: e.details)
            if hash(previous: previous, canonical: canonical) != e.hash {
                return Verification(entries: entries.count, firstBad: e.seq, problem: "entry \(e.seq) was changed after it was written (its hash does not match)")
            }
            previous = e.hash
            expected += 1
        }
        if highest >= expected {
            return Verification(entries: entries.count, firstBad: expected, problem: "entries \(expected)–\(highest) were written and are gone (the newest entries were deleted)")
        }
        return Verification(entries: entries.count, firstBad: nil, problem: nil)
    }

    // MARK: Checkpoints outside the database

    /// The newest (seq, hash) seen, signed with the audit key and kept in a file beside it, outside
    /// the database: someone who can write the database can drop the newest entries and the
    /// sequence that counts them, but not the checkpoint, so a cut tail is found.
    public struct Checkpoint: Sendable, Equatable {
        public var seq: Int64
        public var hash: String
        public var at: String
        public var mac: String

        var line: String { "\(seq) \(hash) \(at) \(mac)" }

        init?(line: String) {
            let p = line.split(separator: " ").map(String.init)
            guard p.count == 4, let seq = Int64(p[0]) else { return nil }
            (self.seq, hash, at, mac) = (seq, p[1], p[2], p[3])
        }

        public init(seq: Int64, hash: String, at: String, mac: String) {
            (self.seq, self.hash, self.at, self.mac) = (seq, hash, at, mac)
        }
    }

    func checkpointMAC(seq: Int64, hash: String, at: String) -> String {
        self.hash(previous: "quire-audit-checkpoint", canonical: "\(seq)\n\(hash)\n\(at)")
    }

    /// Whether this key signed `c` (a checkpoint copied out of a report, say).
    public func signed(_ c: Checkpoint) -> Bool { checkpointMAC(seq: c.seq, hash: c.hash, at: c.at) == c.mac }

    /// A signed checkpoint of the newest entry.
    public func checkpoint(seq: Int64, hash: String, at: Date = Date()) -> Checkpoint {
        let stamp = Self.timestamp(at)
        return Checkpoint(seq: seq, hash: hash, at: stamp, mac: checkpointMAC(seq: seq, hash: hash, at: stamp))
    }

    /// The checkpoint in `path` (its last line), nil when there is none; throws when it is not one this key signed.
    public func readCheckpoint(_ path: String) throws -> Checkpoint? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        guard let last = String(decoding: data, as: UTF8.self).split(separator: "\n").last, let c = Checkpoint(line: String(last)) else {
            throw QuireError(.storage, "\(path) is not an audit checkpoint; restore it from backup or remove it to start a new one")
        }
        guard checkpointMAC(seq: c.seq, hash: c.hash, at: c.at) == c.mac else {
            throw QuireError(.storage, "\(path) was not signed with this audit key (it was edited, or the key changed)")
        }
        return c
    }

    /// Appends a checkpoint line to `path` (created readable by its owner only) and fsyncs it.
    public static func appendCheckpoint(_ c: Checkpoint, to path: String) throws {
        let fm = FileManager.default
        if !fm.fileExists(atPath: path) {
            guard fm.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw QuireError(.io, "cannot create the audit checkpoint \(path); check that its folder is writable")
            }
        }
        guard let h = FileHandle(forWritingAtPath: path) else { throw QuireError(.io, "cannot write the audit checkpoint \(path)") }
        defer { try? h.close() }
        try h.seekToEnd()
        try h.write(contentsOf: Data((c.line + "\n").utf8))
        try h.synchronize()
    }

    /// Checks that the trail still holds the checkpoint's entry with the same hash.
    public func check(_ entries: [AuditEntry], against c: Checkpoint) -> Verification? {
        guard let e = entries.first(where: { $0.seq == c.seq }) else {
            let last = entries.last?.seq ?? 0
            return Verification(entries: entries.count, firstBad: last + 1,
                                problem: "the checkpoint of \(c.at) saw entry \(c.seq), but the trail ends at entry \(last): entries \(last + 1)–\(c.seq) (at least) were deleted")
        }
        guard e.hash == c.hash else {
            return Verification(entries: entries.count, firstBad: c.seq, problem: "entry \(c.seq) is not the one the checkpoint of \(c.at) saw (the trail was rewritten)")
        }
        return nil
    }

    /// Reads the key file, or creates it (32 random bytes, hex, readable by its owner only).
    public static func loadOrCreateKey(at path: String) throws -> Data {
        let fm = FileManager.default
        if let text = fm.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }) {
            guard text.count == 64, let key = Data(hex: text) else {
                throw QuireError(.invalidConfiguration, "\(path) is not an audit key (64 hex digits); restore it from your backup — without it the audit trail cannot be verified")
            }
            return key
        }
        let key = Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
        let hex = key.map { String(format: "%02x", $0) }.joined() + "\n"
        let dir = (path as NSString).deletingLastPathComponent
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        guard fm.createFile(atPath: path, contents: Data(hex.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw QuireError(.io, "cannot write the audit key to \(path); check that the data folder is writable")
        }
        return key
    }
}

extension Data {
    init?(hex: String) {
        var bytes: [UInt8] = []
        var it = hex.makeIterator()
        while let a = it.next() {
            guard let b = it.next(), let v = UInt8(String([a, b]), radix: 16) else { return nil }
            bytes.append(v)
        }
        self.init(bytes)
    }
}

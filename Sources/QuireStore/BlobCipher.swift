import Foundation
import QuireCore
internal import Crypto

/// The keys blobs are encrypted with at rest: one per line, `<id> <base64 of 32 bytes>`, `#`
/// comments; the last key is the one new blobs are written with, the others still decrypt the
/// blobs written before a rotation. The keys live in a file only its owner can read, or in the
/// environment (`QUIRE_BLOB_KEY=id:base64`), never in the database.
public struct BlobKeyring: Sendable {
    /// Raw key bytes (Crypto's SymmetricKey is not Sendable); a key is made from them per use.
    let keys: [String: Data]
    func key(_ id: String) -> SymmetricKey? { keys[id].map { SymmetricKey(data: $0) } }
    /// The id of the key new blobs are written with.
    public let current: String
    /// Key ids, in file order.
    public let ids: [String]
    /// Where the keys came from (a path, or `QUIRE_BLOB_KEY`), for messages.
    public let source: String


    /// Parses key lines; every problem names its line.
    public static func parse(_ text: String, source: String) throws -> BlobKeyring {
        var keys: [String: Data] = [:]
        var ids: [String] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" }).map(String.init)
            guard parts.count == 2 else {
                throw QuireError(.invalidConfiguration, "\(source):\(n + 1): a key line is '<id> <base64 key>'; make one with 'quire blobs keygen'")
            }
            let id = parts[0]
            guard id.count <= 64, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }), id.allSatisfy(\.isASCII) else {
                throw QuireError(.invalidConfiguration, "\(source):\(n + 1): the key id '\(id)' may hold only letters, digits, '-', '_' and '.' (64 at most)")
            }
            guard let bytes = Data(base64Encoded: parts[1]), bytes.count == 32 else {
                throw QuireError(.invalidConfiguration, "\(source):\(n + 1): key '\(id)' is not 32 bytes in base64 (AES-256); make one with 'quire blobs keygen'")
            }
            guard keys[id] == nil else { throw QuireError(.invalidConfiguration, "\(source):\(n + 1): key id '\(id)' appears twice") }
            keys[id] = bytes
            ids.append(id)
        }
        guard let current = ids.last else {
            throw QuireError(.invalidConfiguration, "\(source) holds no key; add one with 'quire blobs keygen --file \(source)'")
        }
        return BlobKeyring(keys: keys, current: current, ids: ids, source: source)
    }

    /// Reads a key file, refusing one that others can read (like ssh does with private keys).
    public static func load(file: String) throws -> BlobKeyring {
        guard let data = try PrivateFile.read(file) else {
            throw QuireError(.invalidConfiguration, "cannot read the blob key file \(file); make one with 'quire blobs keygen --file \(file)' or remove 'blob_keys' from the configuration")
        }
        return try parse(String(decoding: data, as: UTF8.self), source: file)
    }

    /// A new key line: `<id> <base64>` with 32 random bytes.
    public static func newKeyLine(id: String) -> String {
        "\(id) \(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString())"
    }
}

/// AES-256-GCM over a blob in 1 MiB chunks, so files of any size stream through a fixed amount
/// of memory. Layout: `QBE2` (or `QBE1` before blobs were bound to their name), key id length (1
/// byte), key id, chunk size (4 bytes, big endian), then per chunk a random 12-byte nonce, the
/// ciphertext and the 16-byte tag. Each chunk's additional data is the header, its index and
/// whether it is the last one, so chunks cannot be reordered, dropped or cut off without the tag
/// failing; in `QBE2` the last chunk's also holds the sha256 of the plaintext (the blob's name),
/// so one encrypted blob cannot be put in the place of another. Every read re-hashes the plaintext.
enum BlobCipher {
    static let magic = Array("QBE2".utf8)
    static let magicV1 = Array("QBE1".utf8)
    static let chunkSize = 1 << 20
    static let overhead = 12 + 16

    static func header(keyID: String) -> [UInt8] {
        let id = Array(keyID.utf8)
        let size = UInt32(chunkSize)
        return magic + [UInt8(id.count)] + id + [UInt8(size >> 24), UInt8((size >> 16) & 0xff), UInt8((size >> 8) & 0xff), UInt8(size & 0xff)]
    }

    /// A chunk's additional data; the last chunk of a `QBE2` blob binds the plaintext's sha256.
    static func aad(_ header: [UInt8], index: UInt64, final: Bool, digest: [UInt8]? = nil) -> [UInt8] {
        var a = header
        for shift in stride(from: 56, through: 0, by: -8) { a.append(UInt8((index >> UInt64(shift)) & 0xff)) }
        a.append(final ? 1 : 0)
        if final, let digest { a += digest }
        return a
    }

    /// The 32 bytes of a sha256 written as 64 hex digits.
    static func digestBytes(_ hash: BlobID) -> [UInt8] {
        let hex = Array(hash.hex.utf8)
        func nibble(_ c: UInt8) -> UInt8 { c <= 0x39 ? c - 0x30 : c - 0x61 + 10 }
        return stride(from: 0, to: 64, by: 2).map { nibble(hex[$0]) << 4 | nibble(hex[$0 + 1]) }
    }

    /// Encrypts a stream: `read` gives plaintext (empty at the end), `write` takes the file's bytes.
    static func encrypt(keyring: BlobKeyring, read: () throws -> Data, write: (Data) throws -> Void) throws {
        let key = keyring.key(keyring.current)!
        let head = header(keyID: keyring.current)
        try write(Data(head))
        var buffer = Data()
        var index: UInt64 = 0
        var hasher = SHA256()
        func seal(_ plain: Data, final: Bool) throws {
            let digest: [UInt8]? = final ? Array(hasher.finalize()) : nil
            let box = try AES.GCM.seal(plain, using: key, nonce: AES.GCM.Nonce(), authenticating: aad(head, index: index, final: final, digest: digest))
            try write(box.combined!)
            index += 1
        }
        while true {
            let chunk = try read()
            if chunk.isEmpty { break }
            hasher.update(data: chunk)
            buffer.append(chunk)
            // A chunk is sealed as not-last only once more bytes are known to follow.
            while buffer.count > chunkSize {
                try seal(buffer.prefix(chunkSize), final: false)
                buffer = Data(buffer.dropFirst(chunkSize))
            }
        }
        try seal(buffer, final: true)
    }

    /// The key id an encrypted blob names, from its header.
    static func keyID(_ head: Data) throws -> (id: String, headerLength: Int) {
        let h = [UInt8](head.prefix(4 + 1 + 255 + 4))
        guard h.count >= 9, Array(h.prefix(4)) == magic || Array(h.prefix(4)) == magicV1 else {
            throw QuireError(.storage, "not an encrypted blob (no QBE2 or QBE1 header)")
        }
        let n = Int(h[4])
        guard h.count >= 5 + n + 4 else { throw QuireError(.storage, "the encrypted blob's header is cut off") }
        let size = h[5 + n..<9 + n].reduce(0) { $0 << 8 | Int($1) }
        guard size == chunkSize else { throw QuireError(.storage, "the encrypted blob's chunk size \(size) is not \(chunkSize)") }
        return (String(decoding: h[5..<5 + n], as: UTF8.self), 9 + n)
    }

    /// Decrypts a stream written by `encrypt`. `read(n)` gives up to n bytes (fewer only at the end).
    static func decrypt(keyring: BlobKeyring?, blob: BlobID, read: (Int) throws -> Data, write: (Data) throws -> Void) throws {
        let hash = blob.hex
        let first = try read(4 + 1 + 255 + 4)
        let (id, headerLength) = try keyID(first)
        let bound = Array(first.prefix(4)) == magic
        var hasher = SHA256()
        guard let keyring else {
            throw QuireError(.invalidConfiguration, "blob \(hash.prefix(12)) is encrypted (key '\(id)') and no blob keys are configured; set 'blob_keys' in quire.yaml or QUIRE_BLOB_KEY")
        }
        guard let key = keyring.key(id) else {
            throw QuireError(.invalidConfiguration, "blob \(hash.prefix(12)) was encrypted with key '\(id)', which is not in \(keyring.source) (it has \(keyring.ids.joined(separator: ", "))); put that key back in the file")
        }
        let head = [UInt8](first.prefix(headerLength))
        var pending = Data(first.dropFirst(headerLength))
        let record = chunkSize + overhead
        func fill(_ d: inout Data) throws {
            while d.count < record {
                let more = try read(record - d.count)
                if more.isEmpty { break }
                d.append(more)
            }
        }
        try fill(&pending)
        var index: UInt64 = 0
        while true {
            var next = Data(pending.dropFirst(record))
            pending = pending.prefix(record)
            try fill(&next)
            let final = next.isEmpty
            guard pending.count >= overhead else { throw QuireError(.storage, "blob \(hash.prefix(12)) is cut off (chunk \(index))") }
            let plain: Data
            do {
                let box = try AES.GCM.SealedBox(combined: pending)
                plain = try AES.GCM.open(box, using: key, authenticating: aad(head, index: index, final: final, digest: bound ? digestBytes(blob) : nil))
            } catch {
                throw QuireError(.storage, "blob \(hash.prefix(12)) does not decrypt with key '\(id)' from \(keyring.source) (chunk \(index)): the key is wrong, or the file was changed or is another blob's; restore the right key or the blob from backup")
            }
            hasher.update(data: plain)
            if final {
                guard BlobID(digest: hasher.finalize()) == blob else {
                    throw QuireError(.storage, "blob \(hash.prefix(12)) decrypts to bytes with another sha256: the file was replaced; restore the blob from backup")
                }
                try write(plain)
                return
            }
            try write(plain)
            pending = next
            index += 1
        }
    }

    /// A known text sealed with a key, kept beside the blobs, so a wrong key is found when the
    /// appliance opens, not when a document is read.
    static let probe = Data("quire blob key check".utf8)

    static func check(keyring: BlobKeyring, id: String) throws -> Data {
        try AES.GCM.seal(probe, using: keyring.key(id)!, nonce: AES.GCM.Nonce(), authenticating: Array(id.utf8)).combined!
    }

    static func verify(_ sealed: Data, keyring: BlobKeyring, id: String) -> Bool {
        guard let box = try? AES.GCM.SealedBox(combined: sealed),
              let plain = try? AES.GCM.open(box, using: keyring.key(id)!, authenticating: Array(id.utf8)) else { return false }
        return plain == probe
    }
}

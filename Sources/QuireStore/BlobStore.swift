public import Foundation
public import QuireCore
internal import Crypto
#if canImport(Glibc)
import Glibc
internal import CGlibc
#endif

/// Content-addressed file storage: `<root>/sha256/ab/cd/<hash>`. A blob is written to a
/// temporary file, fsynced, renamed into place and its folder fsynced, so a blob that
/// exists is complete. Blobs are immutable; writing the same bytes twice is a no-op.
///
/// A batch of writers (the spool's intake of a flood) may pass `durable: false` and call
/// ``flush()`` once before anything that refers to their blobs is committed: one `syncfs` instead of
/// two fsyncs a blob. A blob found already in place is read back before it is trusted (a power cut
/// before a flush can leave a renamed file without its bytes), and replaced when it does not hold them.
///
/// With a ``BlobKeyring`` blobs are encrypted at rest (AES-256-GCM, ``BlobCipher``) and stored
/// as `<hash>.qbe`; the name stays the sha256 of the plaintext, so identical files are still
/// stored once. Readers go through ``read(_:)``, ``withFile(_:_:)`` or ``copy(_:to:)``, never a
/// path: an encrypted blob is decrypted to a private temporary file for as long as it is used.
public struct BlobStore: Sendable {
    public let root: String
    public let keyring: BlobKeyring?
    static let encryptedSuffix = ".qbe"

    public init(root: String, keyring: BlobKeyring? = nil) throws {
        self.root = root
        self.keyring = keyring
        do {
            try FileManager.default.createDirectory(atPath: root + "/sha256", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: root + "/tmp", withIntermediateDirectories: true)
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: root + "/tmp")
        } catch {
            throw QuireError(.io, "cannot create the blob folder \(root): \(error); check the permissions of the data folder", cause: error)
        }
        if let keyring { try checkKeys(keyring) }
    }

    /// Each key leaves a sealed probe in `<root>/keys/<id>.check` the first time it is used; a key
    /// that does not open its probe is refused when the store opens, before any blob is read.
    func checkKeys(_ keyring: BlobKeyring) throws {
        let dir = root + "/keys"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for id in keyring.ids {
            let file = "\(dir)/\(id).check"
            if let sealed = FileManager.default.contents(atPath: file) {
                guard BlobCipher.verify(sealed, keyring: keyring, id: id) else {
                    throw QuireError(.invalidConfiguration, "the blob key '\(id)' in \(keyring.source) is not the key '\(id)' this blob folder was written with (\(file) does not open with it); restore the right key")
                }
            } else {
                let tmp = temporaryPath()
                FileManager.default.createFile(atPath: tmp, contents: try BlobCipher.check(keyring: keyring, id: id))
                guard rename(tmp, file) == 0 else { throw QuireError(.io, "cannot write \(file): errno \(errno)") }
            }
        }
    }

    /// The path of the plaintext form of a blob (it may not exist; see ``location(_:)``). Only a
    /// ``BlobID`` names a blob, so the path is always `<root>/sha256/ab/cd/<64 hex digits>`.
    public func path(for id: BlobID) -> String {
        let h = id.hex
        return "\(root)/sha256/\(h.prefix(2))/\(h.dropFirst(2).prefix(2))/\(h)"
    }

    /// Where a blob's file is and whether it is encrypted; nil when it is in neither form.
    public func location(_ hash: BlobID) -> (path: String, encrypted: Bool)? {
        let plain = path(for: hash)
        if FileManager.default.fileExists(atPath: plain + Self.encryptedSuffix) { return (plain + Self.encryptedSuffix, true) }
        if FileManager.default.fileExists(atPath: plain) { return (plain, false) }
        return nil
    }

    public func contains(_ hash: BlobID) -> Bool { location(hash) != nil }

    /// Result of storing a file.
    public struct Stored: Sendable, Hashable {
        public var id: BlobID
        /// The id's hex digits (what the store's `content_hash` columns hold).
        public var hash: String { id.hex }
        public var size: Int64
        /// The first bytes (up to 4 KiB), for type sniffing.
        public var head: [UInt8]
    }

    /// Copies a file into the store, hashing (and encrypting, with a keyring) as it goes, at most
    /// `maxBytes` long. Throws `unsupportedInput` when the file is larger.
    public func put(fileAt source: String, maxBytes: Int64 = .max) throws -> Stored {
        guard let input = FileHandle(forReadingAtPath: source) else {
            throw QuireError(.io, "cannot open \(source) for reading; check its permissions")
        }
        defer { try? input.close() }
        return try put(read: { try input.read(upToCount: 1 << 20) ?? Data() }, maxBytes: maxBytes, what: source)
    }

    /// Copies an open file into the store from its current offset (the caller opened it, e.g.
    /// with `O_NOFOLLOW` and checked it with `fstat`, so what is stored is what was checked).
    /// With `durable: false` nothing is fsynced: the caller calls ``flush()`` before it commits anything that refers to the blob.
    public func put(handle input: FileHandle, maxBytes: Int64 = .max, what: String, durable: Bool = true) throws -> Stored {
        try put(read: { try input.read(upToCount: 1 << 20) ?? Data() }, maxBytes: maxBytes, what: what, durable: durable)
    }

    /// Makes every blob written so far durable, with one `syncfs` of the blob store's filesystem (for writes made
    /// with `durable: false`). Throws when the system reports a write that failed: nothing may then rely on those blobs.
    public func flush() throws {
        let fd = open(root, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { throw QuireError(.io, "cannot open the blob folder \(root) to flush it: errno \(errno); check its permissions") }
        defer { close(fd) }
        guard syncfs(fd) == 0 else {
            throw QuireError(.io, "flushing the blob store \(root) to disk failed: errno \(errno) (\(String(cString: strerror(errno)))); check the disk")
        }
    }

    /// Stores bytes held in memory.
    public func put(data: Data) throws -> Stored {
        let hash = BlobID(digest: SHA256.hash(data: data))
        if contains(hash) && (keyring == nil || location(hash)?.encrypted == true) && holdsItsBytes(hash) {
            return Stored(id: hash, size: Int64(data.count), head: Array(data.prefix(4096)))
        }
        var given = false
        return try put(read: { defer { given = true }; return given ? Data() : data }, maxBytes: .max, what: "data")
    }

    private func put(read: () throws -> Data, maxBytes: Int64, what: String, replace: Bool = false, durable: Bool = true) throws -> Stored {
        let tmp = temporaryPath()
        guard FileManager.default.createFile(atPath: tmp, contents: nil, attributes: [.posixPermissions: 0o600]),
              let output = FileHandle(forWritingAtPath: tmp) else {
            throw QuireError(.io, "cannot create a temporary blob in \(root)/tmp; check free space and permissions")
        }
        var hasher = SHA256()
        var size: Int64 = 0
        var head: [UInt8] = []
        func source() throws -> Data {
            let chunk = try read()
            size += Int64(chunk.count)
            if size > maxBytes {
                throw QuireError(.unsupportedInput, "the file is larger than the limit of \(maxBytes) bytes; raise sources.spool.max_size in the pipeline if such files are expected")
            }
            if head.count < 4096 { head.append(contentsOf: chunk.prefix(4096 - head.count)) }
            hasher.update(data: chunk)
            return chunk
        }
        do {
            if let keyring {
                try BlobCipher.encrypt(keyring: keyring, read: { try source() }, write: { try output.write(contentsOf: $0) })
            } else {
                while true {
                    let chunk = try source()
                    if chunk.isEmpty { break }
                    try output.write(contentsOf: chunk)
                }
            }
            if durable { try output.synchronize() }
            try output.close()
        } catch {
            try? output.close()
            try? FileManager.default.removeItem(atPath: tmp)
            if let e = error as? QuireError { throw e }
            if Self.isOutOfSpace(error) {
                throw QuireError(.io, "the blob store's disk is full (\(root)): free space there, or move the blobs to a larger disk (quire.yaml 'blobs:'); \(what) was not stored", cause: error)
            }
            throw QuireError(.io, "cannot copy \(what) into the blob store: \(error)", cause: error)
        }
        let hash = BlobID(digest: hasher.finalize())
        try place(tmp: tmp, hash: hash, encrypted: keyring != nil, replace: replace, durable: durable)
        return Stored(id: hash, size: size, head: head)
    }

    /// Whether a write failed for want of room: no space left (ENOSPC) or over a quota (EDQUOT), however Foundation wrapped it.
    public static func isOutOfSpace(_ error: any Error) -> Bool {
        var e: NSError? = error as NSError
        while let n = e {
            if n.domain == NSPOSIXErrorDomain && (n.code == Int(ENOSPC) || n.code == Int(EDQUOT)) { return true }
            if n.domain == NSCocoaErrorDomain && n.code == CocoaError.fileWriteOutOfSpace.rawValue { return true }
            e = n.userInfo[NSUnderlyingErrorKey] as? NSError
        }
        return false
    }

    /// Renames the finished temporary file into place; `replace` swaps an existing file (a rotation), else an existing blob wins.
    private func place(tmp: String, hash: BlobID, encrypted: Bool, replace: Bool, durable: Bool) throws {
        let plain = path(for: hash)
        let final = encrypted ? plain + Self.encryptedSuffix : plain
        let dir = (final as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            // A blob already there is kept when it holds its bytes; one a power cut left empty or short is replaced.
            if !replace && FileManager.default.fileExists(atPath: final), holdsItsBytes(hash) {
                try? FileManager.default.removeItem(atPath: tmp)
                return
            }
            guard rename(tmp, final) == 0 else {
                throw QuireError(.io, "cannot move a blob into \(dir): errno \(errno)")
            }
            if durable { fsyncDirectory(dir) }
            // Encryption turned on: the plaintext copy goes once the encrypted one is in place.
            if encrypted { unlink(plain) }
        } catch let e as QuireError {
            throw e
        } catch {
            throw QuireError(.io, "cannot store blob \(hash): \(error)", cause: error)
        }
    }

    /// Whether the blob in place holds the bytes its name says (read back through ``stream(_:to:)``): a power cut
    /// before a flush can leave a renamed file empty or short, which is written again rather than trusted.
    func holdsItsBytes(_ hash: BlobID) -> Bool { (try? stream(hash) { _ in }) != nil }

    /// Streams a blob's plaintext to `write`.
    public func stream(_ hash: BlobID, to write: (Data) throws -> Void) throws {
        guard let (file, encrypted) = location(hash), let input = FileHandle(forReadingAtPath: file) else {
            throw QuireError(.notFound, "blob \(hash) is not in the blob store \(root); restore the blob folder from backup")
        }
        defer { try? input.close() }
        if encrypted {
            try BlobCipher.decrypt(keyring: keyring, blob: hash, read: { try input.read(upToCount: $0) ?? Data() }, write: write)
        } else {
            // Re-hashed as it is read: a file put in a blob's place is refused, not handed on
            // (the last chunk is held back until the hash is known).
            var hasher = SHA256()
            var held: Data? = nil
            while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
                hasher.update(data: chunk)
                if let h = held { try write(h) }
                held = chunk
            }
            guard BlobID(digest: hasher.finalize()) == hash else {
                throw QuireError(.storage, "blob \(hash.hex.prefix(12)) holds bytes with another sha256: the file was replaced; restore it from backup")
            }
            if let h = held { try write(h) }
        }
    }

    /// A blob's bytes, in memory (for small blobs: models, e-invoice XML).
    public func read(_ hash: BlobID) throws -> Data {
        var data = Data()
        try stream(hash) { data.append($0) }
        return data
    }

    /// Writes a blob's plaintext to `target` (a new file, mode 0600).
    public func copy(_ hash: BlobID, to target: String) throws {
        guard FileManager.default.createFile(atPath: target, contents: nil, attributes: [.posixPermissions: 0o600]),
              let output = FileHandle(forWritingAtPath: target) else {
            throw QuireError(.io, "cannot create \(target); check free space and permissions")
        }
        defer { try? output.close() }
        do { try stream(hash) { try output.write(contentsOf: $0) } } catch {
            try? output.close()
            unlink(target)
            throw error
        }
    }

    /// Runs `body` with the path of a file holding the blob's plaintext: the blob itself when it is
    /// not encrypted, else a private temporary copy that is removed afterwards (and by
    /// ``cleanTemporaryFiles()`` if this process dies first).
    public func withFile<T>(_ hash: BlobID, _ body: (String) async throws -> T) async throws -> T {
        guard let (file, encrypted) = location(hash) else {
            throw QuireError(.notFound, "blob \(hash) is not in the blob store \(root); restore the blob folder from backup")
        }
        if !encrypted {
            // Where blobs are encrypted, a plaintext file is one from before encryption was turned on
            // or one put there: only its own bytes are used.
            if keyring != nil, try Self.sha256(fileAt: file) != hash.hex {
                throw QuireError(.storage, "blob \(hash.hex.prefix(12)) holds bytes with another sha256: the file was replaced; restore it from backup")
            }
            return try await body(file)
        }
        let tmp = temporaryPath()
        try copy(hash, to: tmp)
        defer { unlink(tmp) }
        return try await body(tmp)
    }

    /// Deletes a blob in whichever form it is; returns the bytes freed, nil when it was not there.
    @discardableResult
    public func remove(_ hash: BlobID) -> Int64? {
        var freed: Int64? = nil
        for file in [path(for: hash), path(for: hash) + Self.encryptedSuffix] {
            let size = ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? NSNumber)?.int64Value ?? 0
            if unlink(file) == 0 { freed = (freed ?? 0) + size }
        }
        return freed
    }

    /// `tmp/<pid>.<host>.<random>`: the writer's pid and host tell a crashed writer's leftovers
    /// from a live one's, also when several nodes share the blob folder.
    func temporaryPath() -> String {
        "\(root)/tmp/\(getpid()).\(Self.hostName).\(UUID().uuidString)"
    }

    static let hostName: String = {
        var buf = [CChar](repeating: 0, count: 256)
        gethostname(&buf, 255)
        let name = String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }()

    /// Removes temporary files of writers that died: this host's whose process is gone, and
    /// another host's (a shared folder) older than a day.
    public func cleanTemporaryFiles() {
        let dir = root + "/tmp"
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: dir)) ?? [] {
            let parts = name.split(separator: ".")
            let host = parts.count >= 3 ? parts.dropFirst().dropLast().joined(separator: ".") : Self.hostName
            let dead: Bool
            if host == Self.hostName {
                let pid = parts.first.flatMap { Int32($0) }
                dead = !(pid.map { $0 == getpid() || kill($0, 0) == 0 || errno != ESRCH } ?? false)
            } else {
                let modified = (try? fm.attributesOfItem(atPath: dir + "/" + name))?[.modificationDate] as? Date ?? .distantFuture
                dead = Date().timeIntervalSince(modified) > 86_400
            }
            if dead { try? fm.removeItem(atPath: dir + "/" + name) }
        }
    }

    /// What ``rotate()`` did.
    public struct RotationReport: Sendable, Equatable {
        /// Blobs rewritten under the current key (they were under an older key, or not encrypted).
        public var rewritten = 0
        /// Blobs already under the current key.
        public var current = 0
        /// Blobs whose plaintext does not hash to their name, or that do not decrypt: left as they are.
        public var damaged: [String] = []
        /// Key ids still used by some blob.
        public var keysInUse: Set<String> = []
    }

    /// Rewrites every blob not under the current key with it (plaintext blobs too, when encryption
    /// was turned on later), checking each blob's sha256 as it goes. Afterwards older keys that no
    /// blob names can be removed from the key file.
    /// `progress` is told the blobs looked at so far and how many there are.
    public func rotate(progress: ((Int, Int) -> Void)? = nil) throws -> RotationReport {
        guard let keyring else {
            throw QuireError(.invalidConfiguration, "no blob keys are configured; make a key file with 'quire blobs keygen --file blob.keys' and set 'blob_keys: blob.keys' in quire.yaml")
        }
        var report = RotationReport()
        let base = root + "/sha256"
        guard let walker = FileManager.default.enumerator(atPath: base) else { return report }
        var files: [String] = []
        while let rel = walker.nextObject() as? String { if rel.split(separator: "/").count == 3 { files.append(rel) } }
        for (n, rel) in files.sorted().enumerated() {
            progress?(n, files.count)
            let name = (rel as NSString).lastPathComponent
            let encrypted = name.hasSuffix(Self.encryptedSuffix)
            guard let hash = BlobID(encrypted ? String(name.dropLast(Self.encryptedSuffix.count)) : name) else { continue }
            var keyID: String? = nil
            if encrypted, let h = FileHandle(forReadingAtPath: base + "/" + rel) {
                keyID = (try? BlobCipher.keyID((try? h.read(upToCount: 264)) ?? Data()))?.id
                try? h.close()
            }
            if keyID == keyring.current {
                report.current += 1
                report.keysInUse.insert(keyring.current)
                continue
            }
            // Decrypt to a temporary file, check the hash, encrypt under the current key, replace.
            do {
                let tmp = temporaryPath()
                try copy(hash, to: tmp)
                defer { unlink(tmp) }
                guard try Self.sha256(fileAt: tmp) == hash.hex else { throw QuireError(.storage, "sha256 differs") }
                guard let input = FileHandle(forReadingAtPath: tmp) else { throw QuireError(.io, "cannot reopen \(tmp)") }
                defer { try? input.close() }
                let stored = try put(read: { try input.read(upToCount: 1 << 20) ?? Data() }, maxBytes: .max, what: tmp, replace: true)
                guard stored.id == hash else { throw QuireError(.storage, "sha256 changed while rotating") }
                report.rewritten += 1
                report.keysInUse.insert(keyring.current)
            } catch {
                report.damaged.append(hash.hex)
                if let keyID { report.keysInUse.insert(keyID) }
            }
        }
        return report
    }
}

/// fsyncs a folder so a rename into it survives a power cut.
public func fsyncDirectory(_ path: String) {
    let fd = open(path, O_RDONLY | O_DIRECTORY)
    if fd >= 0 {
        _ = fsync(fd)
        close(fd)
    }
}

extension BlobStore {
    /// sha256 of a file, hex, streaming in 1 MiB chunks.
    public static func sha256(fileAt path: String) throws -> String {
        guard let h = FileHandle(forReadingAtPath: path) else {
            throw QuireError(.notFound, "cannot open \(path)")
        }
        defer { try? h.close() }
        var hasher = SHA256()
        while let chunk = try h.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

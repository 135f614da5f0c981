public import Foundation
import QuireCore
internal import Crypto
#if canImport(Glibc)
import Glibc
#endif

/// Content-addressed file storage: `<root>/sha256/ab/cd/<hash>`. A blob is written to a
/// temporary file, fsynced, renamed into place and its folder fsynced, so a blob that
/// exists is complete. Blobs are immutable; writing the same bytes twice is a no-op.
public struct BlobStore: Sendable {
    public let root: String

    public init(root: String) throws {
        self.root = root
        do {
            try FileManager.default.createDirectory(atPath: root + "/sha256", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: root + "/tmp", withIntermediateDirectories: true)
        } catch {
            throw QuireError(.io, "cannot create the blob folder \(root): \(error); check the permissions of the data folder", cause: error)
        }
    }

    /// The path where a blob with this hash lives (it may not exist).
    public func path(for hash: String) -> String {
        let h = hash.lowercased()
        guard h.count >= 4 else { return root + "/sha256/" + h }
        return "\(root)/sha256/\(h.prefix(2))/\(h.dropFirst(2).prefix(2))/\(h)"
    }

    public func contains(_ hash: String) -> Bool { FileManager.default.fileExists(atPath: path(for: hash)) }

    /// Result of storing a file.
    public struct Stored: Sendable, Hashable {
        public var hash: String
        public var size: Int64
        /// The first bytes (up to 4 KiB), for type sniffing.
        public var head: [UInt8]
    }

    /// Copies a file into the store, hashing as it goes, at most `maxBytes` long.
    /// Throws `unsupportedInput` when the file is larger.
    public func put(fileAt source: String, maxBytes: Int64 = .max) throws -> Stored {
        guard let input = FileHandle(forReadingAtPath: source) else {
            throw QuireError(.io, "cannot open \(source) for reading; check its permissions")
        }
        defer { try? input.close() }
        let tmp = temporaryPath()
        guard FileManager.default.createFile(atPath: tmp, contents: nil), let output = FileHandle(forWritingAtPath: tmp) else {
            throw QuireError(.io, "cannot create a temporary blob in \(root)/tmp; check free space and permissions")
        }
        var hasher = SHA256()
        var size: Int64 = 0
        var head: [UInt8] = []
        do {
            while true {
                let chunk = try input.read(upToCount: 1 << 20) ?? Data()
                if chunk.isEmpty { break }
                size += Int64(chunk.count)
                if size > maxBytes {
                    try? output.close()
                    try? FileManager.default.removeItem(atPath: tmp)
                    throw QuireError(.unsupportedInput, "the file is larger than the limit of \(maxBytes) bytes; raise sources.spool.max_size in the pipeline if such files are expected")
                }
                if head.count < 4096 { head.append(contentsOf: chunk.prefix(4096 - head.count)) }
                hasher.update(data: chunk)
                try output.write(contentsOf: chunk)
            }
            try output.synchronize()
            try output.close()
        } catch let e as QuireError {
            throw e
        } catch {
            try? output.close()
            try? FileManager.default.removeItem(atPath: tmp)
            throw QuireError(.io, "cannot copy \(source) into the blob store: \(error)", cause: error)
        }
        let hash = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        try place(tmp: tmp, hash: hash)
        return Stored(hash: hash, size: size, head: head)
    }

    /// Stores bytes held in memory.
    public func put(data: Data) throws -> Stored {
        let hash = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        if contains(hash) { return Stored(hash: hash, size: Int64(data.count), head: Array(data.prefix(4096))) }
        let tmp = temporaryPath()
        guard FileManager.default.createFile(atPath: tmp, contents: data), let h = FileHandle(forWritingAtPath: tmp) else {
            throw QuireError(.io, "cannot write a temporary blob in \(root)/tmp; check free space and permissions")
        }
        try? h.synchronize()
        try? h.close()
        try place(tmp: tmp, hash: hash)
        return Stored(hash: hash, size: Int64(data.count), head: Array(data.prefix(4096)))
    }

    private func place(tmp: String, hash: String) throws {
        let final = path(for: hash)
        let dir = (final as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            if FileManager.default.fileExists(atPath: final) {
                try? FileManager.default.removeItem(atPath: tmp)
                return
            }
            guard rename(tmp, final) == 0 else {
                throw QuireError(.io, "cannot move a blob into \(dir): errno \(errno)")
            }
            fsyncDirectory(dir)
        } catch let e as QuireError {
            throw e
        } catch {
            throw QuireError(.io, "cannot store blob \(hash): \(error)", cause: error)
        }
    }

    /// `tmp/<pid>.<random>`: the writer's pid tells a crashed writer's leftovers from a live one's.
    func temporaryPath() -> String {
        "\(root)/tmp/\(getpid()).\(UUID().uuidString)"
    }

    /// Removes temporary files left by writers that crashed. Files of running processes
    /// (`quire drop` while `quire serve` starts) are left alone.
    public func cleanTemporaryFiles() {
        let dir = root + "/tmp"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] {
            let pid = name.split(separator: ".").first.flatMap { Int32($0) }
            let alive = pid.map { $0 == getpid() || kill($0, 0) == 0 || errno != ESRCH } ?? false
            if !alive { try? FileManager.default.removeItem(atPath: dir + "/" + name) }
        }
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

import Crypto
import Foundation
import Hummingbird
import NIOCore
import QuireCore

/// A request body written to a private file as it arrives, with its size and sha256: a 200 MiB
/// upload costs a few chunks of memory, not 200 MiB (security finding 6). The file is its
/// creator's to remove (`remove()`), on every path.
final class StagedUpload: Sendable {
    let path: String
    let size: Int
    let sha256: String

    private init(path: String, size: Int, sha256: String) {
        self.path = path
        self.size = size
        self.sha256 = sha256
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// Streams `request`'s body into a new file (mode 0600, created exclusively) in `directory`:
    /// at most `limit` bytes (413 past it, the partial file removed) within `timeout` seconds (408).
    static func stage(_ request: Request, directory: String, limit: Int, timeout: Double, tooLarge: String) async throws -> StagedUpload {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw QuireError(.io, "cannot create the upload folder \(directory); check that the data folder is writable")
        }
        let path = directory + "/upload-" + UUID().uuidString
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw QuireError(.io, "cannot create \(path) for an upload: \(String(cString: strerror(errno)))") }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        let body = request.body
        do {
            let (size, digest) = try await withTimeout(timeout) {
                var hash = SHA256()
                var size = 0
                for try await chunk in body {
                    size += chunk.readableBytes
                    guard size <= limit else { throw Problem(.contentTooLarge, "too_large", tooLarge) }
                    try chunk.withUnsafeReadableBytes { raw in
                        hash.update(bufferPointer: raw)
                        try handle.write(contentsOf: raw)
                    }
                }
                return (size, hash.finalize().map { String(format: "%02x", $0) }.joined())
            }
            try handle.close()
            return StagedUpload(path: path, size: size, sha256: digest)
        } catch let e as QuireError where e.code == .timeout {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: path)
            throw Problem(.requestTimeout, "body_timeout", "the request body did not arrive within \(Int(timeout)) s; check the connection, or send large documents from closer to the appliance")
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
    }
}

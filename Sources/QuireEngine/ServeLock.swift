import Foundation
public import QuireCore

/// One `quire serve` per SQLite store: an exclusive `flock` on a file beside the database, held
/// for the life of the process and released by the kernel when it exits, however it exits (a
/// crash leaves no stale lock). The file says who holds it, so a second serve is refused with the
/// process to stop. Several nodes share a PostgreSQL store instead, where no lock is taken.
public final class ServeLock: Sendable {
    let descriptor: Int32
    public let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    deinit { close(descriptor) }

    /// Takes the lock at `path` or throws a `conflict` that names the holder.
    public static func acquire(path: String, holder: String) throws -> ServeLock {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else {
            throw QuireError(.io, "cannot open the serve lock \(path): \(String(cString: strerror(errno))); check the data folder's permissions")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let failure = errno
            var buffer = [UInt8](repeating: 0, count: 512)
            let n = pread(fd, &buffer, buffer.count, 0)
            close(fd)
            guard failure == EWOULDBLOCK else {
                throw QuireError(.io, "cannot lock \(path): \(String(cString: strerror(failure)))")
            }
            let who = n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : "another process"
            throw QuireError(.conflict, "another quire serve already runs on this SQLite store (\(who)); stop it first (`kill -TERM PID` lets it finish its jobs), or share a PostgreSQL store (store: postgres://…) to run several nodes")
        }
        _ = ftruncate(fd, 0)
        let text = Array((holder + "\n").utf8)
        _ = text.withUnsafeBufferPointer { pwrite(fd, $0.baseAddress, $0.count, 0) }
        return ServeLock(descriptor: fd, path: path)
    }
}

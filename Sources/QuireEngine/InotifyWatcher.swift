import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Watches folders with inotify on a dedicated thread (the read blocks, so it stays off the
/// cooperative pool) and calls `onChange` with the folder that changed.
final class InotifyWatcher: Sendable {
    private let fd: Int32
    private let watches: [Int32: String]
    private let stopped = Mutex(false)
    private let finished = Mutex(false)
    private let onChange: @Sendable (String) -> Void

    /// Returns nil when inotify is unavailable (the caller falls back to polling).
    init?(paths: [String], onChange: @escaping @Sendable (String) -> Void) {
        #if os(Linux)
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { return nil }
        var watches: [Int32: String] = [:]
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_ATTRIB | IN_MODIFY)
        for p in paths {
            let wd = inotify_add_watch(fd, p, mask)
            guard wd >= 0 else {
                close(fd)
                return nil
            }
            watches[wd] = p
        }
        self.fd = fd
        self.watches = watches
        self.onChange = onChange
        let thread = Thread { [self] in self.loop() }
        thread.name = "quire-inotify"
        thread.start()
        #else
        return nil
        #endif
    }

    private func loop() {
        #if os(Linux)
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while !stopped.withLock({ $0 }) {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let r = poll(&pfd, 1, 250)
            if r <= 0 { continue }
            var changed = Set<String>()
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n <= 0 { break }
                var offset = 0
                while offset + MemoryLayout<inotify_event>.size <= n {
                    let (wd, len) = buffer.withUnsafeBytes { raw -> (Int32, UInt32) in
                        let e = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                        return (e.wd, e.len)
                    }
                    if let p = watches[wd] { changed.insert(p) }
                    offset += MemoryLayout<inotify_event>.size + Int(len)
                }
            }
            for p in changed { onChange(p) }
        }
        close(fd)
        finished.withLock { $0 = true }
        #endif
    }

    func stop() {
        stopped.withLock { $0 = true }
    }

    /// Whether a folder is on a network or FUSE filesystem, where inotify misses remote changes.
    /// Reads the filesystem type of the longest matching mount point from /proc/mounts.
    static func isNetworkFilesystem(_ path: String) -> Bool {
        guard let mounts = try? String(contentsOfFile: "/proc/mounts", encoding: .utf8) else { return false }
        let real = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? path
        let target = URL(fileURLWithPath: real).resolvingSymlinksInPath().path
        var best = ("", "")
        for line in mounts.split(separator: "\n") {
            let f = line.split(separator: " ")
            guard f.count >= 3 else { continue }
            let mountPoint = String(f[1]).replacingOccurrences(of: "\\040", with: " ")
            if (target == mountPoint || target.hasPrefix(mountPoint == "/" ? "/" : mountPoint + "/")) && mountPoint.count > best.0.count {
                best = (mountPoint, String(f[2]))
            }
        }
        let network = ["nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "ceph", "glusterfs", "sshfs", "davfs", "afs"]
        return network.contains(best.1) || best.1.hasPrefix("fuse.")
    }
}

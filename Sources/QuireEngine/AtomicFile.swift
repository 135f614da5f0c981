public import Foundation
public import QuireCore

/// Writes files so that readers see either nothing or the whole file: a hidden temporary
/// file in the same folder, fsync, rename, fsync of the folder.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let tmp = "\(dir)/.\(name).\(UInt32.random(in: 0...UInt32.max)).tmp"
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: tmp, contents: nil), let h = FileHandle(forWritingAtPath: tmp) else {
                throw QuireError(.io, "cannot create \(tmp); check free space and the permissions of \(dir)")
            }
            try h.write(contentsOf: data)
            try h.synchronize()
            try h.close()
            guard rename(tmp, path) == 0 else {
                throw QuireError(.io, "cannot rename \(tmp) to \(path): \(String(cString: strerror(errno)))")
            }
            let fd = open(dir, O_RDONLY | O_DIRECTORY)
            if fd >= 0 { _ = fsync(fd); close(fd) }
        } catch let e as QuireError {
            try? FileManager.default.removeItem(atPath: tmp)
            throw e
        } catch {
            try? FileManager.default.removeItem(atPath: tmp)
            throw QuireError(.io, "cannot write \(path): \(error)", cause: error)
        }
    }

    public static func write(json: JSONValue, to path: String) throws {
        try write(Data((json.jsonString(pretty: true) + "\n").utf8), to: path)
    }
}

/// A path that does not exist yet: `name`, else `name-2`, `name-3`, ... before the extension.
public func uniquePath(directory: String, name: String) -> String {
    var candidate = "\(directory)/\(name)"
    var n = 2
    let ext = (name as NSString).pathExtension
    let stem = (name as NSString).deletingPathExtension
    while FileManager.default.fileExists(atPath: candidate) || (try? FileManager.default.destinationOfSymbolicLink(atPath: candidate)) != nil {
        candidate = "\(directory)/\(stem)-\(n)\(ext.isEmpty ? "" : "." + ext)"
        n += 1
    }
    return candidate
}

public import Foundation
import QuireCore

/// Files that hold keys and secrets (blob keys, API tokens, bot secrets): read only when no one
/// but their owner can read them, as ssh does with private keys.
public enum PrivateFile {
    /// The file's bytes, nil when it does not exist; throws when others can read it.
    public static func read(_ path: String) throws -> Data? {
        var st = stat()
        guard stat(path, &st) == 0, let data = FileManager.default.contents(atPath: path) else { return nil }
        guard st.st_mode & 0o077 == 0 else {
            throw QuireError(.invalidConfiguration, "\(path) can be read by other users (mode \(String(st.st_mode & 0o777, radix: 8))); run 'chmod 600 \(path)'")
        }
        return data
    }
}

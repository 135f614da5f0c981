import ArgumentParser
import Foundation
import QuireAppliance
import QuireCore
import QuireStore

struct BlobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blobs",
        abstract: "Encryption of stored files at rest: make keys, rotate them.",
        discussion: """
            Stored files (originals, attachments, evidence, models) are encrypted with AES-256-GCM
            when the configuration names a key file (blob_keys: blob.keys in quire.yaml, or
            QUIRE_BLOB_KEYS) or QUIRE_BLOB_KEY=id:base64 is set. The last key in the file encrypts
            new files; older keys still decrypt what was written with them until a rotation.

            Turning encryption on, or rotating:
              quire blobs keygen --file /etc/quire/blob.keys     # appends a new key, the current one
              quire blobs rotate                                 # rewrites every file under it
              # then the older keys can be deleted from the file (rotate says which are still used)
            """,
        subcommands: [Keygen.self, Rotate.self])

    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Append a new random key to a key file (made with mode 600); it becomes the current key.")
        @Option(help: "The key file.") var file: String
        @Option(help: "The new key's id (default: k + today's date and time, UTC).") var id: String?

        func run() throws {
            let f = DateFormatter()
            f.timeZone = TimeZone(identifier: "UTC")
            f.dateFormat = "yyyyMMdd'T'HHmmss"
            let keyID = id ?? "k" + f.string(from: Date())
            var text = FileManager.default.contents(atPath: file).map { String(decoding: $0, as: UTF8.self) } ?? "# Quire blob keys: '<id> <base64>' per line; the last one encrypts new files. Keep a copy offline: without it the files cannot be read.\n"
            if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
            text += BlobKeyring.newKeyLine(id: keyID) + "\n"
            do {
                _ = try BlobKeyring.parse(text, source: file)
            } catch let e as QuireError {
                throw ValidationError(e.message)
            }
            let tmp = file + ".tmp-\(getpid())"
            guard FileManager.default.createFile(atPath: tmp, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]),
                  rename(tmp, file) == 0 else {
                unlink(tmp)
                throw ValidationError("cannot write \(file); check the folder's permissions")
            }
            print("key \(keyID) added to \(file); it encrypts new files once quire is restarted. Run 'quire blobs rotate' to rewrite the older ones.")
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rewrite every stored file under the current key, checking each one's sha256.")
        @Option(help: "Who runs it, for the audit trail.") var by: String = NSUserName()
        @OptionGroup var homeOptions: HomeOptions

        func run() async throws {
            try await reportingErrors {
                let appliance = try await homeOptions.open()
                var reporter: ProgressReporter? = nil
                let report = try appliance.blobs.rotate { done, total in
                    if reporter == nil { reporter = ProgressReporter("rotating blobs", total: total) }
                    reporter?.update(done)
                }
                reporter?.finish()
                let ring = appliance.blobs.keyring!
                try await appliance.store.appendAudit([AuditDraft(actor: by, action: "blobs.rotate", subject: "key:\(ring.current)",
                                                                  details: ["rewritten": .number(Double(report.rewritten)), "current": .number(Double(report.current)),
                                                                            "damaged": .array(report.damaged.map(JSONValue.string))])], now: Date())
                print("\(report.rewritten) file\(report.rewritten == 1 ? "" : "s") rewritten under key \(ring.current), \(report.current) already under it")
                let unused = ring.ids.filter { !report.keysInUse.contains($0) }
                if !unused.isEmpty { print("no file uses \(unused.joined(separator: ", ")) any more; \(unused.count == 1 ? "it" : "they") can be removed from \(ring.source)") }
                if !report.damaged.isEmpty {
                    for h in report.damaged { print("damaged: \(h) (does not decrypt or does not match its sha256; left as it is)") }
                    throw ExitCode(4)
                }
            }
        }
    }
}

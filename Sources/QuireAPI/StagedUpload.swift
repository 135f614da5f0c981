import Crypto
import Foundation
import Hummingbird
import MultipartKit
import NIOCore
import QuireCore

/// A request body written to a private file as it arrives, with its size and sha256: a 200 MiB
/// upload costs a few chunks of memory, not 200 MiB (security finding 6). The file is its
/// creator's to remove (`remove()`), on every path.
final class StagedUpload: Sendable {
    let path: String
    let size: Int
    let sha256: String

    init(path: String, size: Int, sha256: String) {
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

/// A multipart/form-data body parsed as it arrives: the document (the first part named `file`)
/// streamed to a private file, the other parts (text fields, capture, metadata, further files)
/// kept, and the sha256 of the whole body (the request's fingerprint).
struct StreamedForm: Sendable {
    var parts: [QuireAPI.FormPart]
    var fingerprint: String
    var document: StagedUpload?

    /// The parts of `request`'s body, at most `limit` bytes in all (413), within `timeout` seconds (408).
    static func read(_ request: Request, boundary: String, directory: String, limit: Int, timeout: Double, tooLarge: String) async throws -> StreamedForm {
        let document = StagingFile(directory: directory)
        let body = request.body
        do {
            let (parts, fingerprint) = try await withTimeout(timeout) { () async throws -> ([QuireAPI.FormPart], String) in
                let parser = MultipartParser(boundary: boundary)
                let sink = FormSink(document: document)
                parser.onHeader = { name, value in if name.lowercased() == "content-disposition" { sink.disposition = value } }
                parser.onBody = { chunk in sink.body(chunk) }
                parser.onPartComplete = { sink.complete() }
                var hash = SHA256()
                var size = 0
                for try await chunk in body {
                    size += chunk.readableBytes
                    guard size <= limit else { throw Problem(.contentTooLarge, "too_large", tooLarge) }
                    chunk.withUnsafeReadableBytes { hash.update(bufferPointer: $0) }
                    do { try parser.execute(chunk) } catch {
                        throw Problem(.badRequest, "invalid_multipart", "the multipart body could not be read (a boundary is missing or broken); let your HTTP client build the form")
                    }
                    if let failure = sink.failure { throw failure }
                }
                return (sink.parts, hash.finalize().map { String(format: "%02x", $0) }.joined())
            }
            return StreamedForm(parts: parts, fingerprint: fingerprint, document: try document.finish())
        } catch let e as QuireError where e.code == .timeout {
            document.discard()
            throw Problem(.requestTimeout, "body_timeout", "the request body did not arrive within \(Int(timeout)) s; check the connection, or send large documents from closer to the appliance")
        } catch {
            document.discard()
            throw error
        }
    }
}

/// Where the callbacks of one multipart parse put what they read (used by one task at a time).
private final class FormSink: @unchecked Sendable {
    let document: StagingFile
    var disposition = ""
    var parts: [QuireAPI.FormPart] = []
    var current = ByteBuffer()
    /// Whether the part being read is the document (decided at its first bytes, when its headers are in).
    var toDocument: Bool?
    var failure: (any Error)?

    init(document: StagingFile) { self.document = document }

    func param(_ key: String) -> String? {
        for p in disposition.split(separator: ";").dropFirst() {
            let kv = p.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if kv.count == 2, kv[0].lowercased() == key { return kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        return nil
    }

    func body(_ chunk: ByteBuffer) {
        if toDocument == nil { toDocument = param("name") == "file" && !document.started }
        if toDocument == true {
            do { try document.write(chunk) } catch { failure = error }
        } else {
            var c = chunk
            current.writeBuffer(&c)
        }
    }

    func complete() {
        if toDocument == nil { toDocument = param("name") == "file" && !document.started }
        // The document's place among the parts, with its bytes on disk (an empty body here).
        if toDocument == true, !document.started { document.touch() }
        parts.append(QuireAPI.FormPart(field: param("name"), filename: param("filename"), body: toDocument == true ? Data() : Data(current.readableBytesView)))
        disposition = ""
        current = ByteBuffer()
        toDocument = nil
    }
}

/// A private file written chunk by chunk; `finish()` gives the staged upload, `discard()` removes it.
final class StagingFile: @unchecked Sendable {
    let path: String
    private var handle: FileHandle?
    private var hash = SHA256()
    private var size = 0
    private(set) var started = false

    init(directory: String) { path = directory + "/upload-" + UUID().uuidString }

    private func open() throws {
        guard handle == nil else { return }
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw QuireError(.io, "cannot create \(path) for an upload: \(String(cString: strerror(errno)))") }
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        started = true
    }

    /// An empty document part: the file exists, with no bytes.
    func touch() { try? open() }

    func write(_ chunk: ByteBuffer) throws {
        try open()
        try chunk.withUnsafeReadableBytes { raw in
            hash.update(bufferPointer: raw)
            try handle?.write(contentsOf: raw)
        }
        size += chunk.readableBytes
    }

    /// The staged document, nil when the form had none.
    func finish() throws -> StagedUpload? {
        guard started, let handle else { return nil }
        try handle.close()
        self.handle = nil
        return StagedUpload(path: path, size: size, sha256: hash.finalize().map { String(format: "%02x", $0) }.joined())
    }

    func discard() {
        try? handle?.close()
        handle = nil
        if started { try? FileManager.default.removeItem(atPath: path) }
    }
}

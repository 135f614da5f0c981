import Crypto
import Foundation
import Hummingbird
import MultipartKit
import NIOCore
import QuireCore

/// A document written to a private file as it arrived, with its size and sha256: a 200 MiB upload
/// costs a few chunks of memory, not 200 MiB (security finding 6). The file is its creator's to
/// remove (`remove()`), on every path.
package final class StagedUpload: Sendable {
    package let path: String
    package let size: Int
    package let sha256: String

    init(path: String, size: Int, sha256: String) {
        self.path = path
        self.size = size
        self.sha256 = sha256
    }

    package func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// Streams `request`'s body into a new private file in `directory`: at most `limit` bytes (413,
    /// the partial file removed) within `timeout` seconds (408).
    static func stage(_ request: Request, directory: String, limit: Int, timeout: Double, tooLarge: String) async throws -> StagedUpload {
        let file = StagingFile(directory: directory)
        do {
            try await receive(request.body, limit: limit, timeout: timeout, tooLarge: tooLarge) { try file.write($0) }
            try file.create()  // an empty body is an empty file
            return try file.finish()!
        } catch {
            file.discard()
            throw error
        }
    }

    /// Hands `body` to `each` chunk by chunk: at most `limit` bytes in all (413) within `timeout`
    /// seconds (408, with what to do).
    static func receive(_ body: RequestBody, limit: Int, timeout: Double, tooLarge: String,
                        _ each: @escaping @Sendable (ByteBuffer) throws -> Void) async throws {
        do {
            try await withTimeout(timeout) {
                var size = 0
                for try await chunk in body {
                    size += chunk.readableBytes
                    guard size <= limit else { throw Problem(.contentTooLarge, "too_large", tooLarge) }
                    try each(chunk)
                }
            }
        } catch let e as QuireError where e.code == .timeout {
            throw Problem.bodyTimeout(timeout)
        }
    }
}

extension Problem {
    /// 408: the body did not arrive in time.
    static func bodyTimeout(_ seconds: Double) -> Problem {
        Problem(.requestTimeout, "body_timeout", "the request body did not arrive within \(Int(seconds)) s; check the connection, or send large documents from closer to the appliance")
    }

    static let invalidMultipart = Problem(.badRequest, "invalid_multipart",
                                          "the multipart body could not be read (a boundary is missing or broken); let your HTTP client build the form")
}

extension SHA256.Digest {
    var hex: String { map { String(format: "%02x", $0) }.joined() }
}

/// A multipart/form-data body parsed as it arrives: the document (the first part named `file`)
/// streamed to a private file, the other parts (text fields, capture, metadata, further files)
/// kept, and the sha256 of the whole body (the request's fingerprint).
struct StreamedForm: Sendable {
    var parts: [QuireAPI.FormPart]
    var fingerprint: String
    var document: StagedUpload?

    /// The parts of `request`'s body, at most `limit` bytes in all (413), within `timeout` seconds (408).
    static func read(_ request: Request, boundary: String, directory: String, limit: Int, timeout: Double, tooLarge: String,
                     inMemory: Int = .max) async throws -> StreamedForm {
        let document = StagingFile(directory: directory)
        let form = FormParser(boundary: boundary, document: document, inMemory: inMemory)
        do {
            try await StagedUpload.receive(request.body, limit: limit, timeout: timeout, tooLarge: tooLarge) { try form.feed($0) }
            try form.finish()
            return StreamedForm(parts: form.parts, fingerprint: form.fingerprint(), document: try document.finish())
        } catch {
            document.discard()
            throw error
        }
    }
}

/// MultipartKit's parser with what its callbacks read: each part's form name, file name and bytes,
/// the first `file` part's bytes going to `document` where one is given. Used by one task at a time.
package final class FormParser: @unchecked Sendable {
    private let parser: MultipartParser
    private let document: StagingFile?
    private var disposition = ""
    private var current = ByteBuffer()
    /// Whether the part being read is the document (decided at its first bytes, when its headers are in).
    private var toDocument: Bool?
    private var hash = SHA256()
    private var headerGuard: MultipartHeaderGuard
    package private(set) var parts: [QuireAPI.FormPart] = []

    /// Bytes of the parts other than the document that may be held (413 past it).
    private let inMemory: Int
    private var held = 0

    package init(boundary: String, document: StagingFile? = nil, inMemory: Int = .max) {
        self.inMemory = inMemory
        parser = MultipartParser(boundary: boundary)
        headerGuard = MultipartHeaderGuard(boundary: boundary)
        self.document = document
        parser.onHeader = { [unowned self] name, value in
            partOpen = true
            if name.lowercased() == "content-disposition" { disposition = value }
        }
        parser.onBody = { [unowned self] chunk in partOpen = true; body(chunk) }
        parser.onPartComplete = { [unowned self] in complete() }
    }

    /// Feeds the next piece of the body (the fuzzers' way in).
    package func feed(bytes: some Collection<UInt8>) throws { try feed(ByteBuffer(bytes: bytes)) }

    func feed(_ chunk: ByteBuffer) throws {
        chunk.withUnsafeReadableBytes { hash.update(bufferPointer: $0) }
        guard chunk.withUnsafeReadableBytes({ headerGuard.accepts($0) }) else { throw Problem.invalidMultipart }
        do { try parser.execute(chunk) } catch { throw Problem.invalidMultipart }
        if let pendingError { throw pendingError }
    }

    /// A part was begun and not ended by a boundary: the body stopped in the middle of it.
    private var partOpen = false

    /// Called once the whole body is fed: a body cut off inside a part (no boundary after its
    /// bytes) is refused, rather than its first bytes kept as the document (found by FuzzMultipart).
    package func finish() throws {
        if partOpen { throw Problem.invalidMultipart }
    }

    /// The sha256 of everything fed.
    package func fingerprint() -> String { hash.finalize().hex }

    private func param(_ key: String) -> String? {
        for p in disposition.split(separator: ";").dropFirst() {
            let kv = p.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if kv.count == 2, kv[0].lowercased() == key { return kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        return nil
    }

    private func decide() -> Bool {
        if let toDocument { return toDocument }
        let isDocument = document.map { param("name") == "file" && !$0.created } ?? false
        toDocument = isDocument
        return isDocument
    }

    private func body(_ chunk: ByteBuffer) {
        if decide() {
            // A write that fails ends the parse: feed() throws it.
            do { try document?.write(chunk) } catch { pendingError = error }
        } else {
            held += chunk.readableBytes
            if held > inMemory {
                pendingError = Problem(.contentTooLarge, "too_large",
                                       "a form's parts besides its document (fields, capture, attachments) may hold at most \(inMemory >> 20) MiB; send large files as separate items")
                return
            }
            var c = chunk
            current.writeBuffer(&c)
        }
    }

    private var pendingError: (any Error)?

    private func complete() {
        let isDocument = decide()
        // The document's place among the parts, with its bytes on disk (an empty body here).
        if isDocument { try? document?.create() }
        partOpen = false
        parts.append(QuireAPI.FormPart(field: param("name"), filename: param("filename"), body: isDocument ? Data() : Data(current.readableBytesView)))
        disposition = ""
        current = ByteBuffer()
        toDocument = nil
    }
}

/// MultipartKit 4.7.1 traps (the process dies, it throws nothing) on a byte of 0x80 or more in a
/// part's header name: its table of allowed characters has 128 entries (found by FuzzMultipart). One
/// such upload would stop the appliance. This follows the body line by line as it is fed, and a
/// header name with such a byte (a line before ':' in the header lines after a boundary line) is
/// refused before the parser sees it; header values may hold UTF-8 (file names).
struct MultipartHeaderGuard {
    private enum State { case body, afterDelimiter(sawCR: Bool), headers }
    private let delimiter: [UInt8]
    private var state = State.body
    /// The last bytes of the body, as many as the delimiter has.
    private var window: [UInt8] = []
    /// In a header: bytes of its name so far, and whether the ':' was seen.
    private var nameLength = 0
    private var pastColon = false
    /// A CR ended a header line; the LF after it belongs to it.
    private var skipLF = false

    init(boundary: String) { delimiter = Array(("--" + boundary).utf8) }

    /// False when the bytes hold a header name MultipartKit cannot take. Wider than MultipartKit on
    /// purpose: a delimiter anywhere (not only after CRLF) followed by CRLF starts headers; header
    /// lines are read as MultipartKit reads them (a CR ends a name or a value, an LF alone is part of
    /// a value, a CR at the start of a line ends the headers).
    mutating func accepts(_ bytes: UnsafeRawBufferPointer) -> Bool {
        for b in bytes {
            switch state {
            case .body:
                if skipLF {
                    skipLF = false
                    if b == 0x0A { continue }
                }
                window.append(b)
                if window.count > delimiter.count { window.removeFirst(window.count - delimiter.count) }
                if window == delimiter {
                    state = .afterDelimiter(sawCR: false)
                    window = []
                }
            case .afterDelimiter(let sawCR):
                if !sawCR && b == 0x0D {
                    state = .afterDelimiter(sawCR: true)
                } else if sawCR && b == 0x0A {
                    state = .headers
                    nameLength = 0
                    pastColon = false
                } else {
                    // "--" (the closing delimiter) or anything MultipartKit refuses: body again.
                    state = .body
                    window = [b]
                }
            case .headers:
                if skipLF {
                    skipLF = false
                    if b == 0x0A { continue }
                }
                if b == 0x0D {
                    if !pastColon && nameLength == 0 { state = .body; window = [] }
                    nameLength = 0
                    pastColon = false
                    skipLF = true
                } else if !pastColon {
                    if b == UInt8(ascii: ":") { pastColon = true } else if b >= 0x80 { return false }
                    nameLength += 1
                }
            }
        }
        return true
    }
}

/// A private file (mode 0600, created exclusively, never through a link) written chunk by chunk and
/// hashed on the way; `finish()` gives the staged upload, `discard()` removes it.
package final class StagingFile: @unchecked Sendable {
    package let path: String
    private var handle: FileHandle?
    private var hash = SHA256()
    private var size = 0
    private(set) var created = false

    package init(directory: String) { path = directory + "/upload-" + UUID().uuidString }

    /// Creates the file (and its folder, 0700) if not yet done.
    func create() throws {
        guard !created else { return }
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw QuireError(.io, "cannot create the upload folder \((path as NSString).deletingLastPathComponent); check that the data folder is writable")
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw QuireError(.io, "cannot create \(path) for an upload: \(String(cString: strerror(errno)))") }
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        created = true
    }

    func write(_ chunk: ByteBuffer) throws {
        try create()
        try chunk.withUnsafeReadableBytes { raw in
            hash.update(bufferPointer: raw)
            try handle?.write(contentsOf: raw)
        }
        size += chunk.readableBytes
    }

    /// The staged document, nil when nothing was created.
    package func finish() throws -> StagedUpload? {
        guard created, let handle else { return nil }
        try handle.close()
        self.handle = nil
        return StagedUpload(path: path, size: size, sha256: hash.finalize().hex)
    }

    package func discard() {
        try? handle?.close()
        handle = nil
        if created { try? FileManager.default.removeItem(atPath: path) }
    }
}

import CPoppler
import Foundation

/// Reads PDFs with poppler-glib. Every C handle is freed on every path; nothing C-typed
/// leaves this file. Calls block: run them off Swift's cooperative pool (``readAsync``).
public struct PDFReader: Sendable {
    /// Documents with more pages are refused (default 500).
    public var maxPages = 500
    /// Embedded files larger than this are listed but not extracted (default 20 MB).
    public var maxAttachmentBytes = 20_000_000

    public init() {}

    /// A serial queue per reader call site is not needed: each call opens its own document.
    private static let queue = DispatchQueue(label: "quire.pdf", attributes: .concurrent)

    /// Reads on a dedicated dispatch queue, off the cooperative pool.
    public func readAsync(path: String, password: String? = nil) async throws -> PDFContent {
        try await withCheckedThrowingContinuation { cont in
            Self.queue.async {
                cont.resume(with: Result { try self.read(path: path, password: password) })
            }
        }
    }

    public func read(path: String, password: String? = nil) throws -> PDFContent {
        let uri = URL(fileURLWithPath: path).absoluteString
        var error: UnsafeMutablePointer<GError>?
        guard let doc = poppler_document_new_from_file(uri, password, &error) else {
            throw Self.documentError(error, path: path)
        }
        defer { g_object_unref(UnsafeMutableRawPointer(doc)) }
        let count = Int(poppler_document_get_n_pages(doc))
        if count > maxPages {
            throw DocumentError(.tooManyPages, "the PDF has \(count) pages, over the limit of \(maxPages); split it, or raise the page limit")
        }
        var pages: [PDFPage] = []
        pages.reserveCapacity(count)
        for i in 0..<count {
            guard let page = poppler_document_get_page(doc, Int32(i)) else {
                throw DocumentError(.damaged, "page \(i + 1) of the PDF cannot be read; the file is damaged — ask the sender for a new copy")
            }
            defer { g_object_unref(UnsafeMutableRawPointer(page)) }
            pages.append(Self.read(page: page, number: i + 1))
        }
        return PDFContent(pageCount: count, metadata: Self.metadata(doc), pages: pages, attachments: attachments(doc))
    }

    static func documentError(_ error: UnsafeMutablePointer<GError>?, path: String) -> DocumentError {
        defer { if let error { g_error_free(error) } }
        let message = error.map { String(cString: $0.pointee.message) } ?? "unknown error"
        if let e = error, e.pointee.domain == poppler_error_quark(), e.pointee.code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue) {
            return DocumentError(.encrypted, "the PDF is encrypted and needs a password; ask the sender for an unprotected copy")
        }
        if let e = error, e.pointee.domain == g_file_error_quark() {
            return DocumentError(.unreadable, "cannot open the file: \(message)")
        }
        return DocumentError(.damaged, "the PDF is damaged and cannot be read (\(message)); ask the sender for a new copy")
    }

    static func string(_ p: UnsafeMutablePointer<gchar>?) -> String? {
        guard let p else { return nil }
        defer { g_free(p) }
        let s = String(cString: p)
        return s.isEmpty ? nil : s
    }

    static func metadata(_ doc: OpaquePointer) -> PDFMetadata {
        PDFMetadata(title: string(poppler_document_get_title(doc)), author: string(poppler_document_get_author(doc)),
                    creator: string(poppler_document_get_creator(doc)), producer: string(poppler_document_get_producer(doc)),
                    version: string(poppler_document_get_pdf_version_string(doc)))
    }

    static func read(page: OpaquePointer, number: Int) -> PDFPage {
        var width = 0.0, height = 0.0
        poppler_page_get_size(page, &width, &height)
        let text = string(poppler_page_get_text(page)) ?? ""
        var rects: UnsafeMutablePointer<PopplerRectangle>?
        var n: guint = 0
        var glyphs: [WordBuilder.Glyph] = []
        if poppler_page_get_text_layout(page, &rects, &n) != 0, let rects {
            defer { g_free(rects) }
            let characters = Array(text)
            if characters.count == Int(n) {
                glyphs.reserveCapacity(Int(n))
                for (i, c) in characters.enumerated() {
                    let r = rects[i]
                    glyphs.append(.init(character: c, x0: r.x1, y0: r.y1, x1: r.x2, y1: r.y2))
                }
            } else {
                // Counts differ (combining characters): fall back to scalars where they match.
                let scalars = Array(text.unicodeScalars)
                for (i, s) in scalars.enumerated() where i < Int(n) {
                    let r = rects[i]
                    glyphs.append(.init(character: Character(s), x0: r.x1, y0: r.y1, x1: r.x2, y1: r.y2))
                }
            }
        }
        // A page turned by /Rotate (or drawn sideways) gives glyph boxes in the turned page's space:
        // read the text direction from the glyphs, and turn the boxes back upright before words are made.
        let rotation = WordBuilder.rotation(of: glyphs)
        if rotation != 0 { glyphs = glyphs.map { WordBuilder.upright($0, rotation: rotation, width: width, height: height) } }
        if rotation == 90 || rotation == 270 { swap(&width, &height) }
        let words = WordBuilder.words(from: glyphs)
        return PDFPage(number: number, width: width, height: height, rotation: rotation, text: WordBuilder.text(of: words), words: words)
    }

    final class Sink {
        var data: [UInt8] = []
        let limit: Int
        var overflow = false
        init(limit: Int) { self.limit = limit }
    }

    func attachments(_ doc: OpaquePointer) -> [PDFAttachment] {
        guard poppler_document_has_attachments(doc) != 0, let list = poppler_document_get_attachments(doc) else { return [] }
        defer { g_list_free_full(list) { g_object_unref($0) } }
        var result: [PDFAttachment] = []
        var node: UnsafeMutablePointer<GList>? = list
        while let n = node {
            if let raw = n.pointee.data {
                let att = raw.assumingMemoryBound(to: PopplerAttachment.self)
                let name = att.pointee.name.map { String(cString: $0) } ?? "attachment"
                let description = att.pointee.description.map { String(cString: $0) }
                let sink = Sink(limit: maxAttachmentBytes)
                let box = Unmanaged.passRetained(sink)
                var error: UnsafeMutablePointer<GError>?
                let ok = poppler_attachment_save_to_callback(att, { buf, count, user, _ in
                    let sink = Unmanaged<Sink>.fromOpaque(user!).takeUnretainedValue()
                    if sink.data.count + Int(count) > sink.limit {
                        sink.overflow = true
                        return 0
                    }
                    if let buf, count > 0 {
                        buf.withMemoryRebound(to: UInt8.self, capacity: Int(count)) { sink.data.append(contentsOf: UnsafeBufferPointer(start: $0, count: Int(count))) }
                    }
                    return 1
                }, box.toOpaque(), &error)
                box.release()
                if let error { g_error_free(error) }
                if ok != 0 && !sink.overflow {
                    result.append(PDFAttachment(name: name, description: description, data: sink.data))
                }
            }
            node = n.pointee.next
        }
        return result
    }
}

import Foundation
import Logging
public import QuireAPI
import QuireCore
import QuireDocuments
import QuireEngine
import QuireFields
import QuireModels
import QuireStore
import Synchronization
internal import Crypto

/// Stage services for one synchronous request: the uploaded document is a private temporary file
/// and what the stages store (an embedded e-invoice XML) stays in memory, so nothing of a request
/// is left in the blob store (no item owns it; retention would never remove it).
final class EphemeralServices: StageServices {
    let original: (id: BlobID, path: String)?
    let isolation: (any IsolatedRunner)?
    let outboxDirectory: String
    private let stored = Mutex<[BlobID: [UInt8]]>([:])

    init(original: (id: BlobID, path: String)?, isolation: (any IsolatedRunner)?, outboxDirectory: String) {
        self.original = original
        self.isolation = isolation
        self.outboxDirectory = outboxDirectory
    }

    func withBlobFile<T>(hash: BlobID, _ body: (String) async throws -> T) async throws -> T {
        guard let original, original.id == hash else { throw QuireError(.notFound, "blob \(hash) is not part of this request") }
        return try await body(original.path)
    }
    func readBlob(hash: BlobID) throws -> Data {
        if let bytes = stored.withLock({ $0[hash] }) { return Data(bytes) }
        guard let original, original.id == hash, let data = FileManager.default.contents(atPath: original.path) else {
            throw QuireError(.notFound, "blob \(hash) is not part of this request")
        }
        return data
    }
    func copyBlob(hash: BlobID, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: try readBlob(hash: hash), attributes: [.posixPermissions: 0o600]) else {
            throw QuireError(.io, "cannot write \(path)")
        }
    }
    func putBlob(_ bytes: [UInt8]) throws -> String {
        let id = BlobID(digest: SHA256.hash(data: bytes))
        stored.withLock { $0[id] = bytes }
        return id.hex
    }
    func jobs(of item: ItemID) async throws -> [Job] { [] }
    func events(of item: ItemID) async throws -> [Event] { [] }
    func claimBusinessKey(_ key: String, item: Item) async throws -> ItemID? { nil }
}

/// Synchronous classification and extraction for the API (`POST /v1/classify`, `POST /v1/extract`):
/// born-digital PDFs (read by the same `pdf.text` stage as in a pipeline, in an isolated worker)
/// and plain text. Scans need OCR, which is not synchronous: they are refused with what to do.
extension Appliance {
    /// The page text of a document as the `pdf.text` stage writes it, for text given directly:
    /// one page, words laid out line by line.
    static func textOutput(plain text: String) -> JSONValue {
        let words = DocumentText(plainText: text).lines.flatMap(\.words).map { w -> JSONValue in
            [.string(w.text), .number(w.x0), .number(w.y0), .number(w.x1), .number(w.y1)]
        }
        return ["page_count": 1, "pages": [["number": 1, "text": .string(text), "words": .array(words)]], "needs_ocr": [], "attachments": []]
    }

    /// A context for running one stage outside a pipeline on an uploaded document.
    func context(stage: String, item: Item, outputs: [String: JSONValue], services: any StageServices) -> StageContext {
        let job = Job(id: JobID(0), itemID: item.id, pipeline: item.pipeline, stageID: stage, kind: stage, state: .leased, priority: 0, deadline: nil,
                      runAt: Date(), attempts: 1, maxAttempts: 1, leaseOwner: nil, leaseExpiresAt: nil, token: LeaseToken(0), input: .emptyObject,
                      output: nil, lastError: nil, createdAt: Date(), startedAt: Date(), finishedAt: nil)
        return StageContext(item: item, job: job, settings: .emptyObject, outputs: outputs, pipeline: PipelineSpec(name: item.pipeline, stages: []),
                            logger: Logger(label: "quire.api"), services: services)
    }

    /// Reads a document: text as given, or a PDF through the `pdf.text` stage. Throws `unsupported`
    /// problems a caller can act on (a scan, an image, a broken file).
    func readDocument(_ input: AnalyzeInput) async throws -> (text: JSONValue, services: EphemeralServices) {
        switch input.content {
        case .text(let t):
            return (Self.textOutput(plain: t), EphemeralServices(original: nil, isolation: services.isolation, outboxDirectory: services.outboxDirectory))
        case .document(let bytes):
            guard let type = MediaType.sniff(bytes.prefix(1024)) else {
                throw QuireError(.unsupportedInput, "the body is neither text nor a PDF; send a born-digital PDF, or {\"text\": \"...\"} as JSON")
            }
            guard type == .pdf else {
                throw QuireError(.unsupportedInput, "a \(type.rawValue) image needs OCR, which takes longer than a request; submit it with POST /v1/items and wait with GET /v1/items/{id}/wait")
            }
            // A private temporary file, removed when the request is answered; never a blob.
            let id = BlobID(digest: SHA256.hash(data: bytes))
            let path = NSTemporaryDirectory() + "/quire-analyze-\(getpid())-\(UUID().uuidString)"
            guard FileManager.default.createFile(atPath: path, contents: bytes, attributes: [.posixPermissions: 0o600]) else {
                throw QuireError(.io, "cannot write the upload to a temporary file in \(NSTemporaryDirectory()); check free space")
            }
            defer { unlink(path) }
            let ephemeral = EphemeralServices(original: (id, path), isolation: services.isolation, outboxDirectory: services.outboxDirectory)
            let now = Date()
            let item = Item(id: ItemID("api-\(UUID().uuidString.lowercased())"), pipeline: "api", source: .api, name: "upload.pdf", contentHash: id.hex,
                            size: Int64(bytes.count), mediaType: MediaType.pdf.rawValue, createdAt: now, updatedAt: now)
            let stage = try PDFTextKind().makeStage(settings: .emptyObject)
            switch try await stage.run(context(stage: "text", item: item, outputs: [:], services: ephemeral)) {
            case .done(let out):
                if let pages = out["needs_ocr"]?.arrayValue, !pages.isEmpty {
                    throw QuireError(.unsupportedInput, "page\(pages.count == 1 ? "" : "s") \(pages.map { $0.jsonString() }.joined(separator: ", ")) of this PDF have no text layer and need OCR; submit it with POST /v1/items")
                }
                return (out, ephemeral)
            case .businessError(let code, let message):
                throw QuireError(.unsupportedInput, "\(code): \(message)")
            case .applicationError(let code, let message):
                throw QuireError(.io, "\(code): \(message); try again")
            default:
                throw QuireError(.internal, "the PDF could not be read")
            }
        }
    }

    /// Classifies a document with the active version of `model`.
    public func classify(_ input: AnalyzeInput, model name: String = "doctype", threshold: Double = 0.5) async throws -> AnalyzeResult {
        let (text, ephemeral) = try await readDocument(input)
        let pages = DocumentPages(outputs: ["text": text], textStage: "text", ocrStage: "ocr")
        let deployment = try await models.deployment(name)
        let p = deployment.active.predict(text: pages.text, pageCount: pages.pageCount, threshold: threshold)
        // An attached e-invoice says what it is, as in the classify stage.
        if let d = EInvoiceType.declared(textOutput: text, readBlob: { try ephemeral.readBlob(hash: $0) }) {
            let c = EInvoiceType.classification(d, model: p)
            return AnalyzeResult(body: c.json, model: c.model, version: c.version)
        }
        return AnalyzeResult(body: p.json, model: p.model, version: p.version)
    }

    /// Extracts the fields of a document; with `schema` auto the active classifier picks it.
    /// `pipeline` lends its policies (confidence threshold, review limit) to the decision.
    public func extract(_ input: AnalyzeInput, schema: String = "auto", pipeline: String? = nil) async throws -> AnalyzeResult {
        guard schema == "auto" || FieldSchema.names.contains(schema) else {
            throw QuireError(.invalidArgument, "schema must be auto or one of \(FieldSchema.names.joined(separator: ", "))")
        }
        var policies: [String: JSONValue] = [:]
        if let pipeline {
            guard let entry = catalog[pipeline] else { throw QuireError(.notFound, "no pipeline '\(pipeline)'; known pipelines: \(catalog.names.joined(separator: ", "))") }
            policies = entry.spec.policies
        }
        let (text, ephemeral) = try await readDocument(input)
        var outputs: [String: JSONValue] = ["text": text]
        var model: (String, Int)?
        if schema == "auto" {
            let pages = DocumentPages(outputs: outputs, textStage: "text", ocrStage: "ocr")
            let p = try await models.deployment("doctype").active.predict(text: pages.text, pageCount: pages.pageCount, threshold: 0)
            let c = EInvoiceType.declared(textOutput: text, readBlob: { try ephemeral.readBlob(hash: $0) }).map { EInvoiceType.classification($0, model: p) }
                ?? p.classification
            outputs["classify"] = c.json
            model = (c.model, c.version)
        }
        let stage = try FieldsKind(templateDirectories: [configuration.templatesDirectory], baseDirectory: configuration.layout.home,
                                   rankers: RegistryFieldRankers(registry: models), vendors: StoredVendors(store: models.store))
            .makeStage(settings: ["schema": .string(schema), "duplicates": false])
        var ctx = context(stage: "fields", item: Item(id: ItemID("api"), pipeline: pipeline ?? "api", source: .api, name: "upload", contentHash: "", size: 0,
                                                      mediaType: "text/plain", createdAt: Date(), updatedAt: Date()), outputs: outputs, services: ephemeral)
        ctx.pipeline = PipelineSpec(name: pipeline ?? "api", stages: [StageSpec(id: "classify", kind: "classify"), StageSpec(id: "fields", kind: "fields")], policies: policies)
        guard case .done(let done) = try await stage.run(ctx), var out = done.objectValue else { throw QuireError(.internal, "the fields stage did not finish") }
        if let c = outputs["classify"] { out["document_type"] = c }
        return AnalyzeResult(body: .object(out), model: model?.0, version: model?.1)
    }
}

import Foundation
import QuireCore
import QuireStore
import Crypto
import Hummingbird
import HTTPTypes
import NIOCore

extension QuireAPI {
    /// The item routes: listing and reading items with their events and jobs, a long poll for a
    /// change, submitting a document (streamed to a private file where the API has an upload folder,
    /// through the shared upload gate), retrying and cancelling.
    static func addItemRoutes(_ router: Router<QuireRequestContext>, store: any Store, operations: APIOperations, limits: APILimits, uploads: UploadGate) {
        router.get("/v1/items") { request, context in
            let p = try require(.itemsRead, context)
            let q = request.uri.queryParameters
            var states: [ItemState]? = nil
            if let s = q.get("state") {
                states = try s.split(separator: ",", omittingEmptySubsequences: false).map { name in
                    guard let st = ItemState(rawValue: String(name)) else {
                        throw Problem(.badRequest, "invalid_state", "state must be one or more (comma-separated) of \(ItemState.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    return st
                }
            }
            let limit = try Problem.wholeNumber(q.get("limit"), "limit", in: 1...500) ?? 50
            let items = try await store.items(ItemQuery(pipeline: q.get("pipeline"), states: states, limit: limit, before: q.get("cursor").map(ItemID.init),
                                                        tenants: p.tenants.isEmpty ? nil : p.tenants))
            return json(["items": .array(try items.map(encode)), "next_cursor": items.count == limit ? items.last.map { .string($0.id.rawValue) } ?? .null : .null])
        }
        let changes = ItemChangeFeed(store: store)
        router.post("/v1/items") { request, context in
            let p = try require(.itemsSubmit, context)
            return try await uploads.run {
            let q = request.uri.queryParameters
            let type = request.headers[.contentType]?.lowercased() ?? ""
            let tooLarge = "the body is over \(uploadLimit >> 20) MiB; split the document"
            var upload: Upload
            var staged: StagedUpload? = nil
            defer { staged?.remove() }
            if let directory = limits.uploadDirectory, !type.hasPrefix("multipart/"), !type.hasPrefix("application/json") {
                // The document itself as the body: streamed to a private file, never whole in memory.
                staged = try await StagedUpload.stage(request, directory: directory, limit: uploadLimit, timeout: limits.bodyTimeout, tooLarge: tooLarge)
                upload = try Self.upload(contentType: request.headers[.contentType], body: ByteBuffer(), query: q)
                upload.file = staged?.path
                upload.fileSHA256 = staged?.sha256
            } else if let directory = limits.uploadDirectory, type.hasPrefix("multipart/form-data"),
                      let boundary = request.headers[.contentType].flatMap(Self.boundary) {
                // A form (curl -F file=@…, quire submit --server): its document part streamed the same way.
                let form = try await StreamedForm.read(request, boundary: boundary, directory: directory, limit: uploadLimit,
                                                       timeout: limits.bodyTimeout, tooLarge: tooLarge, inMemory: limits.inMemoryBytes)
                staged = form.document
                upload = try Self.upload(contentType: request.headers[.contentType], body: ByteBuffer(), query: q, form: form)
                upload.file = staged?.path
                upload.fileSHA256 = staged?.sha256
            } else if limits.uploadDirectory != nil {
                // A JSON capture is read whole (its files are base64 inside it): at most inMemoryBytes.
                let bytes = try await collect(request, upTo: limits.inMemoryBytes, timeout: limits.bodyTimeout,
                                              tooLarge: "a JSON submission is read whole and may be at most \(limits.inMemoryBytes >> 20) MiB; send large files as a multipart form (-F file=@…), whose document is streamed to disk")
                upload = try Self.upload(contentType: request.headers[.contentType], body: bytes, query: q)
            } else {
                let bytes = try await collect(request, upTo: uploadLimit, timeout: limits.bodyTimeout, tooLarge: tooLarge)
                upload = try Self.upload(contentType: request.headers[.contentType], body: bytes, query: q)
            }
            upload.idempotencyKey = request.headers[HTTPField.Name("Idempotency-Key")!]
            // The caller's trace: the item's stages become spans in it.
            if let tp = request.headers[HTTPField.Name("traceparent")!], TraceContext.parse(tp) != nil { upload.system["traceparent"] = .string(tp) }
            if !p.tenants.isEmpty {
                if upload.tenant == nil, p.tenants.count == 1 { upload.tenant = p.tenants[0] }
                guard let t = upload.tenant, p.tenants.contains(t) else {
                    throw Problem(.forbidden, "tenant_not_allowed", "this token submits for \(p.tenants.joined(separator: ", ")); name one with ?tenant=")
                }
            }
            switch try await operations.submit(upload) {
            case .created(let item):
                var r = json(try encode(item), status: .created)
                r.headers[.location] = "/v1/items/\(item.id.rawValue)"
                return r
            case .duplicate(let item, let original):
                var o = try encode(item).objectValue ?? [:]
                o["duplicate_of"] = .string(original.id.rawValue)
                return json(.object(o))
            case .existing(let item, let same):
                guard same else {
                    throw Problem(.conflict, "idempotency_key_reused", "the Idempotency-Key was used for other content (item \(item.id)); use a new key for a new document")
                }
                var r = json(try encode(item), status: .created)
                r.headers[.location] = "/v1/items/\(item.id.rawValue)"
                r.headers[HTTPField.Name("Idempotent-Replayed")!] = "true"
                return r
            case .rejected(let code, let reason):
                let status: HTTPResponse.Status = code == "too_large" ? .contentTooLarge : code == "unsupported_type" ? .unsupportedMediaType
                    : code == "unknown_pipeline" ? .notFound : .badRequest
                throw Problem(status, code, reason)
            }
            }
        }
        router.get("/v1/items/{id}") { _, context in
            let p = try require(.itemsRead, context)
            return json(try encode(try await item(try context.parameters.require("id"), p, store)))
        }
        router.get("/v1/items/{id}/events") { _, context in
            let p = try require(.itemsRead, context)
            let i = try await item(try context.parameters.require("id"), p, store)
            return json(["events": .array(try await store.events(of: i.id).map(encode))])
        }
        router.get("/v1/items/{id}/jobs") { _, context in
            let p = try require(.itemsRead, context)
            let i = try await item(try context.parameters.require("id"), p, store)
            return json(["jobs": .array(try await store.jobs(of: i.id).map(encode))])
        }
        router.get("/v1/items/{id}/wait") { request, context in
            let p = try require(.itemsRead, context)
            var i = try await item(try context.parameters.require("id"), p, store)
            let timeout = try Problem.number(request.uri.queryParameters.get("timeout"), "timeout", in: 0...300) ?? 30
            let settled: Set<ItemState> = [.done, .failed, .cancelled, .duplicate, .exception, .needsHuman]
            let deadline = Date().addingTimeInterval(timeout)
            while !settled.contains(i.state), Date() < deadline {
                // Woken by the shared change feed when the item changes; read again at least every 2 s.
                await changes.changed(i.id, within: min(2, deadline.timeIntervalSinceNow))
                try Task.checkCancellation()
                i = try await item(i.id.rawValue, p, store)
            }
            var o = try encode(i).objectValue ?? [:]
            o["settled"] = .bool(settled.contains(i.state))
            if settled.contains(i.state) { o["result"] = .object(ItemResult.summary(try await store.jobs(of: i.id))) }
            return json(.object(o))
        }
        router.post("/v1/items/{id}/retry") { _, context in
            let p = try require(.itemsRetry, context)
            let i = try await item(try context.parameters.require("id"), p, store)
            return json(try encode(try await operations.retry(i.id, "token:" + p.name)))
        }
        router.post("/v1/items/{id}/cancel") { request, context in
            let p = try require(.itemsRetry, context)
            let i = try await item(try context.parameters.require("id"), p, store)
            guard let reason = try await body(request)["reason"]?.stringValue, !reason.isEmpty else {
                throw Problem(.badRequest, "reason_required", "say why: {\"reason\": \"sent twice\"}")
            }
            return json(try encode(try await operations.cancel(i.id, reason, "token:" + p.name)))
        }
    }
}

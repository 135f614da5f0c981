public import Foundation
public import QuireCore
public import QuireStore
public import QuireReview
public import Hummingbird
import HTTPTypes
import Crypto
import Synchronization
import NIOCore
import HummingbirdCore
import HummingbirdTLS
import NIOSSL
public import Logging
public import ServiceLifecycle

/// A file sent to `POST /v1/items`.
public struct Upload: Sendable {
    public var pipeline: String
    public var name: String
    public var bytes: Data
    public var tenant: String?
    public var idempotencyKey: String?
    public var externalRef: String?
    public var priority: Int
    /// The caller's own metadata keys (never one of ``ItemMetadata/reservedKeys``).
    public var metadata: [String: JSONValue] = [:]
    /// Reserved keys the API set from their own checked inputs: a bot's `capture`, a `region`, a `traceparent`.
    public var system: [String: JSONValue] = [:]
    /// More files stored with the item and handed to bots (name, bytes).
    public var attachments: [(name: String, bytes: Data)] = []
    /// sha256 of the whole request (document, capture, metadata, attachments): a reused
    /// Idempotency-Key with a different request is a conflict even when the document is the same.
    public var fingerprint: String?
    /// The document on disk, where the API streamed it (then `bytes` is empty), and its sha256.
    /// The file stays the API's: it removes it when the request is answered.
    public var file: String?
    public var fileSHA256: String?

    public init(pipeline: String, name: String, bytes: Data, tenant: String?, idempotencyKey: String?, externalRef: String?, priority: Int) {
        self.pipeline = pipeline
        self.name = name
        self.bytes = bytes
        self.tenant = tenant
        self.idempotencyKey = idempotencyKey
        self.externalRef = externalRef
        self.priority = priority
    }
}

public enum UploadResult: Sendable {
    case created(Item)
    case duplicate(Item, original: Item)
    /// The idempotency key was used before; `sameContent` says whether with these bytes.
    case existing(Item, sameContent: Bool)
    case rejected(code: String, reason: String)
}

/// A document for synchronous classification or extraction: text, or the bytes of a born-digital PDF.
public struct AnalyzeInput: Sendable {
    public enum Content: Sendable {
        case text(String)
        case document(Data)
    }
    public var content: Content
    public init(_ content: Content) { self.content = content }
}

/// The answer of a synchronous classification or extraction, and the model version that gave it.
public struct AnalyzeResult: Sendable {
    public var body: [String: JSONValue]
    public var model: String?
    public var version: Int?
    public init(body: JSONValue, model: String?, version: Int?) {
        self.body = body.objectValue ?? [:]
        self.model = model
        self.version = version
    }
}

/// What the API needs from the engine, handed in by the appliance (the API module does not
/// depend on the engine).
public struct APIOperations: Sendable {
    public var retry: @Sendable (ItemID, String) async throws -> Item
    public var cancel: @Sendable (ItemID, String, String) async throws -> Item
    /// The loaded pipelines, as JSON summaries.
    public var pipelines: @Sendable () -> [JSONValue]
    public var submit: @Sendable (Upload) async throws -> UploadResult
    /// Promote (name, version, actor, force, reason) and roll back (name, actor, reason → the version now active).
    public var promote: @Sendable (String, Int, String, Bool, String?) async throws -> Void
    public var rollback: @Sendable (String, String, String?) async throws -> Int
    /// Put a version on trial (name, version, shadow or canary, canary percent, actor, reason) and retire one (name, version, actor, reason).
    public var trial: @Sendable (String, Int, ModelState, Double?, String, String?) async throws -> Void = { _, _, _, _, _, _ in
        throw QuireError(.invalidConfiguration, "models cannot be changed here")
    }
    public var retire: @Sendable (String, Int, String, String?) async throws -> Void = { _, _, _, _ in throw QuireError(.invalidConfiguration, "models cannot be changed here") }
    /// A model's drift report (name, days, reference days), as `quire model drift --json` prints it.
    public var drift: @Sendable (String, Int, Int) async throws -> JSONValue = { _, _, _ in throw QuireError(.invalidConfiguration, "no drift report here") }
    /// The installed bots, as JSON summaries.
    public var bots: @Sendable () -> [JSONValue]
    /// Classify (input, model name) and extract (input, schema, pipeline whose policies decide).
    public var classify: @Sendable (AnalyzeInput, String) async throws -> AnalyzeResult
    public var extract: @Sendable (AnalyzeInput, String, String?) async throws -> AnalyzeResult
    /// The Prometheus text exposition (`GET /metrics`).
    public var metrics: @Sendable () async throws -> String
    /// The live status (`GET /v1/status`, what `quire status` shows), as JSON.
    public var status: @Sendable () async throws -> JSONValue = { throw QuireError(.invalidConfiguration, "no status here") }
    /// Draws a page of an item's document, or its review's evidence, for `quire review --server`.
    public var picture: @Sendable (ItemID, PictureRequest) async throws -> PagePicture = { _, _ in throw QuireError(.invalidConfiguration, "no page pictures here") }
    /// Starts training a model (name, what to learn from, actor) and answers at once with the run's
    /// status; a run already going is a conflict. `training` finds a run by its id.
    public var startTraining: @Sendable (String, TrainingRequest, String) async throws -> TrainingStatus = { _, _, _ in
        throw QuireError(.invalidConfiguration, "models cannot be trained here")
    }
    public var training: @Sendable (String) -> TrainingStatus? = { _ in nil }
    /// The field schemas `POST /v1/extract` takes besides `auto` (empty: any name goes to `extract`).
    public var schemaNames: [String] = []

    public init(retry: @escaping @Sendable (ItemID, String) async throws -> Item, cancel: @escaping @Sendable (ItemID, String, String) async throws -> Item,
                pipelines: @escaping @Sendable () -> [JSONValue], submit: @escaping @Sendable (Upload) async throws -> UploadResult,
                promote: @escaping @Sendable (String, Int, String, Bool, String?) async throws -> Void = { _, _, _, _, _ in throw QuireError(.invalidConfiguration, "models cannot be changed here") },
                rollback: @escaping @Sendable (String, String, String?) async throws -> Int = { _, _, _ in throw QuireError(.invalidConfiguration, "models cannot be changed here") },
                bots: @escaping @Sendable () -> [JSONValue] = { [] },
                classify: @escaping @Sendable (AnalyzeInput, String) async throws -> AnalyzeResult = { _, _ in throw QuireError(.invalidConfiguration, "no classifier here") },
                extract: @escaping @Sendable (AnalyzeInput, String, String?) async throws -> AnalyzeResult = { _, _, _ in throw QuireError(.invalidConfiguration, "no extraction here") },
                metrics: @escaping @Sendable () async throws -> String = { "" }) {
        self.retry = retry
        self.cancel = cancel
        self.pipelines = pipelines
        self.submit = submit
        self.promote = promote
        self.rollback = rollback
        self.bots = bots
        self.classify = classify
        self.extract = extract
        self.metrics = metrics
    }
}

/// A request's context: Hummingbird's, plus the principal its token names.
public struct QuireRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var principal: TokenRecord?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}

/// An RFC 9457 problem: a status, a stable code and a message that says what to do.
public struct Problem: Error, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var detail: String
    /// Seconds, for a Retry-After header.
    public var retryAfterSeconds: Double?
    /// The methods a path has, for the Allow header of a 405.
    var allow: [String] = []

    func retryAfter(_ s: Double) -> Problem {
        var p = self
        p.retryAfterSeconds = s
        return p
    }

    public init(_ status: HTTPResponse.Status, _ code: String, _ detail: String) {
        self.status = status
        self.code = code
        self.detail = detail
    }

    func response(instance: String) -> Response {
        let body: JSONValue = ["type": .string("https://quire.invalid/problems/" + code), "title": .string(status.reasonPhrase), "status": .number(Double(status.code)),
                               "code": .string(code), "detail": .string(detail), "instance": .string(instance)]
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"quire\"" }
        if let s = retryAfterSeconds { headers[.retryAfter] = String(Int(s.rounded(.up))) }
        if !allow.isEmpty { headers[.allow] = allow.joined(separator: ", ") }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body.compactText)))
    }

    /// A whole-number parameter in `range`: nil when absent, else 400 `invalid_<name>` when it is no
    /// number or out of range (a bad value is never read as the default).
    static func wholeNumber(_ text: String?, _ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text else { return nil }
        guard let n = Int(text), range.contains(n) else {
            throw Problem(.badRequest, "invalid_\(name)", "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return n
    }

    /// A number parameter (fractions allowed) in `range`, as ``wholeNumber(_:_:in:)``; "nan" and "inf" are refused.
    static func number(_ text: String?, _ name: String, in range: ClosedRange<Double>) throws -> Double? {
        guard let text else { return nil }
        guard let n = Double(text), n.isFinite, range.contains(n) else {
            throw Problem(.badRequest, "invalid_\(name)", "\(name) must be a number from \(String(format: "%g", range.lowerBound)) to \(String(format: "%g", range.upperBound))")
        }
        return n
    }

    static func from(_ e: QuireError) -> Problem {
        switch e.code {
        case .notFound: return Problem(.notFound, e.code.description, e.message)
        case .conflict, .invalidState, .staleLease: return Problem(.conflict, e.code.description, e.message)
        case .invalidArgument, .invalidPipeline, .unsupportedInput: return Problem(.badRequest, e.code.description, e.message)
        default: return Problem(.internalServerError, e.code.description, e.message)
        }
    }
}

/// The router's routes as path patterns, filled in once every route is added: a request for a path
/// that exists with another method is answered 405 with `Allow`, not 404.
final class RouteTable: Sendable {
    private let routes = Mutex<[(method: String, segments: [Substring])]>([])

    func set(_ list: [(method: String, path: String)]) {
        routes.withLock { $0 = list.map { ($0.method, $0.path.split(separator: "/")) } }
    }

    /// The methods routed for `path` (a `{param}` or `:param` segment matches any one segment).
    func methods(for path: String) -> [String] {
        let parts = path.split(separator: "/")
        return routes.withLock { table in
            table.filter { route in
                route.segments.count == parts.count && zip(route.segments, parts).allSatisfy { pattern, part in
                    pattern == part || pattern.hasPrefix("{") || pattern.hasPrefix(":")
                }
            }.map(\.method)
        }
    }
}

/// Turns every error into a problem response; unknown errors become a 500 that says to look in the log.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = QuireRequestContext
    let logger: Logger
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let p as Problem {
            return p.response(instance: request.uri.path)
        } catch let e as QuireError {
            return Problem.from(e).response(instance: request.uri.path)
        } catch let e as HTTPError where e.status == .notFound && !routes.methods(for: request.uri.path).isEmpty {
            let allowed = Set(routes.methods(for: request.uri.path))
            var problem = Problem(.methodNotAllowed, "method_not_allowed",
                                  "\(request.uri.path) takes \(allowed.sorted().joined(separator: ", ")), not \(request.method.rawValue); see docs/api.md")
            problem.allow = allowed.sorted()
            return problem.response(instance: request.uri.path)
        } catch let e as HTTPError {
            let code = e.status == .notFound ? "no_such_route" : "http_\(e.status.code)"
            return Problem(e.status, code, e.status == .notFound ? "no route \(request.method.rawValue) \(request.uri.path); see docs/api.md" : (e.body ?? e.status.reasonPhrase))
                .response(instance: request.uri.path)
        } catch {
            logger.error("API request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return Problem(.internalServerError, "internal", "the request failed inside Quire; the server log has the details").response(instance: request.uri.path)
        }
    }
}

/// Token buckets by key (a token id; "auth.failed" for failed authentication), in memory.
final class RateLimiter: Sendable {
    private let buckets = Mutex<[String: TokenBucket]>([:])
    let count: Double
    let period: Double

    init(count: Double, period: Double) {
        self.count = count
        self.period = period
    }

    /// nil when allowed; else seconds until the next request is.
    func take(_ key: String, now: Double = Date().timeIntervalSinceReferenceDate) -> Double? {
        buckets.withLock { buckets in
            var b = buckets[key] ?? TokenBucket(count: count, period: period, now: now)
            defer { buckets[key] = b }
            if b.take(1, now: now) == 1 { return nil }
            return max(1, b.waitTime(now: now).rounded(.up))
        }
    }
}

/// Request limits the API applies.
public struct APILimits: Sendable {
    /// Requests per token: `requests` per `period` seconds (a burst of `requests`). Default 50 per second.
    public var requests: Double = 50
    public var period: Double = 1
    /// Failed authentications, over all callers: 10 per minute; more are answered 429 and not audited one by one.
    public var failedAuthentications: Double = 10
    public var failedPeriod: Double = 60
    /// Seconds a client may take to send a request body (408 past it): a slow sender cannot hold a connection and its memory.
    public var bodyTimeout: Double = 120
    /// Seconds a synchronous classify or extract may take (503 past it; large documents belong in POST /v1/items).
    public var analysisTimeout: Double = 30
    /// Seconds a connection may sit without reading or writing before it is closed.
    public var idleTimeout: Double = 75
    /// Requests that carry a document (POST /v1/items, /v1/classify, /v1/extract) in progress at
    /// once, over all callers: each may hold up to the upload limit in memory. More get 429 with
    /// Retry-After.
    public var concurrentUploads: Int = 8
    /// Where a document sent as the body of `POST /v1/items` is streamed while it arrives (a private
    /// file, removed when the request is answered); nil holds it in memory (tests, tools).
    public var uploadDirectory: String?
    /// What one submission may hold in memory where documents are streamed (`uploadDirectory` set):
    /// a JSON capture whole, a form's parts other than its document (fields, capture, attachments).
    /// Past it 413 with the way to send it streamed. Bounds the API's upload memory at
    /// `concurrentUploads` × this (default 32 MiB: 256 MiB in all).
    public var inMemoryBytes: Int = 32 << 20

    public init() {}
}

/// Counts the uploads in progress; refuses one past the limit instead of queueing its memory.
final class UploadGate: Sendable {
    let limit: Int
    private let inFlight = Mutex<Int>(0)

    init(limit: Int) { self.limit = max(1, limit) }

    /// Runs `body` when a slot is free, else throws 429.
    func run<T>(_ body: () async throws -> T) async throws -> T {
        let entered = inFlight.withLock { n -> Bool in
            guard n < limit else { return false }
            n += 1
            return true
        }
        guard entered else {
            throw Problem(.tooManyRequests, "too_many_uploads", "\(limit) uploads are in progress already; send this one again in a second").retryAfter(1)
        }
        defer { inFlight.withLock { $0 -= 1 } }
        return try await body()
    }
}

/// Bearer tokens: every route but the health checks needs one; a bad token is answered 401 and
/// recorded in the audit trail; each token has a request budget (429 with Retry-After beyond it).
struct AuthMiddleware: RouterMiddleware {
    typealias Context = QuireRequestContext
    let store: any Store
    let perToken: RateLimiter
    let failures: RateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if ["/healthz", "/readyz"].contains(request.uri.path) { return try await next(request, context) }
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw Problem(.unauthorized, "unauthenticated", "send a token: Authorization: Bearer qt_… (create one with 'quire tokens create --role ROLE')")
        }
        let secret = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        guard let principal = try await Tokens.authenticate(secret, store: store) else {
            if let wait = failures.take("auth.failed") {
                throw Problem(.tooManyRequests, "too_many_failed_authentications", "too many failed authentications; wait \(Int(wait)) s and check the token").retryAfter(wait)
            }
            try await store.appendAudit([AuditDraft(actor: "anonymous", action: "auth.failed", subject: "api",
                                                    details: ["method": .string(request.method.rawValue), "path": .string(request.uri.path),
                                                              "token_prefix": .string(String(secret.prefix(6)))])], now: Date())
            throw Problem(.unauthorized, "invalid_token", "the token is unknown, revoked or expired; ask an admin for a new one")
        }
        if let wait = perToken.take(principal.id) {
            throw Problem(.tooManyRequests, "rate_limited", "this token sent more than its budget of requests; wait \(Int(wait)) s").retryAfter(wait)
        }
        var context = context
        context.principal = principal
        return try await next(request, context)
    }
}

public enum QuireAPI {
    /// The largest upload (a pipeline's `max_size` may be smaller).
    static let uploadLimit = 256 << 20

    static func json(_ v: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: v.compactText)))
    }

    static func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        let enc = JSONEncoder()
        enc.dateEncodingStrategy = .iso8601
        return try JSONValue.parse(enc.encode(value))
    }

    static func require(_ permission: Permission, _ context: QuireRequestContext) throws -> TokenRecord {
        guard let p = context.principal else { throw Problem(.unauthorized, "unauthenticated", "send a token: Authorization: Bearer qt_…") }
        guard p.role.allows(permission) else {
            throw Problem(.forbidden, "forbidden", "a \(p.role.rawValue) token may not do this (needs \(permission.rawValue)); see the permission matrix in docs/governance.md")
        }
        // A change every tenant sees (a model promoted, a pipeline changed), or the audit trail of all
        // of them, needs a token of no tenant.
        guard !permission.isApplianceWide || p.tenants.isEmpty else {
            let what = permission == .auditRead ? "reads every tenant's audit entries" : "changes what every tenant uses"
            throw Problem(.forbidden, "tenant_scoped", "\(permission.rawValue) \(what); a token limited to \(p.tenants.joined(separator: ", ")) may not do it — use a token created without --tenant")
        }
        return p
    }

    /// The whole body, at most `limit` bytes (413 beyond), within `timeout` seconds (408 beyond).
    static func collect(_ request: Request, upTo limit: Int, timeout: Double, tooLarge: String) async throws -> ByteBuffer {
        do {
            return try await withTimeout(timeout) { try await request.body.collect(upTo: limit) }
        } catch let e as QuireError where e.code == .timeout {
            throw Problem.bodyTimeout(timeout)
        } catch {
            throw Problem(.contentTooLarge, "too_large", tooLarge)
        }
    }

    static func body(_ request: Request, limit: Int = 1 << 20) async throws -> JSONValue {
        let buffer = try await collect(request, upTo: limit, timeout: 30, tooLarge: "the body is over \(limit >> 10) KiB; send less")
        guard buffer.readableBytes > 0 else { return .emptyObject }
        do { return try JSONValue.parse(String(buffer: buffer)) } catch {
            throw Problem(.badRequest, "invalid_json", "the body is not JSON: \(error)")
        }
    }

    /// An item the principal may see (404 otherwise, so a token cannot probe other tenants' ids).
    static func item(_ id: String, _ p: TokenRecord, _ store: any Store) async throws -> Item {
        guard let item = try await store.item(ItemID(id)), p.tenants.isEmpty || item.tenant.map(p.tenants.contains) == true else {
            throw Problem(.notFound, "not_found", "no item \(id)")
        }
        return item
    }

    /// The routes (the OpenAPI description is docs/openapi.yaml).
    public static func router(store: any Store, review: ReviewService, reviewData: ReviewData, operations: APIOperations,
                              limits: APILimits = APILimits(), logger: Logger = Logger(label: "quire.api")) -> Router<QuireRequestContext> {
        let router = Router(context: QuireRequestContext.self)
        let routeTable = RouteTable()
        router.add(middleware: ProblemMiddleware(logger: logger, routes: routeTable))
        // A span per request (a no-op without a tracer), joining the caller's traceparent.
        router.add(middleware: TracingMiddleware())
        router.add(middleware: AuthMiddleware(store: store, perToken: RateLimiter(count: limits.requests, period: limits.period),
                                              failures: RateLimiter(count: limits.failedAuthentications, period: limits.failedPeriod)))

        let uploads = UploadGate(limit: limits.concurrentUploads)
        addItemRoutes(router, store: store, operations: operations, limits: limits, uploads: uploads)
        addReviewRoutes(router, store: store, review: review, reviewData: reviewData, operations: operations)
        addModelRoutes(router, store: store, operations: operations, limits: limits)
        addAnalysisRoutes(router, operations: operations, limits: limits, uploads: uploads)
        addServiceRoutes(router, store: store, operations: operations)
        addGovernanceRoutes(router, store: store)
        routeTable.set(router.routes.map { ($0.method.rawValue, "\($0.path)") })
        return router
    }

    /// An upload from the three body forms of `POST /v1/items`: the document itself (any other
    /// content type), `multipart/form-data` (parts `file`, repeatable — the first is the document —,
    /// `capture` and `metadata` as JSON objects, and the text fields `pipeline`, `name`, `tenant`,
    /// `external_ref`, `priority`, `region`), or `application/json` for what a bot captured
    /// (`{"pipeline", "capture": {...}, "files": [{"name", "content_base64"}], "metadata", ...}`;
    /// without files the capture itself is the document). Query parameters fill what the body leaves out.
    static func upload(contentType: String?, body: ByteBuffer, query q: FlatDictionary<Substring, Substring>, form: StreamedForm? = nil) throws -> Upload {
        var fields: [String: String] = [:]
        var files: [(name: String, bytes: Data)] = []
        var metadata: [String: JSONValue] = [:]
        var system: [String: JSONValue] = [:]
        let data = Data(body.readableBytesView)
        var fingerprint: String?
        func object(_ text: String, _ what: String) throws -> [String: JSONValue] {
            guard let v = try? JSONValue.parse(text), let o = v.objectValue else {
                throw Problem(.badRequest, "invalid_\(what)", "'\(what)' must be a JSON object, e.g. {\"vendor\": \"ACME\"}")
            }
            return o
        }
        let type = contentType?.lowercased() ?? ""
        if type.hasPrefix("multipart/") {
            guard type.hasPrefix("multipart/form-data"), let boundary = contentType.flatMap(Self.boundary) else {
                throw Problem(.unsupportedMediaType, "multipart_boundary", "send multipart/form-data with a boundary (curl -F file=@invoice.pdf does this)")
            }
            for part in try form?.parts ?? Self.parts(body, boundary: boundary) {
                switch part.field {
                case "file":
                    files.append((part.filename ?? "upload", part.body))
                case "capture":
                    system["capture"] = .object(try object(String(decoding: part.body, as: UTF8.self), "capture"))
                case "metadata":
                    for (k, v) in try object(String(decoding: part.body, as: UTF8.self), "metadata") { metadata[k] = v }
                case let name?:
                    fields[name] = String(decoding: part.body, as: UTF8.self)
                case nil:
                    throw Problem(.badRequest, "multipart_part_name", "every part needs Content-Disposition: form-data; name=\"...\" (file, capture, metadata, pipeline, ...)")
                }
            }
            guard !files.isEmpty else { throw Problem(.badRequest, "file_required", "add the document as a part named 'file' (curl -F file=@invoice.pdf)") }
            fingerprint = form?.fingerprint ?? SHA256.hex(data)
        } else if type.hasPrefix("application/json") {
            guard let v = try? JSONValue.parse(data), let o = v.objectValue else {
                throw Problem(.badRequest, "invalid_json", "the body is not a JSON object; a bot capture is {\"pipeline\": \"bot-capture\", \"capture\": {...}, \"files\": [{\"name\": \"screen.png\", \"content_base64\": \"...\"}]}")
            }
            guard let capture = o["capture"]?.objectValue else {
                throw Problem(.badRequest, "capture_required", "a JSON submission carries what a bot captured as \"capture\": {...}; to submit a document, send its bytes as the body")
            }
            system["capture"] = .object(capture)
            for (k, v) in o["metadata"]?.objectValue ?? [:] { metadata[k] = v }
            for key in ["pipeline", "name", "tenant", "external_ref", "region"] { if let s = o[key]?.stringValue { fields[key] = s } }
            if let n = o["priority"]?.intValue { fields["priority"] = String(n) }
            for (i, f) in (o["files"]?.arrayValue ?? []).enumerated() {
                guard let b64 = f["content_base64"]?.stringValue, let bytes = Data(base64Encoded: b64, options: .ignoreUnknownCharacters) else {
                    throw Problem(.badRequest, "invalid_file", "files[\(i)] needs \"content_base64\": the file's bytes in base64")
                }
                files.append((f["name"]?.stringValue ?? "file-\(i + 1)", bytes))
            }
            if files.isEmpty { files.append(("capture.json", Data(JSONValue.object(capture).jsonString().utf8))) }
            fingerprint = SHA256.hex(data)
        } else {
            files.append((q.get("name") ?? "upload", data))
        }
        guard let pipeline = fields["pipeline"] ?? q.get("pipeline"), !pipeline.isEmpty else {
            throw Problem(.badRequest, "pipeline_required", "say which pipeline: POST /v1/items?pipeline=invoices&name=invoice.pdf with the file as the body")
        }
        if let region = fields["region"] ?? q.get("region") {
            guard !region.isEmpty, region.count <= 64 else { throw Problem(.badRequest, "invalid_region", "region must be a short name such as eu") }
            system["region"] = .string(region)
        }
        do { try ItemMetadata.checkCallerKeys(metadata, source: "'metadata'") } catch let e as QuireError {
            throw Problem(.badRequest, "reserved_metadata", e.message)
        }
        let priorityText = fields["priority"] ?? q.get("priority")
        let priority = try Problem.wholeNumber(priorityText, "priority", in: -1_000_000...1_000_000) ?? 0
        var upload = Upload(pipeline: pipeline, name: fields["name"] ?? files[0].name, bytes: files[0].bytes, tenant: fields["tenant"] ?? q.get("tenant"),
                            idempotencyKey: nil, externalRef: fields["external_ref"] ?? q.get("external_ref"), priority: priority)
        upload.metadata = metadata
        upload.system = system
        upload.attachments = Array(files.dropFirst())
        upload.fingerprint = fingerprint
        return upload
    }

    /// The boundary parameter of a multipart content type.
    package static func boundary(_ contentType: String) -> String? {
        for param in contentType.split(separator: ";").dropFirst() {
            let kv = param.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if kv.count == 2, kv[0].lowercased() == "boundary" {
                let b = kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return b.isEmpty ? nil : b
            }
        }
        return nil
    }

    package struct FormPart {
        package var field: String?
        package var filename: String?
        package var body: Data
    }

    /// The parts of a multipart/form-data body held in memory, with their form names.
    static func parts(_ body: ByteBuffer, boundary: String) throws -> [FormPart] {
        let form = FormParser(boundary: boundary)
        try form.feed(body)
        try form.finish()
        return form.parts
    }

    /// Every route as "METHOD /path/{param}" (the OpenAPI test compares these with docs/openapi.yaml).
    public static func routes(_ router: Router<QuireRequestContext>) -> [String] {
        router.routes.map { "\($0.method.rawValue) \($0.path)" }.sorted()
    }

    static func reviewJSON(_ r: Review, name: String, type: String?) -> JSONValue {
        var o = r.json.objectValue ?? [:]
        o["name"] = .string(name)
        o["document_type"] = type.map(JSONValue.string) ?? .null
        return .object(o)
    }

    /// The server as a Service for the appliance's ServiceGroup. `onRunning` gets the bound port.
    /// With `tls` (PEM certificate chain and key files) it speaks HTTPS only.
    public static func application(router: Router<QuireRequestContext>, host: String, port: Int, tls: (certificate: String, key: String)? = nil,
                                   limits: APILimits = APILimits(), logger: Logger,
                                   onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> any Service {
        let http1 = HTTP1Channel.Configuration(idleTimeout: .milliseconds(Int64(limits.idleTimeout * 1000)))
        var server = HTTPServerBuilder.http1(configuration: http1)
        if let tls {
            let chain: [NIOSSLCertificate]
            let key: NIOSSLPrivateKey
            do {
                chain = try NIOSSLCertificate.fromPEMFile(tls.certificate)
                key = try NIOSSLPrivateKey(file: tls.key, format: .pem)
            } catch {
                throw QuireError(.invalidConfiguration, "cannot read the API's TLS certificate \(tls.certificate) or key \(tls.key): \(error); give PEM files")
            }
            guard !chain.isEmpty else { throw QuireError(.invalidConfiguration, "\(tls.certificate) holds no certificate") }
            var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
            // TLS 1.0 and 1.1 are broken; TLS 1.2 with forward-secret AEAD suites, and TLS 1.3.
            configuration.minimumTLSVersion = .tlsv12
            configuration.cipherSuites = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305"
            server = try .tls(.http1(configuration: http1), tlsConfiguration: configuration)
        }
        // `unix:/path/quire.sock`: a Unix socket; a stale one left by a crash is replaced.
        var address = BindAddress.hostname(host, port: port)
        if host.hasPrefix("unix:") {
            let path = String(host.dropFirst("unix:".count))
            var st = stat()
            if lstat(path, &st) == 0 {
                guard (st.st_mode & S_IFMT) == S_IFSOCK else {
                    throw QuireError(.invalidConfiguration, "\(path) exists and is not a socket; choose another path for --api unix:PATH")
                }
                unlink(path)
            }
            address = .unixDomainSocket(path: path)
        }
        return Application(router: router, server: server, configuration: .init(address: address, serverName: "quire"),
                           onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) }, logger: logger)
    }
}

extension SHA256 {
    static func hex(_ data: Data) -> String { hash(data: data).hex }
}

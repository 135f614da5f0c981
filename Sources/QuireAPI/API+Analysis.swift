import Foundation
import QuireCore
import Hummingbird
import HTTPTypes
import NIOCore

extension QuireAPI {
    /// The synchronous analyses: `POST /v1/classify` and `POST /v1/extract` take a text or a born-digital PDF
    /// and answer at once (through the shared upload gate, cut off after the analysis timeout).
    static func addAnalysisRoutes(_ router: Router<QuireRequestContext>, operations: APIOperations, limits: APILimits, uploads: UploadGate) {
        router.post("/v1/classify") { request, context in
            _ = try require(.itemsSubmit, context)
            return try await uploads.run {
            let (input, options) = try await analyzeInput(request, timeout: limits.bodyTimeout)
            let trace = TraceContext(header: request.headers[HTTPField.Name("traceparent")!])
            let model = try analysisOption("model", options, request) ?? "doctype"
            let r = try await analysis(limits.analysisTimeout) { try await operations.classify(input, model) }
            return analyzed(r, trace: trace)
            }
        }
        router.post("/v1/extract") { request, context in
            _ = try require(.itemsSubmit, context)
            return try await uploads.run {
            let (input, options) = try await analyzeInput(request, timeout: limits.bodyTimeout)
            let trace = TraceContext(header: request.headers[HTTPField.Name("traceparent")!])
            let schema = try analysisOption("schema", options, request) { name in
                guard name == "auto" || operations.schemaNames.isEmpty || operations.schemaNames.contains(name) else {
                    throw Problem(.badRequest, "invalid_schema", "schema must be auto or one of \(operations.schemaNames.joined(separator: ", "))")
                }
            } ?? "auto", pipeline = try analysisOption("pipeline", options, request)
            let r = try await analysis(limits.analysisTimeout) { try await operations.extract(input, schema, pipeline) }
            return analyzed(r, trace: trace)
            }
        }
    }

    /// An option of a classify or extract call: the JSON body's, else the query's. `check` is asked
    /// about both, so a bad value is refused wherever it is written.
    static func analysisOption(_ key: String, _ options: [String: JSONValue], _ request: Request,
                               check: (String) throws -> Void = { _ in }) throws -> String? {
        let inBody = options[key]?.stringValue, inQuery = request.uri.queryParameters.get(key)
        try inBody.map(check)
        try inQuery.map(check)
        return inBody ?? inQuery
    }

    /// A classify or extract body: JSON `{"text": ..., options}` or the bytes of a PDF.
    static func analyzeInput(_ request: Request, timeout: Double) async throws -> (AnalyzeInput, [String: JSONValue]) {
        let bytes = try await collect(request, upTo: 50 << 20, timeout: timeout, tooLarge: "the body is over 50 MiB; submit large documents with POST /v1/items")
        let data = Data(bytes.readableBytesView)
        if request.headers[.contentType]?.hasPrefix("application/json") == true {
            guard let json = try? JSONValue.parse(data), let o = json.objectValue else {
                throw Problem(.badRequest, "invalid_json", "the body is not a JSON object; send {\"text\": \"...\"} or the PDF itself")
            }
            guard let text = o["text"]?.stringValue, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw Problem(.badRequest, "text_required", "say what to analyse: {\"text\": \"Invoice No 1 ...\"}, or send a PDF as the body")
            }
            for key in ["model", "schema", "pipeline"] where o[key] != nil && o[key]?.stringValue == nil {
                throw Problem(.badRequest, "invalid_\(key)", "\(key) must be a string, e.g. {\"text\": \"...\", \"\(key)\": \"...\"}")
            }
            return (AnalyzeInput(.text(text)), o)
        }
        guard !data.isEmpty else { throw Problem(.badRequest, "body_required", "send a born-digital PDF as the body, or {\"text\": \"...\"} as JSON") }
        return (AnalyzeInput(.document(data)), [:])
    }

    /// A synchronous analysis, cut off after `seconds` (503 with what to do instead).
    static func analysis(_ seconds: Double, _ body: @escaping @Sendable () async throws -> AnalyzeResult) async throws -> AnalyzeResult {
        do { return try await withTimeout(seconds, body) } catch let e as QuireError where e.code == .timeout && e.message.hasPrefix("no answer within") {
            throw Problem(.serviceUnavailable, "analysis_timeout", "the analysis took longer than \(Int(seconds)) s; submit the document with POST /v1/items and wait on /v1/items/{id}/wait").retryAfter(5)
        }
    }

    /// The answer with the model version and the trace id (the caller's, when it sent a traceparent).
    static func analyzed(_ r: AnalyzeResult, trace: TraceContext) -> Response {
        var body = r.body
        body["trace_id"] = .string(trace.traceID)
        var response = json(.object(body))
        if let m = r.model, let v = r.version { response.headers[HTTPField.Name("Quire-Model-Version")!] = "\(m)@\(v)" }
        response.headers[HTTPField.Name("traceparent")!] = trace.header
        return response
    }
}

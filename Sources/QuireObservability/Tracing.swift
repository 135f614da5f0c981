import Foundation
import Logging
public import ServiceLifecycle
import Instrumentation
import OTel
import Synchronization
public import Tracing

/// Tracing through swift-distributed-tracing: one trace per item, a span per stage attempt (and per
/// isolated-worker call and bot call inside it). With an OTLP endpoint configured the spans are
/// exported over OTLP/HTTP by swift-otel; without one the global tracer is the no-op tracer and
/// nothing is recorded, while trace ids still go into logs, outbox records and bot requests.
public enum QuireTracing {
    struct DictionaryExtractor: Extractor {
        func extract(key: String, from carrier: [String: String]) -> String? { carrier[key] }
    }
    struct DictionaryInjector: Injector {
        func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) { carrier[key] = value }
    }

    private static let bootstrapped = Mutex(false)

    /// Sets the process's tracer to swift-otel's, exporting to `endpoint` (an OTLP/HTTP base URL
    /// such as http://collector:4318) as `serviceName`; the `OTEL_*` environment variables refine
    /// it. Logs and metrics stay with Quire's JSON logs and Prometheus. Returns the exporter, a
    /// Service for the appliance's group.
    public static func bootstrapOTLP(endpoint: String, serviceName: String, environment: [String: String]) throws -> any Service {
        let first = bootstrapped.withLock { b -> Bool in defer { b = true }; return !b }
        guard first else { throw TracingSetupError() }
        var c = OTel.Configuration.default
        c.serviceName = serviceName
        // swift-otel's own messages go through Quire's log handler (JSON lines), not a console of their own.
        c.diagnosticLogger = .custom(Logger(label: "quire.otel"))
        c.logs.enabled = false
        c.metrics.enabled = false
        c.traces.enabled = true
        // The endpoint is the collector's base URL (as OTEL_EXPORTER_OTLP_ENDPOINT is): traces go to
        // <base>/v1/traces; a URL that already has a path is used as it is.
        let path = URL(string: endpoint)?.path ?? ""
        c.traces.otlpExporter.endpoint = path.isEmpty || path == "/" ? (endpoint.hasSuffix("/") ? endpoint : endpoint + "/") + "v1/traces" : endpoint
        c.traces.otlpExporter.protocol = .httpProtobuf
        c.propagators = [.traceContext]
        // The endpoint is settled here; the other OTEL_* variables (headers, sampler, batching) still apply.
        let rest = environment.filter { !["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"].contains($0.key) }
        return try OTel.bootstrap(configuration: c, environment: rest)
    }

    /// The tracer is process-wide: a second appliance in one process cannot export to another endpoint.
    struct TracingSetupError: Error, CustomStringConvertible {
        var description: String { "tracing is already set up in this process; run one quire serve per process, or remove tracing.endpoint from the second" }
    }

    /// Sets any tracer (tests use an in-memory one).
    public static func bootstrap(_ tracer: any Tracer) {
        InstrumentationSystem.bootstrap(tracer)
    }

    /// What a stage's code can say about its span.
    public struct SpanHandle: Sendable {
        let span: any Span
        public func set(_ key: String, _ value: String) { span.attributes[key] = value }
        public func set(_ key: String, _ value: Int) { span.attributes[key] = value }
        /// Marks the span as failed with a message.
        public func fail(_ message: String) { span.setStatus(SpanStatus(code: .error, message: message)) }
    }

    /// Runs `body` in a span named `name`, a child of the span in `traceparent` (the item's trace)
    /// or of the current span when `traceparent` is nil.
    public static func withSpan<T>(_ name: String, traceparent: String? = nil, attributes: [String: String] = [:],
                                   _ body: (SpanHandle) async throws -> T) async rethrows -> T {
        var context = ServiceContext.current ?? .topLevel
        if let traceparent {
            context = .topLevel
            InstrumentationSystem.instrument.extract(["traceparent": traceparent], into: &context, using: DictionaryExtractor())
        }
        return try await Tracing.withSpan(name, context: context, ofKind: .internal) { span in
            for (k, v) in attributes { span.attributes[k] = v }
            return try await body(SpanHandle(span: span))
        }
    }

    /// The `traceparent` of the current span, to hand to a bot or another service; nil when no
    /// tracer records spans.
    public static func currentTraceparent() -> String? {
        guard let context = ServiceContext.current else { return nil }
        var carrier: [String: String] = [:]
        InstrumentationSystem.instrument.inject(context, into: &carrier, using: DictionaryInjector())
        return carrier["traceparent"]
    }
}

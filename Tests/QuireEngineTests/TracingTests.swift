import Foundation
import InMemoryTracing
import Instrumentation
import QuireAppliance
import QuireCore
import QuireEngine
import QuireObservability
import QuireStore
import QuireTesting
import Testing
import Tracing

/// swift-distributed-tracing's in-memory tracer, reading and writing W3C `traceparent` as the OTLP
/// tracer does (the in-memory one propagates with keys of its own).
struct W3CInMemoryTracer: Tracer {
    let inner = InMemoryTracer()

    func startSpan<Instant: TracerInstant>(_ operationName: String, context: @autoclosure () -> ServiceContext, ofKind kind: SpanKind,
                                           at instant: @autoclosure () -> Instant, function: String, file fileID: String, line: UInt) -> InMemorySpan {
        inner.startSpan(operationName, context: context(), ofKind: kind, at: instant(), function: function, file: fileID, line: line)
    }
    func forceFlush() { inner.forceFlush() }
    func inject<Carrier, Inject: Injector>(_ context: ServiceContext, into carrier: inout Carrier, using injector: Inject) where Inject.Carrier == Carrier {
        guard let s = context.inMemorySpanContext else { return }
        injector.inject("00-\(s.traceID)-\(s.spanID)-01", forKey: "traceparent", into: &carrier)
    }
    func extract<Carrier, Extract: Extractor>(_ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract) where Extract.Carrier == Carrier {
        guard let t = QuireCore.TraceContext.parse(extractor.extract(key: "traceparent", from: carrier)) else { return }
        context.inMemorySpanContext = InMemorySpanContext(traceID: t.traceID, spanID: t.spanID, parentSpanID: nil)
    }
}

enum TestTracer {
    /// The process's tracer (the tracing system is bootstrapped once per process).
    static let shared: W3CInMemoryTracer = {
        let t = W3CInMemoryTracer()
        QuireTracing.bootstrap(t)
        return t
    }()
}

@Suite("Tracing")
struct TracingTests {
    @Test func oneTracePerItemASpanPerAttemptAndWorkerCallsAsChildren() async throws {
        let tracer = TestTracer.shared
        let probe = Probe()
        let t = try TestAppliance(pipelines: ["p.yaml": TestAppliance.pipeline(stages: """
              - id: identify
                use: file.identify
              - id: text
                use: pdf.text
              - id: flaky
                use: test.script
                retry: { max_attempts: 3, backoff: 20ms, max_backoff: 40ms }
              - id: done_record
                use: outbox.write
            """)], kinds: [ScriptedStageKind { _ in probe.bump("tries") == 1 ? .applicationError(code: "busy", message: "later") : .done(.null) }])
        defer { t.remove() }
        let item = try await t.run { _ in
            let item = try await Self.submit(t)
            #expect(try await eventually { try await t.store.item(item.id)?.state == .done })
            return item
        }
        let root = QuireCore.TraceContext.item(item)
        func attribute(_ span: FinishedInMemorySpan, _ key: String) -> String? {
            if case .string(let v)? = span.attributes[key]?.toSpanAttribute() { return v }
            return nil
        }
        let spans = tracer.inner.finishedSpans.filter { attribute($0, "quire.item") == item.id.rawValue }
        let stages = spans.filter { $0.operationName.hasPrefix("invoices/") }
        // One span per attempt: flaky ran twice, the others once — or more, where a loaded machine made the scheduler
        // try a job again (a lease that ran out): the store's attempt counts say how many spans each stage has.
        let names = stages.map { $0.operationName }.sorted()
        let jobs = try await t.store.jobs(of: item.id)
        let attempts = jobs.flatMap { j in Array(repeating: "invoices/" + j.stageID, count: j.attempts) }.sorted()
        #expect(names == attempts, "\(names) against the jobs' attempts \(attempts)")
        #expect(Set(names) == ["invoices/done_record", "invoices/flaky", "invoices/identify", "invoices/text"] && names.filter { $0 == "invoices/flaky" }.count >= 2, "\(names)")
        for s in stages {
            #expect(s.traceID == root.traceID, "\(s.operationName) is in the item's trace")
            #expect(s.parentSpanID == root.spanID, "\(s.operationName) is a child of the item's root")
        }
        #expect(stages.filter { $0.operationName == "invoices/flaky" }.compactMap { $0.status }.count == 1, "the failed attempt is marked as an error")
        // The isolated PDF read is a child of the text stage's span.
        let text = try #require(stages.first { $0.operationName == "invoices/text" })
        let worker = try #require(spans.first { $0.operationName == "worker pdf.read" })
        #expect(worker.parentSpanID == text.spanID && worker.traceID == root.traceID)
        // The outbox record carries the trace id.
        let record = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: t.layout.outbox("invoices", "done") + "/\(item.id.rawValue).json")))
        #expect(record["trace_id"] == .string(root.traceID))
    }

    static func submit(_ t: TestAppliance) async throws -> Item {
        let path = t.directory.file("doc.pdf")
        try SampleFiles.pdf("Invoice 42 traced").write(to: URL(fileURLWithPath: path))
        let r = await t.appliance.intake().ingest(path: path, name: "doc.pdf", pipeline: "invoices", source: .cli, submission: .init(), intakeKey: nil)
        guard case .accepted(let item) = r else { throw QuireError(.internal, "not accepted: \(r)") }
        return item
    }

    @Test func aCallersTraceparentIsTheItemsTrace() {
        let caller = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        let item = Item(id: ItemID("itm_x"), pipeline: "p", source: .api, name: "a.pdf", contentHash: "h", size: 1, mediaType: "pdf",
                        metadata: ["traceparent": .string(caller)], createdAt: Date(), updatedAt: Date())
        #expect(QuireCore.TraceContext.item(item).header == caller)
        var plain = item
        plain.metadata = .emptyObject
        let derived = QuireCore.TraceContext.item(plain)
        #expect(derived.traceID.count == 32 && derived.spanID.count == 16 && derived == QuireCore.TraceContext.item(plain), "stable per item")
        #expect(QuireCore.TraceContext.parse("00-00000000000000000000000000000000-00f067aa0ba902b7-01") == nil)
    }
}

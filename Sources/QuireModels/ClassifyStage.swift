public import Foundation
import Logging
public import QuireCore
import QuireStore
import QuireObservability

/// `classify`: the document type from a locally hosted model, with its probability, the runner-up
/// labels, and the model name and version that decided; where the PDF carries an e-invoice, the type
/// code it declares decides (model `einvoice`, the active model run beside it as a shadow). Routes by rules (`routes:` with `when`
/// over the item and earlier outputs) to a model name, then by deployment state: a shadow
/// version runs beside the active one and its disagreements are recorded; a canary decides for a
/// stable, hash-based share of the items. Below the threshold it abstains: the item needs a
/// human (the `review` stage asks for it when the pipeline has one; else the item waits here). With `endpoint:` a model server (OpenAI chat-completions protocol) is asked first and
/// the native model answers when the server is down, slow or answers outside the label set.
public struct ClassifyKind: StageKind {
    public var registry: ModelRegistry?

    public init(registry: ModelRegistry? = nil) {
        self.registry = registry
    }

    public var name: String { "classify" }
    public var summary: String { "document type from a local model (native logistic regression, or a model server with fallback); shadow and canary" }
    public var settingsHelp: [String: String] {
        ["model": "model name in the registry (default doctype)",
         "threshold": "below this probability the stage abstains and the item needs a human (default: the pipeline's classifier_threshold policy, else 0.5)",
         "routes": "rules that pick another model: a list of {when: <expression>, model: <name>}, first match wins",
         "text": "id of the pdf.text stage (default text)",
         "ocr": "id of the ocr.page stage (default ocr)",
         "endpoint": "a model server: {url, model, timeout (s, default 20), retries (default 1), api_key_env, max_chars (default 6000), region}"]
    }

    public func validate(settings: JSONValue) -> [StageSettingsProblem] {
        var problems = unknownKeys(in: settings)
        if let m = settings["model"], m.stringValue?.isEmpty ?? true { problems.append(StageSettingsProblem(path: ["model"], message: "must be a model name")) }
        if let t = settings["threshold"], !(t.numberValue.map { (0...1).contains($0) } ?? false) {
            problems.append(StageSettingsProblem(path: ["threshold"], message: "must be a number from 0 to 1"))
        }
        if let routes = settings["routes"] {
            for (i, r) in (routes.arrayValue ?? []).enumerated() {
                guard let w = r["when"]?.stringValue, r["model"]?.stringValue != nil else {
                    problems.append(StageSettingsProblem(path: ["routes", String(i)], message: "each route needs 'when' (an expression) and 'model' (a name)"))
                    continue
                }
                do { _ = try WhenExpression.parse(w) } catch {
                    problems.append(StageSettingsProblem(path: ["routes", String(i), "when"], message: "\(error)"))
                }
            }
            if routes.arrayValue == nil { problems.append(StageSettingsProblem(path: ["routes"], message: "must be a list of {when, model}")) }
        }
        if let e = settings["endpoint"] {
            if e["url"]?.stringValue.flatMap(URL.init(string:)) == nil { problems.append(StageSettingsProblem(path: ["endpoint", "url"], message: "must be the server's base URL, e.g. http://gpu-box:8000/v1")) }
            if e["model"]?.stringValue == nil { problems.append(StageSettingsProblem(path: ["endpoint", "model"], message: "must name the served model, e.g. qwen2.5-7b-instruct")) }
        }
        return problems
    }

    public func makeStage(settings: JSONValue) throws -> any Stage {
        var endpoint: ChatEndpoint? = nil
        if let e = settings["endpoint"], let url = e["url"]?.stringValue, let model = e["model"]?.stringValue {
            let key = e["api_key_env"]?.stringValue.flatMap { ProcessInfo.processInfo.environment[$0] }
            endpoint = ChatEndpoint(baseURL: url, model: model, timeout: e["timeout"]?.numberValue ?? 20, retries: e["retries"]?.intValue ?? 1,
                                    apiKey: key, maxCharacters: e["max_chars"]?.intValue ?? 6000)
        }
        let routes = try (settings["routes"]?.arrayValue ?? []).compactMap { r -> (WhenExpression, String)? in
            guard let w = r["when"]?.stringValue, let m = r["model"]?.stringValue else { return nil }
            return (try WhenExpression.parse(w), m)
        }
        return ClassifyStage(registry: registry, model: settings["model"]?.stringValue ?? "doctype", threshold: settings["threshold"]?.numberValue,
                             routes: routes, textStage: settings["text"]?.stringValue ?? "text", ocrStage: settings["ocr"]?.stringValue ?? "ocr", endpoint: endpoint,
                             endpointRegion: settings["endpoint"]?["region"]?.stringValue)
    }
}

struct ClassifyStage: Stage {
    let registry: ModelRegistry?
    let model: String
    let threshold: Double?
    let routes: [(WhenExpression, String)]
    let textStage: String, ocrStage: String
    let endpoint: ChatEndpoint?
    /// Where the model server is, for data residency: an item from another region (or outside the
    /// pipeline's `allowed_bot_regions`) is never sent to it; the native model, which runs here, answers.
    var endpointRegion: String? = nil

    /// The document's text as the stages before wrote it: PDF text, with OCR text for the pages that needed it.
    static func text(_ outputs: [String: JSONValue], textStage: String, ocrStage: String) -> (String, Int) {
        let d = DocumentPages(outputs: outputs, textStage: textStage, ocrStage: ocrStage)
        return (d.text, d.pageCount)
    }

    func run(_ context: StageContext) async throws -> Outcome {
        guard let registry else { throw QuireError(.invalidConfiguration, "the classify stage has no model registry in this process") }
        let values = WhenExpression.values(item: context.item, outputs: context.outputs)
        let name = routes.first { $0.0.evaluate(values) }?.1 ?? model
        let deployment = try await registry.deployment(name)
        let (text, pages) = Self.text(context.outputs, textStage: textStage, ocrStage: ocrStage)
        let limit = threshold ?? context.pipeline.policies["classifier_threshold"]?.numberValue ?? 0.5
        // An attached e-invoice says what it is (the model runs beside it as a shadow): no model server is
        // asked, so none is checked for residency or calibration either.
        let declared = EInvoiceType.declared(textOutput: context.outputs[textStage], readBlob: { try context.services.readBlob(hash: $0) })
        var usable = declared == nil ? endpoint : nil
        var refusal: String? = nil
        if let e = usable, let why = Residency.refusal(item: context.item, pipeline: context.pipeline, recipient: "model endpoint \(e.baseURL)", region: endpointRegion) {
            usable = nil
            refusal = why
            try await registry.store.appendAudit([Residency.auditDraft(item: context.item, recipient: e.baseURL, kind: "endpoint", region: endpointRegion, reason: why)], now: Date())
            context.logger.notice("model endpoint refused for this item (data residency); the native model answers", metadata: ["reason": "\(why)"])
        }
        var calibration: EndpointCalibration? = nil
        if let e = usable {
            do { calibration = try await registry.endpointCalibration(e.model) } catch {
                context.logger.warning("cannot read the model server's calibration; its confidence is not trusted", metadata: ["error": "\(error)"])
            }
        }
        var result = await Self.classify(text: text, pages: pages, item: context.item.id, deployment: deployment, threshold: limit, endpoint: usable,
                                         calibration: calibration ?? .untrained, declared: declared, logger: context.logger)
        if let refusal { result.fallbackReason = "region_refused: " + refusal }
        QuireMetrics.classified(model: declared == nil ? name : EInvoiceType.modelName, probability: result.decided.probability)
        let now = Date()
        var records = [ClassificationRecord(item: context.item.id, pipeline: context.item.pipeline, model: result.decided.model, version: result.decided.version,
                                            label: result.decided.label, probability: result.decided.probability, abstained: result.decided.abstained, role: "decided", at: now)]
        if let s = result.shadow {
            records.append(ClassificationRecord(item: context.item.id, pipeline: context.item.pipeline, model: s.model, version: s.version, label: s.label,
                                                probability: s.probability, abstained: s.abstained, role: "shadow", at: now))
        }
        // The server's own confidence, kept apart: reviewers' decisions on this item calibrate it later.
        if let reported = result.reportedConfidence {
            records.append(ClassificationRecord(item: context.item.id, pipeline: context.item.pipeline, model: result.decided.model, version: 0, label: result.decided.label,
                                                probability: reported, abstained: false, role: "reported", at: now))
        }
        try await registry.store.recordClassifications(records)
        var out = result.decided.classification
        out.backend = result.backend
        out.route = name
        out.threshold = limit
        if let s = result.shadow {
            out.shadow = s.classification.asShadow
            out.disagreement = s.label != result.decided.label
        }
        out.fallbackReason = result.fallbackReason
        if let declared { out.typeCode = declared.code }
        if result.backend == "endpoint" {
            out.reportedConfidence = result.reportedConfidence
            out.calibration = (calibration ?? .untrained).json
        }
        // With a review stage later in the pipeline the item goes on (fields are still extracted) and
        // the review stage puts it in front of a person; without one it waits here.
        if result.decided.abstained, !context.pipeline.stages.contains(where: { $0.kind == "review" }) {
            let top = result.decided.ranked.prefix(3).map { String(format: "%@ %.2f", $0.label, $0.probability) }.joined(separator: ", ")
            return .needsHuman(reason: "the classifier is not sure (\(top); threshold \(limit)); say what the document is")
        }
        return .done(out.json)
    }

    struct Result: Sendable {
        var decided: Prediction
        var shadow: Prediction?
        var backend: String
        var fallbackReason: String?
        /// What a model server said of its own confidence, as it said it.
        var reportedConfidence: Double? = nil
    }

    /// An attached e-invoice's type code first (the active model as its shadow); else the endpoint where there is
    /// one; else (or when it fails) the native deployment: the canary decides for its share of items, a shadow is
    /// run and recorded beside the active model.
    static func classify(text: String, pages: Int, item: ItemID, deployment d: Deployment, threshold: Double, endpoint: ChatEndpoint?,
                         calibration: EndpointCalibration = .untrained, declared: EInvoiceType.Declared? = nil, logger: Logger) async -> Result {
        if let declared {
            return Result(decided: EInvoiceType.prediction(declared), shadow: d.active.predict(text: text, pageCount: pages, threshold: threshold),
                          backend: EInvoiceType.modelName, fallbackReason: nil)
        }
        var fallback: String? = nil
        if let e = endpoint {
            do {
                let a = try await e.classify(text: text, labels: d.active.model.labels)
                let native = d.active.predict(text: text, pageCount: pages, threshold: threshold)
                // A server's confidence counts once reviewers' decisions have calibrated it. Until then,
                // and for an answer that says nothing usable of its confidence, the native model's
                // probability for the same label stands in (0 where it does not rank it), so the answer
                // abstains and reaches review unless the native model agrees.
                let p: Double
                if let c = a.confidence, calibration.trusted { p = calibration.probability(c) } else {
                    p = native.ranked.first { $0.label == a.label }?.probability ?? 0
                }
                let ranked = [(label: a.label, probability: p)]
                return Result(decided: Prediction(label: a.label, probability: p, ranked: ranked, abstained: p < threshold, model: "endpoint:" + e.model, version: 0),
                              shadow: native, backend: "endpoint", fallbackReason: nil, reportedConfidence: a.confidence)
            } catch {
                fallback = "\(error)"
                logger.warning("model server failed; the native model answers", metadata: ["error": "\(error)"])
            }
        }
        let active = d.active.predict(text: text, pageCount: pages, threshold: threshold)
        guard let t = d.trial else { return Result(decided: active, shadow: nil, backend: "native", fallbackReason: fallback) }
        let trial = t.classifier.predict(text: text, pageCount: pages, threshold: threshold)
        if t.state == .canary && d.canaryDecides(item) {
            return Result(decided: trial, shadow: active, backend: "native", fallbackReason: fallback)
        }
        return Result(decided: active, shadow: trial, backend: "native", fallbackReason: fallback)
    }
}

public import Foundation
public import QuireCore
public import QuireStore

/// `review`: the point in a pipeline where a person decides. The item enters the review queue when
/// the fields stage asks for review (`fields.decision == review`), when the classifier abstained,
/// or by the random audit sample of approved items (the `audit_sample` policy, default 2 %, by a
/// stable hash of the item id); it waits there (needs_human). Once a reviewer decides, the stage
/// runs again: an approval passes the corrected values on (and the document, with the type the
/// reviewer confirmed, becomes a labelled example for the classifier); a rejection ends the item
/// as a business error with the reason code.
public struct ReviewKind: StageKind {
    public var store: (any Store)?

    public init(store: (any Store)? = nil) {
        self.store = store
    }

    public var name: String { "review" }
    public var summary: String { "a person decides (quire review): what fields marks for review, what the classifier is unsure of, and an audit sample" }
    public var settingsHelp: [String: String] {
        ["queue": "the review queue (default: the pipeline's name)",
         "priority": "queue priority, higher first (default 0)",
         "sla": "how long a review may take, e.g. 8h (default: the pipeline's sla policy, else 24h)",
         "fields": "id of the fields stage to read (default: the latest fields stage before this one)",
         "classify": "id of the classify stage to read (default: the latest classify stage before this one)",
         "text": "ids of the text and OCR stages whose page text becomes a training example (default text, ocr)"]
    }

    public func validate(settings: JSONValue) -> [StageSettingsProblem] {
        var problems = unknownKeys(in: settings)
        if let s = settings["sla"], Quantities.seconds(s.stringValue ?? "") == nil {
            problems.append(StageSettingsProblem(path: ["sla"], message: "must be a duration such as 30m, 8h or 2d"))
        }
        if let p = settings["priority"], p.intValue == nil { problems.append(StageSettingsProblem(path: ["priority"], message: "must be a whole number")) }
        return problems
    }

    public func makeStage(settings: JSONValue) throws -> any Stage {
        ReviewStage(store: store, queue: settings["queue"]?.stringValue, priority: settings["priority"]?.intValue ?? 0,
                    sla: settings["sla"]?.stringValue.flatMap(Quantities.seconds), fieldsStage: settings["fields"]?.stringValue,
                    classifyStage: settings["classify"]?.stringValue,
                    textStages: (settings["text"]?.arrayValue?.compactMap(\.stringValue)).flatMap { $0.count == 2 ? ($0[0], $0[1]) : nil } ?? ("text", "ocr"))
    }
}

struct ReviewStage: Stage {
    let store: (any Store)?
    let queue: String?
    let priority: Int
    /// Seconds a review may take; nil: the pipeline's `sla` policy, else 24 h.
    let sla: Double?
    /// nil: the pipeline's stage of kind `fields` (and `classify`).
    let fieldsStage: String?
    var classifyStage: String? = nil
    var textStages = ("text", "ocr")

    /// A stable draw in [0, 1) for the audit sample.
    static func draw(_ item: ItemID) -> Double { StableHash.unit("audit|" + item.rawValue) }

    func run(_ context: StageContext) async throws -> Outcome {
        guard let store else { throw QuireError(.invalidConfiguration, "the review stage has no store in this process") }
        let id = context.item.id
        let me = context.job.stageID
        let existing = try await store.review(id)
        if let r = existing, r.asked(by: me, isReviewStage: true), r.state == .decided, let d = r.decided {
            if d.action == .reject {
                let who = d.reviewers.isEmpty ? "a reviewer" : d.reviewers.joined(separator: ", ")
                return .businessError(code: "rejected", message: "rejected by \(who): \(d.reason ?? "")\(d.note.map { " — \($0)" } ?? "")")
            }
            var values = try context.output(ExtractedFields.self, stage: fieldsStage)?.values ?? [:]
            for (k, v) in d.corrections ?? [:] { values[k] = v }
            let classified = try context.output(Classification.self, stage: classifyStage)?.label
            let type = d.documentType ?? classified
            try await learn(context, type: type)
            try await rememberVendor(values, item: id, store: store)
            let actions = try await store.reviewActions(item: id).currentRound.map { a -> JSONValue in
                var o: [String: JSONValue] = ["action": .string(a.action), "actor": .string(a.actor), "at": .string(ISO8601DateFormatter().string(from: a.at)),
                                              "seconds": .number((a.seconds * 10).rounded() / 10)]
                if let c = a.reasonCode { o["reason"] = .string(c) }
                if let n = a.note { o["note"] = .string(n) }
                return .object(o)
            }
            return .done(ReviewOutcome(decision: .approved, values: values, reviewers: d.reviewers,
                                       corrections: d.corrections ?? [:], documentType: type,
                                       typeChanged: type != nil && classified != nil && type != classified, actions: actions).json)
        }
        let fields = try context.output(ExtractedFields.self, stage: fieldsStage)
        var reasons = fields?.reviewReasons ?? []
        if let c = try context.output(Classification.self, stage: classifyStage), c.abstained {
            let ranked = c.ranked.prefix(3).map { "\($0.label) \(String(format: "%.2f", $0.probability))" }
            reasons.insert("document type: the classifier is not sure (\(ranked.joined(separator: ", "))); confirm or change it", at: 0)
        }
        let asked = fields?.decision == .review || !reasons.isEmpty
        let sample = context.pipeline.policies["audit_sample"]?.numberValue ?? 0.02
        if !asked {
            guard Self.draw(id) < sample else {
                return .done(ReviewOutcome(decision: .notNeeded, values: fields?.values ?? [:]).json)
            }
            reasons = [String(format: "audit sample (%g %% of automatically approved items)", sample * 100)]
        }
        let now = Date()
        let round = Review.round(for: me, isReviewStage: true, existing: existing)
        // The first round's SLA counts from the item's arrival; a later round's from when it opens.
        let from = round > 1 ? now : context.item.createdAt
        _ = try await store.openReview(Review(item: id, pipeline: context.item.pipeline, queue: queue ?? context.item.pipeline, priority: priority + context.item.priority,
                                              reasons: reasons, due: from.addingTimeInterval(sla ?? context.pipeline.policies["sla"]?.stringValue.flatMap(Quantities.seconds) ?? 86_400), createdAt: now, updatedAt: now,
                                              stage: me, round: round))
        return .needsHuman(reason: "in review queue \(queue ?? context.item.pipeline): " + reasons.prefix(3).joined(separator: "; "))
    }
}

extension ReviewStage {
    /// A person approved these values: the vendor's name, with its VAT id and IBAN, is known from now
    /// on (the fields stage confirms a name read by OCR against it, and questions another IBAN). The
    /// fields stage parses each fact again when it reads them; here they are only trimmed and bounded.
    func rememberVendor(_ values: [String: JSONValue], item: ItemID, store: any Store) async throws {
        func text(_ key: String, max: Int) -> String? {
            guard let s = values[key]?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines), !s.isEmpty, s.count <= max else { return nil }
            return s
        }
        guard let name = text("vendor_name", max: 200) ?? text("merchant", max: 200) else { return }
        let compact = { (s: String?) in s.map { $0.uppercased().filter { !$0.isWhitespace } } }
        try await store.recordVendors([VendorRecord(name: name, vatID: compact(text("vendor_vat_id", max: 40)), iban: compact(text("vendor_iban", max: 50)),
                                                    source: "review", item: item, confirmedAt: Date())])
    }

    /// A reviewed document is a labelled example for the classifier: its text with the type the
    /// reviewer confirmed or chose (`quire model train` uses the stored examples).
    func learn(_ context: StageContext, type: String?) async throws {
        guard let store, let type else { return }
        let pages = DocumentPages(outputs: context.outputs, textStage: textStages.0, ocrStage: textStages.1)
        let text = pages.text
        guard text.trimmingCharacters(in: .whitespacesAndNewlines).count >= 20 else { return }
        try await store.putTrainingExamples([TrainingExample(contentHash: context.item.contentHash, label: type, text: text, pageCount: pages.pageCount,
                                                             source: "review", item: context.item.id, createdAt: Date())])
    }
}

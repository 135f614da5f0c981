public import Foundation
public import QuireCore
public import QuireStore

/// Reads what the review screen shows from the store: the queue rows and a claimed item's detail
/// (its fields, classifier answer and page text from the stage outputs).
public struct ReviewData: Sendable {
    public let store: any Store
    /// The pipeline's review rules (from its `policies:`).
    public let policy: @Sendable (String) -> ReviewPolicy

    public init(store: any Store, policy: @escaping @Sendable (String) -> ReviewPolicy) {
        self.store = store
        self.policy = policy
    }

    func jobs(_ item: ItemID) async throws -> [Job] {
        try await store.jobs(of: item).filter { $0.state == .done }
    }

    public func rows(queue: String?, now: Date = Date()) async throws -> [QueueRow] {
        var rows: [QueueRow] = []
        for r in try await store.reviews(queue: queue, states: [.open, .claimed], now: now, limit: 500) {
            let item = try await store.item(r.item)
            let jobs = try await jobs(r.item)
            let fields = jobs.output(ExtractedFields.self)
            let threshold = policy(r.pipeline).confidenceThreshold
            let flagged = (fields?.fields.values.filter { $0.confidence < threshold || $0.failedCheck }.count ?? 0) + (fields?.missing.count ?? 0)
            rows.append(QueueRow(review: r, name: item?.name ?? r.item.rawValue, documentType: jobs.output(Classification.self)?.label,
                                 vendor: (fields?.values["vendor_name"] ?? fields?.values["merchant"])?.stringValue,
                                 lowestConfidence: fields?.confidence, flagged: flagged, tenant: item?.tenant))
        }
        return rows
    }

    public func detail(_ review: Review) async throws -> ItemDetail {
        guard let item = try await store.item(review.item) else { throw QuireError(.notFound, "item \(review.item) is gone") }
        return ItemDetail(review: review, item: item, jobs: try await jobs(review.item), policy: policy(review.pipeline))
    }

    /// Approves under the pipeline's rules: its four-eyes limit against the total as corrected, with
    /// the extracted values recorded as the action's "before" (the CLI's and the API's approve).
    @discardableResult
    public func approve(_ review: Review, service: ReviewService, reviewer: String, version: Int, corrections: [String: JSONValue],
                        documentType: String?, started: Date? = nil) async throws -> Review {
        let d = try await detail(review)
        return try await service.approve(review.item, reviewer: reviewer, version: version, corrections: corrections, documentType: documentType,
                                         total: d.extractedTotal, fourEyesAbove: d.policy.fourEyesAbove, original: d.original, started: started)
    }
}

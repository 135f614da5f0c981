public import QuireCore
import QuireEngine
public import QuireReview

extension Appliance {
    /// The review service with the appliance's resume: a decision re-queues the item's review stage
    /// (the same as `quire items retry`), so `quire serve` carries the item on.
    public func reviewService(lease: Double = 600) -> ReviewService {
        let appliance = self
        return ReviewService(store: store, lease: lease) { id, reviewer in
            _ = try await appliance.retry(item: id, by: "review:" + reviewer)
        }
    }

    /// The rules a pipeline's reviewers work under, from its `policies:`.
    public func reviewPolicy(pipeline: String) -> ReviewPolicy {
        ReviewPolicy(policies: catalog[pipeline]?.spec.policies ?? [:])
    }

    public var reviewData: ReviewData {
        let catalog = self.catalog
        return ReviewData(store: store) { ReviewPolicy(policies: catalog[$0]?.spec.policies ?? [:]) }
    }
}

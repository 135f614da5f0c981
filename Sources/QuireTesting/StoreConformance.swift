public import Foundation
public import QuireCore
public import QuireStore
import Testing

/// The behaviour every ``Store`` driver must show. Each check takes a fresh store; the
/// test targets run every check against every ``StoreDriver``.
public enum StoreConformance {
    public static func item(_ pipeline: String = "p", name: String = "a.pdf", hash: String? = nil, priority: Int = 0,
                            key: String? = nil, at: Date = Date()) -> Item {
        Item(id: ItemID.generate(at: at), pipeline: pipeline, source: .cli, name: name, contentHash: hash ?? UUID().uuidString,
             size: 10, mediaType: "pdf", priority: priority, idempotencyKey: key, createdAt: at, updatedAt: at)
    }

    public static func draft(_ stage: String = "s1", priority: Int = 0, deadline: Date? = nil, runAt: Date = Date(), maxAttempts: Int = 3) -> JobDraft {
        JobDraft(stageID: stage, kind: "test.script", priority: priority, runAt: runAt, deadline: deadline, maxAttempts: maxAttempts)
    }

    @discardableResult

    public static func enqueue(_ store: any Store, _ item: Item = item(), _ drafts: [JobDraft] = [draft()]) async throws -> Item {
        try await store.intake(IntakeRequest(item: item, jobs: drafts, deduplicate: false)).item
    }

    static func claim(_ store: any Store, stage: String = "s1", limit: Int = 10, lease: Double = 15, owner: String = "w1", now: Date = Date()) async throws -> [ClaimedJob] {
        try await store.claim(ClaimRequest(owner: owner, pipeline: "p", stageID: stage, limit: limit, lease: lease, now: now))
    }

    static func isStale(_ body: () async throws -> Void) async -> Bool {
        await staleness(body) == "stale"
    }

    /// "stale" when the body is refused as stale; else what happened instead (for the failure message).
    static func staleness(_ body: () async throws -> Void) async -> String {
        do { try await body(); return "it succeeded" } catch let e as QuireError { return e.code == .staleLease ? "stale" : "\(e.code): \(e.message)" } catch { return "\(error)" }
    }

    static func isExisting(_ r: IntakeResult, _ id: ItemID) -> Bool {
        if case .existing(let i) = r { return i.id == id }
        return false
    }

    public typealias Check = (String, @Sendable (any Store) async throws -> Void)

    /// The suite by capability, in the order of ``Store``'s protocols; each capability's checks are in
    /// `StoreConformance+Capability.swift`.
    public static let capabilities: [(String, [Check])] = [
        ("items", items), ("jobs", jobs), ("cluster", cluster), ("models", models), ("reviews", reviews), ("governance", governance),
        ("webhooks", webhooks), ("retention", retention), ("observations", observations), ("budgets", budgets), ("vendors", vendors),
    ]

    /// Every check, named "capability: check".
    public static let all: [Check] = capabilities.flatMap { cap in cap.1.map { ("\(cap.0): \($0.0)", $0.1) } }
}

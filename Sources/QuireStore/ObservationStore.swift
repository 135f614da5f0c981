public import Foundation
public import QuireCore

/// Reading back what happened, for `quire status`, metrics replay and the nightly report.
public protocol ObservationStore: Sendable {
    /// Counts for `quire status`.
    func statistics(now: Date) async throws -> StoreStatistics
    /// Finished jobs whose `finishedAt` is in [from, to), by id, after `after` (paging).
    func finishedJobs(from: Date, to: Date, after: JobID?, limit: Int) async throws -> [Job]
    /// Events of these kinds with `at` in [from, to), by id, after `after`.
    func events(kinds: [String], from: Date, to: Date, after: Int64?, limit: Int) async throws -> [Event]
    /// Review actions with `at` in [from, to), oldest first.
    func reviewActions(from: Date, to: Date, limit: Int) async throws -> [ReviewAction]
}

/// Counts for `quire status`.
public struct StoreStatistics: Sendable, Hashable, Codable {
    public struct StageRow: Sendable, Hashable, Codable {
        public var pipeline: String
        public var stage: String
        public var ready: Int
        public var scheduled: Int
        public var leased: Int
        /// Seconds the oldest ready job has waited.
        public var oldestReadyAge: Double?
        public var finishedLastMinute: Int
        public var finishedLastHour: Int
        public var deadLetters: Int
        public init(pipeline: String, stage: String, ready: Int = 0, scheduled: Int = 0, leased: Int = 0, oldestReadyAge: Double? = nil,
                    finishedLastMinute: Int = 0, finishedLastHour: Int = 0, deadLetters: Int = 0) {
            self.pipeline = pipeline
            self.stage = stage
            self.ready = ready
            self.scheduled = scheduled
            self.leased = leased
            self.oldestReadyAge = oldestReadyAge
            self.finishedLastMinute = finishedLastMinute
            self.finishedLastHour = finishedLastHour
            self.deadLetters = deadLetters
        }
    }
    /// Items per pipeline and state.
    public var items: [String: [String: Int]]
    public var stages: [StageRow]
    public init(items: [String: [String: Int]], stages: [StageRow]) {
        self.items = items
        self.stages = stages
    }
}

extension ObservationStore {
    /// Every finished job in [from, to), a page of up to 1000 at a time, for counts and metrics over a window.
    public func forEachFinishedJob(from: Date, to: Date, _ body: ([Job]) async throws -> Void) async throws {
        var after: JobID? = nil
        while true {
            let page = try await finishedJobs(from: from, to: to, after: after, limit: 1000)
            guard let last = page.last else { return }
            after = last.id
            try await body(page)
        }
    }
}

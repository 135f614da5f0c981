import Foundation
import CoreMetrics
import Metrics
import Prometheus
import Synchronization

/// Every metric Quire exports, in one place: the capability modules call these helpers (which
/// use the swift-metrics API), and ``QuireMetrics/bootstrap()`` points swift-metrics at one
/// Prometheus registry that `/metrics` and `quire metrics` print. Names and labels are listed in
/// docs/observability.md.
public enum QuireMetrics {
    /// The registry the Prometheus backend writes into.
    static let registry = PrometheusCollectorRegistry()
    private static let started = Mutex(false)

    /// Buckets for stage and bot durations (seconds) and for probabilities.
    static let durationBuckets: [Duration] = [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                                              .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5),
                                              .seconds(10), .seconds(30), .seconds(60), .seconds(120), .seconds(300)]
    static let probabilityBuckets: [Double] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99]
    static let handleBuckets: [Duration] = [.seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(120), .seconds(300), .seconds(600), .seconds(1800)]

    /// Makes the Prometheus registry swift-metrics' backend, once per process (later calls do nothing).
    public static func bootstrap() {
        let first = started.withLock { s -> Bool in
            defer { s = true }
            return !s
        }
        guard first else { return }
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = durationBuckets
        factory.durationHistogramBuckets = [Name.reviewHandle: handleBuckets]
        factory.valueHistogramBuckets = [Name.classifierConfidence: probabilityBuckets]
        MetricsSystem.bootstrap(factory)
    }

    /// The Prometheus text exposition of everything recorded so far.
    public static func exposition() -> String { registry.emitToString() }

    public enum Name {
        public static let stageDuration = "quire_stage_duration_seconds"
        public static let stageAttempts = "quire_stage_attempts_total"
        public static let retries = "quire_retries_total"
        public static let deadLetters = "quire_dead_letters_total"
        public static let rescued = "quire_rescued_jobs_total"
        public static let workerRestarts = "quire_worker_restarts_total"
        public static let spoolRejected = "quire_spool_rejected_total"
        public static let itemsReceived = "quire_items_received_total"
        public static let ocrPages = "quire_ocr_pages_total"
        public static let ocrSeconds = "quire_ocr_seconds_total"
        public static let classifierConfidence = "quire_classifier_confidence"
        public static let botResults = "quire_bot_results_total"
        public static let botDuration = "quire_bot_duration_seconds"
        public static let reviewHandle = "quire_review_handle_seconds"
        public static let reviewDecisions = "quire_review_decisions_total"
        // Gauges read from the store when scraped.
        public static let jobs = "quire_jobs"
        public static let queueOldest = "quire_queue_oldest_age_seconds"
        public static let items = "quire_items"
        public static let deadLetterJobs = "quire_dead_letter_jobs"
        public static let reviewBacklog = "quire_review_backlog"
        public static let reviewOldest = "quire_review_oldest_age_seconds"
        public static let reviewOverdue = "quire_review_overdue"
        public static let drift = "quire_classifier_drift_psi"
        public static let alerts = "quire_alerts_active"
    }

    // MARK: Events, recorded where they happen

    /// One attempt of a stage ended. `outcome`: done, retry, dead_letter, stopped (business error,
    /// needs human, cancel), snoozed.
    public static func stageAttempt(pipeline: String, stage: String, outcome: String, seconds: Double) {
        Timer(label: Name.stageDuration, dimensions: [("pipeline", pipeline), ("stage", stage)]).recordNanoseconds(Int64(max(0, seconds) * 1e9))
        Counter(label: Name.stageAttempts, dimensions: [("pipeline", pipeline), ("stage", stage), ("outcome", outcome)]).increment()
        if outcome == "retry" { Counter(label: Name.retries, dimensions: [("pipeline", pipeline), ("stage", stage)]).increment() }
        if outcome == "dead_letter" { deadLetter(pipeline: pipeline, stage: stage) }
    }

    public static func deadLetter(pipeline: String, stage: String) {
        Counter(label: Name.deadLetters, dimensions: [("pipeline", pipeline), ("stage", stage)]).increment()
    }

    public static func rescued(pipeline: String, stage: String) {
        Counter(label: Name.rescued, dimensions: [("pipeline", pipeline), ("stage", stage)]).increment()
    }

    /// An isolated worker process died (crash, memory or CPU limit, timeout) and was replaced.
    public static func workerRestarted(reason: String) {
        Counter(label: Name.workerRestarts, dimensions: [("reason", reason)]).increment()
    }

    public static func itemReceived(pipeline: String, source: String) {
        Counter(label: Name.itemsReceived, dimensions: [("pipeline", pipeline), ("source", source)]).increment()
    }

    public static func spoolRejected(pipeline: String, code: String) {
        Counter(label: Name.spoolRejected, dimensions: [("pipeline", pipeline), ("code", code)]).increment()
    }

    public static func ocrPage(pipeline: String, seconds: Double) {
        Counter(label: Name.ocrPages, dimensions: [("pipeline", pipeline)]).increment()
        FloatingPointCounter(label: Name.ocrSeconds, dimensions: [("pipeline", pipeline)]).increment(by: max(0, seconds))
    }

    public static func classified(model: String, probability: Double) {
        Recorder(label: Name.classifierConfidence, dimensions: [("model", model)], aggregate: true).record(probability)
    }

    /// A bot attempt ended: `result` is done, business_error, application_error or needs_human.
    public static func botResult(bot: String, result: String, seconds: Double) {
        Counter(label: Name.botResults, dimensions: [("bot", bot), ("result", result)]).increment()
        Timer(label: Name.botDuration, dimensions: [("bot", bot)]).recordNanoseconds(Int64(max(0, seconds) * 1e9))
    }

    /// A reviewer decided (approved, corrected, rejected, escalated ...) after `seconds` of handling.
    public static func reviewDecision(queue: String, action: String, seconds: Double?) {
        Counter(label: Name.reviewDecisions, dimensions: [("queue", queue), ("action", action)]).increment()
        if let seconds { Timer(label: Name.reviewHandle, dimensions: [("queue", queue)]).recordNanoseconds(Int64(max(0, seconds) * 1e9)) }
    }

    // MARK: Gauges, set from the store when scraped

    /// A gauge value; `labels` in a fixed order per name.
    public static func gauge(_ name: String, _ labels: [(String, String)], _ value: Double) {
        Gauge(label: name, dimensions: labels).record(value)
    }
}

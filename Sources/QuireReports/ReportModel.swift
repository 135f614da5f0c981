public import Foundation

/// One day of the appliance, the single model every renderer reads (JSON, CSV, text, HTML, PDF).
/// `schema` versions the JSON: fields are added within a version, never renamed or removed.
public struct ReportModel: Codable, Sendable, Equatable {
    public static let schemaVersion = "quire.report/1"
    public var schema = ReportModel.schemaVersion
    /// The day, `YYYY-MM-DD`, in `timeZone`.
    public var date: String
    public var timeZone: String
    public var from: Date
    public var to: Date
    public var generatedAt: Date
    public var quireVersion: String

    public var headline: Headline
    public var volume: Volume
    public var funnel: Funnel
    public var latency: [StageLatency]
    public var endToEnd: Percentiles
    public var exceptions: [ExceptionGroup]
    public var sla: SLA
    public var review: ReviewWorkload
    public var quality: ModelQuality
    public var cost: Cost
    public var versions: Versions
    /// The audit trail's newest entry when the report was written, signed with the audit key: a
    /// copy of the report kept off the machine lets `quire audit verify --report` find a cut tail.
    public var auditCheckpoint: AuditAnchor?
    /// One row per item received that day (for documents.csv).
    public var documents: [DocumentRow]
    /// Review decisions of the day (for review_actions.csv).
    public var reviewActions: [ReviewRow]

    public enum Status: String, Codable, Sendable { case green, amber, red }

    public struct Figure: Codable, Sendable, Equatable {
        public var name: String
        public var label: String
        public var value: Double?
        public var unit: String
        /// Median of the same figure over the 7 days before (nil without history).
        public var median7d: Double?
        /// Whether a higher value is better (for the arrow and the colour).
        public var higherIsBetter: Bool
        public var status: Status
    }

    public struct Headline: Codable, Sendable, Equatable {
        public var status: Status
        public var figures: [Figure]
        public var notes: [String]
    }

    public struct Volume: Codable, Sendable, Equatable {
        /// Items received per hour of the day (24 values).
        public var receivedPerHour: [Int]
        /// Items finished (done, failed, exception, cancelled) per hour.
        public var finishedPerHour: [Int]
        /// Items of the day not finished at the end of each hour.
        public var backlogPerHour: [Int]
        public var byPipeline: [String: Int]
    }

    public struct Funnel: Codable, Sendable, Equatable {
        public var received = 0
        public var duplicates = 0
        public var autoApproved = 0
        public var reviewed = 0
        public var approved = 0
        public var corrected = 0
        public var rejected = 0
        public var dispatched = 0
        public var failed = 0
        public var inProgress = 0
        public init() {}
    }

    public struct Percentiles: Codable, Sendable, Equatable {
        public var count: Int
        public var p50: Double?
        public var p95: Double?
        public var p99: Double?
    }

    public struct StageLatency: Codable, Sendable, Equatable {
        public var pipeline: String
        public var stage: String
        public var seconds: Percentiles
        public var attempts: Int
        public var retries: Int
    }

    public struct ExceptionGroup: Codable, Sendable, Equatable {
        /// `stage/code`, e.g. `fields/duplicate_invoice`.
        public var signature: String
        public var count: Int
        public var message: String
        public var examples: [String]
    }

    public struct SLA: Codable, Sendable, Equatable {
        public var met = 0
        public var missed = 0
        /// Not finished, more than 75 % of the SLA gone.
        public var atRisk = 0
        public var open = 0
        public var atRiskItems: [String] = []
        public init() {}
    }

    public struct ReviewWorkload: Codable, Sendable, Equatable {
        public var decisions: Int
        public var handleSeconds: Percentiles
        /// Open reviews at the end of the day by age: under 1 h, 1–8 h, 8–24 h, over 24 h.
        public var aging: [String: Int]
        /// Why items went to review (review reasons), and why they were rejected.
        public var reasons: [String: Int]
        public var rejectReasons: [String: Int]
        /// Fields people corrected, most first.
        public var correctedFields: [FieldCount]
        public var byReviewer: [String: Int]
    }

    public struct FieldCount: Codable, Sendable, Equatable {
        public var field: String
        public var count: Int
    }

    public struct FieldMetric: Codable, Sendable, Equatable {
        public var field: String
        /// Reviewed documents where the field was extracted / present after review / right as extracted.
        public var extracted: Int
        public var expected: Int
        public var correct: Int
        public var precision: Double?
        public var recall: Double?
    }

    public struct CalibrationBin: Codable, Sendable, Equatable {
        public var lower: Double
        public var upper: Double
        public var count: Int
        /// Share of the bin whose type a reviewer confirmed.
        public var accuracy: Double?
        public var meanConfidence: Double?
    }

    public struct ModelQuality: Codable, Sendable, Equatable {
        /// From review corrections (every reviewed item, the audit sample among them).
        public var fields: [FieldMetric]
        public var calibration: [CalibrationBin]
        /// Label drift per model (PSI of the day against the 28 days before).
        public var drift: [String: Double]
        public var classifications: Int
        public var abstained: Int
    }

    public struct Cost: Codable, Sendable, Equatable {
        /// Wall-clock seconds of every stage attempt of the day's items (a proxy for CPU seconds).
        public var processingSeconds: Double
        public var reviewMinutes: Double
        public var ratePerCPUHour: Double
        public var ratePerReviewHour: Double
        public var currency: String
        public var total: Double
        public var perDocument: Double?
        /// Documents that needed no person, times the manual minutes each would have taken, less the review time.
        public var hoursSaved: Double
    }

    /// A signed (entry number, hash) of the audit trail: `mac` is the audit key's HMAC over them and `at`.
    public struct AuditAnchor: Codable, Sendable, Equatable {
        public var seq: Int64
        public var hash: String
        public var at: String
        public var mac: String

        public init(seq: Int64, hash: String, at: String, mac: String) {
            (self.seq, self.hash, self.at, self.mac) = (seq, hash, at, mac)
        }
    }

    public struct Versions: Codable, Sendable, Equatable {
        public var pipelines: [String: Int]
        /// model → version → decisions that day.
        public var models: [String: [String: Int]]
        /// bot → attempts that day.
        public var bots: [String: Int]
    }

    public struct DocumentRow: Codable, Sendable, Equatable {
        public var item: String
        public var pipeline: String
        public var name: String
        public var received: Date
        public var finished: Date?
        public var state: String
        public var endToEndSeconds: Double?
        public var documentType: String?
        public var decision: String
        public var reviewers: [String]
        public var reason: String?
    }

    public struct ReviewRow: Codable, Sendable, Equatable {
        public var item: String
        public var at: Date
        public var actor: String
        public var action: String
        public var seconds: Double
        public var reasonCode: String?
        public var correctedFields: [String]
    }
}

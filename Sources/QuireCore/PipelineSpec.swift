/// A pipeline: where items come from, the stages they pass through, and the policies
/// later stages read. Loaded from `pipelines/<name>.yaml` and validated at load.
public struct PipelineSpec: Sendable {
    public var name: String
    public var version: Int
    public var description: String?
    public var spool: SpoolSourceSpec?
    /// Whether `quire drop`/`submit` and the API may submit to this pipeline.
    public var submit: Bool
    public var stages: [StageSpec]
    /// Stages that run once when an item fails (dead letter) or ends in a business error.
    public var onFailure: [StageSpec]
    /// Thresholds and limits that stages read (confidence, amounts, four eyes, ...).
    public var policies: [String: JSONValue]
    /// Where to tell of items that are done, failed or waiting for review (signed POSTs).
    public var webhooks: [WebhookSpec] = []
    /// The file it was loaded from, for messages.
    public var file: String?

    public init(name: String, version: Int = 1, description: String? = nil, spool: SpoolSourceSpec? = SpoolSourceSpec(), submit: Bool = true,
                stages: [StageSpec], onFailure: [StageSpec] = [], policies: [String: JSONValue] = [:], file: String? = nil) {
        self.name = name
        self.version = version
        self.description = description
        self.spool = spool
        self.submit = submit
        self.stages = stages
        self.onFailure = onFailure
        self.policies = policies
        self.file = file
    }

    /// A stage by id, from the main list or the failure list.
    public func stage(_ id: String) -> StageSpec? {
        stages.first { $0.id == id } ?? onFailure.first { $0.id == id }
    }

    /// Whether the stage belongs to the failure path.
    public func isFailureStage(_ id: String) -> Bool { onFailure.contains { $0.id == id } }
}

/// Settings of the spool source, `sources.spool` in the spec.
public struct SpoolSourceSpec: Sendable, Hashable {
    /// Media types taken; anything else is rejected with a record.
    public var accept: [MediaType]
    /// Larger files are rejected (default 100 MB).
    public var maxSize: Int64

    public init(accept: [MediaType] = MediaType.documentDefaults, maxSize: Int64 = 100_000_000) {
        self.accept = accept
        self.maxSize = maxSize
    }
}

/// One stage of a pipeline.
public struct StageSpec: Sendable {
    public var id: String
    /// The registered stage kind (`use:`).
    public var kind: String
    /// The kind's settings (`with:`).
    public var settings: JSONValue
    public var when: WhenExpression?
    /// Fan-out: a field path to a list (`text.needs_ocr`); one job runs per element, in parallel,
    /// and the item moves on when all of them are done. nil for an ordinary stage.
    public var each: [String]?
    /// Seconds a run may take before it is cancelled and counted as a failed attempt (default 300).
    public var timeout: Double
    public var retry: RetryPolicy
    /// Jobs of this stage that may run at once on one node (nil: no limit beyond the worker count).
    public var concurrency: Int?
    /// Claims allowed per period, as a token bucket (nil: unlimited).
    public var rate: Rate?
    /// Lease length, seconds (default 15).
    public var lease: Double
    /// Heartbeat interval, seconds (default 5).
    public var heartbeat: Double
    /// Added to the item's priority for this stage's jobs.
    public var priority: Int
    /// Line in the spec file, for messages.
    public var line: Int

    public struct Rate: Sendable, Hashable {
        public var count: Double
        public var period: Double
        public var text: String
        public init(count: Double, period: Double, text: String) {
            self.count = count
            self.period = period
            self.text = text
        }
    }

    public static let defaultTimeout = 300.0
    public static let defaultLease = 15.0
    public static let defaultHeartbeat = 5.0

    public init(id: String, kind: String, settings: JSONValue = .emptyObject, when: WhenExpression? = nil, each: [String]? = nil, timeout: Double = StageSpec.defaultTimeout,
                retry: RetryPolicy = RetryPolicy(), concurrency: Int? = nil, rate: Rate? = nil, lease: Double = StageSpec.defaultLease,
                heartbeat: Double = StageSpec.defaultHeartbeat, priority: Int = 0, line: Int = 0) {
        self.id = id
        self.kind = kind
        self.settings = settings
        self.when = when
        self.each = each
        self.timeout = timeout
        self.retry = retry
        self.concurrency = concurrency
        self.rate = rate
        self.lease = lease
        self.heartbeat = heartbeat
        self.priority = priority
        self.line = line
    }
}

/// A pipeline's webhook: `POST url` for the chosen events, signed with HMAC-SHA256 over
/// `<timestamp>.<body>` using a secret from the secrets file or the environment.
public struct WebhookSpec: Sendable, Hashable {
    public enum Event: String, Sendable, Hashable, CaseIterable {
        case done
        case failed
        case needsReview = "needs_review"
    }
    public var url: String
    public var events: [Event]
    /// Name of the secret that signs the requests.
    public var secret: String
    public var line: Int
    public init(url: String, events: [Event] = Event.allCases, secret: String, line: Int = 0) {
        self.url = url
        self.events = events
        self.secret = secret
        self.line = line
    }
}

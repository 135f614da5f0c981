/// An error that says what went wrong and what to do about it.
///
/// Modelled on `ServiceGroupError` and `FileSystemError`: a stable ``Code`` that
/// programs can match on, a message for people, and an optional underlying cause.
/// Errors become HTTP statuses only at the HTTP layer and exit codes only in the CLI.
public struct QuireError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A stable, machine-readable category.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidPipeline = "invalid_pipeline"
            case invalidArgument = "invalid_argument"
            case invalidConfiguration = "invalid_configuration"
            case notFound = "not_found"
            case conflict = "conflict"
            case staleLease = "stale_lease"
            case storage = "storage"
            case io = "io"
            case unsupportedInput = "unsupported_input"
            case unknownStageKind = "unknown_stage_kind"
            case invalidState = "invalid_state"
            case workerCrashed = "worker_crashed"
            case timeout = "timeout"
            case `internal` = "internal"
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A pipeline spec is malformed or refers to something that does not exist.
        public static let invalidPipeline = Code(.invalidPipeline)
        /// A caller passed a value that cannot be used.
        public static let invalidArgument = Code(.invalidArgument)
        /// The appliance configuration is malformed.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// An item, job or file does not exist.
        public static let notFound = Code(.notFound)
        /// A uniqueness rule or a version check refused the change.
        public static let conflict = Code(.conflict)
        /// A heartbeat or completion carried a fencing token that is no longer current.
        public static let staleLease = Code(.staleLease)
        /// The database refused or failed an operation.
        public static let storage = Code(.storage)
        /// A file-system operation failed.
        public static let io = Code(.io)
        /// Input bytes are of a type or size that Quire does not accept.
        public static let unsupportedInput = Code(.unsupportedInput)
        /// A pipeline names a stage kind that is not registered.
        public static let unknownStageKind = Code(.unknownStageKind)
        /// The operation is not allowed in the object's current state.
        public static let invalidState = Code(.invalidState)
        /// An isolated worker process died (a signal, a resource limit) while it worked on the input.
        public static let workerCrashed = Code(.workerCrashed)
        /// Work ran past its time limit and was stopped.
        public static let timeout = Code(.timeout)
        /// A bug in Quire.
        public static let `internal` = Code(.internal)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// What went wrong and what to do, for people.
    public var message: String
    /// The underlying error, if any.
    public var cause: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String {
        if let cause { return "\(message) (\(cause))" }
        return message
    }

    public static func == (lhs: QuireError, rhs: QuireError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message
    }
}

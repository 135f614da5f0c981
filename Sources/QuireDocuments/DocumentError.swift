/// Why a document could not be read. Messages say what a person can do about it.
public struct DocumentError: Error, Sendable, CustomStringConvertible, Equatable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case encrypted, damaged, unreadable, tooManyPages = "too_many_pages"
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        /// The PDF needs a password.
        public static let encrypted = Code(.encrypted)
        /// The PDF's structure is broken beyond what poppler can repair.
        public static let damaged = Code(.damaged)
        /// The file cannot be opened at all.
        public static let unreadable = Code(.unreadable)
        /// More pages than the configured limit.
        public static let tooManyPages = Code(.tooManyPages)
        public var description: String { base.rawValue }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

public import QuireStore

/// The store drivers the conformance suite runs against. The PostgreSQL driver joins this list.
public enum StoreDriver: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite

    public var description: String { rawValue }

    /// A fresh, empty store for one test, and a closure that removes it.
    public func makeStore() throws -> (store: any Store, cleanup: @Sendable () -> Void) {
        switch self {
        case .sqlite:
            let dir = try TemporaryDirectory("quire-store")
            let store = try SQLiteStore(path: dir.file("quire.sqlite"))
            return (store, { dir.remove() })
        }
    }
}

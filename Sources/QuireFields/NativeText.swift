import Foundation
import QuireCore

// In this module `contains(_:)` with a string and `trimmingCharacters(in:)` on a String or Substring are these, not
// Foundation's: Foundation's copy the text into an NSString and back on every call (on Linux), and the fields stage calls
// them on every word and line of a page: with the regular expressions compiled anew on every call, that was most of the
// 33 ms a real invoice's fields took to extract (now 11 ms; docs/benchmarks.md, "Fields" and "Drop to done"). A method on the concrete type wins over Foundation's on `StringProtocol`, so every
// call site in the module uses these; they answer as Foundation's do (see `includes(_:)` and `trimmed(_:)` in QuireCore).

extension String {
    func contains(_ other: String) -> Bool { includes(other) }
    func trimmingCharacters(in set: CharacterSet) -> String { trimmed(set) }
}

extension Substring {
    func contains(_ other: String) -> Bool { includes(other) }
    func trimmingCharacters(in set: CharacterSet) -> String { trimmed(set) }
}

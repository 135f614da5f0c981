public import Foundation

/// String work the fields stage does on every word and line, without Foundation's bridge to `NSString`: on Linux
/// `trimmingCharacters(in:)`, `contains(_:)` and `folding(options:locale:)` from Foundation copy the string into an
/// NSString and back on every call, which was a third of the fields stage's time on real invoices
/// (docs/benchmarks.md, "Drop to done").
extension StringProtocol {
    /// `trimmingCharacters(in: set)`, on the string's own Unicode scalars.
    @inlinable
    public func trimmed(_ set: CharacterSet) -> String {
        let scalars = unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, set.contains(scalars[start]) { start = scalars.index(after: start) }
        while end > start {
            let before = scalars.index(before: end)
            guard set.contains(scalars[before]) else { break }
            end = before
        }
        return String(self[start..<end])
    }

    /// Whether `other` occurs in the string, as Foundation's `contains(_:)` answers: bytes compared where `other` is
    /// ASCII (a match then differs from Foundation's only where the text puts a combining accent on its last letter),
    /// no match in ASCII text for a pattern that is not, and Foundation's comparison for the rest. Empty: false.
    @inlinable
    public func includes(_ other: String) -> Bool {
        guard !other.isEmpty else { return false }
        if other.utf8.allSatisfy({ $0 < 0x80 }) { return Self.bytes(of: String(self), contain: other) }
        if utf8.allSatisfy({ $0 < 0x80 }) { return false }
        return range(of: other) != nil
    }

    /// Whether the UTF-8 of `text` holds that of `pattern`: a plain search (the standard library's generic
    /// `firstRange(of:)` on a UTF-8 view is slower than Foundation's search, this one is about twenty times faster).
    @inlinable
    static func bytes(of text: String, contain pattern: String) -> Bool {
        var text = text, pattern = pattern
        return pattern.withUTF8 { p in
            text.withUTF8 { t in
                let n = p.count, m = t.count
                guard n <= m, let first = p.first else { return false }
                var i = 0
                while i <= m - n {
                    if t[i] == first {
                        var j = 1
                        while j < n && t[i + j] == p[j] { j += 1 }
                        if j == n { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }

    /// Whether the string is ASCII and holds no digit 0–9: no date or amount can be read in it (a pattern's `\d`
    /// matches other scripts' digits too, so a string that is not ASCII is not answered for).
    @inlinable
    public var isASCIIWithoutDigits: Bool { utf8.allSatisfy { $0 < 0x80 && !(0x30...0x39).contains($0) } }

    /// The string without accents (`folding(options: .diacriticInsensitive, locale: nil)`); ASCII is returned as it is.
    @inlinable
    public func withoutAccents() -> String {
        utf8.allSatisfy({ $0 < 0x80 }) ? String(self) : folding(options: .diacriticInsensitive, locale: nil)
    }
}

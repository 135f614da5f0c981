import Foundation

/// A regular expression compiled once, for the fields stage's hot paths. Foundation's
/// `String.range(of:options: .regularExpression)` and `replacingOccurrences(of:with:options: .regularExpression)`
/// compile their pattern on every call (swift-corelibs-foundation keeps no cache): on a server taking in
/// born-digital invoices that compiling was a fifth of all CPU time, most of it in cleaning company names
/// (docs/benchmarks.md, "Drop to done").
struct Pattern: Sendable {
    let regex: NSRegularExpression

    /// `pattern` must compile: these are the program's own literals, so a bad one is a programming error.
    init(_ pattern: String, caseInsensitive: Bool = false) {
        regex = try! NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : [])
    }

    /// The range of the first match in `text`, as `String.range(of:options: .regularExpression)` gives it.
    func firstRange(in text: String) -> Range<String.Index>? {
        guard let m = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        return Range(m.range, in: text)
    }

    func matches<S: StringProtocol>(_ text: S) -> Bool {
        let s = String(text)
        return regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
    }

    /// `text` with every match replaced by `template` (`$1` names a group).
    func replacing(in text: String, with template: String) -> String {
        regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
    }
}

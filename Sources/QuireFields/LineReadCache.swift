import Synchronization

/// What `Dates.find` and `Amounts.find` read in a line, kept for the next time the same line is read: the layout rules ask
/// each line for its dates and amounts many times over (a label's rule, the totals, the ranker's features), and those two
/// regular expressions were a sixth of a real invoice's extraction. Keyed by the line's exact bytes, not by `==` (which
/// holds for two spellings of an accent, while a range found in one string is only valid in another with the same bytes),
/// and by the variant read (a date order, a decimal separator). At most `limit` lines; emptied when full. Shared by every
/// extraction in the process, behind a lock.
final class LineReadCache<Value: Sendable>: Sendable {
    struct Key: Hashable {
        let text: String
        let variant: String
        static func == (a: Key, b: Key) -> Bool { a.variant == b.variant && a.text.utf8.elementsEqual(b.text.utf8) }
        func hash(into h: inout Hasher) {
            h.combine(variant)
            var t = text
            t.withUTF8 { h.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }

    private let entries = Mutex<[Key: Value]>([:])
    let limit: Int

    init(limit: Int = 4096) { self.limit = limit }

    func value(_ text: String, variant: String, _ read: () -> Value) -> Value {
        let key = Key(text: text, variant: variant)
        if let v = entries.withLock({ $0[key] }) { return v }
        let v = read()
        entries.withLock {
            if $0.count >= limit { $0.removeAll(keepingCapacity: true) }
            $0[key] = v
        }
        return v
    }
}

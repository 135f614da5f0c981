public import Foundation

/// A cron schedule: five fields (`minute hour day-of-month month day-of-week`, with
/// `*`, lists, ranges and steps), the shorthands `@hourly`, `@daily`, `@weekly`,
/// `@monthly`, or `@every DURATION` for a fixed interval. Times are in `timeZone` (UTC by default).
public struct CronSchedule: Sendable, Hashable, CustomStringConvertible {
    public let expression: String
    private let kind: Kind
    public let timeZone: TimeZone

    private enum Kind: Sendable, Hashable {
        case every(Double)
        case fields(minutes: Set<Int>, hours: Set<Int>, days: Set<Int>, months: Set<Int>, weekdays: Set<Int>, dayRestricted: Bool, weekdayRestricted: Bool)
    }

    public init(_ expression: String, timeZone: TimeZone = TimeZone(identifier: "UTC")!) throws {
        self.expression = expression
        self.timeZone = timeZone
        let text = expression.trimmingCharacters(in: .whitespaces)
        switch text {
        case "@hourly": kind = try Self.parseFields("0 * * * *")
        case "@daily", "@midnight": kind = try Self.parseFields("0 0 * * *")
        case "@weekly": kind = try Self.parseFields("0 0 * * 0")
        case "@monthly": kind = try Self.parseFields("0 0 1 * *")
        default:
            if text.hasPrefix("@every") {
                let rest = String(text.dropFirst("@every".count))
                guard let s = Quantities.seconds(rest), s >= 1 else {
                    throw QuireError(.invalidArgument, "cron '\(expression)': '@every' wants a duration of at least 1s, such as '@every 30s' or '@every 5m'")
                }
                kind = .every(s)
            } else {
                kind = try Self.parseFields(text)
            }
        }
    }

    private static func parseFields(_ text: String) throws -> Kind {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard parts.count == 5 else {
            throw QuireError(.invalidArgument, "cron '\(text)' has \(parts.count) fields; write five (minute hour day month weekday), e.g. '0 2 * * *' for 02:00 every day, or '@every 10m'")
        }
        let minutes = try field(parts[0], 0...59, "minute")
        let hours = try field(parts[1], 0...23, "hour")
        let days = try field(parts[2], 1...31, "day of month")
        let months = try field(parts[3], 1...12, "month")
        var weekdays = try field(parts[4], 0...7, "day of week")
        if weekdays.contains(7) { weekdays.remove(7); weekdays.insert(0) }
        return .fields(minutes: minutes, hours: hours, days: days, months: months, weekdays: weekdays,
                       dayRestricted: parts[2] != "*", weekdayRestricted: parts[4] != "*")
    }

    private static func field(_ text: String, _ range: ClosedRange<Int>, _ name: String) throws -> Set<Int> {
        var result = Set<Int>()
        for piece in text.split(separator: ",") {
            var step = 1
            var body = Substring(piece)
            if let slash = piece.firstIndex(of: "/") {
                guard let s = Int(piece[piece.index(after: slash)...]), s > 0 else {
                    throw QuireError(.invalidArgument, "cron \(name) '\(text)': the step after '/' must be a positive number")
                }
                step = s
                body = piece[..<slash]
            }
            var lo = range.lowerBound, hi = range.upperBound
            if body != "*" {
                let bounds = body.split(separator: "-", maxSplits: 1)
                guard let a = Int(bounds[0]), range.contains(a) else {
                    throw QuireError(.invalidArgument, "cron \(name) '\(text)': '\(body)' is not a number in \(range.lowerBound)-\(range.upperBound)")
                }
                lo = a
                hi = step > 1 && bounds.count == 1 ? range.upperBound : a
                if bounds.count == 2 {
                    guard let b = Int(bounds[1]), range.contains(b), b >= a else {
                        throw QuireError(.invalidArgument, "cron \(name) '\(text)': '\(body)' is not a range within \(range.lowerBound)-\(range.upperBound)")
                    }
                    hi = b
                }
            }
            for v in stride(from: lo, through: hi, by: step) { result.insert(v) }
        }
        return result
    }

    /// The first fire time strictly after `date`.
    public func next(after date: Date) -> Date {
        switch kind {
        case .every(let interval):
            let n = (date.timeIntervalSince1970 / interval).rounded(.down) + 1
            return Date(timeIntervalSince1970: n * interval)
        case let .fields(minutes, hours, days, months, weekdays, dayRestricted, weekdayRestricted):
            var cal = Calendar(identifier: .gregorian)
            cal.timeZone = timeZone
            var c = cal.dateComponents([.year, .month, .day, .hour, .minute], from: date.addingTimeInterval(60))
            c.second = 0
            var t = cal.date(from: c)!
            // At most ~5 years of iterations with coarse skips; cron has no impossible schedules except Feb 30.
            for _ in 0..<200_000 {
                let p = cal.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: t)
                if !months.contains(p.month!) {
                    t = cal.date(from: DateComponents(year: p.year, month: p.month! + 1, day: 1, hour: 0, minute: 0))!
                    continue
                }
                let dayOK = days.contains(p.day!)
                let wdOK = weekdays.contains(p.weekday! - 1)
                let matchDay: Bool
                if dayRestricted && weekdayRestricted { matchDay = dayOK || wdOK } else { matchDay = dayOK && wdOK }
                if !matchDay {
                    t = cal.date(from: DateComponents(year: p.year, month: p.month, day: p.day! + 1, hour: 0, minute: 0))!
                    continue
                }
                if !hours.contains(p.hour!) {
                    t = cal.date(from: DateComponents(year: p.year, month: p.month, day: p.day, hour: p.hour! + 1, minute: 0))!
                    continue
                }
                if !minutes.contains(p.minute!) {
                    t = t.addingTimeInterval(60)
                    continue
                }
                return t
            }
            return Date.distantFuture
        }
    }

    /// The latest fire time at or before `date` (the tick that `date` belongs to).
    public func tick(containing date: Date) -> Date {
        if case .every(let interval) = kind {
            return Date(timeIntervalSince1970: (date.timeIntervalSince1970 / interval).rounded(.down) * interval)
        }
        // Walk back in hour-sized windows until a fire time lands at or before `date`.
        var probe = date.addingTimeInterval(-3600)
        for _ in 0..<(24 * 400) {
            var candidate = next(after: probe)
            if candidate <= date {
                while true {
                    let n = next(after: candidate)
                    if n > date { return candidate }
                    candidate = n
                }
            }
            probe = probe.addingTimeInterval(-3600)
        }
        return Date.distantPast
    }

    public var description: String { expression }
}

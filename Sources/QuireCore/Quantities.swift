import Foundation

/// Parsers for the human-friendly quantities that specs and configuration use.
public enum Quantities {
    /// Parses `500ms`, `15s`, `2m`, `1h`, `7d`, `1h30m` or a plain number of seconds.
    /// Returns seconds, or nil when the text is not a duration.
    public static func seconds(_ text: String) -> Double? {
        let s = text.trimmingCharacters(in: .whitespaces).lowercased()
        if s.isEmpty { return nil }
        if let plain = Double(s), plain >= 0 { return plain }
        var total = 0.0
        var number = ""
        var unit = ""
        var sawAny = false
        func flush() -> Bool {
            guard !number.isEmpty, let n = Double(number) else { return false }
            let factor: Double
            switch unit {
            case "ms": factor = 0.001
            case "s", "sec": factor = 1
            case "m", "min": factor = 60
            case "h": factor = 3600
            case "d": factor = 86_400
            case "w": factor = 604_800
            default: return false
            }
            total += n * factor
            number = ""
            unit = ""
            sawAny = true
            return true
        }
        for ch in s {
            if ch.isNumber || ch == "." {
                if !unit.isEmpty { guard flush() else { return nil } }
                number.append(ch)
            } else if ch.isLetter {
                guard !number.isEmpty else { return nil }
                unit.append(ch)
            } else if ch == " " {
                continue
            } else {
                return nil
            }
        }
        guard flush(), sawAny else { return nil }
        return total
    }

    /// Parses `1024`, `10KB`, `10 KiB`, `50MB`, `2GiB` (KB = 1000, KiB = 1024). Returns bytes.
    public static func bytes(_ text: String) -> Int64? {
        let s = text.trimmingCharacters(in: .whitespaces)
        if let plain = Int64(s), plain >= 0 { return plain }
        let digits = s.prefix { $0.isNumber || $0 == "." }
        guard let n = Double(digits), n >= 0 else { return nil }
        let unit = s.dropFirst(digits.count).trimmingCharacters(in: .whitespaces).lowercased()
        let factor: Double
        switch unit {
        case "b": factor = 1
        case "kb", "k": factor = 1_000
        case "kib": factor = 1_024
        case "mb", "m": factor = 1_000_000
        case "mib": factor = 1_048_576
        case "gb", "g": factor = 1_000_000_000
        case "gib": factor = 1_073_741_824
        default: return nil
        }
        return Int64(n * factor)
    }

    /// Parses a rate such as `10/s`, `600/m`, `5/h`. Returns (count, period in seconds).
    public static func rate(_ text: String) -> (count: Double, period: Double)? {
        let parts = text.split(separator: "/", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let n = Double(parts[0]), n > 0 else { return nil }
        let period: Double
        switch parts[1].lowercased() {
        case "s", "sec", "second": period = 1
        case "m", "min", "minute": period = 60
        case "h", "hour": period = 3600
        case "d", "day": period = 86_400
        default:
            guard let p = seconds(parts[1]), p > 0 else { return nil }
            period = p
        }
        return (n, period)
    }
}


import Foundation
import QuireCore
import Testing

@Suite("Quantities, retry, token bucket, cron, media types")
struct ValueTypesTests {
    @Test func durations() {
        #expect(Quantities.seconds("15s") == 15)
        #expect(Quantities.seconds("500ms") == 0.5)
        #expect(Quantities.seconds("1h30m") == 5400)
        #expect(Quantities.seconds("2") == 2)
        #expect(Quantities.seconds("7d") == 604_800)
        #expect(Quantities.seconds("soon") == nil)
        #expect(Quantities.seconds("5x") == nil)
        #expect(Quantities.bytes("50MB") == 50_000_000)
        #expect(Quantities.bytes("2 MiB") == 2_097_152)
        #expect(Quantities.bytes("big") == nil)
        #expect(Quantities.rate("10/s")! == (10, 1))
        #expect(Quantities.rate("600/m")! == (600, 60))
        #expect(Quantities.rate("fast") == nil)
    }

    @Test func backoffGrowsExponentiallyWithJitterAndACap() {
        let p = RetryPolicy(maxAttempts: 6, initialBackoff: 1, maxBackoff: 10, multiplier: 2, jitter: 0.2)
        #expect(p.backoff(afterAttempt: 1, random: 0.5) == 1)
        #expect(p.backoff(afterAttempt: 2, random: 0.5) == 2)
        #expect(p.backoff(afterAttempt: 3, random: 0.5) == 4)
        #expect(p.backoff(afterAttempt: 5, random: 0.5) == 10, "capped")
        #expect(p.backoff(afterAttempt: 3, random: 0) == 3.2)
        #expect(abs(p.backoff(afterAttempt: 3, random: 0.999_999) - 4.8) < 0.001)
        #expect(p.allowsRetry(afterAttempts: 5))
        #expect(!p.allowsRetry(afterAttempts: 6))
    }

    @Test func tokenBucketLimitsTheRate() {
        var b = TokenBucket(count: 10, period: 1, now: 0)
        #expect(b.take(25, now: 0) == 10, "the burst is the count")
        #expect(b.take(1, now: 0) == 0)
        #expect(b.take(10, now: 0.5) == 5, "refills at 10 per second")
        b.giveBack(2)
        #expect(b.available(now: 0.5) == 2)
        #expect(abs(b.waitTime(now: 0.5) - 0) < 1e-9)
        _ = b.take(2, now: 0.5)
        #expect(abs(b.waitTime(now: 0.5) - 0.1) < 1e-9)
        #expect(b.take(100, now: 100) == 10, "never more than the capacity")
    }

    @Test func cronSchedules() throws {
        let utc = TimeZone(identifier: "UTC")!
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = utc
        let t = cal.date(from: DateComponents(year: 2026, month: 11, day: 29, hour: 2, minute: 30, second: 10))!
        let daily = try CronSchedule("17 3 * * *")
        #expect(daily.next(after: t) == cal.date(from: DateComponents(year: 2026, month: 11, day: 29, hour: 3, minute: 17)))
        #expect(daily.tick(containing: t) == cal.date(from: DateComponents(year: 2026, month: 11, day: 28, hour: 3, minute: 17)))
        let every15 = try CronSchedule("*/15 * * * *")
        #expect(every15.next(after: t) == cal.date(from: DateComponents(year: 2026, month: 11, day: 29, hour: 2, minute: 45)))
        let weekdays = try CronSchedule("0 9 * * 1-5")
        // 2026-11-29 is a Sunday: the next weekday 09:00 is Monday the 30th.
        #expect(weekdays.next(after: t) == cal.date(from: DateComponents(year: 2026, month: 11, day: 30, hour: 9, minute: 0)))
        let every = try CronSchedule("@every 10s")
        #expect(every.next(after: Date(timeIntervalSince1970: 105)) == Date(timeIntervalSince1970: 110))
        #expect(every.tick(containing: Date(timeIntervalSince1970: 109.9)) == Date(timeIntervalSince1970: 100))
        #expect(throws: QuireError.self) { try CronSchedule("* * *") }
        #expect(throws: QuireError.self) { try CronSchedule("61 * * * *") }
        #expect(throws: QuireError.self) { try CronSchedule("@every 0s") }
    }

    @Test func mediaTypesComeFromMagicBytes() {
        #expect(MediaType.sniff(Array("%PDF-1.7\n".utf8)) == .pdf)
        #expect(MediaType.sniff(Array("junk\n%PDF-1.4".utf8)) == .pdf)
        #expect(MediaType.sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]) == .png)
        #expect(MediaType.sniff([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]) == .jpeg)
        #expect(MediaType.sniff([0x49, 0x49, 0x2A, 0x00, 8, 0]) == .tiff)
        #expect(MediaType.sniff([0x4D, 0x4D, 0x00, 0x2A, 0, 8]) == .tiff)
        #expect(MediaType.sniff(Array("  {\"a\": 1}".utf8)) == .json)
        #expect(MediaType.sniff(Array("<?xml version=\"1.0\"?>".utf8)) == .xml)
        #expect(MediaType.sniff(Array("hello world".utf8)) == nil)
        #expect(MediaType.sniff([UInt8]()) == nil)
    }

    @Test func jsonValuesRoundTripAndFollowPaths() throws {
        let v = try JSONValue.parse(#"{"a": {"b": [1, 2.5, "x", true, null]}}"#)
        #expect(v.value(at: ["a", "b", "1"]) == 2.5)
        #expect(v.value(at: ["a", "b", "9"]) == nil)
        #expect(try JSONValue.parse(v.jsonString()) == v)
        #expect(v.jsonString() == #"{"a":{"b":[1,2.5,"x",true,null]}}"#)
        #expect(throws: QuireError.self) { try JSONValue.parse("{oops") }
        // A number past a 64-bit float would read as infinity and write back as null (FuzzJSON).
        #expect(throws: QuireError.self) { try JSONValue.parse("[1e309]") }
        #expect(throws: QuireError.self) { try JSONValue.parse("-1e400") }
        #expect(try JSONValue.parse("[1.7976931348623157e308]") == [1.7976931348623157e308])
    }

    @Test func theJSONReaderAndWriterHandleEscapesUnicodeAndErrors() throws {
        let text = #"{"a":"line\nbreak \"q\" \\ \u00e9\ud83d\ude00","b":[1,-2.5,1e3,true,false,null],"c":{},"d":[]}"#
        let v = try JSONValue.parse(text)
        #expect(v["a"] == .string("line\nbreak \"q\" \\ é😀"))
        #expect(v["b"] == [1, -2.5, 1000, true, false, nil])
        #expect(v.jsonString() == #"{"a":"line\nbreak \"q\" \\ é😀","b":[1,-2.5,1000,true,false,null],"c":{},"d":[]}"#)
        #expect(try JSONValue.parse(v.jsonString()) == v)
        #expect(JSONValue.string("\u{01}/x").jsonString() == #""\u0001/x""#)
        for bad in ["{", "[1,]", "{\"a\" 1}", "tru", "\"open", "1 2", ""] {
            #expect(throws: QuireError.self, "\(bad)") { try JSONValue.parse(bad) }
        }
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: QuireError.self) { try JSONValue.parse(deep) }
    }
}

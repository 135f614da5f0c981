import Foundation
import QuireCore
import Testing

@Suite("Progress lines")
struct ProgressLineTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("a bar, the counts, the rate and the time left; done says how long it took")
    func bar() {
        let p = ProgressLine(label: "rotating blobs", total: 1000, started: start)
        #expect(p.text(done: 0, now: start) == "rotating blobs [..............................] 0/1000")
        #expect(p.text(done: 400, now: start.addingTimeInterval(10), bar: 10) == "rotating blobs [####......] 400/1000 · 40/s · 15 s left")
        #expect(p.text(done: 1000, now: start.addingTimeInterval(25), bar: 0) == "rotating blobs 1000/1000 · 40/s · done in 25 s")
        #expect(p.text(done: 3, now: start.addingTimeInterval(2), bar: 0) == "rotating blobs 3/1000 · 1.5/s · 11m05s left")
        // More than the total, or less than nothing, stays within the bar.
        #expect(p.text(done: 2000, now: start, bar: 4) == "rotating blobs [####] 1000/1000 · done")
        #expect(p.text(done: -5, now: start, bar: 4) == "rotating blobs [....] 0/1000")
    }

    @Test("without a total: the count and the rate")
    func noTotal() {
        let p = ProgressLine(label: "dropping", total: nil, started: start)
        #expect(p.text(done: 120, now: start.addingTimeInterval(4)) == "dropping 120 · 30/s")
        #expect(ProgressLine.duration(7200 + 600) == "2h10m" && ProgressLine.duration(0.2) == "1 s")
    }
}

import Foundation
@testable import QuireEngine
import Testing

@Suite("Log gate")
struct LogGateTests {
    @Test func aRepeatedFailureIsLoggedOnceAMinuteWithTheCountLeftOut() {
        let gate = LogGate(every: 60)
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(gate.admit(now: t0) == 0, "the first failure is logged")
        #expect(gate.admit(now: t0.addingTimeInterval(1)) == nil)
        #expect(gate.admit(now: t0.addingTimeInterval(59)) == nil)
        #expect(gate.admit(now: t0.addingTimeInterval(60)) == 2, "a minute on: logged, saying two were left out")
        #expect(gate.admit(now: t0.addingTimeInterval(61)) == nil)
        #expect(gate.admit(now: t0.addingTimeInterval(200)) == 1)
    }
}

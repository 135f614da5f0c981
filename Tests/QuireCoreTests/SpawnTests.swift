import Foundation
import QuireTesting
import Testing

/// The tests' process helper: a command it starts gets no descriptor of the test process but its
/// standard three, so a daemon it starts cannot hold another test's pipe open.
@Suite("Spawn (test helper)")
struct SpawnTests {
    @Test func aChildGetsNoOtherDescriptorOfTheTestProcess() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        // The child lists its own descriptors: 0, 1, 2, and the one `ls` opens to read the folder.
        let (status, out) = Spawn.output(["/bin/sh", "-c", "ls /proc/$$/fd"])
        #expect(status == 0)
        let open = Set(out.split(whereSeparator: \.isWhitespace).compactMap { Int32($0) })
        #expect(!open.contains(ends[0]) && !open.contains(ends[1]), "the pipe's ends \(ends) went with the child: \(open.sorted())")
        #expect(open.isSuperset(of: [0, 1, 2]))
    }
}

/// Tests that compute or block for seconds run on threads of their own, not on the cooperative
/// pool that every other test's tasks share (see `OwnThread`).
@Suite("Off the cooperative pool (test helper)")
struct OffThePoolTests {
    @Test(.offThePool) func aSynchronousTestWithTheTraitRunsOnAThreadOfItsOwn() {
        #expect(OwnThreadExecutor.isCurrent)
    }

    @Test(.offThePool) func soDoTheTasksItStarts() async {
        let child = await withTaskGroup(of: Bool.self) { group in
            group.addTask { OwnThreadExecutor.isCurrent }
            return await group.next() ?? false
        }
        #expect(child)
    }

    @Test func aTestWithoutTheTraitRunsOnThePool() {
        #expect(!OwnThreadExecutor.isCurrent)
    }

    /// More blocking waits than the machine has cores all wait at once: each has its thread. Each waits until all have
    /// started; on a pool narrower than their number the first would wait in vain (a minute at most) and say so.
    @Test func blockingWaitsDoNotQueueBehindEachOther() async {
        final class Started: @unchecked Sendable {
            let lock = NSLock()
            var count = 0
            func arrive() { lock.lock(); count += 1; lock.unlock() }
            var all: Int { lock.lock(); defer { lock.unlock() }; return count }
        }
        let count = 4 * ProcessInfo.processInfo.activeProcessorCount + 2
        let started = Started()
        let together = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<count {
                group.addTask {
                    await OwnThread.run { () -> Bool in
                        started.arrive()
                        let until = Date().addingTimeInterval(60)
                        while started.all < count, Date() < until { usleep(1_000) }
                        return started.all == count
                    }
                }
            }
            return await group.reduce(true) { $0 && $1 }
        }
        #expect(together, "\(started.all) of \(count) blocking waits were under way at once")
    }
}

public import Foundation
public import QuireCore
#if canImport(Glibc)
import Glibc
#endif

// Foundation's `Process` is what the tests start servers and the real binary with; the appliance starts
// its own children with swift-subprocess (workers, bots).
extension Process {
    /// Whether the child has ended, asked of the kernel without reaping it (see ``waitForExit()``).
    public var hasEnded: Bool {
        var info = siginfo_t()
        let r = waitid(P_PID, id_t(processIdentifier), &info, WEXITED | WNOHANG | WNOWAIT)
        // -1: reaped already (by Foundation's handler); else a pid in the record when it has ended.
        return r == -1 ? !isRunning : info._sifields._sigchld.si_pid != 0
    }

    /// Waits for the child to end and says how, by `waitpid` on its own pid. Foundation's
    /// `waitUntilExit` and `isRunning` learn of an exit from SIGCHLD, and a process that also runs
    /// children with swift-subprocess (the bot runner) has that library's SIGCHLD handler installed
    /// in place of Foundation's: the exit is then never seen and `waitUntilExit` spins for good (seen
    /// in full test runs, and possible in `quire serve` with a worker and a bot). Where Foundation's
    /// handler did reap the child first, its own record is used.
    @available(*, noasync, message: "use `await exited()` or `stop()`: this wait holds its thread, and a test's thread is one of the cooperative pool's two")
    @discardableResult
    public func waitForExit() -> ProcessExit {
        let pid = processIdentifier
        var pause: useconds_t = 1_000
        while true {
            var status: Int32 = 0
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { return ProcessExit(waitStatus: status) }
            if r == -1 {
                if errno == EINTR { continue }
                // Reaped already (by Foundation's own handler): its record says how, once it has written it.
                let until = Date().addingTimeInterval(5)
                while isRunning, Date() < until { usleep(2_000) }
                return ProcessExit(signaled: terminationReason == .uncaughtSignal, status: terminationStatus)
            }
            usleep(pause)
            pause = min(pause * 2, 20_000)
        }
    }

    /// ``waitForExit()`` on a thread of its own (see ``OwnThread``): a test that waited on its own
    /// thread for a server's graceful shutdown held one of the cooperative pool's two.
    @discardableResult
    public func exited() async -> ProcessExit {
        await OwnThread.run { self.waitForExit() }
    }

    /// Sends `signal` (SIGTERM: a graceful shutdown) and reaps the child on a thread of its own,
    /// returning at once: what a test's `defer` calls, since a `defer` cannot await. A child that
    /// has not ended a minute later is killed.
    public func stop(_ signal: Int32 = SIGTERM) {
        let pid = processIdentifier
        kill(pid, signal)
        Thread.detachNewThread {
            let until = Date().addingTimeInterval(60)
            var killed = false
            while !self.hasEnded {
                if !killed && Date() > until { kill(pid, SIGKILL); killed = true }
                usleep(20_000)
            }
            self.waitForExit()
        }
    }
}

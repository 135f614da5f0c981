import Foundation
public import QuireCore
#if canImport(Glibc)
import Glibc
#endif

/// The worker's side: `quire worker` reads requests on standard input, runs the named
/// ``IsolatedTask`` and answers on standard output, until standard input closes.
public enum WorkerMain {
    /// Resource limits a worker sets on itself before it reads anything.
    public struct Limits: Sendable {
        /// Address space, bytes (default 2 GiB). Past it allocations fail and the worker dies.
        public var addressSpace: UInt64 = 2 << 30
        /// CPU seconds per request (default 120). Past it the kernel sends SIGXCPU.
        public var cpuSecondsPerRequest: UInt64 = 120
        /// Scheduling niceness of the worker (default 5: below the appliance itself).
        public var niceness: Int32 = 5
        public init() {}
    }

    public static func serve(tasks: [any IsolatedTask], limits: Limits) -> Int32 {
        var as_ = rlimit(rlim_cur: rlim_t(limits.addressSpace), rlim_max: rlim_t(limits.addressSpace))
        _ = setrlimit(Int32(RLIMIT_AS.rawValue), &as_)
        var core = rlimit(rlim_cur: 0, rlim_max: 0)
        _ = setrlimit(Int32(RLIMIT_CORE.rawValue), &core)
        // Workers parse and OCR at a lower priority, so the scheduler, intake and (later) the API
        // stay responsive while every core is busy with pages.
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, limits.niceness)
        let byName = Dictionary(tasks.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        // Keep stdout for frames only: anything a C library prints goes to stderr.
        let out = dup(1)
        dup2(2, 1)
        while true {
            let request: JSONValue
            do {
                guard let r = try WorkerFrame.read(from: 0) else { return 0 }
                request = r
            } catch {
                FileHandle.standardError.write(Data("quire worker: \(error)\n".utf8))
                return 2
            }
            setCPULimit(limits.cpuSecondsPerRequest)
            let response: JSONValue
            let name = request["task"]?.stringValue ?? ""
            if let task = byName[name] {
                do {
                    response = ["ok": true, "result": try task.run(input: request["input"] ?? .null)]
                } catch let e as QuireError {
                    response = ["ok": false, "code": .string(e.code.description), "message": .string(e.message)]
                } catch {
                    response = ["ok": false, "code": "internal", "message": .string("\(error)")]
                }
            } else {
                response = ["ok": false, "code": "internal", "message": .string("this worker has no task '\(name)'; known: \(byName.keys.sorted().joined(separator: ", "))")]
            }
            do { try WorkerFrame.write(response, to: out) } catch { return 3 }
        }
    }

    /// Sets the soft CPU limit to what this process has used so far plus `seconds`.
    static func setCPULimit(_ seconds: UInt64) {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let used = UInt64(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + 1
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_CPU.rawValue), &limit)
        limit.rlim_cur = rlim_t(used + seconds)
        _ = setrlimit(Int32(RLIMIT_CPU.rawValue), &limit)
    }
}

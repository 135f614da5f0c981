import Foundation
public import Logging
public import QuireCore
public import ServiceLifecycle
import CGlibc
import Subprocess
import Synchronization
import QuireObservability
#if canImport(Glibc)
import Glibc
#endif
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Runs isolated tasks in `quire worker` child processes: started ahead, reused, replaced when
/// they die. A crash or a timeout is an error for that one request (naming the signal), never a
/// crash of the appliance. One `Service` in the appliance's group: it starts the workers and
/// stops them on shutdown.
public final class WorkerPool: IsolatedRunner, Service, Sendable {
    public struct Configuration: Sendable {
        /// The `quire` binary (default: this process's own executable).
        public var executable: String = WorkerPool.currentExecutable
        /// Arguments before the limits (default `["worker"]`).
        public var arguments: [String] = ["worker"]
        /// Worker processes (default: the number of cores).
        public var size: Int = ProcessInfo.processInfo.activeProcessorCount
        /// Address space per worker, MiB (default 2048).
        public var memoryMB: Int = 2048
        /// CPU seconds per request (default 120).
        public var cpuSeconds: Int = 120
        /// Extra environment for workers. `OMP_THREAD_LIMIT=1` is always set: libgomp reads it
        /// only when a library loads, so it must be in the environment a worker starts with.
        public var environment: [String: String] = [:]
        public init() {}
    }

    public static let currentExecutable: String = {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }()

    let configuration: Configuration
    let logger: Logger
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "quire.workers", attributes: .concurrent)

    struct State {
        var idle: [WorkerProcess] = []
        var live = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
        var closed = false
    }

    public init(configuration: Configuration = .init(), logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        // Writing to a worker that just died must be an error, not a SIGPIPE that ends the appliance.
        signal(SIGPIPE, SIG_IGN)
    }

    // MARK: Service

    public func run() async throws {
        // Start the workers ahead, so the first document does not pay for a process start.
        for _ in 0..<configuration.size {
            if let w = try? await spawn() {
                state.withLock { s in
                    s.idle.append(w)
                    s.live += 1
                }
            }
        }
        logger.info("workers started", metadata: ["workers": "\(configuration.size)", "memory_mb": "\(configuration.memoryMB)"])
        try? await gracefulShutdown()
        close()
    }

    /// Stops every idle worker (closing its input ends it) and refuses new requests.
    public func close() {
        let idle: [WorkerProcess] = state.withLock { s in
            s.closed = true
            defer { s.idle.removeAll() }
            return s.idle
        }
        for w in idle { w.stop() }
        let waiters = state.withLock { s in defer { s.waiters.removeAll() }; return s.waiters }
        for w in waiters { w.resume() }
    }

    // MARK: Running

    public func run(task: String, input: JSONValue, timeout: Double) async throws -> JSONValue {
        let worker = try await acquire()
        var healthy = false
        defer { release(worker, healthy: healthy) }
        let request: JSONValue = ["task": .string(task), "input": input]
        let response: JSONValue = try await withCheckedThrowingContinuation { cont in
            queue.async { cont.resume(with: Result { try worker.call(request, timeout: timeout) }) }
        }
        healthy = true
        if response["ok"] == true { return response["result"] ?? .null }
        let message = response["message"]?.stringValue ?? "the worker gave no reason"
        switch response["code"]?.stringValue {
        case "unsupported_input": throw QuireError(.unsupportedInput, message)
        case "invalid_argument": throw QuireError(.invalidArgument, message)
        case "not_found": throw QuireError(.notFound, message)
        default: throw QuireError(.internal, message)
        }
    }

    func spawn() async throws -> WorkerProcess {
        var env = ProcessInfo.processInfo.environment
        env.merge(configuration.environment) { _, new in new }
        env["OMP_THREAD_LIMIT"] = "1"
        return try await WorkerProcess.start(executable: configuration.executable,
                                 arguments: configuration.arguments + ["--max-memory-mb", "\(configuration.memoryMB)", "--max-cpu-seconds", "\(configuration.cpuSeconds)"],
                                 environment: env, logger: logger)
    }

    func acquire() async throws -> WorkerProcess {
        while true {
            enum Step { case use(WorkerProcess), spawn, wait, closed }
            let step: Step = state.withLock { s in
                if s.closed { return .closed }
                if let w = s.idle.popLast() { return .use(w) }
                if s.live < max(1, configuration.size) { s.live += 1; return .spawn }
                return .wait
            }
            switch step {
            case .use(let w):
                if w.isRunning { return w }
                state.withLock { $0.live -= 1 }
            case .spawn:
                do { return try await spawn() } catch {
                    state.withLock { $0.live -= 1 }
                    throw QuireError(.internal, "cannot start a worker process (\(configuration.executable)): \(error); check that this file exists and is executable (a binary replaced or removed while the appliance runs needs a restart of the appliance)")
                }
            case .wait:
                await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                    let resumeNow = state.withLock { s -> Bool in
                        if s.closed || !s.idle.isEmpty || s.live < max(1, configuration.size) { return true }
                        s.waiters.append(c)
                        return false
                    }
                    if resumeNow { c.resume() }
                }
            case .closed:
                throw QuireError(.invalidState, "the worker pool is shut down")
            }
        }
    }

    func release(_ w: WorkerProcess, healthy: Bool) {
        let waiter: CheckedContinuation<Void, Never>? = state.withLock { s in
            if healthy && w.isRunning && !s.closed {
                s.idle.append(w)
            } else {
                s.live -= 1
            }
            return s.waiters.isEmpty ? nil : s.waiters.removeFirst()
        }
        if !healthy || state.withLock({ $0.closed }) { w.stop() }
        waiter?.resume()
    }
}

/// One `quire worker` child process with its two pipes. Used by one request at a time.
///
/// Started with swift-subprocess, which spawns it (closing every other descriptor in the child) and
/// reaps it; the requests and answers go over the pipes directly, with blocking reads under a deadline on
/// a thread of the pool's own queue, as a worker is used by one request at a time.
final class WorkerProcess: Sendable {
    let pid: pid_t
    /// The parent's ends: requests go into `input`, answers come out of `output`.
    let input: Int32
    let output: Int32
    private let inputOpen = Mutex(true)
    /// How the worker ended, set once swift-subprocess has reaped it.
    private let exit: ExitBox

    /// The end of a worker, as swift-subprocess reports it after reaping the child. Any number of threads
    /// may wait for it (a group, unlike a semaphore, is not used up by a wait).
    final class ExitBox: Sendable {
        let value = Mutex<ProcessExit?>(nil)
        private let reported = DispatchGroup()
        init() { reported.enter() }
        func set(_ e: ProcessExit) {
            let first = value.withLock { v in defer { v = v ?? e }; return v == nil }
            if first { reported.leave() }
        }
        /// Waits at most `seconds` for the report; nil if none came.
        func wait(_ seconds: Double) -> ProcessExit? {
            _ = reported.wait(timeout: .now() + seconds)
            return value.withLock { $0 }
        }
    }

    private init(pid: pid_t, input: Int32, output: Int32, exit: ExitBox) {
        self.pid = pid
        self.input = input
        self.output = output
        self.exit = exit
    }

    deinit {
        closeInput()
        close(output)
    }

    /// Starts a worker: three pipes with close-on-exec set on every end (the child gets its own through
    /// dup2, which clears the flag, so no other worker inherits them: workers that kept each other's pipes
    /// open outlived a killed appliance, each waiting for an end of file that never came).
    static func start(executable: String, arguments: [String], environment: [String: String], logger: Logger) async throws -> WorkerProcess {
        var stdin: [Int32] = [-1, -1], stdout: [Int32] = [-1, -1], stderr: [Int32] = [-1, -1]
        guard pipe2(&stdin, O_CLOEXEC) == 0 else { throw QuireError(.internal, "cannot create a pipe for a worker: \(String(cString: strerror(errno)))") }
        guard pipe2(&stdout, O_CLOEXEC) == 0 else {
            stdin.forEach { _ = close($0) }
            throw QuireError(.internal, "cannot create a pipe for a worker: \(String(cString: strerror(errno)))")
        }
        guard pipe2(&stderr, O_CLOEXEC) == 0 else {
            (stdin + stdout).forEach { _ = close($0) }
            throw QuireError(.internal, "cannot create a pipe for a worker: \(String(cString: strerror(errno)))")
        }
        let exit = ExitBox()
        let env = Dictionary(uniqueKeysWithValues: environment.map { (Environment.Key(stringLiteral: $0.key), $0.value) })
        // The child's ends are handed over and closed here once it is spawned; the parent keeps the others,
        // or a dead worker's pipe would never report end of file.
        final class Started: Sendable { let continuation = Mutex<CheckedContinuation<pid_t, any Error>?>(nil) }
        let started = Started()
        let (childIn, parentIn, parentOut, childOut, parentErr, childErr) = (stdin[0], stdin[1], stdout[0], stdout[1], stderr[0], stderr[1])
        let pid: pid_t = try await withCheckedThrowingContinuation { continuation in
            started.continuation.withLock { $0 = continuation }
            // The task lives as long as the worker: swift-subprocess waits for the child and reaps it.
            Task.detached {
                do {
                    let outcome = try await Subprocess.run(
                        .path(FilePath(executable)), arguments: Arguments(arguments), environment: .custom(env),
                        input: .fileDescriptor(FileDescriptor(rawValue: childIn), closeAfterSpawningProcess: true),
                        output: .fileDescriptor(FileDescriptor(rawValue: childOut), closeAfterSpawningProcess: true),
                        error: .fileDescriptor(FileDescriptor(rawValue: childErr), closeAfterSpawningProcess: true)
                    ) { execution in
                        started.continuation.withLock { c in
                            c?.resume(returning: execution.processIdentifier.value)
                            c = nil
                        }
                    }
                    switch outcome.terminationStatus {
                    case .exited(let code): exit.set(ProcessExit(signaled: false, status: code))
                    case .signaled(let signal): exit.set(ProcessExit(signaled: true, status: signal))
                    }
                } catch {
                    let unstarted = started.continuation.withLock { c -> CheckedContinuation<pid_t, any Error>? in defer { c = nil }; return c }
                    if let unstarted {
                        [parentIn, parentOut, parentErr].forEach { _ = close($0) }
                        unstarted.resume(throwing: error)
                    } else {
                        // Started, then lost track of: say it ended, so nobody waits for it forever.
                        exit.set(ProcessExit(signaled: false, status: -1))
                    }
                }
            }
        }
        // What poppler, cairo and tesseract print ("Syntax Error (1234): ...") becomes log records of the
        // appliance's own format, not raw lines in the middle of its JSON log.
        relay(parentErr, pid: pid, logger: logger)
        return WorkerProcess(pid: pid, input: parentIn, output: parentOut, exit: exit)
    }

    /// Whether the worker still runs: asked of the kernel without reaping the child (swift-subprocess
    /// reaps it), so a worker that has just died is not handed another request.
    var isRunning: Bool {
        exit.value.withLock({ $0 }) == nil && kernelState() == .running
    }

    /// What the kernel says of the child, asked without reaping it (`WNOWAIT`), so the pid stays the worker's and
    /// swift-subprocess still reaps it.
    private enum KernelState: Equatable { case running, ended(ProcessExit?), reaped }
    private func kernelState() -> KernelState {
        var info = siginfo_t()
        // -1: reaped already; else a pid in the record once it has ended.
        guard waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 else { return .reaped }
        guard info._sifields._sigchld.si_pid == pid else { return .running }
        let status = info._sifields._sigchld.si_status
        switch info.si_code {
        case Int32(CLD_EXITED): return .ended(ProcessExit(signaled: false, status: status))
        case Int32(CLD_KILLED), Int32(CLD_DUMPED): return .ended(ProcessExit(signaled: true, status: status))
        default: return .ended(nil)
        }
    }

    /// How the worker ended: waits `grace` seconds for it to end on its own (a worker that closed its output
    /// is ending; one whose input was closed exits), then kills it and waits for its end.
    ///
    /// The end is read from the kernel as soon as the worker has died (`kernelState`), not only from
    /// swift-subprocess's report: that report comes from a task on the cooperative pool, which on a busy
    /// two-core machine ran more than ten seconds late, and a worker that crashed was then said to have
    /// been killed. It is killed only before it was reaped, so never a process that took its pid after it.
    func ended(grace: Double = 10) -> ProcessExit {
        if let e = awaitEnd(seconds: grace) { return e }
        if exit.value.withLock({ $0 }) == nil { kill(pid, SIGKILL) }
        return awaitEnd(seconds: 10) ?? ProcessExit(signaled: true, status: SIGKILL)
    }

    /// Polls for the worker's end for at most `seconds`: swift-subprocess's report, or the kernel's record
    /// of a child that has died and is not reaped yet.
    private func awaitEnd(seconds: Double) -> ProcessExit? {
        let deadline = Scheduler.monotonicNow() + seconds
        while true {
            if let e = exit.value.withLock({ $0 }) { return e }
            // (Died and not reaped yet: how, from the kernel. Reaped: the report is on its way.)
            if case .ended(let e?) = kernelState() { return e }
            let left = deadline - Scheduler.monotonicNow()
            if left <= 0 { return nil }
            _ = exit.wait(min(left, 0.02))
        }
    }

    private func closeInput() {
        let wasOpen = inputOpen.withLock { o in defer { o = false }; return o }
        if wasOpen { close(input) }
    }

    /// Reads a worker's standard error line by line on a thread of its own, logging each line
    /// (errors as warnings, the rest at debug), at most 200 lines per worker; ends with the worker.
    static func relay(_ fd: Int32, pid: Int32, logger: Logger) {
        Thread.detachNewThread {
            var pending = [UInt8]()
            var count = 0
            var buffer = [UInt8](repeating: 0, count: 4096)
            func emit(_ bytes: ArraySlice<UInt8>) {
                let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                guard !line.isEmpty else { return }
                count += 1
                if count == 200 { logger.warning("worker output suppressed after 200 lines", metadata: ["worker_pid": "\(pid)"]) }
                guard count < 200 else { return }
                let lower = line.lowercased()
                let level: Logger.Level = lower.contains("error") || lower.contains("fatal") ? .warning : .debug
                logger.log(level: level, "\(line)", metadata: ["worker_pid": "\(pid)", "source": "worker stderr"])
            }
            while true {
                let n = read(fd, &buffer, buffer.count)
                if n <= 0 { break }
                pending += buffer[0..<n]
                while let nl = pending.firstIndex(of: 10) {
                    emit(pending[..<nl])
                    pending.removeSubrange(...nl)
                }
                if pending.count > 8192 { emit(pending[...]); pending.removeAll() }
            }
            emit(pending[...])
            close(fd)
        }
    }

    /// Sends one request and waits for the answer, at most `timeout` seconds. Blocks: call it
    /// off the cooperative pool. A worker that does not answer in time is killed.
    func call(_ request: JSONValue, timeout: Double) throws -> JSONValue {
        let deadline = Scheduler.monotonicNow() + timeout
        do {
            try WorkerFrame.write(request, to: input)
            if let response = try WorkerFrame.read(from: output, deadline: deadline) {
                return response
            }
        } catch is WorkerFrame.TimedOut {
            _ = ended(grace: 0)
            QuireMetrics.workerRestarted(reason: "timeout")
            throw QuireError(.timeout, "the worker was stopped after \(Self.seconds(timeout)) without an answer")
        } catch {}
        // No answer: the worker died. Say how.
        let end = ended()
        QuireMetrics.workerRestarted(reason: end.signaled ? Self.signalName(end.status).lowercased() : "exit")
        if end.signaled {
            throw QuireError(.workerCrashed, "the worker process died from signal \(end.status) (\(Self.signalName(end.status)))\(Self.hint(end.status))")
        }
        throw QuireError(.workerCrashed, "the worker process exited with status \(end.status) without an answer")
    }

    static func seconds(_ t: Double) -> String {
        t < 1 ? "\(Int(t * 1000))ms" : "\(Int(t))s"
    }

    static func signalName(_ s: Int32) -> String {
        switch s {
        case SIGSEGV: return "SIGSEGV"
        case SIGABRT: return "SIGABRT"
        case SIGKILL: return "SIGKILL"
        case SIGBUS: return "SIGBUS"
        case SIGXCPU: return "SIGXCPU"
        case SIGFPE: return "SIGFPE"
        case SIGILL: return "SIGILL"
        case SIGTERM: return "SIGTERM"
        case SIGTRAP: return "SIGTRAP"
        default: return "signal \(s)"
        }
    }

    static func hint(_ s: Int32) -> String {
        switch s {
        case SIGXCPU: return ": the CPU time limit per document was reached"
        case SIGKILL: return ": killed, possibly by the out-of-memory killer"
        case SIGABRT, SIGTRAP: return ": usually an allocation over the memory limit, or a failed check on malformed input"
        case SIGSEGV, SIGBUS: return ": the input crashed the parser"
        default: return ""
        }
    }

    /// Ends the worker: closing its input makes it exit; a worker that does not within 2 s is killed.
    /// (swift-subprocess reaps it, so it never lingers as a zombie; it is killed only before it was reaped.)
    func stop() {
        closeInput()
        Thread.detachNewThread { [self] in _ = ended(grace: 2) }
    }
}

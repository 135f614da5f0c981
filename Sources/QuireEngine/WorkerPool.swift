import Foundation
public import Logging
public import QuireCore
public import ServiceLifecycle
import Synchronization
import QuireObservability
#if canImport(Glibc)
import Glibc
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
            if let w = try? spawn() {
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

    func spawn() throws -> WorkerProcess {
        var env = ProcessInfo.processInfo.environment
        env.merge(configuration.environment) { _, new in new }
        env["OMP_THREAD_LIMIT"] = "1"
        return try WorkerProcess(executable: configuration.executable,
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
                do { return try spawn() } catch {
                    state.withLock { $0.live -= 1 }
                    throw QuireError(.internal, "cannot start a worker process (\(configuration.executable)): \(error)")
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
final class WorkerProcess: @unchecked Sendable {
    // @unchecked: the pool hands a worker to one request at a time, so its pipes and
    // process are never used from two threads at once.
    let process: Process
    let input: FileHandle
    let output: FileHandle

    init(executable: String, arguments: [String], environment: [String: String], logger: Logger) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        p.environment = environment
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        // Close-on-exec on every end: the child gets its two through dup2 (which clears the flag),
        // and no other worker inherits them. Without it, workers kept each other's pipes open and
        // outlived a killed appliance, each waiting for an end of file that never came.
        for fd in [stdin.fileHandleForReading.fileDescriptor, stdin.fileHandleForWriting.fileDescriptor,
                   stdout.fileHandleForReading.fileDescriptor, stdout.fileHandleForWriting.fileDescriptor,
                   stderr.fileHandleForReading.fileDescriptor, stderr.fileHandleForWriting.fileDescriptor] {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        p.standardInput = stdin
        p.standardOutput = stdout
        // What poppler, cairo and tesseract print ("Syntax Error (1234): ...") becomes log records
        // of the appliance's own format, not raw lines in the middle of its JSON log.
        p.standardError = stderr
        try p.run()
        // The parent keeps only its ends, or a dead worker's pipe would never report EOF.
        try? stdin.fileHandleForReading.close()
        try? stdout.fileHandleForWriting.close()
        try? stderr.fileHandleForWriting.close()
        Self.relay(stderr.fileHandleForReading, pid: p.processIdentifier, logger: logger)
        process = p
        input = stdin.fileHandleForWriting
        output = stdout.fileHandleForReading
    }

    /// How the worker ended, once ``waitForExit`` has seen it (it reaps the child, so it is asked once).
    let exited = Mutex<ProcessExit?>(nil)

    /// Whether the worker still runs: asked of the kernel (`waitpid` without waiting), not of Foundation's
    /// SIGCHLD bookkeeping, which another library's handler can take away.
    var isRunning: Bool {
        exited.withLock { e in
            guard e == nil else { return false }
            var status: Int32 = 0
            let r = waitpid(process.processIdentifier, &status, WNOHANG)
            if r == 0 { return true }
            if r == process.processIdentifier {
                e = ProcessExit(waitStatus: status)
                return false
            }
            return process.isRunning
        }
    }

    /// Reads a worker's standard error line by line on a thread of its own, logging each line
    /// (errors as warnings, the rest at debug), at most 200 lines per worker; ends with the worker.
    static func relay(_ handle: FileHandle, pid: Int32, logger: Logger) {
        Thread.detachNewThread {
            var pending = [UInt8]()
            var count = 0
            var buffer = [UInt8](repeating: 0, count: 4096)
            let fd = handle.fileDescriptor
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
            try? handle.close()
        }
    }

    /// Sends one request and waits for the answer, at most `timeout` seconds. Blocks: call it
    /// off the cooperative pool. A worker that does not answer in time is killed.
    func call(_ request: JSONValue, timeout: Double) throws -> JSONValue {
        let deadline = Scheduler.monotonicNow() + timeout
        do {
            try WorkerFrame.write(request, to: input.fileDescriptor)
            if let response = try WorkerFrame.read(from: output.fileDescriptor, deadline: deadline) {
                return response
            }
        } catch is WorkerFrame.TimedOut {
            kill(process.processIdentifier, SIGKILL)
            exited.withLock { $0 = $0 ?? process.waitForExit() }
            QuireMetrics.workerRestarted(reason: "timeout")
            throw QuireError(.timeout, "the worker was stopped after \(Self.seconds(timeout)) without an answer")
        } catch {}
        // No answer: the worker died. Say how.
        let end = exited.withLock { e -> ProcessExit in
            let x = e ?? process.waitForExit()
            e = x
            return x
        }
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

    /// Ends the worker: closing its input makes it exit; a worker that does not is killed.
    /// (The worker is reaped here too, so it never lingers as a zombie, and a pid is never killed after it was reaped.)
    func stop() {
        try? input.close()
        Thread.detachNewThread { [self] in
            let until = Date().addingTimeInterval(2)
            while isRunning, Date() < until { usleep(20_000) }
            if isRunning { kill(process.processIdentifier, SIGKILL) }
            exited.withLock { e in e = e ?? process.waitForExit() }
        }
    }
}

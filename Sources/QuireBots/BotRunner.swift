public import Foundation
public import Logging
public import QuireCore
import Subprocess
import Synchronization
#if canImport(Glibc)
import Glibc
#endif
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// What happened in one dispatch: the result (quire's own application error when the bot
/// crashed, hung or broke the protocol), the evidence files it named, and the exchange.
public struct BotRun: Sendable {
    public struct Evidence: Sendable, Hashable {
        /// Absolute path inside the attempt's scratch folder.
        public var path: String
        public var kind: String
        public var mediaType: String?
    }
    /// One line of the exchange, for `quire bots test` and the logs.
    public struct Line: Sendable, Hashable {
        public enum Direction: String, Sendable { case sent = ">", received = "<", stderr = "!", note = "#" }
        public var direction: Direction
        public var text: String
    }
    public var result: BotResult
    public var evidence: [Evidence] = []
    public var transcript: [Line] = []
    /// How the process ended (`exit 0`, `signal 9`), nil for HTTP bots.
    public var exit: String?
    public var seconds: Double = 0
}

/// Replaces secret values with `[secret NAME]` wherever bot output is logged or kept.
public struct Redactor: Sendable {
    let secrets: [(name: String, value: String)]
    public init(secrets: [String: String]) {
        self.secrets = secrets.filter { $0.value.count >= 4 }.sorted { $0.value.count > $1.value.count }.map { ($0.key, $0.value) }
    }
    public func callAsFunction(_ text: String) -> String {
        var t = text
        for s in secrets where t.contains(s.value) { t = t.replacingOccurrences(of: s.value, with: "[secret \(s.name)]") }
        return t
    }
    public func callAsFunction(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let s): return .string(self(s))
        case .array(let a): return .array(a.map { self($0) })
        case .object(let o): return .object(o.mapValues { self($0) })
        default: return value
        }
    }
}

/// Runs process bots: starts the command without a shell in its own process group with only the
/// environment it is given, writes the request line on stdin, reads protocol lines from stdout
/// (stderr goes to the log), and enforces the deadline and the heartbeat timeout. Any way the
/// bot fails (no result, a crash, a hang, a line that is not protocol, a line longer than
/// `maxLineBytes`) kills the whole process group and is an application error.
public struct BotRunner: Sendable {
    public var maxLineBytes: Int
    public var logger: Logger
    /// How long a bot may keep running after its result before its group is killed.
    public var exitGrace: Double = 5

    public init(maxLineBytes: Int = 1 << 20, logger: Logger = Logger(label: "quire.bots")) {
        self.maxLineBytes = maxLineBytes
        self.logger = logger
    }

    /// Resolves the program: a relative path or a file in the bot's folder, an absolute path, or a name on `PATH`.
    public static func program(_ manifest: BotManifest, path: String) -> String? {
        guard let first = manifest.command.first, !first.isEmpty else { return nil }
        let fm = FileManager.default
        if first.hasPrefix("/") { return fm.isExecutableFile(atPath: first) ? first : nil }
        let local = manifest.directory + "/" + first
        if first.contains("/") || fm.fileExists(atPath: local) { return fm.isExecutableFile(atPath: local) ? local : nil }
        for dir in path.split(separator: ":") where fm.isExecutableFile(atPath: "\(dir)/\(first)") { return "\(dir)/\(first)" }
        return nil
    }

    final class State: Sendable {
        struct Data {
            var pid: pid_t?
            var lastMessage: ContinuousClock.Instant = .now
            var result: BotResult?
            var resultAt: ContinuousClock.Instant?
            var failure: BotResult?
            var evidence: [BotRun.Evidence] = []
            var transcript: [BotRun.Line] = []
            var stderrTail: [String] = []
            var finished = false
            var exit: String?
            var spawnError: String?
        }
        let data = Mutex(Data())

        func note(_ line: BotRun.Line) {
            data.withLock { d in
                if d.transcript.count < 400 { d.transcript.append(line) }
            }
        }
        /// Records the first failure and kills the group.
        func fail(_ result: BotResult) {
            let pid: pid_t? = data.withLock { d in
                if d.failure == nil && !d.finished { d.failure = result }
                return d.pid
            }
            if let pid { kill(-pid, SIGKILL) }
        }
    }

    public func run(_ manifest: BotManifest, request: BotRequest, environment: [String: String], redact: Redactor = Redactor(secrets: [:]),
                    onMessage: (@Sendable (BotMessage) -> Void)? = nil) async -> BotRun {
        signal(SIGPIPE, SIG_IGN)
        let started = ContinuousClock.now
        let state = State()
        let requestLine = request.json.jsonString() + "\n"
        state.note(.init(direction: .sent, text: redact(requestLine.trimmingCharacters(in: .newlines))))
        guard let program = Self.program(manifest, path: environment["PATH"] ?? "/usr/bin:/bin") else {
            return BotRun(result: .failure("bot_not_started", "cannot find the program '\(manifest.command.first ?? "")' of bot \(manifest.name) (\(manifest.file)); install it or fix 'command:'"),
                          transcript: state.data.withLock { $0.transcript })
        }
        let limit = min(manifest.timeout, max(0.1, request.deadline.timeIntervalSinceNow))
        let deadline = started + .milliseconds(Int64(limit * 1000))
        let heartbeat = Duration.milliseconds(Int64(manifest.heartbeatTimeout * 1000))
        let options: PlatformOptions = {
            var o = PlatformOptions()
            o.processGroupID = 0  // its own process group, so a kill takes the bot's children too
            return o
        }()
        let cwd = manifest.directory + (manifest.workingFolder == "." ? "" : "/" + manifest.workingFolder)
        let logger = self.logger
        let maxLine = maxLineBytes
        let scratch = (request.scratch as NSString).standardizingPath
        // The request reaches stdin from a file, not a pipe quire writes: a bot that exits (or is
        // killed) before it reads cannot break a write (swift-subprocess traps on a failed
        // string input, its issue #367), and a large payload never waits on the bot reading it.
        let requestFile = scratch + "/.quire-request.json"
        guard FileManager.default.createFile(atPath: requestFile, contents: Data(requestLine.utf8), attributes: [.posixPermissions: 0o600]) else {
            return BotRun(result: .failure("bot_not_started", "cannot write the request into the scratch folder \(scratch)"), transcript: state.data.withLock { $0.transcript })
        }
        let stdinFD = open(requestFile, O_RDONLY | O_CLOEXEC)
        guard stdinFD >= 0 else {
            return BotRun(result: .failure("bot_not_started", "cannot open the request file \(requestFile)"), transcript: state.data.withLock { $0.transcript })
        }
        unlink(requestFile)

        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                // The watchdog: deadline, heartbeat, and a bot that lingers after its result.
                var exitedAt: ContinuousClock.Instant?
                var lastTick = ContinuousClock.now
                var graced = false
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(50))
                    let now = ContinuousClock.now
                    // Woken late: this process was starved (a loaded machine), and the readers may
                    // not have taken the bot's lines yet. Their turn first; silence is not the bot's fault.
                    // One turn of grace, not more: a bot that is really silent is still caught.
                    if now - lastTick > .seconds(1) && !graced {
                        lastTick = now
                        graced = true
                        state.data.withLock { $0.lastMessage = max($0.lastMessage, now - .seconds(1)) }
                        continue
                    }
                    lastTick = now
                    graced = false
                    let (finished, last, resultAt, pid) = state.data.withLock { ($0.finished, $0.lastMessage, $0.resultAt, $0.pid) }
                    if finished { return }
                    // The bot itself ended but something it started (a browser) still holds its
                    // output open: the group goes, so the dispatch does not wait for it.
                    if let pid, Self.exited(pid) {
                        if exitedAt == nil { exitedAt = now }
                        if resultAt != nil || now - exitedAt! > .seconds(1) { kill(-pid, SIGKILL) }
                    }
                    if let resultAt {
                        if now - resultAt > .milliseconds(Int64(exitGrace * 1000)), let pid { kill(-pid, SIGKILL) }
                    } else if now > deadline {
                        state.fail(.failure("bot_timeout", "bot \(manifest.name) did not finish within \(Self.seconds(limit)); it was stopped (raise 'timeout:' in \(manifest.file) if it needs longer)"))
                    } else if now - last > heartbeat {
                        state.fail(.failure("bot_heartbeat_lost", "bot \(manifest.name) sent nothing for \(Self.seconds(manifest.heartbeatTimeout)) (heartbeat_timeout); presumed hung and stopped"))
                    }
                }
            }
            group.addTask {
                do {
                    let outcome = try await Subprocess.run(
                        .path(FilePath(program)), arguments: Arguments(Array(manifest.command.dropFirst())),
                        environment: .custom(Dictionary(uniqueKeysWithValues: environment.map { (Environment.Key(stringLiteral: $0.key), $0.value) })),
                        workingDirectory: FilePath(cwd), platformOptions: options,
                        input: .fileDescriptor(FileDescriptor(rawValue: stdinFD), closeAfterSpawningProcess: true), output: .sequence, error: .sequence
                    ) { execution in
                        state.data.withLock { $0.pid = execution.processIdentifier.value; $0.lastMessage = .now }
                        await withTaskGroup(of: Void.self) { readers in
                            readers.addTask {
                                var splitter = LineSplitter(limit: maxLine)
                                do {
                                    for try await buffer in execution.standardOutput {
                                        var lines: [LineSplitter.Line] = []
                                        buffer.withUnsafeBytes { raw in lines = splitter.feed(raw) }
                                        for line in lines { Self.handle(line, state: state, manifest: manifest, scratch: scratch, redact: redact, limit: maxLine, onMessage: onMessage) }
                                    }
                                    if let rest = splitter.finish() { Self.handle(rest, state: state, manifest: manifest, scratch: scratch, redact: redact, limit: maxLine, onMessage: onMessage) }
                                } catch {
                                    state.fail(.failure("bot_output_unreadable", "reading the output of bot \(manifest.name) failed: \(error)"))
                                }
                            }
                            readers.addTask {
                                var splitter = LineSplitter(limit: 8192)
                                func take(_ line: LineSplitter.Line) {
                                    let text = redact(String(decoding: line.bytes, as: UTF8.self))
                                    logger.info("bot stderr", metadata: ["bot": "\(manifest.name)", "item": "\(request.item)", "line": "\(text)"])
                                    state.data.withLock { d in
                                        d.stderrTail.append(BotMessage.quote(text, limit: 300))
                                        if d.stderrTail.count > 5 { d.stderrTail.removeFirst() }
                                    }
                                    state.note(.init(direction: .stderr, text: text))
                                }
                                do {
                                    for try await buffer in execution.standardError {
                                        var lines: [LineSplitter.Line] = []
                                        buffer.withUnsafeBytes { raw in lines = splitter.feed(raw) }
                                        lines.forEach(take)
                                    }
                                    if let rest = splitter.finish() { take(rest) }
                                } catch {}
                            }
                        }
                    }
                    let status = Self.describe(outcome.terminationStatus)
                    state.data.withLock { $0.exit = status }
                } catch {
                    state.data.withLock { $0.spawnError = "\(error)" }
                }
                let pid = state.data.withLock { d -> pid_t? in d.finished = true; return d.pid }
                // Children the bot left behind (a browser, a driver) go with it.
                if let pid { kill(-pid, SIGKILL) }
            }
            await group.next()
            await group.next()
        }

        var run = state.data.withLock { d in
            BotRun(result: d.failure ?? d.result ?? .failure("bot_exited", ""), evidence: d.evidence, transcript: d.transcript, exit: d.exit)
        }
        let (hadResult, failure, tail, exit, spawnError) = state.data.withLock { ($0.result != nil, $0.failure, $0.stderrTail, $0.exit, $0.spawnError) }
        if failure == nil && !hadResult {
            if let spawnError, exit == nil {
                run.result = .failure("bot_not_started", "bot \(manifest.name) could not be started: \(spawnError)")
            } else {
                run.result = .failure("bot_exited", "bot \(manifest.name) ended (\(exit ?? "unknown status")) without a result" +
                                      (tail.isEmpty ? "" : "; its last stderr lines: " + tail.joined(separator: " | ")))
            }
        }
        if failure != nil { run.evidence = [] }
        run.result.message = redact(run.result.message)
        run.result.output = redact(run.result.output)
        run.seconds = Self.elapsed(since: started)
        run.transcript.append(.init(direction: .note, text: "\(run.exit ?? "not started"); \(run.result.status.rawValue) \(run.result.code)"))
        return run
    }

    static func handle(_ line: LineSplitter.Line, state: State, manifest: BotManifest, scratch: String, redact: Redactor, limit: Int,
                       onMessage: (@Sendable (BotMessage) -> Void)?) {
        let text = String(decoding: line.bytes, as: UTF8.self)
        if line.truncated {
            state.note(.init(direction: .received, text: redact(BotMessage.quote(text))))
            state.fail(.failure("bot_protocol", "bot \(manifest.name) wrote a line longer than \(limit) bytes (\(line.length) so far), which no protocol message needs: \(redact(BotMessage.quote(text)))"))
            return
        }
        if text.allSatisfy(\.isWhitespace) { return }
        state.note(.init(direction: .received, text: redact(text.count > 2000 ? String(text.prefix(2000)) + "…" : text)))
        let message: BotMessage
        do {
            message = try BotMessage.parse(line: text)
        } catch let e as QuireError {
            state.fail(.failure("bot_protocol", "bot \(manifest.name): \(redact(e.message))"))
            return
        } catch {
            state.fail(.failure("bot_protocol", "bot \(manifest.name): \(error)"))
            return
        }
        var problem: BotResult?
        state.data.withLock { d in
            d.lastMessage = .now
            switch message {
            case .result(let r):
                if d.result != nil {
                    problem = .failure("bot_protocol", "bot \(manifest.name) sent a second result; a dispatch has exactly one: \(redact(BotMessage.quote(text)))")
                } else {
                    d.result = r
                    d.resultAt = .now
                }
            case .evidence(let path, let kind, let mediaType):
                let full = ((path.hasPrefix("/") ? path : scratch + "/" + path) as NSString).standardizingPath
                if !full.hasPrefix(scratch + "/") {
                    problem = .failure("bot_protocol", "bot \(manifest.name) named evidence outside its scratch folder (\(scratch)): \(BotMessage.quote(path)); write evidence files into the request's \"scratch\" folder")
                } else {
                    d.evidence.append(.init(path: full, kind: kind, mediaType: mediaType))
                }
            default:
                break
            }
        }
        if let problem { state.fail(problem) }
        // What the caller logs is redacted like everything kept.
        switch message {
        case .log(let level, let text): onMessage?(.log(level: level, message: redact(text)))
        case .progress(let percent, let text): onMessage?(.progress(percent: percent, message: redact(text)))
        case .result(var r):
            r.message = redact(r.message)
            r.output = redact(r.output)
            onMessage?(.result(r))
        default: onMessage?(message)
        }
    }

    /// Whether the process has exited (a zombie not yet reaped); it is not reaped here.
    static func exited(_ pid: pid_t) -> Bool {
        var info = siginfo_t()
        return waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info._sifields._sigchld.si_pid == pid
    }

    static func elapsed(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    static func describe(_ status: TerminationStatus) -> String {
        switch status {
        case .exited(let code): return "exit \(code)"
        case .signaled(let sig): return "signal \(sig)"
        }
    }

    static func seconds(_ s: Double) -> String { s >= 60 && s.truncatingRemainder(dividingBy: 60) == 0 ? "\(Int(s / 60))m" : s == s.rounded() ? "\(Int(s))s" : "\(s)s" }
}

/// Splits a byte stream into lines without ever holding more than `limit` bytes of one line:
/// a longer line is cut, marked truncated, and the rest of it is skipped.
package struct LineSplitter {
    package struct Line {
        package var bytes: [UInt8]
        package var truncated: Bool
        package var length: Int
    }
    let limit: Int
    var current: [UInt8] = []
    var length = 0

    package init(limit: Int) { self.limit = limit }

    /// After a too-long line was reported, the rest of it is skipped up to its newline.
    var skipping = false

    package mutating func feed(_ raw: UnsafeRawBufferPointer) -> [Line] {
        var out: [Line] = []
        var start = raw.startIndex
        while start < raw.endIndex {
            let slice = raw[start...]
            if let nl = slice.firstIndex(of: 0x0A) {
                append(raw[start..<nl])
                if skipping {
                    skipping = false
                    current = []
                    length = 0
                } else {
                    out.append(take())
                }
                start = nl + 1
            } else {
                append(slice)
                start = raw.endIndex
            }
        }
        // A line that ran past the limit is reported at once: no need to wait for its end.
        if length > limit, !skipping {
            out.append(Line(bytes: Array(current.prefix(limit)), truncated: true, length: length))
            current = []
            skipping = true
        }
        return out
    }

    mutating func append(_ bytes: Slice<UnsafeRawBufferPointer>) {
        length += bytes.count
        if !skipping && current.count < limit + 1 {
            current.append(contentsOf: bytes.prefix(limit + 1 - current.count))
        }
    }

    mutating func take() -> Line {
        var bytes = current
        if bytes.last == 0x0D { bytes.removeLast() }
        let line = Line(bytes: Array(bytes.prefix(limit)), truncated: length > limit, length: length)
        current = []
        length = 0
        return line
    }

    package mutating func finish() -> Line? {
        guard !skipping, length > 0 || !current.isEmpty else { return nil }
        return take()
    }
}

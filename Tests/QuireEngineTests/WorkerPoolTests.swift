import Foundation
import Logging
import QuireCore
@testable import QuireEngine
import QuireTesting
import Testing

@Suite("Worker pool", .serialized)
struct WorkerPoolTests {
    func pool(_ script: String, size: Int = 1) -> WorkerPool {
        var c = WorkerPool.Configuration()
        c.executable = "/bin/sh"
        c.arguments = ["-c", script, "worker"]
        c.size = size
        return WorkerPool(configuration: c, logger: Logger(label: "test"))
    }

    @Test func whatAWorkerPrintsToStandardErrorBecomesLogRecords() async throws {
        let captured = CapturedLines()
        var c = WorkerPool.Configuration()
        c.executable = "/bin/sh"
        c.arguments = ["-c", "echo 'Syntax Error (12): Illegal character in xref' >&2; echo 'Warning: Invalid resolution 0 dpi' >&2; head -c 4 > /dev/null; kill -SEGV $$", "worker"]
        c.size = 1
        let p = WorkerPool(configuration: c, logger: Logger(label: "test") { _ in CapturingHandler(lines: captured) })
        defer { p.close() }
        _ = try? await p.run(task: "pdf.read", input: ["path": "/x.pdf"], timeout: 10)
        let seen = await eventually(timeout: 10) { captured.all.count >= 2 }
        #expect(seen)
        #expect(captured.all.contains { $0.level == .warning && $0.message.hasPrefix("Syntax Error (12)") })
        #expect(captured.all.contains { $0.level == .debug && $0.message.hasPrefix("Warning: Invalid resolution") })
    }

    @Test func aCrashingWorkerIsAnErrorThatNamesTheSignalAndIsReplaced() async throws {
        let p = pool("head -c 4 > /dev/null; kill -SEGV $$")
        defer { p.close() }
        for _ in 0..<2 {
            do {
                _ = try await p.run(task: "pdf.read", input: ["path": "/x.pdf"], timeout: 10)
                Issue.record("a crash must be an error")
            } catch let e as QuireError {
                #expect(e.code == .workerCrashed)
                #expect(e.message == "the worker process died from signal 11 (SIGSEGV): the input crashed the parser")
            }
        }
    }

    /// In a process of its own whose cooperative pool is kept busy, so the task in which swift-subprocess
    /// reports (and reaps) the dead worker cannot run: the crash is still named from the kernel's record at
    /// once. Waiting for that report instead said SIGKILL after twenty seconds (a CI run on a busy machine).
    @Test func aCrashIsNamedWhileTheReportOfItWaitsForABusyPool() async throws {
        await #expect(processExitsWith: .success) {
            let w = try await WorkerProcess.start(executable: "/bin/sh", arguments: ["-c", "head -c 4 > /dev/null; kill -SEGV $$", "worker"],
                                                  environment: [:], logger: Logger(label: "test"))
            for _ in 0..<(2 * ProcessInfo.processInfo.activeProcessorCount) { Task.detached { sleep(60) } }
            usleep(300_000)
            let start = Date()
            do {
                _ = try w.call(["task": "pdf.read", "input": .null], timeout: 30)
                exit(2)
            } catch let e as QuireError where e.message == "the worker process died from signal 11 (SIGSEGV): the input crashed the parser" {
                if Date().timeIntervalSince(start) > 5 {
                    FileHandle.standardError.write(Data("the crash was named only after \(Date().timeIntervalSince(start)) s\n".utf8))
                    exit(3)
                }
                exit(0)
            } catch {
                FileHandle.standardError.write(Data("\(error)\n".utf8))
                exit(1)
            }
        }
    }

    @Test func aWorkerThatCannotStartIsAnErrorThatNamesTheProgram() async throws {
        var c = WorkerPool.Configuration()
        c.executable = "/nonexistent/quire"
        c.size = 1
        let p = WorkerPool(configuration: c, logger: Logger(label: "test"))
        defer { p.close() }
        do {
            _ = try await p.run(task: "pdf.read", input: .null, timeout: 5)
            Issue.record("a worker that cannot start must be an error")
        } catch let e as QuireError {
            #expect(e.code == .internal)
            #expect(e.message.hasPrefix("cannot start a worker process (/nonexistent/quire)"), "\(e.message)")
        }
    }

    /// Counted in a process of its own (an exit test): other suites running alongside in this one open and
    /// close descriptors of their own, which made a count here a guess.
    @Test func aWorkerThatCannotStartLeaksNoDescriptors() async throws {
        await #expect(processExitsWith: .success) {
            var c = WorkerPool.Configuration()
            c.executable = "/nonexistent/quire"
            c.size = 1
            let p = WorkerPool(configuration: c, logger: Logger(label: "test"))
            func openDescriptors() -> Int { (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0 }
            _ = try? await p.run(task: "pdf.read", input: .null, timeout: 5)  // the first try's lasting allocations
            let before = openDescriptors()
            for _ in 0..<20 { _ = try? await p.run(task: "pdf.read", input: .null, timeout: 5) }
            p.close()
            // Three pipes per try: none of their ends stays open, so leaking even one a try leaves 20 more.
            let more = openDescriptors() - before
            if more >= 5 {
                FileHandle.standardError.write(Data("\(more) more descriptors open after 20 tries\n".utf8))
                exit(1)
            }
        }
    }

    @Test func aWorkerThatHangsIsKilledAtTheTimeout() async throws {
        let p = pool("exec sleep 30")
        defer { p.close() }
        let start = Date()
        do {
            _ = try await p.run(task: "pdf.read", input: .null, timeout: 0.3)
            Issue.record("a hang must time out")
        } catch let e as QuireError {
            #expect(e.code == .timeout)
            #expect(e.message == "the worker was stopped after 300ms without an answer")
        }
        #expect(Date().timeIntervalSince(start) < 10)
    }

    @Test func theRealWorkerReadsAPDFAndSurvivesBadInput() async throws {
        let quire = try #require(TestAppliance.quireExecutable, "the quire binary is built with the tests")
        var c = WorkerPool.Configuration()
        c.executable = quire
        c.size = 1
        let p = WorkerPool(configuration: c, logger: Logger(label: "test"))
        defer { p.close() }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try SampleFiles.pdf("Hello from the worker").write(to: URL(fileURLWithPath: dir.file("a.pdf")))
        let result = try await p.run(task: "pdf.read", input: ["path": .string(dir.file("a.pdf"))], timeout: 30)
        #expect(result["pageCount"] == 1)
        #expect(result["pages"]?.arrayValue?.first?["text"] == "Hello from the worker")
        try dir.write("bad.pdf", "%PDF-1.4 nothing here")
        do {
            _ = try await p.run(task: "pdf.read", input: ["path": .string(dir.file("bad.pdf"))], timeout: 30)
            Issue.record("a damaged PDF is an error")
        } catch let e as QuireError {
            #expect(e.code == .unsupportedInput)
            #expect(e.message.hasPrefix("damaged: the PDF is damaged and cannot be read"))
        }
        let again = try await p.run(task: "pdf.read", input: ["path": .string(dir.file("a.pdf"))], timeout: 30)
        #expect(again["pageCount"] == 1, "the same worker goes on after an input error")
    }
}

final class CapturedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [(level: Logger.Level, message: String)] = []
    func add(_ l: Logger.Level, _ m: String) { lock.lock(); lines.append((l, m)); lock.unlock() }
    var all: [(level: Logger.Level, message: String)] { lock.lock(); defer { lock.unlock() }; return lines }
}

struct CapturingHandler: LogHandler {
    let lines: CapturedLines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) { lines.add(event.level, "\(event.message)") }
}

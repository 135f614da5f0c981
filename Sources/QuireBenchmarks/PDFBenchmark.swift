import Foundation
#if canImport(Glibc)
import Glibc
#endif
public import Logging
import QuireCore
import QuireDocuments
import QuireEngine

/// Times reading PDFs three ways in one run, on the same files: poppler in this process, the
/// `pdf.read` task through a warm isolated worker (what `pdf.text` pays), and a `pdftotext` process.
public struct PDFBenchmark: Sendable {
    public var files: [String]
    public var runs = 20
    public var pdftotext = "/usr/bin/pdftotext"
    public init(files: [String]) { self.files = files }

    public struct Row: Sendable, Codable {
        public var file: String
        public var pages: Int
        public var inProcessMs: Double
        public var workerMs: Double
        public var pdftotextMs: Double?
    }

    static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        return s.isEmpty ? 0 : s[s.count / 2]
    }

    static func ms(_ body: () throws -> Void) rethrows -> Double {
        let t = Scheduler.monotonicNow()
        try body()
        return (Scheduler.monotonicNow() - t) * 1000
    }

    static func spawnAndWait(_ argv: [String]) {
        var pid: pid_t = 0
        let cargs = argv.map { strdup($0) } + [nil]
        defer { for a in cargs { free(a) } }
        guard posix_spawn(&pid, argv[0], nil, nil, cargs, environ) == 0 else { return }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    public func run(logger: Logger) async throws -> [Row] {
        var config = WorkerPool.Configuration()
        config.size = 1
        let pool = WorkerPool(configuration: config, logger: logger)
        defer { pool.close() }
        var rows: [Row] = []
        for file in files {
            let reader = PDFReader()
            let pages = try reader.read(path: file).pageCount
            var inProcess: [Double] = [], worker: [Double] = [], external: [Double] = []
            _ = try await pool.run(task: "pdf.read", input: ["path": .string(file)], timeout: 60)   // warm the worker
            for _ in 0..<runs {
                inProcess.append(try Self.ms { _ = try reader.read(path: file) })
                let t = Scheduler.monotonicNow()
                _ = try await pool.run(task: "pdf.read", input: ["path": .string(file)], timeout: 60)
                worker.append((Scheduler.monotonicNow() - t) * 1000)
                if FileManager.default.isExecutableFile(atPath: pdftotext) {
                    // posix_spawn + waitpid: Foundation's waitUntilExit polls and added up to 50 ms.
                    external.append(Self.ms { Self.spawnAndWait([pdftotext, "-layout", file, "/dev/null"]) })
                }
            }
            rows.append(Row(file: (file as NSString).lastPathComponent, pages: pages, inProcessMs: Self.median(inProcess),
                            workerMs: Self.median(worker), pdftotextMs: external.isEmpty ? nil : Self.median(external)))
        }
        return rows
    }
}

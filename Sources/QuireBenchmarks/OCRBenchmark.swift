import Foundation
public import Logging
import QuireCore
import QuireEngine
#if canImport(Glibc)
import Glibc
#endif

/// OCR side by side, in one run, on the pages of one PDF: tesseract in a warm isolated worker vs the
/// `tesseract` command on the same 300 dpi page images (both single-threaded, `OMP_THREAD_LIMIT=1`);
/// one worker vs two on all pages (render + OCR, what `ocr.page` does); and `ocrmypdf -j 2` on the file
/// next to the floor of two `tesseract` processes in parallel.
public struct OCRBenchmark: Sendable {
    public var file: String
    public var languages = "eng"
    public init(file: String) { self.file = file }

    public struct Report: Sendable, Codable {
        public var pages: Int
        /// Per page, seconds: worker OCR of the PNG, `tesseract` on the PNG.
        public var workerPerPage: [Double]
        public var tesseractPerPage: [Double]
        /// All pages from the PDF (render + OCR): one worker, two workers.
        public var oneWorker: Double
        public var twoWorkers: Double
        /// Two `tesseract` processes in parallel over the page images.
        public var floorTwoProcesses: Double
        /// The same over the page images as they are stored in the PDF (pdfimages), when every page is one image.
        public var floorNativeImages: Double?
        public var ocrmypdf: Double?
        /// The whole file through a running appliance, from intake to its done record.
        public var dropToDone: Double?
    }

    static func now() -> Double { Scheduler.monotonicNow() }

    /// Runs argv with OMP_THREAD_LIMIT=1; returns the wall seconds.
    static func run(_ argv: [String], wait: Bool = true) -> (pid_t, Double) {
        var pid: pid_t = 0
        let cargs = argv.map { strdup($0) } + [nil]
        defer { for a in cargs { free(a) } }
        var env = ProcessInfo.processInfo.environment
        env["OMP_THREAD_LIMIT"] = "1"
        let cenv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for e in cenv { free(e) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let t = now()
        guard posix_spawnp(&pid, argv[0], &actions, nil, cargs, cenv) == 0 else { return (0, 0) }
        if wait {
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        return (pid, now() - t)
    }

    public func run(logger: Logger, progress: @Sendable (String) -> Void) async throws -> Report {
        let dir = NSTemporaryDirectory() + "quire-ocr-bench-\(getpid())"
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        progress("rendering the pages at 300 dpi with pdftoppm…")
        _ = Self.run(["pdftoppm", "-r", "300", "-gray", "-png", file, dir + "/page"])
        let images = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".png") }.sorted().map { dir + "/" + $0 }
        guard !images.isEmpty else { throw QuireError(.invalidArgument, "pdftoppm made no page images from \(file); is poppler-utils installed and the file a PDF?") }
        let langs = JSONValue.array(languages.split(separator: "+").map { .string(String($0)) })

        func pool(_ size: Int) -> WorkerPool {
            var c = WorkerPool.Configuration()
            c.size = size
            return WorkerPool(configuration: c, logger: logger)
        }
        let one = pool(1)
        defer { one.close() }
        // Warm: the engine loads once per worker.
        _ = try await one.run(task: "ocr.page", input: ["path": .string(images[0]), "media_type": "png", "page": 1, "languages": langs], timeout: 300)
        progress("OCR of each page image: isolated worker vs tesseract command…")
        var worker: [Double] = [], cli: [Double] = []
        for img in images {
            let t = Self.now()
            _ = try await one.run(task: "ocr.page", input: ["path": .string(img), "media_type": "png", "page": 1, "languages": langs], timeout: 300)
            worker.append(Self.now() - t)
            cli.append(Self.run(["tesseract", img, "-", "-l", languages]).1)
        }
        progress("all pages from the PDF with one worker, then two…")
        func all(_ p: WorkerPool) async throws -> Double {
            let t = Self.now()
            try await withThrowingTaskGroup(of: Void.self) { g in
                for n in 1...images.count {
                    g.addTask {
                        _ = try await p.run(task: "ocr.page", input: ["path": .string(file), "media_type": "pdf", "page": .number(Double(n)), "dpi": 300, "languages": langs], timeout: 300)
                    }
                }
                try await g.waitForAll()
            }
            return Self.now() - t
        }
        let oneTime = try await all(one)
        let two = pool(2)
        defer { two.close() }
        _ = try await two.run(task: "ocr.page", input: ["path": .string(images[0]), "media_type": "png", "page": 1, "languages": langs], timeout: 300)
        _ = try await two.run(task: "ocr.page", input: ["path": .string(images[0]), "media_type": "png", "page": 1, "languages": langs], timeout: 300)
        let twoTime = try await all(two)
        progress("floor: two tesseract processes in parallel over the page images…")
        func floorTime(_ images: [String]) -> Double {
            let t = Self.now()
            var queue = images[...]
            var running: [pid_t] = []
            while !queue.isEmpty || !running.isEmpty {
                while running.count < 2, let img = queue.popFirst() { running.append(Self.run(["tesseract", img, "-", "-l", languages], wait: false).0) }
                var status: Int32 = 0
                let done = wait(&status)
                running.removeAll { $0 == done }
            }
            return Self.now() - t
        }
        let floor = floorTime(images)
        // The same floor on the scan's own images (pdfimages), for PDFs that are scans: what the
        // appliance OCRs for a page that is one image.
        _ = Self.run(["pdfimages", "-png", file, dir + "/native"])
        let native = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasPrefix("native") && $0.hasSuffix(".png") }.sorted().map { dir + "/" + $0 }
        let nativeFloor: Double? = native.count == images.count ? floorTime(native) : nil
        var ocrmypdf: Double?
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/ocrmypdf") {
            progress("ocrmypdf -j 2 --force-ocr on the file…")
            ocrmypdf = Self.run(["ocrmypdf", "-q", "-j", "2", "--force-ocr", "-l", languages, file, dir + "/ocrmypdf.pdf"]).1
        }
        return Report(pages: images.count, workerPerPage: worker, tesseractPerPage: cli, oneWorker: oneTime, twoWorkers: twoTime,
                      floorTwoProcesses: floor, floorNativeImages: nativeFloor, ocrmypdf: ocrmypdf,
                      dropToDone: try await { progress("the file through a running appliance, drop to done…"); return try await DropToDoneBenchmark.run(file: file, languages: languages.split(separator: "+").map(String.init), logger: logger) }())
    }
}

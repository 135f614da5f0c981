import Foundation
public import Logging
import QuireCore
public import ServiceLifecycle

/// Watches `inbox/<pipeline>/` for every pipeline with a spool source and takes files in
/// once they are stable. inotify wakes it at once; polling covers network filesystems; a
/// periodic full rescan is the safety net. One `Service` in the appliance's group.
public final class SpoolWatcher: Service, Sendable {
    let intake: SpoolIntake
    let configuration: SpoolConfiguration
    let logger: Logger
    private let signals: AsyncStream<Signal>
    private let continuation: AsyncStream<Signal>.Continuation

    enum Signal: Sendable { case changed(String), tick, shutdown }

    public init(intake: SpoolIntake, configuration: SpoolConfiguration, logger: Logger) {
        self.intake = intake
        self.configuration = configuration
        self.logger = logger
        (signals, continuation) = AsyncStream.makeStream(of: Signal.self)
    }

    /// Stops watching (also done by graceful shutdown).
    public func stop() { continuation.yield(.shutdown) }

    /// What the watcher knows about a file it has seen but not taken yet.
    struct Pending {
        var size: Int64
        var mtime: Int64
        var since: Double
    }

    /// One inbox entry, classified.
    enum Entry: Equatable {
        case file(size: Int64, mtime: Int64, inode: UInt64)
        case skip(code: String, reason: String, inode: UInt64)
        case ignore
    }

    static let partialSuffixes = [".part", "~", ".tmp", ".crdownload", ".partial", ".download", ".swp", ".filepart"]

    static func classify(directory: String, name: String) -> Entry {
        if name.hasPrefix(".") { return .ignore }
        let lower = name.lowercased()
        if partialSuffixes.contains(where: { lower.hasSuffix($0) }) { return .ignore }
        var st = stat()
        guard lstat("\(directory)/\(name)", &st) == 0 else { return .ignore }
        let inode = UInt64(st.st_ino)
        switch st.st_mode & S_IFMT {
        case S_IFREG:
            return .file(size: Int64(st.st_size), mtime: Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec), inode: inode)
        case S_IFLNK:
            return .skip(code: "symlink", reason: "symbolic links are not followed (they could point anywhere); copy the file itself into the inbox", inode: inode)
        case S_IFIFO:
            return .skip(code: "fifo", reason: "a named pipe (FIFO) is not a document; write the document to a regular file", inode: inode)
        case S_IFCHR, S_IFBLK:
            return .skip(code: "device", reason: "a device file is not a document", inode: inode)
        case S_IFSOCK:
            return .skip(code: "socket", reason: "a socket is not a document", inode: inode)
        case S_IFDIR:
            return .skip(code: "folder", reason: "sub-folders of an inbox are not read; drop files directly into inbox/<pipeline>/", inode: inode)
        default:
            return .ignore
        }
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            await self.loop()
        } onGracefulShutdown: {
            self.continuation.yield(.shutdown)
        }
    }

    func loop() async {
        let pipelines = intake.catalog.specs.filter { $0.spool != nil }.map(\.name)
        for p in pipelines {
            do { try intake.layout.prepare(pipeline: p) } catch {
                logger.error("cannot create the inbox folders", metadata: ["pipeline": "\(p)", "error": "\(error)"])
            }
        }
        for p in pipelines { _ = await intake.recover(pipeline: p) }

        let dirs = pipelines.map { intake.layout.inbox($0) }
        var watcher: InotifyWatcher?
        let mode: SpoolConfiguration.WatchMode
        switch configuration.watch {
        case .poll: mode = .poll
        case .inotify, .auto:
            if configuration.watch == .auto && dirs.contains(where: InotifyWatcher.isNetworkFilesystem) {
                mode = .poll
                logger.info("an inbox is on a network filesystem; polling instead of inotify")
            } else {
                let cont = continuation
                watcher = InotifyWatcher(paths: dirs) { cont.yield(.changed($0)) }
                mode = watcher == nil ? .poll : .inotify
                if watcher == nil { logger.warning("inotify is not available; polling the inboxes") }
            }
        }
        logger.info("spool watching", metadata: ["pipelines": "\(pipelines)", "mode": "\(mode.rawValue)", "settle_s": "\(configuration.settle)"])

        var pending: [String: Pending] = [:]       // key: dir + "/" + name
        var backlog: [String: [Ready]] = [:]        // per folder: files found ready beyond one batch, taken next
        var reported: [String: UInt64] = [:]       // skipped entries already recorded, by inode
        var dirty = Set(dirs)
        var lastFull = 0.0
        var lastPoll = 0.0
        var lastSweep = Scheduler.monotonic()
        let tickInterval = min(0.25, max(0.05, configuration.settle / 4))

        await withTaskGroup(of: Void.self) { group in
            let cont = continuation
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(nanoseconds: UInt64(tickInterval * 1e9))
                    cont.yield(.tick)
                }
            }
            var iterator = signals.makeAsyncIterator()
            outer: while true {
                let now = Scheduler.monotonic()
                if now - lastFull >= configuration.rescanInterval { dirty = Set(dirs); lastFull = now }
                if mode == .poll && now - lastPoll >= configuration.pollInterval { dirty = Set(dirs); lastPoll = now }
                // Files claimed by a process that died (another node on this home), or whose recording failed: finished here.
                if now - lastSweep >= configuration.sweepInterval {
                    for p in pipelines { _ = await intake.sweep(pipeline: p) }
                    lastSweep = now
                }
                // Folders with files that are settling are looked at again on every tick.
                for key in pending.keys { dirty.insert((key as NSString).deletingLastPathComponent) }
                if !dirty.isEmpty {
                    let toScan = dirty
                    dirty.removeAll()
                    for (pipeline, dir) in zip(pipelines, dirs) where toScan.contains(dir) {
                        // More ready than one batch: the folder is taken up again after the next signal (a tick at most).
                        if await scan(pipeline: pipeline, directory: dir, pending: &pending, reported: &reported, backlog: &backlog[dir, default: []]) {
                            dirty.insert(dir)
                        }
                    }
                }
                while true {
                    guard let s = await iterator.next() else { break outer }
                    switch s {
                    case .changed(let dir): dirty.insert(dir)
                    case .tick: break
                    case .shutdown: break outer
                    }
                    // Coalesce a burst of events into one scan.
                    if case .tick = s { break }
                    if case .changed = s, pending.isEmpty { break }
                }
            }
            group.cancelAll()
        }
        watcher?.stop()
        logger.info("spool stopped")
    }

    typealias Ready = (name: String, sidecar: String?)

    /// Lists a folder, tracks what is settling and takes in up to `batchLimit` ready files; true when more were ready.
    /// Ready files beyond one batch wait in `backlog` and make the next batches without the folder being listed again
    /// (a flood of 100,000 files would otherwise be listed and stat'ed once per batch).
    func scan(pipeline: String, directory: String, pending: inout [String: Pending], reported: inout [String: UInt64],
              backlog: inout [Ready]) async -> Bool {
        let limit = max(1, configuration.batchLimit)
        if !backlog.isEmpty {
            let batch = Array(backlog.prefix(limit))
            backlog.removeFirst(batch.count)
            await take(batch, pipeline: pipeline, directory: directory, pending: &pending)
            return !backlog.isEmpty
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return false }
        let now = Scheduler.monotonic()
        let nameSet = Set(names)
        var ready: [Ready] = []
        var seen = Set<String>()
        for name in names.sorted() {
            let key = directory + "/" + name
            seen.insert(key)
            switch Self.classify(directory: directory, name: name) {
            case .ignore:
                continue
            case .skip(let code, let reason, let inode):
                if reported[key] != inode {
                    reported[key] = inode
                    _ = intake.recordSkipped(name: name, pipeline: pipeline, code: code, reason: reason)
                }
            case .file(let size, let mtime, _):
                // `x.pdf.json` beside `x.pdf` is x.pdf's sidecar, taken with it.
                if name.lowercased().hasSuffix(".json") {
                    let partner = String(name.dropLast(5))
                    if nameSet.contains(partner) { continue }
                    if (partner as NSString).pathExtension.isEmpty == false {
                        // A sidecar whose document has not arrived yet: wait for it, up to sidecarWait.
                        let p = pending[key] ?? Pending(size: size, mtime: mtime, since: now)
                        pending[key] = p.size == size && p.mtime == mtime ? p : Pending(size: size, mtime: mtime, since: now)
                        if now - pending[key]!.since < configuration.sidecarWait { continue }
                        ready.append((name, nil))
                        continue
                    }
                }
                var sidecar: String? = nil
                if nameSet.contains(name + ".json") {
                    sidecar = name + ".json"
                    // The sidecar must be stable too.
                    if case .file(let ss, let sm, _) = Self.classify(directory: directory, name: sidecar!) {
                        let skey = directory + "/" + sidecar!
                        let p = pending[skey]
                        if p == nil || p!.size != ss || p!.mtime != sm { pending[skey] = Pending(size: ss, mtime: sm, since: now) }
                        if now - pending[skey]!.since < configuration.settle { 
                            track(key, size, mtime, now, &pending)
                            continue
                        }
                    }
                }
                track(key, size, mtime, now, &pending)
                if now - pending[key]!.since >= configuration.settle {
                    ready.append((name, sidecar))
                }
            }
        }
        for key in pending.keys where key.hasPrefix(directory + "/") && !seen.contains(key) { pending[key] = nil }
        for key in reported.keys where key.hasPrefix(directory + "/") && !seen.contains(key) { reported[key] = nil }
        guard !ready.isEmpty else { return false }
        if ready.count > limit {
            backlog = Array(ready.dropFirst(limit))
            ready = Array(ready.prefix(limit))
        }
        await take(ready, pipeline: pipeline, directory: directory, pending: &pending)
        return !backlog.isEmpty
    }

    /// Takes in `ready` files, a few at once (intake mostly waits on fsync).
    private func take(_ ready: [Ready], pipeline: String, directory: String, pending: inout [String: Pending]) async {
        let width = max(1, configuration.parallelism)
        let intake = self.intake
        await withTaskGroup(of: Void.self) { group in
            var index = 0
            for _ in 0..<min(width, ready.count) {
                let r = ready[index]
                index += 1
                group.addTask { _ = await intake.take(name: r.name, pipeline: pipeline, sidecarName: r.sidecar) }
            }
            while await group.next() != nil {
                if index < ready.count {
                    let r = ready[index]
                    index += 1
                    group.addTask { _ = await intake.take(name: r.name, pipeline: pipeline, sidecarName: r.sidecar) }
                }
            }
        }
        for r in ready {
            pending[directory + "/" + r.name] = nil
            if let s = r.sidecar { pending[directory + "/" + s] = nil }
        }
    }

    private func track(_ key: String, _ size: Int64, _ mtime: Int64, _ now: Double, _ pending: inout [String: Pending]) {
        if let p = pending[key], p.size == size, p.mtime == mtime { return }
        pending[key] = Pending(size: size, mtime: mtime, since: now)
    }
}

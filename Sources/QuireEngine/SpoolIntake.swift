import Foundation
import QuireObservability
import Synchronization
public import Logging
public import QuireCore
public import QuireStore

/// Takes files into the appliance: claim, store the bytes, record the item and its first
/// job in one transaction, and only then let the original go.
///
/// Used by the spool watcher (files dropped into `inbox/<pipeline>/`) and by `quire drop`.
public struct SpoolIntake: Sendable {
    public let layout: HomeLayout
    public let store: any ItemStore
    public let blobs: BlobStore
    public let catalog: PipelineCatalog
    public let after: SpoolConfiguration.After
    public let logger: Logger
    /// Called after new work was queued (wakes the scheduler in this process).
    public let onQueued: @Sendable () -> Void
    /// Files taken in together are recorded in one commit.
    let batcher: IntakeBatcher

    public init(layout: HomeLayout, store: any ItemStore, blobs: BlobStore, catalog: PipelineCatalog, after: SpoolConfiguration.After = .delete,
                logger: Logger, onQueued: @escaping @Sendable () -> Void = {}) {
        self.layout = layout
        self.store = store
        self.blobs = blobs
        self.catalog = catalog
        self.after = after
        self.logger = logger
        self.onQueued = onQueued
        // The blobs of a batch are written without fsyncs and made durable together, by one flush before its commit.
        self.batcher = IntakeBatcher(store: store) { [blobs] in try await BlockingIO.run { try blobs.flush() } }
    }

    /// What became of one file.
    public enum Result: Sendable, Hashable {
        case accepted(Item)
        case duplicate(Item, original: Item)
        /// Already taken in earlier (same intake key or idempotency key).
        case existing(Item)
        /// Not consumed; `record` is the path of the JSON that says why.
        case rejected(code: String, reason: String, record: String?)
    }

    /// Metadata read from a sidecar `<name>.json` or given by the submitter.
    public struct Submission: Sendable, Hashable {
        public var priority: Int = 0
        public var tenant: String?
        public var externalRef: String?
        public var idempotencyKey: String?
        /// The submitter's own keys; none of ``ItemMetadata/reservedKeys`` (``ingest`` refuses them).
        public var metadata: [String: JSONValue] = [:]
        /// Keys Quire sets from checked inputs (a capture, a region, a deadline, attachments it
        /// stored, a request fingerprint): reserved keys, merged over ``metadata``.
        public var system: [String: JSONValue] = [:]
        public init() {}

        /// Reads a sidecar object. Known keys: priority, tenant, external_ref, idempotency_key,
        /// deadline (ISO 8601), metadata (object); other keys are kept in metadata.
        public init(sidecar: JSONValue) throws {
            guard let o = sidecar.objectValue else {
                throw QuireError(.invalidArgument, "the sidecar must be a JSON object such as {\"priority\": 5, \"external_ref\": \"PO-1\"}")
            }
            for (k, v) in o {
                switch k {
                case "priority":
                    guard let p = v.intValue else { throw QuireError(.invalidArgument, "sidecar 'priority' must be a whole number") }
                    priority = p
                case "tenant", "external_ref", "idempotency_key":
                    guard let s = v.stringValue, !s.isEmpty else { throw QuireError(.invalidArgument, "sidecar '\(k)' must be a non-empty string") }
                    if k == "tenant" { tenant = s } else if k == "external_ref" { externalRef = s } else { idempotencyKey = s }
                case "deadline":
                    guard let s = v.stringValue, ISO8601DateFormatter().date(from: s) != nil else {
                        throw QuireError(.invalidArgument, "sidecar 'deadline' must be an ISO 8601 time such as 2026-12-01T17:00:00Z")
                    }
                    system["deadline"] = v
                case "region":
                    guard let s = v.stringValue, !s.isEmpty, s.count <= 64 else { throw QuireError(.invalidArgument, "sidecar 'region' must be a short non-empty string such as \"eu\"") }
                    system["region"] = .string(s)
                case "capture":
                    guard v.objectValue != nil else { throw QuireError(.invalidArgument, "sidecar 'capture' must be a JSON object of what a bot captured") }
                    system["capture"] = v
                case "metadata":
                    guard let m = v.objectValue else { throw QuireError(.invalidArgument, "sidecar 'metadata' must be an object") }
                    metadata.merge(m) { _, new in new }
                default:
                    metadata[k] = v
                }
            }
            try ItemMetadata.checkCallerKeys(metadata, source: "the sidecar")
        }
    }

    /// What opening a file for intake found.
    enum Opened {
        case opened(FileHandle, stat)
        case link
        case notRegular
        case failed(String)
    }

    /// Opens `path` for reading (with `O_NOFOLLOW` unless `followLinks`) and checks the open
    /// descriptor with `fstat`: a regular file, or why not. FIFOs and devices never block the open.
    static func openRegularFile(_ path: String, followLinks: Bool) -> Opened {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | (followLinks ? 0 : O_NOFOLLOW))
        guard fd >= 0 else {
            if errno == ELOOP { return .link }
            return .failed(String(cString: strerror(errno)))
        }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            return .notRegular
        }
        // Back to blocking reads for a regular file.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return .opened(FileHandle(fileDescriptor: fd, closeOnDealloc: true), st)
    }

    /// A sidecar's bytes: a regular file (never a link), at most 1 MiB.
    static func readSidecar(_ path: String) throws -> Data {
        switch openRegularFile(path, followLinks: false) {
        case .opened(let h, let st):
            defer { try? h.close() }
            guard st.st_size <= 1 << 20 else { throw QuireError(.invalidArgument, "it is larger than 1 MiB; a sidecar holds a little JSON") }
            return try h.read(upToCount: 1 << 20) ?? Data()
        case .link: throw QuireError(.invalidArgument, "it is a symbolic link, which is not followed; write the JSON itself beside the file")
        case .notRegular: throw QuireError(.invalidArgument, "it is not a regular file")
        case .failed(let message): throw QuireError(.io, message)
        }
    }

    static func newIntakeKey() -> String {
        let ms = UInt64(Date().timeIntervalSince1970 * 1000)
        return String(ms, radix: 16) + String(UInt64.random(in: 0..<(1 << 48)), radix: 16)
    }

    // MARK: From the inbox

    /// Claims `inbox/<pipeline>/<name>` (and its sidecar) by renaming it into the private
    /// claimed folder, then takes it in. Returns nil when another process claimed it first.
    public func take(name: String, pipeline: String, sidecarName: String? = nil) async -> Result? {
        let inbox = layout.inbox(pipeline)
        let claimedDir = layout.claimed(pipeline)
        let key = Self.newIntakeKey()
        let claimed = "\(claimedDir)/\(key)--\(name)"
        try? FileManager.default.createDirectory(atPath: claimedDir, withIntermediateDirectories: true)
        if let s = sidecarName {
            // Claim the sidecar first: a document without its sidecar would lose its metadata.
            if rename("\(inbox)/\(s)", "\(claimedDir)/\(key).sidecar") != 0 {
                return nil
            }
        }
        guard rename("\(inbox)/\(name)", claimed) == 0 else {
            if sidecarName != nil { _ = rename("\(claimedDir)/\(key).sidecar", "\(inbox)/\(sidecarName!)") }
            return nil
        }
        await BlockingIO.run { fsyncDirectory(claimedDir) }
        return await ingestClaimed(path: claimed, key: key, name: name, pipeline: pipeline)
    }

    // MARK: Claims of processes that are gone

    /// Claimed files this process is taking in now (whole paths): another task of this process
    /// never takes one over (an `flock` of this process would not stop it).
    static let inProgress = Mutex<Set<String>>([])
    /// Files that could not be stored (a full or failing disk), logged at most once a minute in this process.
    static let storeFailures = LogGate(every: 60)
    /// Files that could not be recorded in the store (it is down or unreachable), logged at most once a minute.
    static let recordFailures = LogGate(every: 60)

    /// A claim is an exclusive `flock` on the claimed file, held by the process taking it in from
    /// the rename until the file is let go; the kernel drops it when the process dies, however it
    /// dies. So a claimed file that nobody holds belongs to a process that is gone, and any live
    /// process on the same claimed folder (several nodes on one home and one PostgreSQL store)
    /// may finish it: `sweep` does, every few seconds. `grace` leaves a just-renamed file to its
    /// claimer for the instant between its rename and its lock. The intake key in the file's name
    /// makes one item of it, whoever records it first.
    public func sweep(pipeline: String, grace: Double = 5) async -> [Result] {
        let dir = layout.claimed(pipeline)
        // With a shared inbox each node claims into its own folder: a node that is gone leaves its
        // claims there. One whose lock nobody holds is moved into this node's folder first (a
        // rename: one node wins), under the lock, and finished below like its own.
        var moved: [String] = []
        for other in layout.otherNodesClaimed(pipeline) {
            for entry in ((try? FileManager.default.contentsOfDirectory(atPath: other)) ?? []).sorted() {
                guard let sep = entry.range(of: "--") else { continue }
                let from = "\(other)/\(entry)"
                guard Self.claimedLongAgo(from, grace), case .locked(let fd) = Self.lockClaim(from) else { continue }
                defer { close(fd) }
                let key = String(entry[..<sep.lowerBound])
                try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                // The sidecar first, as when claiming from the inbox.
                _ = rename("\(other)/\(key).sidecar", "\(dir)/\(key).sidecar")
                if rename(from, "\(dir)/\(entry)") == 0 {
                    fsyncDirectory(dir)
                    moved.append(entry)
                    logger.notice("took over a file claimed by a node that is gone", metadata: ["file": "\(entry[sep.upperBound...])", "pipeline": "\(pipeline)",
                                                                                               "from": "\((other as NSString).deletingLastPathComponent)"])
                }
            }
        }
        var results: [Result] = []
        for entry in ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted() {
            guard let sep = entry.range(of: "--") else { continue }
            let path = "\(dir)/\(entry)"
            guard !Self.inProgress.withLock({ $0.contains(path) }) else { continue }
            // (A file just moved here from a node that is gone is this node's now: no grace.)
            guard moved.contains(entry) || Self.claimedLongAgo(path, grace) else { continue }
            let key = String(entry[..<sep.lowerBound]), name = String(entry[sep.upperBound...])
            if let r = await ingestClaimed(path: path, key: key, name: name, pipeline: pipeline) {
                // (A passing failure again — the disk still full — was logged, once a minute, where it happened.)
                if case .rejected(_, _, nil) = r {} else {
                    logger.notice("took in a claimed file left unfinished (its claimer is gone, or recording it failed)",
                                  metadata: ["file": "\(name)", "pipeline": "\(pipeline)"])
                }
                results.append(r)
            }
        }
        return results
    }

    /// Whether the file was renamed into place (its inode changed, ctime) at least `seconds` ago.
    static func claimedLongAgo(_ path: String, _ seconds: Double) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0 && Date().timeIntervalSince1970 - Double(st.st_ctim.tv_sec) >= seconds
    }

    enum ClaimLock {
        case locked(Int32)
        /// Another live process holds it, the file is gone, or the path now names another file.
        case notOurs
        /// It cannot be opened to lock it (a link, no permission): the intake's own checks say why.
        case unlockable
    }

    static func lockClaim(_ path: String) -> ClaimLock {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return errno == ENOENT ? .notOurs : .unlockable }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { close(fd); return .notOurs }
        var held = stat(), now = stat()
        guard fstat(fd, &held) == 0, lstat(path, &now) == 0, held.st_ino == now.st_ino, held.st_dev == now.st_dev else { close(fd); return .notOurs }
        return .locked(fd)
    }

    /// Finishes files left in the claimed folder by a crash: ones already recorded are
    /// released, the rest are taken in again.
    public func recover(pipeline: String) async -> [Result] {
        let dir = layout.claimed(pipeline)
        var results: [Result] = []
        for entry in ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted() {
            guard let sep = entry.range(of: "--") else { continue }
            let key = String(entry[..<sep.lowerBound])
            let name = String(entry[sep.upperBound...])
            // A claim another live process holds (several nodes on one home) is that process's to finish.
            guard let r = await ingestClaimed(path: "\(dir)/\(entry)", key: key, name: name, pipeline: pipeline) else { continue }
            logger.info("recovered a file claimed before a restart", metadata: ["file": "\(name)", "pipeline": "\(pipeline)"])
            results.append(r)
        }
        // Sidecars whose document is gone were already handled. (Not one claimed in the last minute:
        // another node on this home claims the sidecar first and its document an instant later.)
        for entry in ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []) where entry.hasSuffix(".sidecar") {
            let key = String(entry.dropLast(".sidecar".count))
            let hasDoc = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).contains { $0.hasPrefix(key + "--") }
            guard !hasDoc, Self.claimedLongAgo("\(dir)/\(entry)", 60) else { continue }
            try? FileManager.default.removeItem(atPath: "\(dir)/\(entry)")
        }
        return results
    }

    /// Takes in a claimed file under its claim lock; nil when another live process holds the claim.
    func ingestClaimed(path: String, key: String, name: String, pipeline: String) async -> Result? {
        guard Self.inProgress.withLock({ $0.insert(path).inserted }) else { return nil }
        defer { _ = Self.inProgress.withLock { $0.remove(path) } }
        let lock = Self.lockClaim(path)
        if case .notOurs = lock { return nil }
        defer { if case .locked(let fd) = lock { close(fd) } }
        let sidecarPath = "\(layout.claimed(pipeline))/\(key).sidecar"
        let hasSidecar = FileManager.default.fileExists(atPath: sidecarPath)
        // A crash after the commit: the item exists; only the cleanup is left.
        if let existing = try? await store.item(intakeKey: key) {
            release(path: path, sidecar: hasSidecar ? sidecarPath : nil, name: name, pipeline: pipeline)
            return .existing(existing)
        }
        var submission = Submission()
        if hasSidecar {
            do {
                let data = try Self.readSidecar(sidecarPath)
                submission = try Submission(sidecar: try JSONValue.parse(data))
            } catch let e as QuireError {
                return reject(path: path, sidecar: sidecarPath, name: name, pipeline: pipeline, code: "bad_sidecar",
                              reason: "the sidecar \(name).json is not usable: \(e.message); fix it and drop the file and its sidecar again")
            } catch {
                return reject(path: path, sidecar: sidecarPath, name: name, pipeline: pipeline, code: "bad_sidecar", reason: "the sidecar \(name).json cannot be read: \(error)")
            }
        }
        let result = await ingest(path: path, name: name, pipeline: pipeline, source: .spool, submission: submission, intakeKey: key,
                                  sidecar: hasSidecar ? sidecarPath : nil)
        switch result {
        case .accepted, .duplicate, .existing:
            release(path: path, sidecar: hasSidecar ? sidecarPath : nil, name: name, pipeline: pipeline)
        case .rejected("unknown_pipeline", _, nil):
            // The pipeline went away while its file was claimed: back into its inbox, for when it returns.
            let inbox = layout.inbox(pipeline)
            if hasSidecar { _ = rename(sidecarPath, "\(inbox)/\(name).json") }
            _ = rename(path, "\(inbox)/\(name)")
        case .rejected:
            // With a record, the file is in rejected/ already. Without one it was a passing failure (a full disk, the
            // store unreachable — which may have committed all the same, its answer lost with the connection): the file
            // stays claimed under its key, and the sweep takes it in again with the same intake key, which finds the
            // item if it was committed. So a file never becomes two items.
            break
        }
        return result
    }

    /// The original is safely recorded: delete it or move it to the archive.
    func release(path: String, sidecar: String?, name: String, pipeline: String) {
        switch after {
        case .delete:
            try? FileManager.default.removeItem(atPath: path)
            if let sidecar { try? FileManager.default.removeItem(atPath: sidecar) }
        case .archive:
            let f = DateFormatter()
            f.dateFormat = "yyyy-MM-dd"
            f.timeZone = TimeZone(identifier: "UTC")
            let dir = layout.archive(pipeline, day: f.string(from: Date()))
            try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let target = uniquePath(directory: dir, name: name)
            if rename(path, target) != 0 { try? FileManager.default.removeItem(atPath: path) }
            if let sidecar { _ = rename(sidecar, target + ".json") }
        }
    }

    // MARK: Taking in

    /// Checks, stores and records a file. `path` is not removed here.
    public func ingest(path: String, name: String, pipeline: String, source: ItemSource, submission: Submission, intakeKey: String?,
                       sidecar: String? = nil) async -> Result {
        var log = logger
        log[metadataKey: "file"] = "\(name)"
        log[metadataKey: "pipeline"] = "\(pipeline)"
        guard let entry = catalog[pipeline] else {
            return .rejected(code: "unknown_pipeline", reason: "no pipeline '\(pipeline)'; known pipelines: \(catalog.names.joined(separator: ", "))", record: nil)
        }
        let spool = entry.spec.spool ?? SpoolSourceSpec()
        let doReject: (String, String) -> Result = { code, reason in
            source == .spool
                ? reject(path: path, sidecar: sidecar, name: name, pipeline: pipeline, code: code, reason: reason)
                : .rejected(code: code, reason: reason, record: nil)
        }
        do { try ItemMetadata.checkCallerKeys(submission.metadata, source: "the submitted metadata") } catch let e as QuireError {
            return doReject("reserved_metadata", e.message)
        } catch { return doReject("reserved_metadata", "\(error)") }
        // Opened once, without following a link where the inbox is concerned, and checked on the
        // descriptor: a file swapped for a symlink after the watcher looked is refused, and the bytes
        // stored are the bytes of the file that was checked.
        let input: FileHandle
        var st = stat()
        switch Self.openRegularFile(path, followLinks: source != .spool) {
        case .opened(let h, let s): (input, st) = (h, s)
        case .link: return doReject("symlink", "symbolic links are not followed (they could point anywhere); copy the file itself into the inbox")
        case .notRegular: return doReject("not_a_file", "it is not a regular file; drop the file itself, not a link, folder or device")
        case .failed(let message): return doReject("unreadable", "cannot read the file: \(message)")
        }
        defer { try? input.close() }
        if st.st_size == 0 {
            return doReject("empty", "the file is empty (0 bytes); check that the scanner or export finished writing it, then drop it again")
        }
        if st.st_size > spool.maxSize {
            return doReject("too_large", "the file is \(st.st_size) bytes, over this pipeline's limit of \(spool.maxSize) bytes; split it or raise sources.spool.max_size in \(entry.spec.file ?? pipeline)")
        }
        let head = (try? input.read(upToCount: 1024)) ?? Data()
        try? input.seek(toOffset: 0)
        let type = MediaType.sniff(head)
        guard let type, spool.accept.contains(type) else {
            let what = type.map { "a \($0.rawValue.uppercased()) file" } ?? "of a type Quire does not recognise (the first bytes match no known format)"
            return doReject("unsupported_type", "it is \(what); pipeline '\(pipeline)' accepts \(spool.accept.map(\.rawValue).joined(separator: ", ")), decided by content, not by the file name")
        }
        let stored: BlobStore.Stored
        do {
            // Reading and hashing the copy block: on a thread of the I/O pool, so the cooperative pool stays free. No fsync
            // here: the batcher flushes the blob store once for every file of a batch before the batch is committed.
            stored = try await BlockingIO.run { [blobs, input, maxSize = spool.maxSize] in
                try blobs.put(handle: input, maxBytes: maxSize, what: path, durable: false)
            }
        } catch let e as QuireError where e.code == .unsupportedInput {
            return doReject("too_large", e.message)
        } catch {
            // A full disk fails every file until there is room again: one line a minute says so, not one per file per try.
            let reason = (error as? QuireError)?.message ?? "\(error)"
            if let suppressed = Self.storeFailures.admit(now: Date()) {
                log.error("cannot store the file; it stays claimed and is tried again", metadata: [
                    "error": "\(reason)", "failures_not_logged": "\(suppressed)"])
            }
            return .rejected(code: "io", reason: reason, record: nil)
        }
        let now = Date()
        var item = Item(id: ItemID.generate(at: now), pipeline: pipeline, source: source, name: name, contentHash: stored.hash,
                        size: stored.size, mediaType: type.rawValue, priority: submission.priority, tenant: submission.tenant,
                        externalRef: submission.externalRef, idempotencyKey: submission.idempotencyKey,
                        metadata: .object(submission.metadata.merging(submission.system) { _, quire in quire }), createdAt: now, updatedAt: now)
        do {
            let first = try catalog.firstJobs(for: item, now: now)
            if first.jobs.isEmpty { item.state = .done }
            let result = try await batcher.intake(IntakeRequest(item: item, jobs: first.jobs, intakeKey: intakeKey, deduplicate: true,
                                                              eventData: ["name": .string(name), "source": .string(source.rawValue), "size": .number(Double(stored.size))]))
            switch result {
            case .created(let i):
                log.info("file accepted", metadata: ["item": "\(i.id)", "sha256": "\(i.contentHash)", "bytes": "\(i.size)"])
                QuireMetrics.itemReceived(pipeline: pipeline, source: source.rawValue)
                onQueued()
                return .accepted(i)
            case .duplicate(let i, let original):
                log.info("duplicate of an earlier file", metadata: ["item": "\(i.id)", "original": "\(original.id)"])
                try? AtomicFile.write(json: [
                    "item": .string(i.id.rawValue), "name": .string(name), "duplicate_of": .string(original.id.rawValue),
                    "original_name": .string(original.name), "sha256": .string(i.contentHash),
                    "reason": .string("the same bytes were taken in before as \(original.id) (\(original.name)); not processed again"),
                ], to: "\(layout.outbox(pipeline, "duplicate"))/\(i.id.rawValue).json")
                return .duplicate(i, original: original)
            case .existing(let i):
                return .existing(i)
            }
        } catch {
            // A store that is down fails every file until it is back: one line a minute, with the count left out.
            if let suppressed = Self.recordFailures.admit(now: Date()) {
                log.error("cannot record the file; it stays claimed and is tried again with the same intake key", metadata: [
                    "error": "\(error)", "failures_not_logged": "\(suppressed)"])
            }
            return .rejected(code: "storage", reason: "\(error)", record: nil)
        }
    }

    /// Moves a file that will not be processed to `outbox/<pipeline>/rejected/` with a JSON record beside it.
    func reject(path: String, sidecar: String?, name: String, pipeline: String, code: String, reason: String) -> Result {
        QuireMetrics.spoolRejected(pipeline: pipeline, code: code)
        let dir = layout.outbox(pipeline, "rejected")
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let target = uniquePath(directory: dir, name: name)
        let record = target + ".json"
        let f = ISO8601DateFormatter()
        var size: Int64 = 0
        var st = stat()
        if lstat(path, &st) == 0 { size = Int64(st.st_size) }
        try? AtomicFile.write(json: [
            "file": .string(name), "pipeline": .string(pipeline), "code": .string(code), "reason": .string(reason),
            "size": .number(Double(size)), "at": .string(f.string(from: Date())),
            "kept_as": .string((target as NSString).lastPathComponent),
        ], to: record)
        if rename(path, target) != 0 { try? FileManager.default.removeItem(atPath: path) }
        if let sidecar { _ = rename(sidecar, target + ".sidecar.json") }
        logger.warning("file rejected", metadata: ["file": "\(name)", "pipeline": "\(pipeline)", "code": "\(code)", "reason": "\(reason)"])
        return .rejected(code: code, reason: reason, record: record)
    }

    /// Writes a record for something in the inbox that is left where it is (a link, a FIFO, a device).
    public func recordSkipped(name: String, pipeline: String, code: String, reason: String) -> String {
        let dir = layout.outbox(pipeline, "rejected")
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let record = "\(dir)/\(name).json"
        try? AtomicFile.write(json: [
            "file": .string(name), "pipeline": .string(pipeline), "code": .string(code), "reason": .string(reason),
            "at": .string(ISO8601DateFormatter().string(from: Date())), "left_in_inbox": true,
        ], to: record)
        logger.warning("inbox entry skipped", metadata: ["file": "\(name)", "pipeline": "\(pipeline)", "code": "\(code)"])
        return record
    }
}

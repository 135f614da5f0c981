import CGlibc
import Foundation
public import ServiceLifecycle

/// Sets glibc's allocator up for a long-running process when it starts, then hands memory the process
/// freed back to the system every `interval` seconds (glibc's `malloc_trim`). A service of every
/// appliance's `ServiceGroup` (`quire serve`, `quire demo`).
///
/// glibc keeps freed memory in its arenas, one per thread that allocated at once, up to eight
/// per core, and returns little of it on its own. Measured on a 50,000-item soak (release build,
/// docs/benchmarks.md "Over a long run"): the live heap peaked at 15.8 MB over 4,000 items
/// (heaptrack), while the server's anonymous memory (RssAnon) went on growing by about 1 KB per item
/// (58 MB at 10,000 items, 90 MB at 36,000) — freed memory kept, not a leak: a `malloc_trim` called
/// from outside (gdb) took the server from 75 to 32 MB of RssAnon at 24,000 items. With the allocator
/// set up as `configureAllocator` says and a trim a minute, RssAnon stayed at 17–19 MB to 50,000 items.
public struct MemoryTrim: Service {
    let interval: Double

    public init(interval: Double = 60) {
        self.interval = interval
    }

    /// Sets glibc's allocator up for a long-running process (when the service starts).
    ///
    /// - Blocks of 256 KiB or more are mapped and unmapped on their own (a fixed mmap threshold).
    ///   Left to itself glibc raises the threshold to 32 MiB after the first large block is freed, so
    ///   the transient megabytes of a model load or a document's text land in the arenas and stay.
    /// - At most two arenas per core: each arena keeps what its threads freed, so fewer arenas keep less.
    ///
    /// Once per process, whoever calls first: glibc documents `mallopt` as unsafe to call while other threads
    /// allocate (it writes the allocator's parameters that `malloc` and `free` read without a lock). `quire serve`
    /// and `quire demo` call it first thing, before the appliance starts its threads; the service's own call is
    /// then a no-op. (It ran at every service start, so a test process that runs dozens of appliances called it
    /// dozens of times while other tests allocated.)
    public static func configureAllocator() { _ = allocatorConfigured }

    private static let allocatorConfigured: Void = {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        _ = mallopt(M_MMAP_THRESHOLD, 256 * 1024)
        _ = mallopt(M_ARENA_MAX, Int32(max(2, 2 * cores)))
    }()

    /// Trims now; returns whether memory was given back.
    @discardableResult
    public static func trim() async -> Bool {
        await BlockingIO.run { malloc_trim(0) == 1 }
    }

    public func run() async throws {
        Self.configureAllocator()
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(self.interval * 1e9))
                if Task.isCancelled { break }
                await Self.trim()
            }
        }
    }
}

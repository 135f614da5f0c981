import Foundation
import QuireEngine
import Testing

@Suite("Memory trim")
struct MemoryTrimTests {
    /// Small blocks (under glibc's mmap threshold) stay in the allocator's arenas when freed; the trim
    /// hands their pages back. Measured as the process's RssAnon in /proc, before and after, in a process of
    /// its own (an exit test): suites running alongside in the shared test process allocate and free too,
    /// which made a measurement there a guess (25.8 MB given back where 32 were expected, on a busy run).
    @Test func freedSmallBlocksAreHandedBack() async throws {
        await #expect(processExitsWith: .success) {
            func anonKB() -> Int {
                let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
                let line = status.split(separator: "\n").first { $0.hasPrefix("RssAnon:") }
                return line.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
            }
            await MemoryTrim.trim()
            // 64 MB in 256-byte blocks, written so their pages are resident, then freed.
            let blocks = (0..<262_144).map { _ in
                let p = UnsafeMutableRawPointer.allocate(byteCount: 256, alignment: 16)
                p.initializeMemory(as: UInt8.self, repeating: 1, count: 256)
                return p
            }
            let held = anonKB()
            for p in blocks { p.deallocate() }
            let freed = anonKB()
            let gaveBack = await MemoryTrim.trim()
            let trimmed = anonKB()
            guard gaveBack, held - trimmed > 32_000 else {
                FileHandle.standardError.write(Data("trim \(gaveBack ? "gave back" : "gave nothing back"): RssAnon \(held) kB held, \(freed) kB after free, \(trimmed) kB after the trim\n".utf8))
                exit(1)
            }
        }
    }
}

import Foundation
import QuireEngine
import Testing

@Suite("Memory trim")
struct MemoryTrimTests {
    /// Small blocks (under glibc's mmap threshold) stay in the allocator's arenas when freed; the trim
    /// hands their pages back. Measured as the process's RssAnon in /proc, before and after.
    @Test func freedSmallBlocksAreHandedBack() async throws {
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
        #expect(gaveBack)
        #expect(held - trimmed > 32_000, "RssAnon \(held) kB held, \(freed) kB after free, \(trimmed) kB after the trim")
    }
}

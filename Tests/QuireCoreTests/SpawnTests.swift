import Foundation
import QuireTesting
import Testing

/// The tests' process helper: a command it starts gets no descriptor of the test process but its
/// standard three, so a daemon it starts cannot hold another test's pipe open.
@Suite("Spawn (test helper)")
struct SpawnTests {
    @Test func aChildGetsNoOtherDescriptorOfTheTestProcess() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        // The child lists its own descriptors: 0, 1, 2, and the one `ls` opens to read the folder.
        let (status, out) = Spawn.output(["/bin/sh", "-c", "ls /proc/$$/fd"])
        #expect(status == 0)
        let open = Set(out.split(whereSeparator: \.isWhitespace).compactMap { Int32($0) })
        #expect(!open.contains(ends[0]) && !open.contains(ends[1]), "the pipe's ends \(ends) went with the child: \(open.sorted())")
        #expect(open.isSuperset(of: [0, 1, 2]))
    }
}

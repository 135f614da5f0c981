import Foundation
import QuireFuzz
import QuireTesting
import Testing

/// Every fuzzer's seeds in the repository, and every input a fuzzer once crashed on (kept under
/// `fixtures/fuzz/<target>/`), run through the same entry point the fuzzer calls: a crash ends the
/// test run, a broken invariant fails the test.
@Suite struct FuzzReplayTests {
    static func inputs(_ target: FuzzTarget) -> [String] {
        let root = TestAppliance.repositoryRoot
        return target.seedFolders.filter { !$0.hasPrefix("../") }.flatMap { folder -> [String] in
            let dir = root + "/" + folder
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            return names.sorted().map { dir + "/" + $0 }.filter { path in
                var isDir: ObjCBool = false
                return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && !isDir.boolValue && !path.hasSuffix(".md")
            }
        }
    }

    @Test(arguments: FuzzTarget.allCases)
    func seedsAndFoundCrashesRunClean(_ target: FuzzTarget) throws {
        let files = Self.inputs(target)
        #expect(!files.isEmpty, "\(target.rawValue) has no seed in the repository")
        for file in files {
            let bytes = try #require(FileManager.default.contents(atPath: file), "cannot read \(file)")
            #expect(throws: Never.self, "\(file)") { try target.run([UInt8](bytes)) }
        }
    }
}

import Foundation
import QuireCore
import QuireStore
import QuireTesting
import Testing

@Suite("Blob store")
struct BlobStoreTests {
    @Test func storesByContentHashAndIsIdempotent() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let blobs = try BlobStore(root: dir.file("blobs"))
        let src = try dir.write("a.txt", "hello")
        let a = try blobs.put(fileAt: src)
        #expect(a.hash == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
        #expect(a.size == 5)
        #expect(blobs.path(for: a.id).hasSuffix("/sha256/2c/f2/\(a.hash)"))
        #expect(FileManager.default.contents(atPath: blobs.path(for: a.id)) == Data("hello".utf8))
        let b = try blobs.put(data: Data("hello".utf8))
        #expect(b.hash == a.hash)
        #expect(try BlobStore.sha256(fileAt: blobs.path(for: a.id)) == a.hash)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.file("blobs/tmp")).isEmpty, "no temporary files are left")
    }

    @Test("a blob written without fsyncs is flushed with the others; one a power cut left short is written again, not trusted")
    func deferredDurabilityAndABlobLeftShort() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let blobs = try BlobStore(root: dir.file("blobs"))
        let src = try dir.write("a.txt", "made-up invoice bytes")
        let handle = try #require(FileHandle(forReadingAtPath: src))
        let a = try blobs.put(handle: handle, what: src, durable: false)
        try? handle.close()
        try blobs.flush()
        #expect(try blobs.read(a.id) == Data("made-up invoice bytes".utf8))
        // As a power cut before the flush can leave it: the name in place, the bytes not.
        try Data().write(to: URL(fileURLWithPath: blobs.path(for: a.id)))
        let again = try blobs.put(fileAt: src)
        #expect(again.id == a.id)
        #expect(try blobs.read(a.id) == Data("made-up invoice bytes".utf8), "the empty file was replaced by the bytes")
        // The same through bytes held in memory.
        try Data().write(to: URL(fileURLWithPath: blobs.path(for: a.id)))
        _ = try blobs.put(data: Data("made-up invoice bytes".utf8))
        #expect(try blobs.read(a.id) == Data("made-up invoice bytes".utf8))
        // An intact blob is kept as it is (the second write is a no-op).
        let inode = try FileManager.default.attributesOfItem(atPath: blobs.path(for: a.id))[.systemFileNumber] as? Int
        _ = try blobs.put(fileAt: src)
        #expect(try FileManager.default.attributesOfItem(atPath: blobs.path(for: a.id))[.systemFileNumber] as? Int == inode)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.file("blobs/tmp")).isEmpty)
    }

    @Test func refusesFilesOverTheLimit() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let blobs = try BlobStore(root: dir.file("blobs"))
        let src = try dir.write("big.bin", String(repeating: "x", count: 5000))
        #expect(throws: QuireError.self) { try blobs.put(fileAt: src, maxBytes: 4096) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.file("blobs/tmp")).isEmpty)
    }

    @Test func cleaningRemovesOnlyLeftoversOfDeadWriters() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let blobs = try BlobStore(root: dir.file("blobs"))
        let mine = dir.file("blobs/tmp/\(getpid()).in-progress")
        let dead = dir.file("blobs/tmp/4194305.crashed")   // above Linux's default pid_max: no such process
        #expect(FileManager.default.createFile(atPath: mine, contents: Data("x".utf8)))
        #expect(FileManager.default.createFile(atPath: dead, contents: Data("x".utf8)))
        blobs.cleanTemporaryFiles()
        #expect(FileManager.default.fileExists(atPath: mine), "a live writer's file stays")
        #expect(!FileManager.default.fileExists(atPath: dead))
    }

    /// A full disk is told apart from other write errors, so the spool can say "free space there" (it keeps the file
    /// and tries again). The error is the one Foundation really throws: a write to /dev/full fails with ENOSPC.
    @Test func aFullDiskIsToldApartFromOtherWriteErrors() throws {
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        defer { try? full.close() }
        var caught: (any Error)?
        do {
            try full.write(contentsOf: Data(count: 1 << 16))
            try full.synchronize()
        } catch {
            caught = error
        }
        let error = try #require(caught, "a write to /dev/full fails")
        #expect(BlobStore.isOutOfSpace(error), "\(error)")
        #expect(!BlobStore.isOutOfSpace(CocoaError(.fileWriteNoPermission)))
        #expect(!BlobStore.isOutOfSpace(QuireError(.io, "cannot read")))
    }
}


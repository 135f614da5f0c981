import Foundation
import QuireCore
import QuireStore
import QuireTesting
import Testing

@Suite("Blob encryption at rest")
struct BlobEncryptionTests {
    static let text = "INVOICE INV-2026-0042 Acme Supplies GmbH total 1234.56 EUR"

    static func keyring(_ lines: String...) throws -> BlobKeyring {
        try BlobKeyring.parse(lines.joined(separator: "\n"), source: "test.keys")
    }

    /// Bytes with the document text in the middle, `size` long, so a plaintext copy would show it.
    static func document(size: Int) -> Data {
        var d = Data((0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        let t = Data(text.utf8)
        let at = max(0, size / 2 - t.count / 2)
        if size >= t.count { d.replaceSubrange(at..<at + t.count, with: t) }
        return d
    }

    static func filesUnder(_ root: String) -> [String] {
        var out: [String] = []
        let e = FileManager.default.enumerator(atPath: root + "/sha256")
        while let rel = e?.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/sha256/" + rel, isDirectory: &isDir), !isDir.boolValue { out.append(root + "/sha256/" + rel) }
        }
        return out
    }

    /// Someone who can write the blob folder but not read the keys puts one encrypted blob, or a
    /// plaintext file, in the place of another: reads refuse it (security finding 9).
    @Test func aBlobCannotBeSwappedForAnotherOrForPlaintext() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let ring = try Self.keyring(BlobKeyring.newKeyLine(id: "k1"))
        let blobs = try BlobStore(root: dir.file("blobs"), keyring: ring)
        let a = try blobs.put(data: Data("invoice A: pay 100.00 to DE60 4325 0043 7302 1188 41".utf8))
        let b = try blobs.put(data: Data("invoice B: pay 99999.00 to the attacker".utf8))
        let aFile = try #require(blobs.location(a.id)).path, bFile = try #require(blobs.location(b.id)).path
        #expect(aFile.hasSuffix(".qbe"))
        // Another valid encrypted blob in A's place: its tag does not bind A's name.
        try FileManager.default.removeItem(atPath: aFile)
        try FileManager.default.copyItem(atPath: bFile, toPath: aFile)
        #expect(throws: QuireError.self) { try blobs.read(a.id) }
        await #expect(throws: QuireError.self) { try await blobs.withFile(a.id) { try Data(contentsOf: URL(fileURLWithPath: $0)) } }
        #expect(throws: QuireError.self) { try blobs.copy(a.id, to: dir.file("copy")) }
        #expect(!FileManager.default.fileExists(atPath: dir.file("copy")), "a refused copy leaves no file")
        // A plaintext file in A's place (the encrypted one removed).
        try FileManager.default.removeItem(atPath: aFile)
        try Data("invoice A: pay 100.00 to the attacker".utf8).write(to: URL(fileURLWithPath: blobs.path(for: a.id)))
        #expect(throws: QuireError.self) { try blobs.read(a.id) }
        await #expect(throws: QuireError.self) { try await blobs.withFile(a.id) { try Data(contentsOf: URL(fileURLWithPath: $0)) } }
        // B itself still reads.
        #expect(try blobs.read(b.id) == Data("invoice B: pay 99999.00 to the attacker".utf8))
    }

    @Test("round trips of every size class, nothing readable on disk", arguments: [0, 1, 4096, 1 << 20, (1 << 20) + 1, 3 * (1 << 20) + 12345])
    func roundTrip(size: Int) async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let ring = try Self.keyring(BlobKeyring.newKeyLine(id: "k1"))
        let blobs = try BlobStore(root: dir.file("blobs"), keyring: ring)
        let plain = Self.document(size: size)
        let src = dir.file("doc.bin")
        try plain.write(to: URL(fileURLWithPath: src))
        let stored = try blobs.put(fileAt: src)
        #expect(stored.hash == (try BlobStore.sha256(fileAt: src)), "the name is the plaintext's sha256")
        #expect(stored.size == Int64(size))
        let loc = try #require(blobs.location(stored.id))
        #expect(loc.encrypted && loc.path.hasSuffix(".qbe"))
        let onDisk = try Data(contentsOf: URL(fileURLWithPath: loc.path))
        if size >= Self.text.count { #expect(onDisk.range(of: Data("INV-2026-0042".utf8)) == nil, "the document's text is not in the file") }
        #expect(!FileManager.default.fileExists(atPath: blobs.path(for: stored.id)), "no plaintext copy")
        #expect(try blobs.read(stored.id) == plain)
        let viaFile = try await blobs.withFile(stored.id) { path in try Data(contentsOf: URL(fileURLWithPath: path)) }
        #expect(viaFile == plain)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.file("blobs/tmp")).isEmpty, "the decrypted copy is gone afterwards")
        // The same bytes again: stored once.
        #expect(try blobs.put(data: plain).hash == stored.hash)
        #expect(Self.filesUnder(dir.file("blobs")).count == 1)
    }

    @Test func changedFilesDoNotDecrypt() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let blobs = try BlobStore(root: dir.file("blobs"), keyring: try Self.keyring(BlobKeyring.newKeyLine(id: "k1")))
        let stored = try blobs.put(data: Self.document(size: 2 * (1 << 20) + 100))
        let path = try #require(blobs.location(stored.id)).path
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        let header = 4 + 1 + 2 + 4
        let record = (1 << 20) + 28
        var flipped = original
        flipped[header + 5000] ^= 0x01
        let cutAtChunk = original.prefix(header + record)           // the last chunk dropped
        var swapped = original                                       // the first two chunks swapped
        swapped.replaceSubrange(header..<header + 2 * record,
                                with: original[header + record..<header + 2 * record] + original[header..<header + record])
        for (what, bytes) in [("a flipped bit", flipped), ("a dropped last chunk", cutAtChunk), ("swapped chunks", swapped), ("a cut tag", original.dropLast(3))] {
            try bytes.write(to: URL(fileURLWithPath: path))
            #expect(throws: QuireError.self, "\(what) is found") { try blobs.read(stored.id) }
        }
        try original.write(to: URL(fileURLWithPath: path))
        #expect(try blobs.read(stored.id).count == 2 * (1 << 20) + 100)
    }

    @Test func aWrongKeyIsRefusedWhenTheStoreOpens() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let right = try Self.keyring(BlobKeyring.newKeyLine(id: "k1"))
        let stored = try BlobStore(root: dir.file("blobs"), keyring: right).put(data: Self.document(size: 500))
        let error = try #require(throws: QuireError.self) { try BlobStore(root: dir.file("blobs"), keyring: try Self.keyring(BlobKeyring.newKeyLine(id: "k1"))) }
        #expect(error.code == .invalidConfiguration)
        #expect(error.message.contains("'k1'") && error.message.contains("restore the right key"), "\(error.message)")
        // A key file that lost the blob's key names the missing key.
        let other = try BlobStore(root: dir.file("blobs"), keyring: try Self.keyring(BlobKeyring.newKeyLine(id: "k2")))
        let missing = try #require(throws: QuireError.self) { try other.read(stored.id) }
        #expect(missing.message.contains("key 'k1'") && missing.message.contains("put that key back"), "\(missing.message)")
        // No keys at all: the message says what to configure.
        let none = try #require(throws: QuireError.self) { try BlobStore(root: dir.file("blobs")).read(stored.id) }
        #expect(none.message.contains("blob_keys"), "\(none.message)")
    }

    @Test func rotationRewritesEveryBlobUnderTheNewKey() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let k1 = BlobKeyring.newKeyLine(id: "k1"), k2 = BlobKeyring.newKeyLine(id: "k2")
        // Two blobs stored before encryption was turned on, three under k1.
        let plainStore = try BlobStore(root: dir.file("blobs"))
        let early = try (0..<2).map { try plainStore.put(data: Self.document(size: 1000 + $0)) }
        let underK1 = try BlobStore(root: dir.file("blobs"), keyring: try Self.keyring(k1))
        let later = try (0..<3).map { try underK1.put(data: Self.document(size: 3000 + $0 * (1 << 19))) }

        let both = try BlobStore(root: dir.file("blobs"), keyring: try Self.keyring(k1, k2))
        let report = try both.rotate()
        #expect(report.rewritten == 5 && report.current == 0 && report.damaged.isEmpty)
        #expect(report.keysInUse == ["k2"])
        #expect(try both.rotate().current == 5, "a second run has nothing to do")

        // k1 can go: every blob reads with k2 alone, and no file is plaintext.
        let onlyK2 = try BlobStore(root: dir.file("blobs"), keyring: try Self.keyring(k2))
        for (i, s) in early.enumerated() { #expect(try onlyK2.read(s.id) == Self.document(size: 1000 + i)) }
        for (i, s) in later.enumerated() { #expect(try onlyK2.read(s.id) == Self.document(size: 3000 + i * (1 << 19))) }
        let files = Self.filesUnder(dir.file("blobs"))
        #expect(files.count == 5 && files.allSatisfy { $0.hasSuffix(".qbe") })
    }

    @Test func rotationReportsADamagedBlobAndKeepsIt() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let k1 = BlobKeyring.newKeyLine(id: "k1")
        let a = try BlobStore(root: dir.file("blobs"), keyring: try Self.keyring(k1)).put(data: Self.document(size: 800))
        let path = try #require(try BlobStore(root: dir.file("blobs")).location(a.id)).path
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count - 1] ^= 0xff
        try bytes.write(to: URL(fileURLWithPath: path))
        let report = try BlobStore(root: dir.file("blobs"), keyring: try Self.keyring(k1, BlobKeyring.newKeyLine(id: "k2"))).rotate()
        #expect(report.damaged == [a.hash] && report.rewritten == 0)
        #expect(report.keysInUse == ["k1"], "the damaged blob still names k1, so k1 must not be thrown away")
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func keyFilesAreChecked() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        for (text, expected) in [("", "holds no key"), ("k1", "'<id> <base64 key>'"), ("k1 bm90IGEga2V5", "not 32 bytes"),
                                 ("bad/id \(Data(count: 32).base64EncodedString())", "may hold only"),
                                 ("\(BlobKeyring.newKeyLine(id: "a"))\n# old\n\(BlobKeyring.newKeyLine(id: "a"))", ":3: key id 'a' appears twice")] {
            let e = try #require(throws: QuireError.self) { try BlobKeyring.parse(text, source: "x.keys") }
            #expect(e.message.contains(expected), "\(e.message)")
        }
        let ring = try BlobKeyring.parse("# keys\n\(BlobKeyring.newKeyLine(id: "2026-01"))\n\n\(BlobKeyring.newKeyLine(id: "2026-07"))\n", source: "x.keys")
        #expect(ring.current == "2026-07" && ring.ids == ["2026-01", "2026-07"])
        let file = try dir.write("blob.keys", BlobKeyring.newKeyLine(id: "k1"))
        chmod(file, 0o644)
        let e = try #require(throws: QuireError.self) { try BlobKeyring.load(file: file) }
        #expect(e.message.contains("chmod 600"), "\(e.message)")
        chmod(file, 0o600)
        #expect(try BlobKeyring.load(file: file).current == "k1")
    }
}

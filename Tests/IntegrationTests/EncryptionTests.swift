import Foundation
import QuireCore
import QuireTesting
import Testing

/// Blobs encrypted at rest: documents go through every stage (text, OCR in the isolated worker,
/// fields, the classifier's model file) while no stored file holds a readable byte of them; a
/// wrong key stops the appliance with a message; a rotation lets the old key go.
@Suite("Encryption at rest (real binary)")
struct EncryptionTests {
    @Test func documentsAreProcessedFromEncryptedBlobsAndKeysRotate() async throws {
        let dir = try TemporaryDirectory("quire-encryption")
        defer { dir.remove() }
        let home = dir.file("home")
        let root = QuireBinary.repositoryRoot
        try await QuireBinary.initHome(home)
        try QuireBinary.withoutReview(home: home)
        let keys = home + "/blob.keys"
        let keygen = try await QuireBinary.run(["blobs", "keygen", "--file", keys, "--id", "k1"])
        #expect(keygen.status == 0, "\(keygen.stderr)")
        #expect((try FileManager.default.attributesOfItem(atPath: keys)[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let config = home + "/quire.yaml"
        try (String(contentsOfFile: config, encoding: .utf8) + "\nblob_keys: blob.keys\n").write(toFile: config, atomically: true, encoding: .utf8)
        // Turning encryption on in a home that has files already (the model `quire init` installed):
        // a rotation encrypts them.
        let first = try await QuireBinary.run(["blobs", "rotate", "--home", home])
        #expect(first.status == 0 && first.stdout.contains("1 file rewritten under key k1, 0 already under it"), "\(first.stdout)\(first.stderr)")
        let originals = [root + "/fixtures/documents/doc-001.pdf", root + "/fixtures/scans/doc-002.jpg"]

        func items() async -> [JSONValue] {
            (try? await QuireBinary.run(["items", "list", "--json", "--home", home]).stdout.split(separator: "\n").compactMap { try? JSONValue.parse(String($0)) }) ?? []
        }
        func process(_ files: [String], expect count: Int) async throws {
            let server = try QuireBinary.serve(home: home, log: dir.file("serve.log"), environment: ["QUIRE_SPOOL_SETTLE": "150ms"])
            for f in files { try FileManager.default.copyItem(atPath: f, toPath: home + "/inbox/invoices/" + (f as NSString).lastPathComponent) }
            let done = await eventually { let all = await items(); return all.count == count && all.allSatisfy { $0["state"] == "done" } }
            kill(server.processIdentifier, SIGTERM)
            await server.exited()
            let names = await items().map { "\($0["name"] ?? "?") \($0["state"] ?? "?")" }
            #expect(done, "\(names); see \(dir.file("serve.log"))")
        }
        try await process(originals, expect: 2)
        for item in await items() {
            let name = try #require(item["name"]?.stringValue)
            let expected = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: "\(root)/fixtures/expected/\((name as NSString).deletingPathExtension).json")))
            let record = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: "\(home)/outbox/invoices/done/\(item["id"]?.stringValue ?? "").json")))
            #expect(record["result"]?["values"]?["total"] == expected["fields"]?["total"], "\(name): fields came out of the decrypted document")
        }

        // Every stored file is encrypted and holds no stretch of an original.
        let blobRoot = home + "/data/blobs/sha256"
        let stored = (FileManager.default.enumerator(atPath: blobRoot)?.allObjects as? [String] ?? []).filter { $0.split(separator: "/").count == 3 }
        #expect(stored.count >= 3, "two documents and the model file: \(stored)")
        #expect(stored.allSatisfy { $0.hasSuffix(".qbe") }, "\(stored)")
        let probes = try originals.map { f -> Data in let d = try Data(contentsOf: URL(fileURLWithPath: f)); return d.subdata(in: d.count / 2..<d.count / 2 + 48) }
        for rel in stored {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: blobRoot + "/" + rel))
            #expect(bytes.range(of: Data("%PDF".utf8)) == nil && bytes.range(of: Data("JFIF".utf8)) == nil, "\(rel)")
            for p in probes { #expect(bytes.range(of: p) == nil, "\(rel) holds bytes of an original") }
        }
        #expect((try FileManager.default.contentsOfDirectory(atPath: home + "/data/blobs/tmp")).isEmpty, "no decrypted copy is left behind")

        // A wrong key under the same id: refused with what to do, before anything is read.
        let right = try String(contentsOfFile: keys, encoding: .utf8)
        try FileManager.default.removeItem(atPath: keys)
        #expect(try await QuireBinary.run(["blobs", "keygen", "--file", keys, "--id", "k1"]).status == 0)
        let refused = try await QuireBinary.run(["items", "list", "--home", home])
        #expect(refused.status == 78 && refused.stderr.contains("'k1'") && refused.stderr.contains("restore the right key"), "\(refused.stderr)")
        try right.write(toFile: keys, atomically: true, encoding: .utf8)
        chmod(keys, 0o600)

        // Rotation: a new key, every file rewritten under it, then the old key removed from the file.
        #expect(try await QuireBinary.run(["blobs", "keygen", "--file", keys, "--id", "k2"]).status == 0)
        let rotate = try await QuireBinary.run(["blobs", "rotate", "--by", "ops", "--home", home])
        #expect(rotate.status == 0 && rotate.stdout.contains("\(stored.count) files rewritten under key k2") && rotate.stdout.contains("no file uses k1"), "\(rotate.stdout)\(rotate.stderr)")
        let k2Only = try String(contentsOfFile: keys, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("k1 ") }.joined(separator: "\n")
        try k2Only.write(toFile: keys, atomically: true, encoding: .utf8)
        chmod(keys, 0o600)
        let again = try await QuireBinary.run(["blobs", "rotate", "--home", home])
        #expect(again.status == 0 && again.stdout.contains("0 files rewritten under key k2, \(stored.count) already under it"), "\(again.stdout)\(again.stderr)")
        // With k2 alone, a new document still goes through (the classifier's model file is read too).
        try await process([root + "/fixtures/documents/doc-003.pdf"], expect: 3)
        let audit = try await QuireBinary.run(["audit", "export", "--home", home]).stdout
        #expect(audit.contains("blobs.rotate") && audit.contains("key:k2"))
    }
}

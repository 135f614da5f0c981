import Foundation
import QuireAppliance
import QuireCore
import QuireEngine
import QuireStore
import QuireTesting
import Testing

@Suite("pdf.text stage (isolated workers)", .serialized)
struct PDFTextStageTests {
    static let pipeline = TestAppliance.pipeline(stages: """
          - id: identify
            use: file.identify
          - id: text
            use: pdf.text
            with: { min_text_chars: 5 }
            retry: { max_attempts: 5, backoff: 10ms, max_backoff: 20ms }
          - id: done_record
            use: outbox.write
        """, onFailure: """
          - id: failed_record
            use: outbox.write
            with: { folder: failed }
        """)

    func drop(_ t: TestAppliance, _ path: String, as name: String) throws {
        try t.drop(try Data(contentsOf: URL(fileURLWithPath: path)), as: name)
    }

    @Test func textAndWordsOfEveryPageReachTheDoneRecord() async throws {
        let t = try TestAppliance(pipelines: ["invoices.yaml": Self.pipeline])
        defer { t.remove() }
        let pdf = t.directory.file("in.pdf")
        TestPDF.write(pdf, pages: [
            [.init(x: 72, y: 80, text: "Rechnung Nr. 4711"), .init(x: 72, y: 100, text: "Summe"), .init(x: 400, y: 100, text: "1.234,56 EUR")],
            [],
        ])
        try await t.run { _ in
            try drop(t, pdf, as: "rechnung.pdf")
            let ok = await eventually { t.files(in: "done").count == 1 }
            #expect(ok)
        }
        let record = try t.json("done", try #require(t.files(in: "done").first))
        let text = try #require(record["stages"]?.arrayValue?.first { $0["id"] == "text" }?["output"])
        #expect(text["page_count"] == 2)
        #expect(text["pages"]?.arrayValue?.first?["text"] == "Rechnung Nr. 4711\nSumme 1.234,56 EUR")
        #expect(text["pages"]?.arrayValue?.first?["source"] == "pdf")
        let words = text["pages"]?.arrayValue?.first?["words"]?.arrayValue ?? []
        #expect(words.count == 6)
        #expect(words.first?.arrayValue?.first == "Rechnung")
        #expect(text["needs_ocr"] == [2], "the empty page needs OCR")
    }

    @Test func encryptedAndDamagedPDFsEndAsExceptionsThatSayWhatToDo() async throws {
        let t = try TestAppliance(pipelines: ["invoices.yaml": Self.pipeline])
        defer { t.remove() }
        TestPDF.write(t.directory.file("plain.pdf"), pages: [[.init(x: 72, y: 72, text: "secret")]])
        #expect(try TestPDF.qpdf(["--encrypt", "u", "o", "256", "--", t.directory.file("plain.pdf"), t.directory.file("locked.pdf")]) == 0)
        try await t.run { _ in
            try drop(t, t.directory.file("locked.pdf"), as: "locked.pdf")
            try t.drop(Data("%PDF-1.4\nbroken beyond repair\n".utf8), as: "broken.pdf")
            let ok = await eventually { t.files(in: "failed").count == 2 }
            #expect(ok)
        }
        let items = try await t.store.items(ItemQuery())
        let locked = try #require(items.first { $0.name == "locked.pdf" })
        #expect(locked.state == .exception)
        #expect(locked.reason == "encrypted: the PDF is encrypted and needs a password; ask the sender for an unprotected copy")
        let broken = try #require(items.first { $0.name == "broken.pdf" })
        #expect(broken.state == .exception)
        #expect(broken.reason?.hasPrefix("unreadable_pdf: the PDF is damaged") == true)
        #expect(try await t.store.jobs(of: locked.id).first { $0.stageID == "text" }?.attempts == 1, "business errors are not retried")
    }

    @Test func aDocumentThatKeepsCrashingWorkersIsSetAsideAsPoison() async throws {
        let t = try TestAppliance(pipelines: ["invoices.yaml": Self.pipeline]) { c in
            c.isolation.executable = "/bin/sh"
            c.isolation.arguments = ["-c", "head -c 4 > /dev/null; kill -SEGV $$", "worker"]
        }
        defer { t.remove() }
        let pdf = t.directory.file("crash.pdf")
        TestPDF.write(pdf, pages: [[.init(x: 72, y: 72, text: "crash me")]])
        try await t.run { _ in
            try drop(t, pdf, as: "crash.pdf")
            let ok = await eventually { t.files(in: "failed").count == 1 }
            #expect(ok)
        }
        let item = try #require(try await t.store.items(ItemQuery()).first)
        #expect(item.state == .exception)
        #expect(item.reason == "poison_document: this PDF crashed 2 workers; it is set aside (its stored copy is kept) — ask the sender for a new copy")
        #expect(t.appliance.blobs.contains(try #require(BlobID(item.contentHash))), "the blob is kept")
        let retries = try await t.store.events(of: item.id).filter { $0.kind == "retry" }
        #expect(retries.count == 2)
        #expect(retries.first?.data["error"]?.stringValue?.contains("SIGSEGV") == true)
    }
}

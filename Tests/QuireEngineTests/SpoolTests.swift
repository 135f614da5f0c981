import Foundation
import QuireAppliance
import QuireCore
import QuireEngine
import QuireStore
import QuireTesting
import Testing

@Suite("Spool intake", .serialized)
struct SpoolTests {
    /// Intake only: no stages run, so the tests look at what the spool did.
    static let intakeOnly = TestAppliance.pipeline(stages: """
          - id: hold
            use: test.script
        """)

    func appliance(settle: Double = 0.2, after: SpoolConfiguration.After = .delete, watch: SpoolConfiguration.WatchMode = .auto,
                   batchLimit: Int = SpoolConfiguration().batchLimit) throws -> TestAppliance {
        try TestAppliance(pipelines: ["invoices.yaml": Self.intakeOnly], kinds: [ScriptedStageKind { _ in .snooze(until: .distantFuture) }]) {
            $0.spool.settle = settle
            $0.spool.after = after
            $0.spool.watch = watch
            $0.spool.batchLimit = batchLimit
        }
    }

    func items(_ t: TestAppliance) async throws -> [Item] { try await t.store.items(ItemQuery(limit: 100_000)) }
    /// Whether the inbox is empty and holds `n` items. (The inbox first: reading thousands of items every 20 ms while
    /// they are written is most of a flood test's load.)
    func allTaken(_ t: TestAppliance, _ n: Int) async throws -> Bool {
        guard inboxNames(t).isEmpty else { return false }
        return try await items(t).count == n
    }
    func inboxNames(_ t: TestAppliance) -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: t.layout.inbox("invoices"))) ?? []).sorted() }

    @Test func aFileWrittenSlowlyIsTakenOnlyWhenComplete() async throws {
        let t = try appliance(settle: 1.5)
        defer { t.remove() }
        let content = SampleFiles.pdf(String(repeating: "slow ", count: 400))
        let path = t.layout.inbox("invoices") + "/slow.pdf"
        try await t.run { _ in
            #expect(FileManager.default.createFile(atPath: path, contents: nil))
            let h = try #require(FileHandle(forWritingAtPath: path))
            let chunks = stride(from: 0, to: content.count, by: content.count / 8).map { content[$0..<min($0 + content.count / 8, content.count)] }
            for c in chunks {
                try h.write(contentsOf: c)
                try await Task.sleep(nanoseconds: 200_000_000)   // 8 × 0.2 s: longer than the settle time in total, far shorter per pause
            }
            try h.close()
            let taken = try await eventually { try await items(t).count == 1 }
            #expect(taken)
        }
        let item = try #require(try await items(t).first)
        #expect(item.size == Int64(content.count), "the whole file was taken, not a prefix")
        #expect(try BlobStore.sha256(fileAt: t.appliance.blobs.path(for: try #require(BlobID(item.contentHash)))) == item.contentHash)
        #expect(inboxNames(t).isEmpty, "the original left the inbox")
        #expect(t.files(in: "rejected").isEmpty)
    }

    @Test func filesRenamedIntoTheInboxNamesWithSpacesAndNonASCIIAndADuplicate() async throws {
        let t = try appliance()
        defer { t.remove() }
        let names = ["Rechnung März 2026.pdf", "facture n° 12 été.png", "請求書.pdf"]
        try await t.run { _ in
            try t.drop(SampleFiles.pdf("one"), as: names[0])
            try t.drop(SampleFiles.png, as: names[1])
            try t.drop(SampleFiles.pdf("three"), as: names[2])
            let ok = try await eventually { try await items(t).count == 3 }
            #expect(ok)
            try t.drop(SampleFiles.pdf("one"), as: "same bytes again.pdf")
            let dup = await eventually { t.files(in: "duplicate").count == 1 }
            #expect(dup)
        }
        let all = try await items(t)
        #expect(Set(all.map(\.name)) == Set(names + ["same bytes again.pdf"]))
        let duplicate = try #require(all.first { $0.name == "same bytes again.pdf" })
        let original = try #require(all.first { $0.name == names[0] })
        #expect(duplicate.state == .duplicate)
        #expect(duplicate.duplicateOf == original.id)
        #expect(try await t.store.jobs(of: duplicate.id).isEmpty, "a duplicate is not processed twice")
        #expect(all.first { $0.name == names[1] }?.mediaType == "png")
        let record = try t.json("duplicate", "\(duplicate.id).json")
        #expect(record["duplicate_of"] == .string(original.id.rawValue))
        #expect(inboxNames(t).isEmpty)
    }

    @Test func symlinksFifosEmptyUnsupportedHiddenAndPartialFiles() async throws {
        let t = try appliance()
        defer { t.remove() }
        let inbox = t.layout.inbox("invoices")
        let outside = try t.directory.write("outside.pdf", String(decoding: SampleFiles.pdf("secret"), as: UTF8.self))
        try await t.run { _ in
            #expect(symlink(outside, inbox + "/link.pdf") == 0)
            #expect(mkfifo(inbox + "/pipe.pdf", 0o644) == 0)
            #expect(FileManager.default.createFile(atPath: inbox + "/empty.pdf", contents: Data()))
            try Data("just some text, not a PDF".utf8).write(to: URL(fileURLWithPath: inbox + "/notes.pdf"))
            try SampleFiles.pdf("hidden").write(to: URL(fileURLWithPath: inbox + "/.hidden.pdf"))
            try SampleFiles.pdf("partial").write(to: URL(fileURLWithPath: inbox + "/upload.pdf.part"))
            try SampleFiles.pdf("tmp").write(to: URL(fileURLWithPath: inbox + "/scan.tmp"))
            let ok = await eventually { t.files(in: "rejected").count == 6 }
            #expect(ok, "\(t.files(in: "rejected"))")
            try await Task.sleep(nanoseconds: 500_000_000)
        }
        #expect(try await items(t).isEmpty, "nothing was accepted")
        #expect(t.files(in: "rejected") == ["empty.pdf", "empty.pdf.json", "link.pdf.json", "notes.pdf", "notes.pdf.json", "pipe.pdf.json"])
        #expect(try t.json("rejected", "empty.pdf.json")["code"] == "empty")
        #expect(try t.json("rejected", "link.pdf.json")["code"] == "symlink")
        #expect(try t.json("rejected", "pipe.pdf.json")["code"] == "fifo")
        let unsupported = try t.json("rejected", "notes.pdf.json")
        #expect(unsupported["code"] == "unsupported_type")
        #expect(unsupported["reason"]?.stringValue?.contains("decided by content, not by the file name") == true)
        // Links and FIFOs are left where they are; hidden and partial files are not touched.
        #expect(inboxNames(t) == [".hidden.pdf", "link.pdf", "pipe.pdf", "scan.tmp", "upload.pdf.part"])
        #expect(FileManager.default.fileExists(atPath: outside), "the link's target is untouched")
    }

    /// A sidecar that is a symlink is not read, and a settled file swapped for a symlink before
    /// it is opened is refused: the intake opens with O_NOFOLLOW and checks the descriptor
    /// (security finding 4).
    @Test func aSymlinkedSidecarAndASwappedFileAreNotFollowed() async throws {
        let t = try appliance()
        defer { t.remove() }
        let inbox = t.layout.inbox("invoices")
        let secret = try t.directory.write("secret.json", #"{"metadata": {"stolen": "the-database-password"}}"#)
        let outsidePDF = try t.directory.write("outside.pdf", String(decoding: SampleFiles.pdf("not yours"), as: UTF8.self))
        try await t.run { _ in
            #expect(symlink(secret, inbox + "/a.pdf.json") == 0)
            try t.drop(SampleFiles.pdf("a"), as: "a.pdf")
            let rejected = await eventually { t.files(in: "rejected").contains("a.pdf.json") }
            #expect(rejected, "\(t.files(in: "rejected"))")
            // The state right after a swap: the claimed file is a link to a file outside.
            let claimed = t.layout.claimed("invoices") + "/swapped"
            #expect(symlink(outsidePDF, claimed) == 0)
            let result = await t.appliance.intake().ingest(path: claimed, name: "swapped.pdf", pipeline: "invoices", source: .spool,
                                                          submission: .init(), intakeKey: "swap-1")
            guard case .rejected(let code, _, _) = result else { Issue.record("a link was taken in: \(result)"); return }
            #expect(code == "symlink")
        }
        let record = try t.json("rejected", "a.pdf.json")
        #expect(record["code"] == "bad_sidecar" && record["reason"]?.stringValue?.contains("symbolic link") == true, "\(record)")
        let all = try await items(t)
        #expect(all.isEmpty, "nothing was taken in")
        #expect(!all.map { $0.metadata.jsonString() }.joined().contains("the-database-password"))
        #expect(FileManager.default.fileExists(atPath: secret) && FileManager.default.fileExists(atPath: outsidePDF), "the targets are untouched")
    }

    /// Sweeps until a sweep takes something, for up to five seconds: a process another test spawns holds a copy of a
    /// claim's descriptor, and so its lock, from its fork to its exec, which under a loaded test run can last a while.
    static func sweepUntilTaken(_ intake: SpoolIntake, _ pipeline: String) async throws -> [SpoolIntake.Result] {
        for _ in 0..<50 {
            let taken = await intake.sweep(pipeline: pipeline, grace: 0)
            if !taken.isEmpty { return taken }
            try await Task.sleep(for: .milliseconds(100))
        }
        return []
    }

    /// Several nodes on one home: a file claimed by a process that died is finished by a live one,
    /// exactly once; one whose claimer lives (holds its lock) is left to it (issue 21, item 1).
    @Test func aClaimWhoseClaimerIsGoneIsTakenOverOnce() async throws {
        let t = try TestAppliance(pipelines: ["invoices.yaml": Self.intakeOnly], kinds: [ScriptedStageKind { _ in .snooze(until: .distantFuture) }]) {
            $0.spool.settle = 0.2
            $0.spool.sweepInterval = 3600   // the test sweeps by hand
        }
        defer { t.remove() }
        let dir = t.layout.claimed("invoices")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/k1claim--stranded.pdf"
        try SampleFiles.pdf("stranded").write(to: URL(fileURLWithPath: path))
        // A live claimer (another process on this home) holds its claim: this test holds the lock for it.
        // Close-on-exec, as the intake's own: a process another test spawns meanwhile must not inherit the lock.
        let claimer = open(path, O_RDONLY | O_CLOEXEC)
        #expect(flock(claimer, LOCK_EX) == 0)
        try await t.run { _ in
            // The start-up recovery has run (a file dropped now is taken in) and left the held claim alone.
            try t.drop(SampleFiles.pdf("sentinel"), as: "sentinel.pdf")
            #expect(await eventually { ((try? await items(t)) ?? []).contains { $0.name == "sentinel.pdf" } })
            #expect(FileManager.default.fileExists(atPath: path), "recovery at start-up leaves a live claim alone")
            let intake = t.appliance.intake()
            #expect(await intake.sweep(pipeline: "invoices", grace: 0).isEmpty, "a live claim is not taken")
            #expect(FileManager.default.fileExists(atPath: path))
            // A claim just renamed in is its claimer's for the grace period, locked or not.
            close(claimer)
            #expect(await intake.sweep(pipeline: "invoices", grace: 3600).isEmpty)
            // The claimer is gone (the kernel dropped its lock): the next sweep finishes the file.
            let taken = try await Self.sweepUntilTaken(intake, "invoices")
            guard taken.count == 1, case .accepted = taken[0] else { Issue.record("not taken over: \(taken)"); return }
            #expect(!FileManager.default.fileExists(atPath: path))
            #expect(await intake.sweep(pipeline: "invoices", grace: 0).isEmpty, "nothing left to take")
        }
        let all = try await items(t).filter { $0.name == "stranded.pdf" }
        #expect(all.count == 1)
        #expect(try await t.store.item(intakeKey: "k1claim")?.id == all.first?.id)
    }

    /// Group commit: files taken in at once share commits (each still one item, answered alone), and one
    /// that fails (its bytes already an item of this batch under the same intake key) does not fail the others.
    @Test func filesTakenInTogetherShareACommit() async throws {
        let t = try appliance()
        defer { t.remove() }
        let base = t.appliance.intake()
        let slow = SlowCommitItemStore(t.store)
        let intake = SpoolIntake(layout: base.layout, store: slow, blobs: base.blobs, catalog: base.catalog, logger: base.logger)
        let inbox = t.layout.inbox("invoices")
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        let n = 24
        for i in 0..<n { try SampleFiles.pdf("together \(i)").write(to: URL(fileURLWithPath: "\(inbox)/together-\(i).pdf")) }
        // One copy of the first file's bytes too: a duplicate of an item recorded in the same batch or the one before.
        try SampleFiles.pdf("together 0").write(to: URL(fileURLWithPath: "\(inbox)/together-copy.pdf"))
        let names = (0..<n).map { "together-\($0).pdf" } + ["together-copy.pdf"]
        let results = await withTaskGroup(of: SpoolIntake.Result?.self) { group in
            for name in names { group.addTask { await intake.take(name: name, pipeline: "invoices") } }
            var out: [SpoolIntake.Result?] = []
            for await r in group { out.append(r) }
            return out
        }
        let accepted = results.filter { if case .accepted? = $0 { return true }; return false }.count
        let duplicates = results.filter { if case .duplicate? = $0 { return true }; return false }.count
        #expect(accepted == n && duplicates == 1, "\(results)")
        #expect(slow.batchSizes.reduce(0, +) == n + 1, "\(slow.batchSizes)")
        #expect(slow.batchSizes.count < n / 2, "commits: \(slow.batchSizes)")
        #expect(try await items(t).count == n + 1)
        #expect(inboxNames(t).isEmpty)
    }

    /// The store committed the item but its answer was lost (a connection cut between the commit and the reply, as
    /// the chaos run saw). The file stays claimed under its key instead of going back to the inbox, and the sweep
    /// finds the item by that key: one item, not an item and its duplicate.
    @Test func aFileWhoseCommitsAnswerWasLostBecomesOneItem() async throws {
        let t = try appliance()
        defer { t.remove() }
        let base = t.appliance.intake()
        let flaky = SpoolIntake(layout: base.layout, store: LostAnswerItemStore(t.store), blobs: base.blobs, catalog: base.catalog,
                                logger: base.logger)
        try FileManager.default.createDirectory(atPath: t.layout.inbox("invoices"), withIntermediateDirectories: true)
        try SampleFiles.pdf("lost answer").write(to: URL(fileURLWithPath: t.layout.inbox("invoices") + "/answer.pdf"))
        let first = await flaky.take(name: "answer.pdf", pipeline: "invoices")
        guard case .rejected("storage", _, nil)? = first else { Issue.record("the lost answer is a storage failure: \(String(describing: first))"); return }
        #expect(inboxNames(t).isEmpty, "not put back into the inbox, where it would be claimed again under a new key")
        let claimed = try FileManager.default.contentsOfDirectory(atPath: t.layout.claimed("invoices")).filter { $0.hasSuffix("--answer.pdf") }
        #expect(claimed.count == 1, "it stays claimed under its key")
        let recorded = try await items(t)
        #expect(recorded.count == 1, "the store did commit it")
        let again = try await Self.sweepUntilTaken(base, "invoices")
        guard again.count == 1, case .existing(let found) = again[0] else { Issue.record("the sweep finds the committed item: \(again)"); return }
        #expect(found.id == recorded.first?.id)
        #expect(try await items(t).count == 1, "one item, no duplicate")
        #expect(try FileManager.default.contentsOfDirectory(atPath: t.layout.claimed("invoices")).filter { $0.hasSuffix("--answer.pdf") }.isEmpty,
                "the original is let go")
    }

    @Test func oversizeFilesAreRejectedWithTheLimit() async throws {
        let yaml = TestAppliance.pipeline(stages: "  - id: hold\n    use: test.script").replacingOccurrences(of: "accept: [pdf, png, jpeg, tiff]", with: "accept: [pdf]\n    max_size: 1KB")
        let t = try TestAppliance(pipelines: ["invoices.yaml": yaml], kinds: [ScriptedStageKind { _ in .snooze(until: .distantFuture) }]) { $0.spool.settle = 0.1 }
        defer { t.remove() }
        try await t.run { _ in
            try t.drop(SampleFiles.pdf(String(repeating: "x", count: 2000)), as: "big.pdf")
            let ok = await eventually { t.files(in: "rejected").count == 2 }
            #expect(ok)
        }
        let record = try t.json("rejected", "big.pdf.json")
        #expect(record["code"] == "too_large")
        #expect(record["reason"]?.stringValue?.contains("limit of 1000 bytes") == true)
    }

    @Test func aSidecarCarriesMetadataAndABadOneIsRejectedWithItsFile() async throws {
        let t = try appliance()
        defer { t.remove() }
        try await t.run { _ in
            try t.drop(Data(#"{"priority": 7, "external_ref": "PO-42", "tenant": "acme", "metadata": {"country": "DE"}, "channel": "mail"}"#.utf8), as: "a.pdf.json")
            try t.drop(SampleFiles.pdf("with sidecar"), as: "a.pdf")
            try t.drop(Data("{not json".utf8), as: "b.pdf.json")
            try t.drop(SampleFiles.pdf("bad sidecar"), as: "b.pdf")
            let ok = await eventually { t.files(in: "rejected").count == 3 }
            let accepted = try await eventually { try await items(t).count == 1 }
            #expect(ok && accepted)
        }
        let item = try #require(try await items(t).first)
        #expect(item.name == "a.pdf")
        #expect(item.priority == 7)
        #expect(item.externalRef == "PO-42")
        #expect(item.tenant == "acme")
        #expect(item.metadata == ["country": "DE", "channel": "mail"])
        #expect(try await t.store.jobs(of: item.id).first?.priority == 7, "the job carries the item's priority")
        #expect(t.files(in: "rejected") == ["b.pdf", "b.pdf.json", "b.pdf.sidecar.json"])
        #expect(try t.json("rejected", "b.pdf.json")["code"] == "bad_sidecar")
        #expect(inboxNames(t).isEmpty)
    }

    @Test func archiveKeepsOriginals() async throws {
        let t = try appliance(after: .archive)
        defer { t.remove() }
        try await t.run { _ in
            try t.drop(SampleFiles.pdf("keep me"), as: "keep.pdf")
            let ok = try await eventually { try await items(t).count == 1 }
            #expect(ok)
        }
        let archive = t.layout.home + "/archive/invoices"
        let days = try FileManager.default.contentsOfDirectory(atPath: archive)
        #expect(days.count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: archive + "/" + days[0]) == ["keep.pdf"])
    }

    @Test func pollingModeWorksWithoutInotify() async throws {
        let t = try appliance(watch: .poll)
        defer { t.remove() }
        try await t.run { _ in
            try t.drop(SampleFiles.pdf("polled"), as: "polled.pdf")
            let ok = try await eventually { try await items(t).count == 1 }
            #expect(ok)
        }
    }

    @Test func filesClaimedBeforeACrashAreFinishedOnRestart() async throws {
        let t = try appliance()
        defer { t.remove() }
        let claimed = t.layout.claimed("invoices")
        try FileManager.default.createDirectory(atPath: claimed, withIntermediateDirectories: true)
        // Crash after the claim, before the commit: the file must still become an item.
        try SampleFiles.pdf("crashed before commit").write(to: URL(fileURLWithPath: claimed + "/k1--before.pdf"))
        // Crash after the commit, before the cleanup: no second item.
        let done = try t.directory.write("done.pdf", String(decoding: SampleFiles.pdf("crashed after commit"), as: UTF8.self))
        let intake = t.appliance.intake()
        let first = await intake.ingest(path: done, name: "after.pdf", pipeline: "invoices", source: .spool, submission: .init(), intakeKey: "k2")
        guard case .accepted = first else { Issue.record("\(first)"); return }
        try FileManager.default.copyItem(atPath: done, toPath: claimed + "/k2--after.pdf")
        try await t.run { _ in
            let ok = try await eventually { try await items(t).count == 2 && ((try? FileManager.default.contentsOfDirectory(atPath: claimed)) ?? ["x"]).isEmpty }
            #expect(ok)
        }
        #expect(Set(try await items(t).map(\.name)) == ["before.pdf", "after.pdf"])
        #expect(try await t.store.item(intakeKey: "k1")?.name == "before.pdf")
    }

    @Test func aFloodIsTakenInBatchesSoAShutdownDuringItLeavesTheRestInTheInbox() async throws {
        let n = 400
        let t = try appliance(batchLimit: 10)
        defer { t.remove() }
        let inbox = t.layout.inbox("invoices")
        let staging = t.directory.file("staging")
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        for i in 0..<n { try SampleFiles.pdf("flood \(i)").write(to: URL(fileURLWithPath: "\(staging)/flood-\(i).pdf")) }
        try await t.run { _ in
            for i in 0..<n { #expect(rename("\(staging)/flood-\(i).pdf", "\(inbox)/flood-\(i).pdf") == 0) }
            let started = try await eventually { try await items(t).count >= 10 }
            #expect(started)
        }
        // The shutdown was heard between two batches of ten: most files are still in the inbox, untouched.
        let first = try await items(t).count
        #expect(first < n / 2, "\(first) of \(n) taken before the shutdown was heard")
        #expect(first + inboxNames(t).count == n, "every file is an item or still in the inbox")
        // The next start takes the rest, each file once.
        try await t.run { _ in
            let ok = try await eventually { try await allTaken(t, n) }
            #expect(ok)
        }
        #expect(Set(try await items(t).map(\.name)).count == n)
    }

    @Test func tenThousandFilesDroppedAtOnceAreEachTakenExactlyOnce() async throws {
        let t = try appliance(settle: 0.3)
        defer { t.remove() }
        let inbox = t.layout.inbox("invoices")
        let n = 10_000
        // Written outside, then moved in all at once (one rename each), as a bulk export would.
        let staging = t.directory.file("staging")
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        for i in 0..<n { try SampleFiles.pdf("bulk \(i)").write(to: URL(fileURLWithPath: "\(staging)/bulk-\(i).pdf")) }
        try await t.run { _ in
            for i in 0..<n { #expect(rename("\(staging)/bulk-\(i).pdf", "\(inbox)/bulk-\(i).pdf") == 0) }
            let ok = try await eventually(timeout: 600) { try await allTaken(t, n) }
            #expect(ok)
        }
        let all = try await items(t)
        #expect(all.count == n)
        #expect(Set(all.map(\.name)).count == n, "each file became exactly one item")
        #expect(all.allSatisfy { $0.state == .received })
        #expect(t.files(in: "rejected").isEmpty)
    }
}

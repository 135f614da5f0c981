import Foundation
import QuireCore
import QuireModels
import QuireTesting
import Testing

@Suite("quire command line (real binary)", .serialized)
struct CLITests {
    @Test("quire drop of many files says how far it is on standard error (plain lines off a terminal), the results on standard output")
    func dropManyFilesShowsProgress() async throws {
        let dir = try TemporaryDirectory("quire-cli-progress")
        defer { dir.remove() }
        let home = dir.file("quire-home")
        #expect(try await QuireBinary.run(["init", home, "--pipelines", QuireBinary.repositoryRoot + "/pipelines"]).status == 0)
        var files: [String] = []
        for n in 0..<25 {
            let f = dir.file("many-\(n).pdf")
            try SampleFiles.pdf("dropped in a batch, number \(n)").write(to: URL(fileURLWithPath: f))
            files.append(f)
        }
        let r = try await QuireBinary.run(["drop"] + files + ["-p", "invoices", "--home", home])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").filter { $0.contains("accepted as itm_") }.count == 25)
        let lines = r.stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("dropping") }
        #expect(lines.last?.hasPrefix("dropping 25/25") == true, "\(r.stderr)")
        #expect(lines.count >= 5 && lines.count <= 12, "a line per tenth, not per file: \(lines)")
        #expect(!r.stderr.contains("\r"), "no redrawn line off a terminal")
        // A few files: no progress at all.
        let one = try await QuireBinary.run(["drop", files[0], "-p", "invoices", "--home", home])
        #expect(!one.stderr.contains("dropping"))
    }

    @Test("quire vendors: an ERP's vendor master is imported whole or not at all, listed, and a name forgotten; each change is audited")
    func vendorsImportListRemove() async throws {
        let dir = try TemporaryDirectory("quire-cli-vendors")
        defer { dir.remove() }
        let home = dir.file("quire-home")
        #expect(try await QuireBinary.run(["init", home, "--pipelines", QuireBinary.repositoryRoot + "/pipelines"]).status == 0)
        // Made-up vendors; the second row's IBAN has a wrong check digit, the fourth has no name.
        try Data("""
            name,vat_id,iban,erp_id
            Bellweather Tools GmbH,DE 273 184 654,DE40 7002 0270 0012 3456 78,V-1
            "Harbor Outfitters, Ltd",,DE40700202700012345679,V-2
            Corner Store,,,V-3
            ,DE273184654,,V-4

            """.utf8).write(to: URL(fileURLWithPath: dir.file("bad.csv")))
        let bad = try await QuireBinary.run(["vendors", "import", dir.file("bad.csv"), "--home", home])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("nothing imported") && bad.stderr.contains("row 3:") && bad.stderr.contains("row 5:") && !bad.stderr.contains("row 2:"), "\(bad.stderr)")
        #expect(try await QuireBinary.run(["vendors", "list", "--home", home]).stdout.contains("no known vendors yet"))
        try Data("""
            name,vat_id,iban,erp_id
            Bellweather Tools GmbH,DE 273 184 654,DE40 7002 0270 0012 3456 78,V-1
            "Harbor Outfitters, Ltd",,,V-2

            """.utf8).write(to: URL(fileURLWithPath: dir.file("good.csv")))
        let good = try await QuireBinary.run(["vendors", "import", dir.file("good.csv"), "--home", home, "--by", "ops"])
        #expect(good.status == 0 && good.stdout.contains("2 vendor facts imported"), "\(good.stderr)")
        let list = try await QuireBinary.run(["vendors", "list", "--json", "--home", home])
        let rows = try JSONValue.parse(Data(list.stdout.utf8)).arrayValue ?? []
        #expect(rows.count == 2)
        #expect(rows.contains { $0["name"] == "Bellweather Tools GmbH" && $0["vat_id"] == "DE273184654" && $0["iban"] == "DE40700202700012345678" && $0["source"] == "import" })
        #expect(rows.contains { $0["name"] == "Harbor Outfitters, Ltd" && $0["iban"] == .null })
        let missing = try await QuireBinary.run(["vendors", "remove", "Nobody", "--home", home])
        #expect(missing.status != 0 && missing.stderr.contains("no known vendor"))
        #expect(try await QuireBinary.run(["vendors", "remove", "Harbor Outfitters, Ltd", "--home", home, "--by", "ops"]).status == 0)
        #expect(try await QuireBinary.run(["vendors", "list", "--home", home]).stdout.split(separator: "\n").count == 1)
        let audit = try await QuireBinary.run(["audit", "export", "--home", home])
        #expect(audit.stdout.contains("vendors.import") && audit.stdout.contains("vendors.remove"), "\(audit.stdout)")
    }

    @Test func initServeDropProducesADoneRecordAndStatusShowsIt() async throws {
        let dir = try TemporaryDirectory("quire-cli")
        defer { dir.remove() }
        let home = dir.file("quire-home")
        let r = try await QuireBinary.run(["init", home, "--pipelines", QuireBinary.repositoryRoot + "/pipelines"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("inbox ready: \(home)/inbox/invoices/"))
        #expect(FileManager.default.fileExists(atPath: home + "/quire.yaml"))
        let again = try await QuireBinary.run(["init", home])
        #expect(again.status == 0, "init is idempotent")
        try QuireBinary.withoutReview(home: home)

        let server = try QuireBinary.serve(home: home, log: dir.file("serve.log"), environment: ["QUIRE_SPOOL_SETTLE": "100ms"])
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
        try SampleFiles.pdf("hello from the inbox").write(to: URL(fileURLWithPath: dir.file("x.pdf")))
        #expect(rename(dir.file("x.pdf"), home + "/inbox/invoices/x.pdf") == 0)
        let pdf = dir.file("dropped.pdf")
        try SampleFiles.pdf("dropped by cli").write(to: URL(fileURLWithPath: pdf))
        let drop = try await QuireBinary.run(["drop", pdf, "--pipeline", "invoices", "--home", home, "--meta", "country=DE", "--priority", "3"])
        #expect(drop.status == 0)
        #expect(drop.stdout.contains("accepted as itm_"))
        let dupe = try await QuireBinary.run(["drop", pdf, "-p", "invoices", "--home", home])
        #expect(dupe.stdout.contains("duplicate of itm_"))
        let done = home + "/outbox/invoices/done"
        let ok = await eventually { ((try? FileManager.default.contentsOfDirectory(atPath: done)) ?? []).count == 2 }
        #expect(ok)
        kill(server.processIdentifier, SIGTERM)
        #expect(await server.exited() == ProcessExit(signaled: false, status: 0))

        let status = try await QuireBinary.run(["status", "--home", home])
        #expect(status.stdout.contains("pipeline invoices: 3 items — done 2, duplicate 1"))
        #expect(!status.stdout.contains("waiting for a person") && !status.stdout.contains("nothing has finished"))
        let list = try await QuireBinary.run(["items", "list", "--home", home, "--state", "done"])
        #expect(list.stdout.contains("dropped.pdf") && list.stdout.contains("x.pdf"))
        let id = try #require(drop.stdout.split(separator: " ").last.map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) })
        let show = try await QuireBinary.run(["items", "show", id, "--home", home])
        #expect(show.stdout.contains("state     done"))
        #expect(show.stdout.contains("metadata  {\"country\":\"DE\"}"))
        #expect(show.stdout.contains("identify"))
        let retry = try await QuireBinary.run(["items", "retry", id, "--home", home])
        #expect(retry.status == 75)
        #expect(retry.stderr.contains("is done; this works only on items that are failed or exception or needs_human or cancelled"))
        let log = String(decoding: FileManager.default.contents(atPath: dir.file("serve.log")) ?? Data(), as: UTF8.self)
        let line = try #require(log.split(separator: "\n").first { $0.contains("\"msg\":\"stage done\"") })
        let json = try JSONValue.parse(String(line))
        #expect(json["item"]?.stringValue?.hasPrefix("itm_") == true, "log lines carry the item id")
        #expect(json["stage"] != nil, "and the stage")
    }

    @Test("A second quire serve on one SQLite store is refused and names the process that holds it; the lock dies with that process")
    func aSecondServeOnOneSQLiteStoreIsRefused() async throws {
        let dir = try TemporaryDirectory("quire-lock")
        defer { dir.remove() }
        let home = dir.file("quire-home")
        #expect(try await QuireBinary.run(["init", home, "--pipelines", QuireBinary.repositoryRoot + "/pipelines"]).status == 0)
        let first = try QuireBinary.serve(home: home, log: dir.file("first.log"))
        defer { if first.isRunning { kill(first.processIdentifier, SIGKILL) } }
        #expect(await eventually { ((try? String(contentsOfFile: dir.file("first.log"), encoding: .utf8)) ?? "").contains("quire serving") })
        // Started like the first (not waited on): were it not refused, it would serve, and the test would hang.
        let second = try QuireBinary.serve(home: home, log: dir.file("second.log"))
        let refused = await eventually { second.hasEnded }
        if !second.hasEnded { kill(second.processIdentifier, SIGKILL) }
        let secondExit = await second.exited()
        let said = (try? String(contentsOfFile: dir.file("second.log"), encoding: .utf8)) ?? ""
        #expect(refused && secondExit != ProcessExit(signaled: false, status: 0))
        #expect(said.contains("another quire serve already runs on this SQLite store") && said.contains("pid \(first.processIdentifier)"), "\(said.suffix(600))")
        #expect(!first.hasEnded, "the refused serve left the running one alone")
        // A crash leaves no stale lock: the next serve starts.
        kill(first.processIdentifier, SIGKILL)
        await first.exited()
        let third = try QuireBinary.serve(home: home, log: dir.file("third.log"))
        defer { if third.isRunning { kill(third.processIdentifier, SIGKILL) } }
        #expect(await eventually { ((try? String(contentsOfFile: dir.file("third.log"), encoding: .utf8)) ?? "").contains("quire serving") })
        kill(third.processIdentifier, SIGTERM)
        await third.exited()
    }

    @Test func pipelinesCheckPrintsFileLineMessages() async throws {
        let dir = try TemporaryDirectory("quire-cli")
        defer { dir.remove() }
        let bad = try dir.write("bad.yaml", "name: x\nstages:\n  - id: ocr\n    use: ocr.tess\n")
        let r = try await QuireBinary.run(["pipelines", "check", bad])
        #expect(r.status == 78)
        #expect(r.stdout == "\(bad):4: stage 'ocr' uses unknown kind 'ocr.tess'; known kinds: archive.pdf, bot, classify, fields, file.identify, ocr.page, outbox.write, pdf.text, review\n")
        let good = try await QuireBinary.run(["pipelines", "check", QuireBinary.repositoryRoot + "/pipelines/invoices.yaml"])
        #expect(good.status == 0)
        #expect(good.stdout.hasSuffix("invoices.yaml: ok\n"))
    }

    @Test func templatesTestShowsWhatMatchedAndInspectShowsTheFields() async throws {
        let root = QuireBinary.repositoryRoot
        let template = root + "/pipelines/templates/example.northwind.yml"
        let ok = try await QuireBinary.run(["templates", "test", template, root + "/fixtures/documents/doc-000.pdf"])
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("the template matches this document"))
        #expect(ok.stdout.contains("invoice_number     INV-2026-00100"))
        #expect(ok.stdout.contains("amount → total"))
        let receipt = try await QuireBinary.run(["templates", "test", template, root + "/fixtures/documents/doc-018.pdf"])
        #expect(receipt.status == 1)
        #expect(receipt.stdout.contains("✗ INVOICE|CREDIT NOTE"))
        let dir = try TemporaryDirectory("quire-cli")
        defer { dir.remove() }
        _ = try dir.write("t/bad.yml", "issuer: X\nkeywords: [X]\nfields:\n  amount: (\\d+\n")
        let check = try await QuireBinary.run(["templates", "check", dir.file("t")])
        #expect(check.status == 65)
        #expect(check.stdout.contains("bad.yml:4: the regex of field 'amount' does not compile"), "\(check.stdout)")
        // No home and no model file anywhere: the model built into quire classifies, and says so.
        let builtIn = try await QuireBinary.run(["inspect", root + "/fixtures/documents/doc-003.pdf", "--templates", dir.file("none"), "--home", dir.file("no-home")])
        #expect(builtIn.status == 0)
        #expect(builtIn.stdout.contains("--- classification: receipt") && builtIn.stdout.contains("built into quire"), "\(builtIn.stdout)")
        #expect(builtIn.stdout.contains("--- fields: receipt"), "\(builtIn.stdout)")
        // A made-up credit note in an invoice's words: the printed title decides, and inspect says so.
        let creditNote = try dir.write("credit-note.txt", """
            Plumbing Supplies Example Ltd   CREDIT NOTE No. 3
            Customer: Example Buyer GmbH
            Invoice reference: INV-2025-0007   Invoice date: 01/02/2025
            Copper pipe 15 mm   4   12.50   50.00
            Net amount   50.00 EUR
            VAT 20 %   10.00 EUR
            Total   60.00 EUR
            """)
        let titled = try await QuireBinary.run(["inspect", creditNote, "--templates", dir.file("none"), "--home", dir.file("no-home")])
        #expect(titled.stdout.contains("--- classification: credit_note") && titled.stdout.contains("the printed title 'CREDIT NOTE No. 3'"), "\(titled.stdout)")
        let badModel = try await QuireBinary.run(["inspect", root + "/fixtures/documents/doc-003.pdf", "--model", dir.file("t/bad.yml")])
        #expect(badModel.status == 66 && badModel.stdout.contains("leave out --model"), "a model file that does not load stops the run: \(badModel.stdout)")
        let inspect = try await QuireBinary.run(["inspect", root + "/fixtures/documents/doc-000.pdf", "--templates", dir.file("none")])
        #expect(inspect.status == 0)
        #expect(inspect.stdout.contains("--- fields: invoice"))
        #expect(inspect.stdout.contains("decision: approve"))
        #expect(inspect.stdout.contains("vendor_iban      GB33BUKB20201555555555"))
        #expect(inspect.stdout.contains("✓ iban: IBAN check digits are correct"))
    }

    @Test func modelsAreInstalledTrainedAndMovedThroughTheirStates() async throws {
        let dir = try TemporaryDirectory("quire-cli")
        defer { dir.remove() }
        let root = QuireBinary.repositoryRoot
        let initialized = try await QuireBinary.run(["init", dir.path, "--pipelines", root + "/pipelines"])
        #expect(initialized.stdout.contains("installed model doctype version 1 (active, built into quire)"), "\(initialized.stdout)")
        let list = try await QuireBinary.run(["model", "list", "--home", dir.path])
        #expect(list.stdout.contains("doctype     1        active"), "\(list.stdout)")
        // A small, quick training run: a candidate, measured against the active version on the same documents.
        let train = try await QuireBinary.run(["model", "train", "--home", dir.path, "--generated", "300", "--epochs", "2", "--hash-bits", "12"])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stdout.contains("registered doctype version 2 as a candidate"))
        #expect(train.stdout.contains("active version on the same documents"))
        // Off a terminal, plain progress lines: epochs done with the loss, and the last one with the time it took.
        #expect(train.stderr.contains("training, epochs 2/2") && train.stderr.contains("loss "), "progress: \(train.stderr)")
        let canary = try await QuireBinary.run(["model", "canary", "doctype", "2", "10", "--home", dir.path])
        #expect(canary.status == 0)
        let force = try await QuireBinary.run(["model", "promote", "doctype", "2", "--force", "--home", dir.path])
        #expect(force.status != 0 && force.stderr.contains("--force needs --reason"))
        let show = try await QuireBinary.run(["model", "show", "doctype", "2", "--home", dir.path])
        #expect(show.stdout.contains("\"to\" : \"canary\"") && show.stdout.contains("\"parent\" : 1"))
        let shipped = dir.file("doctype.qmodel")
        try Data(try #require(BuiltInModels.doctype).fileBytes).write(to: URL(fileURLWithPath: shipped))
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: shipped)))
        bytes[bytes.count / 2] ^= 0x01
        let corrupt = dir.file("bad.qmodel")
        try Data(bytes).write(to: URL(fileURLWithPath: corrupt))
        let eval = try await QuireBinary.run(["model", "eval", "--file", corrupt, "--generated", "10"])
        #expect(eval.status == 64 && eval.stderr.contains("corrupt"), "\(eval.stderr)")
        let good = try await QuireBinary.run(["model", "eval", "--file", shipped, "--fixtures", root + "/fixtures"])
        #expect(good.stdout.contains("accuracy 100.00 %"), "the shipped model on the fixtures: \(good.stdout)")
    }

    @Test func modelsAreCrossValidatedOnLabelledFoldersAndManifests() async throws {
        let dir = try TemporaryDirectory("quire-cli-cv")
        defer { dir.remove() }
        // A manifest in another collection's classes (mapped to letter and other), with senders as groups.
        var manifest = "file,label,group\n"
        for i in 0..<12 {
            let letter = i % 2 == 0
            let name = "docs/\(i).txt"
            _ = try dir.write("office/" + name, letter ? "Dear Ms Example,\nthank you for your letter of last week about the order \(i).\nSincerely yours\nA. Sender"
                                                     : "MEMORANDUM\nTO: all staff FROM: office SUBJECT: meeting \(i)\nThe meeting moves to room \(i).")
            manifest += "\(name),\(letter ? "Letter" : "Memo"),sender\(i % 6)\n"
        }
        _ = try dir.write("office/manifest.csv", manifest)
        // invoice2data's layout: invoices beside golden JSON that names the issuer.
        for i in 0..<6 {
            _ = try dir.write("vendors/inv\(i).txt", "INVOICE no. 10\(i)\nConsulting services 100.00\nVAT 19 % 19.00\nTotal due 119.00 EUR\nIBAN payable within 30 days")
            _ = try dir.write("vendors/inv\(i).json", "{\"issuer\": \"Vendor \(i % 3)\", \"amount\": 119.0}")
        }
        let cv = try await QuireBinary.run(["model", "eval", "--cv", "3", "--from", dir.file("office"), "--from", dir.file("vendors"), "--generated", "70", "--epochs", "4"])
        #expect(cv.status == 0, "\(cv.stderr)")
        #expect(cv.stdout.contains("18 real documents in 9 groups, 3 folds"), "\(cv.stdout)")
        #expect(cv.stdout.contains("70 generated documents added to every training fold"))
        #expect(cv.stdout.contains("invoice / receipt / other:") && cv.stdout.contains("reliability"))
        #expect(cv.stdout.contains("letter ") && !cv.stdout.contains("Memo"), "Tobacco's classes are mapped onto Quire's labels")
        // A manifest that points outside its folder is refused.
        _ = try dir.write("escape/manifest.csv", "file,label\n../office/docs/0.txt,letter\n")
        let escape = try await QuireBinary.run(["model", "eval", "--cv", "2", "--from", dir.file("escape")])
        #expect(escape.status == 64 && escape.stderr.contains("is outside the folder"), "\(escape.stderr)")
    }

    @Test func commandsExplainThemselvesAndBadInputSaysWhatToDo() async throws {
        for cmd in [["serve"], ["drop"], ["status"], ["items", "list"], ["items", "retry"], ["pipelines", "check"], ["init"], ["templates", "test"], ["templates", "check"], ["inspect"]] {
            let r = try await QuireBinary.run(cmd + ["--help"])
            #expect(r.status == 0)
            #expect(r.stdout.contains("Example"), "\(cmd) --help shows an example")
        }
        let noHome = try await QuireBinary.run(["status", "--home", "/nonexistent/quire"])
        #expect(noHome.status != 0)
        #expect(noHome.stderr.contains("no appliance home at /nonexistent/quire; create one with 'quire init /nonexistent/quire'"))
        let dir = try TemporaryDirectory("quire-cli")
        defer { dir.remove() }
        _ = try await QuireBinary.run(["init", dir.path, "--pipelines", QuireBinary.repositoryRoot + "/pipelines"])
        let wrongPipeline = try await QuireBinary.run(["drop", "/etc/hostname", "-p", "expenses", "--home", dir.path])
        #expect(wrongPipeline.stderr.contains("no pipeline 'expenses'; known pipelines: bot-capture, invoices, invoices-erp, receipts"))
        #expect(FileManager.default.fileExists(atPath: dir.path + "/templates/example.northwind.yml"), "init copies the shipped templates")
        let text = try await QuireBinary.run(["drop", "/etc/hostname", "-p", "invoices", "--home", dir.path])
        #expect(text.status == 65)
        #expect(text.stdout.contains("not taken: it is of a type Quire does not recognise"))
        try Data("spool:\n  setle: 1s\n".utf8).write(to: URL(fileURLWithPath: dir.path + "/quire.yaml"))
        let badConfig = try await QuireBinary.run(["status", "--home", dir.path])
        #expect(badConfig.status == 78)
        #expect(badConfig.stderr.contains("quire.yaml:2: unknown key 'spool.setle'; known keys under spool: settle,"))
    }

    @Test func theDemoShowsSampleInvoicesFlowToDoneOrReview() async throws {
        let r = try await QuireBinary.run(["demo", "--documents", "4", "--exit-when-done", "--pipelines", QuireBinary.repositoryRoot + "/pipelines"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("dropping 4 sample invoices"))
        #expect(r.stdout.contains("known vendors: 5 of the samples' 6"), "\(r.stdout)")
        #expect(r.stdout.contains("all 4 settled"), "\(r.stdout)")
        // The last count line: every sample is done or waits for a reviewer.
        let last = r.stdout.split(separator: "\n").last { $0.hasPrefix("items: ") }.map(String.init) ?? ""
        let counts = Dictionary(uniqueKeysWithValues: last.dropFirst(7).split(separator: "   ")[0].split(separator: ", ").compactMap { part -> (String, Int)? in
            let kv = part.split(separator: " ")
            return kv.count == 2 ? (String(kv[0]), Int(kv[1]) ?? 0) : nil
        })
        #expect((counts["done"] ?? 0) + (counts["needs_human"] ?? 0) == 4, "\(last)")
        #expect((counts["done"] ?? 0) >= 1, "\(r.stdout)")
        // Both paths are named: what went straight through, and what waits for a person and why.
        #expect(r.stdout.contains("straight through, no person needed: \(counts["done"] ?? 0)"), "\(r.stdout)")
        #expect((counts["needs_human"] ?? 0) >= 1 && r.stdout.contains("waiting for a person: \(counts["needs_human"] ?? 0)"), "\(r.stdout)")
        #expect(r.stdout.contains("is above the review limit 2000"), "\(r.stdout)")
    }
}

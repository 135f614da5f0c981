import Foundation
import QuireCore
import QuireTesting
import Testing

/// CLI commands given `--server` talk to a running `quire serve` over its API with a token from
/// the environment, a file or the client configuration, instead of opening the home folder.
@Suite("CLI against a running server (real binary)")
struct RemoteCLITests {
    @Test func submitListShowAndCancelOverTheAPIWithATokenFromEachPlace() async throws {
        let dir = try TemporaryDirectory("quire-remote-cli")
        defer { dir.remove() }
        let home = dir.file("home")
        let root = QuireBinary.repositoryRoot
        try await QuireBinary.initHome(home)
        try QuireBinary.withoutReview(home: home)
        func token(_ role: String) async throws -> String {
            try await QuireBinary.run(["tokens", "create", "--role", role, "--name", role, "--home", home]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let operatorToken = try await token("operator"), botToken = try await token("bot")
        let tokenFile = try dir.write("operator.token", operatorToken + "\n")
        chmod(tokenFile, 0o600)
        let (server, port) = try await QuireBinary.serveAPI(home: home, log: dir.file("serve.log"), environment: ["QUIRE_SPOOL_SETTLE": "150ms"])
        defer { server.stop() }
        let url = "http://127.0.0.1:\(port)"
        // No home folder is named or opened: the client runs from an empty folder with its own config home.
        let env = ["XDG_CONFIG_HOME": dir.file("config"), "QUIRE_HOME": ""]
        let capture = try dir.write("capture.json", #"{"fields": {"invoice_number": "RE-2026-00113"}}"#)

        // A bot submits a document with what it read and waits for the result (token from the environment).
        let submit = try await QuireBinary.run(["submit", "--server", url, "-p", "invoices", "--json", capture, "--attach", root + "/fixtures/documents/doc-001.pdf",
                                          "--region", "eu", "--wait", "120"], environment: env.merging(["QUIRE_TOKEN": botToken]) { $1 })
        #expect(submit.status == 0, "\(submit.stdout)\(submit.stderr)")
        let result = try JSONValue.parse(Data(submit.stdout.utf8))
        let id = try #require(result["item"]?.stringValue)
        #expect(result["state"] == "done" && result["result"]?["values"]?["total"] == 3593.05, "\(submit.stdout)")

        // An operator lists and shows it (token from a file).
        let list = try await QuireBinary.run(["items", "list", "--server", url, "--token-file", tokenFile, "--state", "done,failed"], environment: env)
        #expect(list.status == 0 && list.stdout.contains(id) && list.stdout.contains("doc-001.pdf"), "\(list.stdout)\(list.stderr)")
        let show = try await QuireBinary.run(["items", "show", id, "--json", "--server", url, "--token-file", tokenFile], environment: env)
        let shown = try JSONValue.parse(Data(show.stdout.utf8))
        #expect(shown["item"]?["metadata"]?["region"] == "eu")
        #expect((shown["jobs"]?.arrayValue ?? []).contains { $0["stageID"] == "fields" && $0["state"] == "done" }, "\(show.stdout.prefix(400))")
        #expect((shown["events"]?.arrayValue?.count ?? 0) > 3)

        // The client configuration names the server and the token file: no flags at all.
        try dir.write("config/quire/client.yaml", "server: \(url)\ntoken_file: \(tokenFile)\n")
        let configured = try await QuireBinary.run(["items", "show", id], environment: env)
        #expect(configured.status == 0 && configured.stdout.contains("state     done"), "\(configured.stdout)\(configured.stderr)")

        // Refusals come back as the server's problem, with what to do.
        let forbidden = try await QuireBinary.run(["items", "cancel", id, "--server", url], environment: env.merging(["QUIRE_TOKEN": botToken]) { $1 })
        #expect(forbidden.status == 78 && forbidden.stderr.contains("403 forbidden") && forbidden.stderr.contains("needs items.retry"), "\(forbidden.stderr)")
        let unknown = try await QuireBinary.run(["items", "list", "--server", url], environment: env.merging(["QUIRE_TOKEN": "qt_not-a-token"]) { $1 })
        #expect(unknown.status == 78 && unknown.stderr.contains("401 invalid_token"), "\(unknown.stderr)")
        let missing = try await QuireBinary.run(["items", "show", "itm_nope", "--server", url, "--token-file", tokenFile], environment: env)
        #expect(missing.status == 66 && missing.stderr.contains("404"), "\(missing.stderr)")
        chmod(tokenFile, 0o644)
        let open = try await QuireBinary.run(["items", "list", "--server", url, "--token-file", tokenFile], environment: env)
        #expect(open.status == 78 && open.stderr.contains("chmod 600"), "\(open.stderr)")
        let nobody = try await QuireBinary.run(["items", "list", "--server", "http://127.0.0.1:1"], environment: env.merging(["QUIRE_TOKEN": operatorToken]) { $1 })
        #expect(nobody.status != 0 && nobody.stderr.contains("cannot reach quire at http://127.0.0.1:1"), "\(nobody.stderr)")

        chmod(tokenFile, 0o600)
        // The live status of the server's appliance, as a table and as JSON (metrics.read; a bot token has none).
        let status = try await QuireBinary.run(["status", "--once", "--server", url, "--token-file", tokenFile], environment: env)
        #expect(status.status == 0 && status.stdout.contains("invoices"), "\(status.stdout)\(status.stderr)")
        let statusJSON = try await QuireBinary.run(["status", "--json", "--server", url, "--token-file", tokenFile], environment: env)
        let snapshot = try JSONValue.parse(Data(statusJSON.stdout.utf8))
        #expect((snapshot["stages"]?.arrayValue ?? []).contains { $0["pipeline"] == "invoices" }, "\(statusJSON.stdout.prefix(400))")
        let botStatus = try await QuireBinary.run(["status", "--once", "--server", url], environment: env.merging(["QUIRE_TOKEN": botToken]) { $1 })
        #expect(botStatus.status == 78 && botStatus.stderr.contains("403"), "\(botStatus.stderr)")

        // The audit trail over the API, exactly as the home exports it (an auditor token of no tenant).
        let auditor = try await token("auditor")
        let remoteAudit = try await QuireBinary.run(["audit", "export", "--server", url], environment: env.merging(["QUIRE_TOKEN": auditor]) { $1 })
        let localAudit = try await QuireBinary.run(["audit", "export", "--home", home])
        #expect(remoteAudit.status == 0 && !remoteAudit.stdout.isEmpty, "\(remoteAudit.stderr)")
        #expect(localAudit.stdout.hasPrefix(remoteAudit.stdout), "the remote export is the trail as it was a moment before")
        let tenantAuditor = try await QuireBinary.run(["tokens", "create", "--role", "auditor", "--tenant", "acme", "--home", home]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let scoped = try await QuireBinary.run(["audit", "export", "--server", url], environment: env.merging(["QUIRE_TOKEN": tenantAuditor]) { $1 })
        #expect(scoped.status == 78 && scoped.stderr.contains("tenant_scoped"), "a tenant's auditor does not read every tenant's entries: \(scoped.stderr)")

        // Models: listed, promoted and rolled back over the API; the changes are the token's in the audit trail.
        let train = try await QuireBinary.run(["model", "train", "--home", home, "--generated", "200", "--epochs", "1", "--hash-bits", "10"])
        #expect(train.status == 0, "\(train.stderr)")
        let admin = try await token("admin")
        let asAdmin = env.merging(["QUIRE_TOKEN": admin]) { $1 }
        let models = try await QuireBinary.run(["model", "list", "--server", url, "--token-file", tokenFile], environment: env)
        #expect(models.stdout.contains("doctype     1        active") && models.stdout.contains("doctype     2        candidate"), "\(models.stdout)\(models.stderr)")
        let promoted = try await QuireBinary.run(["model", "promote", "doctype", "2", "--force", "--reason", "remote test", "--server", url], environment: asAdmin)
        #expect(promoted.status == 0 && promoted.stdout.contains("doctype version 2 is active"), "\(promoted.stdout)\(promoted.stderr)")
        let local = try await QuireBinary.run(["model", "list", "--home", home])
        #expect(local.stdout.contains("doctype     2        active"), "\(local.stdout)")
        let rolled = try await QuireBinary.run(["model", "rollback", "doctype", "--reason", "remote test", "--server", url], environment: asAdmin)
        #expect(rolled.status == 0 && rolled.stdout.contains("doctype version 1 is active again"), "\(rolled.stdout)\(rolled.stderr)")
        let refused = try await QuireBinary.run(["model", "promote", "doctype", "2", "--force", "--reason", "x", "--server", url], environment: env.merging(["QUIRE_TOKEN": botToken]) { $1 })
        #expect(refused.status == 78 && refused.stderr.contains("models.manage"), "a bot may not: \(refused.stderr)")
        // Shadow, canary, retire, show and drift over the API, as the home sees them.
        let shadow = try await QuireBinary.run(["model", "shadow", "doctype", "2", "--reason", "remote trial", "--server", url], environment: asAdmin)
        #expect(shadow.status == 0 && shadow.stdout.contains("runs in shadow"), "\(shadow.stdout)\(shadow.stderr)")
        #expect(try await QuireBinary.run(["model", "list", "--home", home]).stdout.contains("doctype     2        shadow"))
        let canary = try await QuireBinary.run(["model", "canary", "doctype", "2", "25", "--server", url], environment: asAdmin)
        #expect(canary.status == 0 && canary.stdout.contains("decides for 25.0 % of items"), "\(canary.stdout)\(canary.stderr)")
        let badShare = try await QuireBinary.run(["model", "canary", "doctype", "2", "250", "--server", url], environment: asAdmin)
        #expect(badShare.status != 0 && badShare.stderr.contains("percent"), "\(badShare.stderr)")
        let remoteShow = try JSONValue.parse(try await QuireBinary.run(["model", "show", "doctype", "2", "--server", url, "--token-file", tokenFile], environment: env).stdout)
        let localShow = try JSONValue.parse(try await QuireBinary.run(["model", "show", "doctype", "2", "--home", home]).stdout)
        #expect(remoteShow == localShow && remoteShow["state"] == "canary" && remoteShow["canary_percent"] == 25, "\(remoteShow)")
        #expect(remoteShow["history"]?.arrayValue?.contains { $0["actor"] == "token:admin" && $0["reason"] == "remote trial" } == true)
        let retired = try await QuireBinary.run(["model", "retire", "doctype", "2", "--reason", "remote test", "--server", url], environment: asAdmin)
        #expect(retired.status == 0 && retired.stdout.contains("is retired"), "\(retired.stdout)\(retired.stderr)")
        let unknownModel = try await QuireBinary.run(["model", "show", "no such model", "--server", url, "--token-file", tokenFile], environment: env)
        #expect(unknownModel.status != 0 && unknownModel.stderr.contains("404"), "\(unknownModel.stderr)")
        let remoteDrift = try JSONValue.parse(try await QuireBinary.run(["model", "drift", "doctype", "--json", "--server", url, "--token-file", tokenFile], environment: env).stdout)
        let localDrift = try JSONValue.parse(try await QuireBinary.run(["model", "drift", "doctype", "--json", "--home", home]).stdout)
        #expect(remoteDrift["model"] == "doctype" && remoteDrift["days"] == localDrift["days"], "\(remoteDrift)")

        // Tokens: made, listed and revoked over the API by an admin token of no tenant; the new one works until revoked.
        let made = try await QuireBinary.run(["tokens", "create", "--role", "reviewer", "--tenant", "acme", "--name", "AP team", "--expires", "30d", "--server", url], environment: asAdmin)
        let madeSecret = made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(made.status == 0 && madeSecret.hasPrefix("qt_") && made.stderr.contains("reviewer, tenants acme, expires"), "\(made.stdout)\(made.stderr)")
        let madeID = try #require(made.stderr.split(separator: " ").dropFirst().first.map(String.init))
        let tokensListed = try await QuireBinary.run(["tokens", "list", "--server", url], environment: asAdmin)
        #expect(tokensListed.stdout.contains(madeID) && tokensListed.stdout.contains("AP team") && !tokensListed.stdout.contains(madeSecret), "\(tokensListed.stdout)")
        #expect(try await QuireBinary.run(["review", "list", "--server", url], environment: env.merging(["QUIRE_TOKEN": madeSecret]) { $1 }).stderr.contains("401") == false)
        let revoked = try await QuireBinary.run(["tokens", "revoke", madeID, "--server", url], environment: asAdmin)
        #expect(revoked.status == 0, "\(revoked.stderr)")
        let afterRevoke = try await QuireBinary.run(["items", "list", "--server", url], environment: env.merging(["QUIRE_TOKEN": madeSecret]) { $1 })
        #expect(afterRevoke.status == 78 && afterRevoke.stderr.contains("401"), "\(afterRevoke.stderr)")
        let trail = try await QuireBinary.run(["audit", "export", "--home", home]).stdout
        #expect(trail.contains("token:admin") && trail.contains("token.revoke"), "made and revoked under the admin token's name")

        // Cancelling is audited under the token's name.
        let second = try await QuireBinary.run(["submit", "--server", url, "-p", "invoices", "--json", capture, "--attach", root + "/fixtures/documents/doc-002.pdf"],
                                         environment: env.merging(["QUIRE_TOKEN": botToken]) { $1 })
        let secondID = second.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let cancel = try await QuireBinary.run(["items", "cancel", secondID, "--reason", "sent twice", "--server", url, "--token-file", tokenFile], environment: env)
        // It may have finished already; either way the answer is the server's.
        #expect(cancel.status == 0 || cancel.stderr.contains("409"), "\(cancel.stdout)\(cancel.stderr)")
        if cancel.status == 0 {
            let audit = try await QuireBinary.run(["audit", "export", "--home", home]).stdout
            #expect(audit.contains("token:operator") && audit.contains("item:\(secondID)"))
        }
    }

    /// `quire model train --server`: the documents of a folder are read here and sent as text, the
    /// server trains on them with its stored examples and generated ones, and the client follows the
    /// run to the version it registered, recorded under the token's name.
    @Test func aModelIsTrainedOnTheServerFromDocumentsReadHere() async throws {
        let dir = try TemporaryDirectory("quire-remote-train")
        defer { dir.remove() }
        let home = dir.file("home")
        try await QuireBinary.initHome(home)
        func token(_ role: String, tenant: String? = nil) async throws -> String {
            try await QuireBinary.run(["tokens", "create", "--role", role, "--name", role + (tenant ?? "")] + (tenant.map { ["--tenant", $0] } ?? []) + ["--home", home])
                .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let admin = try await token("admin"), reviewer = try await token("reviewer"), tenantAdmin = try await token("admin", tenant: "acme")
        let (server, port) = try await QuireBinary.serveAPI(home: home, log: dir.file("serve.log"), environment: [:])
        defer { server.stop() }
        let url = "http://127.0.0.1:\(port)"
        let env = ["XDG_CONFIG_HOME": dir.file("config"), "QUIRE_HOME": ""]
        // Made-up labelled texts in a folder per label, on the client's side only.
        for i in 1...6 {
            try dir.write("labelled/invoice/i\(i).txt", "Rechnung Nr. R-\(700 + i)\nRechnungsdatum 0\(i).03.2026\nNetto \(i * 100),00 EUR  USt 19 %  Gesamtbetrag \(i * 119),00 EUR\nZahlbar bis 3\(i % 2).03.2026 IBAN")
            try dir.write("labelled/receipt/r\(i).txt", "CORNER SHOP \(i)\nCASH RECEIPT\n2 x COFFEE  \(i).50\nTOTAL  \(i + 3).00\nCASH  20.00  CHANGE  \(16 - i).00\nTHANK YOU")
        }
        let asAdmin = env.merging(["QUIRE_TOKEN": admin]) { $1 }
        let train = try await QuireBinary.run(["model", "train", "--server", url, "--from", dir.file("labelled"), "--generated", "200", "--epochs", "2", "--hash-bits", "10"],
                                              environment: asAdmin)
        #expect(train.status == 0, "\(train.stdout)\(train.stderr)")
        #expect(train.stdout.contains("12 examples read here are sent with the request"), "\(train.stdout)")
        #expect(train.stdout.contains("started on \(url)") && train.stdout.contains("training doctype version 2 (active: version 1)"), "\(train.stdout)")
        #expect(train.stdout.contains("registered doctype version 2 as a candidate") && train.stdout.contains("next: quire model shadow doctype 2"), "\(train.stdout)")
        // The server's registry has it, with the sent documents in its training data and the token as its author.
        let shown = try JSONValue.parse(try await QuireBinary.run(["model", "show", "doctype", "2", "--home", home]).stdout)
        #expect(shown["state"] == "candidate", "\(shown)")
        #expect((shown["training_data"]?["examples"]?.intValue ?? 0) >= 212 - 60, "the sent and generated documents trained it (less a holdout): \(shown["training_data"] ?? .null)")
        #expect(shown["history"]?.arrayValue?.contains { $0["actor"] == "token:admin" } == true, "\(shown)")

        // Refused: a reviewer (models.read only), a token of one tenant, a bad setting; the field ranker with nothing to learn from fails with the reason.
        let asReviewer = try await QuireBinary.run(["model", "train", "--server", url, "--generated", "100"], environment: env.merging(["QUIRE_TOKEN": reviewer]) { $1 })
        #expect(asReviewer.status == 78 && asReviewer.stderr.contains("models.manage"), "\(asReviewer.stderr)")
        let scoped = try await QuireBinary.run(["model", "train", "--server", url, "--generated", "100"], environment: env.merging(["QUIRE_TOKEN": tenantAdmin]) { $1 })
        #expect(scoped.status == 78 && scoped.stderr.contains("tenant_scoped"), "\(scoped.stderr)")
        let badEpochs = try await QuireBinary.run(["model", "train", "--server", url, "--generated", "100", "--epochs", "0"], environment: asAdmin)
        #expect(badEpochs.status != 0 && badEpochs.stderr.contains("invalid_training") && badEpochs.stderr.contains("epochs must be from 1 to 200"), "\(badEpochs.stderr)")
        let ranker = try await QuireBinary.run(["model", "train", "--name", "fields", "--server", url], environment: asAdmin)
        #expect(ranker.status != 0 && ranker.stderr.contains("failed on the server") && ranker.stderr.contains("no documents with known values"), "\(ranker.stdout)\(ranker.stderr)")
        let rankerGenerated = try await QuireBinary.run(["model", "train", "--name", "fields", "--generated", "20000", "--server", url], environment: asAdmin)
        #expect(rankerGenerated.status != 0 && rankerGenerated.stderr.contains("400") && rankerGenerated.stderr.contains("approved reviews"),
                "refused before any run starts: \(rankerGenerated.stderr)")
        let rankerFrom = try await QuireBinary.run(["model", "train", "--name", "fields", "--from", dir.file("labelled"), "--server", url], environment: asAdmin)
        #expect(rankerFrom.status != 0 && rankerFrom.stderr.contains("approved reviews"), "\(rankerFrom.stderr)")
        let outAndServer = try await QuireBinary.run(["model", "train", "--out", dir.file("m.qmodel"), "--server", url], environment: asAdmin)
        #expect(outAndServer.status != 0 && outAndServer.stderr.contains("--out trains here"), "\(outAndServer.stderr)")
        #expect(try await QuireBinary.run(["model", "list", "--home", home]).stdout.contains("doctype     3") == false, "no refused run registered a version")
    }
}

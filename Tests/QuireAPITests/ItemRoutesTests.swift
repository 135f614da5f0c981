import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import QuireAPI
import QuireCore
import QuireStore
import QuireTesting
import Synchronization
import Testing

/// The item routes in process: filters checked, another tenant's items neither listed nor found, a
/// submission's pipeline and tenant checked, a long poll's bounds, a cancel's reason.
@Suite("API item routes (in process)")
struct ItemRoutesTests {
    @Test func itemsAreSeenOnlyByTheirTenantsAndEveryBadParameterIsNamed() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        var theirs = StoreConformance.item(name: "acme.pdf")
        theirs.tenant = "acme"
        let acme = try await StoreConformance.enqueue(h.store, theirs)
        let other = try await StoreConformance.enqueue(h.store, StoreConformance.item(name: "other.pdf"))
        let bot = try await Tokens.create(store: h.store, name: "scanner", role: .bot, tenants: ["acme"], expiresIn: nil, by: "test").1
        try await h.application().test(.router) { client in
            for (query, code) in [("state=lost", "invalid_state"), ("state=done,", "invalid_state"), ("limit=0", "invalid_limit"), ("limit=x", "invalid_limit")] {
                try await client.execute(uri: "/v1/items?\(query)", method: .get, headers: APIHarness.headers(h.reviewer)) { r in
                    let p = try APIHarness.json(r)
                    #expect(r.status == .badRequest && p["code"]?.stringValue == code, "\(query): \(p)")
                }
            }
            try await client.execute(uri: "/v1/items", method: .get, headers: APIHarness.headers(h.tenantReviewer)) { r in
                let ids = (try APIHarness.json(r)["items"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
                #expect(ids == [acme.id.rawValue], "a tenant's token lists its tenant's items only: \(ids)")
            }
            try await client.execute(uri: "/v1/items", method: .get, headers: APIHarness.headers(h.reviewer)) { r in
                let ids = Set((try APIHarness.json(r)["items"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue })
                #expect(ids == [acme.id.rawValue, other.id.rawValue])
            }
            for path in ["", "/events", "/jobs", "/wait?timeout=0"] {
                try await client.execute(uri: "/v1/items/\(other.id.rawValue)\(path)", method: .get, headers: APIHarness.headers(h.tenantReviewer)) { r in
                    #expect(r.status == .notFound, "another tenant's item\(path) is not found")
                }
                try await client.execute(uri: "/v1/items/\(acme.id.rawValue)\(path)", method: .get, headers: APIHarness.headers(h.tenantReviewer)) { r in
                    #expect(r.status == .ok, "its own\(path)")
                }
            }
            for timeout in ["-1", "301", "nan", "inf"] {
                try await client.execute(uri: "/v1/items/\(acme.id.rawValue)/wait?timeout=\(timeout)", method: .get, headers: APIHarness.headers(h.reviewer)) { r in
                    let p = try APIHarness.json(r)
                    #expect(r.status == .badRequest && p["code"] == "invalid_timeout", "\(timeout): \(p)")
                }
            }
            try await client.execute(uri: "/v1/items/\(acme.id.rawValue)/wait?timeout=0", method: .get, headers: APIHarness.headers(h.reviewer)) { r in
                let p = try APIHarness.json(r)
                #expect(r.status == .ok && p["settled"] == false, "a ready item is not settled: \(p)")
            }
            // Cancelling needs the right permission and a reason (the fake engine is never reached here).
            try await client.execute(uri: "/v1/items/\(acme.id.rawValue)/cancel", method: .post, headers: APIHarness.headers(h.reviewer)) { r in
                #expect(r.status == .forbidden)
            }
            try await client.execute(uri: "/v1/items/\(acme.id.rawValue)/cancel", method: .post, headers: APIHarness.headers(h.admin), body: ByteBuffer(string: "{}")) { r in
                let p = try APIHarness.json(r)
                #expect(r.status == .badRequest && p["code"] == "reason_required", "\(p)")
            }
            // Submissions: a pipeline named, known, and a tenant's token submits for its tenant.
            let pdf = ByteBuffer(string: "%PDF-1.4 made up")
            var raw = HTTPFields()
            raw[.authorization] = "Bearer " + bot
            raw[.contentType] = "application/pdf"
            try await client.execute(uri: "/v1/items?name=a.pdf", method: .post, headers: raw, body: pdf) { r in
                let p = try APIHarness.json(r)
                #expect(r.status == .badRequest && p["code"] == "pipeline_required", "\(p)")
            }
            try await client.execute(uri: "/v1/items?pipeline=nope&name=a.pdf&tenant=acme", method: .post, headers: raw, body: pdf) { r in
                let p = try APIHarness.json(r)
                #expect(r.status == .notFound && p["code"] == "unknown_pipeline", "\(p)")
            }
            try await client.execute(uri: "/v1/items?pipeline=invoices&name=a.pdf&tenant=globex", method: .post, headers: raw, body: pdf) { r in
                let p = try APIHarness.json(r)
                #expect(r.status == .forbidden && p["code"] == "tenant_not_allowed", "\(p)")
            }
            try await client.execute(uri: "/v1/items?pipeline=invoices&name=a.pdf&tenant=acme", method: .post, headers: raw, body: pdf) { r in
                #expect(r.status == .created && r.headers[.location]?.hasPrefix("/v1/items/itm_") == true)
            }
        }
        let taken = try #require(h.submitted.withLock { $0.first })
        #expect(h.submitted.withLock { $0.count } == 1 && taken.tenant == "acme" && taken.name == "a.pdf" && taken.bytes == Data("%PDF-1.4 made up".utf8))
    }
}

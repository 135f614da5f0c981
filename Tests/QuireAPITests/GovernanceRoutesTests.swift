import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import QuireAPI
import QuireCore
import QuireStore
import QuireTesting
import Testing

/// The governance routes in process: tokens made, listed and revoked by an admin of no tenant, every
/// bad field named; the audit trail for an auditor; the webhook log's filters.
@Suite("API governance routes (in process)")
struct GovernanceRoutesTests {
    @Test func tokensAreMadeListedAndRevokedAndEveryBadFieldIsNamed() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        let auditor = try await Tokens.create(store: h.store, name: "audit", role: .auditor, tenants: [], expiresIn: nil, by: "test").1
        try await h.application().test(.router) { client in
            for (body, code) in [(#"{"role": "king"}"#, "invalid_role"), (#"{"role": "bot", "tenants": "acme"}"#, "invalid_tenants"),
                                 (#"{"role": "bot", "tenants": [""]}"#, "invalid_tenants"), (#"{"role": "bot", "name": "a\u0007b"}"#, "invalid_name"),
                                 (#"{"role": "bot", "expires_in": 30}"#, "invalid_expires_in"), ("not json", "invalid_json")] {
                try await client.execute(uri: "/v1/tokens", method: .post, headers: APIHarness.headers(h.admin), body: ByteBuffer(string: body)) { r in
                    let p = try APIHarness.json(r)
                    #expect(r.status == .badRequest && p["code"]?.stringValue == code, "\(body): \(p)")
                }
            }
            try await client.execute(uri: "/v1/tokens", method: .post, headers: APIHarness.headers(h.tenantAdmin), body: ByteBuffer(string: #"{"role": "bot"}"#)) { r in
                let p = try APIHarness.json(r)
                #expect(r.status == .forbidden && p["code"] == "tenant_scoped", "a tenant's admin may not make tokens: \(p)")
            }
            var id = "", secret = ""
            try await client.execute(uri: "/v1/tokens", method: .post, headers: APIHarness.headers(h.admin),
                                     body: ByteBuffer(string: #"{"role": "bot", "name": "scanner 3", "tenants": ["acme"], "expires_in": 3600}"#)) { r in
                let p = try APIHarness.json(r)
                #expect(r.status == .created && p["role"] == "bot" && p["tenants"] == ["acme"], "\(p)")
                id = p["id"]?.stringValue ?? ""
                secret = p["token"]?.stringValue ?? ""
            }
            #expect(secret.hasPrefix("qt_") && id.hasPrefix("tok_"))
            try await client.execute(uri: "/v1/tokens", method: .get, headers: APIHarness.headers(h.admin)) { r in
                let text = String(buffer: r.body)
                #expect(r.status == .ok && text.contains(id) && text.contains("scanner 3") && !text.contains(secret), "the secret is shown once, never listed")
            }
            // The new token works until it is revoked.
            try await client.execute(uri: "/v1/items", method: .get, headers: APIHarness.headers(secret)) { r in #expect(r.status == .ok) }
            for bad in ["tok_UPPERCASE!", "tok_123"] {
                try await client.execute(uri: "/v1/tokens/\(bad)/revoke", method: .post, headers: APIHarness.headers(h.admin)) { r in
                    #expect(r.status == .notFound, "\(bad)")
                }
            }
            try await client.execute(uri: "/v1/tokens/\(id)/revoke", method: .post, headers: APIHarness.headers(h.admin)) { r in
                #expect(r.status == .ok)
            }
            try await client.execute(uri: "/v1/items", method: .get, headers: APIHarness.headers(secret)) { r in
                let p = try APIHarness.json(r)
                #expect(r.status == .unauthorized && p["code"] == "invalid_token", "\(p)")
            }
            // The audit trail: the token's making and revoking, under the admin token's name; an auditor reads it, a reviewer may not.
            try await client.execute(uri: "/v1/audit?limit=5000", method: .get, headers: APIHarness.headers(auditor)) { r in
                let entries = try APIHarness.json(r)["entries"]?.arrayValue ?? []
                #expect(r.status == .ok && entries.contains { $0["action"] == "token.revoke" && $0["actor"] == "token:ops" }, "\(entries.suffix(3))")
            }
            try await client.execute(uri: "/v1/audit?limit=0", method: .get, headers: APIHarness.headers(auditor)) { r in
                let p = try APIHarness.json(r)
                #expect(r.status == .badRequest && p["code"] == "invalid_limit", "\(p)")
            }
            try await client.execute(uri: "/v1/audit", method: .get, headers: APIHarness.headers(h.reviewer)) { r in #expect(r.status == .forbidden) }
            // The webhook log's filters are checked before the store is asked.
            for (query, code) in [("item=itm_nope", "invalid_item"), ("state=lost", "invalid_state"), ("limit=501", "invalid_limit")] {
                try await client.execute(uri: "/v1/webhooks?\(query)", method: .get, headers: APIHarness.headers(h.admin)) { r in
                    let p = try APIHarness.json(r)
                    #expect(r.status == .badRequest && p["code"]?.stringValue == code, "\(query): \(p)")
                }
            }
            try await client.execute(uri: "/v1/webhooks/0/replay", method: .post, headers: APIHarness.headers(h.admin)) { r in
                #expect(r.status == .notFound)
            }
        }
    }
}

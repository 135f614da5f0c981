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

/// The rest of the routes in process: health without a token, reading pipelines, bots, status and
/// metrics by permission, and a synchronous classification with its model version and trace.
@Suite("API service routes (in process)")
struct ServiceRoutesTests {
    @Test func healthNeedsNoTokenAndEverythingElseItsPermission() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        let bot = try await Tokens.create(store: h.store, name: "scanner", role: .bot, tenants: [], expiresIn: nil, by: "test").1
        try await h.application().test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { r in #expect(r.status == .ok) }
            try await client.execute(uri: "/readyz", method: .get) { r in #expect(r.status == .ok) }
            for (path, allowed, refused) in [("/v1/pipelines", h.reviewer, bot), ("/v1/bots", h.supervisor, bot), ("/v1/status", h.supervisor, h.reviewer),
                                             ("/metrics", h.supervisor, h.reviewer)] {
                try await client.execute(uri: path, method: .get) { r in #expect(r.status == .unauthorized, "\(path) without a token") }
                try await client.execute(uri: path, method: .get, headers: APIHarness.headers(allowed)) { r in #expect(r.status == .ok, "\(path)") }
                try await client.execute(uri: path, method: .get, headers: APIHarness.headers(refused)) { r in
                    let p = try APIHarness.json(r)
                    #expect(r.status == .forbidden && p["code"] == "forbidden", "\(path): \(p)")
                }
            }
            try await client.execute(uri: "/metrics", method: .get, headers: APIHarness.headers(h.supervisor)) { r in
                #expect(String(buffer: r.body).contains("quire_items_total 0"))
            }
            // A wrong method is 405 with the methods the path has.
            try await client.execute(uri: "/v1/pipelines", method: .delete, headers: APIHarness.headers(h.admin)) { r in
                #expect(r.status == .methodNotAllowed && r.headers[.allow]?.contains("GET") == true)
            }
        }
    }

    @Test func aClassificationAnswersWithItsModelVersionAndTheCallersTrace() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        let bot = try await Tokens.create(store: h.store, name: "scanner", role: .bot, tenants: [], expiresIn: nil, by: "test").1
        try await h.application().test(.router) { client in
            var headers = APIHarness.headers(bot)
            headers[HTTPField.Name("traceparent")!] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
            try await client.execute(uri: "/v1/classify", method: .post, headers: headers, body: ByteBuffer(string: #"{"text": "Rechnung Nr. 1"}"#)) { r in
                let p = try APIHarness.json(r)
                #expect(r.status == .ok && p["label"] == "invoice" && p["trace_id"] == "4bf92f3577b34da6a3ce929d0e0e4736", "\(p)")
                #expect(r.headers[HTTPField.Name("Quire-Model-Version")!] == "doctype@3")
            }
            for (body, code) in [(#"{"text": "  "}"#, "text_required"), (#"{"text": "x", "model": 3}"#, "invalid_model"), ("[]", "invalid_json")] {
                try await client.execute(uri: "/v1/classify", method: .post, headers: APIHarness.headers(bot), body: ByteBuffer(string: body)) { r in
                    let p = try APIHarness.json(r)
                    #expect(r.status == .badRequest && p["code"]?.stringValue == code, "\(body): \(p)")
                }
            }
            try await client.execute(uri: "/v1/classify", method: .post, headers: APIHarness.headers(h.reviewer), body: ByteBuffer(string: #"{"text": "x"}"#)) { r in
                #expect(r.status == .forbidden, "classifying needs items.submit")
            }
        }
    }
}

import Foundation
import QuireCore
import QuireTesting
import Testing

/// Every route × every role × an item of the token's own tenant and one of another tenant, each
/// with its expected status: 403 where the role lacks the route's permission (docs/governance.md),
/// 404 for another tenant's item (its existence is not revealed), and otherwise an answer that is
/// neither an authorization refusal nor a server error.
@Suite("HTTP API permissions (real binary)")
struct APIPermissionTests {
    struct Route {
        var method: String
        var path: String
        var permission: Permission?
        var body: JSONValue? = nil
        var data: Data? = nil
        /// Reads or changes what every tenant shares although its permission alone does not say so (review statistics).
        var everyTenant = false
        /// The path names an item ({id}).
        var perItem: Bool { path.contains("{id}") }
    }

    @Test func everyEndpointEveryRoleOwnAndOtherTenant() async throws {
        let dir = try TemporaryDirectory("quire-api-permissions")
        defer { dir.remove() }
        let home = dir.file("home")
        let root = QuireBinary.repositoryRoot
        try await QuireBinary.initHome(home, everyItemInReview: true)
        func token(_ role: Role, tenant: String) async throws -> String {
            try await QuireBinary.run(["tokens", "create", "--role", role.rawValue, "--tenant", tenant, "--name", "\(role.rawValue)-\(tenant)", "--home", home])
                .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var tokens: [Role: String] = [:]
        for role in Role.allCases { tokens[role] = try await token(role, tenant: "acme") }
        let otherBot = try await token(.bot, tenant: "globex")
        let (server, port) = try await QuireBinary.serveAPI(home: home, log: dir.file("serve.log"),
                                                            environment: ["QUIRE_SPOOL_SETTLE": "150ms", "QUIRE_API_RATE": "10000/1s"])
        defer { server.stop() }
        let api = APITests.Client(base: "http://127.0.0.1:\(port)")
        let pdf1 = try Data(contentsOf: URL(fileURLWithPath: root + "/fixtures/documents/doc-001.pdf"))
        let pdf2 = try Data(contentsOf: URL(fileURLWithPath: root + "/fixtures/documents/doc-002.pdf"))
        let own = try await api.call("POST", "/v1/items?pipeline=invoices&name=own.pdf", token: tokens[.bot], data: pdf1).1["id"]?.stringValue ?? "?"
        let other = try await api.call("POST", "/v1/items?pipeline=invoices&name=other.pdf", token: otherBot, data: pdf2).1["id"]?.stringValue ?? "?"
        // Both wait in the review queue (the audit sample takes every item).
        let queued = await eventually {
            let ids = try? await QuireBinary.run(["review", "list", "--json", "--home", home]).stdout
            return ids?.contains(own) == true && ids?.contains(other) == true
        }
        #expect(queued, "both items reach review; see \(dir.file("serve.log"))")

        let routes: [Route] = [
            Route(method: "GET", path: "/v1/items", permission: .itemsRead),
            Route(method: "POST", path: "/v1/items?pipeline=invoices&name=p.pdf", permission: .itemsSubmit, data: Data("%PDF-1.4 tiny".utf8)),
            Route(method: "GET", path: "/v1/items/{id}", permission: .itemsRead),
            Route(method: "GET", path: "/v1/items/{id}/events", permission: .itemsRead),
            Route(method: "GET", path: "/v1/items/{id}/jobs", permission: .itemsRead),
            Route(method: "GET", path: "/v1/items/{id}/wait?timeout=0", permission: .itemsRead),
            Route(method: "GET", path: "/v1/reviews", permission: .reviewWork),
            Route(method: "GET", path: "/v1/reviews/{id}", permission: .reviewWork),
            Route(method: "GET", path: "/v1/reviews/stats", permission: .reviewSupervise, everyTenant: true),
            Route(method: "POST", path: "/v1/reviews/{id}/claim", permission: .reviewWork),
            Route(method: "POST", path: "/v1/reviews/{id}/heartbeat", permission: .reviewWork),
            Route(method: "POST", path: "/v1/reviews/{id}/release", permission: .reviewSupervise, body: ["note": "permission test"]),
            Route(method: "POST", path: "/v1/reviews/{id}/submit", permission: .reviewWork, body: ["action": "skip", "version": 0]),
            Route(method: "GET", path: "/v1/models", permission: .modelsRead),
            Route(method: "POST", path: "/v1/models/doctype/promote", permission: .modelsManage, body: ["version": 999]),
            Route(method: "POST", path: "/v1/models/nomodel/rollback", permission: .modelsManage, body: ["reason": "test"]),
            Route(method: "GET", path: "/v1/models/doctype", permission: .modelsRead),
            Route(method: "GET", path: "/v1/models/doctype/drift?days=3", permission: .modelsRead),
            Route(method: "POST", path: "/v1/models/nomodel/shadow", permission: .modelsManage, body: ["version": 1]),
            Route(method: "POST", path: "/v1/models/nomodel/canary", permission: .modelsManage, body: ["version": 1, "percent": 10]),
            Route(method: "POST", path: "/v1/models/nomodel/retire", permission: .modelsManage, body: ["version": 1]),
            Route(method: "POST", path: "/v1/models/nomodel/train", permission: .modelsManage, body: ["epochs": 0]),
            Route(method: "GET", path: "/v1/trainings/999999", permission: .modelsRead),
            Route(method: "GET", path: "/v1/pipelines", permission: .pipelinesRead),
            Route(method: "GET", path: "/v1/bots", permission: .botsRead),
            Route(method: "GET", path: "/metrics", permission: .metricsRead),
            Route(method: "GET", path: "/v1/status", permission: .metricsRead),
            Route(method: "GET", path: "/v1/audit?limit=5", permission: .auditRead),
            Route(method: "GET", path: "/v1/tokens", permission: .tokensManage),
            Route(method: "POST", path: "/v1/tokens", permission: .tokensManage, body: ["role": "bot", "name": "permission test"]),
            Route(method: "POST", path: "/v1/tokens/tok_0000000000/revoke", permission: .tokensManage),
            Route(method: "GET", path: "/v1/webhooks?limit=5", permission: .pipelinesManage),
            Route(method: "POST", path: "/v1/webhooks/999999/replay", permission: .pipelinesManage),
            Route(method: "POST", path: "/v1/classify", permission: .itemsSubmit, body: ["text": "Invoice No 1, Total 10 EUR"]),
            Route(method: "POST", path: "/v1/extract", permission: .itemsSubmit, body: ["text": "Invoice No 1, Total 10 EUR"]),
            // Last: they change the items.
            Route(method: "POST", path: "/v1/items/{id}/retry", permission: .itemsRetry),
            Route(method: "POST", path: "/v1/items/{id}/cancel", permission: .itemsRetry, body: ["reason": "permission test"]),
        ]
        // Every routed path is in the table (a new route must say who may call it).
        let covered = Set(routes.map { $0.path.split(separator: "?")[0].replacingOccurrences(of: "doctype", with: "{name}").replacingOccurrences(of: "nomodel", with: "{name}").replacingOccurrences(of: "999999", with: "{id}") })
        for path in ["/v1/items", "/v1/items/{id}", "/v1/items/{id}/events", "/v1/items/{id}/jobs", "/v1/items/{id}/wait", "/v1/items/{id}/retry", "/v1/items/{id}/cancel",
                     "/v1/reviews", "/v1/reviews/{id}", "/v1/reviews/stats", "/v1/reviews/{id}/claim", "/v1/reviews/{id}/heartbeat", "/v1/reviews/{id}/release", "/v1/reviews/{id}/submit", "/v1/models",
                     "/v1/models/{name}/promote", "/v1/models/{name}/rollback", "/v1/models/{name}", "/v1/models/{name}/drift",
                     "/v1/models/{name}/shadow", "/v1/models/{name}/canary", "/v1/models/{name}/retire", "/v1/models/{name}/train", "/v1/trainings/{id}", "/v1/pipelines", "/v1/bots", "/v1/classify", "/v1/extract", "/metrics", "/v1/status", "/v1/audit", "/v1/tokens",
                     "/v1/webhooks", "/v1/webhooks/{id}/replay"] {
            #expect(covered.contains(path), "\(path) is in the permission table")
        }

        var checked = 0
        for route in routes {
            for role in Role.allCases {
                let allowed = route.permission.map { role.permissions.contains($0) } ?? true
                for (label, id) in route.perItem ? [("own", own), ("other", other)] : [("-", "")] {
                    let path = route.path.replacingOccurrences(of: "{id}", with: id)
                    let (status, body, _) = try await api.call(route.method, path, token: tokens[role], body: route.body, data: route.data)
                    checked += 1
                    let what = "\(route.method) \(route.path) as \(role.rawValue) (\(label) tenant): \(status) \(body["code"]?.stringValue ?? "")"
                    if !allowed {
                        #expect(status == 403 && body["code"] == "forbidden", "\(what): expected 403")
                    } else if route.permission?.isApplianceWide == true || route.everyTenant {
                        // Every token here is limited to tenant acme: changes every tenant sees are refused.
                        #expect(status == 403 && body["code"] == "tenant_scoped", "\(what): expected 403 tenant_scoped")
                    } else if label == "other" {
                        #expect(status == 404, "\(what): another tenant's item is not found")
                    } else {
                        #expect(![401, 403].contains(status) && status < 500, "\(what): allowed")
                        if route.perItem { #expect(status != 404, "\(what): the own item is found") }
                    }
                }
            }
        }
        #expect(checked == routes.reduce(0) { $0 + ($1.perItem ? 2 : 1) } * Role.allCases.count)
        // Without a token every route is 401; health checks need none.
        for route in routes {
            let (status, _, _) = try await api.call(route.method, route.path.replacingOccurrences(of: "{id}", with: own), token: nil, body: route.body, data: route.data)
            #expect(status == 401, "\(route.method) \(route.path) without a token")
        }
        #expect(try await api.call("GET", "/healthz", token: nil).0 == 200)
        #expect(try await api.call("GET", "/readyz", token: nil).0 == 200)
    }
}

import Foundation
import QuireCore
import QuireStore
import Hummingbird
import HTTPTypes
import NIOCore

extension QuireAPI {
    /// The governance routes: the audit trail, API tokens (made, listed, revoked) and the webhook
    /// delivery log with its replays.
    static func addGovernanceRoutes(_ router: Router<QuireRequestContext>, store: any Store) {
        router.get("/v1/audit") { request, context in
            _ = try require(.auditRead, context)
            let q = request.uri.queryParameters
            let after = try Problem.wholeNumber(q.get("after"), "after", in: 0...Int.max) ?? 0
            let limit = try Problem.wholeNumber(q.get("limit"), "limit", in: 1...5000) ?? 1000
            let page = try await store.auditEntries(after: Int64(after), limit: limit)
            let next: JSONValue = page.count == limit ? page.last.map { .number(Double($0.seq)) } ?? .null : .null
            return json(["entries": .array(page.map(\.exported)), "next_after": next])
        }
        router.get("/v1/tokens") { _, context in
            _ = try require(.tokensManage, context)
            let now = Date()
            return json(["tokens": .array(try await store.tokens().map { $0.summary(now: now) })])
        }
        router.post("/v1/tokens") { request, context in
            let p = try require(.tokensManage, context)
            let b = try await body(request)
            guard let roleText = b["role"]?.stringValue, let role = Role(rawValue: roleText) else {
                throw Problem(.badRequest, "invalid_role", "role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            // Names and tenants as the spec has them: 1 to N characters (Unicode scalars), none a control character.
            func plain(_ s: String, _ limit: Int) -> Bool {
                !s.isEmpty && s.unicodeScalars.count <= limit && !s.unicodeScalars.contains { $0.properties.generalCategory == .control }
            }
            let tenantList = b["tenants"] ?? .array([])
            guard let tenantValues = tenantList.arrayValue else { throw Problem(.badRequest, "invalid_tenants", "tenants must be a list of names") }
            let tenants = try tenantValues.map { t -> String in
                guard let s = t.stringValue, plain(s, 100) else {
                    throw Problem(.badRequest, "invalid_tenants", "tenants must be a list of names of 1 to 100 characters, no control characters")
                }
                return s
            }
            let nameValue = b["name"] ?? .string("\(role.rawValue) token")
            guard let name = nameValue.stringValue, plain(name, 200) else {
                throw Problem(.badRequest, "invalid_name", "name must be a text of 1 to 200 characters, no control characters")
            }
            var expires: Double? = nil
            if let e = b["expires_in"], e != .null {
                guard let s = e.numberValue, s >= 60, s <= 10 * 365 * 86_400 else {
                    throw Problem(.badRequest, "invalid_expires_in", "expires_in must be seconds from 60 to ten years, or null (until revoked)")
                }
                expires = s
            }
            let (record, secret) = try await Tokens.create(store: store, name: name, role: role, tenants: tenants, expiresIn: expires, by: "token:" + p.name)
            var out = record.summary(now: Date()).objectValue ?? [:]
            out["token"] = .string(secret)
            return json(.object(out), status: .created)
        }
        router.post("/v1/tokens/{id}/revoke") { _, context in
            let p = try require(.tokensManage, context)
            let id = try context.parameters.require("id")
            guard id.wholeMatch(of: /tok_[a-z0-9]{10}/) != nil else { throw Problem(.notFound, "not_found", "no token \(id); list them with GET /v1/tokens") }
            try await store.revokeToken(id: id, by: "token:" + p.name, now: Date())
            return json(["id": .string(id), "revoked": true])
        }
        // The pipelines' webhook delivery log: appliance-wide (the pipelines that name the webhooks are every tenant's).
        router.get("/v1/webhooks") { request, context in
            _ = try require(.pipelinesManage, context)
            let q = request.uri.queryParameters
            var item: ItemID? = nil
            if let text = q.get("item") {
                guard let id = ItemID(parsing: text) else { throw Problem(.badRequest, "invalid_item", "item must be an item id (itm_ and 22 hex digits)") }
                item = id
            }
            var states: [String]? = nil
            if let text = q.get("state") {
                let list = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                guard list.allSatisfy(WebhookDelivery.states.contains) else {
                    throw Problem(.badRequest, "invalid_state", "state is a comma-separated list of \(WebhookDelivery.states.joined(separator: ", "))")
                }
                states = list
            }
            let limit = try Problem.wholeNumber(q.get("limit"), "limit", in: 1...500) ?? 50
            let list = try await store.webhookDeliveries(item: item, states: states, limit: limit)
            return json(["deliveries": .array(list.map(\.exported))])
        }
        router.post("/v1/webhooks/{id}/replay") { _, context in
            let p = try require(.pipelinesManage, context)
            let text = try context.parameters.require("id")
            guard let id = Int64(text), id > 0 else { throw Problem(.notFound, "not_found", "no webhook delivery \(text); list them with GET /v1/webhooks") }
            let d = try await store.replayWebhook(id: id, by: "token:" + p.name, now: Date())
            return json(d.exported)
        }
    }
}

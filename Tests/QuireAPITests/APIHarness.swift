import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import QuireAPI
import QuireCore
import QuireReview
import QuireStore
import QuireTesting
import Synchronization
import Testing

/// The API in process over a store in a temporary folder, with tokens of several kinds; the engine's
/// operations are fakes (the training one records what it was asked), since what they do is tested
/// elsewhere, end to end through the real binary.
final class APIHarness: Sendable {
    let dir: TemporaryDirectory
    let store: SQLiteStore
    let admin: String, tenantAdmin: String, reviewer: String, tenantReviewer: String
    /// An operator: supervises reviews, may not work them.
    let supervisor: String
    let asked = Mutex<[(name: String, request: TrainingRequest, actor: String)]>([])
    let refuse = Mutex<QuireError?>(nil)
    /// What was submitted: a document for pipeline `invoices` is taken, any other pipeline is unknown.
    let submitted = Mutex<[Upload]>([])

    init() async throws {
        dir = try TemporaryDirectory("quire-api")
        store = try SQLiteStore(path: dir.file("q.sqlite"))
        admin = try await Tokens.create(store: store, name: "ops", role: .admin, tenants: [], expiresIn: nil, by: "test").1
        tenantAdmin = try await Tokens.create(store: store, name: "acme-ops", role: .admin, tenants: ["acme"], expiresIn: nil, by: "test").1
        reviewer = try await Tokens.create(store: store, name: "ann", role: .reviewer, tenants: [], expiresIn: nil, by: "test").1
        tenantReviewer = try await Tokens.create(store: store, name: "acme-bob", role: .reviewer, tenants: ["acme"], expiresIn: nil, by: "test").1
        supervisor = try await Tokens.create(store: store, name: "sue", role: .operator, tenants: [], expiresIn: nil, by: "test").1
    }

    func application() -> some ApplicationProtocol {
        let unused: @Sendable (ItemID, String) async throws -> Item = { _, _ in throw QuireError(.internal, "not used") }
        var operations = APIOperations(retry: unused, cancel: { _, _, _ in throw QuireError(.internal, "not used") }, pipelines: { [] },
                                       submit: { [self] upload in
                                           guard upload.pipeline == "invoices" else { return .rejected(code: "unknown_pipeline", reason: "no pipeline '\(upload.pipeline)'") }
                                           submitted.withLock { $0.append(upload) }
                                           var item = StoreConformance.item("invoices", name: upload.name)
                                           item.tenant = upload.tenant
                                           return .created(item)
                                       })
        operations.classify = { input, model in
            guard case .text(let text) = input.content else { return AnalyzeResult(body: ["label": "other"], model: model, version: 1) }
            return AnalyzeResult(body: ["label": text.contains("Rechnung") ? "invoice" : "other"], model: model, version: 3)
        }
        operations.status = { ["nodes": [], "stages": []] }
        operations.metrics = { "# TYPE quire_items_total counter\nquire_items_total 0\n" }
        operations.startTraining = { [self] name, request, actor in
            if let e = refuse.withLock({ $0 }) { throw e }
            asked.withLock { $0.append((name, request, actor)) }
            return TrainingStatus(id: "run-1", name: name, actor: actor, startedAt: Date(timeIntervalSince1970: 1_800_000_000))
        }
        operations.training = { id in
            guard id == "run-1" else { return nil }
            var s = TrainingStatus(id: "run-1", name: "doctype", actor: "token:ops", startedAt: Date(timeIntervalSince1970: 1_800_000_000))
            s.state = .done
            s.version = 2
            s.lines = ["trained"]
            return s
        }
        let router = QuireAPI.router(store: store, review: ReviewService(store: store) { _, _ in }, reviewData: ReviewData(store: store) { _ in ReviewPolicy() },
                                     operations: operations)
        return Application(router: router)
    }

    static func headers(_ token: String?) -> HTTPFields {
        var h = HTTPFields()
        if let token { h[.authorization] = "Bearer " + token }
        h[.contentType] = "application/json"
        return h
    }

    static func json(_ r: TestResponse) throws -> JSONValue { try JSONValue.parse(String(buffer: r.body)) }
}

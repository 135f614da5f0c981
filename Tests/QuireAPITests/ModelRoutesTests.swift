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

/// The model routes in process, through Hummingbird's test client: status codes, problem bodies and
/// permissions, with the training itself faked (a real run is tested end to end in RemoteCLITests).
@Suite("API model routes (in process)")
struct ModelRoutesTests {
    /// A store with tokens of three kinds, and a router whose training operation records what it was asked.
    final class Harness: Sendable {
        let dir: TemporaryDirectory
        let store: SQLiteStore
        let admin: String, tenantAdmin: String, reviewer: String
        let asked = Mutex<[(name: String, request: TrainingRequest, actor: String)]>([])
        let refuse = Mutex<QuireError?>(nil)

        init() async throws {
            dir = try TemporaryDirectory("quire-api-models")
            store = try SQLiteStore(path: dir.file("q.sqlite"))
            admin = try await Tokens.create(store: store, name: "ops", role: .admin, tenants: [], expiresIn: nil, by: "test").1
            tenantAdmin = try await Tokens.create(store: store, name: "acme-ops", role: .admin, tenants: ["acme"], expiresIn: nil, by: "test").1
            reviewer = try await Tokens.create(store: store, name: "ann", role: .reviewer, tenants: [], expiresIn: nil, by: "test").1
        }

        func application() -> some ApplicationProtocol {
            let unused: @Sendable (ItemID, String) async throws -> Item = { _, _ in throw QuireError(.internal, "not used") }
            var operations = APIOperations(retry: unused, cancel: { _, _, _ in throw QuireError(.internal, "not used") }, pipelines: { [] },
                                           submit: { _ in throw QuireError(.internal, "not used") })
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
    }

    static func headers(_ token: String?) -> HTTPFields {
        var h = HTTPFields()
        if let token { h[.authorization] = "Bearer " + token }
        h[.contentType] = "application/json"
        return h
    }

    static func json(_ r: TestResponse) throws -> JSONValue { try JSONValue.parse(String(buffer: r.body)) }

    @Test func trainingIsStartedOnlyByAnAdminOfNoTenantWithAValidRequest() async throws {
        let h = try await Harness()
        defer { h.dir.remove() }
        try await h.application().test(.router) { client in
            let body = ByteBuffer(string: #"{"examples": [{"text": "Rechnung Nr. 1", "label": "invoice", "group": "a"}], "generated": 100, "epochs": 3, "cv": 2}"#)
            try await client.execute(uri: "/v1/models/doctype/train", method: .post, headers: Self.headers(nil), body: body) { r in
                let p = try Self.json(r)
                #expect(r.status == .unauthorized && p["code"] == "unauthenticated")
            }
            try await client.execute(uri: "/v1/models/doctype/train", method: .post, headers: Self.headers(h.reviewer), body: body) { r in
                let p = try Self.json(r)
                #expect(r.status == .forbidden && p["code"] == "forbidden" && p["detail"]?.stringValue?.contains("models.manage") == true, "\(p)")
            }
            try await client.execute(uri: "/v1/models/doctype/train", method: .post, headers: Self.headers(h.tenantAdmin), body: body) { r in
                let p = try Self.json(r)
                #expect(r.status == .forbidden && p["code"] == "tenant_scoped")
            }
            #expect(h.asked.withLock { $0.isEmpty }, "nothing was started by a refused caller")
            try await client.execute(uri: "/v1/models/doctype/train", method: .post, headers: Self.headers(h.admin), body: body) { r in
                #expect(r.status == .accepted)
                #expect(r.headers[.location] == "/v1/trainings/run-1")
                let s = try TrainingStatus.decoder.decode(TrainingStatus.self, from: Data(r.body.readableBytesView))
                #expect(s.state == .running && s.actor == "token:ops" && s.name == "doctype")
            }
            let (name, request, actor) = try #require(h.asked.withLock { $0.first })
            #expect(name == "doctype" && actor == "token:ops")
            #expect(request.examples == [TrainingRequest.Example(text: "Rechnung Nr. 1", label: "invoice", group: "a")])
            #expect(request.generated == 100 && request.epochs == 3 && request.cv == 2 && request.stored && request.seed == 42 && !request.promote)
        }
    }

    @Test(arguments: [
        (#"{"epochs": 0}"#, "epochs must be from 1 to 200"),
        (#"{"cv": null}"#, "cv"),
        (#"{"hash_bits": 40}"#, "hash_bits must be from 10 to 22"),
        (#"{"generated": -1}"#, "generated must be from 0 to 20000"),
        (#"{"seed": 9007199254740992}"#, "seed and generated_seed must be from 0"),
        (#"{"examples": [{"text": "x", "label": "Not A Label"}]}"#, "examples[0].label must be a label name"),
        (#"{"examples": [{"label": "invoice"}]}"#, "examples[0].text is missing"),
        (#"{"stored": "yes"}"#, "stored"),
        (#"[1, 2]"#, "not what POST /v1/models/{name}/train takes"),
    ])
    func aBadTrainingRequestIsRefusedWithWhatIsWrong(body: String, says: String) async throws {
        let h = try await Harness()
        defer { h.dir.remove() }
        try await h.application().test(.router) { client in
            try await client.execute(uri: "/v1/models/doctype/train", method: .post, headers: Self.headers(h.admin), body: ByteBuffer(string: body)) { r in
                let p = try Self.json(r)
                #expect(r.status == .badRequest && p["code"] == "invalid_training", "\(body): \(p)")
                #expect(p["detail"]?.stringValue?.contains(says) == true, "\(body): \(p)")
            }
        }
        #expect(h.asked.withLock { $0.isEmpty })
    }

    @Test func aRunIsFollowedByItsIdAndARunningOneIsAConflict() async throws {
        let h = try await Harness()
        defer { h.dir.remove() }
        try await h.application().test(.router) { client in
            try await client.execute(uri: "/v1/models/Doc%20Type/train", method: .post, headers: Self.headers(h.admin), body: ByteBuffer(string: "{}")) { r in
                let p = try Self.json(r)
                #expect(r.status == .badRequest && p["code"] == "invalid_name")
            }
            try await client.execute(uri: "/v1/trainings/run-1", method: .get, headers: Self.headers(h.reviewer)) { r in
                let s = try TrainingStatus.decoder.decode(TrainingStatus.self, from: Data(r.body.readableBytesView))
                #expect(r.status == .ok && s.state == .done && s.version == 2 && s.lines == ["trained"])
            }
            for id in ["run-2", "RUN_1", String(repeating: "a", count: 65)] {
                try await client.execute(uri: "/v1/trainings/\(id)", method: .get, headers: Self.headers(h.reviewer)) { r in
                    let p = try Self.json(r)
                    #expect(r.status == .notFound && p["code"] == "not_found", "\(id)")
                }
            }
            h.refuse.withLock { $0 = QuireError(.conflict, "training run-1 (doctype, started by token:ops) is still running") }
            try await client.execute(uri: "/v1/models/doctype/train", method: .post, headers: Self.headers(h.admin), body: ByteBuffer(string: "{}")) { r in
                let p = try Self.json(r)
                #expect(r.status == .conflict && p["detail"]?.stringValue?.contains("still running") == true, "\(p)")
            }
        }
    }
}

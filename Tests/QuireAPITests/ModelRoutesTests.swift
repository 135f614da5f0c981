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
    @Test func trainingIsStartedOnlyByAnAdminOfNoTenantWithAValidRequest() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        try await h.application().test(.router) { client in
            let body = ByteBuffer(string: #"{"examples": [{"text": "Rechnung Nr. 1", "label": "invoice", "group": "a"}], "generated": 100, "epochs": 3, "cv": 2}"#)
            try await client.execute(uri: "/v1/models/doctype/train", method: .post, headers: APIHarness.headers(nil), body: body) { r in
                let p = try APIHarness.json(r)
                #expect(r.status == .unauthorized && p["code"] == "unauthenticated")
            }
            try await client.execute(uri: "/v1/models/doctype/train", method: .post, headers: APIHarness.headers(h.reviewer), body: body) { r in
                let p = try APIHarness.json(r)
                #expect(r.status == .forbidden && p["code"] == "forbidden" && p["detail"]?.stringValue?.contains("models.manage") == true, "\(p)")
            }
            try await client.execute(uri: "/v1/models/doctype/train", method: .post, headers: APIHarness.headers(h.tenantAdmin), body: body) { r in
                let p = try APIHarness.json(r)
                #expect(r.status == .forbidden && p["code"] == "tenant_scoped")
            }
            #expect(h.asked.withLock { $0.isEmpty }, "nothing was started by a refused caller")
            try await client.execute(uri: "/v1/models/doctype/train", method: .post, headers: APIHarness.headers(h.admin), body: body) { r in
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
        let h = try await APIHarness()
        defer { h.dir.remove() }
        try await h.application().test(.router) { client in
            try await client.execute(uri: "/v1/models/doctype/train", method: .post, headers: APIHarness.headers(h.admin), body: ByteBuffer(string: body)) { r in
                let p = try APIHarness.json(r)
                #expect(r.status == .badRequest && p["code"] == "invalid_training", "\(body): \(p)")
                #expect(p["detail"]?.stringValue?.contains(says) == true, "\(body): \(p)")
            }
        }
        #expect(h.asked.withLock { $0.isEmpty })
    }

    @Test func aRunIsFollowedByItsIdAndARunningOneIsAConflict() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        try await h.application().test(.router) { client in
            try await client.execute(uri: "/v1/models/Doc%20Type/train", method: .post, headers: APIHarness.headers(h.admin), body: ByteBuffer(string: "{}")) { r in
                let p = try APIHarness.json(r)
                #expect(r.status == .badRequest && p["code"] == "invalid_name")
            }
            try await client.execute(uri: "/v1/trainings/run-1", method: .get, headers: APIHarness.headers(h.reviewer)) { r in
                let s = try TrainingStatus.decoder.decode(TrainingStatus.self, from: Data(r.body.readableBytesView))
                #expect(r.status == .ok && s.state == .done && s.version == 2 && s.lines == ["trained"])
            }
            for id in ["run-2", "RUN_1", String(repeating: "a", count: 65)] {
                try await client.execute(uri: "/v1/trainings/\(id)", method: .get, headers: APIHarness.headers(h.reviewer)) { r in
                    let p = try APIHarness.json(r)
                    #expect(r.status == .notFound && p["code"] == "not_found", "\(id)")
                }
            }
            h.refuse.withLock { $0 = QuireError(.conflict, "training run-1 (doctype, started by token:ops) is still running") }
            try await client.execute(uri: "/v1/models/doctype/train", method: .post, headers: APIHarness.headers(h.admin), body: ByteBuffer(string: "{}")) { r in
                let p = try APIHarness.json(r)
                #expect(r.status == .conflict && p["detail"]?.stringValue?.contains("still running") == true, "\(p)")
            }
        }
    }
}

import Foundation
import QuireCore
import QuireStore
import Hummingbird
import HTTPTypes
import NIOCore

extension QuireAPI {
    /// The model registry's routes: versions and their lineage, moving a version through its states,
    /// drift, and training on the server (a run is started, 202, one at a time, and watched by its id).
    static func addModelRoutes(_ router: Router<QuireRequestContext>, store: any Store, operations: APIOperations, limits: APILimits) {
        router.get("/v1/models") { _, context in
            _ = try require(.modelsRead, context)
            return json(["models": .array(try await store.models(name: nil).map(\.summary))])
        }
        // A model's name as the registry has them; anything else is no model (404) before it reaches the store.
        @Sendable func modelName(_ context: QuireRequestContext) throws -> String {
            let name = try context.parameters.require("name")
            guard name.wholeMatch(of: /[a-z0-9][a-z0-9_.-]{0,63}/) != nil else { throw Problem(.notFound, "not_found", "no model \(name); list them with GET /v1/models") }
            return name
        }
        @Sendable func versionNumber(_ b: JSONValue) throws -> Int {
            guard let v = b["version"]?.numberValue, v == v.rounded(), v >= 1, v <= Double(Int32.max) else {
                throw Problem(.badRequest, "version_required", "say which version, a whole number from 1: {\"version\": 2}")
            }
            return Int(v)
        }
        router.post("/v1/models/{name}/promote") { request, context in
            let p = try require(.modelsManage, context)
            let name = try modelName(context)
            let b = try await body(request)
            let version = try versionNumber(b)
            try await operations.promote(name, version, "token:" + p.name, b["force"]?.boolValue ?? false, b["reason"]?.stringValue)
            return json(["name": .string(name), "active": .number(Double(version))])
        }
        router.get("/v1/models/{name}") { request, context in
            _ = try require(.modelsRead, context)
            let name = try modelName(context)
            let version = try Problem.wholeNumber(request.uri.queryParameters.get("version"), "version", in: 1...Int(Int32.max))
            guard let m = ModelRecord.pick(try await store.models(name: name), version: version) else {
                throw Problem(.notFound, "not_found", "no model \(name)\(version.map { " version \($0)" } ?? ""); list them with GET /v1/models")
            }
            return json(m.detail(history: try await store.modelEvents(name: name)))
        }
        router.get("/v1/models/{name}/drift") { request, context in
            _ = try require(.modelsRead, context)
            let name = try modelName(context)
            let q = request.uri.queryParameters
            let days = try Problem.wholeNumber(q.get("days"), "days", in: 1...366) ?? 7
            let reference = try Problem.wholeNumber(q.get("reference_days"), "reference_days", in: 1...3660) ?? 28
            return json(try await operations.drift(name, days, reference))
        }
        router.post("/v1/models/{name}/shadow") { request, context in
            let p = try require(.modelsManage, context)
            let name = try modelName(context)
            let b = try await body(request)
            let version = try versionNumber(b)
            try await operations.trial(name, version, .shadow, nil, "token:" + p.name, b["reason"]?.stringValue)
            return json(["name": .string(name), "version": .number(Double(version)), "state": "shadow"])
        }
        router.post("/v1/models/{name}/canary") { request, context in
            let p = try require(.modelsManage, context)
            let name = try modelName(context)
            let b = try await body(request)
            let version = try versionNumber(b)
            guard let percent = b["percent"]?.numberValue, percent > 0, percent <= 100 else {
                throw Problem(.badRequest, "invalid_percent", "percent is the share of items the canary decides, above 0 and at most 100")
            }
            try await operations.trial(name, version, .canary, percent, "token:" + p.name, b["reason"]?.stringValue)
            return json(["name": .string(name), "version": .number(Double(version)), "state": "canary", "percent": .number(percent)])
        }
        router.post("/v1/models/{name}/retire") { request, context in
            let p = try require(.modelsManage, context)
            let name = try modelName(context)
            let b = try await body(request)
            let version = try versionNumber(b)
            try await operations.retire(name, version, "token:" + p.name, b["reason"]?.stringValue)
            return json(["name": .string(name), "version": .number(Double(version)), "state": "retired"])
        }
        router.post("/v1/models/{name}/rollback") { request, context in
            let p = try require(.modelsManage, context)
            let name = try modelName(context)
            let active = try await operations.rollback(name, "token:" + p.name, try await body(request)["reason"]?.stringValue)
            return json(["name": .string(name), "active": .number(Double(active))])
        }
        @Sendable func encoded(_ s: TrainingStatus, status: HTTPResponse.Status = .ok) throws -> Response {
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            if status == .accepted { headers[.location] = "/v1/trainings/\(s.id)" }
            return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try TrainingStatus.encoder.encode(s))))
        }
        router.post("/v1/models/{name}/train") { request, context in
            let p = try require(.modelsManage, context)
            let name = try context.parameters.require("name")
            guard name.wholeMatch(of: /[a-z][a-z0-9_]{0,63}/) != nil else {
                throw Problem(.badRequest, "invalid_name", "a model's name is lower-case letters, digits and _ (doctype, fields, or a classifier of your own)")
            }
            let buffer = try await collect(request, upTo: TrainingRequest.maxBodyBytes, timeout: limits.bodyTimeout,
                                           tooLarge: "the body is over \(TrainingRequest.maxBodyBytes >> 20) MiB; send fewer examples (or train where the documents are with --out)")
            let plan: TrainingRequest
            do { plan = try TrainingRequest.parse(Data(buffer.readableBytesView)) } catch let e as QuireError { throw Problem(.badRequest, "invalid_training", e.message) }
            return try encoded(try await operations.startTraining(name, plan, "token:" + p.name), status: .accepted)
        }
        router.get("/v1/trainings/{id}") { _, context in
            _ = try require(.modelsRead, context)
            let id = try context.parameters.require("id")
            guard id.wholeMatch(of: /[a-z0-9-]{1,64}/) != nil, let s = operations.training(id) else {
                throw Problem(.notFound, "not_found", "no training \(id) on this server (runs are kept in memory for a day; a restart forgets them, the versions they registered stay)")
            }
            return try encoded(s)
        }
    }
}

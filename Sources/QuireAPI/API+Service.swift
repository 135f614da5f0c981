import QuireCore
import QuireStore
import Hummingbird
import HTTPTypes
import NIOCore

extension QuireAPI {
    /// What an operator or a load balancer asks of the service: liveness and readiness, the pipelines, metrics,
    /// the status of the nodes and queues, and the installed bots.
    static func addServiceRoutes(_ router: Router<QuireRequestContext>, store: any Store, operations: APIOperations) {
        router.get("/healthz") { _, _ in json(["status": "ok"]) }
        router.get("/readyz") { _, _ in
            _ = try await store.auditHighestSequence()
            return json(["status": "ready"])
        }
        router.get("/v1/pipelines") { _, context in
            _ = try require(.pipelinesRead, context)
            return json(["pipelines": .array(operations.pipelines())])
        }
        router.get("/metrics") { _, context in
            _ = try require(.metricsRead, context)
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: try await operations.metrics())))
        }
        router.get("/v1/status") { _, context in
            _ = try require(.metricsRead, context)
            return json(try await operations.status())
        }
        router.get("/v1/bots") { _, context in
            _ = try require(.botsRead, context)
            return json(["bots": .array(operations.bots())])
        }
    }
}

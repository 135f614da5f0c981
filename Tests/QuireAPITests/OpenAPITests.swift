import Foundation
import QuireAPI
import QuireCore
import QuireReview
import QuireStore
import QuireTesting
import Testing
import Yams

@Suite("OpenAPI description")
struct OpenAPITests {
    static var spec: String {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        while let last = parts.last, last != "Tests" { parts.removeLast() }
        parts.removeLast()
        return parts.joined(separator: "/") + "/docs/openapi.yaml"
    }

    @Test func everyRouteIsInTheSpecAndEveryPathInTheSpecIsRouted() throws {
        let dir = try TemporaryDirectory("quire-openapi")
        defer { dir.remove() }
        let store = try SQLiteStore(path: dir.file("q.sqlite"))
        let unused: @Sendable (ItemID, String) async throws -> Item = { _, _ in throw QuireError(.internal, "not used") }
        let router = QuireAPI.router(store: store, review: ReviewService(store: store) { _, _ in }, reviewData: ReviewData(store: store) { _ in ReviewPolicy() },
                                     operations: APIOperations(retry: unused, cancel: { _, _, _ in throw QuireError(.internal, "not used") }, pipelines: { [] },
                                                               submit: { _ in throw QuireError(.internal, "not used") }))
        let routed = Set(QuireAPI.routes(router))
        let yaml = try #require(try Yams.load(yaml: String(contentsOfFile: Self.spec, encoding: .utf8)) as? [String: Any])
        let paths = try #require(yaml["paths"] as? [String: Any])
        var described: Set<String> = []
        for (path, value) in paths {
            for method in (value as? [String: Any] ?? [:]).keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                described.insert("\(method.uppercased()) \(path)")
            }
        }
        #expect(routed.count >= 14, "\(routed.sorted())")
        #expect(routed.subtracting(described).isEmpty, "routed but not in docs/openapi.yaml: \(routed.subtracting(described).sorted())")
        #expect(described.subtracting(routed).isEmpty, "in docs/openapi.yaml but not routed: \(described.subtracting(routed).sorted())")
    }
}

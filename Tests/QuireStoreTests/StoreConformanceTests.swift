import QuireStore
import QuireTesting
import Testing

/// Runs the whole conformance suite against every store driver.
@Suite("Store conformance")
struct StoreConformanceTests {
    @Test("conformance", arguments: StoreDriver.allCases, StoreConformance.all.map(\.0))
    func conformance(driver: StoreDriver, check: String) async throws {
        let body = try #require(StoreConformance.all.first { $0.0 == check }?.1)
        let (store, cleanup) = try await driver.makeStore()
        do { try await body(store) } catch { await cleanup(); throw error }
        await cleanup()
    }
}

import Foundation
import QuireTesting
import Testing

/// The private PostgreSQL server the PostgreSQL store's tests run against: it starts on a free
/// port, answers, and is gone after stop().
@Suite("Private PostgreSQL cluster")
struct PostgresClusterTests {
    @Test func startsAnswersAndStops() async throws {
        let cluster = try await PostgresCluster.started()
        let folder = cluster.directory
        let answer = await cluster.query("SELECT current_user || ' ' || current_database() || ' ' || 6 * 7")
        #expect(answer.status == 0 && answer.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "quire quire 42", "\(answer.stdout)")
        let version = await cluster.value("SHOW server_version_num")
        #expect((Int(version) ?? 0) >= 150_000, "PostgreSQL 15 or later: \(version)")
        #expect(cluster.url == "postgres://quire@127.0.0.1:\(cluster.port)/quire?sslmode=disable&connect_timeout=60")
        await cluster.stopped()
        #expect(!FileManager.default.fileExists(atPath: folder))
        #expect(await cluster.query("SELECT 1").status != 0, "nothing answers after stop")
    }
}

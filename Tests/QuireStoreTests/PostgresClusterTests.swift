import Foundation
import QuireTesting
import Testing

/// The private PostgreSQL server the PostgreSQL store's tests run against: it starts on a free
/// port, answers, and is gone after stop().
@Suite("Private PostgreSQL cluster")
struct PostgresClusterTests {
    @Test func startsAnswersAndStops() throws {
        let cluster = try PostgresCluster.start()
        let folder = cluster.directory
        let answer = cluster.psql("SELECT current_user || ' ' || current_database() || ' ' || 6 * 7")
        #expect(answer.status == 0 && answer.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "quire quire 42", "\(answer.stdout)")
        let version = cluster.psql("SHOW server_version_num").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect((Int(version) ?? 0) >= 150_000, "PostgreSQL 15 or later: \(version)")
        #expect(cluster.url == "postgres://quire@127.0.0.1:\(cluster.port)/quire?sslmode=disable")
        cluster.stop()
        #expect(!FileManager.default.fileExists(atPath: folder))
        #expect(cluster.psql("SELECT 1").status != 0, "nothing answers after stop")
    }
}

import Foundation
import QuireCore
@testable import QuireStore
import PostgresNIO
import QuireTesting
import Testing

/// What only the PostgreSQL driver does: the claim's plan, two processes' claims, leadership
/// that follows a dropped connection, URL settings, and the copy from SQLite.
@Suite("PostgreSQL store")
struct PostgresStoreTests {
    func fresh() async throws -> (PostgresStore, String, PostgresCluster) {
        let (cluster, database) = try await SharedPostgres.database()
        return (try await PostgresStore.open(url: cluster.url(database: database)), database, cluster)
    }

    @Test func theClaimWalksItsIndexUnderLockRowsUnderLimit() async throws {
        let (store, db, cluster) = try await fresh()
        try await store.fillReadyJobsForBenchmark(count: 20_000, stages: ["noop", "other", "third"])
        let plan = try await store.explainClaim()
        await store.close()
        await SharedPostgres.drop(db, in: cluster)
        #expect(PostgresStore.claimPlanUsesIndex(plan), "\(plan)")
        #expect(plan.contains("SKIP LOCKED") || plan.contains("LockRows"), "\(plan)")
        #expect(!PostgresStore.claimPlanUsesIndex("Limit\n  ->  Sort\n        ->  Seq Scan on jobs"), "a sorted sequential scan is refused")
    }

    /// Two stores on one database are two nodes: their concurrent claims never take one job twice.
    @Test func twoNodesNeverClaimOneJob() async throws {
        let (a, db, cluster) = try await fresh()
        let b = try await PostgresStore.open(url: cluster.url(database: db))
        for _ in 0..<200 { try await StoreConformance.enqueue(a) }
        let claimed = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for (n, store) in [a, b, a, b, a, b].enumerated() {
                group.addTask {
                    var mine: [Int64] = []
                    while true {
                        let c = try await store.claim(ClaimRequest(owner: "w\(n)", pipeline: "p", stageID: "s1", limit: 7, lease: 600, now: Date()))
                        if c.isEmpty { return mine }
                        mine += c.map(\.job.id)
                    }
                }
            }
            var all: [Int64] = []
            for try await ids in group { all += ids }
            return all
        }
        await a.close()
        await b.close()
        await SharedPostgres.drop(db, in: cluster)
        #expect(claimed.count == 200)
        #expect(Set(claimed).count == 200, "no job was claimed twice")
    }

    /// The leader's connection dies (a killed node): another process leads at its next try,
    /// without waiting for a lease to run out.
    @Test func leadershipFollowsTheLeadersConnection() async throws {
        let (a, db, cluster) = try await fresh()
        let b = try await PostgresStore.open(url: cluster.url(database: db))
        let now = Date()
        #expect(try await a.acquireLeadership(name: "cron", holder: "node-a", ttl: 3600, now: now))
        #expect(try await b.acquireLeadership(name: "cron", holder: "node-b", ttl: 3600, now: now) == false, "another process leads")
        #expect(try await a.acquireLeadership(name: "cron", holder: "node-a", ttl: 3600, now: now.addingTimeInterval(1)), "the leader keeps it")
        // Cut node a's leadership connection from the server side, as if the node died.
        let killed = await cluster.query("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = '\(db)')")
        #expect(killed.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "\(killed.stdout)")
        let moved = await eventually(timeout: 10) { (try? await b.acquireLeadership(name: "cron", holder: "node-b", ttl: 3600, now: Date())) == true }
        #expect(moved, "node b leads once node a's connection is gone, long before the hour-long lease would lapse")
        #expect(try await a.acquireLeadership(name: "cron", holder: "node-a", ttl: 3600, now: Date()) == false, "node a notices it lost the lead")
        await a.close()
        await b.close()
        await SharedPostgres.drop(db, in: cluster)
    }

    @Test func urlsSayWhatIsWrong() throws {
        let c = try PostgresStore.Configuration(url: "postgres://app:s%40cret@db.internal:6543/quire?pool=20&sslmode=require")
        #expect(c.host == "db.internal" && c.port == 6543 && c.user == "app" && c.password == "s@cret" && c.database == "quire")
        #expect(c.poolSize == 20 && c.tls == .require)
        let socket = try PostgresStore.Configuration(url: "postgres://quire@/quire?host=/run/postgresql")
        #expect(socket.socketPath == "/run/postgresql")
        #expect(PostgresStore.redacted("postgres://app:secret@db/quire") == "postgres://app:***@db/quire")
        for (url, says) in [("mysql://x/y", "not a PostgreSQL URL"), ("postgres://db/q?pool=0", "pool=0"), ("postgres://db/q?sslmode=maybe", "sslmode=maybe"),
                            ("postgres://db/q?colour=blue", "unknown option 'colour'")] {
            #expect(throws: QuireError.self, "\(url)") { try PostgresStore.Configuration(url: url) }
            do { _ = try PostgresStore.Configuration(url: url) } catch let e as QuireError { #expect(e.message.contains(says), "\(e.message)") }
        }
    }

    @Test func aServerThatIsNotThereIsNamed() async throws {
        do {
            _ = try await PostgresStore.open(url: "postgres://quire@127.0.0.1:1/quire?sslmode=disable&connect_timeout=2")
            Issue.record("opened a store on a closed port")
        } catch let e as QuireError {
            #expect(e.code == .storage)
            #expect(e.message.contains("127.0.0.1:1") && e.message.contains("check that the server runs"), "\(e.message)")
        }
    }

    /// `quire migrate`'s copy: everything of an SQLite store arrives with its ids, the audit chain
    /// still verifies with the same key, new ids continue after the copied ones, and a second copy is refused.
    @Test func anSQLiteStoreIsCopiedWhole() async throws {
        let dir = try TemporaryDirectory("quire-copy")
        defer { dir.remove() }
        let key = Data((0..<32).map { UInt8($0) })
        let sqlite = try SQLiteStore(path: dir.file("quire.sqlite"), auditKey: key)
        var items: [Item] = []
        for n in 0..<5 { items.append(try await StoreConformance.enqueue(sqlite, StoreConformance.item(name: "d\(n).pdf"))) }
        let c = try #require(try await sqlite.claim(ClaimRequest(owner: "w", pipeline: "p", stageID: "s1", limit: 2, lease: 60, now: Date())).first)
        try await sqlite.complete(Completion(job: c.job.id, token: c.token, disposition: .finish(.done, output: ["x": 1], error: nil), itemState: .done,
                                             events: [EventDraft(kind: "done")], now: Date()))
        _ = try await sqlite.transition(ItemTransition(item: items[4].id, allowedFrom: [.received], to: .cancelled, reason: "test", cancelActiveJobs: true,
                                                       events: [EventDraft(kind: "cancelled", data: ["by": "tester"])], now: Date()))
        _ = try await Tokens.create(store: sqlite, name: "ops", role: .operator, tenants: [], expiresIn: nil, by: "test")
        _ = try await sqlite.openReview(Review(item: items[1].id, pipeline: "p", queue: "default", priority: 1, reasons: ["low_confidence"], due: nil,
                                              createdAt: Date(), updatedAt: Date()))

        let (cluster, db) = try await SharedPostgres.database()
        let pg = try await PostgresStore.open(url: cluster.url(database: db), auditKey: key)
        let report = try await StoreCopy.copy(from: sqlite, to: pg)
        #expect(report.matches, "\(report.tables)")
        #expect(report.tables.first { $0.table == "items" }?.target == 5)
        for i in items { #expect(try await pg.item(i.id) == (try await sqlite.item(i.id)), "item \(i.id) arrives unchanged") }
        #expect(try await pg.jobs(of: c.job.itemID) == (try await sqlite.jobs(of: c.job.itemID)))
        #expect(try await pg.events(of: items[4].id).map(\.kind) == (try await sqlite.events(of: items[4].id)).map(\.kind))
        #expect(try await pg.review(items[1].id)?.reasons == ["low_confidence"])
        #expect(try await pg.tokens().map(\.name) == ["ops"])
        let entries = try await pg.auditEntries(after: 0, limit: 100)
        #expect(AuditChain(key: key).verify(entries, highest: try await pg.auditHighestSequence()).intact, "the chain verifies on the copy")
        #expect(entries == (try await sqlite.auditEntries(after: 0, limit: 100)))
        // New rows continue after the copied ids; the chain goes on from the copied head.
        let more = try await StoreConformance.enqueue(pg, StoreConformance.item(name: "after.pdf"))
        let newJob = try #require(try await pg.jobs(of: more.id).first)
        let oldMax = try await sqlite.jobs(of: c.job.itemID).map(\.id).max() ?? 0
        #expect(newJob.id > oldMax)
        try await pg.appendAudit([AuditDraft(actor: "t", action: "x", subject: "s")], now: Date())
        let after = try await pg.auditEntries(after: 0, limit: 100)
        #expect(AuditChain(key: key).verify(after, highest: try await pg.auditHighestSequence()).intact)
        await #expect(throws: QuireError.self, "a second copy into a non-empty database is refused") { try await StoreCopy.copy(from: sqlite, to: pg) }
        await pg.close()
        await SharedPostgres.drop(db, in: cluster)
    }

    /// A database writer cannot empty the audit trail with TRUNCATE or move its head back (security finding 5).
    @Test func theAuditTrailCannotBeTruncatedNorItsHeadMovedBack() async throws {
        let (cluster, db) = try await SharedPostgres.database()
        let pg = try await PostgresStore.open(url: cluster.url(database: db), auditKey: Data(repeating: 7, count: 32))
        try await pg.appendAudit([AuditDraft(actor: "t", action: "a", subject: "s"), AuditDraft(actor: "t", action: "b", subject: "s")], now: Date())
        #expect(await cluster.query("TRUNCATE audit", database: db).status != 0, "TRUNCATE is refused")
        #expect(await cluster.query("UPDATE audit_head SET seq = 0, hash = ''", database: db).status != 0, "the head does not move back")
        #expect(await cluster.query("DELETE FROM audit_head", database: db).status != 0)
        #expect(try await pg.auditEntries(after: 0, limit: 10).count == 2)
        try await pg.appendAudit([AuditDraft(actor: "t", action: "c", subject: "s")], now: Date())
        #expect(AuditChain(key: Data(repeating: 7, count: 32)).verify(try await pg.auditEntries(after: 0, limit: 10), highest: try await pg.auditHighestSequence()).intact)
        await pg.close()
        await SharedPostgres.drop(db, in: cluster)
    }
}

/// A database that stops answering (the network between node and server holds every byte):
/// each transaction has a deadline, closes its connection when it passes, and the store works
/// again through new connections once the network does.
@Suite("PostgreSQL deadlines")
struct PostgresDeadlineTests {
    @Test func aStalledConnectionFailsWithinItsDeadlineAndTheStoreRecovers() async throws {
        let (cluster, database) = try await SharedPostgres.database()
        let proxy = try TCPProxy(targetPort: cluster.port)
        defer { proxy.stop() }
        // A deadline of 5 s: long enough for a busy test machine's queries, short for the test.
        let url = "postgres://quire@127.0.0.1:\(proxy.port)/\(database)?sslmode=disable&connect_timeout=60&query_timeout=5"
        let store = try await PostgresStore.open(url: url)
        _ = try await store.nodes()
        proxy.stall()
        let started = Date()
        do {
            _ = try await store.nodes()
            Issue.record("a query through a stalled network answered")
        } catch let e as QuireError {
            #expect(e.code == .timeout, "\(e)")
            #expect(e.message.contains("did not answer within 5 s"), "\(e.message)")
        }
        // Bounded by the deadline, not by the network's or the kernel's timeouts (minutes); the bound
        // is loose because this is a shared, busy machine.
        #expect(Date().timeIntervalSince(started) < 30)
        proxy.resume()
        #expect(try await store.nodes().isEmpty, "a new connection answers once the network does")
        // A write whose answer never arrives fails the same way (whether the server got it is unknown
        // to the caller: what depends on that is fenced, like job results).
        proxy.stall()
        await #expect(throws: QuireError.self) {
            try await store.heartbeatNode(NodeRecord(id: "n1", host: "h", pid: 1, version: "v", workers: 1, startedAt: Date(), heartbeatAt: Date()))
        }
        proxy.resume()
        _ = try await store.nodes()
        await store.close()
        await SharedPostgres.drop(database, in: cluster)
    }

    /// Waiting for a pooled connection has no deadline in the driver: a call that waits behind a
    /// connection held by a long job still answers within its hard deadline (query timeout plus
    /// at least 10 s), saying where it was, and the store goes on afterwards.
    @Test func aCallWaitingForAPooledConnectionAnswersWithinItsHardDeadline() async throws {
        let (cluster, database) = try await SharedPostgres.database()
        // (connect_timeout: the shared test cluster can be slow to accept while the whole suite runs; the deadline under test is the call's.)
        let store = try await PostgresStore.open(url: "postgres://quire@127.0.0.1:\(cluster.port)/\(database)?sslmode=disable&pool=1&query_timeout=1&connect_timeout=60")
        // The only connection, held for 20 s by work without a deadline (like a store copy).
        let holder = Task { try await store.transaction(deadline: false) { tx in try await tx.execute(PostgresQuery(unsafeSQL: "SELECT pg_sleep(20)")) } }
        try await Task.sleep(for: .milliseconds(500))
        let started = Date()
        do {
            _ = try await store.nodes()
            Issue.record("a call answered while the pool's only connection was held")
        } catch let e as QuireError {
            #expect(e.code == .timeout, "\(e)")
            #expect(e.message.contains("within 11 s (the call was waiting for a pooled connection)"), "\(e.message)")
        }
        #expect(Date().timeIntervalSince(started) < 18, "the hard deadline, not the holder, ended the wait")
        _ = try await holder.value
        #expect(try await store.nodes().isEmpty, "the store answers once the connection is free")
        await store.close()
        await SharedPostgres.drop(database, in: cluster)
    }

    /// A statement for a connection that has been closed fails at once instead of waiting for an
    /// answer that cannot come (the driver drops such a statement unseen): a ROLLBACK after a
    /// deadline closed the connection once held a scheduler's result writer for good.
    @Test func aStatementOnAClosedConnectionFailsAtOnce() async throws {
        let (cluster, database) = try await SharedPostgres.database()
        let store = try await PostgresStore.open(url: "postgres://quire@127.0.0.1:\(cluster.port)/\(database)?sslmode=disable&query_timeout=60&connect_timeout=60")
        let started = Date()
        await #expect {
            try await store.transaction { tx in
                try await tx.connection.close()
                try await tx.execute("SELECT 1")
            }
        } throws: { error in
            "\(error)".contains("the connection was closed before the statement was sent")
        }
        #expect(Date().timeIntervalSince(started) < 30, "failed at once, not at the hard deadline (120 s)")
        #expect(try await store.nodes().isEmpty, "the store goes on with new connections")
        await store.close()
        await SharedPostgres.drop(database, in: cluster)
    }
}

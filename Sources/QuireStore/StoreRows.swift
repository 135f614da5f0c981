import Foundation
import GRDB
import PostgresNIO
import QuireCore

/// A column value both drivers read: GRDB's and postgres-nio's decoders under one name, so the
/// mapping from a row to an `Item`, a `Job`, a `Review`… is written once (``StoreRows``).
protocol StoreValue {
    static func read(_ row: Row, _ column: String) -> Self
    static func read(_ row: Row, at index: Int) -> Self
    static func read(_ row: PGRow, _ column: String) -> Self
}

protocol StoreScalar: StoreValue, DatabaseValueConvertible, PostgresDecodable where _DecodableType == Self {}

extension StoreScalar {
    static func read(_ row: Row, _ column: String) -> Self { row[column] }
    static func read(_ row: Row, at index: Int) -> Self { row[index] }
    static func read(_ row: PGRow, _ column: String) -> Self { row[column] }
}

extension String: StoreScalar {}
extension Int: StoreScalar {}
extension Int64: StoreScalar {}
extension Double: StoreScalar {}

extension Optional: StoreValue where Wrapped: StoreScalar {
    static func read(_ row: Row, _ column: String) -> Self { row[column] as Wrapped? }
    static func read(_ row: Row, at index: Int) -> Self { row[index] as Wrapped? }
    static func read(_ row: PGRow, _ column: String) -> Self { row[column] as Wrapped? }
}

/// A row of either driver, read by column name.
protocol StoreRow {
    subscript<T: StoreValue>(_ column: String) -> T { get }
}

struct SQLiteRow: StoreRow {
    let row: Row
    /// The row's column names, read once. GRDB finds a column by name ignoring case, lowercasing every
    /// column's name on every lookup: 3 % of the CPU of a claim and completion in a profile (a job row has
    /// 20 columns). Our columns are asked for by their exact names.
    let names: [String]
    init(_ row: Row) {
        self.row = row
        names = row.map(\.0)
    }
    subscript<T: StoreValue>(_ column: String) -> T {
        guard let i = names.firstIndex(of: column) else { return T.read(row, column) }
        return T.read(row, at: i)
    }
}

struct PGStoreRow: StoreRow {
    let row: PGRow
    /// Put before every column's name: a statement that returns two tables' rows side by side names one's columns `item_…`.
    let prefix: String
    init(_ row: PGRow) { self.init(row, prefix: "") }
    init(_ row: PGRow, prefix: String) { self.row = row; self.prefix = prefix }
    subscript<T: StoreValue>(_ column: String) -> T { T.read(row, prefix.isEmpty ? column : prefix + column) }
}

/// The one mapping from the schema's columns (the same in both drivers) to the model types.
enum StoreRows {
    static let noDeadline = 9.0e15
    static func d(_ t: Double) -> Date { Date(timeIntervalSince1970: t) }
    static func json(_ s: String?) -> JSONValue? { StoreRules.json(s) }

    static func item(_ r: some StoreRow) -> Item {
        Item(
            id: ItemID(r["id"]), pipeline: r["pipeline"], source: ItemSource(rawValue: r["source"]) ?? .cli, name: r["name"],
            contentHash: r["content_hash"], size: r["size"], mediaType: r["media_type"],
            state: ItemState(rawValue: r["state"]) ?? .received, priority: r["priority"], tenant: r["tenant"],
            externalRef: r["external_ref"], idempotencyKey: r["idempotency_key"],
            metadata: json(r["metadata"]) ?? .emptyObject, duplicateOf: (r["duplicate_of"] as String?).map(ItemID.init),
            reason: r["reason"], createdAt: d(r["created_at"]), updatedAt: d(r["updated_at"]), version: r["version"])
    }

    static func job(_ r: some StoreRow, history: Bool) -> Job {
        let deadline: Double = r["deadline"]
        return Job(
            id: r["id"], itemID: ItemID(r["item_id"]), pipeline: r["pipeline"], stageID: r["stage_id"], part: r["part"], kind: r["kind"],
            state: JobState(rawValue: r["state"]) ?? .ready, priority: r["priority"],
            deadline: deadline >= noDeadline ? nil : d(deadline), runAt: d(r["run_at"]), attempts: r["attempts"],
            maxAttempts: r["max_attempts"], leaseOwner: r["lease_owner"],
            leaseExpiresAt: history ? nil : (r["lease_expires_at"] as Double?).map(d), token: LeaseToken(r["token"]),
            input: json(r["input"]) ?? .emptyObject, output: history ? json(r["output"]) : nil, lastError: r["last_error"],
            createdAt: d(r["created_at"]), startedAt: (r["started_at"] as Double?).map(d),
            finishedAt: history ? (r["finished_at"] as Double?).map(d) : nil)
    }

    static func event(_ r: some StoreRow) -> Event {
        Event(id: r["id"], itemID: ItemID(r["item_id"]), jobID: r["job_id"], at: d(r["at"]), kind: r["kind"],
              stageID: r["stage_id"], data: json(r["data"]) ?? .emptyObject)
    }

    static func model(_ r: some StoreRow) -> ModelRecord {
        ModelRecord(name: r["name"], version: r["version"], state: ModelState(rawValue: r["state"]) ?? .retired, blob: r["blob"],
                    labels: json(r["labels"])?.arrayValue?.compactMap(\.stringValue) ?? [], trainingData: json(r["training_data"]) ?? .emptyObject,
                    hyperparameters: json(r["hyperparameters"]) ?? .emptyObject, metrics: json(r["metrics"]) ?? .emptyObject,
                    parent: r["parent"], canaryPercent: r["canary_percent"], createdAt: d(r["created_at"]), updatedAt: d(r["updated_at"]))
    }

    static func modelEvent(_ r: some StoreRow) -> ModelEvent {
        ModelEvent(name: r["name"], version: r["version"], from: (r["from_state"] as String?).flatMap(ModelState.init(rawValue:)),
                   to: ModelState(rawValue: r["to_state"]) ?? .retired, actor: r["actor"], reason: r["reason"], forced: (r["forced"] as Int) != 0, at: d(r["at"]))
    }

    static func classification(_ r: some StoreRow) -> ClassificationRecord {
        ClassificationRecord(item: ItemID(r["item_id"]), pipeline: r["pipeline"], model: r["model"], version: r["version"], label: r["label"],
                             probability: r["probability"], abstained: (r["abstained"] as Int) != 0, role: r["role"], at: d(r["at"]))
    }

    static func trainingExample(_ r: some StoreRow) -> TrainingExample {
        TrainingExample(contentHash: r["content_hash"], label: r["label"], text: r["text"], pageCount: r["page_count"], source: r["source"],
                        item: (r["item_id"] as String?).map(ItemID.init), createdAt: d(r["created_at"]))
    }

    static func vendor(_ r: some StoreRow) -> VendorRecord {
        let vat: String = r["vat_id"], iban: String = r["iban"]
        return VendorRecord(name: r["name"], vatID: vat.isEmpty ? nil : vat, iban: iban.isEmpty ? nil : iban, source: r["source"],
                            item: (r["item_id"] as String?).map(ItemID.init), confirmedAt: d(r["confirmed_at"]))
    }

    static func review(_ r: some StoreRow) -> Review {
        Review(item: ItemID(r["item_id"]), pipeline: r["pipeline"], queue: r["queue"], priority: r["priority"],
               reasons: json(r["reasons"])?.arrayValue?.compactMap(\.stringValue) ?? [], due: (r["due"] as Double?).map(d),
               state: Review.State(rawValue: r["state"]) ?? .open, claimedBy: r["claimed_by"], leaseUntil: (r["lease_until"] as Double?).map(d),
               version: r["version"], decision: json(r["decision"]), approvals: json(r["approvals"])?.arrayValue?.compactMap(\.stringValue) ?? [],
               createdAt: d(r["created_at"]), updatedAt: d(r["updated_at"]), stage: r["stage_id"], round: r["round"], context: json(r["context"]))
    }

    static func reviewAction(_ r: some StoreRow) -> ReviewAction {
        ReviewAction(item: ItemID(r["item_id"]), action: r["action"], actor: r["actor"], before: json(r["before"]) ?? .null,
                     after: json(r["after"]) ?? .null, reasonCode: r["reason_code"], note: r["note"], seconds: r["seconds"], at: d(r["at"]))
    }

    static func auditEntry(_ r: some StoreRow) -> AuditEntry {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return AuditEntry(seq: r["seq"], at: f.date(from: r["at"]) ?? .distantPast, stamp: r["at"], actor: r["actor"], action: r["action"], subject: r["subject"],
                          details: json(r["details"]) ?? .null, previousHash: r["prev_hash"], hash: r["hash"])
    }

    static func token(_ r: some StoreRow) -> TokenRecord {
        TokenRecord(id: r["id"], name: r["name"], role: Role(rawValue: r["role"]) ?? .reviewer,
                    tenants: (json(r["tenants"])?.arrayValue ?? []).compactMap(\.stringValue), hash: r["hash"], createdAt: d(r["created_at"]),
                    expiresAt: (r["expires_at"] as Double?).map(d), revokedAt: (r["revoked_at"] as Double?).map(d), createdBy: r["created_by"])
    }

    static func delivery(_ r: some StoreRow) -> WebhookDelivery {
        WebhookDelivery(id: r["id"], pipeline: r["pipeline"], item: ItemID(r["item_id"] as String), event: r["event"], itemVersion: r["item_version"],
                        url: r["url"], secret: r["secret"], payload: (try? JSONValue.parse(r["payload"] as String)) ?? .null, state: r["state"],
                        attempts: r["attempts"], nextAt: d(r["next_at"]), lastStatus: r["last_status"], lastError: r["last_error"],
                        createdAt: d(r["created_at"]), deliveredAt: (r["delivered_at"] as Double?).map(d))
    }

    static func node(_ r: some StoreRow) -> NodeRecord {
        NodeRecord(id: r["id"], host: r["host"], pid: r["pid"], version: r["version"], state: NodeRecord.State(rawValue: r["state"]) ?? .stopped,
                   workers: r["workers"], details: json(r["details"]) ?? .emptyObject, startedAt: d(r["started_at"]), heartbeatAt: d(r["heartbeat_at"]))
    }

    /// `quire status`'s counts from four grouped queries (the drivers differ only in their SQL):
    /// items per pipeline and state (`pipeline, state, n`), queued jobs per stage (`pipeline,
    /// stage_id, ready, scheduled, leased, oldest`), jobs finished in the last hour (`pipeline,
    /// stage_id, m, h`) and dead letters (`pipeline, stage_id, n`).
    static func statistics<R: StoreRow>(now t: Double, items: [R], queued: [R], finished: [R], dead: [R]) -> StoreStatistics {
        var counts: [String: [String: Int]] = [:]
        for r in items { counts[r["pipeline"], default: [:]][r["state"]] = r["n"] }
        var rows: [String: StoreStatistics.StageRow] = [:]
        func update(_ r: R, _ change: (inout StoreStatistics.StageRow) -> Void) {
            let p: String = r["pipeline"], s: String = r["stage_id"]
            var row = rows[p + "\u{1}" + s] ?? .init(pipeline: p, stage: s)
            change(&row)
            rows[p + "\u{1}" + s] = row
        }
        for r in queued {
            update(r) {
                $0.ready = r["ready"]
                $0.scheduled = r["scheduled"]
                $0.leased = r["leased"]
                $0.oldestReadyAge = (r["oldest"] as Double?).map { max(0, t - $0) }
            }
        }
        for r in finished { update(r) { $0.finishedLastMinute = r["m"]; $0.finishedLastHour = r["h"] } }
        for r in dead { update(r) { $0.deadLetters = r["n"] } }
        return StoreStatistics(items: counts, stages: rows.values.sorted { ($0.pipeline, $0.stage) < ($1.pipeline, $1.stage) })
    }
}

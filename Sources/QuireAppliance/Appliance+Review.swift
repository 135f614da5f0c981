public import QuireCore
import QuireEngine
public import QuireReview
import QuireFields
import QuireModels
import Crypto
public import QuireAPI
import Logging
public import ServiceLifecycle
import Foundation
import QuireBots
public import QuireStore

extension Appliance {
    /// The review service with the appliance's resume: a decision re-queues the item's review stage
    /// (the same as `quire items retry`), so `quire serve` carries the item on.
    public func reviewService(lease: Double = 600) -> ReviewService {
        let appliance = self
        var service = ReviewService(store: store, lease: lease) { id, reviewer in
            _ = try await appliance.retry(item: id, by: "review:" + reviewer)
        }
        service.validator = Self.fieldValidator
        let catalog = self.catalog
        service.policy = { ReviewPolicy(policies: catalog[$0]?.spec.policies ?? [:]) }
        return service
    }

    /// Corrected IBANs and VAT ids are checked as the extractor checks them (check digits, format).
    public static let fieldValidator = FieldValidator { field, value in
        guard let text = value.stringValue else { return nil }
        let result: CheckResult
        if field.hasSuffix("iban") { result = IBAN.check(text) } else if field.hasSuffix("vat_id") { result = VATID.check(text) } else { return nil }
        return result.passed ? nil : result.reason
    }

    public var reviewData: ReviewData {
        let service = reviewService()
        return ReviewData(store: store, policy: service.policy)
    }
}

extension Appliance {
    /// The HTTP API over this appliance (routes in QuireAPI; docs/api.md).
    public func apiService(host: String, port: Int, limits: APILimits = APILimits(), tls: (certificate: String, key: String)? = nil,
                           onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> any Service {
        let appliance = self
        var limits = limits
        if limits.uploadDirectory == nil { limits.uploadDirectory = configuration.dataDirectoryPath + "/uploads" }
        // Bodies a crash left half-streamed (an hour old: another process on this home may be receiving one now).
        if let dir = limits.uploadDirectory, let names = try? FileManager.default.contentsOfDirectory(atPath: dir) {
            for name in names where name.hasPrefix("upload-") {
                let path = dir + "/" + name
                if let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date, modified < Date().addingTimeInterval(-3600) {
                    try? FileManager.default.removeItem(atPath: path)
                }
            }
        }
        let bots = self.bots.names.compactMap { self.bots[$0] }
        var operations = APIOperations(
            retry: { id, who in try await appliance.retry(item: id, by: who) },
            cancel: { id, reason, who in try await appliance.cancel(item: id, reason: reason, by: who) },
            pipelines: {
                appliance.catalog.specs.map { spec in
                    ["name": .string(spec.name), "version": .number(Double(spec.version)), "description": spec.description.map(JSONValue.string) ?? .null,
                     "stages": .array(spec.stages.map { ["id": .string($0.id), "use": .string($0.kind)] })]
                }
            },
            submit: { upload in try await appliance.submit(upload) },
            promote: { name, version, actor, force, reason in try await appliance.models.promote(name, version, actor: actor, force: force, reason: reason) },
            rollback: { name, actor, reason in try await appliance.models.rollback(name, actor: actor, reason: reason) },
            bots: { bots.map(\.summary) },
            classify: { input, model in try await appliance.classify(input, model: model) },
            extract: { input, schema, pipeline in try await appliance.extract(input, schema: schema, pipeline: pipeline) },
            metrics: { try await appliance.metricsExposition() })
        operations.schemaNames = FieldSchema.names
        let workers = self.workers
        operations.picture = { id, request in try await appliance.pagePicture(of: id, request, runner: workers) }
        operations.trial = { name, version, state, percent, actor, reason in
            try await appliance.models.trial(name, version, state: state, percent: percent, actor: actor, reason: reason)
        }
        operations.retire = { name, version, actor, reason in try await appliance.models.retire(name, version, actor: actor, reason: reason) }
        operations.drift = { name, days, referenceDays in try await appliance.driftReport(model: name, days: days, referenceDays: referenceDays).json }
        let trainings = TrainingRuns()
        operations.startTraining = { name, request, actor in
            let plan = TrainingPlan(name: name, request: request)
            try plan.check()
            return try trainings.start(name: name, actor: actor) { progress in try await appliance.train(plan, actor: actor, progress: progress) }
        }
        operations.training = { id in trainings.status(id) }
        operations.status = { try JSONValue.parse(StatusSnapshot.encoder.encode(try await appliance.statusSnapshot())) }
        let router = QuireAPI.router(store: store, review: reviewService(), reviewData: reviewData, operations: operations, limits: limits)
        return try QuireAPI.application(router: router, host: host, port: port, tls: tls, limits: limits, logger: Logger(label: "quire.api"), onRunning: onRunning)
    }
}

extension Appliance {
    /// How an item's metadata lists a file stored with it (`attachments`), which bots receive.
    public static func attachment(name: String, stored: BlobStore.Stored) -> JSONValue {
        ["name": .string((name as NSString).lastPathComponent), "sha256": .string(stored.hash),
         "media_type": .string(MediaType.sniff(stored.head)?.mimeType ?? "application/octet-stream"), "size": .number(Double(stored.size))]
    }

    /// Takes in an API upload through the same intake as the spool and `quire drop`.
    func submit(_ upload: Upload) async throws -> UploadResult {
        guard let entry = catalog[upload.pipeline] else {
            return .rejected(code: "unknown_pipeline", reason: "no pipeline '\(upload.pipeline)'; known pipelines: \(catalog.names.joined(separator: ", "))")
        }
        guard entry.spec.submit else {
            return .rejected(code: "submit_not_allowed", reason: "pipeline '\(upload.pipeline)' does not take submissions (sources.submit is false)")
        }
        // The document on disk: where the API streamed it, else written from memory here.
        let path: String
        if let file = upload.file {
            path = file
        } else {
            let dir = configuration.layout.claimed(upload.pipeline)
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            path = dir + "/.api-\(UUID().uuidString)"
            guard FileManager.default.createFile(atPath: path, contents: upload.bytes) else { throw QuireError(.io, "cannot write the upload to \(dir)") }
        }
        defer { if upload.file == nil { try? FileManager.default.removeItem(atPath: path) } }
        var submission = SpoolIntake.Submission()
        submission.priority = upload.priority
        submission.tenant = upload.tenant
        submission.externalRef = upload.externalRef
        submission.idempotencyKey = upload.idempotencyKey
        submission.metadata = upload.metadata
        submission.system = upload.system
        if let f = upload.fingerprint { submission.system["request_sha256"] = .string(f) }
        var attached: [JSONValue] = []
        for a in upload.attachments {
            let stored = try blobs.put(data: a.bytes)
            attached.append(Self.attachment(name: a.name, stored: stored))
        }
        if !attached.isEmpty { submission.system["attachments"] = .array(attached) }
        let name = (upload.name as NSString).lastPathComponent
        switch await intake().ingest(path: path, name: name.isEmpty ? "upload" : name, pipeline: upload.pipeline, source: .api, submission: submission, intakeKey: nil) {
        case .accepted(let i): return .created(i)
        case .duplicate(let i, let original): return .duplicate(i, original: original)
        case .existing(let i):
            if let f = upload.fingerprint, let earlier = i.metadata["request_sha256"]?.stringValue { return .existing(i, sameContent: earlier == f) }
            let hash = upload.fileSHA256 ?? SHA256.hash(data: upload.bytes).map { String(format: "%02x", $0) }.joined()
            return .existing(i, sameContent: i.contentHash == hash && upload.fingerprint == nil)
        case .rejected(let code, let reason, _): return .rejected(code: code, reason: reason)
        }
    }
}

public import Foundation
public import Logging
public import QuireCore
public import QuireStore
public import ServiceLifecycle

/// Pipeline webhooks (`webhooks:` in a spec): when an item is done, failed (or stopped as an
/// exception) or waits for review, a signed POST goes to each webhook that asked for that event.
///
/// Durable: a scan of the items' change order (a cursor kept in the store) queues one delivery per
/// item, event, item version and URL in the `webhook_deliveries` table; a sender posts what is due,
/// with `Quire-Signature: v1=<HMAC-SHA256 of "<timestamp>.<body>">`, `Quire-Timestamp`,
/// `Quire-Event`, `Quire-Delivery` and `Idempotency-Key`, and retries with exponential backoff
/// (5 s doubling, at most an hour apart) until `maxAttempts`, then marks it failed. Every attempt
/// is in the delivery log (`quire webhooks list`); `quire webhooks replay ID` sends one again.
public final class WebhookService: Service, Sendable {
    public struct Configuration: Sendable {
        public var pollInterval: Double = 0.5
        public var maxAttempts: Int = 12
        public var firstBackoff: Double = 5
        public var maxBackoff: Double = 3600
        public var timeout: Double = 15
        /// Items changed this recently are left for the next scan, so a transaction that commits
        /// a little after its timestamp is not passed over.
        public var settle: Double = 1
        public init() {}
    }

    let store: any WebhookStore & ItemStore & JobStore
    let pipelines: [String: PipelineSpec]
    /// The secrets the pipelines' webhooks name, as configured.
    public let secrets: Secrets
    let configuration: Configuration
    let logger: Logger
    static let cursorName = "webhooks"

    public init(store: any WebhookStore & ItemStore & JobStore, pipelines: [PipelineSpec], secrets: Secrets, configuration: Configuration = Configuration(),
                logger: Logger = Logger(label: "quire.webhooks")) {
        self.store = store
        self.pipelines = Dictionary(pipelines.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.secrets = secrets
        self.configuration = configuration
        self.logger = logger
    }

    /// Whether any loaded pipeline has a webhook.
    public var isNeeded: Bool { pipelines.values.contains { !$0.webhooks.isEmpty } }

    /// The event an item's state stands for, if any.
    public static func event(for state: ItemState) -> WebhookSpec.Event? {
        switch state {
        case .done: return .done
        case .failed, .exception: return .failed
        case .needsHuman: return .needsReview
        default: return nil
        }
    }

    public func run() async throws {
        try await withGracefulShutdownHandler {
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                do {
                    try await scan(now: Date())
                    try await deliverDue(now: Date())
                } catch {
                    logger.error("webhook round failed; trying again", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: .milliseconds(Int64(configuration.pollInterval * 1000)))
            }
        } onGracefulShutdown: {}
    }

    /// Queues deliveries for items that changed since the last scan.
    public func scan(now: Date) async throws {
        var cursor = try await store.webhookCursor(Self.cursorName)
        if cursor == nil {
            // A first start does not announce the history: only what changes from now on.
            let start = ItemCursor(updatedAt: now.addingTimeInterval(-configuration.settle), item: ItemID(""))
            try await store.enqueueWebhooks([], cursor: (Self.cursorName, start))
            cursor = start
        }
        while true {
            let changed = try await store.itemsChanged(after: cursor, limit: 200).filter { $0.updatedAt <= now.addingTimeInterval(-configuration.settle) }
            guard let last = changed.last else { return }
            var deliveries: [WebhookDelivery] = []
            for item in changed {
                guard let event = Self.event(for: item.state), let spec = pipelines[item.pipeline] else { continue }
                let hooks = spec.webhooks.filter { $0.events.contains(event) }
                if hooks.isEmpty { continue }
                let payload = try await payload(item, event: event, now: now)
                for h in hooks {
                    deliveries.append(WebhookDelivery(pipeline: item.pipeline, item: item.id, event: event.rawValue, itemVersion: item.version, url: h.url,
                                                      secret: h.secret, payload: payload, nextAt: now, createdAt: now))
                }
            }
            let next = ItemCursor(updatedAt: last.updatedAt, item: last.id)
            try await store.enqueueWebhooks(deliveries, cursor: (Self.cursorName, next))
            cursor = next
            if changed.count < 200 { return }
        }
    }

    func payload(_ item: Item, event: WebhookSpec.Event, now: Date) async throws -> JSONValue {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let jobs = try await store.jobs(of: item.id)
        return ["event": .string(event.rawValue), "at": .string(f.string(from: now)),
                "idempotency_key": .string("\(item.id.rawValue):\(event.rawValue):\(item.version)"),
                "item": ["id": .string(item.id.rawValue), "name": .string(item.name), "pipeline": .string(item.pipeline), "state": .string(item.state.rawValue),
                         "reason": item.reason.map(JSONValue.string) ?? .null, "tenant": item.tenant.map(JSONValue.string) ?? .null,
                         "external_ref": item.externalRef.map(JSONValue.string) ?? .null, "sha256": .string(item.contentHash)],
                "result": .object(ItemResult.summary(jobs))]
    }

    /// Sends what is due now; returns how many were delivered.
    @discardableResult
    public func deliverDue(now: Date) async throws -> Int {
        var delivered = 0
        for d in try await store.dueWebhooks(now: now, limit: 20) {
            let (status, error) = await send(d)
            let ok = error == nil
            var next: Date?
            if !ok && d.attempts + 1 < configuration.maxAttempts {
                let backoff = min(configuration.maxBackoff, configuration.firstBackoff * pow(2, Double(d.attempts)))
                next = Date().addingTimeInterval(backoff * Double.random(in: 0.8...1.2))
            }
            try await store.recordWebhookAttempt(id: d.id, status: status, error: error, delivered: ok, nextAt: next, now: Date())
            if ok { delivered += 1 } else {
                logger.warning(next == nil ? "webhook gave up; replay it with quire webhooks replay" : "webhook failed; will retry",
                               metadata: ["delivery": "\(d.id)", "item": "\(d.item)", "url": "\(d.url)", "error": "\(error ?? "")"])
            }
        }
        return delivered
    }

    /// One POST. Returns the status (nil when no answer came) and an error (nil when delivered).
    func send(_ d: WebhookDelivery) async -> (Int?, String?) {
        guard let secret = secrets[d.secret] else {
            return (nil, "secret \(d.secret) is not configured; add it to the secrets file (chmod 600): webhook secrets are not read from the environment")
        }
        guard let url = URL(string: d.url) else { return (nil, "\(d.url) is not a URL") }
        do {
            let (status, _) = try await HTTPBotClient.post(url: url, body: Data(d.payload.jsonString().utf8), secret: secret, timeout: configuration.timeout,
                                                          headers: ["Quire-Event": d.event, "Quire-Delivery": String(d.id),
                                                                    "Idempotency-Key": d.payload["idempotency_key"]?.stringValue ?? ""])
            return (status, (200..<300).contains(status) ? nil : "the receiver answered HTTP \(status)")
        } catch {
            return (nil, "no answer: \(error.localizedDescription)")
        }
    }
}

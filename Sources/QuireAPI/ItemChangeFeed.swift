import Foundation
import QuireCore
import QuireStore

/// Wakes `GET /v1/items/{id}/wait` callers when their item changes. One reader of the store's
/// change feed (`itemsChanged`, the cursor the webhooks use, so it sees changes made by every node)
/// serves every waiting caller, and runs only while someone waits: a hundred callers cost the
/// database one small query per `interval`, where each used to read its item five times a second.
///
/// A wake-up is a hint: the caller reads its item again, and also does so every `fallback` seconds
/// (a change whose clock stamp the cursor had passed is still seen).
actor ItemChangeFeed {
    private let store: any WebhookStore
    private let interval: Duration
    private let lookback: Double
    private var waiters: [ItemID: [Int: CheckedContinuation<Void, Never>]] = [:]
    private var nextToken = 0
    private var cursor: ItemCursor?
    private var reading = false

    /// `lookback`: how far back the feed starts reading when it starts (a change made while the
    /// caller was being answered is not missed; an older one only wakes a caller early, which reads again).
    init(store: any WebhookStore, interval: Duration = .milliseconds(250), lookback: Double = 2) {
        self.store = store
        self.interval = interval
        self.lookback = lookback
    }

    /// Returns when `item` changed, after `seconds`, or when the calling task is cancelled (the
    /// caller hung up), whichever comes first.
    func changed(_ item: ItemID, within seconds: Double) async {
        let token = nextToken
        nextToken += 1
        startReading()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                waiters[item, default: [:]][token] = c
                Task { [weak self] in
                    try? await Task.sleep(for: .seconds(max(0, seconds)))
                    await self?.wake(item, token: token)
                }
            }
        } onCancel: {
            Task { [weak self] in await self?.wake(item, token: token) }
        }
    }

    /// How many callers wait now (for tests and metrics).
    var waiting: Int { waiters.values.reduce(0) { $0 + $1.count } }

    private func wake(_ item: ItemID, token: Int) {
        guard let c = waiters[item]?.removeValue(forKey: token) else { return }
        if waiters[item]?.isEmpty == true { waiters[item] = nil }
        c.resume()
    }

    private func wakeAll(_ item: ItemID) {
        guard let all = waiters.removeValue(forKey: item) else { return }
        for c in all.values { c.resume() }
    }

    private func startReading() {
        guard !reading else { return }
        reading = true
        if cursor == nil { cursor = ItemCursor(updatedAt: Date().addingTimeInterval(-lookback), item: ItemID("")) }
        Task { await self.read() }
    }

    private func read() async {
        while !waiters.isEmpty {
            if let changed = try? await store.itemsChanged(after: cursor, limit: 500) {
                for item in changed { wakeAll(item.id) }
                if let last = changed.last { cursor = ItemCursor(updatedAt: last.updatedAt, item: last.id) }
                // A full page: read on at once, the caller's item may be on the next.
                if changed.count == 500 { continue }
            }
            try? await Task.sleep(for: interval)
        }
        reading = false
        // Start again from "now" the next time: nothing was waiting for what changes meanwhile.
        cursor = nil
    }
}

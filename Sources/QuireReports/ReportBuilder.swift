public import Foundation
public import QuireCore
public import QuireStore

/// What the report needs to know besides the store: the pipelines, where "a day" is, and the rates
/// that turn time into money (docs/reports.md).
public struct ReportSettings: Sendable {
    public var timeZone: TimeZone
    public var ratePerCPUHour: Double = 0.05
    public var ratePerReviewHour: Double = 40
    public var currency = "EUR"
    /// Minutes a person would spend keying one document without Quire.
    public var manualMinutesPerDocument: Double = 4
    /// The SLA of a pipeline without an `sla` policy.
    public var defaultSLA: Double = 24 * 3600
    public init(timeZone: TimeZone) { self.timeZone = timeZone }
}

/// Builds the ``ReportModel`` of one day from the store: the items received that day with their
/// jobs and reviews, the day's review actions and classifications, and the same headline figures
/// for the seven days before (their median is the yardstick).
public struct ReportBuilder: Sendable {
    public let store: any Store
    public let pipelines: [PipelineSpec]
    public let settings: ReportSettings

    public init(store: any Store, pipelines: [PipelineSpec], settings: ReportSettings) {
        self.store = store
        self.pipelines = pipelines
        self.settings = settings
    }

    var calendar: Calendar {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = settings.timeZone
        return c
    }

    /// `YYYY-MM-DD` → the day's [from, to) in the report's time zone.
    public func window(_ date: String) throws -> (from: Date, to: Date) {
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, let from = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
              let to = calendar.date(byAdding: .day, value: 1, to: from) else {
            throw QuireError(.invalidArgument, "'\(date)' is not a date; give YYYY-MM-DD, e.g. 2026-11-28")
        }
        return (from, to)
    }

    public func dayString(_ d: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: d)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    struct Entry {
        var item: Item
        var jobs: [Job]
        var review: Review?
        var finished: Date? {
            guard item.state.isTerminal || item.state == .exception else { return nil }
            return jobs.compactMap(\.finishedAt).max() ?? item.updatedAt
        }
    }

    struct Day {
        var from: Date, to: Date
        var entries: [Entry]
        var actions: [ReviewAction]
    }

    func collect(from: Date, to: Date) async throws -> Day {
        var entries: [Entry] = []
        var before: ItemID? = nil
        while true {
            let page = try await store.items(ItemQuery(limit: 1000, before: before, since: from, until: to))
            guard let last = page.last else { break }
            before = last.id
            for item in page {
                entries.append(Entry(item: item, jobs: try await store.jobs(of: item.id), review: try await store.review(item.id)))
            }
        }
        entries.sort { $0.item.createdAt == $1.item.createdAt ? $0.item.id.rawValue < $1.item.id.rawValue : $0.item.createdAt < $1.item.createdAt }
        let actions = try await store.reviewActions(from: from, to: to, limit: 1_000_000)
        return Day(from: from, to: to, entries: entries, actions: actions)
    }

    static func percentiles(_ values: [Double]) -> ReportModel.Percentiles {
        .init(count: values.count, p50: Statistics.quantile(0.5, of: values), p95: Statistics.quantile(0.95, of: values),
              p99: Statistics.quantile(0.99, of: values))
    }

    func sla(of pipeline: String) -> Double {
        pipelines.first { $0.name == pipeline }?.policies["sla"]?.stringValue.flatMap(Quantities.seconds) ?? settings.defaultSLA
    }

    static func decision(_ e: Entry) -> String {
        guard let r = e.review, r.state == .decided, let d = r.decided else { return e.item.state == .done ? "auto" : "-" }
        if d.action == .reject { return "rejected" }
        return d.corrected ? "corrected" : "approved"
    }

    static func isException(_ s: ItemState) -> Bool { s == .exception || s == .failed }

    /// The headline figures of a day (also computed for the seven days before).
    func figures(_ day: Day) -> [String: Double?] {
        let finished = day.entries.filter { $0.finished != nil && $0.item.state != .duplicate }
        let auto = finished.filter { $0.item.state == .done && Self.decision($0) == "auto" }.count
        let e2e = finished.filter { $0.item.state == .done }.compactMap { e in e.finished.map { $0.timeIntervalSince(e.item.createdAt) } }
        var met = 0, missed = 0
        for e in day.entries where e.item.state != .duplicate {
            let limit = sla(of: e.item.pipeline)
            if let f = e.finished { if f.timeIntervalSince(e.item.createdAt) <= limit { met += 1 } else { missed += 1 } }
            else if day.to.timeIntervalSince(e.item.createdAt) > limit { missed += 1 }
        }
        let cost = self.cost(day)
        let received = day.entries.filter { $0.item.state != .duplicate }.count
        return [
            "documents": Double(received),
            "straight_through_rate": finished.isEmpty ? nil : Double(auto) / Double(finished.count) * 100,
            "p95_end_to_end": Self.percentiles(e2e).p95,
            "sla_met": met + missed == 0 ? nil : Double(met) / Double(met + missed) * 100,
            "exceptions": Double(day.entries.filter { Self.isException($0.item.state) }.count),
            "cost_per_document": cost.perDocument,
        ]
    }

    func cost(_ day: Day) -> ReportModel.Cost {
        let processing = day.entries.flatMap(\.jobs).compactMap { j in j.startedAt.flatMap { s in j.finishedAt.map { $0.timeIntervalSince(s) } } }.reduce(0, +)
        let reviewMinutes = day.actions.map(\.seconds).reduce(0, +) / 60
        let total = processing / 3600 * settings.ratePerCPUHour + reviewMinutes / 60 * settings.ratePerReviewHour
        let received = day.entries.filter { $0.item.state != .duplicate }.count
        let done = day.entries.filter { $0.item.state == .done }.count
        let saved = max(0, Double(done) * settings.manualMinutesPerDocument - reviewMinutes) / 60
        func r(_ x: Double, _ places: Double = 10_000) -> Double { (x * places).rounded() / places }
        return .init(processingSeconds: r(processing, 1000), reviewMinutes: r(reviewMinutes, 100), ratePerCPUHour: settings.ratePerCPUHour,
                     ratePerReviewHour: settings.ratePerReviewHour, currency: settings.currency, total: r(total, 1e6),
                     perDocument: received == 0 ? nil : r(total / Double(received), 1e8), hoursSaved: r(saved, 100))
    }

    static let figureInfo: [(name: String, label: String, unit: String, higherIsBetter: Bool?)] = [
        ("documents", "Documents received", "", nil),
        ("straight_through_rate", "Straight-through rate", "%", true),
        ("p95_end_to_end", "p95 end-to-end latency", "s", false),
        ("sla_met", "SLA met", "%", true),
        ("exceptions", "Exceptions", "", false),
        ("cost_per_document", "Cost per document", "", false),
    ]

    static func median(_ xs: [Double]) -> Double? {
        let s = xs.sorted()
        guard !s.isEmpty else { return nil }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    static func status(value: Double?, median: Double?, higherIsBetter: Bool?) -> ReportModel.Status {
        guard let v = value, let m = median, let better = higherIsBetter, m > 0 else { return .green }
        let ratio = v / m
        if better { return ratio < 0.8 ? .red : ratio < 0.95 ? .amber : .green }
        return ratio > 1.5 ? .red : ratio > 1.15 ? .amber : .green
    }

    /// The headline figures of an earlier report (its `report.json`), so a night does not rebuild
    /// the seven days before from the store when their reports are there.
    public static func headlineFigures(ofReportAt path: String) -> [String: Double?]? {
        guard let data = FileManager.default.contents(atPath: path),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let funnel = json["funnel"] as? [String: Any], ((funnel["received"] as? NSNumber)?.intValue ?? 0) > 0,
              let figures = (json["headline"] as? [String: Any])?["figures"] as? [[String: Any]] else { return nil }
        var out: [String: Double?] = [:]
        for f in figures { if let name = f["name"] as? String { out[name] = (f["value"] as? NSNumber)?.doubleValue } }
        return out
    }

    /// The report of `date` (`YYYY-MM-DD` in the settings' time zone), as of `now`. `earlier` gives the
    /// headline figures of an earlier day when its report exists (else the day is rebuilt from the store).
    public func build(date: String, now: Date, earlier: (String) -> [String: Double?]? = { _ in nil }) async throws -> ReportModel {
        let (from, to) = try window(date)
        let day = try await collect(from: from, to: to)
        var history: [[String: Double?]] = []
        for back in 1...7 {
            let f = calendar.date(byAdding: .day, value: -back, to: from)!, t = calendar.date(byAdding: .day, value: -back + 1, to: from)!
            if let known = earlier(dayString(f)) { history.append(known); continue }
            let d = try await collect(from: f, to: t)
            if !d.entries.isEmpty { history.append(figures(d)) }
        }
        let today = figures(day)
        var figs: [ReportModel.Figure] = []
        for info in Self.figureInfo {
            let value = today[info.name] ?? nil
            let median = Self.median(history.compactMap { $0[info.name] ?? nil })
            figs.append(.init(name: info.name, label: info.label, value: value.map { info.name == "cost_per_document" ? $0 : ($0 * 1000).rounded() / 1000 }, unit: info.unit == "" && info.name == "cost_per_document" ? settings.currency : info.unit,
                              median7d: median.map { info.name == "cost_per_document" ? $0 : ($0 * 1000).rounded() / 1000 }, higherIsBetter: info.higherIsBetter ?? true,
                              status: Self.status(value: value, median: median, higherIsBetter: info.higherIsBetter)))
        }
        // Absolute rules beside the comparison with the week: SLA and exceptions.
        var notes: [String] = []
        var overall: ReportModel.Status = figs.contains { $0.status == .red } ? .red : figs.contains { $0.status == .amber } ? .amber : .green
        if let s = today["sla_met"] ?? nil, s < 90 { overall = .red; notes.append(String(format: "SLA met %.1f %%, under 90 %%", s)) }
        let received: Double = (today["documents"] ?? nil) ?? 0
        if let x = today["exceptions"] ?? nil, received > 0, x / received > 0.1, overall == .green { overall = .amber; notes.append("more than 10 % of the documents ended as exceptions") }
        // A day is not green while the documents it received wait: nothing finished, or most of them with a person.
        let finished = day.entries.filter { $0.item.state == .done }.count
        let waiting = day.entries.filter { $0.item.state == .needsHuman }.count
        if day.entries.count > 0, finished == 0 {
            if overall == .green { overall = .amber }
            notes.append("\(day.entries.count) document\(day.entries.count == 1 ? "" : "s") received, none finished" + (waiting > 0 ? "; \(waiting) wait for a person (quire review)" : ""))
        } else if waiting * 2 > day.entries.count {
            if overall == .green { overall = .amber }
            notes.append("\(waiting) of \(day.entries.count) documents wait for a person (quire review)")
        }
        if history.isEmpty { notes.append("no earlier days to compare with yet") }

        var model = ReportModel(
            date: date, timeZone: settings.timeZone.identifier, from: from, to: to, generatedAt: now, quireVersion: QuireVersion.current,
            headline: .init(status: overall, figures: figs, notes: notes),
            volume: volume(day), funnel: funnel(day), latency: latency(day),
            endToEnd: Self.percentiles(day.entries.filter { $0.item.state == .done }.compactMap { e in e.finished.map { $0.timeIntervalSince(e.item.createdAt) } }),
            exceptions: exceptions(day), sla: slaFigures(day, now: now), review: try await reviewWorkload(day, now: now),
            quality: try await quality(day), cost: cost(day), versions: versions(day), documents: [], reviewActions: [])
        model.documents = day.entries.map { e in
            let summary = ItemResult.summary(e.jobs)
            let decided = e.review?.state == .decided ? e.review?.decided : nil
            return .init(item: e.item.id.rawValue, pipeline: e.item.pipeline, name: e.item.name, received: e.item.createdAt, finished: e.finished,
                         state: e.item.state.rawValue, endToEndSeconds: e.finished.map { ($0.timeIntervalSince(e.item.createdAt) * 1000).rounded() / 1000 },
                         documentType: decided?.documentType ?? summary["document_type"]?.stringValue, decision: Self.decision(e),
                         reviewers: decided?.reviewers ?? summary["reviewers"]?.arrayValue?.compactMap(\.stringValue) ?? [], reason: e.item.reason)
        }
        model.reviewActions = day.actions.map { a in
            .init(item: a.item.rawValue, at: a.at, actor: a.actor, action: a.action, seconds: (a.seconds * 1000).rounded() / 1000, reasonCode: a.reasonCode,
                  correctedFields: (ReviewDecision(stored: a.after)?.corrections ?? [:]).keys.sorted())
        }
        return model
    }

    func volume(_ day: Day) -> ReportModel.Volume {
        var received = Array(repeating: 0, count: 24), finished = Array(repeating: 0, count: 24), backlog = Array(repeating: 0, count: 24)
        func hour(_ d: Date) -> Int { calendar.component(.hour, from: d) }
        for e in day.entries {
            received[hour(e.item.createdAt)] += 1
            if let f = e.finished, f < day.to { finished[hour(f)] += 1 }
        }
        var open = 0
        for h in 0..<24 { open += received[h] - finished[h]; backlog[h] = max(0, open) }
        return .init(receivedPerHour: received, finishedPerHour: finished, backlogPerHour: backlog,
                     byPipeline: Dictionary(grouping: day.entries, by: \.item.pipeline).mapValues(\.count))
    }

    func funnel(_ day: Day) -> ReportModel.Funnel {
        var f = ReportModel.Funnel()
        for e in day.entries {
            if e.item.state == .duplicate { f.duplicates += 1; continue }
            f.received += 1
            switch Self.decision(e) {
            case "auto": f.autoApproved += 1
            case "approved": f.reviewed += 1; f.approved += 1
            case "corrected": f.reviewed += 1; f.corrected += 1
            case "rejected": f.reviewed += 1; f.rejected += 1
            default: break
            }
            if e.item.state == .done { f.dispatched += 1 }
            else if Self.isException(e.item.state) || e.item.state == .cancelled { f.failed += 1 }
            else { f.inProgress += 1 }
        }
        return f
    }

    func latency(_ day: Day) -> [ReportModel.StageLatency] {
        var groups: [String: [Job]] = [:]
        for j in day.entries.flatMap(\.jobs) where j.finishedAt != nil && j.startedAt != nil { groups["\(j.pipeline)\u{1}\(j.stageID)", default: []].append(j) }
        return groups.keys.sorted().map { key in
            let jobs = groups[key]!
            let secs = jobs.map { $0.finishedAt!.timeIntervalSince($0.startedAt!) }
            return .init(pipeline: jobs[0].pipeline, stage: jobs[0].stageID, seconds: Self.percentiles(secs),
                         attempts: jobs.map(\.attempts).reduce(0, +), retries: jobs.map { max(0, $0.attempts - 1) }.reduce(0, +))
        }
    }

    func exceptions(_ day: Day) -> [ReportModel.ExceptionGroup] {
        var groups: [String: (count: Int, message: String, examples: [String])] = [:]
        for e in day.entries where Self.isException(e.item.state) {
            let last = e.jobs.last { [.stopped, .dead].contains($0.state) }
            let error = last?.lastError ?? e.item.reason ?? "unknown"
            let code = error.split(separator: ":", maxSplits: 1).first.map { String($0) } ?? error
            let signature = "\(last?.stageID ?? "?")/\(code.trimmingCharacters(in: .whitespaces))"
            var g = groups[signature] ?? (0, String(error.prefix(200)), [])
            g.count += 1
            if g.examples.count < 3 { g.examples.append(e.item.id.rawValue) }
            groups[signature] = g
        }
        return groups.map { .init(signature: $0.key, count: $0.value.count, message: $0.value.message, examples: $0.value.examples) }
            .sorted { $0.count == $1.count ? $0.signature < $1.signature : $0.count > $1.count }
    }

    func slaFigures(_ day: Day, now: Date) -> ReportModel.SLA {
        var s = ReportModel.SLA()
        let end = min(now, day.to)
        for e in day.entries where e.item.state != .duplicate {
            let limit = sla(of: e.item.pipeline)
            if let f = e.finished {
                if f.timeIntervalSince(e.item.createdAt) <= limit { s.met += 1 } else { s.missed += 1 }
            } else {
                s.open += 1
                let used = end.timeIntervalSince(e.item.createdAt)
                if used > limit { s.missed += 1 } else if used > 0.75 * limit { s.atRisk += 1; if s.atRiskItems.count < 20 { s.atRiskItems.append(e.item.id.rawValue) } }
            }
        }
        return s
    }

    func reviewWorkload(_ day: Day, now: Date) async throws -> ReportModel.ReviewWorkload {
        let decisions = day.actions.filter { ["approve", "reject"].contains($0.action) }
        var corrected: [String: Int] = [:], byReviewer: [String: Int] = [:], rejects: [String: Int] = [:]
        for a in decisions {
            byReviewer[a.actor, default: 0] += 1
            let d = ReviewDecision(stored: a.after)
            for k in (d?.corrections ?? [:]).keys { corrected[k, default: 0] += 1 }
            if d?.documentType != nil, a.action == "approve" { corrected["document_type", default: 0] += 1 }
            if let r = a.reasonCode, a.action == "reject" { rejects[r, default: 0] += 1 }
        }
        var reasons: [String: Int] = [:]
        for e in day.entries { for r in e.review?.reasons ?? [] { reasons[Self.reasonKey(r), default: 0] += 1 } }
        var aging = ["under_1h": 0, "1h_8h": 0, "8h_24h": 0, "over_24h": 0]
        let end = min(now, day.to)
        for r in try await store.reviews(queue: nil, states: [.open, .claimed], now: end, limit: 100_000) where r.createdAt < end {
            let age = end.timeIntervalSince(r.createdAt)
            aging[age < 3600 ? "under_1h" : age < 8 * 3600 ? "1h_8h" : age < 86_400 ? "8h_24h" : "over_24h", default: 0] += 1
        }
        return .init(decisions: decisions.count, handleSeconds: Self.percentiles(decisions.map(\.seconds).filter { $0 > 0 }), aging: aging,
                     reasons: reasons, rejectReasons: rejects,
                     correctedFields: corrected.map { .init(field: $0.key, count: $0.value) }.sorted { $0.count == $1.count ? $0.field < $1.field : $0.count > $1.count },
                     byReviewer: byReviewer)
    }

    /// A review reason without its particulars ("low confidence: total 0.42" → "low confidence").
    static func reasonKey(_ r: String) -> String {
        String(r.split(separator: ":", maxSplits: 1).first ?? Substring(r)).trimmingCharacters(in: .whitespaces)
    }

    func quality(_ day: Day) async throws -> ReportModel.ModelQuality {
        var extracted: [String: Int] = [:], expected: [String: Int] = [:], correct: [String: Int] = [:]
        var bins = Array(repeating: (count: 0, right: 0, reviewed: 0, sum: 0.0), count: 10)
        var classifications = 0, abstained = 0
        for e in day.entries {
            if let c = e.jobs.output(Classification.self) {
                let p = c.probability
                classifications += 1
                if c.abstained { abstained += 1 }
                let b = min(9, max(0, Int(p * 10)))
                bins[b].count += 1
                bins[b].sum += p
                if let r = e.review, r.state == .decided, let d = r.decided, d.action == .approve {
                    bins[b].reviewed += 1
                    if d.documentType == nil || d.documentType == c.label { bins[b].right += 1 }
                }
            }
            guard let r = e.review, r.state == .decided, let d = r.decided, d.action == .approve,
                  let values = e.jobs.output(ExtractedFields.self)?.values else { continue }
            let corrections = d.corrections ?? [:]
            for (field, v) in values where v != .null { extracted[field, default: 0] += 1; if corrections[field] == nil { correct[field, default: 0] += 1 } }
            var after = values
            for (k, v) in corrections { after[k] = v }
            for (field, v) in after where v != .null { expected[field, default: 0] += 1 }
        }
        let fields = Set(extracted.keys).union(expected.keys).sorted().map { f -> ReportModel.FieldMetric in
            let x = extracted[f] ?? 0, y = expected[f] ?? 0, c = correct[f] ?? 0
            func ratio(_ a: Int, _ b: Int) -> Double? { b == 0 ? nil : (Double(a) / Double(b) * 1000).rounded() / 1000 }
            return .init(field: f, extracted: x, expected: y, correct: c, precision: ratio(c, x), recall: ratio(min(c, y), y))
        }
        let calibration = bins.enumerated().map { i, b in
            ReportModel.CalibrationBin(lower: Double(i) / 10, upper: Double(i + 1) / 10, count: b.count,
                                       accuracy: b.reviewed == 0 ? nil : (Double(b.right) / Double(b.reviewed) * 1000).rounded() / 1000,
                                       meanConfidence: b.count == 0 ? nil : (b.sum / Double(b.count) * 1000).rounded() / 1000)
        }
        var drift: [String: Double] = [:]
        for name in Set(try await store.models(name: nil).map(\.name)) {
            let ref = try await store.classifications(model: name, from: day.from.addingTimeInterval(-28 * 86_400), to: day.from).filter { $0.role == "decided" }
            let cur = try await store.classifications(model: name, from: day.from, to: day.to).filter { $0.role == "decided" }
            guard !cur.isEmpty, !ref.isEmpty else { continue }
            let labels = Set(cur.map(\.label)).union(ref.map(\.label)).sorted()
            func counts(_ rs: [ClassificationRecord]) -> [Double] { labels.map { l in Double(rs.filter { $0.label == l }.count) } }
            drift[name] = (Statistics.psi(counts(cur), counts(ref)) * 1000).rounded() / 1000
        }
        return .init(fields: fields, calibration: calibration, drift: drift, classifications: classifications, abstained: abstained)
    }

    func versions(_ day: Day) -> ReportModel.Versions {
        var models: [String: [String: Int]] = [:], bots: [String: Int] = [:]
        for j in day.entries.flatMap(\.jobs) {
            if j.state == .done, let c = j.output(as: Classification.self) {
                models[c.model, default: [:]][String(c.version), default: 0] += 1
            }
            if j.kind == "bot", j.finishedAt != nil { bots[j.output(as: BotDispatch.self)?.bot ?? j.stageID, default: 0] += j.attempts }
        }
        return .init(pipelines: Dictionary(uniqueKeysWithValues: pipelines.map { ($0.name, $0.version) }), models: models, bots: bots)
    }
}

public import Foundation
public import QuireCore
public import QuireStore

/// Turns a stage's outcome into what the store must do: finish or requeue the job, which
/// stage runs next, the item's new state and the events to record. A pure value type,
/// tested without a database or clock.
public struct OutcomeRouter: Sendable {
    public let spec: PipelineSpec

    public init(spec: PipelineSpec) { self.spec = spec }

    /// Values a `when` condition sees: `item` and the outputs of finished stages.
    public static func conditionValues(item: Item, outputs: [String: JSONValue]) -> [String: JSONValue] {
        WhenExpression.values(item: item, outputs: outputs)
    }

    /// A job draft for a stage of this pipeline.
    public func draft(_ stage: StageSpec, item: Item, now: Date) -> JobDraft {
        var deadline: Date?
        if let text = item.metadata["deadline"]?.stringValue {
            deadline = ISO8601DateFormatter().date(from: text)
        }
        return JobDraft(stageID: stage.id, kind: stage.kind, priority: item.priority + stage.priority, runAt: now,
                        deadline: deadline, maxAttempts: stage.retry.maxAttempts)
    }

    /// The next stage in `list` after `current` (or the first when nil) whose `when` holds.
    /// Returns the job to enqueue (at most one) and the ids of the stages skipped on the way.
    public func nextStage(after current: String?, in list: [StageSpec], item: Item, outputs: [String: JSONValue], now: Date)
        -> (jobs: [JobDraft], skipped: [String])
    {
        var start = 0
        if let current, let i = list.firstIndex(where: { $0.id == current }) { start = i + 1 }
        let values = Self.conditionValues(item: item, outputs: outputs)
        var skipped: [String] = []
        for st in list[start...] {
            if let w = st.when, !w.evaluate(values) {
                skipped.append(st.id)
                continue
            }
            if let each = st.each {
                // Fan-out: one job per element, numbered from 1; nothing to do means skip the stage.
                let elements = values[each[0]]?.value(at: Array(each.dropFirst()))?.arrayValue ?? []
                if elements.isEmpty {
                    skipped.append(st.id)
                    continue
                }
                return (elements.enumerated().map { i, element in
                    var d = draft(st, item: item, now: now)
                    d.part = i + 1
                    d.input = ["each": element, "index": .number(Double(i))]
                    return d
                }, skipped)
            }
            return ([draft(st, item: item, now: now)], skipped)
        }
        return ([], skipped)
    }

    /// Builds the completion for an outcome.
    /// - Parameters:
    ///   - outputs: outputs of the item's finished stages, not including this run.
    ///   - random: a number in 0..<1 for backoff jitter.
    public func completion(for outcome: Outcome, job: Job, item: Item, outputs: [String: JSONValue], now: Date,
                           random: Double = Double.random(in: 0..<1)) -> Completion
    {
        let onFailurePath = spec.isFailureStage(job.stageID)
        let stage = spec.stage(job.stageID)
        var events: [EventDraft] = []
        func event(_ kind: String, _ data: JSONValue = .emptyObject) {
            events.append(EventDraft(kind: kind, stageID: job.stageID, jobID: job.id, data: data))
        }
        func failurePath(_ state: ItemState, reason: String) -> [JobDraft] {
            if onFailurePath { return [] }
            var out = outputs
            out[job.stageID] = .object(["error": .string(reason)])
            let next = nextStage(after: nil, in: spec.onFailure, item: item, outputs: out, now: now)
            for s in next.skipped { event("skipped", ["stage": .string(s)]) }
            return next.jobs
        }

        switch outcome {
        case .done(let output):
            var out = outputs
            out[job.stageID] = output
            let list = onFailurePath ? spec.onFailure : spec.stages
            let next = nextStage(after: job.stageID, in: list, item: item, outputs: out, now: now)
            var state: ItemState? = nil
            if !onFailurePath { state = next.jobs.isEmpty ? .done : .processing }
            var data: [String: JSONValue] = ["attempt": .number(Double(job.attempts))]
            if job.part > 0 { data["part"] = .number(Double(job.part)) } else if state == .done { data["item_done"] = true }
            event("stage_done", .object(data))
            for s in next.skipped { events.append(EventDraft(kind: "skipped", stageID: s, data: ["reason": "when was false or each was empty"])) }
            var c = Completion(job: job.id, token: job.token, disposition: .finish(.done, output: output, error: nil),
                               itemState: state, enqueue: next.jobs, events: events, now: now)
            // A part moves the item on only if it is the last of its stage to finish (the store decides).
            c.joinParts = job.part > 0
            return c

        case .businessError(let code, let message):
            let reason = "\(code): \(message)"
            event("business_error", ["code": .string(code), "message": .string(message)])
            return Completion(job: job.id, token: job.token, disposition: .finish(.stopped, output: nil, error: reason),
                              itemState: onFailurePath ? nil : .exception, itemReason: onFailurePath ? nil : reason,
                              enqueue: failurePath(.exception, reason: reason), events: events, now: now)

        case .applicationError(let code, let message):
            let reason = "\(code): \(message)"
            let policy = stage?.retry ?? RetryPolicy(maxAttempts: job.maxAttempts)
            if job.attempts < job.maxAttempts {
                let delay = policy.backoff(afterAttempt: job.attempts, random: random)
                event("retry", ["attempt": .number(Double(job.attempts)), "error": .string(reason), "delay_s": .number((delay * 1000).rounded() / 1000)])
                return Completion(job: job.id, token: job.token,
                                  disposition: .requeue(runAt: now.addingTimeInterval(delay), error: reason, countAttempt: true),
                                  events: events, now: now)
            }
            event("dead_letter", ["attempts": .number(Double(job.attempts)), "error": .string(reason)])
            let why = "\(job.stageID) failed after \(job.attempts) attempt\(job.attempts == 1 ? "" : "s"): \(reason)"
            return Completion(job: job.id, token: job.token, disposition: .finish(.dead, output: nil, error: reason),
                              itemState: onFailurePath ? nil : .failed, itemReason: onFailurePath ? nil : why,
                              enqueue: failurePath(.failed, reason: why), events: events, now: now)

        case .needsHuman(let reason):
            event("needs_human", ["reason": .string(reason)])
            return Completion(job: job.id, token: job.token, disposition: .finish(.stopped, output: nil, error: reason),
                              itemState: .needsHuman, itemReason: reason, events: events, now: now)

        case .snooze(let until):
            event("snoozed", ["until": .string(ISO8601DateFormatter().string(from: until))])
            return Completion(job: job.id, token: job.token, disposition: .requeue(runAt: until, error: nil, countAttempt: false),
                              events: events, now: now)

        case .cancel(let reason):
            event("cancelled", ["reason": .string(reason)])
            return Completion(job: job.id, token: job.token, disposition: .finish(.cancelled, output: nil, error: reason),
                              itemState: .cancelled, itemReason: reason, events: events, now: now)
        }
    }
}

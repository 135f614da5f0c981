import Foundation
import QuireCore
import QuireObservability

/// Calls an isolated worker task for a stage, with the rules every document stage shares:
/// no workers → application error; bad input → business error with the worker's message;
/// a crash or hang → application error (retried); a document that already crashed or hung
/// `poisonAfter` workers in this stage → business error `poison_document`.
enum IsolatedCall {
    enum Result {
        case value(JSONValue)
        case outcome(Outcome)
    }

    static func run(_ context: StageContext, task: String, input: JSONValue, timeout: Double, poisonAfter: Int,
                    badInputCode: (String) -> String) async throws -> Result {
        guard let isolation = context.services.isolation else {
            return .outcome(.applicationError(code: "no_workers", message: "\(context.job.kind) needs isolated workers and none are running"))
        }
        // Crashes are this stage's retries and dead letters whose error came from a dead or hung worker.
        // A first attempt of an ordinary job has none, so it skips reading the item's events.
        let mayHaveCrashed = context.job.attempts > 1 || context.job.part > 0
        let crashes = !mayHaveCrashed ? 0 : try await context.services.events(of: context.item.id).filter { e in
            (e.kind == "retry" || e.kind == "dead_letter") && e.stageID == context.job.stageID
                && (e.data["error"]?.stringValue.map { $0.hasPrefix("worker_crashed:") || $0.hasPrefix("timeout:") } ?? false)
        }.count
        if crashes >= poisonAfter {
            let what = context.item.mediaType == "pdf" ? "PDF" : "file"
            return .outcome(.businessError(code: "poison_document", message: "this \(what) crashed \(crashes) workers; it is set aside (its stored copy is kept) — ask the sender for a new copy"))
        }
        do {
            let value = try await QuireTracing.withSpan("worker \(task)", attributes: ["quire.item": context.item.id.rawValue]) { span in
                do { return try await isolation.run(task: task, input: input, timeout: timeout) } catch {
                    span.fail("\(error)")
                    throw error
                }
            }
            return .value(value)
        } catch let e as QuireError where e.code == .unsupportedInput {
            let parts = e.message.split(separator: ":", maxSplits: 1)
            let first = parts.first.map(String.init) ?? ""
            let isCode = parts.count == 2 && !first.contains(" ")
            let message = isCode ? parts[1].trimmingCharacters(in: .whitespaces) : e.message
            return .outcome(.businessError(code: badInputCode(isCode ? first : ""), message: message))
        } catch let e as QuireError where e.code == .workerCrashed || e.code == .timeout {
            return .outcome(.applicationError(code: e.code.description, message: e.message))
        }
    }
}

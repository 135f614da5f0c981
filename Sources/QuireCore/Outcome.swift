public import Foundation

/// What a stage reports when it finishes.
public enum Outcome: Sendable, Hashable {
    /// The stage did its work; `output` is kept and visible to later stages.
    case done(JSONValue)
    /// The input is wrong for business reasons (a password-protected PDF, an unknown vendor).
    /// Never retried blindly: the item goes to the exception path.
    case businessError(code: String, message: String)
    /// Something failed that may work next time (a timeout, a crashed worker, a busy endpoint).
    /// Retried with backoff and jitter, then dead-lettered.
    case applicationError(code: String, message: String)
    /// A person must look at the item.
    case needsHuman(reason: String)
    /// Run this stage again later, without counting an attempt.
    case snooze(until: Date)
    /// Stop processing the item.
    case cancel(reason: String)

    public var name: String {
        switch self {
        case .done: return "done"
        case .businessError: return "business_error"
        case .applicationError: return "application_error"
        case .needsHuman: return "needs_human"
        case .snooze: return "snooze"
        case .cancel: return "cancel"
        }
    }
}

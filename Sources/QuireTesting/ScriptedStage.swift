public import QuireCore

/// A stage kind whose behaviour a test supplies: used to drive the engine through every
/// outcome without documents. Lives here, never in the appliance's registry.
public struct ScriptedStageKind: StageKind {
    public let name: String
    /// What the stage says of its own concurrency (as a bot stage says its target's budget).
    let concurrencyLimit: Int?
    let behaviour: @Sendable (StageContext) async throws -> Outcome

    public init(_ name: String = "test.script", concurrencyLimit: Int? = nil, behaviour: @escaping @Sendable (StageContext) async throws -> Outcome) {
        self.name = name
        self.concurrencyLimit = concurrencyLimit
        self.behaviour = behaviour
    }

    public var summary: String { "test stage" }
    public var settingsHelp: [String: String] { ["tag": "free text"] }
    public func validate(settings: JSONValue) -> [StageSettingsProblem] { unknownKeys(in: settings) }
    public func makeStage(settings: JSONValue) throws -> any Stage { ScriptedStage(concurrencyLimit: concurrencyLimit, behaviour: behaviour) }
}

struct ScriptedStage: Stage {
    let concurrencyLimit: Int?
    let behaviour: @Sendable (StageContext) async throws -> Outcome
    func run(_ context: StageContext) async throws -> Outcome { try await behaviour(context) }
}

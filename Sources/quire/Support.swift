import ArgumentParser
import Foundation
import Logging
import QuireAppliance
import QuireEngine
import QuireCore
import QuireObservability

enum QuireCLIVersion {
    static let string = QuireVersion.current
}

/// `--home`, shared by every command.
struct HomeOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The appliance's home folder (default: $QUIRE_HOME, else ./quire-home).", valueName: "DIR"))
    var home: String?

    var resolved: String {
        if let home { return absolute(home) }
        if let env = ProcessInfo.processInfo.environment["QUIRE_HOME"], !env.isEmpty { return absolute(env) }
        return absolute("quire-home")
    }

    func absolute(_ p: String) -> String {
        p.hasPrefix("/") ? p : FileManager.default.currentDirectoryPath + "/" + p
    }

    func configuration() throws -> ApplianceConfiguration {
        try ApplianceConfiguration.load(home: resolved)
    }

    func open(quietLogs: Bool = true) throws -> Appliance {
        let c = try configuration()
        if quietLogs { LoggingSetup.bootstrap(format: .text, level: .error) }
        return try Appliance.open(c)
    }
}

/// Turns Quire's errors into a message and an exit code; never a stack trace.
func reportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let e as QuireError {
        FileHandle.standardError.write(Data("error: \(e.message)\n".utf8))
        switch e.code {
        case .invalidArgument: throw ExitCode(64)
        case .invalidPipeline, .invalidConfiguration: throw ExitCode(78)
        case .notFound: throw ExitCode(66)
        case .invalidState, .conflict: throw ExitCode(75)
        default: throw ExitCode(1)
        }
    }
}

func printJSON(_ value: JSONValue) {
    print(value.jsonString(pretty: true))
}

func age(_ seconds: Double) -> String {
    if seconds < 1 { return "\(Int(seconds * 1000))ms" }
    if seconds < 120 { return "\(Int(seconds))s" }
    if seconds < 7200 { return "\(Int(seconds / 60))m" }
    if seconds < 172_800 { return "\(Int(seconds / 3600))h" }
    return "\(Int(seconds / 86_400))d"
}

func pad(_ s: String, _ n: Int) -> String {
    s.count >= n ? s : s + String(repeating: " ", count: n - s.count)
}

import ArgumentParser
import Foundation
import Synchronization
import Logging
import QuireAppliance
import QuireEngine
import QuireCore
import QuireObservability
import QuireAPI
import Yams

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

    func open(quietLogs: Bool = true) async throws -> Appliance {
        let c = try configuration()
        if quietLogs { LoggingSetup.bootstrap(format: .text, level: .error) }
        return try await Appliance.open(c)
    }
}

/// `--server` and `--token-file`: commands that can talk to a running `quire serve` over its API
/// instead of opening the home folder. The server is `--server`, else `$QUIRE_SERVER`, else the
/// client configuration's `server` when no home is named (`--home`, `$QUIRE_HOME`). The token is
/// `$QUIRE_TOKEN`, else the file `--token-file`, `$QUIRE_TOKEN_FILE`, the client configuration's
/// `token_file`, or `<home>/admin.token`, in that order. The client configuration is
/// `$XDG_CONFIG_HOME/quire/client.yaml` (default `~/.config/quire/client.yaml`).
struct ServerOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Talk to a running quire serve at this URL (default: $QUIRE_SERVER) instead of opening the home folder.", valueName: "URL"))
    var server: String?
    @Option(help: ArgumentHelp("A file holding the API token (chmod 600); default: $QUIRE_TOKEN, $QUIRE_TOKEN_FILE, client.yaml, <home>/admin.token.", valueName: "FILE"))
    var tokenFile: String?

    static func clientConfiguration(_ env: [String: String]) throws -> [String: String] {
        let base = env["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ((env["HOME"] ?? NSHomeDirectory()) + "/.config")
        let file = base + "/quire/client.yaml"
        guard let data = FileManager.default.contents(atPath: file) else { return [:] }
        guard let node = (try? Yams.compose(yaml: String(decoding: data, as: UTF8.self))) ?? nil, let m = node.mapping else {
            throw QuireError(.invalidConfiguration, "\(file) must be a mapping with 'server: URL' and 'token_file: PATH'")
        }
        var out: [String: String] = [:]
        for (k, v) in m {
            guard let key = k.scalar?.string, ["server", "token_file"].contains(key), let value = v.scalar?.string else {
                throw QuireError(.invalidConfiguration, "\(file):\((k.mark?.line ?? 0) + 1): known keys are server and token_file")
            }
            out[key] = key == "token_file" && !value.hasPrefix("/") ? base + "/quire/" + value : value
        }
        return out
    }

    /// The client, or nil when the command should open the home folder itself.
    func client(_ home: HomeOptions, environment env: [String: String] = ProcessInfo.processInfo.environment) throws -> APIClient? {
        let config = try Self.clientConfiguration(env)
        let homeNamed = home.home != nil || !(env["QUIRE_HOME"] ?? "").isEmpty
        guard let url = server ?? env["QUIRE_SERVER"].flatMap({ $0.isEmpty ? nil : $0 }) ?? (homeNamed ? nil : config["server"]) else { return nil }
        let token: String
        if let t = env["QUIRE_TOKEN"], !t.isEmpty {
            token = t
        } else if let f = tokenFile ?? env["QUIRE_TOKEN_FILE"].flatMap({ $0.isEmpty ? nil : $0 }) ?? config["token_file"] {
            token = try APIClient.token(file: home.absolute(f))
        } else if FileManager.default.fileExists(atPath: home.resolved + "/admin.token") {
            token = try APIClient.token(file: home.resolved + "/admin.token")
        } else {
            throw QuireError(.invalidConfiguration, "no API token for \(url): set QUIRE_TOKEN, pass --token-file FILE, or put token_file in ~/.config/quire/client.yaml")
        }
        return try APIClient(base: url, token: token)
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

/// Progress of a long command on standard error: on a terminal one line redrawn in place at most ten
/// times a second; otherwise (a log, a pipe) a plain line at every tenth of the way (every five seconds
/// where the total is not known) and at the end. Standard output keeps the command's own results.
final class ProgressReporter: Sendable {
    private let line: ProgressLine
    private let terminal = isatty(STDERR_FILENO) == 1
    private struct State { var lastWrite = Date.distantPast; var lastTenth = -1; var finished = false }
    private let state = Mutex(State())

    init(_ label: String, total: Int?) {
        line = ProgressLine(label: label, total: total)
    }

    /// `done` steps so far; `note` goes after the counts ("loss 0.1234").
    func update(_ done: Int, note: String? = nil) {
        state.withLock { s in
            guard !s.finished else { return }
            let now = Date()
            if terminal {
                guard now.timeIntervalSince(s.lastWrite) >= 0.1 else { return }
            } else if let total = line.total, total > 0 {
                let tenth = done * 10 / total
                guard tenth > s.lastTenth, done < total else { return }
                s.lastTenth = tenth
            } else {
                guard now.timeIntervalSince(s.lastWrite) >= 5 else { return }
            }
            s.lastWrite = now
            write(line.text(done: done, now: now, bar: terminal ? 30 : 0), note: note, last: false)
        }
    }

    /// The last line (`done`: the total where it is known).
    func finish(_ done: Int? = nil, note: String? = nil) {
        state.withLock { s in
            guard !s.finished else { return }
            s.finished = true
            write(line.text(done: done ?? line.total ?? 0, bar: terminal ? 30 : 0), note: note, last: true)
        }
    }

    /// Stops without a last line (the command prints its own summary); a redrawn line is erased.
    func clear() {
        state.withLock { s in
            guard !s.finished else { return }
            s.finished = true
            if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        }
    }

    /// On a terminal the line is redrawn in place (the last one ends it); in a log each is a line of its own.
    private func write(_ text: String, note: String?, last: Bool) {
        let body = text + (note.map { " · " + $0 } ?? "")
        FileHandle.standardError.write(Data((terminal ? "\r\u{1B}[K" + body + (last ? "\n" : "") : body + "\n").utf8))
    }
}

/// `size` isolated `quire worker` processes for a command that reads documents itself (inspect, templates
/// test, model training, the review UI's page pictures).
func localWorkers(_ size: Int, label: String) -> WorkerPool {
    var config = WorkerPool.Configuration()
    config.size = size
    return WorkerPool(configuration: config, logger: Logger(label: label))
}

import Foundation
import QuireCore
import QuireTesting

/// Runs the real `quire` binary built beside the tests (or $QUIRE_BINARY).
enum QuireBinary {
    static var path: String {
        if let p = ProcessInfo.processInfo.environment["QUIRE_BINARY"] { return p }
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir.appendingPathComponent("quire").path, dir.deletingLastPathComponent().appendingPathComponent("quire").path] {
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return dir.appendingPathComponent("quire").path
    }

    static var repositoryRoot: String {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        while let last = parts.last, last != "Tests" { parts.removeLast() }
        parts.removeLast()
        return parts.joined(separator: "/")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs a command to completion. The process is waited for on a thread of its own (``OwnThread``),
    /// never on the cooperative pool: a test that blocked a pool thread while `quire` ran starved every
    /// other test's tasks on a two-core machine (leases looked expired, watchdogs fired late).
    static func run(_ args: [String], environment: [String: String] = [:]) async throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Both pipes are drained at once, so a chatty stderr cannot fill its pipe and stall the child.
        async let errData = OwnThread.run { err.fileHandleForReading.readDataToEndOfFile() }
        let o = await OwnThread.run { out.fileHandleForReading.readDataToEndOfFile() }
        let e = await errData
        let end = await p.exited()
        return Result(status: end.signaled ? 128 + end.status : end.status, stdout: String(decoding: o, as: UTF8.self),
                      stderr: String(decoding: e, as: UTF8.self))
    }

    /// `quire init` of a home with the shipped pipelines; with `everyItemInReview`, the invoices
    /// pipeline's audit sample takes every item (so each one waits in the review queue).
    static func initHome(_ home: String, everyItemInReview: Bool = false) async throws {
        guard try await run(["init", home, "--pipelines", repositoryRoot + "/pipelines"]).status == 0 else {
            throw QuireError(.internal, "quire init \(home) failed")
        }
        guard everyItemInReview else { return }
        let spec = home + "/pipelines/invoices.yaml"
        try String(contentsOfFile: spec, encoding: .utf8).replacingOccurrences(of: #"(?m)^  audit_sample: .*$"#, with: "  audit_sample: 1", options: .regularExpression)
            .write(toFile: spec, atomically: true, encoding: .utf8)
    }

    /// Removes the review stage from a home's copy of the shipped invoices pipeline: tests about
    /// the engine use made-up one-line PDFs, which a person would otherwise have to look at.
    static func withoutReview(home: String) throws {
        let spec = home + "/pipelines/invoices.yaml"
        let yaml = try String(contentsOfFile: spec, encoding: .utf8)
        let stripped = yaml.replacingOccurrences(of: #"(?ms)^  - id: review\n.*?(?=^  - id: )"#, with: "", options: .regularExpression)
        guard !stripped.contains("use: review") else { throw QuireError(.internal, "the review stage of \(spec) was not found where expected") }
        try stripped.write(toFile: spec, atomically: true, encoding: .utf8)
    }

    /// A new API token (`quire tokens create`), as printed once.
    static func token(home: String, role: String, name: String, tenant: String? = nil) async throws -> String {
        try await run(["tokens", "create", "--role", role, "--name", name, "--home", home] + (tenant.map { ["--tenant", $0] } ?? []))
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Starts `quire serve` with the API on a free port; returns the process and the port its log names.
    static func serveAPI(home: String, log: String, environment: [String: String]) async throws -> (Process, Int) {
        var env = environment
        env["QUIRE_API"] = "127.0.0.1:0"
        let server = try serve(home: home, log: log, environment: env)
        var port = 0
        let listening = await eventually(timeout: 30) {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            guard let line = text.split(separator: "\n").first(where: { $0.contains("API listening") }), let json = try? JSONValue.parse(String(line)),
                  let address = json["address"]?.stringValue ?? json["metadata"]?["address"]?.stringValue,
                  let p = address.split(separator: ":").last.flatMap({ Int($0) }) else { return false }
            port = p
            return true
        }
        guard listening else {
            kill(server.processIdentifier, SIGTERM)
            await server.exited()
            throw QuireError(.timeout, "quire serve did not log the API's port within 30 s; see \(log)")
        }
        return (server, port)
    }

    /// Starts `quire serve` with its log going to a file.
    static func serve(home: String, log: String, environment: [String: String] = [:]) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = ["serve", "--home", home]
        var env = ProcessInfo.processInfo.environment
        env["QUIRE_API"] = "off"   // tests run side by side; one that wants the API passes QUIRE_API=127.0.0.1:0
        env.merge(environment) { _, new in new }
        p.environment = env
        if !FileManager.default.fileExists(atPath: log) { _ = FileManager.default.createFile(atPath: log, contents: nil) }
        let h = FileHandle(forWritingAtPath: log)!
        h.seekToEndOfFile()
        p.standardError = h
        p.standardOutput = h
        try p.run()
        return p
    }
}

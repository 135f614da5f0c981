import Foundation
import QuireCore
import QuireStore
import Yams

/// Secrets bots need (an ERP password, a signing key): from a YAML file of `NAME: value`
/// (`<home>/secrets.yaml`, readable by its owner only) or from quire's environment, which wins.
/// A bot receives only the secrets its manifest names; values never appear in logs, events,
/// outbox records or reports (bot output is redacted with ``Redactor``).
public struct Secrets: Sendable {
    var values: [String: String]

    public init(values: [String: String] = [:]) {
        self.values = values
    }

    /// Reads the file (a missing file is no secrets) and overlays the environment for `names`.
    public static func load(file: String?, environment: [String: String], names: Set<String>) throws -> Secrets {
        var values: [String: String] = [:]
        if let file, let data = try PrivateFile.read(file) {
            let parsed: Any?
            do { parsed = try Yams.load(yaml: String(decoding: data, as: UTF8.self)) } catch {
                throw QuireError(.invalidConfiguration, "\(file) is not valid YAML (\(error)); write one 'NAME: value' per line")
            }
            guard let map = parsed as? [String: Any] else {
                if parsed == nil { return Secrets(values: environment.filter { names.contains($0.key) }) }
                throw QuireError(.invalidConfiguration, "\(file) must be a mapping of 'NAME: value' lines")
            }
            for (k, v) in map { values[k] = "\(v)" }
        }
        for n in names { if let v = environment[n] { values[n] = v } }
        return Secrets(values: values)
    }

    public subscript(name: String) -> String? { values[name] }

    /// The secrets named by `names` that are configured.
    public func only(_ names: [String]) -> [String: String] {
        var out: [String: String] = [:]
        for n in names { if let v = values[n] { out[n] = v } }
        return out
    }

    /// Every configured value, for redaction.
    public var all: [String: String] { values }
}

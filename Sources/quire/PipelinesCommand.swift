import ArgumentParser
import Foundation
import QuireAppliance
import QuireEngine
import QuireCore

struct PipelinesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipelines",
        abstract: "List and check pipeline specs.",
        subcommands: [List.self, Check.self, Kinds.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the loaded pipelines and their stages.", discussion: "Example:\n  quire pipelines list")
        @OptionGroup var homeOptions: HomeOptions

        func run() async throws {
            try await reportingErrors {
                let appliance = try await homeOptions.open()
                for spec in appliance.catalog.specs {
                    print("\(spec.name) v\(spec.version)  \(spec.file ?? "")")
                    if let d = spec.description { print("  \(d)") }
                    if let s = spec.spool { print("  inbox: \(appliance.configuration.layout.inbox(spec.name))/ accepts \(s.accept.map(\.rawValue).joined(separator: ", ")), up to \(s.maxSize) bytes") }
                    for st in spec.stages { print("  - \(st.id) (\(st.kind))\(st.when.map { " when \($0)" } ?? "")") }
                    for st in spec.onFailure { print("  on failure: \(st.id) (\(st.kind))") }
                }
            }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate pipeline spec files without loading them into an appliance.",
            discussion: """
                Prints 'FILE: ok' or every problem as FILE:LINE: message. Exits 78 when a file has problems.

                Example:
                  quire pipelines check pipelines/invoices.yaml
                """)
        @Argument(help: "Spec files.") var files: [String]

        func run() async throws {
            var bad = false
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else {
                    print("\(file): cannot read the file")
                    bad = true
                    continue
                }
                let problems = PipelineSpec.check(yaml: String(decoding: data, as: UTF8.self), file: file, registry: Appliance.defaultRegistry())
                if problems.isEmpty { print("\(file): ok") } else {
                    bad = true
                    for p in problems { print(p.description) }
                }
            }
            if bad { throw ExitCode(78) }
        }
    }

    struct Kinds: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the stage kinds a pipeline can use, with their settings.", discussion: "Example:\n  quire pipelines kinds")

        func run() async throws {
            for kind in Appliance.defaultRegistry().all {
                print("\(kind.name): \(kind.summary)")
                for (k, v) in kind.settingsHelp.sorted(by: { $0.key < $1.key }) { print("    \(k): \(v)") }
            }
        }
    }
}

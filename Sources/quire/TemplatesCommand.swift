import ArgumentParser
import Foundation
import Logging
import QuireAppliance
import QuireCore
import QuireEngine
import QuireFields
import QuireObservability

struct TemplatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "Vendor templates in the invoice2data format: check them, and test one on a document.",
        subcommands: [Test.self, Check.self])

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Show what a template matches in a document: keywords, each field's regex matches and value, lines, required fields.",
            discussion: """
                The document is read as the fields stage reads it (PDF text layer, OCR for scans), laid out like
                `pdftotext -layout`, and prepared with the template's options (replace, lowercase, ...).

                Examples:
                  quire templates test templates/com.example.yml invoice.pdf
                  quire templates test my-vendor.yml scan.png --show-text
                """)
        @Argument(help: ArgumentHelp("The template file (.yml, .yaml or .json).", valueName: "TEMPLATE")) var template: String
        @Argument(help: ArgumentHelp("The document (PDF, PNG, JPEG, TIFF or .txt).", valueName: "FILE")) var file: String
        @Flag(help: "Print the prepared text the regexes run on.") var showText = false
        @Option(help: "OCR languages, joined by '+'.") var languages = "eng+deu+fra"

        func run() async throws {
            LoggingSetup.bootstrap(format: .text, level: .error)
            let t: Template
            do {
                t = try Template.load(yaml: String(contentsOfFile: template, encoding: .utf8), file: template)
            } catch let e as TemplateError {
                print(e.description)
                throw ExitCode(65)
            } catch {
                print("\(template): cannot be read: \(error.localizedDescription)")
                throw ExitCode(66)
            }
            print("template \(t.name): issuer \(t.issuer), priority \(t.priority)")
            for w in t.warnings { print("  warning: \(w)") }
            let pool = localWorkers(1, label: "quire.templates")
            defer { pool.close() }
            let path = file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
            let doc: DocumentInspection
            do {
                doc = try await DocumentInspection.read(path: path, pool: pool, languages: languages.split(separator: "+").map(String.init))
            } catch let e as QuireError {
                print("\(file): \(e.message)")
                throw ExitCode(65)
            }
            let text = doc.text
            let prepared = t.prepare(text.layoutText)
            if showText { print("--- prepared text\n\(prepared)---") }
            print("keywords:")
            for k in t.keywords { print("  \(Template.search(k, prepared) ? "✓" : "✗") \(k)") }
            for k in t.excludeKeywords { print("  \(Template.search(k, prepared) ? "✗ found (excludes the template)" : "✓ absent") \(k)") }
            let matches = t.matches(prepared)
            print(matches ? "the template matches this document" : "the template does NOT match this document (fields are shown anyway)")
            let result = t.extract(prepared, dateOrder: LayoutExtractor(schema: .invoice).conventions(of: text).dateOrder)
            print("fields:")
            for tr in result.trace {
                let value = tr.value.map { $0.stringValue ?? $0.jsonString() } ?? "—"
                print("  \(tr.field.padding(toLength: 18, withPad: " ", startingAt: 0)) \(value)\(tr.message.map { "   (\($0))" } ?? "")")
                if !tr.matches.isEmpty, tr.matches.count <= 5 { print("      matched: \(tr.matches.map { "\"\($0)\"" }.joined(separator: ", "))") }
                else if tr.matches.count > 5 { print("      matched \(tr.matches.count) times") }
                if tr.value == nil { for p in tr.patterns { print("      regex: \(p)") } }
            }
            if result.missingRequired.isEmpty { print("required fields: all found") } else {
                print("required fields missing: \(result.missingRequired.joined(separator: ", ")) (invoice2data would reject this document)")
            }
            let mapped = result.values.keys.sorted().map { "\($0) → \(Template.fieldMap[$0] ?? $0)" }
            print("as Quire fields: \(mapped.joined(separator: ", "))")
            if !matches || !result.missingRequired.isEmpty { throw ExitCode(1) }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Load every template in a folder and report the ones that do not load, with file, line and what to fix.",
            discussion: """
                Example:
                  quire templates check ./quire-home/templates
                """)
        @Argument(help: ArgumentHelp("Template folders.", valueName: "DIR")) var directories: [String] = ["templates"]

        func run() async throws {
            let set = TemplateSet.load(directories: directories)
            for t in set.templates {
                print("ok  \(t.name) (issuer \(t.issuer), priority \(t.priority), \(t.fields.count) fields\(t.lines != nil ? ", lines" : ""))")
                for w in t.warnings { print("    warning: \(w)") }
            }
            for e in set.errors { print("bad \(e.description)") }
            print("\(set.templates.count) loaded, \(set.errors.count) refused")
            if !set.errors.isEmpty { throw ExitCode(65) }
        }
    }
}

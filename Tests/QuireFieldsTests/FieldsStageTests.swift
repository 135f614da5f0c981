import Foundation
import Logging
import QuireCore
import QuireTesting
import Testing
@testable import QuireFields

/// The fields stage in the shipped invoices pipeline, on the appliance: real spool, store, workers, OCR.
@Suite("Fields stage", .serialized)
struct FieldsStageTests {
    static var fixtures: String {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        while let last = parts.last, last != "Tests" { parts.removeLast() }
        parts.removeLast()
        return parts.joined(separator: "/") + "/fixtures"
    }

    static func fixture(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: fixtures + "/" + path)) }

    static func stage(_ record: JSONValue, _ id: String) -> JSONValue? {
        record["stages"]?.arrayValue?.first { $0["id"]?.stringValue == id }?["output"]
    }

    @Test func aRescannedInvoiceIsADuplicateOfTheFirstAndAnEInvoiceIsReadFromItsXML() async throws {
        let t = try TestAppliance(pipelines: ["invoices.yaml": try TestAppliance.shippedPipeline()])
        defer { t.remove() }
        let expected = try JSONValue.parse(try Self.fixture("expected/doc-001.json"))
        try await t.run { _ in
            // The born-digital invoice first, then its scan (other bytes, same invoice), then a Factur-X PDF.
            _ = try t.drop(try Self.fixture("documents/doc-001.pdf"), as: "doc-001.pdf")
            let first = await eventually { t.files(in: "done").count == 1 }
            #expect(first)
            _ = try t.drop(try Self.fixture("scans/doc-001.png"), as: "doc-001-rescan.png")
            _ = try t.drop(try Self.fixture("documents/doc-020.pdf"), as: "doc-020.pdf")
            let rest = await eventually { t.files(in: "failed").count == 1 && t.files(in: "done").count == 2 }
            #expect(rest)
        }
        let done = try t.files(in: "done").map { try t.json("done", $0) }
        let original = try #require(done.first { $0["item"]?["name"] == "doc-001.pdf" })
        let classify = try #require(Self.stage(original, "classify"))
        #expect(classify["label"] == "invoice" && classify["model"] == "doctype" && classify["version"] == 1)
        let fields = try #require(Self.stage(original, "fields"))
        #expect(fields["schema"] == "invoice")
        for name in ["invoice_number", "issue_date", "currency", "net_total", "tax_total", "total", "vendor_vat_id", "vendor_iban"] {
            #expect(fields["values"]?[name] == expected["fields"]?[name], "\(name)")
        }
        #expect(fields["fields"]?["total"]?["strategy"] == "layout")
        #expect(fields["fields"]?["total"]?["page"] == 1)
        #expect(fields["fields"]?["total"]?["words"]?.arrayValue?.isEmpty == false, "the source words with their boxes")
        #expect(fields["decision"] == "approve", "\(fields["review_reasons"] ?? .null)")
        #expect(fields["business_key"]?.stringValue?.contains("DE273184654") == true)

        // The rescan: a business error that names the first item, even though its bytes differ.
        let failed = try t.json("failed", try #require(t.files(in: "failed").first))
        #expect(failed["item"]?["name"] == "doc-001-rescan.png")
        #expect(failed["status"] == "exception")
        let reason = failed["reason"]?.stringValue ?? ""
        #expect(reason.hasPrefix("duplicate_invoice:"), "\(reason)")
        #expect(reason.contains(original["item"]?["id"]?.stringValue ?? "?"), "points at the first item: \(reason)")
        #expect(Self.stage(failed, "ocr") != nil, "the scan was OCRed before its fields were compared")

        // The Factur-X invoice: exact values from the embedded XML.
        let einvoice = try #require(done.first { $0["item"]?["name"] == "doc-020.pdf" })
        let e = try #require(Self.stage(einvoice, "fields"))
        let want = try JSONValue.parse(try Self.fixture("expected/doc-020.json"))
        #expect(e["einvoice"]?["syntax"] == "cii")
        #expect(e["fields"]?["total"]?["strategy"] == "einvoice")
        #expect(e["values"]?["total"] == want["fields"]?["total"])
        #expect(e["values"]?["invoice_number"] == want["fields"]?["invoice_number"])
        #expect(Self.stage(einvoice, "text")?["attachments"]?.arrayValue?.first?["name"] == "factur-x.xml")
        // Its type is the one its XML declares, with the model's answer beside it.
        let declared = try Classification(json: try #require(Self.stage(einvoice, "classify")))
        #expect(declared.backend == "einvoice" && declared.model == "einvoice" && declared.typeCode == "380" && declared.label == "invoice")
        #expect(declared.shadow?.model == "doctype")
    }

    @Test func badSettingsAreRefusedWhenThePipelineLoads() {
        let kind = FieldsKind()
        #expect(kind.validate(settings: ["schema": "bill"]).first?.message.contains("auto, invoice") == true)
        #expect(kind.validate(settings: ["fields": [["name": "Cost Center", "labels": ["cost center"]]]]).first?.message.contains("lower case") == true)
        #expect(kind.validate(settings: ["fields": [["name": "cost_center"]]]).first?.message.contains("needs 'labels'") == true)
        #expect(kind.validate(settings: ["fields": [["name": "cost_center", "pattern": "(unclosed"]]]).first?.message.contains("does not compile") == true)
        #expect(kind.validate(settings: ["duplicates": "yes"]).first?.path == ["duplicates"])
        #expect(kind.validate(settings: ["templates": false, "schema": "receipt", "fields": [["name": "cost_center", "type": "identifier", "labels": ["kostenstelle"]]]]).isEmpty)
    }

    @Test func aPipelineAddsItsOwnFields() async throws {
        let stage = try FieldsKind().makeStage(settings: ["templates": false, "fields": [
            ["name": "cost_center", "type": "identifier", "labels": ["cost center", "kostenstelle"], "required": true],
            ["name": "project", "pattern": "Project (P-\\d+)"],
        ]])
        let text = "Northwind Office Supplies Ltd\nInvoice No: INV-9\nDate: 03/01/2026\nCost center: CC-4711\nProject P-12 kickoff\nTotal: 24.00 GBP"
        let words = DocumentText(plainText: text).lines.flatMap(\.words).map { w -> JSONValue in [.string(w.text), .number(w.x0), .number(w.y0), .number(w.x1), .number(w.y1)] }
        let outputs: [String: JSONValue] = ["text": ["page_count": 1, "pages": [["number": 1, "words": .array(words)]], "attachments": []]]
        let item = StoreConformance.item()
        let spec = try PipelineSpec.load(yaml: TestAppliance.pipeline(stages: "  - id: fields\n    use: fields\n"), file: "p.yaml", registry: StageRegistry([FieldsKind()]))
        let job = NullStageServices.job(for: item, stage: "fields")
        let context = StageContext(item: item, job: job,
                                   settings: .null, outputs: outputs, pipeline: spec, logger: .init(label: "test"), services: NullStageServices())
        guard case .done(let out) = try await stage.run(context) else { Issue.record("not done"); return }
        #expect(out["values"]?["cost_center"] == "CC-4711")
        #expect(out["values"]?["project"] == "P-12")
        #expect(out["fields"]?["project"]?["strategy"] == "pattern")
    }
}

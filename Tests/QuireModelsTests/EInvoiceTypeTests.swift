import Crypto
import Foundation
import Logging
import QuireCore
import QuireStore
import QuireTesting
import Testing
@testable import QuireModels

/// Made-up e-invoice XML in the three syntaxes, with the type code given.
enum MadeUpEInvoice {
    static func cii(_ code: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
            xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100">
          <rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>
          <rsm:ExchangedDocument><ram:ID>CN-0042</ram:ID><ram:TypeCode>\(code)</ram:TypeCode></rsm:ExchangedDocument>
          <rsm:SupplyChainTradeTransaction><ram:ApplicableHeaderTradeSettlement><ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>58</ram:TypeCode></ram:SpecifiedTradeSettlementPaymentMeans></ram:ApplicableHeaderTradeSettlement></rsm:SupplyChainTradeTransaction>
        </rsm:CrossIndustryInvoice>
        """
    }
    static func ubl(invoiceCode: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
          <cbc:ID>INV-7</cbc:ID><cbc:InvoiceTypeCode>\(invoiceCode)</cbc:InvoiceTypeCode>
        </Invoice>
        """
    }
    static let ublCreditNote = """
        <?xml version="1.0" encoding="UTF-8"?>
        <CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
          <cbc:ID>CN-7</cbc:ID>
        </CreditNote>
        """
}

@Suite("An attached e-invoice's type code")
struct EInvoiceTypeTests {
    func read(_ xml: String) -> EInvoiceType.Declared? { EInvoiceType.read(Array(xml.utf8), attachment: "factur-x.xml") }

    @Test("CII, ZUGFeRD 1 and UBL type codes give invoice or credit note; the payment means' TypeCode is not the document's")
    func codes() {
        #expect(read(MadeUpEInvoice.cii("381")) == EInvoiceType.Declared(label: "credit_note", code: "381", syntax: "cii", attachment: "factur-x.xml"))
        #expect(read(MadeUpEInvoice.cii(" 380\n"))?.label == "invoice")
        #expect(read(MadeUpEInvoice.cii("261"))?.label == "credit_note", "a self-billed credit note")
        #expect(read(MadeUpEInvoice.cii("875"))?.label == "invoice", "a partial construction invoice")
        let zugferd1 = MadeUpEInvoice.cii("381").replacingOccurrences(of: "CrossIndustryInvoice", with: "CrossIndustryDocument")
            .replacingOccurrences(of: "ExchangedDocument>", with: "HeaderExchangedDocument>").replacingOccurrences(of: "ExchangedDocumentContext>", with: "SpecifiedExchangedDocumentContext>")
        #expect(read(zugferd1)?.syntax == "zugferd1" && read(zugferd1)?.label == "credit_note")
        #expect(read(MadeUpEInvoice.ubl(invoiceCode: "380"))?.label == "invoice")
        #expect(read(MadeUpEInvoice.ublCreditNote) == EInvoiceType.Declared(label: "credit_note", code: "", syntax: "ubl", attachment: "factur-x.xml"))
    }

    @Test("a code that is neither, XML that does not parse, another root, and bytes refused before parsing decide nothing")
    func nothing() {
        #expect(read(MadeUpEInvoice.cii("220")) == nil, "an order's code")
        #expect(read(MadeUpEInvoice.cii("")) == nil)
        #expect(read(String(MadeUpEInvoice.cii("381").dropLast(30))) == nil, "cut off: the fields stage could not read it either")
        #expect(read("<?xml version=\"1.0\"?><Order><TypeCode>381</TypeCode></Order>") == nil)
        #expect(read("<!DOCTYPE x [<!ENTITY e \"381\">]>" + MadeUpEInvoice.cii("&e;")) == nil)
        #expect(read(MadeUpEInvoice.cii("381").replacingOccurrences(of: "<rsm:Exchanged", with: "<?pi x?><rsm:Exchanged")) == nil)
        #expect(EInvoiceType.declared(in: [("notes.txt", Array(MadeUpEInvoice.cii("381").utf8))]) == nil, "only .xml attachments")
        #expect(EInvoiceType.declared(in: [("a.xml", Array("junk".utf8)), ("factur-x.xml", Array(MadeUpEInvoice.cii("381").utf8))])?.label == "credit_note")
    }

    @Test("the classify stage takes the type code of an attached e-invoice, records the model beside it as a shadow, and sends nothing to a model server")
    func classifyStage() async throws {
        let (r, dir) = try RegistryTests.registry()
        defer { dir.remove() }
        try await r.register(Small.model, actor: "test")
        try await r.promote("doctype", 1, actor: "test")
        let xml = Data(MadeUpEInvoice.cii("381").utf8)
        let hash = BlobID(digest: SHA256.hash(data: xml))
        let server = try FakeChatServer(behaviour: .answer("{\"label\": \"invoice\", \"confidence\": 0.99}"))
        defer { server.stop() }
        let stage = try ClassifyKind(registry: r).makeStage(settings: ["endpoint": ["url": .string(server.baseURL), "model": "qwen", "timeout": 30, "retries": 0]])
        var item = StoreConformance.item()
        item.metadata = .emptyObject
        let text = "Northwind Office Supplies Ltd\nINVOICE\nInvoice No: INV-2026-00100\nDate: 01/01/2026\nNet: 50.00 GBP\nVAT 20 %: 10.00 GBP\nTotal due: 60.00 GBP"
        let outputs: [String: JSONValue] = ["text": ["page_count": 1, "pages": [["number": 1, "text": .string(text)]],
                                                     "attachments": [["name": "factur-x.xml", "size": .number(Double(xml.count)), "sha256": .string(hash.hex)]]]]
        let spec = try PipelineSpec.load(yaml: TestAppliance.pipeline(stages: "  - id: classify\n    use: classify\n"), file: "p.yaml", registry: StageRegistry([ClassifyKind()]))
        let out = try await stage.run(StageContext(item: item, job: NullStageServices.job(for: item, stage: "classify"), settings: .null, outputs: outputs, pipeline: spec,
                                                   logger: Logger(label: "t"), services: NullStageServices(blobs: [hash: xml])))
        guard case .done(let o) = out else { Issue.record("\(out)"); return }
        let c = try Classification(json: o)
        #expect(c.label == "credit_note" && c.probability == 1 && !c.abstained && c.model == "einvoice" && c.backend == "einvoice" && c.typeCode == "381")
        #expect(c.shadow?.model == "doctype" && c.shadow?.label == "invoice" && c.disagreement == true)
        #expect(server.requests.isEmpty, "the model server is not asked what the document says of itself")
        let recorded = try await r.store.classifications(model: "einvoice", from: Date().addingTimeInterval(-60), to: Date().addingTimeInterval(60))
        #expect(recorded.map(\.role) == ["decided"] && recorded.first?.label == "credit_note")
        let shadow = try await r.store.classifications(model: "doctype", from: Date().addingTimeInterval(-60), to: Date().addingTimeInterval(60))
        #expect(shadow.map(\.role) == ["shadow"], "the model's answer is kept for drift and disagreements, not counted as its decision")

        // The blob missing (or not an e-invoice): the model decides as before.
        let without = try await stage.run(StageContext(item: item, job: NullStageServices.job(for: item, stage: "classify"), settings: .null, outputs: outputs, pipeline: spec,
                                                       logger: Logger(label: "t"), services: NullStageServices()))
        guard case .done(let w) = without else { Issue.record("\(without)"); return }
        #expect(try Classification(json: w).backend == "endpoint")
    }
}

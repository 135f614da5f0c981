import Foundation
import QuireCore
import Testing
@testable import QuireFields

@Suite("E-invoices")
struct EInvoiceTests {
    static let facturX = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
            xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
            xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
          <rsm:ExchangedDocumentContext>
            <ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
          </rsm:ExchangedDocumentContext>
          <rsm:ExchangedDocument>
            <ram:ID>RE-2026-0815</ram:ID><ram:TypeCode>380</ram:TypeCode>
            <ram:IssueDateTime><udt:DateTimeString format="102">20260315</udt:DateTimeString></ram:IssueDateTime>
          </rsm:ExchangedDocument>
          <rsm:SupplyChainTradeTransaction>
            <ram:IncludedSupplyChainTradeLineItem>
              <ram:SpecifiedTradeProduct><ram:Name>Wartung Kaffeemaschine</ram:Name></ram:SpecifiedTradeProduct>
              <ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>60.00</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>
              <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="HUR">2</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
              <ram:SpecifiedLineTradeSettlement>
                <ram:ApplicableTradeTax><ram:RateApplicablePercent>19</ram:RateApplicablePercent></ram:ApplicableTradeTax>
                <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>120.00</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
              </ram:SpecifiedLineTradeSettlement>
            </ram:IncludedSupplyChainTradeLineItem>
            <ram:IncludedSupplyChainTradeLineItem>
              <ram:SpecifiedTradeProduct><ram:Name>Entkalker</ram:Name></ram:SpecifiedTradeProduct>
              <ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>15.50</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>
              <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="C62">1</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
              <ram:SpecifiedLineTradeSettlement>
                <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>15.50</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
              </ram:SpecifiedLineTradeSettlement>
            </ram:IncludedSupplyChainTradeLineItem>
            <ram:ApplicableHeaderTradeAgreement>
              <ram:BuyerReference>04011000-12345-34</ram:BuyerReference>
              <ram:SellerTradeParty>
                <ram:Name>Brauhaus Technik GmbH</ram:Name>
                <ram:SpecifiedTaxRegistration><ram:ID schemeID="FC">143/123/45678</ram:ID></ram:SpecifiedTaxRegistration>
                <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">DE273184654</ram:ID></ram:SpecifiedTaxRegistration>
              </ram:SellerTradeParty>
              <ram:BuyerTradeParty><ram:Name>Stadt Musterhausen</ram:Name></ram:BuyerTradeParty>
              <ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>PO-7781</ram:IssuerAssignedID></ram:BuyerOrderReferencedDocument>
            </ram:ApplicableHeaderTradeAgreement>
            <ram:ApplicableHeaderTradeSettlement>
              <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
              <ram:SpecifiedTradeSettlementPaymentMeans>
                <ram:TypeCode>58</ram:TypeCode>
                <ram:PayeePartyCreditorFinancialAccount><ram:IBANID>DE60432500437302118841</ram:IBANID></ram:PayeePartyCreditorFinancialAccount>
                <ram:PayeeSpecifiedCreditorFinancialInstitution><ram:BICID>DEUTDEFF500</ram:BICID></ram:PayeeSpecifiedCreditorFinancialInstitution>
              </ram:SpecifiedTradeSettlementPaymentMeans>
              <ram:ApplicableTradeTax><ram:CalculatedAmount>25.75</ram:CalculatedAmount><ram:BasisAmount>135.50</ram:BasisAmount><ram:RateApplicablePercent>19.00</ram:RateApplicablePercent></ram:ApplicableTradeTax>
              <ram:SpecifiedTradePaymentTerms>
                <ram:Description>Zahlbar innerhalb von 14 Tagen ohne Abzug</ram:Description>
                <ram:DueDateDateTime><udt:DateTimeString format="102">20260329</udt:DateTimeString></ram:DueDateDateTime>
              </ram:SpecifiedTradePaymentTerms>
              <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
                <ram:LineTotalAmount>135.50</ram:LineTotalAmount>
                <ram:TaxBasisTotalAmount>135.50</ram:TaxBasisTotalAmount>
                <ram:TaxTotalAmount currencyID="EUR">25.75</ram:TaxTotalAmount>
                <ram:GrandTotalAmount>161.25</ram:GrandTotalAmount>
                <ram:DuePayableAmount>161.25</ram:DuePayableAmount>
              </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
            </ram:ApplicableHeaderTradeSettlement>
          </rsm:SupplyChainTradeTransaction>
        </rsm:CrossIndustryInvoice>
        """

    static let zugferd1 = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rsm:CrossIndustryDocument xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:1p0"
            xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:12"
            xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:15">
          <rsm:SpecifiedExchangedDocumentContext>
            <ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:ferd:CrossIndustryDocument:invoice:1p0:comfort</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
          </rsm:SpecifiedExchangedDocumentContext>
          <rsm:HeaderExchangedDocument>
            <ram:ID>583920</ram:ID><ram:TypeCode>380</ram:TypeCode>
            <ram:IssueDateTime><udt:DateTimeString format="102">20130305</udt:DateTimeString></ram:IssueDateTime>
          </rsm:HeaderExchangedDocument>
          <rsm:SpecifiedSupplyChainTradeTransaction>
            <ram:ApplicableSupplyChainTradeAgreement>
              <ram:SellerTradeParty><ram:Name>Lieferant GmbH</ram:Name>
                <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">DE123456789</ram:ID></ram:SpecifiedTaxRegistration>
              </ram:SellerTradeParty>
              <ram:BuyerTradeParty><ram:Name>Beispielkunde AG</ram:Name></ram:BuyerTradeParty>
            </ram:ApplicableSupplyChainTradeAgreement>
            <ram:ApplicableSupplyChainTradeSettlement>
              <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
              <ram:ApplicableTradeTax><ram:CalculatedAmount currencyID="EUR">37.62</ram:CalculatedAmount><ram:ApplicablePercent>19.00</ram:ApplicablePercent></ram:ApplicableTradeTax>
              <ram:SpecifiedTradeSettlementMonetarySummation>
                <ram:LineTotalAmount currencyID="EUR">198.00</ram:LineTotalAmount>
                <ram:TaxBasisTotalAmount currencyID="EUR">198.00</ram:TaxBasisTotalAmount>
                <ram:TaxTotalAmount currencyID="EUR">37.62</ram:TaxTotalAmount>
                <ram:GrandTotalAmount currencyID="EUR">235.62</ram:GrandTotalAmount>
              </ram:SpecifiedTradeSettlementMonetarySummation>
            </ram:ApplicableSupplyChainTradeSettlement>
            <ram:IncludedSupplyChainTradeLineItem>
              <ram:SpecifiedSupplyChainTradeDelivery><ram:BilledQuantity unitCode="C62">20.0000</ram:BilledQuantity></ram:SpecifiedSupplyChainTradeDelivery>
              <ram:SpecifiedSupplyChainTradeSettlement>
                <ram:SpecifiedTradeSettlementMonetarySummation><ram:LineTotalAmount currencyID="EUR">198.00</ram:LineTotalAmount></ram:SpecifiedTradeSettlementMonetarySummation>
              </ram:SpecifiedSupplyChainTradeSettlement>
              <ram:SpecifiedTradeProduct><ram:Name>Trennblätter A4</ram:Name></ram:SpecifiedTradeProduct>
            </ram:IncludedSupplyChainTradeLineItem>
          </rsm:SpecifiedSupplyChainTradeTransaction>
        </rsm:CrossIndustryDocument>
        """

    static let ublInvoice = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
            xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
            xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
          <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0</cbc:CustomizationID>
          <cbc:ID>INV-4711</cbc:ID>
          <cbc:IssueDate>2026-02-10</cbc:IssueDate>
          <cbc:DueDate>2026-03-12</cbc:DueDate>
          <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
          <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
          <cac:OrderReference><cbc:ID>PO-2026-17</cbc:ID></cac:OrderReference>
          <cac:AccountingSupplierParty><cac:Party>
            <cac:PartyName><cbc:Name>Papeterie Lumière SARL</cbc:Name></cac:PartyName>
            <cac:PartyTaxScheme><cbc:CompanyID>FR40303265045</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
          </cac:Party></cac:AccountingSupplierParty>
          <cac:AccountingCustomerParty><cac:Party>
            <cac:PartyLegalEntity><cbc:RegistrationName>Quire Test Buyer GmbH</cbc:RegistrationName></cac:PartyLegalEntity>
            <cac:PartyTaxScheme><cbc:CompanyID>DE273184654</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
          </cac:Party></cac:AccountingCustomerParty>
          <cac:PaymentMeans>
            <cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>
            <cac:PayeeFinancialAccount><cbc:ID>FR1420041010050500013M02606</cbc:ID>
              <cac:FinancialInstitutionBranch><cbc:ID>PSSTFRPPLYO</cbc:ID></cac:FinancialInstitutionBranch></cac:PayeeFinancialAccount>
          </cac:PaymentMeans>
          <cac:PaymentTerms><cbc:Note>30 jours fin de mois</cbc:Note></cac:PaymentTerms>
          <cac:TaxTotal>
            <cbc:TaxAmount currencyID="EUR">20.00</cbc:TaxAmount>
            <cac:TaxSubtotal><cbc:TaxableAmount currencyID="EUR">100.00</cbc:TaxableAmount><cbc:TaxAmount currencyID="EUR">20.00</cbc:TaxAmount>
              <cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>20</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal>
          </cac:TaxTotal>
          <cac:LegalMonetaryTotal>
            <cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>
            <cbc:TaxExclusiveAmount currencyID="EUR">100.00</cbc:TaxExclusiveAmount>
            <cbc:TaxInclusiveAmount currencyID="EUR">120.00</cbc:TaxInclusiveAmount>
            <cbc:PayableAmount currencyID="EUR">120.00</cbc:PayableAmount>
          </cac:LegalMonetaryTotal>
          <cac:InvoiceLine>
            <cbc:ID>1</cbc:ID><cbc:InvoicedQuantity unitCode="C62">4</cbc:InvoicedQuantity>
            <cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>
            <cac:Item><cbc:Name>Ramettes papier A4</cbc:Name><cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>20</cbc:Percent></cac:ClassifiedTaxCategory></cac:Item>
            <cac:Price><cbc:PriceAmount currencyID="EUR">25.00</cbc:PriceAmount></cac:Price>
          </cac:InvoiceLine>
        </Invoice>
        """

    static let ublCreditNote = """
        <?xml version="1.0" encoding="UTF-8"?>
        <CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
            xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
            xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
          <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
          <cbc:ID>CN-12</cbc:ID>
          <cbc:IssueDate>2026-04-01</cbc:IssueDate>
          <cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>
          <cbc:DocumentCurrencyCode>GBP</cbc:DocumentCurrencyCode>
          <cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>INV-2026-00100</cbc:ID></cac:InvoiceDocumentReference></cac:BillingReference>
          <cac:AccountingSupplierParty><cac:Party><cac:PartyName><cbc:Name>Northwind Office Supplies Ltd</cbc:Name></cac:PartyName></cac:Party></cac:AccountingSupplierParty>
          <cac:TaxTotal><cbc:TaxAmount currencyID="GBP">2.00</cbc:TaxAmount></cac:TaxTotal>
          <cac:LegalMonetaryTotal>
            <cbc:TaxExclusiveAmount currencyID="GBP">10.00</cbc:TaxExclusiveAmount>
            <cbc:TaxInclusiveAmount currencyID="GBP">12.00</cbc:TaxInclusiveAmount>
            <cbc:PayableAmount currencyID="GBP">12.00</cbc:PayableAmount>
          </cac:LegalMonetaryTotal>
          <cac:CreditNoteLine><cbc:ID>1</cbc:ID><cbc:CreditedQuantity>1</cbc:CreditedQuantity><cbc:LineExtensionAmount currencyID="GBP">10.00</cbc:LineExtensionAmount>
            <cac:Item><cbc:Name>Returned toner</cbc:Name></cac:Item><cac:Price><cbc:PriceAmount currencyID="GBP">10.00</cbc:PriceAmount></cac:Price></cac:CreditNoteLine>
        </CreditNote>
        """

    @Test("Factur-X / XRechnung CII: every header field, tax rate and line item, exactly")
    func cii() throws {
        let doc = try EInvoice.parse(Array(Self.facturX.utf8))
        #expect(doc.syntax == "cii")
        #expect(doc.profile.hasPrefix("XRechnung 3.0"))
        #expect(doc.documentType == "invoice")
        let f = doc.fields
        #expect(f["invoice_number"] == "RE-2026-0815")
        #expect(f["issue_date"] == "2026-03-15")
        #expect(f["due_date"] == "2026-03-29")
        #expect(f["vendor_name"] == "Brauhaus Technik GmbH")
        #expect(f["vendor_vat_id"] == "DE273184654", "the VA registration, not the tax number")
        #expect(f["buyer_name"] == "Stadt Musterhausen")
        #expect(f["purchase_order"] == "PO-7781")
        #expect(f["currency"] == "EUR")
        #expect(f["vendor_iban"] == "DE60432500437302118841")
        #expect(f["vendor_bic"] == "DEUTDEFF500")
        #expect(f["net_total"] == 135.5)
        #expect(f["tax_total"] == 25.75)
        #expect(f["total"] == 161.25)
        #expect(f["amount_due"] == 161.25)
        #expect(f["tax_rates"] == [19])
        #expect(f["payment_terms"] == "Zahlbar innerhalb von 14 Tagen ohne Abzug")
        let lines = try #require(f["line_items"]?.arrayValue)
        #expect(lines.count == 2)
        #expect(lines[0]["description"] == "Wartung Kaffeemaschine" && lines[0]["quantity"] == 2 && lines[0]["unit_price"] == 60 && lines[0]["amount"] == 120)
        #expect(lines[1]["amount"] == 15.5)
    }

    @Test("ZUGFeRD 1 (CrossIndustryDocument)")
    func zugferdOne() throws {
        let doc = try EInvoice.parse(Array(Self.zugferd1.utf8))
        #expect(doc.syntax == "zugferd1")
        #expect(doc.profile == "ZUGFeRD 1 COMFORT")
        #expect(doc.fields["invoice_number"] == "583920")
        #expect(doc.fields["issue_date"] == "2013-03-05")
        #expect(doc.fields["total"] == 235.62)
        #expect(doc.fields["tax_total"] == 37.62)
        #expect(doc.fields["tax_rates"] == [19])
        #expect(doc.fields["line_items"]?.arrayValue?.first?["description"] == "Trennblätter A4")
        #expect(doc.fields["line_items"]?.arrayValue?.first?["quantity"] == 20)
    }

    @Test("UBL invoice (XRechnung UBL) and UBL credit note (Peppol)")
    func ubl() throws {
        let inv = try EInvoice.parse(Array(Self.ublInvoice.utf8))
        #expect(inv.syntax == "ubl" && inv.profile == "XRechnung 3.0 (UBL)" && inv.documentType == "invoice")
        #expect(inv.fields["invoice_number"] == "INV-4711")
        #expect(inv.fields["issue_date"] == "2026-02-10" && inv.fields["due_date"] == "2026-03-12")
        #expect(inv.fields["vendor_name"] == "Papeterie Lumière SARL")
        #expect(inv.fields["vendor_vat_id"] == "FR40303265045", "the supplier's, not the customer's")
        #expect(inv.fields["buyer_name"] == "Quire Test Buyer GmbH")
        #expect(inv.fields["vendor_iban"] == "FR1420041010050500013M02606" && inv.fields["vendor_bic"] == "PSSTFRPPLYO")
        #expect(inv.fields["net_total"] == 100 && inv.fields["tax_total"] == 20 && inv.fields["total"] == 120)
        #expect(inv.fields["purchase_order"] == "PO-2026-17" && inv.fields["payment_terms"] == "30 jours fin de mois")
        #expect(inv.fields["line_items"] == [["description": "Ramettes papier A4", "quantity": 4, "unit_price": 25, "amount": 100, "tax_rate": 20]])
        let cn = try EInvoice.parse(Array(Self.ublCreditNote.utf8))
        #expect(cn.documentType == "credit_note" && cn.profile == "Peppol BIS Billing 3.0 (UBL)")
        #expect(cn.fields["corrects_invoice"] == "INV-2026-00100")
        #expect(cn.fields["total"] == 12 && cn.fields["currency"] == "GBP")
    }

    @Test("broken, foreign and hostile XML are refused with a reason")
    func refused() {
        func message(_ s: String) -> String {
            do { _ = try EInvoice.parse(Array(s.utf8)); return "parsed" } catch { return "\(error)" }
        }
        #expect(message("<Invoice><cbc:ID>1</Invoice>").contains("cannot be parsed"))
        #expect(message("<?xml version=\"1.0\"?><html><body/></html>").contains("<html>"))
        #expect(message("").contains("cannot be parsed"))
        // Entity expansion (billion laughs): libxml2 stops it; it must not hang or blow up.
        var bomb = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
        for i in 1...9 { bomb += "<!ENTITY lol\(i) \"" + String(repeating: "&lol\(i == 1 ? "" : String(i - 1));", count: 10) + "\">" }
        bomb += "]><Invoice><ID>&lol9;</ID></Invoice>"
        let start = Date()
        let r = message(bomb)
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(r.contains("declares a document type"), "a DTD is not read at all: \(r)")
        #expect(message("<?xml version=\"1.0\"?><!doctype r [<!ENTITY x SYSTEM \"file:///etc/hostname\">]><Invoice>&x;</Invoice>").contains("document type"))
        // Bytes that trapped Foundation's parser (FuzzEInvoice) are refused before it sees them.
        #expect(message("<Invoice><Not\u{0}e>1</Not\u{0}e></Invoice>").contains("NUL"))
        #expect(message("<?xml version=\"1.0\"?><?made-up?><Invoice/>").contains("processing instruction"))
        #expect(message("\u{FEFF}<?xml version=\"1.0\"?>\n<html/>").contains("<html>"), "a declaration after a byte order mark is fine")
        var notUTF8 = Array("<Invoice><Not".utf8)
        notUTF8 += [0xFF] + Array("e>1</Invoice>".utf8)
        #expect((try? EInvoice.parse(notUTF8)) == nil)
        #expect(message(String(repeating: "<a>", count: 300) + String(repeating: "</a>", count: 300)).contains("cannot be parsed"), "nesting deeper than 256 is refused")
    }

    @Test("an attached e-invoice wins over the printed text, with its profile as provenance")
    func extractorUsesAttachment() {
        // The printed page says something else (an OCR error in the total): the XML is exact.
        let text = DocumentText(plainText: "Brauhaus Technik GmbH\nRECHNUNG\nRechnungsnummer: RE-2026-0815\nGesamtbetrag: 161,85 EUR")
        let r = FieldExtractor(schema: .invoice).extract(text: text, attachments: [.init(name: "xrechnung.xml", bytes: Array(Self.facturX.utf8))])
        #expect(r.einvoice?.syntax == "cii")
        #expect(r.value("total") == 161.25)
        #expect(r.fields["total"]?.strategy == "einvoice")
        #expect((r.fields["total"]?.confidence ?? 0) > 0.98)
        #expect(r.fields["total"]?.alternatives.first?.value == 161.85, "the printed value is kept as an alternative")
        #expect(r.missing.isEmpty)
        #expect(r.value("line_items")?.arrayValue?.count == 2)
    }
}

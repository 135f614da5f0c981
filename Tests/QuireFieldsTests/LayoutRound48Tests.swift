import Testing
import QuireCore
@testable import QuireFields

/// Round 48 (docs/benchmarks.md) and what fresh scans of earlier rounds showed. Every name and number is made up.
extension LayoutTests {
    @Test("a cloud app's 'TAX INVOICE' over '# INV-000123': the number after its sign under the title is as sure as 'Invoice #'")
    func aNumberSignUnderTheTitle() {
        let text = Self.placed([
            (72, 58, 11, "Beispiel Handel KG"), (400, 58, 18, "TAX INVOICE"),
            (72, 72, 9, "Hauptstraße 5"), (72, 84, 9, "12345 Musterstadt"), (460, 84, 9, "# INV-000123"),
            (72, 96, 9, "VAT Reg No: DE136695976"),
            (72, 140, 9, "Bill To"), (72, 152, 9, "Muster Technik GmbH"), (400, 140, 9, "Invoice Date : 04 Mar 2026"),
            (372, 300, 9, "Sub Total"), (480, 300, 9, "1,000.00"), (372, 312, 9, "Standard Rate (19%)"), (480, 312, 9, "190.00"),
            (372, 324, 9, "Total"), (480, 324, 9, "€1,190.00"),
            (72, 360, 9, "Terms & Conditions"), (72, 372, 8, "Payment within 30 days."),
        ])
        let r = Self.extract(page: text)
        #expect(r.value("invoice_number") == "INV-000123")
        #expect((r.fields["invoice_number"]?.confidence ?? 0) >= 0.85, "\(String(describing: r.fields["invoice_number"]))")
        // The heading "Terms & Conditions" is no "Terms" label with "& Conditions" for its value.
        #expect(r.value("payment_terms")?.stringValue?.hasPrefix("&") != true, "\(String(describing: r.fields["payment_terms"]))")
    }

    @Test("a tax label with its rate glued to the figure ('USt. 0%   0,00 €', as OCR may join them) labels the tax, and the totals add up")
    func aGluedRateBetweenTheTaxLabelAndItsAmount() {
        let text = Self.placed([
            (72, 58, 14, "Beispiel Export GmbH"), (72, 74, 9, "Hauptstraße 5, 12345 Musterstadt"),
            (72, 120, 9, "Muster Trading Ltd"), (72, 132, 9, "1 High Street"),
            (72, 180, 14, "Handelsrechnung / Commercial invoice"), (72, 200, 9, "Rechnungs-Nr. / Invoice No. EX-2604417"),
            (72, 212, 9, "Datum / Date 05.07.2026"),
            (72, 331, 9, "Nettogewicht / Net weight: 42,989 kg"), (300, 331, 9, "Warenwert / Value of goods"), (480, 331, 9, "1.250,00 €"),
            (300, 347, 9, "USt. 0%"), (480, 347, 9, "0,00 €"),
            (72, 361, 9, "Deutschland"), (300, 361, 9, "Rechnungsbetrag / Invoice"), (484, 361, 9, "1.250,00"), (300, 373, 9, "total"), (522, 373, 9, "€"),
            (72, 397, 9, "Steuerfreie Ausfuhrlieferung gemäß § 4 Nr. 1a i. V. m. § 6 UStG."),
        ]) { _ in 0.93 }
        let r = Self.extract(page: text)
        #expect(r.value("total")?.numberValue == 1250, "\(String(describing: r.fields["total"]))")
        #expect(r.value("tax_total")?.numberValue == 0, "\(String(describing: r.fields["tax_total"]))")
        #expect((r.fields["tax_total"]?.confidence ?? 0) >= 0.85, "\(String(describing: r.fields["tax_total"]))")
    }
}

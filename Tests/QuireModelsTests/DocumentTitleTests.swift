import Testing
import QuireCore
@testable import QuireModels

/// Made-up documents: an invoice's layout whose title alone says it is a credit note.
@Suite("A credit note's printed title")
struct DocumentTitleTests {
    /// Many invoice words, one title: what a model of the words calls an invoice.
    static func invoiceLike(title: String) -> String {
        """
        Plumbing Supplies Example Ltd   \(title)
        12 Any Street, Sometown   Date: 14/02/2025
        Customer: Example Buyer GmbH
        Invoice reference: INV-2025-0007   Invoice date: 01/02/2025
        Description   Qty   Unit price   Amount
        Copper pipe 15 mm   4   12.50   50.00
        Returned goods as per invoice INV-2025-0007
        Net amount   50.00 EUR
        VAT 20 %   10.00 EUR
        Total   60.00 EUR
        Payment terms: as per the original invoice. Invoice queries to accounts@example.invalid
        """
    }

    @Test("titles in several languages, alone, with a number or a number's label")
    func titles() {
        for title in ["CREDIT NOTE", "Credit Note No. 17", "Gutschrift Nr. 2025-11", "Gutschriftsnummer: 88", "AVOIR N° : F2025-3",
                      "Facture d'avoir 42", "Note de crédit", "Nota di credito n. 5", "Creditnota 2025/9", "Rechnungskorrektur", "Credit memo #A-7"] {
            #expect(DocumentTitle.creditNote(in: Self.invoiceLike(title: title)) == title, "\(title)")
        }
    }

    @Test("a credit note's word in a sentence, a heading further down, or after the invoice's own title is no title")
    func notTitles() {
        #expect(DocumentTitle.creditNote(in: Self.invoiceLike(title: "INVOICE No. 17")) == nil)
        #expect(DocumentTitle.creditNote(in: "Avoir un compte client permet de suivre vos commandes\nInvoice 12\nTotal 10.00") == nil)
        #expect(DocumentTitle.creditNote(in: "Credit note not applicable to this order\nTotal 10.00") == nil)
        #expect(DocumentTitle.creditNote(in: "Rechnung Nr. 4711\nDatum 01.02.2025\nGutschrift Nr. 12 wird verrechnet") == nil)
        // An amount after the word is a totals line, not a title's number.
        #expect(DocumentTitle.creditNote(in: "Atelier Exemple\nTotal HT 120,00\nAvoir : 20,00\nNet à payer 100,00") == nil)
        #expect(DocumentTitle.creditNote(in: "Atelier Exemple\nAvoir : 2025-114") == "Avoir : 2025-114")
        let deep = (1...20).map { "Line \($0) of a long letter" }.joined(separator: "\n") + "\nCredit Note 5"
        #expect(DocumentTitle.creditNote(in: deep) == nil)
    }

    @Test("the model's invoice becomes a credit note, with the invoice's probability; other labels are left alone")
    func retitled() {
        let labels = ["invoice", "credit_note", "receipt", "other"]
        let (p, title) = Classifier.retitled([0.8, 0.1, 0.05, 0.05] as [Double], labels: labels, text: Self.invoiceLike(title: "Credit Note 9"))
        #expect(p == [0.1, 0.8, 0.05, 0.05] && title == "Credit Note 9")
        // The model says receipt: a title does not make it a credit note.
        let (q, none) = Classifier.retitled([0.1, 0.05, 0.8, 0.05] as [Double], labels: labels, text: Self.invoiceLike(title: "Credit Note 9"))
        #expect(q == [0.1, 0.05, 0.8, 0.05] && none == nil)
        // No title: as the model said.
        let (r, _) = Classifier.retitled([0.8, 0.1, 0.05, 0.05] as [Double], labels: labels, text: Self.invoiceLike(title: "INVOICE 9"))
        #expect(r == [0.8, 0.1, 0.05, 0.05])
    }

    @Test("the built-in model calls a titled credit note a credit note and says which title decided")
    func builtInModel() throws {
        let model = try #require(BuiltInModels.doctype)
        let p = model.predict(text: Self.invoiceLike(title: "CREDIT NOTE No. 3"))
        #expect(p.label == "credit_note")
        #expect(p.title == "CREDIT NOTE No. 3")
        #expect(p.classification.title == "CREDIT NOTE No. 3")
        let invoice = model.predict(text: Self.invoiceLike(title: "INVOICE No. 3"))
        #expect(invoice.label == "invoice" && invoice.title == nil)
    }
}

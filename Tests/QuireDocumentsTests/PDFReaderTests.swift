import CPoppler
import Foundation
import QuireDocuments
import QuireTesting
import Testing

/// Writes real PDFs with cairo (born-digital text, as a PDF producer would).
enum TestPDF {
    struct Text {
        var x: Double
        var y: Double
        var text: String
        var size: Double = 11
        /// Degrees the text is turned clockwise about its start: -90 reads up the page, 90 down it.
        var angle: Double = 0
    }

    static func write(_ path: String, pages: [[Text]], title: String? = nil) {
        let surface = cairo_pdf_surface_create(path, 595, 842)!
        if let title { cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title) }
        let cr = cairo_create(surface)!
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
        for page in pages {
            for t in page {
                cairo_set_font_size(cr, t.size)
                cairo_save(cr)
                cairo_translate(cr, t.x, t.y)
                cairo_rotate(cr, t.angle * .pi / 180)
                cairo_move_to(cr, 0, 0)
                cairo_show_text(cr, t.text)
                cairo_restore(cr)
            }
            cairo_show_page(cr)
        }
        cairo_destroy(cr)
        cairo_surface_finish(surface)
        cairo_surface_destroy(surface)
    }

    static func qpdf(_ args: [String]) throws -> Int32 {
        Spawn.run(["/usr/bin/qpdf"] + args)
    }
}

@Suite("PDF reader (poppler)", .offThePool)
struct PDFReaderTests {
    @Test func readsTextWordsBoxesAndMetadataOfEveryPage() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("invoice.pdf")
        TestPDF.write(path, pages: [
            [.init(x: 72, y: 80, text: "ACME GmbH", size: 16),
             .init(x: 72, y: 120, text: "Invoice No 2026-0042"),
             .init(x: 72, y: 200, text: "Description"), .init(x: 300, y: 200, text: "Qty"), .init(x: 400, y: 200, text: "Unit price"),
             .init(x: 72, y: 220, text: "Widgets"), .init(x: 300, y: 220, text: "3"), .init(x: 400, y: 220, text: "12,50 €")],
            [.init(x: 72, y: 100, text: "Total due: 37,50 €")],
        ], title: "Invoice 2026-0042")
        let pdf = try PDFReader().read(path: path)
        #expect(pdf.pageCount == 2)
        #expect(pdf.metadata.title == "Invoice 2026-0042")
        #expect(pdf.metadata.producer?.contains("cairo") == true)
        let first = pdf.pages[0]
        #expect(first.number == 1)
        #expect(abs(first.width - 595) < 1 && abs(first.height - 842) < 1)
        #expect(first.text == """
            ACME GmbH
            Invoice No 2026-0042
            Description Qty Unit price
            Widgets 3 12,50 €
            """)
        // Table cells stay separate words (poppler's plain text glues them).
        let texts = first.words.map(\.text)
        #expect(texts.contains("Description") && texts.contains("Qty") && texts.contains("Unit"))
        let qty = try #require(first.words.first { $0.text == "Qty" })
        #expect(abs(qty.x0 - 300) < 2, "boxes are in page points: \(qty)")
        #expect(qty.y0 < 200 && qty.y1 > 195, "top-left origin: the baseline is at y = 200")
        #expect(qty.x1 > qty.x0 && qty.y1 > qty.y0)
        #expect(pdf.pages[1].text == "Total due: 37,50 €")
        #expect(first.characterCount == "ACMEGmbHInvoiceNo2026-0042DescriptionQtyUnitpriceWidgets312,50€".count)
        #expect(pdf.attachments.isEmpty)
    }

    @Test("typographic ligatures in a PDF's text (ﬁ, ﬂ, ﬀ) come out as their letters, so that labels are found")
    func ligaturesAreSpelledOut() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("ligatures.pdf")
        // Drawn as one glyph each, as a typesetter that uses the font's ligatures writes them: "Umsatzsteuer-Identiﬁkationsnummer".
        TestPDF.write(path, pages: [[.init(x: 72, y: 80, text: "USt-Identi\u{FB01}kationsnummer: DE136695976"),
                                     .init(x: 72, y: 100, text: "Zahlungsp\u{FB02}ichtig: 30 Tage \u{FB01}n de mois, Au\u{FB00}orderung")]])
        let raw = try PDFReader().read(path: path).pages[0]
        #expect(raw.words.map(\.text).contains("USt-Identifikationsnummer:"), "\(raw.words.map(\.text))")
        #expect(raw.text == "USt-Identifikationsnummer: DE136695976\nZahlungspflichtig: 30 Tage fin de mois, Aufforderung", "\(raw.text)")
    }

    @Test(arguments: [90, 180, 270])
    func aTurnedPageIsReadUprightAndSaysHowItWasTurned(degrees: Int) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        TestPDF.write(dir.file("a.pdf"), pages: [[.init(x: 72, y: 80, text: "ACME GmbH", size: 16), .init(x: 72, y: 120, text: "Invoice No 2026-0042"),
                                               .init(x: 300, y: 120, text: "Total 37,50 €")]])
        #expect(try TestPDF.qpdf([dir.file("a.pdf"), "--rotate=+\(degrees):1", "--", dir.file("turned.pdf")]) == 0)
        let upright = try PDFReader().read(path: dir.file("a.pdf")).pages[0]
        let turned = try PDFReader().read(path: dir.file("turned.pdf")).pages[0]
        #expect(upright.rotation == 0)
        #expect(turned.rotation == degrees)
        #expect(turned.text == upright.text, "\(turned.text)")
        #expect(abs(turned.width - upright.width) < 1 && abs(turned.height - upright.height) < 1, "the upright size")
        let a = try #require(upright.words.first { $0.text == "Invoice" }), b = try #require(turned.words.first { $0.text == "Invoice" })
        #expect(abs(a.x0 - b.x0) < 2 && abs(a.y0 - b.y0) < 2, "the same box, upright: \(a) \(b)")
    }

    @Test("Lines set along the margin, turned by 90° on an upright page, are words turned that way and lines of their own")
    func turnedLinesOnAnUprightPageAreWordsOfTheirOwn() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("margin.pdf")
        TestPDF.write(path, pages: [[
            .init(x: 72, y: 80, text: "Facture n° 2026-118", size: 14), .init(x: 72, y: 120, text: "Total TTC 1 200,00 €"),
            // Legal mentions up the left margin in two lines, a printing note down the right one.
            .init(x: 30, y: 700, text: "Exemple SARL – RCS Lyon 123 456 789 – TVA", size: 7, angle: -90),
            .init(x: 39, y: 700, text: "FR40123456789 – IBAN FR76 3000 6000 0112 3456 7890 189", size: 7, angle: -90),
            .init(x: 570, y: 200, text: "Imprimé le 04/03/2026", size: 6, angle: 90),
        ]])
        let page = try PDFReader().read(path: path).pages[0]
        #expect(page.rotation == 0, "the page is upright: most of its text runs across it")
        let vat = try #require(page.words.first { $0.text == "FR40123456789" }, "\(page.words.map(\.text))")
        #expect(vat.rotation == 270)
        #expect(vat.x1 < 50 && vat.y1 - vat.y0 > 3 * (vat.x1 - vat.x0), "its box on the page, tall and narrow: \(vat)")
        #expect(page.words.first { $0.text == "Imprimé" }?.rotation == 90)
        #expect(page.words.first { $0.text == "–" }?.rotation == 270, "a one-glyph word takes its line's turn")
        #expect(page.words.filter { $0.text == "Facture" || $0.text == "1" }.allSatisfy { $0.rotation == 0 })
        // The upright lines as before, then each turned line read along its own direction, in reading order.
        #expect(page.text == """
            Facture n° 2026-118
            Total TTC 1 200,00 €
            Exemple SARL – RCS Lyon 123 456 789 – TVA
            FR40123456789 – IBAN FR76 3000 6000 0112 3456 7890 189
            Imprimé le 04/03/2026
            """, "\(page.text)")
    }

    @Test func encryptedPDFsSayAPasswordIsNeeded() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        TestPDF.write(dir.file("plain.pdf"), pages: [[.init(x: 72, y: 72, text: "secret")]])
        #expect(try TestPDF.qpdf(["--encrypt", "user-pw", "owner-pw", "256", "--", dir.file("plain.pdf"), dir.file("locked.pdf")]) == 0)
        do {
            _ = try PDFReader().read(path: dir.file("locked.pdf"))
            Issue.record("an encrypted PDF must not open without its password")
        } catch let e as DocumentError {
            #expect(e.code == .encrypted)
            #expect(e.message == "the PDF is encrypted and needs a password; ask the sender for an unprotected copy")
        }
        let opened = try PDFReader().read(path: dir.file("locked.pdf"), password: "user-pw")
        #expect(opened.pages.first?.text == "secret")
    }

    @Test func embeddedFilesAreExtracted() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        TestPDF.write(dir.file("plain.pdf"), pages: [[.init(x: 72, y: 72, text: "Rechnung")]])
        let xml = "<?xml version=\"1.0\"?><rsm:CrossIndustryInvoice xmlns:rsm=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\"/>"
        try dir.write("factur-x.xml", xml)
        #expect(try TestPDF.qpdf([dir.file("plain.pdf"), "--add-attachment", dir.file("factur-x.xml"), "--mimetype=text/xml", "--", dir.file("zugferd.pdf")]) == 0)
        let pdf = try PDFReader().read(path: dir.file("zugferd.pdf"))
        #expect(pdf.attachments.count == 1)
        #expect(pdf.attachments.first?.name == "factur-x.xml")
        #expect(pdf.attachments.first.map { String(decoding: $0.data, as: UTF8.self) } == xml)
        var small = PDFReader()
        small.maxAttachmentBytes = 10
        #expect(try small.read(path: dir.file("zugferd.pdf")).attachments.isEmpty, "oversize attachments are not extracted")
    }

    @Test func brokenAndMissingFilesGiveClearErrors() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("broken.pdf", "%PDF-1.4\nthis is not a PDF body at all\n")
        #expect { try PDFReader().read(path: dir.file("broken.pdf")) } throws: { ($0 as? DocumentError)?.code == .damaged }
        #expect { try PDFReader().read(path: dir.file("missing.pdf")) } throws: { ($0 as? DocumentError)?.code == .unreadable }
        TestPDF.write(dir.file("three.pdf"), pages: [[], [], []])
        var reader = PDFReader()
        reader.maxPages = 2
        #expect { try reader.read(path: dir.file("three.pdf")) } throws: {
            ($0 as? DocumentError)?.message == "the PDF has 3 pages, over the limit of 2; split it, or raise the page limit"
        }
    }

    @Test func readingAsyncGivesTheSameResult() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        TestPDF.write(dir.file("a.pdf"), pages: [[.init(x: 72, y: 72, text: "async read")]])
        let a = try await PDFReader().readAsync(path: dir.file("a.pdf"))
        #expect(a == (try PDFReader().read(path: dir.file("a.pdf"))))
    }
}

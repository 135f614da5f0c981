import CPoppler
import CTesseract
import Foundation
import Synchronization
import QuireAppliance
import QuireCore
@testable import QuireDocuments
import QuireEngine
import QuireStore
import QuireTesting
import Testing

/// Scans made here: text drawn into images with cairo, as a scanner would deliver them.
enum TestScan {
    /// A white page image (pixels) with lines of text, written as PNG.
    /// `paper` and `ink` are grey levels from 0 (black) to 1 (white).
    static func png(_ path: String, lines: [String], width: Int32 = 1240, height: Int32 = 600, size: Double = 36, paper: Double = 1, ink: Double = 0,
                    rules: Bool = false) {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height)!
        draw(surface, lines: lines, size: size, paper: paper, ink: ink, rules: rules)
        cairo_surface_write_to_png(surface, path)
        cairo_surface_destroy(surface)
    }

    /// `rules`: a ruled box around the text, as a table's cells have.
    static func draw(_ surface: OpaquePointer, lines: [String], size: Double, paper: Double = 1, ink: Double = 0, rules: Bool = false) {
        let cr = cairo_create(surface)!
        cairo_set_source_rgb(cr, paper, paper, paper)
        cairo_paint(cr)
        cairo_set_source_rgb(cr, ink, ink, ink)
        if rules {
            cairo_set_line_width(cr, 2)
            cairo_rectangle(cr, 40, 30, Double(cairo_image_surface_get_width(surface)) - 80, 60 + Double(lines.count) * size * 1.6)
            cairo_stroke(cr)
        }
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, size)
        for (i, line) in lines.enumerated() {
            cairo_move_to(cr, 60, 80 + Double(i) * size * 1.6)
            cairo_show_text(cr, line)
        }
        cairo_destroy(cr)
    }

    /// An image-only PDF (no text layer): each page is a 150 dpi picture of its lines.
    static func imagePDF(_ path: String, pages: [[String]]) {
        let pdf = cairo_pdf_surface_create(path, 595, 842)!
        let cr = cairo_create(pdf)!
        for lines in pages {
            let image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1240, 1754)!
            draw(image, lines: lines, size: 40)
            cairo_save(cr)
            cairo_scale(cr, 72.0 / 150, 72.0 / 150)
            cairo_set_source_surface(cr, image, 0, 0)
            cairo_paint(cr)
            cairo_restore(cr)
            cairo_show_page(cr)
            cairo_surface_destroy(image)
        }
        cairo_destroy(cr)
        cairo_surface_finish(pdf)
        cairo_surface_destroy(pdf)
    }

    /// A PNG whose header claims `w` × `h` pixels (a decompression bomb: the body is tiny).
    static func bombPNG(_ path: String, w: UInt32, h: UInt32) throws {
        func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }
        func crc(_ bytes: [UInt8]) -> UInt32 {
            var c: UInt32 = 0xFFFF_FFFF
            for b in bytes {
                c ^= UInt32(b)
                for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            }
            return c ^ 0xFFFF_FFFF
        }
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let td = Array(type.utf8) + data
            return be(UInt32(data.count)) + td + be(crc(td))
        }
        let ihdr = be(w) + be(h) + [1, 0, 0, 0, 0]   // 1 bit grey
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", ihdr) + chunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]) + chunk("IEND", [])
        try Data(png).write(to: URL(fileURLWithPath: path))
    }
}

@Suite("OCR (tesseract, leptonica)", .serialized, .offThePool)
struct OCRTests {
    @Test func aScannedLineIsReadWithWordsBoxesAndConfidence() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        TestScan.png(dir.file("scan.png"), lines: ["Invoice 4711", "Total 1234.56 EUR"])
        let page = try OCR.recognize(path: dir.file("scan.png"), mediaType: "png", page: 1, languages: ["eng"])
        #expect(page.text.contains("Invoice 4711"), "\(page.text)")
        #expect(page.text.contains("1234.56"))
        #expect(page.meanConfidence > 0.7)
        let invoice = try #require(page.words.first { $0.text == "Invoice" })
        #expect(invoice.x1 > invoice.x0 && invoice.y1 > invoice.y0)
        #expect(invoice.confidence > 0.7)
        // 1240 pixels at the assumed 300 dpi are 297.6 points: boxes are in points.
        #expect(page.words.allSatisfy { $0.x1 <= 300 })
    }

    @Test("A photo on grey paper with a ruled box is read: the rule finder does not take the paper for a table and paint it out")
    func greyPaperWithRulesIsRead() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        // Paper at grey level 150 of 255, darker than the fixed threshold the rule finder once used (160).
        TestScan.png(dir.file("grey.png"), lines: ["Invoice 4711", "Total 1234.56 EUR"], paper: 150.0 / 255, ink: 0.1, rules: true)
        let page = try OCR.recognize(path: dir.file("grey.png"), mediaType: "png", page: 1, languages: ["eng"])
        #expect(page.text.contains("Invoice 4711") && page.text.contains("1234.56"), "\(page.text)")
    }

    @Test(arguments: [90, 180, 270])
    func aPageScannedSidewaysOrUpsideDownIsTurnedUpright(degrees: Int) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        TestScan.png(dir.file("upright.png"), lines: ["Invoice 4711 from Northwind", "Total due 1234.56 EUR", "Payable within thirty days"],
                     width: 1240, height: 1754, size: 34)
        // Turn the scan with leptonica, as a scanner fed the sheet the wrong way round would.
        var upright: UnsafeMutablePointer<PIX>? = pixRead(dir.file("upright.png"))
        defer { pixDestroy(&upright) }
        var turned: UnsafeMutablePointer<PIX>? = pixRotateOrth(upright, Int32(degrees / 90))
        defer { pixDestroy(&turned) }
        #expect(pixWrite(dir.file("turned.png"), turned, Int32(IFF_PNG)) == 0)
        let page = try OCR.recognize(path: dir.file("turned.png"), mediaType: "png", page: 1, languages: ["eng"])
        #expect(page.rotation == degrees, "detected \(page.rotation)")
        #expect(page.text.contains("Invoice 4711"), "\(page.text)")
    }

    /// The benchmark's simulated scan: the page turned by a small angle and given noise. With the
    /// benchmark's light noise the page is still read (deskew straightens it).
    @Test func aSimulatedScanIsSkewedAndNoisyAndStillRead() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        TestScan.png(dir.file("clean.png"), lines: ["Invoice 4711 from Northwind", "Total due 1234.56 EUR", "Payable within thirty days"],
                     width: 1240, height: 1754, size: 34)
        let clean = try OCR.recognize(path: dir.file("clean.png"), mediaType: "png", page: 1, languages: ["eng"])
        let scanned = try OCR.recognize(path: dir.file("clean.png"), mediaType: "png", page: 1, languages: ["eng"],
                                        simulate: OCR.SimulatedScan(skewDegrees: 1.2, noise: 12, seed: 7))
        #expect(scanned.text.contains("4711") && scanned.text.contains("1234.56"), "the benchmark's light noise and skew are still read: \(scanned.text)")
        #expect(scanned.words.map { [$0.x0, $0.y0, $0.confidence] } != clean.words.map { [$0.x0, $0.y0, $0.confidence] },
                "the simulated scan is not the clean page")
    }

    @Test("a simulated scan is the same picture for the same seed, whatever was simulated before it")
    func aSimulatedScanIsReproducible() throws {
        func grey() -> UnsafeMutablePointer<PIX> {
            let p = pixCreate(301, 200, 8)!
            pixSetAllArbitrary(p, 128)
            return p
        }
        func bytes(_ p: UnsafeMutablePointer<PIX>) -> [UInt32] {
            Array(UnsafeBufferPointer(start: pixGetData(p), count: Int(pixGetWpl(p)) * Int(pixGetHeight(p))))
        }
        var a: UnsafeMutablePointer<PIX>? = grey(), b: UnsafeMutablePointer<PIX>? = grey(), c: UnsafeMutablePointer<PIX>? = grey()
        defer { pixDestroy(&a); pixDestroy(&b); pixDestroy(&c) }
        OCR.addNoise(a!, sigma: 12, seed: 7)
        OCR.addNoise(c!, sigma: 12, seed: 8)   // (an odd draw in between changed leptonica's next picture)
        OCR.addNoise(b!, sigma: 12, seed: 7)
        #expect(bytes(a!) == bytes(b!))
        #expect(bytes(a!) != bytes(c!))
        // Noise of the asked size around the page's own grey.
        var values: [Double] = []
        for y in 0..<200 { for x in 0..<301 { var v: UInt32 = 0; pixGetPixel(a!, Int32(x), Int32(y), &v); values.append(Double(v)) } }
        let mean = values.reduce(0, +) / Double(values.count)
        let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
        #expect(abs(mean - 128) < 0.5 && abs(sd - 12) < 0.5, "mean \(mean), sd \(sd)")
        // And the pages OCR reads from it: the same words twice over.
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        TestScan.png(dir.file("page.png"), lines: ["Rechnung 2026-0417 vom 12.03.2026", "Summe netto 1.234,56 EUR"], width: 900, height: 300, size: 20)
        let scan = OCR.SimulatedScan(skewDegrees: 0.7, noise: 25, seed: 11)
        let first = try OCR.recognize(path: dir.file("page.png"), mediaType: "png", page: 1, languages: ["eng"], simulate: scan, retryBelow: 0)
        let again = try OCR.recognize(path: dir.file("page.png"), mediaType: "png", page: 1, languages: ["eng"], simulate: scan, retryBelow: 0)
        #expect(first.words == again.words)
    }

    @Test func hugeAndBrokenImagesAreRefusedBeforeDecoding() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try TestScan.bombPNG(dir.file("bomb.png"), w: 60_000, h: 60_000)
        #expect { try OCR.recognize(path: dir.file("bomb.png"), mediaType: "png", page: 1) } throws: {
            ($0 as? QuireError)?.message == "the image is 60000 × 60000 pixels, over the limit of 100000000; scan it at a lower resolution"
        }
        TestScan.png(dir.file("ok.png"), lines: ["x"])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: dir.file("ok.png")))
        try bytes.prefix(bytes.count / 3).write(to: URL(fileURLWithPath: dir.file("truncated.png")))
        #expect { try OCR.recognize(path: dir.file("truncated.png"), mediaType: "png", page: 1) } throws: {
            ($0 as? QuireError)?.code == .unsupportedInput
        }
    }

    @Test func aTenPageScanIsOCRedOnePagePerJobInParallelAndTheRecordHoldsEveryPage() async throws {
        let t = try TestAppliance(pipelines: ["invoices.yaml": TestAppliance.pipeline(stages: """
              - id: text
                use: pdf.text
              - id: ocr
                use: ocr.page
                each: text.needs_ocr
                with: { languages: [eng] }
              - id: done_record
                use: outbox.write
            """, onFailure: """
              - id: failed_record
                use: outbox.write
                with: { folder: failed }
            """)])
        defer { t.remove() }
        let words = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
        TestScan.imagePDF(t.directory.file("scan.pdf"), pages: words.enumerated().map { k, w in
            ["Page \(w)", k == 0 ? "Invoice 4711" : k == 1 ? "Credit note" : k == 2 ? "Receipt" : "Line \(k + 1)"]
        })
        try TestScan.bombPNG(t.directory.file("bomb.png"), w: 60_000, h: 60_000)
        try await t.run { _ in
            try t.drop(Data(contentsOf: URL(fileURLWithPath: t.directory.file("scan.pdf"))), as: "scan.pdf")
            try t.drop(Data(contentsOf: URL(fileURLWithPath: t.directory.file("bomb.png"))), as: "bomb.png")
            let ok = await eventually { t.files(in: "done").count == 1 && t.files(in: "failed").count == 1 }
            #expect(ok)
        }
        let record = try t.json("done", try #require(t.files(in: "done").first))
        let stages = record["stages"]?.arrayValue ?? []
        #expect(stages.first { $0["id"] == "text" }?["output"]?["needs_ocr"] == .array((1...10).map { .number(Double($0)) }), "an image-only PDF has no text layer")
        let ocr = stages.filter { $0["id"] == "ocr" }.sorted { ($0["part"]?.intValue ?? 0) < ($1["part"]?.intValue ?? 0) }
        #expect(ocr.count == 10)
        let texts = ocr.map { $0["output"]?["text"]?.stringValue ?? "" }
        // Case-insensitive: at 150 dpi tesseract sometimes reads a lone "s" as "S".
        for (k, w) in words.enumerated() { #expect(texts[k].lowercased().contains("page \(w)"), "page \(k + 1): \(texts[k])") }
        #expect(texts[0].contains("4711") && texts[1].contains("Credit") && texts[2].contains("Receipt"))
        // The pages were OCRed in parallel: some parts' run times overlap.
        let scanItem = try #require(try await t.store.items(ItemQuery()).first { $0.name == "scan.pdf" })
        let parts = try await t.store.jobs(of: scanItem.id).filter { $0.stageID == "ocr" }.compactMap { j in j.startedAt.flatMap { s in j.finishedAt.map { (s, $0) } } }
        let overlapping = parts.contains { a in parts.contains { b in a.0 < b.0 && b.0 < a.1 } }
        #expect(overlapping, "two workers OCR two pages at once")
        let items = try await t.store.items(ItemQuery())
        let bomb = try #require(items.first { $0.name == "bomb.png" })
        #expect(bomb.state == .exception)
        #expect(bomb.reason == "unreadable_image: the image is 60000 × 60000 pixels, over the limit of 100000000; scan it at a lower resolution")
    }

    @Test func aScanBecomesASearchablePDFForTheArchive() async throws {
        let t = try TestAppliance(pipelines: ["invoices.yaml": TestAppliance.pipeline(stages: """
              - id: text
                use: pdf.text
              - id: archive
                use: archive.pdf
                with: { languages: [eng] }
              - id: done_record
                use: outbox.write
            """)])
        defer { t.remove() }
        TestScan.imagePDF(t.directory.file("scan.pdf"), pages: [["Archive page one", "Invoice 4711"], ["Archive page two"]])
        try await t.run { _ in
            try t.drop(Data(contentsOf: URL(fileURLWithPath: t.directory.file("scan.pdf"))), as: "scan.pdf")
            let ok = await eventually { t.files(in: "done").count == 1 }
            #expect(ok)
        }
        let record = try t.json("done", try #require(t.files(in: "done").first))
        let archive = try #require(record["stages"]?.arrayValue?.first { $0["id"] == "archive" }?["output"])
        #expect(archive["pages"] == 2)
        let hash = try #require(archive["sha256"]?.stringValue.flatMap(BlobID.init))
        // poppler finds the invisible text layer: the copy is searchable.
        let pdf = try PDFReader().read(path: t.appliance.blobs.path(for: hash))
        #expect(pdf.pageCount == 2)
        #expect(pdf.pages[0].text.contains("Archive page one") && pdf.pages[0].text.contains("4711"), "\(pdf.pages[0].text)")
        #expect(pdf.pages[1].text.contains("Archive page two"))
    }
}

@Suite("OCR of faint print", .serialized, .offThePool)
struct FaintPrintTests {
    /// A till's dot-matrix print: the text drawn, then only every third pixel of its strokes kept, in light grey.
    static func dotMatrix(_ path: String, lines: [String]) {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1240, 900)!
        TestScan.draw(surface, lines: lines, size: 40)
        cairo_surface_flush(surface)
        let data = cairo_image_surface_get_data(surface)!, stride = Int(cairo_image_surface_get_stride(surface))
        for y in 0..<900 {
            for x in 0..<1240 {
                let p = data + y * stride + x * 4
                let dark = p[1] < 128
                let v: UInt8 = dark && x % 3 == 0 && y % 3 == 0 ? 150 : 255
                p[0] = v; p[1] = v; p[2] = v
            }
        }
        cairo_surface_mark_dirty(surface)
        cairo_surface_write_to_png(surface, path)
        cairo_surface_destroy(surface)
    }

    @Test func aPageThatReadsPoorlyIsReadAgainFromAPreparedCopyAndTheBetterReadingKept() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let lines = ["KEDAI CONTOH TRADING", "TOTAL 27.40", "CASH 50.00", "CHANGE 22.60"]
        Self.dotMatrix(dir.file("till.png"), lines: lines)
        let once = try OCR.recognize(path: dir.file("till.png"), mediaType: "png", page: 1, languages: ["eng"], retryBelow: 0)
        let retried = try OCR.recognize(path: dir.file("till.png"), mediaType: "png", page: 1, languages: ["eng"], retryBelow: 0.8)
        let wanted = lines.flatMap { $0.split(separator: " ").map(String.init) }
        func found(_ p: OCRPage) -> Int { wanted.filter { w in p.words.contains { $0.text == w } }.count }
        #expect(once.meanConfidence < 0.8, "the dotted page reads poorly as it is: \(once.meanConfidence) \(once.text)")
        #expect(retried.meanConfidence > once.meanConfidence)
        #expect(found(retried) > found(once), "\(found(once)) → \(found(retried)) of \(wanted.count): \(retried.text)")
        #expect(found(once) <= 2 && found(retried) >= 6, "\(once.text) // \(retried.text)")
        // The boxes stay in the page's points, and the page keeps its size.
        #expect(retried.widthPixels == 1240 && retried.words.allSatisfy { $0.x1 <= 300 })
        // Clean print is read once: nothing changes for it.
        TestScan.png(dir.file("clean.png"), lines: lines)
        let clean = try OCR.recognize(path: dir.file("clean.png"), mediaType: "png", page: 1, languages: ["eng"], retryBelow: 0.8)
        #expect(clean.meanConfidence >= 0.8 && found(clean) == wanted.count)
    }

    /// Tesseract's one-block reading sometimes drops a whole line (a title beside a tinted box at 300 dpi
    /// came back as a speck of nonsense). A line whose ink has no word over it is read again on its own
    /// and its words join the page where they were printed; ink under any word is left alone.
    @Test("Light print on a dark band (a letterhead's coloured bar) is read; bold print on the paper is left as it is")
    func lightPrintOnADarkBandIsRead() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("band.png")
        // A page at 150 dpi: a dark blue-grey bar with the seller's name in white, then ordinary lines in black.
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1240, 900)!
        let cr = cairo_create(surface)!
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_set_source_rgb(cr, 0.13, 0.27, 0.4)
        cairo_rectangle(cr, 80, 60, 1080, 90)
        cairo_fill(cr)
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD)
        cairo_set_font_size(cr, 40)
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_move_to(cr, 110, 122)
        cairo_show_text(cr, "Northwind Trading GmbH")
        cairo_set_source_rgb(cr, 0, 0, 0)
        for (i, line) in ["Invoice 4711", "TOTAL 1234.56 EUR", "Payable within thirty days"].enumerated() {
            cairo_move_to(cr, 110, 300 + Double(i) * 70)
            cairo_show_text(cr, line)
        }
        cairo_destroy(cr)
        cairo_surface_write_to_png(surface, path)
        cairo_surface_destroy(surface)
        let page = try OCR.recognize(path: path, mediaType: "png", page: 1, dpi: 150, languages: ["eng"])
        #expect(page.text.contains("Northwind Trading GmbH"), "\(page.text)")
        #expect(page.text.contains("TOTAL 1234.56 EUR") && page.text.contains("Payable within thirty days"), "\(page.text)")
        // The band alone is turned; the bold lines on the paper are not bands.
        var loaded: UnsafeMutablePointer<PIX>? = pixRead(path)
        defer { pixDestroy(&loaded) }
        var grey: UnsafeMutablePointer<PIX>? = pixConvertTo8(loaded, 0)
        defer { pixDestroy(&grey) }
        #expect(OCR.invertDarkBands(grey!, resolution: 150) == 1)
        #expect(OCR.invertDarkBands(grey!, resolution: 150) == 0, "once turned, the band is paper with print on it")
    }

    @Test("A table's frame in light grey is painted out under a scanner's noise; the text inside it stays")
    func aLightGreyFrameIsRemovedUnderNoise() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("frame.png")
        // A row of totals at 200 dpi in a frame drawn in #999, the grey a 1-pixel CSS border prints in.
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1654, 400)!
        let cr = cairo_create(surface)!
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_set_source_rgb(cr, 0.6, 0.6, 0.6)
        cairo_set_line_width(cr, 2)
        cairo_rectangle(cr, 60, 100, 1540, 120)
        cairo_stroke(cr)
        cairo_set_source_rgb(cr, 0.13, 0.13, 0.13)
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD)
        cairo_set_font_size(cr, 26)
        cairo_move_to(cr, 120, 150)
        cairo_show_text(cr, "Warenwert     Fracht     Nettobetrag     MwSt. 19 %     Endbetrag EUR")
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
        cairo_move_to(cr, 120, 195)
        cairo_show_text(cr, "5.262,04          0,00          5.262,04          999,79          6.261,83")
        cairo_destroy(cr)
        cairo_surface_write_to_png(surface, path)
        cairo_surface_destroy(surface)
        var loaded: UnsafeMutablePointer<PIX>? = pixRead(path)
        defer { pixDestroy(&loaded) }
        var grey: UnsafeMutablePointer<PIX>? = pixConvertTo8(loaded, 0)
        defer { pixDestroy(&grey) }
        srand(7)
        var noisy: UnsafeMutablePointer<PIX>? = pixAddGaussianNoise(grey, 12)
        defer { pixDestroy(&noisy) }
        let page = try #require(noisy)
        /// The mean grey of a band of rows between two columns.
        func mean(rows: ClosedRange<Int32>, from x0: Int32 = 200, to x1: Int32 = 1400) -> Double {
            var sum = 0.0, n = 0.0
            for y in rows { for x in stride(from: x0, to: x1, by: 3) { var v: UInt32 = 0; pixGetPixel(page, x, y, &v); sum += Double(v); n += 1 } }
            return sum / n
        }
        #expect(mean(rows: 99...100) < 180, "the frame is there to begin with")
        let text = mean(rows: 130...200)
        OCR.removeRules(page, resolution: 200)
        #expect(mean(rows: 99...100) > 235, "the frame's top is paper now: \(mean(rows: 99...100))")
        #expect(mean(rows: 219...220) > 235, "and its bottom: \(mean(rows: 219...220))")
        #expect(mean(rows: 140...180, from: 59, to: 62) > 235, "and its sides")
        #expect(abs(mean(rows: 130...200) - text) < 1, "the text inside is left as it was")
    }

    /// A reading's effort budget counts this thread's CPU work, not the wall clock: time spent asleep
    /// (as a thread on a busy machine waits for a core) uses none of it, and a budget of no work stops the reading.
    @Test func aReadingsEffortBudgetCountsWorkNotWaiting() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("page.png")
        TestScan.png(path, lines: ["Invoice 4711 from Northwind", "Total due 1234.56 EUR", "Payable within thirty days"])
        var loaded: UnsafeMutablePointer<PIX>? = pixRead(path)
        defer { pixDestroy(&loaded) }
        var grey: UnsafeMutablePointer<PIX>? = pixConvertTo8(loaded, 0)
        defer { pixDestroy(&grey) }
        let budget = OCR.WorkBudget(seconds: 0.5)
        usleep(800_000)
        #expect(OCR.threadCPUSeconds() - budget.start < 0.3, "sleeping is no work")
        try OCR.engineInUse.withLock { _ in
            let engine = try OCR.Engine.shared(languages: "eng")
            let read = try OCR.read(grey!, engine: engine, page: 1, res: 300, rotation: 0, deadlineSeconds: 120, cpuSeconds: 30)
            #expect(read.words.contains { $0.text == "Northwind" }, "\(read.text)")
            #expect(throws: QuireError.self, "no work left stops the reading") {
                try OCR.read(grey!, engine: engine, page: 1, res: 300, rotation: 0, deadlineSeconds: 120, cpuSeconds: 0)
            }
        }
    }

    @Test("Lines turned by 90° along the margins are read from turned copies of their strips, with their boxes on the page")
    func turnedLinesAlongTheMarginAreRead() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("margin.png")
        // A 150 dpi page: lines across it, legal mentions up the left margin in two lines, a note down the right one.
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1240, 1754)!
        TestScan.draw(surface, lines: ["Invoice 4711 from Northwind", "Total due 1234.56 EUR", "Payable within thirty days"], size: 30)
        let cr = cairo_create(surface)!
        cairo_set_source_rgb(cr, 0, 0, 0)
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, 17)
        for (x, y, angle, text) in [(50.0, 1500.0, -90.0, "Example Trading Ltd, registered in Leeds, company number 04817223"),
                                    (72.0, 1500.0, -90.0, "VAT GB 123 4567 89, bank account 20-00-00 55779911"),
                                    (1200.0, 400.0, 90.0, "Printed by Ledgerly on the third of March")] {
            cairo_save(cr)
            cairo_translate(cr, x, y)
            cairo_rotate(cr, angle * .pi / 180)
            cairo_move_to(cr, 0, 0)
            cairo_show_text(cr, text)
            cairo_restore(cr)
        }
        cairo_destroy(cr)
        cairo_surface_write_to_png(surface, path)
        cairo_surface_destroy(surface)
        let page = try OCR.recognize(path: path, mediaType: "png", page: 1, languages: ["eng"])
        let up = page.words.filter { $0.rotation == 270 }, down = page.words.filter { $0.rotation == 90 }
        #expect(up.map(\.text).joined(separator: " ").contains("company number 04817223"), "\(up.map(\.text))")
        #expect(up.map(\.text).joined(separator: " ").contains("55779911"), "the block's shorter second line too: \(up.map(\.text))")
        #expect(down.map(\.text).joined(separator: " ").contains("Printed by Ledgerly"), "\(down.map(\.text))")
        // Boxes on the page (points): the left margin's words tall and narrow at its edge, the right one's at the other.
        let points = 72 / Double(page.dpi)
        let number = try #require(up.first { $0.text == "04817223" })
        #expect(number.x1 < 80 * points && number.y1 - number.y0 > 2 * (number.x1 - number.x0), "\(number)")
        #expect(down.allSatisfy { $0.x0 > 1160 * points }, "\(down)")
        // The lines across the page are read as before, and nothing tesseract made of the strips is left upright there.
        #expect(page.text.contains("Total due 1234.56 EUR"))
        let margins = page.words.filter { $0.x1 < 80 * points || $0.x0 > 1160 * points }
        #expect(!margins.contains { $0.rotation == 0 }, "\(margins)")
        #expect(page.json["words"]?.arrayValue?.contains { $0.arrayValue?.count == 7 && $0.arrayValue?[6] == 270 } == true,
                "the stage output carries the turn")
    }

    @Test func aLineTheReadingDroppedIsReadAgainOnItsOwn() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("page.png")
        TestScan.png(path, lines: ["Invoice 4711 from Northwind", "Total due 1234.56 EUR", "Payable within thirty days", "Order 9921 shipped Monday"],
                     width: 1240, height: 1754, size: 34)
        let page = try OCR.recognize(path: path, mediaType: "png", page: 1, languages: ["eng"])
        let payable = try #require(page.words.first { $0.text == "Payable" })
        var loaded: UnsafeMutablePointer<PIX>? = pixRead(path)
        defer { pixDestroy(&loaded) }
        var grey: UnsafeMutablePointer<PIX>? = pixConvertTo8(loaded, 0)
        defer { pixDestroy(&grey) }
        // The one engine is used by one caller at a time (other suites read pages meanwhile).
        try OCR.engineInUse.withLock { _ in
            let engine = try OCR.Engine.shared(languages: "eng")
            // The reading as if the third line had been dropped.
            var dropped = page
            dropped.words.removeAll { $0.y0 < payable.y1 && payable.y0 < $0.y1 }
            #expect(!dropped.words.contains { $0.text == "thirty" })
            OCR.recoverDroppedLines(grey!, into: &dropped, engine: engine, page: 1, res: 300, seconds: 120, cpuSeconds: 5)
            let back = try #require(dropped.words.first { $0.text == "Payable" }, "\(dropped.words.map(\.text))")
            #expect(dropped.words.contains { $0.text == "thirty" } && dropped.text.contains("Payable within thirty days"), "\(dropped.text)")
            #expect(abs(back.x0 - payable.x0) < 2 && abs(back.y0 - payable.y0) < 2, "where it was printed: \(back) against \(payable)")
            #expect(dropped.words.count == page.words.count, "the other lines are not read twice")
            // Nothing dropped: nothing changes. A word read with little confidence still covers its ink.
            var whole = page
            if let i = whole.words.firstIndex(where: { $0.text == "1234.56" }) { whole.words[i].confidence = 0.35 }
            let before = whole
            OCR.recoverDroppedLines(grey!, into: &whole, engine: engine, page: 1, res: 300, seconds: 120, cpuSeconds: 5)
            #expect(whole == before, "\(whole.words.map(\.text))")
            // A line read as short words of letters with little confidence ("oo ooo oooo") is read again, and
            // the nonsense gives way to what is printed.
            var garbled = page
            for i in garbled.words.indices where garbled.words[i].y0 < payable.y1 && payable.y0 < garbled.words[i].y1 {
                garbled.words[i].text = String(repeating: "o", count: i % 3 + 2)
                garbled.words[i].confidence = 0.34
            }
            OCR.recoverDroppedLines(grey!, into: &garbled, engine: engine, page: 1, res: 300, seconds: 120, cpuSeconds: 5)
            #expect(garbled.words.contains { $0.text == "thirty" }, "\(garbled.words.map(\.text))")
            #expect(!garbled.words.contains { $0.confidence == 0.34 }, "\(garbled.words.map(\.text))")
            // Two lines read as one tall word of letters, as unsure as a word that may be right ("FACTURE" over "N° 2509-948"
            // beside a large letterhead came back "ee" at 0.53): both lines are read again and the tall word goes.
            let total = try #require(page.words.first { $0.text == "Total" })
            var merged = page
            let twoLines = { (w: OCRWord) in (w.y0 < payable.y1 && payable.y0 < w.y1) || (w.y0 < total.y1 && total.y0 < w.y1) }
            let right = page.words.filter(twoLines).map(\.x1).max() ?? payable.x1
            merged.words.removeAll(where: twoLines)
            merged.words.append(OCRWord(text: "ee", x0: total.x0, y0: total.y0, x1: right, y1: payable.y1, confidence: 0.53))
            OCR.recoverDroppedLines(grey!, into: &merged, engine: engine, page: 1, res: 300, seconds: 120, cpuSeconds: 5)
            #expect(merged.words.contains { $0.text == "thirty" } && merged.words.contains { $0.text == "1234.56" }, "\(merged.words.map(\.text))")
            #expect(!merged.words.contains { $0.text == "ee" }, "\(merged.words.map(\.text))")
        }
    }

    @Test("A line the one-block reading was unsure of, or left part of, is read again on its own; a sure line stays as it was")
    func aDoubtfulLineIsReadAgainOnItsOwn() throws {
        try Self.readPage(["Northwind Trading e.K.", "Invoice date 05.10.2025", "Total due 1234.56 EUR", "Payable within thirty days"]) { page, grey, engine in
            let date = try #require(page.words.first { $0.text == "05.10.2025" }, "\(page.words.map(\.text))")
            let form = try #require(page.words.first { $0.text == "e.K." }, "\(page.words.map(\.text))")
            let amount = try #require(page.words.first { $0.text == "1234.56" }, "\(page.words.map(\.text))")
            // A sure reading: nothing is read again, nothing changes.
            var sure = page
            OCR.rereadDoubtfulLines(grey, into: &sure, engine: engine, page: 1, res: 300, seconds: 120, cpuSeconds: 5)
            #expect(sure == page, "\(sure.words.map(\.text))")
            // A date read wrong with little confidence, and a name's legal form left off (its ink under no word): both lines
            // are read again and come back as printed, where they were printed.
            var doubtful = page
            if let i = doubtful.words.firstIndex(of: date) { doubtful.words[i].text = "00.10.2023"; doubtful.words[i].confidence = 0.47 }
            doubtful.words.removeAll { $0 == form }
            OCR.rereadDoubtfulLines(grey, into: &doubtful, engine: engine, page: 1, res: 300, seconds: 120, cpuSeconds: 5)
            let back = try #require(doubtful.words.first { $0.text == "05.10.2025" }, "\(doubtful.words.map(\.text))")
            #expect(abs(back.x0 - date.x0) < 2 && abs(back.y0 - date.y0) < 2, "\(back) against \(date)")
            #expect(!doubtful.words.contains { $0.text == "00.10.2023" }, "\(doubtful.words.map(\.text))")
            #expect(doubtful.words.contains { $0.text == "e.K." } && doubtful.words.contains { $0.text == "Northwind" }, "\(doubtful.words.map(\.text))")
            #expect(doubtful.words.count == page.words.count, "each word once: \(doubtful.words.map(\.text))")
            // A doubtful amount whose reading alone has fewer figures keeps its place (read alone, an amount can lose a digit).
            var amountDoubtful = page
            if let i = amountDoubtful.words.firstIndex(of: amount) { amountDoubtful.words[i].text = "1234.567"; amountDoubtful.words[i].confidence = 0.5 }
            let before = amountDoubtful
            OCR.rereadDoubtfulLines(grey, into: &amountDoubtful, engine: engine, page: 1, res: 300, seconds: 120, cpuSeconds: 5)
            #expect(amountDoubtful == before, "\(amountDoubtful.words.map(\.text))")
        }
    }

    @Test("A word whose box tesseract drew short of its ink is not read twice, and touching pieces of one word are read whole")
    func aShortBoxIsNotReadTwiceAndPiecesAreJoined() throws {
        try Self.readPage(["Northwind Trading e.K.", "Invoice number 2580612", "Total due 1234.56 EUR", "Payable within thirty days"]) { page, grey, engine in
            let number = try #require(page.words.first { $0.text == "2580612" }, "\(page.words.map(\.text))")
            // The number's box over its first three figures only: the rest of its ink, under no word, read alone is the
            // number's own end, not a dropped word.
            var short = page
            if let i = short.words.firstIndex(of: number) { short.words[i].x1 = number.x0 + (number.x1 - number.x0) * 0.4 }
            OCR.recoverDroppedLines(grey, into: &short, engine: engine, page: 1, res: 300, seconds: 120, cpuSeconds: 5)
            #expect(short.words.filter { $0.text.contains("0612") }.map(\.text) == ["2580612"], "\(short.words.map(\.text))")
            // The number as two touching pieces, as a short box and the ink read after it leave it: read again whole.
            var pieces = page
            if let i = pieces.words.firstIndex(of: number) {
                let mid = number.x0 + (number.x1 - number.x0) * 0.3
                var head = number, tail = number
                head.text = "25"; head.x1 = mid
                tail.text = "80612"; tail.x0 = mid
                pieces.words.replaceSubrange(i...i, with: [head, tail])
            }
            OCR.rereadDoubtfulLines(grey, into: &pieces, engine: engine, page: 1, res: 300, seconds: 120, cpuSeconds: 5)
            #expect(pieces.words.contains { $0.text == "2580612" } && !pieces.words.contains { $0.text == "25" || $0.text == "80612" },
                    "\(pieces.words.map(\.text))")
        }
    }

    /// Four lines drawn at 300 dpi, read by tesseract, and handed with the page's grey image and the engine (held) to `body`.
    static func readPage(_ lines: [String], _ body: (OCRPage, UnsafeMutablePointer<PIX>, OCR.Engine) throws -> Void) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("page.png")
        TestScan.png(path, lines: lines, width: 1240, height: 1754, size: 34)
        let page = try OCR.recognize(path: path, mediaType: "png", page: 1, languages: ["eng"])
        var loaded: UnsafeMutablePointer<PIX>? = pixRead(path)
        defer { pixDestroy(&loaded) }
        var grey: UnsafeMutablePointer<PIX>? = pixConvertTo8(loaded, 0)
        defer { pixDestroy(&grey) }
        let image = try #require(grey)
        try OCR.engineInUse.withLock { _ in try body(page, image, try OCR.Engine.shared(languages: "eng")) }
    }

    @Test("A letterhead in large type beside a column of small lines is read line by line, each as printed")
    func aLetterheadBesideSmallLinesIsReadWhole() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("letterhead.png")
        // A 200 dpi page: a bold name in 17 points at the left, beside it at the right four lines in 7 points.
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1654, 1100)!
        let cr = cairo_create(surface)!
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_set_source_rgb(cr, 0, 0, 0)
        func show(_ text: String, _ x: Double, _ y: Double, _ size: Double, bold: Bool = false) {
            cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
            cairo_set_font_size(cr, size)
            cairo_move_to(cr, x, y)
            cairo_show_text(cr, text)
        }
        show("Northwind Trading e.K.", 205, 190, 32, bold: true)
        show("Hauptstraße 47 · 59857 Seefeld · USt-IdNr. DE136695976", 205, 218, 20)
        show("Beleg-Nr. 39571858", 1300, 180, 20)
        show("Belegdatum 05.10.2025", 1268, 203, 20)
        show("Valuta 19.10.2025", 1318, 226, 20)
        show("Kd.-Nr. 20150", 1350, 249, 20)
        for (i, line) in ["Rechnung", "Arbeitszeit Geselle 2 Stk 99,36 198,72", "Rechnungsbetrag EUR 224,65"].enumerated() {
            show(line, 205, 420 + Double(i) * 40, 24)
        }
        cairo_destroy(cr)
        cairo_surface_write_to_png(surface, path)
        cairo_surface_destroy(surface)
        // Scanned (skew and noise): read in one block, the date's line came back in pieces ("Belegdat" + "um 00 10.2025")
        // on each of these four, and on 11 of 32 such scans (3 of 32 with each doubtful line read again on its own). (No
        // retry of the whole page from prepared copies: its effort budget makes the first reading depend on the machine's load.)
        // At least three of the four: in a full test run, beside other suites, one of them has come back unmended (the
        // reading in one block differed; the cause is not known), never more.
        var read: [String] = []
        for (seed, skew) in [(UInt32(1), -1.2), (4, 0.6), (6, 1.2), (8, 0.6)] {
            let page = try OCR.recognize(path: path, mediaType: "png", page: 1, dpi: 200, languages: ["deu"],
                                         simulate: OCR.SimulatedScan(skewDegrees: skew, noise: 12, seed: seed), retryBelow: 0)
            let top = page.words.filter { $0.y0 < 100 }.map(\.text)
            if top.contains("Belegdatum") && top.contains("05.10.2025") { read.append("seed \(seed), skew \(skew)") }
            #expect(top.contains("e.K."), "seed \(seed), skew \(skew): \(top)")
        }
        #expect(read.count >= 3, "the date's line read whole on \(read)")
    }
}

@Suite("Reading a line again")
struct RereadingTests {
    static func word(_ text: String, _ confidence: Double, at x: Double) -> OCRWord {
        OCRWord(text: text, x0: x, y0: 100, x1: x + 40, y1: 110, confidence: confidence)
    }

    @Test("A date no calendar has is a misreading: day and month fit neither order, or a year-first date's month is over 12")
    func impossibleDates() {
        for text in ["94/11/2019", "13/13/2018", "32.01.2024", "00/05/2019", "2024-13-01", "2024-02-40", "(45-07-18)"] {
            #expect(Self.word(text, 0.9, at: 0).isImpossibleDate, "\(text)")
        }
        for text in ["24/11/2019", "12/22/2017", "05.10.2025", "2024-02-29", "30-12-18", "12/03/18:", "1234.56", "7.250", "03-5550-0123", "1/2/3/4", "TOTAL"] {
            #expect(!Self.word(text, 0.9, at: 0).isImpossibleDate, "\(text)")
        }
    }

    @Test("A surer reading of a line replaces it unless it has fewer figures or makes a date impossible")
    func aRereadingThatMakesADateImpossibleIsRefused() {
        let old = [Self.word("TAX", 0.9, at: 0), Self.word("INVOICE", 0.6, at: 50), Self.word("24/11/2019", 0.55, at: 120)]
        let surer = [Self.word("TAX", 0.95, at: 0), Self.word("INVOICE", 0.93, at: 50), Self.word("24/11/2019", 0.9, at: 120)]
        #expect(OCR.rereading(surer, replaces: old, piecesOfAWord: false))
        let impossible = [Self.word("TAX", 0.95, at: 0), Self.word("INVOICE", 0.93, at: 50), Self.word("94/11/2019", 0.9, at: 120)]
        #expect(!OCR.rereading(impossible, replaces: old, piecesOfAWord: false), "a day of 92")
        // An impossible date read again as one: the new reading is no worse on that count.
        let wasImpossible = [Self.word("TAX", 0.9, at: 0), Self.word("INVOICE", 0.6, at: 50), Self.word("94/11/2019", 0.55, at: 120)]
        #expect(OCR.rereading(surer, replaces: wasImpossible, piecesOfAWord: false))
        #expect(OCR.rereading(impossible, replaces: wasImpossible, piecesOfAWord: false))
        // Fewer figures, or not sure enough: refused.
        let shorter = [Self.word("TAX", 0.95, at: 0), Self.word("INVOICE", 0.93, at: 50), Self.word("22/12/207", 0.9, at: 120)]
        #expect(!OCR.rereading(shorter, replaces: old, piecesOfAWord: false))
        let unsure = surer.map { w in var w = w; w.confidence = 0.75; return w }
        #expect(!OCR.rereading(unsure, replaces: old, piecesOfAWord: false))
    }
}

extension RereadingTests {
    @Test("A dropped line read alone does not turn a date a calendar has into one it has not; other words of the line join")
    func aRecoveredLineKeepsAPossibleDate() {
        let old = [OCRWord(text: "24/11/2019", x0: 150, y0: 80, x1: 182, y1: 97, confidence: 0.45),
                   OCRWord(text: "Cashier", x0: 10, y0: 120, x1: 40, y1: 130, confidence: 0.9)]
        var lines = [[OCRWord(text: "Date:", x0: 124, y0: 81, x1: 144, y1: 91, confidence: 0.9),
                      OCRWord(text: "94/11/2019", x0: 150, y0: 80, x1: 182, y1: 91, confidence: 0.8)],
                     [OCRWord(text: "31/31/2017", x0: 10, y0: 200, x1: 40, y1: 210, confidence: 0.8)]]
        let kept = OCR.keepPossibleDates(of: old, over: &lines)
        #expect(kept == [old[0]])
        #expect(lines.map { $0.map(\.text) } == [["Date:"], ["31/31/2017"]], "an impossible date over no old date stays: nothing better was read")
        // A possible date read alone replaces the old reading as before.
        var better = [[OCRWord(text: "24/11/2019", x0: 150, y0: 80, x1: 182, y1: 91, confidence: 0.8)]]
        #expect(OCR.keepPossibleDates(of: old, over: &better).isEmpty && better[0].count == 1)
    }
}

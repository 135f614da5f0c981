import CPoppler
import CTesseract
import Foundation
public import QuireCore
import Synchronization

/// What OCR found on one page. Boxes are in PDF points (1/72 inch) from the top-left corner, so
/// they line up with `pdf.text`'s; confidence is 0...1.
/// One recognised word: its box in PDF points from the top-left corner, and confidence 0...1.
public struct OCRWord: Sendable, Hashable {
    public var text: String
    public var x0, y0, x1, y1: Double
    public var confidence: Double
    /// Clockwise degrees the word is turned on the upright page: 270 reads up the page, 90 down it (a line set along the
    /// margin, read from a turned copy of its strip); 0 along the line. The box is the page's.
    public var rotation: Int = 0
}

extension OCRWord {
    /// The word's letters and figures ("2543982" of "2543982:").
    var alphanumerics: String { String(text.filter { $0.isLetter || $0.isNumber }) }
    /// Whether the word has a letter or figure (not a mark alone: "|", "-", ".").
    var isReadable: Bool { text.contains { $0.isLetter || $0.isNumber } }
    /// Whether the two words' boxes overlap.
    func overlaps(_ o: OCRWord) -> Bool { x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1 }
    /// Whether the two words stand on one row: they share more than half the height of the shorter.
    func sharesRow(with o: OCRWord) -> Bool { min(y1, o.y1) - max(y0, o.y0) > 0.5 * min(y1 - y0, o.y1 - o.y0) }

    /// Whether the word is written as a date that no calendar has: three groups of figures joined by "/", "." or "-"
    /// whose day and month fit neither day-month nor month-day order ("94/11/2019", "13/13/2018"), or a year-first date
    /// with a month over 12 or a day over 31. A misreading of a figure, never a date that was printed.
    var isImpossibleDate: Bool { dateShape == false }

    /// Whether the word is written as a date: nil when it is not shaped like one, else whether a calendar has it
    /// (see ``isImpossibleDate``).
    var dateShape: Bool? {
        let core = text.trimmingCharacters(in: Self.dateTrim)
        let groups = core.split(omittingEmptySubsequences: false) { $0 == "/" || $0 == "." || $0 == "-" }
        guard groups.count == 3, groups.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let a = Int(groups[0]), let b = Int(groups[1]), let c = Int(groups[2]) else { return nil }
        if groups[0].count == 4 { return (1...12).contains(b) && (1...31).contains(c) }
        guard groups[2].count == 2 || groups[2].count == 4, groups[0].count <= 2, groups[1].count <= 2 else { return nil }
        return (1...31).contains(a) && (1...12).contains(b) || (1...12).contains(a) && (1...31).contains(b)
    }
    private static let dateTrim = CharacterSet(charactersIn: ",;:()[]")
}

extension [OCRWord] {
    /// The words' mean confidence (0 for none).
    var meanConfidence: Double { isEmpty ? 0 : map(\.confidence).reduce(0, +) / Double(count) }
}

extension OCRPage {
    /// Drops the words a line read again left twice at one place (``RepeatedWords``), keeping the surer of each pair.
    mutating func dropRepeatedWords() {
        words = RepeatedWords.removing(from: words) {
            RepeatedWords.Word(text: $0.text, rotation: $0.rotation, x0: $0.x0, y0: $0.y0, x1: $0.x1, y1: $0.y1, confidence: $0.confidence)
        }
    }
}

public struct OCRPage: Sendable, Hashable {
    public var page: Int
    public var widthPixels: Int
    public var heightPixels: Int
    public var dpi: Int
    public var text: String
    public var meanConfidence: Double
    /// Degrees the page was turned (0, 90, 180, 270) before recognition, from orientation detection.
    public var rotation: Int = 0
    public var words: [OCRWord] = []

    public var json: JSONValue {
        ["page": .number(Double(page)), "source": "ocr", "width_px": .number(Double(widthPixels)), "height_px": .number(Double(heightPixels)),
         "dpi": .number(Double(dpi)), "text": .string(text), "mean_confidence": .number((meanConfidence * 1000).rounded() / 1000),
         "rotation": .number(Double(rotation)),
         "words": .array(words.map { w in
             let word: [JSONValue] = [.string(w.text), .number(r(w.x0)), .number(r(w.y0)), .number(r(w.x1)), .number(r(w.y1)),
                                      .number((w.confidence * 1000).rounded() / 1000)]
             return .array(w.rotation == 0 ? word : word + [.number(Double(w.rotation))])
         })]
    }

    private func r(_ x: Double) -> Double { (x * 100).rounded() / 100 }
}

/// Reads images and renders PDF pages into leptonica images, and OCRs them with tesseract.
/// Used inside `quire worker` processes only: one engine per process, loaded once per language set.
public enum OCR {
    /// Limits on what is decoded (checked from headers before any pixel is read).
    public struct Limits: Sendable {
        /// Pixels per page (default 100 million: A3 at 600 dpi is 70 million).
        public var maxPixels = 100_000_000
        public init() {}
    }

    /// Image header facts, read without decoding.
    public struct ImageInfo: Sendable {
        public var width: Int
        public var height: Int
        public var pages: Int
    }

    public static func imageInfo(path: String) throws -> ImageInfo {
        var format: Int32 = 0, w: Int32 = 0, h: Int32 = 0, bps: Int32 = 0, spp: Int32 = 0, cmap: Int32 = 0
        guard pixReadHeader(path, &format, &w, &h, &bps, &spp, &cmap) == 0 else {
            throw QuireError(.unsupportedInput, "the image cannot be read (its header is broken); ask the sender for a new copy")
        }
        var pages: Int32 = 1
        if format == Int32(IFF_TIFF) || (Int32(IFF_TIFF_PACKBITS)...Int32(IFF_TIFF_JPEG)).contains(format) {
            if let f = fopen(path, "rb") {
                defer { fclose(f) }
                if tiffGetCount(f, &pages) != 0 { pages = 1 }
            }
        }
        return ImageInfo(width: Int(w), height: Int(h), pages: Int(max(1, pages)))
    }

    /// Decodes (images) or renders (PDFs) page `page` as OCR does and frees it again: the size it came
    /// to and its resolution. The fuzzers' way in to everything before tesseract.
    package static func decodedSize(path: String, mediaType: String, page: Int, dpi: Int, limits: Limits) throws -> (width: Int, height: Int, dpi: Int) {
        var (pix, dpi): (UnsafeMutablePointer<PIX>?, Int) = try load(path: path, mediaType: mediaType, page: page, dpi: dpi, limits: limits)
        defer { pixDestroy(&pix) }
        return (Int(pixGetWidth(pix)), Int(pixGetHeight(pix)), dpi)
    }

    /// Loads page `page` (1-based) of an image file or a PDF as an 8-bit grey leptonica image, and its resolution.
    static func load(path: String, mediaType: String, page: Int, dpi: Int, limits: Limits) throws -> (UnsafeMutablePointer<PIX>, Int) {
        let p = try loadPage(path: path, mediaType: mediaType, page: page, limits: limits) { _ in dpi }
        return (p.pix, p.resolution)
    }

    /// A page decoded (images) or rendered (PDFs) as 8-bit grey, with its resolution, its size in points and
    /// the document's page count (the page picture needs them, OCR only the image).
    struct LoadedPage {
        var pix: UnsafeMutablePointer<PIX>
        var resolution: Int
        var widthPoints: Double
        var heightPoints: Double
        var pages: Int
    }

    /// Loads page `page` (1-based); a PDF page is rendered at `dpi(width in points)`, so a caller can choose
    /// the resolution from the page's size without opening the document twice. The caller destroys `pix`.
    static func loadPage(path: String, mediaType: String, page: Int, limits: Limits, dpi: (Double) -> Int) throws -> LoadedPage {
        if mediaType == "pdf" { return try renderPDF(path: path, page: page, limits: limits, dpi: dpi) }
        let info = try imageInfo(path: path)
        guard info.width * info.height <= limits.maxPixels else {
            throw QuireError(.unsupportedInput, "the image is \(info.width) × \(info.height) pixels, over the limit of \(limits.maxPixels); scan it at a lower resolution")
        }
        guard page >= 1 && page <= info.pages else {
            throw QuireError(.invalidArgument, "the image has \(info.pages) page\(info.pages == 1 ? "" : "s"), not \(page)")
        }
        let raw: UnsafeMutablePointer<PIX>? = mediaType == "tiff" ? pixReadTiff(path, Int32(page - 1)) : pixRead(path)
        guard raw != nil else {
            throw QuireError(.unsupportedInput, "the image cannot be decoded (it is damaged or truncated); ask the sender for a new copy")
        }
        var pix: UnsafeMutablePointer<PIX>? = raw
        defer { pixDestroy(&pix) }
        guard let grey = pixConvertTo8(pix, 0) else { throw QuireError(.unsupportedInput, "the image cannot be converted to grey") }
        let res = Int(pixGetXRes(pix))
        let resolution = res >= 70 && res <= 1200 ? res : 300
        return LoadedPage(pix: grey, resolution: resolution, widthPoints: Double(pixGetWidth(grey)) * 72 / Double(resolution),
                          heightPoints: Double(pixGetHeight(grey)) * 72 / Double(resolution), pages: info.pages)
    }

    /// Renders a page at `dpi(width in points)` (a page that is one scanned image at most at the image's own resolution).
    static func renderPDF(path: String, page: Int, limits: Limits, dpi chooseDPI: (Double) -> Int) throws -> LoadedPage {
        var error: UnsafeMutablePointer<GError>?
        guard let doc = poppler_document_new_from_file(URL(fileURLWithPath: path).absoluteString, nil, &error) else {
            throw QuireError(.unsupportedInput, "\(PDFReader.documentError(error, path: path).message)")
        }
        defer { g_object_unref(UnsafeMutableRawPointer(doc)) }
        let pages = Int(poppler_document_get_n_pages(doc))
        guard page >= 1, page <= pages, let p = poppler_document_get_page(doc, Int32(page - 1)) else {
            throw QuireError(.invalidArgument, "the PDF has \(pages) page\(pages == 1 ? "" : "s"), not \(page)")
        }
        defer { g_object_unref(UnsafeMutableRawPointer(p)) }
        var wpt = 0.0, hpt = 0.0
        poppler_page_get_size(p, &wpt, &hpt)
        let dpi = chooseDPI(wpt)
        // A page that is one scanned image is OCRed at the image's own resolution (up to `dpi`), as
        // an image file is: rendering a 150 dpi scan at 300 dpi only makes four times the pixels.
        let res = scannedImageResolution(p, width: wpt, height: hpt).map { min(dpi, max(100, $0)) } ?? dpi
        let w = Int((wpt * Double(res) / 72).rounded(.up)), h = Int((hpt * Double(res) / 72).rounded(.up))
        guard w > 0, h > 0, w * h <= limits.maxPixels else {
            throw QuireError(.unsupportedInput, "page \(page) is \(Int(wpt)) × \(Int(hpt)) points, \(w) × \(h) pixels at \(res) dpi, over the limit of \(limits.maxPixels) pixels")
        }
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(w), Int32(h)) else {
            throw QuireError(.internal, "cannot create a \(w) × \(h) image")
        }
        defer { cairo_surface_destroy(surface) }
        let cr = cairo_create(surface)
        defer { cairo_destroy(cr) }
        cairo_set_source_rgb(cr, 1, 1, 1)   // image surfaces start transparent: paint the paper white
        cairo_paint(cr)
        cairo_scale(cr, Double(res) / 72, Double(res) / 72)
        poppler_page_render(p, cr)
        cairo_surface_flush(surface)
        guard let pix = greyPix(from: surface) else {
            throw QuireError(.internal, "cannot hand the rendered page to leptonica")
        }
        pixSetResolution(pix, Int32(res), Int32(res))
        return LoadedPage(pix: pix, resolution: res, widthPoints: wpt, heightPoints: hpt, pages: pages)
    }

    /// The resolution of the one image that covers (nearly) the whole page, in dots per inch; nil
    /// for a page that is not a single full-page image.
    static func scannedImageResolution(_ page: OpaquePointer, width: Double, height: Double) -> Int? {
        guard let list = poppler_page_get_image_mapping(page) else { return nil }
        defer { poppler_page_free_image_mapping(list) }
        guard g_list_length(list) == 1, let data = list.pointee.data else { return nil }
        let mapping = data.assumingMemoryBound(to: PopplerImageMapping.self).pointee
        let a = mapping.area
        let wpt = abs(a.x2 - a.x1), hpt = abs(a.y2 - a.y1)
        guard wpt * hpt >= 0.85 * width * height else { return nil }
        guard let image = poppler_page_get_image(page, mapping.image_id) else { return nil }
        defer { cairo_surface_destroy(image) }
        let px = Double(cairo_image_surface_get_width(image))
        guard px > 0 else { return nil }
        return Int((px / (wpt / 72)).rounded())
    }

    /// A cairo RGB24 image surface as an 8-bit grey leptonica image. cairo stores B, G, R, X;
    /// leptonica reads a PGM (one grey byte per pixel) straight into a PIX. The caller owns it.
    static func greyPix(from surface: OpaquePointer) -> UnsafeMutablePointer<PIX>? {
        cairo_surface_flush(surface)
        guard let data = cairo_image_surface_get_data(surface) else { return nil }
        let w = Int(cairo_image_surface_get_width(surface)), h = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        let header = Array("P5\n\(w) \(h)\n255\n".utf8)
        var pgm = [UInt8](repeating: 0, count: header.count + w * h)
        pgm.replaceSubrange(0..<header.count, with: header)
        pgm.withUnsafeMutableBufferPointer { out in
            for y in 0..<h {
                let row = data + y * stride
                let o = header.count + y * w
                for x in 0..<w {
                    let px = row + x * 4
                    out[o + x] = UInt8((UInt32(px[2]) * 77 + UInt32(px[1]) * 150 + UInt32(px[0]) * 29) >> 8)
                }
            }
        }
        return pgm.withUnsafeBufferPointer { pixReadMem($0.baseAddress, $0.count) }
    }

    /// One tesseract engine per process, kept while the language set stays the same.
    final class Engine: @unchecked Sendable {
        // @unchecked: a worker handles one request at a time; `current` is behind a Mutex.
        let handle: OpaquePointer
        let languages: String
        init(languages: String) throws {
            guard let api = TessBaseAPICreate() else { throw QuireError(.internal, "cannot create a tesseract engine") }
            _ = TessBaseAPISetVariable(api, "debug_file", "/dev/null")
            guard TessBaseAPIInit3(api, nil, languages) == 0 else {
                TessBaseAPIDelete(api)
                let missing = languages.split(separator: "+").map { "tesseract-ocr-\($0)" }.joined(separator: " ")
                throw QuireError(.invalidArgument, "tesseract cannot load the languages '\(languages)'; install \(missing) (Debian packages) or change the pipeline's languages")
            }
            // One uniform block of text (the API's default, set here on purpose; tesseract's command line analyses the
            // page's layout instead, PSM_AUTO). Measured on the development corpora with the same rules: layout
            // analysis read receipts' fields 75.5 % right against 83.7 %, scanned invoices 87.7 against 90.2 %;
            // keeping the more confident of both readings, 78.1 and 90.7 % (docs/benchmarks.md). Our lines come
            // from word boxes, not from tesseract's blocks, so its layout analysis buys nothing and loses words.
            TessBaseAPISetPageSegMode(api, PSM_SINGLE_BLOCK)
            handle = api
            self.languages = languages
        }
        deinit { TessBaseAPIDelete(handle) }

        static let current = Mutex<Engine?>(nil)

        static func shared(languages: String) throws -> Engine {
            try current.withLock { e in
                if let e, e.languages == languages { return e }
                let fresh = try Engine(languages: languages)
                e = fresh
                return fresh
            }
        }
    }

    /// The orientation engine (tesseract's `osd` model), when that model is installed.
    static let orientation = Mutex<Engine?>(nil)
    static let orientationTried = Mutex(false)

    /// Clockwise degrees (0, 90, 180, 270) the page is turned, or nil when it cannot tell
    /// (no osd model, too little text, low confidence).
    static func detectOrientation(_ pix: UnsafeMutablePointer<PIX>, resolution: Int) -> Int? {
        let engine: Engine? = orientation.withLock { e in
            if e == nil && !orientationTried.withLock({ t in defer { t = true }; return t }) {
                e = try? Engine(languages: "osd")
            }
            return e
        }
        guard let api = engine?.handle else { return nil }
        TessBaseAPISetImage2(api, pix)
        TessBaseAPISetSourceResolution(api, Int32(resolution))
        defer { TessBaseAPIClear(api) }
        var degrees: Int32 = 0, confidence: Float = 0, scriptConfidence: Float = 0
        var script: UnsafePointer<CChar>?
        guard TessBaseAPIDetectOrientationScript(api, &degrees, &confidence, &script, &scriptConfidence) != 0, confidence >= 2 else { return nil }
        return Int(degrees)
    }

    /// OCRs one page. Blocks for about a second per page at 300 dpi.
    ///
    /// The page is deskewed and recognised as it is; only when that reads poorly (mean confidence
    /// under 0.6, or almost no words) is tesseract's orientation model asked whether the page is
    /// turned, and a turned page is recognised again upright. Orientation detection costs about as
    /// much as recognition, and nearly every page is upright.
    /// A scan as a scanner makes it, for benchmarks: the rendered page turned by a small angle and
    /// given sensor noise (Gaussian, standard deviation in grey levels), reproducibly by `seed`.
    public struct SimulatedScan: Sendable {
        public var skewDegrees: Double
        public var noise: Double
        public var seed: UInt32
        public init(skewDegrees: Double, noise: Double, seed: UInt32) {
            self.skewDegrees = skewDegrees
            self.noise = noise
            self.seed = seed
        }
    }

    public static func recognize(path: String, mediaType: String, page: Int, dpi: Int = 300, languages: [String] = ["eng"],
                                 limits: Limits = Limits(), deadlineSeconds: Double = 120, simulate: SimulatedScan? = nil,
                                 retryBelow: Double = OCR.retryBelow) throws -> OCRPage {
        // The process has one engine, which tesseract does not let two threads use at once: callers take turns (a
        // worker reads one page at a time anyway; in-process callers, tests and benchmarks, may not).
        try engineInUse.withLock { _ in
            try recognizeAlone(path: path, mediaType: mediaType, page: page, dpi: dpi, languages: languages, limits: limits,
                               deadlineSeconds: deadlineSeconds, simulate: simulate, retryBelow: retryBelow)
        }
    }

    static let engineInUse = Mutex(())

    /// Adds Gaussian noise (standard deviation `sigma` grey levels) to an 8-bit grey image in place, drawn from a generator
    /// seeded by `seed` alone, so a simulated scan is the same picture every time. leptonica's `pixAddGaussianNoise` draws
    /// from `rand()` in pairs and keeps the second of a pair in a static for the next call: after an odd number of draws
    /// in the worker before it, the same seed gave another picture, and the field benchmark read a page differently
    /// depending on which pages its worker had simulated before (330 of 708 made-up scans differed between two runs).
    static func addNoise(_ pix: UnsafeMutablePointer<PIX>, sigma: Double, seed: UInt32) {
        guard pixGetDepth(pix) == 8, let data = pixGetData(pix) else { return }
        let width = Int(pixGetWidth(pix)), height = Int(pixGetHeight(pix)), wpl = Int(pixGetWpl(pix))
        var state = UInt64(seed) &+ 0x9E37_79B9_7F4A_7C15
        func next() -> Double {   // SplitMix64, as a uniform number in (0, 1]
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return (Double(z >> 11) + 1) / 9_007_199_254_740_992
        }
        var spare: Double?
        for y in 0..<height {
            // leptonica keeps 8-bit pixels in 32-bit words, the first pixel in the word's high byte.
            let line = UnsafeMutableRawPointer(data + y * wpl).assumingMemoryBound(to: UInt8.self)
            for x in 0..<width {
                let g: Double
                if let s = spare { g = s; spare = nil } else {
                    let r = (-2 * log(next())).squareRoot(), t = 2 * Double.pi * next()
                    g = r * cos(t)
                    spare = r * sin(t)
                }
                let i = x ^ 3
                line[i] = UInt8(max(0, min(255, (Double(line[i]) + sigma * g).rounded())))
            }
        }
    }

    static func recognizeAlone(path: String, mediaType: String, page: Int, dpi: Int, languages: [String], limits: Limits,
                               deadlineSeconds: Double, simulate: SimulatedScan?, retryBelow: Double) throws -> OCRPage {
        let engine = try Engine.shared(languages: languages.joined(separator: "+"))
        var (loaded, res) = try load(path: path, mediaType: mediaType, page: page, dpi: dpi, limits: limits)
        if let simulate {
            if simulate.skewDegrees != 0, let turned = pixRotate(loaded, Float(simulate.skewDegrees * .pi / 180), Int32(L_ROTATE_AREA_MAP),
                                                                   Int32(L_BRING_IN_WHITE), 0, 0) {
                var old: UnsafeMutablePointer<PIX>? = loaded
                pixDestroy(&old)
                loaded = turned
            }
            if simulate.noise > 0, pixGetDepth(loaded) == 8 { addNoise(loaded, sigma: simulate.noise, seed: simulate.seed) }
        }
        var grey: UnsafeMutablePointer<PIX>? = loaded
        defer { pixDestroy(&grey) }
        // Straighten a skewed scan; keep the original when the deskew cannot decide.
        var image = loaded
        var deskewed: UnsafeMutablePointer<PIX>? = pixDeskew(loaded, 0)
        if let d = deskewed { image = d }
        defer { if deskewed != nil { pixDestroy(&deskewed) } }
        let started = Date()
        let cpuStarted = threadCPUSeconds()
        // Light print on a dark band (a letterhead's coloured bar, a totals box) is turned into dark print on light:
        // tesseract's layout analysis takes such a band for a picture and reads nothing in it; and the rule
        // remover below took the dark gaps between its letters for ruling lines and painted them white.
        if ProcessInfo.processInfo.environment["QUIRE_OCR_KEEP_BANDS"] != "1" { invertDarkBands(image, resolution: res) }
        // Ruling lines in tables hide what is in the cells from tesseract's layout analysis (a total
        // in a boxed cell came back empty); they carry no text.
        if ProcessInfo.processInfo.environment["QUIRE_OCR_KEEP_RULES"] != "1" { removeRules(image, resolution: res) }
        var result = try read(image, engine: engine, page: page, res: res, rotation: 0, deadlineSeconds: deadlineSeconds)
        // Faint or small print (a thermal receipt, dot matrix) that reads poorly is read again from copies prepared
        // for it, and the reading with the higher mean confidence is kept: on real receipt photos the fields read right
        // went from 79.9 to 82.4 %, retrying about a third of the receipts (docs/benchmarks.md).
        // Each retry may take one and a half times the work of the first reading, and at most 10 seconds (a noisy scan's
        // thickened copy is all speckles, which tesseract can spend minutes on); one that runs out, or fails, leaves the
        // first reading. A page that took over 10 seconds to read is not a receipt's: it is read once. Work is counted
        // in this thread's CPU seconds, not on the wall clock: on a busy machine the same page took over 10 wall
        // seconds, was not read again, and came out unread where an idle machine read it.
        let firstReading = threadCPUSeconds() - cpuStarted
        if result.meanConfidence < retryBelow, firstReading < 10 {
            let budget = min(10, max(2, firstReading * 1.5))
            for variant in [Preparation.thicken, .normalize] {
                let left = deadlineSeconds - Date().timeIntervalSince(started)
                guard left > 1 else { break }
                guard let prepared = prepare(image, variant) else { continue }
                var owned: UnsafeMutablePointer<PIX>? = prepared
                defer { pixDestroy(&owned) }
                guard var again = try? read(prepared, engine: engine, page: page, res: res, rotation: 0, deadlineSeconds: left, cpuSeconds: budget) else { continue }
                if again.meanConfidence > result.meanConfidence {
                    again.widthPixels = result.widthPixels; again.heightPixels = result.heightPixels
                    result = again
                }
            }
        }
        if result.words.count >= 5, ProcessInfo.processInfo.environment["QUIRE_OCR_NO_RECOVERY"] != "1" {
            var left = deadlineSeconds - Date().timeIntervalSince(started)
            // (Not on a page that reads poorly all over: one scanned sideways is all "turned lines", and is turned upright below.)
            if left > 1, result.meanConfidence >= 0.6, ProcessInfo.processInfo.environment["QUIRE_OCR_NO_TURNED"] != "1" {
                readTurnedLines(image, into: &result, engine: engine, page: page, res: res, seconds: left, cpuSeconds: 4)
            }
            left = deadlineSeconds - Date().timeIntervalSince(started)
            if left > 1 { recoverDroppedLines(image, into: &result, engine: engine, page: page, res: res, seconds: left, cpuSeconds: 5) }
            left = deadlineSeconds - Date().timeIntervalSince(started)
            // (Nor on a page that reads poorly all over: one scanned sideways goes to the orientation check below, within its deadline.)
            if left > 1, result.meanConfidence >= 0.6, ProcessInfo.processInfo.environment["QUIRE_OCR_NO_REREAD"] != "1" {
                rereadDoubtfulLines(image, into: &result, engine: engine, page: page, res: res, seconds: left, cpuSeconds: 3)
            }
            result.dropRepeatedWords()
        }
        guard result.meanConfidence < 0.6 || result.words.count < 5 else { return result }
        // Orientation: a page scanned sideways or upside down is turned upright and read again.
        if let degrees = detectOrientation(image, resolution: res), degrees != 0, let t = pixRotateOrth(image, Int32((4 - degrees / 90) % 4)) {
            var turned: UnsafeMutablePointer<PIX>? = t
            defer { pixDestroy(&turned) }
            let left = max(1, deadlineSeconds - Date().timeIntervalSince(started))
            let again = try read(t, engine: engine, page: page, res: res, rotation: degrees, deadlineSeconds: left)
            if again.meanConfidence >= result.meanConfidence || again.words.count > result.words.count * 2 { result = again }
        }
        return result
    }

    /// The mean word confidence under which a page is read again from prepared copies (0.8; `QUIRE_OCR_RETRY_BELOW`,
    /// 0 turns the retry off).
    public static let retryBelow: Double = ProcessInfo.processInfo.environment["QUIRE_OCR_RETRY_BELOW"].flatMap(Double.init) ?? 0.8

    enum Preparation { case thicken, normalize }

    /// A copy of a grey page prepared for faint print; nil where leptonica cannot make it.
    /// - `thicken`: levels stretched so that the darkest and lightest percent are black and white, then dark strokes
    ///   one pixel thicker all round (a dot-matrix printer's dots join into strokes).
    /// - `normalize`: the background made evenly light (a crumpled or shaded photo), then levels stretched.
    static func prepare(_ grey: UnsafeMutablePointer<PIX>, _ how: Preparation) -> UnsafeMutablePointer<PIX>? {
        guard pixGetDepth(grey) == 8 else { return nil }
        func stretch(_ p: UnsafeMutablePointer<PIX>) -> UnsafeMutablePointer<PIX>? {
            var lo: UInt32 = 0, hi: UInt32 = 255
            pixGetRankValue(p, 1, 0.01, &lo)
            pixGetRankValue(p, 1, 0.99, &hi)
            guard hi > lo + 16 else { return pixCopy(nil, p) }
            return pixGammaTRC(nil, p, 1.0, Int32(lo), Int32(hi))
        }
        switch how {
        case .thicken:
            var s = stretch(grey)
            defer { pixDestroy(&s) }
            return s.flatMap { pixErodeGray($0, 3, 3) }
        case .normalize:
            var n = pixBackgroundNormSimple(grey, nil, nil)
            defer { pixDestroy(&n) }
            return n.flatMap(stretch)
        }
    }

    /// Reads again the lines tesseract's single-block reading dropped. In one block, a line beside a
    /// tinted box or a framed title can come back as a speck of nonsense or nothing ("FACTURE N° …" at
    /// the top of a 300 dpi page); its ink is then on the page with no word over it. Such ink, in
    /// regions shaped like a line of text of the page's own size, is cut out and read on its own; its
    /// words join the page where they read with confidence. At most `seconds`; a page with more than 40
    /// such regions reads badly all over and is left as it is.
    static func recoverDroppedLines(_ image: UnsafeMutablePointer<PIX>, into result: inout OCRPage, engine: Engine, page: Int, res: Int, seconds: Double,
                                    cpuSeconds: Double) {
        guard pixGetDepth(image) == 8 else { return }
        let started = Date()
        let toPixels = Double(res) / 72
        let sure = result.words.filter { $0.confidence >= 0.6 }
        let heights = sure.map { ($0.y1 - $0.y0) * toPixels }.sorted()
        guard heights.count >= 5 else { return }
        let h = max(8, heights[heights.count / 2])
        var binary: UnsafeMutablePointer<PIX>? = pixThresholdToBinary(image, inkLevels(image).threshold)
        defer { pixDestroy(&binary) }
        guard let ink = binary else { return }
        // Ink under a word is accounted for, even one read with little confidence: read again on its own, a
        // low-confidence amount that was right came back a confident one with a digit lost. Only
        // nonsense-level words are not.
        let pad = 0.25 * h
        // (A word as tall as two lines that tesseract was unsure of is two short lines read as one, "FACTURE" over
        // "N° 2509-948" at the right of a large letterhead read "ee": its ink is read again too, line by line.)
        let merged = { (w: OCRWord) in w.confidence < 0.7 && (w.y1 - w.y0) * toPixels > 1.8 * h }
        clearInk(ink, under: result.words.filter { !isNonsense($0) && !merged($0) }, toPixels: toPixels, pad: pad)
        // Letters join into words and words into lines; what is left is measured as regions: lines of text of the page's
        // size, not specks, rules or logos.
        let lines = regions(of: ink, closing: Int32(max(3, h)), 1).filter { r in
            Double(r.h) >= 0.6 * h && Double(r.h) <= 2.2 * h && Double(r.w) >= 2.5 * h
        }
        // Many such regions: a page that reads badly all over (a picture, a photo), not a few dropped lines.
        guard !lines.isEmpty, lines.count <= 40 else { return }
        var addedLines: [[OCRWord]] = []
        // A word whose box tesseract drew short of its ink ("2543982" over the first four figures only) leaves the rest
        // uncovered, and read alone that rest comes back as the word's own end ("3982" beside it, or "33982" with the cut
        // glyph misread): not a dropped word.
        func echoes(_ a: OCRWord) -> Bool {
            let tail = a.alphanumerics
            return result.words.contains { w in
                let whole = w.alphanumerics
                guard whole.count > tail.count, w.sharesRow(with: a) else { return false }
                let cut = tail.count >= 3
                return abs(a.x0 - w.x1) * toPixels < 0.5 * h && (whole.hasSuffix(tail) || cut && whole.hasSuffix(tail.dropFirst()))
                    || abs(w.x0 - a.x1) * toPixels < 0.5 * h && (whole.hasPrefix(tail) || cut && whole.hasPrefix(tail.dropLast()))
            }
        }
        let cpuStarted = threadCPUSeconds()
        for l in lines.sorted(by: { ($0.y, $0.x) < ($1.y, $1.x) }) {
            let left = seconds - Date().timeIntervalSince(started), work = cpuSeconds - (threadCPUSeconds() - cpuStarted)
            guard left > 0.5, work > 0.5 else { break }
            guard let read = readAlone(l, margin: Int32(0.4 * h), of: image, engine: engine, page: page, res: res, seconds: left, cpuSeconds: work),
                  read.meanConfidence >= 0.7 else { continue }
            let words = read.words.filter { $0.confidence >= 0.6 && $0.isReadable && !echoes($0) }
            guard words.contains(where: { $0.alphanumerics.count >= 3 }) else { continue }
            addedLines.append(words)
        }
        let kept = keepPossibleDates(of: result.words, over: &addedLines)
        let added = addedLines.flatMap { $0 }
        guard !added.isEmpty else { return }
        // The nonsense tesseract made of the dropped line goes; the line read on its own takes its place.
        let overlaps = { (w: OCRWord) in added.contains { a in w.overlaps(a) } }
        result.words = result.words.filter { kept.contains($0) || !(isNonsense($0) || merged($0)) || !overlaps($0) } + added
        result.text += "\n" + addedLines.filter { !$0.isEmpty }.map { $0.map(\.text).joined(separator: " ") }.joined(separator: "\n")
    }

    /// A date read alone as one no calendar has, where an old word it overlaps, however unsure, is a date a calendar has
    /// ("94/11/2019" over "24/11/2019" read across two lines): the new word leaves `lines`, and the old words to keep are
    /// returned.
    static func keepPossibleDates(of old: [OCRWord], over lines: inout [[OCRWord]]) -> Set<OCRWord> {
        var kept = Set<OCRWord>()
        for i in lines.indices {
            lines[i].removeAll { a in
                guard a.isImpossibleDate, let w = old.first(where: { $0.overlaps(a) && $0.dateShape == true }) else { return false }
                kept.insert(w)
                return true
            }
        }
        return kept
    }

    /// Reads again, on its own, a line tesseract's single-block reading was unsure of. In one block a letterhead in large
    /// type beside a column of small lines ("Beleg-Nr." over "Belegdatum" over "Valuta" at the right) is read as lines
    /// across both, and comes back as a mix of half words ("Belegdat" + "um 00 10.2025" for "Belegdatum 05.10.2025", a
    /// name without its legal form). Lines are the page's ink joined across gaps narrower than a word's height, or than
    /// their own height in large type (a wider gap starts another column). A line is read again where a word on it is
    /// under 0.75 confidence, a word spans it and the line beside it, two words touch (pieces of one), or ink wider than a
    /// word's height lies under no word. The new reading replaces the line's words where ``rereading(_:replaces:piecesOfAWord:)``
    /// says it is better.
    /// At most 25 such lines (more: the page reads poorly all over), at most `cpuSeconds` of work.
    static func rereadDoubtfulLines(_ image: UnsafeMutablePointer<PIX>, into result: inout OCRPage, engine: Engine, page: Int, res: Int,
                                    seconds: Double, cpuSeconds: Double) {
        guard pixGetDepth(image) == 8 else { return }
        let started = Date()
        let toPixels = Double(res) / 72
        let heights = result.words.filter { $0.confidence >= 0.6 }.map { ($0.y1 - $0.y0) * toPixels }.sorted()
        guard heights.count >= 5 else { return }
        let h = max(8, heights[heights.count / 2])
        var binary: UnsafeMutablePointer<PIX>? = pixThresholdToBinary(image, inkLevels(image).threshold)
        defer { pixDestroy(&binary) }
        guard let ink = binary else { return }
        // (Words in large type stand further apart than the page's usual word height: pieces of one line closer than
        // their own height join, "Beispiel" and "Bau" and "e.K." in a letterhead.)
        var pieces = regions(of: ink, closing: Int32(max(3, h)), 1).filter { Double($0.h) >= 0.6 * h && Double($0.h) <= 3 * h }
            .sorted { $0.x < $1.x }
        var lines: [PixelBox] = []
        while !pieces.isEmpty {
            var l = pieces.removeFirst()
            var grown = true
            while grown {
                grown = false
                if let j = pieces.firstIndex(where: { p in
                    let overlap = min(l.y + l.h, p.y + p.h) - max(l.y, p.y)
                    return p.x >= l.x + l.w && Double(p.x - (l.x + l.w)) <= max(h, Double(max(l.h, p.h)))
                        && Double(overlap) >= 0.5 * Double(min(l.h, p.h))
                }) {
                    let p = pieces.remove(at: j)
                    let (x0, y0) = (min(l.x, p.x), min(l.y, p.y))
                    l = (x0, y0, max(l.x + l.w, p.x + p.w) - x0, max(l.y + l.h, p.y + p.h) - y0)
                    grown = true
                }
            }
            if Double(l.w) >= 2 * h { lines.append(l) }
        }
        func inside(_ w: OCRWord, _ r: PixelBox) -> Bool {
            let mx = (w.x0 + w.x1) / 2 * toPixels, my = (w.y0 + w.y1) / 2 * toPixels
            return w.rotation == 0 && mx >= Double(r.x) && mx <= Double(r.x + r.w) && my >= Double(r.y) && my <= Double(r.y + r.h)
        }
        /// A word over two lines, read across both ("2026" spanning a number's line and a date's).
        func spans(_ w: OCRWord, _ r: PixelBox) -> Bool {
            guard (w.y1 - w.y0) * toPixels > 1.5 * Double(r.h) else { return false }
            let (x0, y0, x1, y1) = (w.x0 * toPixels, w.y0 * toPixels, w.x1 * toPixels, w.y1 * toPixels)
            return lines.contains { o in
                (o.x, o.y) != (r.x, r.y) && Double(o.x) < x1 && x0 < Double(o.x + o.w) && Double(o.y) < y1 && y0 < Double(o.y + o.h)
            }
        }
        /// Pieces of one word: two words on the line that touch or overlap, closer than any space between words ("25",
        /// "8061", "2" for "2580612"; "Rech" under "echnungsnummer"), as a box drawn short of its ink and the ink read
        /// alone after it leave them.
        func touching(_ ws: [OCRWord]) -> Bool {
            let sorted = ws.filter(\.isReadable).sorted { $0.x0 < $1.x0 }
            return zip(sorted, sorted.dropFirst()).contains { a, b in (b.x0 - a.x1) * toPixels < 0.12 * h && a.sharesRow(with: b) }
        }
        /// Why a line is read again: a doubtful word, a word over two lines, touching pieces of a word, or ink wider than a
        /// word's height that no word covers (a legal form left off a name).
        func doubt(_ r: PixelBox, _ old: [OCRWord]) -> Bool {
            if old.contains(where: { $0.isReadable && ($0.confidence < 0.75 || spans($0, r)) }) || touching(old) { return true }
            // The stretches across the line that words cover (each grown by a third of a word's height), joined where they meet.
            var covered: [(Double, Double)] = []
            for c in old.map({ ($0.x0 * toPixels - 0.3 * h, $0.x1 * toPixels + 0.3 * h) }).sorted(by: { $0.0 < $1.0 }) {
                if let last = covered.last, c.0 <= last.1 { covered[covered.count - 1].1 = max(last.1, c.1) } else { covered.append(c) }
            }
            let inside = covered.reduce(0.0) { $0 + max(0, min($1.1, Double(r.x + r.w)) - max($1.0, Double(r.x))) }
            return Double(r.w) - inside > 1.2 * h
        }
        let cpuStarted = threadCPUSeconds()
        var done = Set<Int>()
        // Twice: a line read again may leave ink of the line beside it uncovered (a word over both lines went with it).
        for _ in 0..<2 {
            // The doubtful lines, the least sure first.
            let doubtful = lines.indices.compactMap { i -> (i: Int, old: [OCRWord])? in
                guard !done.contains(i) else { return nil }
                let old = result.words.filter { inside($0, lines[i]) }
                guard !old.isEmpty, doubt(lines[i], old) else { return nil }
                return (i, old)
            }.sorted { $0.old.meanConfidence < $1.old.meanConfidence }
            // Many: a page that reads poorly all over, which the prepared copies above are for.
            guard !doubtful.isEmpty, doubtful.count <= 25 else { return }
            for (i, old) in doubtful {
                let l = lines[i]
                let left = seconds - Date().timeIntervalSince(started), work = cpuSeconds - (threadCPUSeconds() - cpuStarted)
                guard left > 0.5, work > 0.3 else { return }
                done.insert(i)
                guard let read = readAlone(l, margin: Int32(0.4 * h), of: image, engine: engine, page: page, res: res, seconds: left, cpuSeconds: work)
                else { continue }
                // (Signs read with confidence stay: the "&" of "Beispiel & Partner", the "/" between a label's two languages.)
                let all = read.words.filter { $0.isReadable || $0.confidence >= 0.6 }
                let words = all.filter(\.isReadable)
                // (A word over two lines is no measure of this one.)
                let kept = old.filter { $0.isReadable && !spans($0, l) }
                guard rereading(words, replaces: kept, piecesOfAWord: touching(kept)) else { continue }
                // The line's old words go, and any other word that shares half of its box or of a new word's with a new
                // word (a line with a slant puts some of its words' middles outside the line's box; a word read with a
                // mark beside it, "Tel." with a telephone's sign, has a box wider than the word).
                let gone = Set(old)
                let covered = { (w: OCRWord) in
                    all.contains { n in
                        let shared = max(0, min(w.x1, n.x1) - max(w.x0, n.x0)) * max(0, min(w.y1, n.y1) - max(w.y0, n.y0))
                        return shared >= 0.5 * max(0.01, min((w.x1 - w.x0) * (w.y1 - w.y0), (n.x1 - n.x0) * (n.y1 - n.y0)))
                    }
                }
                result.words = result.words.filter { !gone.contains($0) && !($0.rotation == 0 && covered($0)) } + all
                result.text += "\n" + all.map(\.text).joined(separator: " ")
            }
        }
    }

    /// Whether a line's new reading (`words`, its readable words) replaces the old one (`kept`): it is sure (mean ≥ 0.8), and
    /// surer than the old words by 0.1, or reads more of the line about as surely, or reads touching pieces of a word
    /// (`piecesOfAWord`) as fewer words about as surely; and it has no fewer figures (a doubtful amount read alone may lose a
    /// digit) and no more impossible dates (a date read again as "94/11/2019" where it was "24/11/2019").
    static func rereading(_ words: [OCRWord], replaces kept: [OCRWord], piecesOfAWord: Bool) -> Bool {
        func figures(_ ws: [OCRWord]) -> Int { ws.reduce(0) { $0 + $1.text.filter(\.isNumber).count } }
        func characters(_ ws: [OCRWord]) -> Int { ws.reduce(0) { $0 + $1.alphanumerics.count } }
        let (sure, wasSure) = (words.meanConfidence, kept.meanConfidence)
        guard !words.isEmpty, sure >= 0.8 else { return false }
        let surer = sure >= wasSure + 0.1
        let more = characters(words) > characters(kept) && sure >= wasSure - 0.05
        let joined = piecesOfAWord && words.count < kept.count && sure >= wasSure - 0.05
        return (surer || more || joined) && figures(words) >= figures(kept)
            && words.filter(\.isImpossibleDate).count <= kept.filter(\.isImpossibleDate).count
    }

    /// Reads the lines set along the margin, turned by 90° (a seller's legal mentions up the left edge, a printing note):
    /// tesseract reads a page's lines across it, and makes of such a line a stack of one- and two-letter nonsense. Ink left
    /// once the words read across the page are taken away (words of three letters or figures read with some confidence),
    /// joined up and down, that makes a long narrow strip (at least twelve times the page's usual word height long and
    /// eight times as long as it is wide) is cut out with the strips and shorter pieces of turned lines beside it, turned a quarter to the right (a line that
    /// reads up the page) and, where that reads poorly, to the left, and read; a reading with mean confidence of at least
    /// 0.75 and a word of four letters or figures replaces the stack. Its words keep their boxes on the page and their turn.
    /// Only a page where tesseract left such a stack of short words is searched.
    /// A column of quantities in a table is short and wide for that, and reads as nonsense turned; at most eight strips.
    static func readTurnedLines(_ image: UnsafeMutablePointer<PIX>, into result: inout OCRPage, engine: Engine, page: Int, res: Int, seconds: Double,
                                cpuSeconds: Double) {
        guard pixGetDepth(image) == 8 else { return }
        let started = Date()
        let toPixels = Double(res) / 72
        let across = { (w: OCRWord) in w.confidence >= 0.6 && w.alphanumerics.count >= 3 }
        let heights = result.words.filter(across).map { ($0.y1 - $0.y0) * toPixels }.sorted()
        guard heights.count >= 5 else { return }
        let h = max(8, heights[heights.count / 2])
        // Evidence first, which costs nothing: tesseract reads a turned line as short words one above the other (three or
        // more of at most three characters, sharing their place across, over six word heights down the page). A page
        // without such a stack, nearly every page, is not searched for strips (that search cost 7 % of a page's OCR).
        let short = result.words.filter { !across($0) && $0.text.count <= 3 }
        guard short.contains(where: { w in
            let column = short.filter { v in min(v.x1, w.x1) - max(v.x0, w.x0) > 0 }
            guard column.count >= 3, let top = column.map(\.y0).min(), let bottom = column.map(\.y1).max() else { return false }
            return (bottom - top) * toPixels >= 6 * h
        }) else { return }
        var binary: UnsafeMutablePointer<PIX>? = pixThresholdToBinary(image, inkLevels(image).threshold)
        defer { pixDestroy(&binary) }
        guard let ink = binary else { return }
        clearInk(ink, under: result.words.filter(across), toPixels: toPixels, pad: 1)
        // Short rules across (a letter's fold and punch marks in the margin) are no part of a turned line: a letter's
        // strokes across a turned line are as long as its type is high, under the page's usual word height.
        var marks: UnsafeMutablePointer<PIX>? = pixOpenBrick(nil, ink, Int32(1.2 * h), 1)
        if let m = marks { pixSubtract(ink, ink, m) }
        pixDestroy(&marks)
        // Pieces: taller than wide, no wider than a few lines. Strips: long ones.
        var pieces = regions(of: ink, closing: 1, Int32(max(3, h)))
            .filter { $0.h >= 2 * $0.w && Double($0.w) >= 0.3 * h && Double($0.w) <= 3 * h }
            .map { (x0: $0.x, y0: $0.y, x1: $0.x + $0.w, y1: $0.y + $0.h) }
        // Pieces one above the other in the same place across, up to two word heights apart, are one line (a wide gap
        // between its words, "· gedruckt am", cut it).
        pieces.sort { $0.y0 < $1.y0 }
        var chains: [(x0: Int32, y0: Int32, x1: Int32, y1: Int32)] = []
        for p in pieces {
            if let i = chains.lastIndex(where: { c in
                min(c.x1, p.x1) - max(c.x0, p.x0) >= min(c.x1 - c.x0, p.x1 - p.x0) / 2 && Double(p.y0 - c.y1) <= 2 * h
            }) {
                let c = chains[i]
                chains[i] = (min(c.x0, p.x0), c.y0, max(c.x1, p.x1), max(c.y1, p.y1))
            } else {
                chains.append(p)
            }
        }
        pieces = chains
        let strips = pieces.filter { Double($0.y1 - $0.y0) >= 12 * h && $0.y1 - $0.y0 >= 8 * ($0.x1 - $0.x0) }
        // Lines of one block beside each other are read together: a strip takes in the pieces right beside it (the
        // block's last line, shorter than the others) and strips beside it.
        var blocks: [(x0: Int32, y0: Int32, x1: Int32, y1: Int32)] = []
        for s in strips.sorted(by: { $0.x0 < $1.x0 }) {
            if let b = blocks.last, Double(s.x0 - b.x1) <= h, min(s.y1, b.y1) - max(s.y0, b.y0) > 0 {
                blocks[blocks.count - 1] = (b.x0, min(b.y0, s.y0), max(b.x1, s.x1), max(b.y1, s.y1))
            } else {
                blocks.append(s)
            }
        }
        for i in blocks.indices {
            var grown = true
            while grown {
                grown = false
                let b = blocks[i]
                for p in pieces where p.x0 < b.x0 || p.x1 > b.x1 {
                    guard Double(max(p.x0 - b.x1, b.x0 - p.x1)) <= h, p.y0 >= b.y0 - Int32(h), p.y1 <= b.y1 + Int32(h) else { continue }
                    blocks[i] = (min(b.x0, p.x0), min(b.y0, p.y0), max(b.x1, p.x1), max(b.y1, p.y1))
                    grown = true
                    break
                }
            }
        }
        guard !blocks.isEmpty, blocks.count <= 8 else { return }
        let width = pixGetWidth(image), height = pixGetHeight(image)
        let cpuStarted = threadCPUSeconds()
        for b in blocks {
            let m = Int32(0.5 * h)
            let x0 = max(0, b.x0 - m), y0 = max(0, b.y0 - m), x1 = min(width, b.x1 + m), y1 = min(height, b.y1 + m)
            var box: UnsafeMutablePointer<BOX>? = boxCreate(x0, y0, x1 - x0, y1 - y0)
            defer { boxDestroy(&box) }
            var crop: UnsafeMutablePointer<PIX>? = box.flatMap { pixClipRectangle(image, $0, nil) }
            defer { pixDestroy(&crop) }
            guard let cut = crop else { continue }
            var best: (page: OCRPage, turn: Int)?
            // A quarter to the right sets upright a line that reads up the page (270), to the left one that reads down (90).
            for (quarters, turn) in [(Int32(1), 270), (Int32(3), 90)] {
                let left = seconds - Date().timeIntervalSince(started), work = cpuSeconds - (threadCPUSeconds() - cpuStarted)
                guard left > 0.5, work > 0.5, best.map({ $0.page.meanConfidence < 0.75 }) ?? true else { break }
                var turned: UnsafeMutablePointer<PIX>? = pixRotateOrth(cut, quarters)
                defer { pixDestroy(&turned) }
                guard let t = turned, let read = try? read(t, engine: engine, page: page, res: res, rotation: 0, deadlineSeconds: left, cpuSeconds: work)
                else { continue }
                if read.meanConfidence > best?.page.meanConfidence ?? -1 { best = (read, turn) }
            }
            guard let (read, turn) = best, read.meanConfidence >= 0.75,
                  read.words.contains(where: { $0.confidence >= 0.6 && $0.alphanumerics.count >= 4 }) else { continue }
            // Back onto the page: the crop turned right put its left edge at the top, turned left its right edge.
            let cw = Double(x1 - x0) / toPixels, ch = Double(y1 - y0) / toPixels
            let dx = Double(x0) / toPixels, dy = Double(y0) / toPixels
            let words = read.words.filter { $0.confidence >= 0.5 && $0.isReadable }.map { w in
                turn == 270
                    ? OCRWord(text: w.text, x0: dx + w.y0, y0: dy + ch - w.x1, x1: dx + w.y1, y1: dy + ch - w.x0, confidence: w.confidence, rotation: 270)
                    : OCRWord(text: w.text, x0: dx + cw - w.y1, y0: dy + w.x0, x1: dx + cw - w.y0, y1: dy + w.x1, confidence: w.confidence, rotation: 90)
            }
            let (px0, py0, px1, py1) = (dx, dy, dx + cw, dy + ch)
            // The stack tesseract made of the strip goes (what it read across the page with confidence stays).
            result.words.removeAll { w in
                let mx = (w.x0 + w.x1) / 2, my = (w.y0 + w.y1) / 2
                return mx > px0 && mx < px1 && my > py0 && my < py1 && !across(w) && w.rotation == 0
            }
            result.words += words
            result.text += "\n" + words.map(\.text).joined(separator: " ")
        }
    }

    /// The reading of one region of the page (pixels, grown by `margin` all round) on its own, its word boxes the page's.
    static func readAlone(_ r: PixelBox, margin m: Int32, of image: UnsafeMutablePointer<PIX>, engine: Engine,
                          page: Int, res: Int, seconds: Double, cpuSeconds: Double) -> OCRPage? {
        let x0 = max(0, r.x - m), y0 = max(0, r.y - m)
        let x1 = min(pixGetWidth(image), r.x + r.w + m), y1 = min(pixGetHeight(image), r.y + r.h + m)
        var box: UnsafeMutablePointer<BOX>? = boxCreate(x0, y0, x1 - x0, y1 - y0)
        defer { boxDestroy(&box) }
        var crop: UnsafeMutablePointer<PIX>? = box.flatMap { pixClipRectangle(image, $0, nil) }
        defer { pixDestroy(&crop) }
        guard let cut = crop, var read = try? read(cut, engine: engine, page: page, res: res, rotation: 0, deadlineSeconds: seconds, cpuSeconds: cpuSeconds)
        else { return nil }
        let toPoints = 72 / Double(res), dx = Double(x0) * toPoints, dy = Double(y0) * toPoints
        read.words = read.words.map { w in OCRWord(text: w.text, x0: w.x0 + dx, y0: w.y0 + dy, x1: w.x1 + dx, y1: w.y1 + dy, confidence: w.confidence) }
        return read
    }

    /// Clears the ink under `words` (boxes in points, grown by `pad` pixels all round) in a one-bit page image.
    static func clearInk(_ ink: UnsafeMutablePointer<PIX>, under words: [OCRWord], toPixels: Double, pad: Double) {
        for w in words {
            var box: UnsafeMutablePointer<BOX>? = boxCreate(Int32(w.x0 * toPixels - pad), Int32(w.y0 * toPixels - pad),
                                                           Int32((w.x1 - w.x0) * toPixels + 2 * pad), Int32((w.y1 - w.y0) * toPixels + 2 * pad))
            if let b = box { pixClearInRect(ink, b) }
            boxDestroy(&box)
        }
    }

    /// A region of a page image, in pixels.
    typealias PixelBox = (x: Int32, y: Int32, w: Int32, h: Int32)

    /// The boxes (pixels) of the connected regions of a one-bit image once closed by a `width` × `height` brick.
    static func regions(of ink: UnsafeMutablePointer<PIX>, closing width: Int32, _ height: Int32) -> [PixelBox] {
        var closed: UnsafeMutablePointer<PIX>? = pixCloseBrick(nil, ink, width, height)
        defer { pixDestroy(&closed) }
        guard let c = closed else { return [] }
        var found: UnsafeMutablePointer<BOXA>? = pixConnCompBB(c, 8)
        defer { boxaDestroy(&found) }
        guard let boxes = found else { return [] }
        var out: [PixelBox] = []
        for i in 0..<boxaGetCount(boxes) {
            var x: Int32 = 0, y: Int32 = 0, bw: Int32 = 0, bh: Int32 = 0
            if boxaGetBoxGeometry(boxes, i, &x, &y, &bw, &bh) == 0 { out.append((x, y, bw, bh)) }
        }
        return out
    }

    /// A word tesseract made of ink it could not read: under 0.3 confidence, under 0.5 with no digit in it,
    /// or under 0.7 with neither a letter nor a digit. A framed title in bold italics beside a logo
    /// ("AVOIR N° : …" on a scan) came back as short words of letters at 0.30–0.34 (made-up: "oa rik nee"), or as
    /// "°." at 0.52 beside nothing at all; a doubtful amount keeps its place (its digits, read again alone, lost one).
    static func isNonsense(_ w: OCRWord) -> Bool {
        w.confidence < 0.3 || (w.confidence < 0.5 && !w.text.contains(where: \.isNumber))
            || (w.confidence < 0.7 && !w.isReadable)
    }

    /// The pixels of `grey` on straight runs at least `width` × `height` long: runs of ink (darker than `threshold`), and
    /// thin runs in a lighter grey with paper on both sides. A table's frame printed in light grey (#999) comes out of a
    /// scanner at about 170 on paper at 250: no ink at the threshold, yet tesseract saw it and read the row of totals inside
    /// the frame as nonsense. A run 30 levels under the paper counts where, `gap` pixels to either side of it, the mean
    /// over the same run's length is paper: a photo's shaded patches and lines of text have no paper beside them at that
    /// shade (a receipt's name was painted through when they counted).
    static func ruleRuns(_ grey: UnsafeMutablePointer<PIX>, paper: UInt32, threshold: Int32, width: Int32, height: Int32, gap: Int32) -> UnsafeMutablePointer<PIX>? {
        var ink: UnsafeMutablePointer<PIX>? = pixThresholdToBinary(grey, threshold)
        defer { pixDestroy(&ink) }
        guard let inked = ink, let runs = pixOpenBrick(nil, inked, width, height) else { return nil }
        let shade = Int32(max(40, Int(paper) - 30))
        guard shade > threshold else { return runs }
        var light: UnsafeMutablePointer<PIX>? = pixThresholdToBinary(grey, shade)
        var lightRuns: UnsafeMutablePointer<PIX>? = light.flatMap { pixOpenBrick(nil, $0, width, height) }
        defer { pixDestroy(&light); pixDestroy(&lightRuns) }
        guard let l = lightRuns else { return runs }
        // (Most pages have no such runs beyond the ink's: the mean below, the costly part, is then not made.)
        pixSubtract(l, l, runs)
        var none: Int32 = 1
        guard pixZero(l, &none) == 0, none == 0 else { return runs }
        var mean: UnsafeMutablePointer<PIX>? = pixBlockconvGray(grey, nil, width / 2, height / 2)
        defer { pixDestroy(&mean) }
        guard let m = mean else { return runs }
        let across = width > height
        for side: Int32 in [-gap, gap] {
            var moved: UnsafeMutablePointer<PIX>? = pixTranslate(nil, m, across ? 0 : side, across ? side : 0, Int32(L_BRING_IN_WHITE))
            var beside: UnsafeMutablePointer<PIX>? = moved.flatMap { pixThresholdToBinary($0, shade) }
            if let b = beside { pixSubtract(l, l, b) }
            pixDestroy(&moved); pixDestroy(&beside)
        }
        pixOr(runs, runs, l)
        return runs
    }

    /// Paints a table's ruling lines out (in the paper's grey), in place, so that the text in the cells is read as text:
    /// thin runs darker than the paper at least a third of an inch across, and runs down at least a fifth of an inch
    /// that meet one of those.
    static func removeRules(_ grey: UnsafeMutablePointer<PIX>, resolution: Int) {
        guard pixGetDepth(grey) == 8 else { return }
        let (paper, threshold) = inkLevels(grey)
        // Across: a third of an inch. Down: a fifth (a one-line cell's side), still longer than the
        // stroke of an 'l' in text up to about 20 points.
        let long = Int32(max(20, resolution / 3)), tall = Int32(max(12, resolution / 5)), thick = Int32(max(3, resolution / 25))
        guard let across = ruleRuns(grey, paper: paper, threshold: threshold, width: long, height: 1, gap: thick),
              let down = ruleRuns(grey, paper: paper, threshold: threshold, width: 1, height: tall, gap: thick) else { return }
        defer { var a: UnsafeMutablePointer<PIX>? = across, d: UnsafeMutablePointer<PIX>? = down; pixDestroy(&a); pixDestroy(&d) }
        // Only thin lines: a filled band (a dark heading with white text in it) stays.
        var acrossThick: UnsafeMutablePointer<PIX>? = pixOpenBrick(nil, across, 1, thick)
        var downThick: UnsafeMutablePointer<PIX>? = pixOpenBrick(nil, down, thick, 1)
        defer { pixDestroy(&acrossThick); pixDestroy(&downThick) }
        if acrossThick != nil { pixSubtract(across, across, acrossThick) }
        if downThick != nil { pixSubtract(down, down, downThick) }
        var both: UnsafeMutablePointer<PIX>? = pixOr(nil, across, down)
        defer { pixDestroy(&both) }
        // A line down counts only where it meets a line across (a cell's side): alone it may be the
        // stem of a large letter in a letterhead.
        var ruled: UnsafeMutablePointer<PIX>? = pixSeedfillBinary(nil, across, both, 8)
        defer { pixDestroy(&ruled) }
        guard ruled != nil else { return }
        // A page without a single boxed cell (lines across meeting lines down) has no table: a
        // receipt's rules and a letterhead's strokes are left alone.
        if ProcessInfo.processInfo.environment["QUIRE_OCR_RULES_ANYWHERE"] != "1" {
            var sides: UnsafeMutablePointer<PIX>? = pixAnd(nil, ruled, down)
            defer { pixDestroy(&sides) }
            var none: Int32 = 1
            guard sides != nil, pixZero(sides, &none) == 0, none == 0 else { return }
        }
        var grown: UnsafeMutablePointer<PIX>? = pixDilateBrick(nil, ruled, 3, 3)
        defer { pixDestroy(&grown) }
        guard grown != nil else { return }
        // Ruling lines are thin and few: a mask over more than a tenth of the page is the page itself
        // (a dark background, a photo), which is left as it is.
        var painted: Int32 = 0
        pixCountPixels(grown, &painted, nil)
        guard Double(painted) <= 0.1 * Double(pixGetWidth(grey)) * Double(pixGetHeight(grey)) else { return }
        // In the paper's own grey: white lines on grey paper would read as the page's light and the paper as its ink.
        pixPaintThroughMask(grey, grown, 0, 0, paper)
    }

    /// Turns every dark band with light print in it into light paper with dark print, in place: a filled area at least
    /// an inch wide and a seventh of an inch tall, at least 70 % of its box solid once the light letters in it are
    /// filled, with some light print in it (3–50 % of it light), a solid margin above and below that print, and paper
    /// all round it. A dark area around the paper (a receipt photographed on a table) has no paper round it; bold print
    /// on the paper has no margin. Returns how many bands were turned.
    @discardableResult
    static func invertDarkBands(_ grey: UnsafeMutablePointer<PIX>, resolution: Int) -> Int {
        guard pixGetDepth(grey) == 8 else { return 0 }
        let (paper, threshold) = inkLevels(grey, sampling: 2)
        guard paper >= 120 else { return 0 }
        var binary: UnsafeMutablePointer<PIX>? = pixThresholdToBinary(grey, threshold)
        defer { pixDestroy(&binary) }
        guard let full = binary else { return 0 }
        // Found on a copy at a quarter of the resolution (a half below 200 dpi): a band is an inch wide, and the
        // morphology below cost a fifth of a page's OCR time at full resolution. A reduced pixel is dark where two of
        // the four it stands for are.
        let scale: Int32 = resolution >= 200 ? 4 : resolution >= 100 ? 2 : 1
        var reduced: UnsafeMutablePointer<PIX>? = scale == 4 ? pixReduceRankBinaryCascade(full, 2, 2, 0, 0)
            : scale == 2 ? pixReduceRankBinaryCascade(full, 2, 0, 0, 0) : pixClone(full)
        defer { pixDestroy(&reduced) }
        guard let dark = reduced else { return 0 }
        let res = resolution / Int(scale)
        // Light strokes of letters up to a tenth of an inch filled in; then only what a solid block an inch wide and a
        // seventh of an inch tall fits into is kept: text, rules and thin frames go.
        let fill = Int32(max(3, res / 10)), wide = Int32(max(16, res)), tall = Int32(max(4, res / 7))
        var filled: UnsafeMutablePointer<PIX>? = pixCloseBrick(nil, dark, fill, fill)
        defer { pixDestroy(&filled) }
        guard let f = filled else { return 0 }
        var solid: UnsafeMutablePointer<PIX>? = pixOpenBrick(nil, f, wide, tall)
        defer { pixDestroy(&solid) }
        guard let sd = solid else { return 0 }
        var none: Int32 = 1
        guard pixZero(sd, &none) == 0, none == 0 else { return 0 }
        var regions: UnsafeMutablePointer<BOXA>? = pixConnCompBB(sd, 4)
        defer { boxaDestroy(&regions) }
        guard let boxes = regions else { return 0 }
        let pageArea = Double(pixGetWidth(dark)) * Double(pixGetHeight(dark))
        // Pieces of one band that a wide light letter split are one band: boxes side by side on the same rows, close.
        var bands: [PixelBox] = []
        for i in 0..<boxaGetCount(boxes) {
            var x: Int32 = 0, y: Int32 = 0, bw: Int32 = 0, bh: Int32 = 0
            guard boxaGetBoxGeometry(boxes, i, &x, &y, &bw, &bh) == 0 else { continue }
            bands.append((x, y, bw, bh))
        }
        bands.sort { $0.x < $1.x }
        var merged: [PixelBox] = []
        for b in bands {
            if let k = merged.lastIndex(where: { m in abs(m.y - b.y) <= fill && abs((m.y + m.h) - (b.y + b.h)) <= fill && b.x - (m.x + m.w) <= wide / 2 }) {
                let m = merged[k]
                let x0 = min(m.x, b.x), y0 = min(m.y, b.y)
                merged[k] = (x0, y0, max(m.x + m.w, b.x + b.w) - x0, max(m.y + m.h, b.y + b.h) - y0)
            } else {
                merged.append(b)
            }
        }
        let width = pixGetWidth(dark), height = pixGetHeight(dark), m = Int32(max(1, res / 100))
        /// The share of dark pixels in a rectangle of the reduced page (1 where it is not on the page).
        func darkShare(_ x: Int32, _ y: Int32, _ w: Int32, _ h: Int32) -> Double {
            guard x >= 0, y >= 0, w > 0, h > 0, x + w <= width, y + h <= height, let n = onPixels(in: dark, x, y, w, h) else { return 1 }
            return Double(n) / (Double(w) * Double(h))
        }
        var turned = 0
        for (x, y, bw, bh) in merged {
            guard Double(bw) * Double(bh) < 0.5 * pageArea else { continue }
            // A band has a margin of its own above and below its print (bold print filled in by the closing, "TOTAL" on
            // a receipt, has letters' tops and bottoms there, with gaps).
            let edge = max(2, bh / 8)
            guard darkShare(x, y, bw, edge) >= 0.9, darkShare(x, y + bh - edge, bw, edge) >= 0.9 else { continue }
            // A band printed on the paper: paper all round it, just outside (a dark table under a photographed receipt,
            // or a shadow at its edge, has no paper around it, or reaches the picture's edge).
            let strip = 3 * m
            guard [darkShare(x, y - m - strip, bw, strip), darkShare(x, y + bh + m, bw, strip),
                   darkShare(x - m - strip, y, strip, bh), darkShare(x + bw + m, y, strip, bh)].allSatisfy({ $0 < 0.2 }) else { continue }
            guard let solidCount = onPixels(in: sd, x, y, bw, bh), Double(solidCount) >= 0.7 * Double(bw) * Double(bh) else { continue }
            // The band at full resolution: its light share there (thin light strokes vanish in the reduced copy).
            let gw = pixGetWidth(grey), gh = pixGetHeight(grey)
            let (fx, fy) = (min(x * scale, gw - 1), min(y * scale, gh - 1))
            let (fw, fh) = (min(bw * scale, gw - fx), min(bh * scale, gh - fy))
            guard let darkCount = onPixels(in: full, fx, fy, fw, fh), case let light = 1 - Double(darkCount) / (Double(fw) * Double(fh)),
                  light >= 0.03, light <= 0.5 else { continue }
            let (x, y, bw, bh, m) = (fx, fy, fw, fh, m * scale)
            var box: UnsafeMutablePointer<BOX>? = boxCreate(x, y, bw, bh)
            defer { boxDestroy(&box) }
            var part: UnsafeMutablePointer<PIX>? = box.flatMap { pixClipRectangle(grey, $0, nil) }
            defer { pixDestroy(&part) }
            guard let pt = part else { continue }
            // The band's own shade becomes the paper's and its print black; its soft edge, just outside the box, is
            // painted over in the paper's shade (left dark, it read as a column of "|").
            var band: UInt32 = 0
            pixGetRankValue(pt, 1, 0.5, &band)
            pixInvert(pt, pt)
            pixGammaTRC(pt, pt, 1.0, 0, Int32(max(64, 255 - Int(band))))
            var rim: UnsafeMutablePointer<BOX>? = boxCreate(max(0, x - m), max(0, y - m), bw + 2 * m, bh + 2 * m)
            defer { boxDestroy(&rim) }
            if let r = rim { pixSetInRectArbitrary(grey, r, paper) }
            pixRasterop(grey, x, y, bw, bh, PIX_SRC, pt, 0, 0)
            turned += 1
        }
        return turned
    }

    /// A grey page's paper (its median grey) and the threshold under which a pixel is ink: well below the paper, as a
    /// photo of a receipt on grey paper (its paper at 170) would be all "dark" at a fixed 160. `sampling`: every n-th
    /// pixel each way counted for the median.
    static func inkLevels(_ grey: UnsafeMutablePointer<PIX>, sampling: Int32 = 1) -> (paper: UInt32, threshold: Int32) {
        var paper: UInt32 = 255
        pixGetRankValue(grey, sampling, 0.5, &paper)
        return (paper, Int32(min(160, max(40, Int(paper) - 60))))
    }

    /// The number of set pixels of a one-bit image in a rectangle; nil where leptonica cannot say.
    static func onPixels(in pix: UnsafeMutablePointer<PIX>, _ x: Int32, _ y: Int32, _ w: Int32, _ h: Int32) -> Int32? {
        var box: UnsafeMutablePointer<BOX>? = boxCreate(x, y, w, h)
        defer { boxDestroy(&box) }
        var part: UnsafeMutablePointer<PIX>? = box.flatMap { pixClipRectangle(pix, $0, nil) }
        defer { pixDestroy(&part) }
        var n: Int32 = 0
        guard part != nil, pixCountPixels(part, &n, nil) == 0 else { return nil }
        return n
    }

    /// CPU seconds the calling thread has used: how much work a reading took, which a busy machine
    /// does not change (the wall clock does).
    static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// What tesseract's cancel callback reads: the thread's CPU seconds at the start and the budget.
    final class WorkBudget {
        let start = OCR.threadCPUSeconds()
        let seconds: Double
        init(seconds: Double) { self.seconds = seconds }
    }

    /// One recognition pass over an image; word boxes in PDF points of the image as given. It stops
    /// after `deadlineSeconds` on the wall clock (the job's deadline) or, when given, after
    /// `cpuSeconds` of this thread's work (an effort budget, the same on a busy machine as on an idle one).
    static func read(_ image: UnsafeMutablePointer<PIX>, engine: Engine, page: Int, res: Int, rotation: Int, deadlineSeconds: Double,
                     cpuSeconds: Double? = nil) throws -> OCRPage {
        let api = engine.handle
        TessBaseAPISetImage2(api, image)
        TessBaseAPISetSourceResolution(api, Int32(res))
        defer { TessBaseAPIClear(api) }
        let monitor = TessMonitorCreate()
        defer { TessMonitorDelete(monitor) }
        TessMonitorSetDeadlineMSecs(monitor, Int32(min(Double(Int32.max), deadlineSeconds * 1000)))
        let budget = cpuSeconds.map(WorkBudget.init(seconds:))
        if let budget {
            TessMonitorSetCancelThis(monitor, Unmanaged.passUnretained(budget).toOpaque())
            TessMonitorSetCancelFunc(monitor) { this, _ in
                guard let this else { return false }
                let b = Unmanaged<WorkBudget>.fromOpaque(this).takeUnretainedValue()
                return OCR.threadCPUSeconds() - b.start > b.seconds
            }
        }
        let recognized = withExtendedLifetime(budget) { TessBaseAPIRecognize(api, monitor) }
        guard recognized == 0 else {
            throw QuireError(.timeout, "OCR of page \(page) did not finish in \(cpuSeconds.map { "\(Int($0)) s of work or " } ?? "")\(Int(deadlineSeconds)) s")
        }
        var result = OCRPage(page: page, widthPixels: Int(pixGetWidth(image)), heightPixels: Int(pixGetHeight(image)), dpi: res,
                             text: "", meanConfidence: Double(TessBaseAPIMeanTextConf(api)) / 100, rotation: rotation)
        if let t = TessBaseAPIGetUTF8Text(api) {
            result.text = WordBuilder.spellingOutLigatures(String(cString: t).trimmingCharacters(in: .whitespacesAndNewlines))
            TessDeleteText(t)
        }
        let scale = 72.0 / Double(res)
        if let it = TessBaseAPIGetIterator(api) {
            defer { TessResultIteratorDelete(it) }
            let pit = TessResultIteratorGetPageIterator(it)
            repeat {
                guard let w = TessResultIteratorGetUTF8Text(it, RIL_WORD) else { continue }
                let text = WordBuilder.spellingOutLigatures(String(cString: w))
                TessDeleteText(w)
                var l: Int32 = 0, t: Int32 = 0, r: Int32 = 0, b: Int32 = 0
                guard !text.isEmpty, TessPageIteratorBoundingBox(pit, RIL_WORD, &l, &t, &r, &b) != 0 else { continue }
                result.words.append(OCRWord(text: text, x0: Double(l) * scale, y0: Double(t) * scale, x1: Double(r) * scale, y1: Double(b) * scale,
                                            confidence: Double(TessResultIteratorConfidence(it, RIL_WORD)) / 100))
            } while TessResultIteratorNext(it, RIL_WORD) != 0
        }
        return result
    }
}



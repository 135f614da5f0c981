import CChafa
import CPoppler
import CTesseract
import Foundation
public import QuireCore

/// `page.picture`, the worker's side: draws a page (or the part of it a zoom shows) for a terminal
/// with chafa — Unicode symbols with colours per cell, or a sixel or kitty graphics sequence — with
/// the selected field's words outlined. The review UI asks for it; the document is decoded and
/// rendered here, in an isolated worker, never in the UI's process.
public struct PagePictureTask: IsolatedTask {
    public init() {}
    public var name: String { "page.picture" }

    public func run(input: JSONValue) throws -> JSONValue {
        guard let path = input["path"]?.stringValue, let raw = input["request"] else {
            throw QuireError(.invalidArgument, "page.picture needs a path and a request")
        }
        let parsed: PictureRequest
        do { parsed = try PictureRequest(json: raw) } catch {
            throw QuireError(.invalidArgument, "page.picture's request is not a picture request (page, columns, rows, mode, color, zoom, focus, panX, panY, outline)")
        }
        let request = try parsed.validated()
        return try PagePictures.draw(path: path, mediaType: input["media_type"]?.stringValue ?? "pdf", request: request).json
    }
}

/// Page pictures for terminals (chafa over leptonica images).
public enum PagePictures {
    /// Pixels of chafa's symbol cells are about 8 × 8 of the source per cell; the page is rendered so
    /// that the part shown has about this many pixels per cell across.
    static let pixelsPerCell = 8.0

    public static func draw(path: String, mediaType: String, request r: PictureRequest, limits: OCR.Limits = OCR.Limits()) throws -> PagePicture {
        // The page, with its size in points and the document's page count; a PDF page rendered at the resolution
        // the part shown needs (the zoomed width over about 8 pixels a cell), at most 300 dpi. Images keep their own.
        let loaded = try OCR.loadPage(path: path, mediaType: mediaType, page: r.page, limits: limits) { widthPoints in
            Int(min(300, max(36, Double(r.columns) * pixelsPerCell * 72 / (widthPoints / Double(r.zoom)))).rounded())
        }
        var grey: UnsafeMutablePointer<PIX>? = loaded.pix
        defer { pixDestroy(&grey) }
        let (pageWidth, pageHeight, pages, res) = (loaded.widthPoints, loaded.heightPoints, loaded.pages, loaded.resolution)
        // The part shown: the page over the zoom, centred on the focus, moved by quarters, kept on the page.
        let w = pageWidth / Double(r.zoom), h = pageHeight / Double(r.zoom)
        let center = r.focus.map { ($0.x, $0.y) } ?? (pageWidth / 2, pageHeight / 2)
        let x0 = min(max(0, center.0 - w / 2 + Double(r.panX) * w / 4), pageWidth - w)
        let y0 = min(max(0, center.1 - h / 2 + Double(r.panY) * h / 4), pageHeight - h)
        let shown = PictureRequest.Rect(x0: x0, y0: y0, x1: x0 + w, y1: y0 + h)
        let scale = Double(res) / 72
        let pw = Int(pixGetWidth(grey)), ph = Int(pixGetHeight(grey))
        let cx = min(pw - 1, Int(x0 * scale)), cy = min(ph - 1, Int(y0 * scale))
        let cw = max(1, min(pw - cx, Int((w * scale).rounded()))), ch = max(1, min(ph - cy, Int((h * scale).rounded())))
        var clipBox: UnsafeMutablePointer<BOX>? = boxCreate(Int32(cx), Int32(cy), Int32(cw), Int32(ch))
        defer { boxDestroy(&clipBox) }
        var clipped: UnsafeMutablePointer<PIX>? = pixClipRectangle(grey, clipBox, nil)
        defer { pixDestroy(&clipped) }
        // Without colour only a cell's shape shows, and a line of print thinner than a cell averages out to paper:
        // strokes are thickened to about a third of a cell first, and greys are dithered into shapes below.
        if !r.color, let c = clipped, pixGetDepth(c) == 8 {
            let perCell = max(Double(cw) / Double(r.columns), Double(ch) / Double(r.rows * 2))
            let k = Int32(max(1, perCell / 3)) | 1
            if k > 1, let thick = pixErodeGray(c, k, k) {
                pixDestroy(&clipped)
                clipped = thick
            }
        }
        var rgb: UnsafeMutablePointer<PIX>? = clipped.flatMap { pixConvertTo32($0) }
        defer { pixDestroy(&rgb) }
        guard let rgb else { throw QuireError(.internal, "cannot make a colour copy of page \(r.page) to draw") }
        // The selected field's words, outlined in red (shapes alone where there is no colour: the outline is still a line).
        let line = Int32(max(2, Double(cw) / 250))
        for o in r.outline {
            let bx = Int32(((o.x0 - x0) * scale).rounded()) - line, by = Int32(((o.y0 - y0) * scale).rounded()) - line
            let bw = Int32(((o.x1 - o.x0) * scale).rounded()) + 2 * line, bh = Int32(((o.y1 - o.y0) * scale).rounded()) + 2 * line
            guard bx + bw > 0, by + bh > 0, bx < Int32(cw), by < Int32(ch), bw > 0, bh > 0 else { continue }
            var box: UnsafeMutablePointer<BOX>? = boxCreate(bx, by, bw, bh)
            defer { boxDestroy(&box) }
            pixRenderBoxArb(rgb, box, line, 220, 0, 0)
        }
        // Leptonica keeps a pixel as one 32-bit word, red in the top byte; chafa reads R, G, B, A bytes.
        let wpl = Int(pixGetWpl(rgb))
        guard let data = pixGetData(rgb) else { throw QuireError(.internal, "the page image has no pixels") }
        var bytes = [UInt8](repeating: 255, count: cw * ch * 4)
        for y in 0..<ch {
            for x in 0..<cw {
                let word = data[y * wpl + x], i = (y * cw + x) * 4
                bytes[i] = UInt8(truncatingIfNeeded: word >> 24)
                bytes[i + 1] = UInt8(truncatingIfNeeded: word >> 16)
                bytes[i + 2] = UInt8(truncatingIfNeeded: word >> 8)
            }
        }
        return try render(bytes, width: cw, height: ch, request: r, shown: shown, pageWidth: pageWidth, pageHeight: pageHeight, pages: pages)
    }

    /// RGBA pixels into cells (or a graphics sequence) with chafa, keeping the picture's proportions
    /// within the request's area (a cell is about twice as tall as it is wide).
    static func render(_ bytes: [UInt8], width: Int, height: Int, request r: PictureRequest, shown: PictureRequest.Rect,
                       pageWidth: Double, pageHeight: Double, pages: Int) throws -> PagePicture {
        var cols = Int32(r.columns), rows = Int32(r.rows)
        chafa_calc_canvas_geometry(Int32(width), Int32(height), &cols, &rows, 0.5, 1, 0)
        cols = max(1, min(cols, Int32(r.columns)))
        rows = max(1, min(rows, Int32(r.rows)))
        guard let config = chafa_canvas_config_new() else { throw QuireError(.internal, "chafa cannot make a canvas configuration") }
        defer { chafa_canvas_config_unref(config) }
        chafa_canvas_config_set_geometry(config, cols, rows)
        let symbols = chafa_symbol_map_new()
        defer { chafa_symbol_map_unref(symbols) }
        chafa_symbol_map_add_by_tags(symbols, ChafaSymbolTags(rawValue: CHAFA_SYMBOL_TAG_BLOCK.rawValue | CHAFA_SYMBOL_TAG_BORDER.rawValue | CHAFA_SYMBOL_TAG_SPACE.rawValue))
        chafa_canvas_config_set_symbol_map(config, symbols)
        // Without colour: ink is the symbols' shape, drawn in the terminal's own foreground.
        chafa_canvas_config_set_canvas_mode(config, r.color ? CHAFA_CANVAS_MODE_TRUECOLOR : CHAFA_CANVAS_MODE_FGBG)
        if !r.color { chafa_canvas_config_set_dither_mode(config, CHAFA_DITHER_MODE_ORDERED) }
        chafa_canvas_config_set_fg_color(config, 0x000000)
        chafa_canvas_config_set_bg_color(config, 0xFFFFFF)
        switch r.mode {
        case .symbols: chafa_canvas_config_set_pixel_mode(config, CHAFA_PIXEL_MODE_SYMBOLS)
        case .sixel: chafa_canvas_config_set_pixel_mode(config, CHAFA_PIXEL_MODE_SIXELS)
        case .kitty: chafa_canvas_config_set_pixel_mode(config, CHAFA_PIXEL_MODE_KITTY)
        }
        guard let canvas = chafa_canvas_new(config) else { throw QuireError(.internal, "chafa cannot make a canvas of \(cols) × \(rows) cells") }
        defer { chafa_canvas_unref(canvas) }
        bytes.withUnsafeBufferPointer { p in
            chafa_canvas_draw_all_pixels(canvas, CHAFA_PIXEL_RGBA8_UNASSOCIATED, p.baseAddress, Int32(width), Int32(height), Int32(width * 4))
        }
        var picture = PagePicture(mode: r.mode, columns: Int(cols), rows: Int(rows), lines: [], shown: shown,
                                  pageWidth: pageWidth, pageHeight: pageHeight, pages: pages)
        if r.mode == .symbols {
            for y in 0..<rows {
                var line = ""
                for x in 0..<cols {
                    let c = chafa_canvas_get_char_at(canvas, x, y)
                    line.unicodeScalars.append(Unicode.Scalar(c).map { $0.properties.isWhitespace || $0.value < 0x20 ? " " : $0 } ?? " ")
                    if r.color {
                        var fg: Int32 = 0, bg: Int32 = 0
                        chafa_canvas_get_colors_at(canvas, x, y, &fg, &bg)
                        picture.foreground.append(UInt32(bitPattern: fg) & 0xFFFFFF)
                        picture.background.append(UInt32(bitPattern: bg) & 0xFFFFFF)
                    }
                }
                picture.lines.append(line)
            }
        } else {
            let db = chafa_term_db_get_default()
            guard let info = chafa_term_db_get_fallback_info(db) else { throw QuireError(.internal, "chafa has no terminal description") }
            defer { chafa_term_info_unref(info) }
            guard let s = chafa_canvas_print(canvas, info) else { throw QuireError(.internal, "chafa drew nothing") }
            picture.sequence = String(cString: s.pointee.str)
            g_string_free(s, 1)
        }
        return picture
    }
}

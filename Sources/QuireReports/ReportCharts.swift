public import Foundation
public import QuireCore
import CCairo

/// Charts and the PDF, drawn with cairo: PNG files for the HTML page, vector drawing for the PDF.
public enum ReportCharts {
    /// A cairo context with the few drawing operations the report needs.
    final class Canvas {
        let cr: OpaquePointer
        init(_ cr: OpaquePointer) { self.cr = cr }

        func colour(_ hex: UInt32, alpha: Double = 1) {
            cairo_set_source_rgba(cr, Double((hex >> 16) & 0xff) / 255, Double((hex >> 8) & 0xff) / 255, Double(hex & 0xff) / 255, alpha)
        }
        func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: UInt32) {
            colour(fill)
            cairo_rectangle(cr, x, y, w, h)
            cairo_fill(cr)
        }
        func line(_ points: [(Double, Double)], colour c: UInt32, width: Double = 1.5) {
            guard let first = points.first else { return }
            colour(c)
            cairo_set_line_width(cr, width)
            cairo_move_to(cr, first.0, first.1)
            for p in points.dropFirst() { cairo_line_to(cr, p.0, p.1) }
            cairo_stroke(cr)
        }
        /// Text with its baseline at y; `align` 0 left, 0.5 centre, 1 right.
        func text(_ s: String, _ x: Double, _ y: Double, size: Double = 10, bold: Bool = false, colour c: UInt32 = 0x1a202c, align: Double = 0) {
            cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
            cairo_set_font_size(cr, size)
            var ext = cairo_text_extents_t()
            cairo_text_extents(cr, s, &ext)
            colour(c)
            cairo_move_to(cr, x - ext.x_advance * align, y)
            cairo_show_text(cr, s)
        }
    }

    static let received: UInt32 = 0x3182ce, finished: UInt32 = 0x38a169, backlog: UInt32 = 0xdd6b20, grid: UInt32 = 0xe2e8f0, ink: UInt32 = 0x4a5568

    /// Bars of documents received per hour, with the backlog as a line.
    static func drawVolume(_ c: Canvas, _ m: ReportModel, x: Double, y: Double, w: Double, h: Double) {
        let v = m.volume
        // Whole-number grid lines: a step that gives at most four of them.
        let peak = max(1, (v.receivedPerHour + v.backlogPerHour + v.finishedPerHour).max() ?? 1)
        let step = max(1, Int((Double(peak) / 4).rounded(.up)))
        let top = Double(step * Int((Double(peak) / Double(step)).rounded(.up)))
        let left = x + 34, bottom = y + h - 20, width = w - 44, height = h - 36
        for tick in stride(from: 0, through: Int(top), by: step) {
            let gy = bottom - height * Double(tick) / top
            c.line([(left, gy), (left + width, gy)], colour: grid, width: 0.5)
            c.text(String(tick), left - 4, gy + 3, size: 8, colour: ink, align: 1)
        }
        let slot = width / 24
        for hour in 0..<24 {
            let bx = left + slot * Double(hour)
            let rh = height * Double(v.receivedPerHour[hour]) / top, fh = height * Double(v.finishedPerHour[hour]) / top
            c.rect(bx + slot * 0.1, bottom - rh, slot * 0.38, rh, fill: received)
            c.rect(bx + slot * 0.52, bottom - fh, slot * 0.38, fh, fill: finished)
            if hour % 3 == 0 { c.text(String(format: "%02d", hour), bx + slot / 2, bottom + 12, size: 8, colour: ink, align: 0.5) }
        }
        c.line((0..<24).map { (left + slot * (Double($0) + 0.5), bottom - height * Double(v.backlogPerHour[$0]) / top) }, colour: backlog, width: 2)
        c.rect(left, y + 2, 8, 8, fill: received); c.text("received", left + 11, y + 10, size: 8, colour: ink)
        c.rect(left + 70, y + 2, 8, 8, fill: finished); c.text("finished", left + 81, y + 10, size: 8, colour: ink)
        c.rect(left + 140, y + 5, 8, 2, fill: backlog); c.text("backlog", left + 151, y + 10, size: 8, colour: ink)
    }

    /// Horizontal bars of p50 and p95 per stage (the ten slowest by p95).
    static func drawLatency(_ c: Canvas, _ m: ReportModel, x: Double, y: Double, w: Double, h: Double) {
        let rows = m.latency.sorted { ($0.seconds.p95 ?? 0) > ($1.seconds.p95 ?? 0) }.prefix(10)
        guard !rows.isEmpty else { c.text("no stage ran", x + w / 2, y + h / 2, size: 10, colour: ink, align: 0.5); return }
        let top = max(0.001, rows.compactMap(\.seconds.p95).max() ?? 0.001)
        let label = 150.0, rowH = (h - 16) / Double(rows.count)
        for (i, r) in rows.enumerated() {
            let ry = y + 14 + rowH * Double(i)
            c.text("\(r.pipeline)/\(r.stage)", x + label - 6, ry + rowH * 0.6, size: 8, colour: ink, align: 1)
            let p95 = (w - label - 60) * (r.seconds.p95 ?? 0) / top, p50 = (w - label - 60) * (r.seconds.p50 ?? 0) / top
            c.rect(x + label, ry + rowH * 0.15, p95, rowH * 0.7, fill: 0xbee3f8)
            c.rect(x + label, ry + rowH * 0.3, p50, rowH * 0.4, fill: received)
            c.text(ReportRenderer.duration(r.seconds.p95), x + label + p95 + 4, ry + rowH * 0.6, size: 8, colour: ink)
        }
        c.rect(x + label, y + 2, 8, 8, fill: received); c.text("p50", x + label + 11, y + 10, size: 8, colour: ink)
        c.rect(x + label + 40, y + 2, 8, 8, fill: 0xbee3f8); c.text("p95", x + label + 51, y + 10, size: 8, colour: ink)
    }

    static func png(_ path: String, width: Int, height: Int, _ draw: (Canvas) -> Void) throws {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height)) else {
            throw QuireError(.internal, "cairo could not make a \(width)×\(height) image")
        }
        defer { cairo_surface_destroy(surface) }
        let cr = cairo_create(surface)!
        defer { cairo_destroy(cr) }
        let c = Canvas(cr)
        c.rect(0, 0, Double(width), Double(height), fill: 0xffffff)
        draw(c)
        cairo_surface_flush(surface)
        guard cairo_surface_write_to_png(surface, path) == CAIRO_STATUS_SUCCESS else {
            throw QuireError(.io, "cannot write \(path); check the reports folder's permissions and free space")
        }
    }

    /// `volume.png` and `latency.png` for the HTML page (2× size for sharp display at 680 px).
    public static func writePNGs(_ m: ReportModel, folder: String) throws {
        try png(folder + "/volume.png", width: 1360, height: 440) { c in
            cairo_scale(c.cr, 2, 2)
            drawVolume(c, m, x: 0, y: 0, w: 680, h: 220)
        }
        try png(folder + "/latency.png", width: 1360, height: 480) { c in
            cairo_scale(c.cr, 2, 2)
            drawLatency(c, m, x: 0, y: 0, w: 680, h: 240)
        }
    }

    /// The PDF: A4 pages of text, tables and vector charts.
    public static func writePDF(_ m: ReportModel, path: String) throws {
        let pageW = 595.0, pageH = 842.0, margin = 48.0
        guard let surface = cairo_pdf_surface_create(path, pageW, pageH), cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            throw QuireError(.io, "cannot write \(path); check the reports folder's permissions and free space")
        }
        defer { cairo_surface_destroy(surface) }
        let cr = cairo_create(surface)!
        defer { cairo_destroy(cr) }
        let c = Canvas(cr)
        var y = margin
        func ensure(_ h: Double) { if y + h > pageH - margin { cairo_show_page(cr); y = margin } }
        func heading(_ s: String) { ensure(40); y += 14; c.text(s, margin, y, size: 13, bold: true); y += 10 }
        func row(_ cells: [String], widths: [Double], bold: Bool = false) {
            ensure(14)
            var x = margin
            for (cell, w) in zip(cells, widths) {
                var t = cell
                while t.count > 3, Double(t.count) * 4.6 > w - 4 { t = String(t.dropLast(2)) + "…" }
                c.text(t, x, y + 10, size: 8, bold: bold)
                x += w
            }
            y += 13
            c.line([(margin, y - 1), (pageW - margin, y - 1)], colour: grid, width: 0.4)
        }
        func table(_ header: [String], _ rows: [[String]], widths: [Double]) {
            row(header, widths: widths, bold: true)
            for r in rows { row(r, widths: widths) }
        }
        let status = m.headline.status
        c.text("Quire nightly report", margin, y + 14, size: 18, bold: true)
        c.text("\(m.date) (\(m.timeZone))", pageW - margin, y + 14, size: 11, colour: ink, align: 1)
        y += 30
        c.rect(margin, y, pageW - 2 * margin, 22, fill: [ReportModel.Status.green: 0x1a7f37, .amber: 0xb7791f, .red: 0xc53030][status]!)
        c.text("Status: \(status.rawValue.uppercased())", margin + 8, y + 15, size: 10, bold: true, colour: 0xffffff)
        y += 30
        for n in m.headline.notes { c.text("• " + n, margin, y + 8, size: 9, colour: ink); y += 13 }
        table(["figure", "today", "7-day median", ""], m.headline.figures.map { [$0.label, ReportRenderer.value($0), ReportRenderer.median($0), $0.status.rawValue] },
              widths: [200, 110, 110, 79])
        heading("Volume per hour")
        ensure(190)
        drawVolume(c, m, x: margin, y: y, w: pageW - 2 * margin, h: 180)
        y += 186
        let fu = m.funnel
        heading("Funnel")
        table(["received", "dupl.", "straight", "approved", "corrected", "rejected", "done", "failed", "open"],
              [[fu.received, fu.duplicates, fu.autoApproved, fu.approved, fu.corrected, fu.rejected, fu.dispatched, fu.failed, fu.inProgress].map(String.init)],
              widths: Array(repeating: (pageW - 2 * margin) / 9, count: 9))
        heading("Latency per stage")
        ensure(200)
        drawLatency(c, m, x: margin, y: y, w: pageW - 2 * margin, h: 190)
        y += 196
        table(["pipeline / stage", "runs", "retries", "p50", "p95", "p99"],
              m.latency.map { ["\($0.pipeline)/\($0.stage)", String($0.seconds.count), String($0.retries), ReportRenderer.duration($0.seconds.p50),
                               ReportRenderer.duration($0.seconds.p95), ReportRenderer.duration($0.seconds.p99)] }
              + [["end to end", String(m.endToEnd.count), "", ReportRenderer.duration(m.endToEnd.p50), ReportRenderer.duration(m.endToEnd.p95), ReportRenderer.duration(m.endToEnd.p99)]],
              widths: [190, 50, 50, 70, 70, 69])
        heading("Exceptions")
        if m.exceptions.isEmpty { row(["none"], widths: [400]) }
        else { table(["signature", "count", "message"], m.exceptions.map { [$0.signature, String($0.count), $0.message] }, widths: [150, 40, 309]) }
        heading("SLA")
        table(["met", "missed", "at risk", "open"], [[m.sla.met, m.sla.missed, m.sla.atRisk, m.sla.open].map(String.init)], widths: [120, 120, 120, 139])
        let r = m.review
        heading("Review workload")
        table(["decisions", "handle p50", "handle p95", "< 1 h", "1–8 h", "8–24 h", "> 24 h"],
              [[String(r.decisions), ReportRenderer.duration(r.handleSeconds.p50), ReportRenderer.duration(r.handleSeconds.p95)]
               + ["under_1h", "1h_8h", "8h_24h", "over_24h"].map { String(r.aging[$0] ?? 0) }], widths: [70, 75, 75, 70, 70, 70, 69])
        if !r.correctedFields.isEmpty { table(["most corrected field", "corrections"], r.correctedFields.prefix(8).map { [$0.field, String($0.count)] }, widths: [250, 249]) }
        heading("Model quality")
        if !m.quality.fields.isEmpty {
            table(["field", "extracted", "after review", "right", "precision", "recall"],
                  m.quality.fields.map { [$0.field, String($0.extracted), String($0.expected), String($0.correct), ReportRenderer.num($0.precision), ReportRenderer.num($0.recall)] },
                  widths: [150, 70, 70, 70, 70, 69])
        }
        table(["confidence", "classified", "mean confidence", "confirmed by review"],
              m.quality.calibration.filter { $0.count > 0 }.map { ["\(ReportRenderer.num($0.lower, 1))–\(ReportRenderer.num($0.upper, 1))", String($0.count),
                                                                    ReportRenderer.num($0.meanConfidence), ReportRenderer.num($0.accuracy)] },
              widths: [120, 120, 130, 129])
        let cost = m.cost
        heading("Cost and versions")
        table(["processing", "review", "total", "per document", "hours saved"],
              [["\(ReportRenderer.num(cost.processingSeconds, 1)) s", "\(ReportRenderer.num(cost.reviewMinutes, 1)) min", "\(ReportRenderer.num(cost.total, 2)) \(cost.currency)",
                cost.perDocument.map(ReportRenderer.money) ?? "-", ReportRenderer.num(cost.hoursSaved, 1)]], widths: [100, 100, 100, 100, 99])
        table(["what", "version"], m.versions.pipelines.keys.sorted().map { ["pipeline \($0)", "v\(m.versions.pipelines[$0]!)"] }
              + m.versions.models.keys.sorted().flatMap { k in m.versions.models[k]!.keys.sorted().map { ["model \(k)", "v\($0)"] } }
              + m.versions.bots.keys.sorted().map { ["bot \($0)", "\(m.versions.bots[$0]!) attempts"] }, widths: [250, 249])
        cairo_show_page(cr)
        cairo_surface_finish(surface)
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else { throw QuireError(.io, "cairo could not finish \(path)") }
    }
}

/// Writes every rendering of a report into one folder.
public enum ReportWriter {
    /// `report.json`, `summary.txt`, the CSV files, `report.html` with `volume.png` and `latency.png`, and `report.pdf`,
    /// written into a temporary folder and renamed into place, so a folder that exists is complete.
    public static func write(_ m: ReportModel, to folder: String) throws {
        let fm = FileManager.default
        let tmp = folder + ".tmp-\(getpid())"
        try? fm.removeItem(atPath: tmp)
        do {
            try fm.createDirectory(atPath: tmp, withIntermediateDirectories: true)
            try ReportRenderer.json(m).write(to: URL(fileURLWithPath: tmp + "/report.json"))
            try Data(ReportRenderer.text(m).utf8).write(to: URL(fileURLWithPath: tmp + "/summary.txt"))
            for (name, text) in ReportRenderer.csvFiles(m) { try Data(text.utf8).write(to: URL(fileURLWithPath: tmp + "/" + name)) }
            try Data(ReportRenderer.html(m).utf8).write(to: URL(fileURLWithPath: tmp + "/report.html"))
            try ReportCharts.writePNGs(m, folder: tmp)
            try ReportCharts.writePDF(m, path: tmp + "/report.pdf")
        } catch {
            try? fm.removeItem(atPath: tmp)
            if let e = error as? QuireError { throw e }
            throw QuireError(.io, "cannot write the report into \(folder): \(error)", cause: error)
        }
        try? fm.removeItem(atPath: folder)
        guard rename(tmp, folder) == 0 else { throw QuireError(.io, "cannot move the report into \(folder): errno \(errno)") }
    }
}

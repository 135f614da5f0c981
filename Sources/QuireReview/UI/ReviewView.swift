import Foundation
import QuireCore

/// Draws the review state into a screen buffer of any size (80×24 up). Pure: the same state
/// and size give the same screen, which is what the golden screen tests compare.
public enum ReviewView {
    static let title = Style(bold: true, reverse: true)
    static let hint = Style(reverse: true)
    static let header = Style(bold: true, underline: true)
    static let selected = Style(reverse: true)
    static let error = Style(fg: .red, bold: true)
    static let warn = Style(fg: .yellow, bold: true)
    static let good = Style(fg: .green)
    static let mark = Style(fg: .black, bg: .yellow, bold: true, underline: true)

    public static func render(_ s: ReviewState, width: Int, height: Int) -> ScreenBuffer {
        var b = ScreenBuffer(width: width, height: height)
        guard width >= 40, height >= 10 else {
            b.put("quire review needs", x: 0, y: 0)
            b.put("at least 40×10;", x: 0, y: 1)
            b.put("this is \(width)×\(height)", x: 0, y: 2)
            return b
        }
        if s.mode == .help {
            help(&b, s)
        } else if s.screen == .item, let d = s.detail {
            item(&b, s, d)
        } else {
            queue(&b, s)
        }
        footer(&b, s)
        return b
    }

    // MARK: Durations

    /// "7h59m", "45m", "3d4h"; negative: "-12m".
    static func duration(_ seconds: Double) -> String {
        let late = seconds < 0
        let m = Int(abs(seconds) / 60)
        let text: String
        if m >= 1440 { text = "\(m / 1440)d\((m % 1440) / 60)h" } else if m >= 60 { text = "\(m / 60)h\(String(format: "%02d", m % 60))m" } else { text = "\(m)m" }
        return late ? "-" + text : text
    }

    static func percent(_ p: Double?) -> String { p.map { "\(Int(($0 * 100).rounded()))%" } ?? "-" }

    // MARK: Queue

    static func queue(_ b: inout ScreenBuffer, _ s: ReviewState) {
        let rows = s.visibleRows
        let waiting = s.rows.filter { $0.review.claimedBy == nil || ($0.review.leaseUntil ?? .distantPast) <= s.now }.count
        bar(&b, y: 0, left: " Quire review · queue: \(s.queue ?? "all") · \(waiting) waiting, \(s.rows.count - waiting) held · \(s.reviewer)",
            right: s.filter.isEmpty ? "? help " : "filter: \(s.filter) · Esc clears ")
        let fixed = 3 + 8 + 12 + 5 + 6 + 6 + 8 + 8
        let flexible = max(10, b.width - fixed)
        let vendorWidth = max(8, flexible / 2)
        let nameWidth = max(6, flexible - vendorWidth - 1)
        let columns: [(String, Int, Bool)] = [("PRI", 3, true), ("SLA", 8, true), ("TYPE", 12, false), ("VENDOR", vendorWidth, false), ("CONF", 5, true),
                                              ("FLAGS", 6, true), ("AGE", 6, true), ("HELD BY", 8, false), ("DOCUMENT", nameWidth, false)]
        var x = 0
        for (name, w, right) in columns {
            b.put(ScreenBuffer.pad(name, w, right: right), x: x, y: 1, style: header)
            x += w + 1
        }
        let top = 2, bottom = b.height - 3
        let visible = bottom - top + 1
        if rows.isEmpty {
            b.put(s.rows.isEmpty ? "The queue is empty. r refreshes; the list also refreshes by itself every few seconds." : "Nothing matches the filter '\(s.filter)'. Esc clears it.",
                  x: 2, y: top + 1, style: .dim)
            return
        }
        let first = max(0, min(s.selectedRow - visible / 2, rows.count - visible))
        for (i, r) in rows.enumerated().dropFirst(first).prefix(visible) {
            let y = top + (i - first)
            let left = r.slaLeft(now: s.now)
            let held = (r.review.leaseUntil ?? .distantPast) > s.now ? r.review.claimedBy : nil
            let sla = left.map { ($0 < 0 ? "⚠ " : $0 < 3600 ? "! " : "  ") + duration($0) } ?? "-"
            let cells: [(String, Style)] = [
                ("\(r.review.priority)", .plain),
                (sla, left.map { $0 < 0 ? error : $0 < 3600 ? warn : .plain } ?? .plain),
                (r.documentType ?? "?", .plain),
                (r.vendor ?? "-", .plain),
                (percent(r.lowestConfidence), (r.lowestConfidence ?? 1) < 0.85 ? warn : .plain),
                (r.flagged > 0 ? "\(r.flagged) !" : "0", r.flagged > 0 ? warn : .plain),
                (duration(s.now.timeIntervalSince(r.review.createdAt)), .plain),
                (held ?? "", .plain),
                (r.name, .plain),
            ]
            var x = 0
            for ((_, w, right), (text, style)) in zip(columns, cells) {
                b.put(ScreenBuffer.pad(text, w, right: right), x: x, y: y, style: style)
                x += w + 1
            }
            if i == s.selectedRow { b.put("›", x: 0, y: y, style: .bold); b.paint(x: 0, y: y, width: b.width, style: selected) }
        }
    }

    // MARK: Item

    static func glyph(_ f: FieldView, _ s: ReviewState) -> (String, Style) {
        if let c = s.corrections[f.name] { return c == .null ? ("∅", Style(fg: .cyan, bold: true)) : ("✎", Style(fg: .cyan, bold: true)) }
        if s.confirmed.contains(f.name) { return ("✓", Style(fg: .green, bold: true)) }
        if f.checks.contains(where: { !$0.passed }) || (f.required && f.value == .null) { return ("✗", error) }
        if f.needsAttention { return ("!", warn) }
        return ("✓", good)
    }

    static func item(_ b: inout ScreenBuffer, _ s: ReviewState, _ d: ItemDetail) {
        let r = d.review
        let type = s.documentType.map { "\($0) (changed)" } ?? (d.documentType.map { "\($0) \(percent(d.typeConfidence))" } ?? "type ?")
        let sla = r.due.map { d in d < s.now ? " · SLA missed by " + duration(s.now.timeIntervalSince(d)) : " · SLA " + duration(d.timeIntervalSince(s.now)) } ?? ""
        bar(&b, y: 0, left: " \(r.item.rawValue) · \(d.name) · \(type) · queue \(r.queue)\(sla)",
            right: "v\(r.version) · \(r.claimedBy ?? "-") until \(s.clock(r.leaseUntil)) ")
        b.put(why(r), x: 0, y: 1, style: warn)
        let top = 2, bottom = b.height - 5   // two detail lines, message, hints
        let pane = documentPane(s, d, width: b.width, height: b.height)
        if b.width >= 110 {
            for y in top...bottom { b.put("│", x: pane.width, y: y, style: .dim) }
            fields(&b, s, d, x: pane.width + 1, y: top, width: b.width - pane.width - 1, height: bottom - top + 1)
        } else {
            fields(&b, s, d, x: 0, y: top, width: b.width, height: pane.y - top)
        }
        document(&b, s, d, x: pane.x, y: pane.y, width: pane.width, height: pane.height)
        details(&b, s, y: b.height - 4)
        overlay(&b, s, d)
    }

    /// Why the item is here: the reasons, and for a later round or a bot's question which round
    /// and which bot asked, with the evidence the bot left.
    static func why(_ r: Review) -> String {
        let q = r.botQuestion
        var head = "Why"
        if r.round > 1 || q != nil { head += " (round \(r.round)\(q.map { ", bot \($0.bot)" } ?? ""))" }
        var line = head + ": " + (r.reasons.isEmpty ? "-" : r.reasons.joined(separator: "; "))
        if let q, !q.evidence.isEmpty { line += " · evidence: " + q.evidence.map(\.name).joined(separator: ", ") }
        return line
    }

    static func fields(_ b: inout ScreenBuffer, _ s: ReviewState, _ d: ItemDetail, x: Int, y: Int, width: Int, height: Int) {
        guard height > 0 else { return }
        if d.fields.isEmpty { b.put("No fields were extracted; T sets the type, R rejects.", x: x + 1, y: y, style: .dim); return }
        let nameWidth = min(18, max(8, d.fields.map(\.name.count).max() ?? 8), width / 3)
        let confWidth = 5
        let valueWidth = max(6, width - nameWidth - confWidth - 5)
        let first = max(0, min(s.selectedField - height / 2, d.fields.count - height))
        for (i, f) in d.fields.enumerated().dropFirst(first).prefix(height) {
            let row = y + i - first
            let (g, gs) = glyph(f, s)
            b.put(g, x: x + 1, y: row, style: gs)
            b.put(ScreenBuffer.pad(f.name, nameWidth), x: x + 3, y: row, style: f.required ? .bold : .plain)
            let v = s.value(of: f)
            let text = v == .null ? (s.corrections[f.name] == .null ? "(not on the document)" : "(not found)") : FieldView.display(v, field: f.name)
            b.put(ScreenBuffer.pad(text, valueWidth), x: x + 4 + nameWidth, y: row, style: v == .null ? .dim : .plain)
            b.put(ScreenBuffer.pad(s.corrections[f.name] != nil ? "rev" : percent(f.confidence), confWidth, right: true), x: x + 5 + nameWidth + valueWidth, y: row,
                  style: (f.confidence ?? 0) < d.policy.confidenceThreshold && s.corrections[f.name] == nil ? warn : .plain)
            if i == s.selectedField {
                b.put("›", x: x, y: row, style: .bold)
                b.paint(x: x + 3, y: row, width: width - 3, style: selected)
            }
        }
    }

    /// The selected field's checks and candidates, two lines above the message line.
    static func details(_ b: inout ScreenBuffer, _ s: ReviewState, y: Int) {
        guard let f = s.selected else { return }
        let checks = f.checks.isEmpty ? (f.value == .null ? "✗ not found on the document" : "no checks for this field")
            : f.checks.map { ($0.passed ? "✓ " : "✗ ") + ($0.reason.isEmpty ? $0.name : $0.reason) }.joined(separator: "  ")
        b.put(ScreenBuffer.truncate("\(f.name): \(checks)", b.width), x: 0, y: y, style: f.checks.contains { !$0.passed } ? error : .plain)
        let where_ = [f.strategy.map { "by \($0)" }, f.page.map { "page \($0)" }].compactMap { $0 }.joined(separator: ", ")
        let candidates = f.candidates.prefix(9).enumerated().map { "\($0.offset + 1) \(FieldView.display($0.element.value, field: f.name))" + ($0.element.score.map { " (\(percent($0)))" } ?? "") }
        let text = (candidates.isEmpty ? "no other candidates" : "candidates: " + candidates.joined(separator: "  ")) + (where_.isEmpty ? "" : "  ·  found " + where_)
        b.put(ScreenBuffer.truncate(text, b.width), x: 0, y: y + 1, style: .dim)
    }

    /// Where the page pane is on an item screen of this size: left of the fields from 110 columns, under them below
    /// (where a picture leaves the fields three rows: the selected one and its neighbours).
    static func documentPane(_ s: ReviewState, _ d: ItemDetail, width: Int, height: Int) -> (x: Int, y: Int, width: Int, height: Int) {
        let top = 2, bottom = height - 5
        if width >= 110 { return (0, top, width - min(64, width * 45 / 100) - 1, bottom - top + 1) }
        let listHeight = s.pageView == .text ? max(3, min(d.fields.count, (bottom - top + 1) * 3 / 5)) : min(3, d.fields.count)
        return (0, top + listHeight, width, bottom - top + 1 - listHeight)
    }

    /// The cells the page picture takes on a screen of this size (under the pane's title; the upper half
    /// of the pane when text is shown too); nil when no picture is shown.
    public static func pictureArea(_ s: ReviewState, width: Int, height: Int) -> (x: Int, y: Int, columns: Int, rows: Int)? {
        guard width >= 40, height >= 10, s.mode != .help, s.screen == .item, let d = s.detail, s.pageView != .text else { return nil }
        let pane = documentPane(s, d, width: width, height: height)
        let rows = s.pageView == .both ? (pane.height - 1) / 2 : pane.height - 1
        guard rows >= 2, pane.width - 1 >= 4 else { return nil }
        return (pane.x + 1, pane.y + 1, pane.width - 1, rows)
    }

    /// The page pane: its picture, its text laid out from word boxes with the selected field's source
    /// words highlighted and scrolled to, or both (picture above, text below).
    static func document(_ b: inout ScreenBuffer, _ s: ReviewState, _ d: ItemDetail, x: Int, y: Int, width: Int, height: Int) {
        guard height > 1, width > 4 else { return }
        guard s.pageView != .text, let area = pictureArea(s, width: b.width, height: b.height) else {
            pageText(&b, s, d, x: x, y: y, width: width, height: height)
            return
        }
        let zoomed = s.zoom > 1 ? " · zoom \(s.zoom)×" : ""
        let evidence = s.evidenceShown.flatMap { i in s.evidencePictures.indices.contains(i) ? s.evidencePictures[i] : nil }
        let title = evidence.map { "evidence: \($0.name) (v: next)" + zoomed }
            ?? "page \(s.shownPage)/\(max(d.pages.count, s.picture?.pages ?? 0))" + zoomed + (s.selected.map { " · \($0.name) outlined" } ?? "")
        b.put(ScreenBuffer.pad(" " + title, width), x: x, y: y, style: Style(dim: true, underline: true))
        // (Whether the picture held answers this pane as it is now.)
        let current = s.pictureRequest != nil && s.pictureRequest == s.pictureNeeded(columns: area.columns, rows: area.rows)
        if current, let e = s.pictureError {
            b.put(ScreenBuffer.truncate("the page cannot be drawn: \(e)", area.columns), x: area.x, y: area.y + 1, style: error)
        } else if current, let p = s.picture {
            if p.mode == .symbols {
                for (row, line) in p.lines.enumerated() where row < area.rows {
                    for (col, ch) in line.enumerated() where col < area.columns {
                        let colors = p.colors(x: col, y: row)
                        b.put(String(ch), x: area.x + col, y: area.y + row, style: Style(fgRGB: colors?.fg, bgRGB: colors?.bg))
                    }
                }
            }
            // (A sixel or kitty picture is written over these blank cells by the driver.)
            // A portrait page fitted into a wide pane leaves room on its right: the page's text goes there.
            let room = area.columns - p.columns - 1
            if s.pageView == .picture, room >= 24 {
                for row in 0..<(height - 1) { b.put("│", x: area.x + p.columns, y: y + 1 + row, style: .dim) }
                pageText(&b, s, d, x: area.x + p.columns + 1, y: y + 1, width: room, height: height - 1)
            }
        } else {
            b.put("drawing the page…", x: area.x + 1, y: area.y + 1, style: .dim)
        }
        if s.pageView == .both {
            let below = area.rows + 1
            pageText(&b, s, d, x: x, y: y + below, width: width, height: height - below)
        }
    }

    /// The page as text laid out from word boxes with the selected field's source words highlighted, scrolled to them.
    static func pageText(_ b: inout ScreenBuffer, _ s: ReviewState, _ d: ItemDetail, x: Int, y: Int, width: Int, height: Int) {
        guard height > 1, width > 4 else { return }
        let f = s.selected
        let pageNumber = s.shownPage
        guard let page = d.pages.first(where: { $0.number == pageNumber }) ?? d.pages.first else {
            b.put("(no text: the document has no text layer and OCR found none)", x: x + 1, y: y + 1, style: .dim)
            return
        }
        let marks = page.highlighted(f?.boxes ?? [])
        let focusLine = marks.first?.line ?? 0
        let focusColumn = marks.first?.column ?? 0
        let rows = height - 1
        let firstLine = max(0, min(focusLine - rows / 2, page.lines.count - rows))
        let shift = max(0, focusColumn + (marks.first?.length ?? 0) + 2 - (width - 1))
        let title = "page \(page.number)/\(d.pages.count)" + (f.map { marks.isEmpty ? " · \($0.name): source not shown" : " · source of \($0.name) highlighted" } ?? "")
        b.put(ScreenBuffer.pad(" " + title, width), x: x, y: y, style: Style(dim: true, underline: true))
        for (n, line) in page.lines.enumerated().dropFirst(firstLine).prefix(rows) {
            let visible = String(line.dropFirst(shift))
            b.put(visible, x: x + 1, y: y + 1 + n - firstLine, limit: width - 1)
        }
        for w in marks where w.line >= firstLine && w.line < firstLine + rows {
            let col = w.column - shift
            guard col >= 0, col < width - 1 else { continue }
            b.paint(x: x + 1 + col, y: y + 1 + w.line - firstLine, width: min(w.length, width - 1 - col), style: mark)
        }
    }

    // MARK: Overlays and chrome

    static func box(_ b: inout ScreenBuffer, title: String, lines: [String], selected sel: Int?) {
        let w = min(b.width - 4, max(title.count + 4, (lines.map(ScreenBuffer.width).max() ?? 0) + 4))
        let h = lines.count + 2
        let x = (b.width - w) / 2, y = max(2, (b.height - h) / 2)
        b.put("┌" + String(repeating: "─", count: w - 2) + "┐", x: x, y: y)
        b.put(" " + title + " ", x: x + 2, y: y, style: .bold)
        for (i, l) in lines.enumerated() {
            b.put("│" + ScreenBuffer.pad(" " + l, w - 2) + "│", x: x, y: y + 1 + i)
            if i == sel { b.paint(x: x + 1, y: y + 1 + i, width: w - 2, style: selected) }
        }
        b.put("└" + String(repeating: "─", count: w - 2) + "┘", x: x, y: y + h - 1)
    }

    static func overlay(_ b: inout ScreenBuffer, _ s: ReviewState, _ d: ItemDetail) {
        switch s.mode {
        case .reject(let i):
            box(&b, title: "Reject: why?", lines: d.policy.rejectReasons.enumerated().map { "\($0.offset + 1)  \($0.element)" }, selected: i)
        case .documentType(let i):
            box(&b, title: "Document type", lines: d.policy.documentTypes.map { $0 == d.documentType ? "\($0)  (classifier)" : $0 }, selected: i)
        default: break
        }
    }

    static func bar(_ b: inout ScreenBuffer, y: Int, left: String, right: String) {
        b.fill(y: y, style: title)
        let r = ScreenBuffer.truncate(right, b.width / 3)
        b.put(ScreenBuffer.truncate(left, b.width - ScreenBuffer.width(r) - 1), x: 0, y: y, style: title)
        b.put(r, x: b.width - ScreenBuffer.width(r), y: y, style: title)
    }

    static func footer(_ b: inout ScreenBuffer, _ s: ReviewState) {
        let y = b.height - 2
        switch s.mode {
        case .edit(let text):
            let problem = s.editProblem
            let field = s.selected?.name ?? "value"
            let end = b.put("\(field) ▸ ", x: 0, y: y, style: .bold)
            let after = b.put(text + "▏", x: end, y: y)
            b.put(problem.map { "  ✗ " + $0 } ?? "  ✓ Enter saves, Esc cancels, empty = not on the document", x: after, y: y, style: problem == nil ? good : error)
        case .rejectNote(let reason, let text):
            let end = b.put("Reject \(reason), note\(reason == "OTHER" ? " (required)" : " (optional)") ▸ ", x: 0, y: y, style: .bold)
            b.put(text + "▏  Enter rejects, Esc cancels", x: end, y: y)
        case .escalateQueue(let text):
            let end = b.put("Escalate to queue ▸ ", x: 0, y: y, style: .bold)
            b.put(text + "▏", x: end, y: y)
        case .escalateComment(let q, let text):
            let end = b.put("Escalate to \(q), comment ▸ ", x: 0, y: y, style: .bold)
            b.put(text + "▏", x: end, y: y)
        case .filter(let text):
            let end = b.put(s.screen == .queue ? "Filter ▸ /" : "Field ▸ /", x: 0, y: y, style: .bold)
            b.put(text + "▏", x: end, y: y)
        case .command(let text):
            let end = b.put(":", x: 0, y: y, style: .bold)
            b.put(text + "▏", x: end, y: y)
        default:
            if let m = s.message {
                b.put(ScreenBuffer.truncate((s.messageIsError ? "✗ " : "") + m, b.width), x: 0, y: y, style: s.messageIsError ? error : .plain)
            }
        }
        let hints: String
        switch (s.mode, s.screen) {
        case (.help, _): hints = " any key closes the help"
        case (.reject, _): hints = " 1-9 or j/k Enter pick a reason · Esc cancels"
        case (.documentType, _): hints = " j/k Enter pick the type · Esc cancels"
        case (.normal, .queue):
            hints = b.width >= 100 ? " j/k move · Enter claim · c claim next · / filter · r refresh · : command · ? help · q quit"
                                   : " j/k move · Enter claim · / filter · r refresh · ? help · q quit"
        case (.normal, .item):
            hints = b.width >= 120 ? " j/k field · n next flagged · e edit · Enter ok · 1-9 pick · x none · u undo · p page · A approve · R reject · S skip · E escalate · ? help"
                                   : " j/k field · n flagged · e edit · Enter ok · A approve · R reject · ? help · q back"
        default: hints = " Enter confirms · Esc cancels · Ctrl-U clears"
        }
        b.fill(y: b.height - 1, style: hint)
        b.put(ScreenBuffer.truncate(hints, b.width), x: 0, y: b.height - 1, style: hint)
    }

    static let helpLines = [
        "Queue",
        "  j k ↑ ↓   move                   Enter  claim (a lease, kept alive)",
        "  c         claim the most urgent  /      filter: name, type, vendor, queue",
        "  r         refresh                :      :claim ITEM  :queue NAME  :q",
        "                                          :release ITEM NOTE (supervisor)",
        "Item: fields (lower case)",
        "  j k Tab   next/previous field    n N    next/previous that needs attention",
        "  e         edit (checked as typed: dates YYYY-MM-DD, amounts 1234.56)",
        "  Enter     the value is right     1-9    take candidate N",
        "  x         not on the document    u      undo",
        "  /         jump to a field by name",
        "  p         page text/picture/both; picture: + - 0 zoom, H J K L move, [ ] page",
        "  v         a bot's screenshots, one after another, then the document again",
        "Item: the whole document (upper case)",
        "  A         approve (above the four-eyes limit a second reviewer too)",
        "  R         reject with a reason   S      skip: back to the queue",
        "  E         escalate to a queue    T      change the document type",
        "  q Esc     back to the queue (gives the item back)",
        "Glyphs: ✓ fine  ! unsure  ✗ failed check/missing  ✎ corrected  ∅ absent",
        "Colours only repeat the glyphs; NO_COLOR=1 turns them off.",
    ]

    static func help(_ b: inout ScreenBuffer, _ s: ReviewState) {
        bar(&b, y: 0, left: " Quire review · keys", right: "\(s.reviewer) ")
        for (i, l) in helpLines.enumerated() where 2 + i < b.height - 2 {
            b.put(l, x: 1, y: 2 + i, style: l.hasPrefix(" ") ? .plain : .bold)
        }
    }
}

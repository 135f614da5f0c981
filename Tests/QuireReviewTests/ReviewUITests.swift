import Foundation
import QuireCore
import QuireTesting
import Testing
@testable import QuireReview

/// A fixed world for the screen: a clock, three reviews, one claimed item with a page of words.
enum Sample {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)   // 2026-11-19, a fixed instant

    static func review(_ id: String, priority: Int = 0, dueIn: Double? = 8 * 3600, heldBy: String? = nil, age: Double = 600, version: Int = 1) -> Review {
        Review(item: ItemID(id), pipeline: "invoices", queue: "invoices", priority: priority, reasons: ["total: net + tax does not add up to the total", "audit sample (2 % of automatically approved items)"],
               due: dueIn.map { now.addingTimeInterval($0) }, state: heldBy == nil ? .open : .claimed, claimedBy: heldBy,
               leaseUntil: heldBy == nil ? nil : now.addingTimeInterval(300), version: version, createdAt: now.addingTimeInterval(-age), updatedAt: now)
    }

    static let rows = [
        QueueRow(review: review("itm_a1", dueIn: 6 * 3600), name: "brauhaus-0042.pdf", documentType: "invoice", vendor: "Brauhaus Technik GmbH", lowestConfidence: 0.62, flagged: 2),
        QueueRow(review: review("itm_b2", dueIn: -900, age: 30_000), name: "scan-0007.png", documentType: "credit_note", vendor: "Papeterie Lumière SARL", lowestConfidence: 0.91, flagged: 0),
        QueueRow(review: review("itm_c3", priority: 5, dueIn: 1800, heldBy: "bob"), name: "northwind-2211.pdf", documentType: "receipt", vendor: "Northwind Traders", lowestConfidence: nil, flagged: 1),
    ]

    /// [text, x0, y0, x1, y1] in points, as pdf.text writes words.
    static func w(_ t: String, _ x: Double, _ y: Double) -> JSONValue {
        [.string(t), .number(x), .number(y), .number(x + Double(t.count) * 6), .number(y + 10)]
    }

    static let page = DocumentPages.Page(number: 1, text: "", words: [
        w("Brauhaus", 72, 60), w("Technik", 126, 60), w("GmbH", 174, 60),
        w("Rechnung", 72, 100), w("Nr.", 126, 100), w("RE-2026-0042", 150, 100),
        w("Datum:", 72, 116), w("01.03.2026", 114, 116),
        w("Netto", 72, 300), w("1.000,00", 360, 300),
        w("MwSt", 72, 316), w("190,00", 372, 316),
        w("Gesamt", 72, 332), w("1.209,00", 360, 332),
    ])

    static func box(_ x: Double, _ y: Double, _ n: Int) -> FieldView.Box { FieldView.Box(page: 1, x0: x, y0: y, x1: x + Double(n) * 6, y1: y + 10) }

    static let detail = ItemDetail(
        review: review("itm_a1", heldBy: "ann", version: 2), name: "brauhaus-0042.pdf", pipeline: "invoices", documentType: "invoice", typeConfidence: 0.97,
        fields: [
            FieldView(name: "invoice_number", value: "RE-2026-0042", confidence: 0.96, strategy: "layout", page: 1, boxes: [box(150, 100, 12)]),
            FieldView(name: "issue_date", value: "2026-03-01", confidence: 0.93, strategy: "layout", page: 1, boxes: [box(114, 116, 10)]),
            FieldView(name: "net_total", value: 1000, confidence: 0.9, strategy: "layout", page: 1, boxes: [box(360, 300, 8)]),
            FieldView(name: "tax_total", value: 190, confidence: 0.88, strategy: "layout", page: 1, boxes: [box(372, 316, 6)]),
            FieldView(name: "total", value: 1209, confidence: 0.45, strategy: "layout", page: 1, boxes: [box(360, 332, 8)],
                      checks: [FieldView.Check(name: "totals", passed: false, reason: "net 1000.00 + tax 190.00 = 1190.00, not 1209.00")],
                      candidates: [FieldView.Candidate(value: 1190, score: 0.41, text: "1.190,00"), FieldView.Candidate(value: 1209, score: 0.3, text: "1.209,00")],
                      required: true, needsAttention: true),
            FieldView(name: "vendor_iban", value: .null, required: true, needsAttention: true),
        ],
        pages: [PageText(page: page)], policy: ReviewPolicy(fourEyesAbove: 10_000))

    static func state(_ configure: (inout ReviewState) -> Void = { _ in }) -> ReviewState {
        var s = ReviewState(reviewer: "ann", now: now)
        s.timeZone = TimeZone(identifier: "UTC")!
        s.listed(rows)
        configure(&s)
        return s
    }

    static func item(_ configure: (inout ReviewState) -> Void = { _ in }) -> ReviewState {
        state { s in
            s.loaded(detail, at: now)
            configure(&s)
        }
    }
}

@Suite("Review screen: keys, state machine, rendering")
struct ReviewUITests {
    @Test func aLaterRoundAndABotsQuestionSayWhoAsked() {
        let now = Date()
        var r = Review(item: ItemID("itm_1"), pipeline: "p", queue: "q", priority: 0, reasons: ["total: unsure"], due: nil, createdAt: now, updatedAt: now)
        #expect(ReviewView.why(r) == "Why: total: unsure")
        r.round = 2
        r.reasons = ["bot erp asks for a person: two vendors match"]
        r.context = BotQuestion(bot: "erp", action: "enter", code: "ambiguous", message: "two vendors match",
                                evidence: [BotDispatch.Evidence(kind: "screenshot", name: "vendors.png", sha256: String(repeating: "a", count: 64), size: 10, mediaType: "image/png")]).json
        #expect(ReviewView.why(r) == "Why (round 2, bot erp): bot erp asks for a person: two vendors match · evidence: vendors.png")
    }

    @Test func keysAreDecodedFromTerminalBytes() {
        #expect(Key.parse(Array("jk".utf8)) == [.char("j"), .char("k")])
        #expect(Key.parse([0x1B, 0x5B, 0x41, 0x1B, 0x5B, 0x42, 0x1B, 0x4F, 0x43, 0x1B, 0x5B, 0x5A]) == [.up, .down, .right, .backTab])
        #expect(Key.parse([0x1B]) == [.escape])
        #expect(Key.parse([0x0D, 0x09, 0x7F, 0x03, 0x15]) == [.enter, .tab, .backspace, .ctrl("c"), .ctrl("u")])
        #expect(Key.parse(Array("é€".utf8)) == [.char("é"), .char("€")])
        #expect(Key.parse([0x1B, 0x5B, 0x35, 0x7E, 0x1B, 0x5B, 0x33, 0x7E]) == [.pageUp, .delete])
        #expect(Key.parse([0x1B, 0x5B, 0x39, 0x39, 0x71]).isEmpty, "an unknown sequence is dropped, not typed")
    }

    @Test func theQueueIsSortedByRiskAndFilterable() {
        var s = Sample.state()
        #expect(s.rows.map(\.review.item.rawValue) == ["itm_c3", "itm_b2", "itm_a1"], "priority first, then the nearest deadline (late first)")
        #expect(s.handle(.char("j")).isEmpty && s.selectedRow == 1)
        #expect(s.handle(.enter) == [.claim(ItemID("itm_b2"))])
        _ = s.handle(.char("/"))
        for c in "brau" { _ = s.handle(.char(c)) }
        #expect(s.mode == .filter("brau"))
        _ = s.handle(.enter)
        #expect(s.visibleRows.map(\.review.item.rawValue) == ["itm_a1"] && s.selectedRow == 0)
        #expect(s.handle(.enter) == [.claim(ItemID("itm_a1"))])
        _ = s.handle(.escape)
        #expect(s.filter.isEmpty && s.visibleRows.count == 3)
        #expect(s.handle(.char("c")) == [.claim(nil)])
        #expect(s.handle(.char("q")) == [.quit])
    }

    @Test func fieldsAreMovedThroughCorrectedAndUndone() {
        var s = Sample.item()
        #expect(s.screen == .item && s.selected?.name == "total", "opens at the first field that needs attention")
        _ = s.handle(.char("n"))
        #expect(s.selected?.name == "vendor_iban")
        _ = s.handle(.char("N"))
        #expect(s.selected?.name == "total")
        _ = s.handle(.tab)
        _ = s.handle(.tab)
        #expect(s.selected?.name == "invoice_number", "Tab wraps around")
        _ = s.handle(.backTab)
        #expect(s.selected?.name == "vendor_iban")
        _ = s.handle(.char("k"))
        // Edit: checked while typing, refused on Enter while wrong.
        _ = s.handle(.char("e"))
        #expect(s.mode == .edit("1209.00"))
        _ = s.handle(.ctrl("u"))
        for c in "11x" { _ = s.handle(.char(c)) }
        #expect(s.editProblem?.contains("amount") == true)
        _ = s.handle(.enter)
        #expect(s.mode == .edit("11x") && s.messageIsError, "a wrong value is not taken")
        _ = s.handle(.backspace)
        for c in "90,00" { _ = s.handle(.char(c)) }
        #expect(s.editProblem == nil)
        _ = s.handle(.enter)
        #expect(s.corrections["total"] == 1190 && s.mode == .normal && s.selected?.name == "vendor_iban", "saved, and on to the next field")
        // Not on the document; undo twice brings the original back.
        _ = s.handle(.char("x"))
        #expect(s.corrections["vendor_iban"] == .null)
        _ = s.handle(.char("u"))
        _ = s.handle(.char("u"))
        #expect(s.corrections.isEmpty)
        #expect(s.handle(.char("u")).isEmpty && s.messageIsError, "nothing left to undo")
        // A candidate by number.
        _ = s.handle(.char("k"))
        _ = s.handle(.char("1"))
        #expect(s.corrections["total"] == 1190)
        _ = s.handle(.char("7"))
        #expect(s.messageIsError, "there is no seventh candidate")
        // Enter confirms a field as it is.
        _ = s.handle(.char("g"))
        _ = s.handle(.char("k"))
        _ = s.handle(.char("k"))
        _ = s.handle(.char("k"))
        _ = s.handle(.char("k"))
        #expect(s.selected?.name == "invoice_number")
        _ = s.handle(.enter)
        #expect(s.confirmed.contains("invoice_number") && s.selected?.name == "issue_date")
        // Dates must be ISO dates.
        _ = s.handle(.char("e"))
        _ = s.handle(.ctrl("u"))
        for c in "01.03.2026" { _ = s.handle(.char(c)) }
        #expect(s.editProblem?.contains("YYYY-MM-DD") == true)
        _ = s.handle(.escape)
        #expect(s.mode == .normal && s.corrections["issue_date"] == nil)
        // A validator from the fields module checks more than the type (here: a stand-in for the IBAN check).
        s.validator = FieldValidator { field, value in field.hasSuffix("iban") && value.stringValue?.hasPrefix("DE89") != true ? "the IBAN's check digits are wrong" : nil }
        _ = s.handle(.char("/"))
        for c in "vendor_iban" { _ = s.handle(.char(c)) }
        _ = s.handle(.enter)
        _ = s.handle(.char("e"))
        for c in "DE00 1234" { _ = s.handle(.char(c)) }
        #expect(s.editProblem == "the IBAN's check digits are wrong")
        _ = s.handle(.enter)
        #expect(s.corrections["vendor_iban"] == nil && s.messageIsError)
        _ = s.handle(.escape)
        // `/` jumps to a field by name.
        _ = s.handle(.char("/"))
        for c in "iban" { _ = s.handle(.char(c)) }
        _ = s.handle(.enter)
        #expect(s.selected?.name == "vendor_iban")
    }

    @Test func documentActionsBecomeEffects() {
        var s = Sample.item()
        _ = s.handle(.char("1"))
        _ = s.handle(.char("T"))
        #expect(s.mode == .documentType(0))
        _ = s.handle(.char("j"))
        _ = s.handle(.enter)
        #expect(s.documentType == "credit_note")
        let approve = s.handle(.char("A"))
        guard case .approve(let id, let version, let corrections, let type, let total, let limit, let original)? = approve.first else { Issue.record("\(approve)"); return }
        #expect(id == ItemID("itm_a1") && version == 2 && corrections == ["total": 1190] && type == "credit_note" && total == 1209 && limit == 10_000, "the action carries the extracted total; four eyes weighs it against the correction")
        #expect(original["total"] == 1209 && original["document_type"] == "invoice", "the values before the corrections")

        // Reject: a reason by number, then an optional note; OTHER needs one.
        s = Sample.item()
        _ = s.handle(.char("R"))
        #expect(s.mode == .reject(0))
        _ = s.handle(.char("4"))
        #expect(s.mode == .rejectNote("MISSING_PAGES", ""))
        #expect(s.handle(.enter) == [.reject(ItemID("itm_a1"), version: 2, reason: "MISSING_PAGES", note: nil)])
        s = Sample.item()
        _ = s.handle(.char("R"))
        for _ in 0..<8 { _ = s.handle(.char("j")) }
        _ = s.handle(.enter)
        #expect(s.mode == .rejectNote("OTHER", ""))
        #expect(s.handle(.enter).isEmpty && s.messageIsError, "OTHER without a note is refused")
        for c in "wrong vendor" { _ = s.handle(.char(c)) }
        #expect(s.handle(.enter) == [.reject(ItemID("itm_a1"), version: 2, reason: "OTHER", note: "wrong vendor")])

        // Escalate asks for a queue and a comment.
        s = Sample.item()
        _ = s.handle(.char("E"))
        for c in "finance" { _ = s.handle(.char(c)) }
        _ = s.handle(.enter)
        #expect(s.mode == .escalateComment("finance", ""))
        #expect(s.handle(.enter).isEmpty && s.messageIsError)
        for c in "PO missing" { _ = s.handle(.char(c)) }
        #expect(s.handle(.enter) == [.escalate(ItemID("itm_a1"), version: 2, queue: "finance", comment: "PO missing")])

        // Skip, back, quit (which gives the item back first), help, commands.
        s = Sample.item()
        #expect(s.handle(.char("S")) == [.skip(ItemID("itm_a1"))])
        #expect(s.handle(.char("q")) == [.skip(ItemID("itm_a1"))])
        #expect(s.handle(.ctrl("c")) == [.skip(ItemID("itm_a1")), .quit])
        _ = s.handle(.char("?"))
        #expect(s.mode == .help)
        #expect(s.handle(.char("x")).isEmpty && s.mode == .normal && s.corrections.isEmpty, "a key closes the help and does nothing else")
        _ = s.handle(.char(":"))
        for c in "release itm_z9 bob is away" { _ = s.handle(.char(c)) }
        #expect(s.handle(.enter) == [.release(ItemID("itm_z9"), note: "bob is away")])
        s.closed("approved")
        #expect(s.screen == .queue && s.detail == nil && s.corrections.isEmpty)
    }

    @Test func pageTextKeepsTheLayoutAndFindsTheSourceWords() {
        let page = PageText(page: Sample.page)
        #expect(page.lines.first == " Brauhaus Technik GmbH", "the left margin is dropped")
        #expect(page.lines.count == 6, "one line per row of words")
        let total = page.highlighted([Sample.box(360, 332, 8)])
        #expect(total.count == 1)
        let line = page.lines[total[0].line]
        #expect(line.hasPrefix(" Gesamt") && String(line.dropFirst(total[0].column).prefix(total[0].length)) == "1.209,00")
        #expect(page.lines[total[0].line - 2].contains("1.000,00"), "amounts keep their column")
    }

    // MARK: Rendering

    /// Golden screens: Tests/QuireReviewTests/Golden/<name>-<W>x<H>.txt. QUIRE_UPDATE_GOLDEN=1 rewrites them.
    /// `picture`: the pane's picture is drawn first, as the driver would (``madeUpPicture(_:)``).
    func golden(_ name: String, _ state: ReviewState, picture: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
        for (w, h) in [(80, 24), (120, 40)] {
            var state = state
            if picture, let area = ReviewView.pictureArea(state, width: w, height: h),
               let r = state.pictureNeeded(columns: area.columns, rows: area.rows) {
                state.pictured(r, .success(Self.madeUpPicture(r)))
            }
            let text = ReviewView.render(state, width: w, height: h).text + "\n"
            let file = dir.appendingPathComponent("\(name)-\(w)x\(h).txt")
            if ProcessInfo.processInfo.environment["QUIRE_UPDATE_GOLDEN"] == "1" {
                try text.write(to: file, atomically: true, encoding: .utf8)
                continue
            }
            let want = try String(contentsOf: file, encoding: .utf8)
            #expect(text == want, "\(name) at \(w)×\(h) differs from \(file.path); if the change is intended, run with QUIRE_UPDATE_GOLDEN=1\n\(text)", sourceLocation: sourceLocation)
        }
    }

    @Test func goldenScreens() throws {
        try golden("queue", Sample.state())
        try golden("queue-empty", Sample.state { $0.listed([]) })
        try golden("item", Sample.item())
        try golden("item-edit", Sample.item { s in
            _ = s.handle(.char("e"))
            _ = s.handle(.ctrl("u"))
            for c in "12x" { _ = s.handle(.char(c)) }
        })
        try golden("item-corrected", Sample.item { s in
            _ = s.handle(.char("1"))
            _ = s.handle(.char("j"))
            _ = s.handle(.char("x"))
        })
        try golden("reject", Sample.item { _ = $0.handle(.char("R")) })
        try golden("help", Sample.item { _ = $0.handle(.char("?")) })
        // The page picture pane with a made-up picture (symbols), as the worker would answer for the pane.
        try golden("item-picture", Sample.item { s in
            s.picturesAvailable = true
            _ = s.handle(.char("p"))
        }, picture: true)
        // A bot's question in round 2: `v` shows its screenshot in the page pane.
        try golden("item-evidence", Sample.item { s in
            s.picturesAvailable = true
            s.detail?.review.round = 2
            s.detail?.review.reasons = ["bot erp-web asks for a person: two vendors match"]
            s.detail?.review.context = BotQuestion(bot: "erp-web", action: "enter_invoice", code: "ambiguous_vendor", message: "two vendors match", evidence: [
                BotDispatch.Evidence(kind: "screenshot", name: "vendors.png", sha256: String(repeating: "b", count: 64), size: 2048, mediaType: "image/png"),
                BotDispatch.Evidence(kind: "log", name: "session.txt", sha256: String(repeating: "c", count: 64), size: 10, mediaType: "text/plain")]).json
            _ = s.handle(.char("v"))
            #expect(s.pictureNeeded(columns: 40, rows: 10)?.evidence == String(repeating: "b", count: 64), "only the screenshot is a picture")
        }, picture: true)
        try golden("item-both", Sample.item { s in
            s.picturesAvailable = true
            _ = s.handle(.char("p"))
            _ = s.handle(.char("p"))
        }, picture: true)
    }

    /// A made-up picture of a request: a frame of block symbols with the request's page and zoom in it.
    static func madeUpPicture(_ r: PictureRequest) -> PagePicture {
        let label = "p\(r.page) z\(r.zoom)"
        let lines = (0..<r.rows).map { y -> String in
            (0..<r.columns).map { x -> String in
                if y == 0 || y == r.rows - 1 { return "▀" }
                if x == 0 || x == r.columns - 1 { return "▌" }
                if y == 1, x - 2 >= 0, x - 2 < label.count { return String(Array(label)[x - 2]) }
                return " "
            }.joined()
        }
        let cells = r.columns * r.rows
        return PagePicture(mode: .symbols, columns: r.columns, rows: r.rows, lines: lines, foreground: r.color ? Array(repeating: 0x202020, count: cells) : [],
                           background: r.color ? Array(repeating: 0xF8F8F8, count: cells) : [],
                           shown: .init(x0: 0, y0: 0, x1: 595, y1: 842), pageWidth: 595, pageHeight: 842, pages: 2)
    }

    @Test("graphics from the terminal: kitty, sixel where known, symbols in tmux, screen and anywhere unknown")
    func graphicsAreDetected() {
        #expect(PictureGraphics.detect(["TERM": "xterm-kitty"]) == .kitty)
        #expect(PictureGraphics.detect(["TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"]) == .kitty)
        #expect(PictureGraphics.detect(["TERM": "foot-extra"]) == .sixel)
        #expect(PictureGraphics.detect(["TERM": "xterm-kitty", "TMUX": "/tmp/tmux-0/default,1,0"]) == .symbols)
        #expect(PictureGraphics.detect(["TERM": "screen", "STY": "1.pts-0"]) == .symbols)
        #expect(PictureGraphics.detect(["TERM": "xterm-256color"]) == .symbols)
        #expect(PictureGraphics.detect([:]) == .symbols)
    }

    @Test("the page pane: p cycles text, picture and both; zoom, pan and pages change what is asked for; another field goes back to its page")
    func pagePictureKeys() throws {
        var s = Sample.item()
        _ = s.handle(.char("p"))
        #expect(s.pageView == .text && s.messageIsError, "no pictures without a driver that draws them")
        s.picturesAvailable = true
        _ = s.handle(.char("p"))
        #expect(s.pageView == .picture)
        let area = try #require(ReviewView.pictureArea(s, width: 80, height: 24))
        let first = try #require(s.pictureNeeded(columns: area.columns, rows: area.rows))
        // Centred on the selected field's words (the total), which are outlined.
        #expect(first.page == 1 && first.zoom == 1 && first.outline == [PictureRequest.Rect(x0: 360, y0: 332, x1: 408, y1: 342)])
        #expect(first.focus == PictureRequest.Point(x: 384, y: 337))
        _ = s.handle(.char("+"))
        _ = s.handle(.char("+"))
        _ = s.handle(.char("L"))
        _ = s.handle(.char("J"))
        #expect(s.zoom == 4 && s.panX == 1 && s.panY == 1)
        let zoomed = try #require(s.pictureNeeded(columns: area.columns, rows: area.rows))
        #expect(zoomed != first && zoomed.zoom == 4 && zoomed.panX == 1)
        _ = s.handle(.char("]"))
        #expect(s.shownPage == 1, "the text has one page and no picture has said otherwise")
        // The picture says the document has two pages (the text stage read only the first).
        s.pictured(zoomed, .success(Self.madeUpPicture(zoomed)))
        _ = s.handle(.char("]"))
        #expect(s.shownPage == 2 && s.panX == 0, "pages with ]; the picture's pan starts again")
        _ = s.handle(.char("]"))
        #expect(s.shownPage == 2, "no page after the last: \(s.message ?? "")")
        _ = s.handle(.char("["))
        #expect(s.shownPage == 1)
        _ = s.handle(.char("]"))
        _ = s.handle(.char("k"))
        #expect(s.shownPage == 1 && s.selected?.name == "tax_total", "another field: its page")
        _ = s.handle(.char("0"))
        #expect(s.zoom == 1 && s.panX == 0 && s.panY == 0)
        _ = s.handle(.char("p"))
        #expect(s.pageView == .both)
        let both = try #require(ReviewView.pictureArea(s, width: 80, height: 24))
        #expect(both.rows < area.rows && both.columns == area.columns)
        _ = s.handle(.char("p"))
        #expect(s.pageView == .text && ReviewView.pictureArea(s, width: 80, height: 24) == nil && s.pictureNeeded(columns: 40, rows: 10) == nil)
    }

    @Test("the picture's cells are drawn with their colours (truecolour SGR), a stale picture is not, and an error says why")
    func picturePaneDrawing() throws {
        var s = Sample.item { s in s.picturesAvailable = true; _ = s.handle(.char("p")) }
        #expect(ReviewView.render(s, width: 120, height: 40).text.contains("drawing the page…"))
        let area = try #require(ReviewView.pictureArea(s, width: 120, height: 40))
        let want = try #require(s.pictureNeeded(columns: area.columns, rows: area.rows))
        s.pictured(want, .success(Self.madeUpPicture(want)))
        let b = ReviewView.render(s, width: 120, height: 40)
        #expect(b.text.contains("p1 z1") && !b.text.contains("drawing the page…"))
        #expect(b[area.x, area.y].character == "▀" && b[area.x, area.y].style.fgRGB == 0x202020 && b[area.x, area.y].style.bgRGB == 0xF8F8F8)
        let out = Renderer.diff(from: nil, to: b, color: true)
        #expect(out.contains("38;2;32;32;32") && out.contains("48;2;248;248;248"))
        #expect(!Renderer.diff(from: nil, to: b, color: false).contains("38;2;"), "NO_COLOR: no colours at all")
        // A narrow (portrait) picture leaves room: the page's text is drawn on its right.
        var narrow = Self.madeUpPicture(PictureRequest(page: 1, columns: 20, rows: area.rows))
        narrow.columns = 20
        var t = s
        let sideArea = try #require(ReviewView.pictureArea(t, width: 80, height: 24))
        t.pictured(try #require(t.pictureNeeded(columns: sideArea.columns, rows: sideArea.rows)), .success(narrow))
        let sideText = ReviewView.render(t, width: 80, height: 24).text
        #expect(sideText.contains("│ page 1/1") && sideText.contains("1.209,00"), "\(sideText)")
        // Zoomed in: the picture held is for another request, so it is not drawn as if it were the new one.
        _ = s.handle(.char("+"))
        #expect(ReviewView.render(s, width: 120, height: 40).text.contains("drawing the page…"))
        let zoomed = try #require(s.pictureNeeded(columns: area.columns, rows: area.rows))
        s.pictured(zoomed, .failure(QuireError(.unsupportedInput, "the PDF is damaged")))
        #expect(ReviewView.render(s, width: 120, height: 40).text.contains("the page cannot be drawn: the PDF is damaged"))
    }

    @Test func theSourceWordsAreHighlightedAndColourIsNeverTheOnlySignal() {
        let s = Sample.item()
        let b = ReviewView.render(s, width: 120, height: 40)
        let rows = b.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let y = try! #require(rows.firstIndex { $0.contains("Gesamt") })
        let x = ScreenBuffer.width(String(rows[y][..<rows[y].range(of: "1.209,00")!.lowerBound]))
        #expect(b[x, y].style.bg == .yellow && b[x + 7, y].style.bg == .yellow, "the total's source word is marked")
        #expect(b[x - 2, y].style.bg == nil)
        // The flagged field has a glyph as well as a colour.
        let fy = try! #require(rows.firstIndex { $0.contains("total") && $0.contains("1209.00") })
        #expect(rows[fy].contains("✗"))
        let ok = try! #require(rows.firstIndex { $0.contains("invoice_number") && $0.contains("RE-2026-0042") })
        #expect(rows[ok].contains("✓"))
        // NO_COLOR: no colour codes, the glyphs stay.
        let plain = Renderer.diff(from: nil, to: b, color: false)
        #expect(plain.range(of: "\u{1B}\\[[0-9;]*;3[0-7][;m]", options: .regularExpression) == nil && plain.range(of: "\u{1B}\\[[0-9;]*;4[0-7][;m]", options: .regularExpression) == nil)
        #expect(plain.contains("✗"))
        #expect(Renderer.diff(from: nil, to: b, color: true).contains(";43"), "with colour, the mark has a yellow background")
    }

    /// Replays terminal output on a grid (cursor moves, clears, printable characters) — what a terminal shows.
    static func replay(_ output: String, onto screen: inout [[Character]]) {
        let chars = Array(output)
        var i = 0, row = 0, col = 0
        while i < chars.count {
            if chars[i] == "\u{1B}", i + 1 < chars.count, chars[i + 1] == "[" {
                var j = i + 2
                var params = ""
                while j < chars.count, !chars[j].isLetter { params.append(chars[j]); j += 1 }
                switch chars[j] {
                case "H":
                    let p = params.split(separator: ";").compactMap { Int($0) }
                    row = (p.first ?? 1) - 1
                    col = (p.count > 1 ? p[1] : 1) - 1
                case "J": for r in screen.indices { screen[r] = Array(repeating: " ", count: screen[r].count) }
                default: break
                }
                i = j + 1
                continue
            }
            screen[row][col] = chars[i]
            col += ScreenBuffer.cellWidth(chars[i])
            i += 1
        }
    }

    @Test func diffRenderingWritesOnlyWhatChangedAndLeavesTheRightScreen() {
        var terminal = Array(repeating: Array(repeating: Character(" "), count: 80), count: 24)
        let first = ReviewView.render(Sample.state(), width: 80, height: 24)
        let full = Renderer.diff(from: nil, to: first, color: true)
        Self.replay(full, onto: &terminal)
        var moved = Sample.state()
        _ = moved.handle(.char("j"))
        let second = ReviewView.render(moved, width: 80, height: 24)
        let delta = Renderer.diff(from: first, to: second, color: true)
        Self.replay(delta, onto: &terminal)
        let shown = terminal.map { String($0).replacingOccurrences(of: #"\s+$"#, with: "", options: .regularExpression) }.joined(separator: "\n")
        #expect(shown == second.text)
        #expect(delta.utf8.count * 4 < full.utf8.count, "moving the selection rewrites two rows, not the screen (\(delta.utf8.count) vs \(full.utf8.count) bytes)")
        #expect(Renderer.diff(from: second, to: second, color: true) == "\u{1B}[0m", "an unchanged frame writes nothing")
        // A resize (another size) is a full repaint.
        #expect(Renderer.diff(from: first, to: ReviewView.render(moved, width: 100, height: 30), color: true).hasPrefix("\u{1B}[0m\u{1B}[H\u{1B}[2J"))
    }

    @Test func controlCharactersInDocumentTextNeverReachTheTerminal() {
        var b = ScreenBuffer(width: 40, height: 2)
        b.put("evil\u{1B}]0;pwned\u{07}\u{9B}2J text", x: 0, y: 0)
        let out = Renderer.diff(from: nil, to: b, color: true)
        #expect(!out.contains("\u{07}") && !out.contains("]0;") || out.contains("·]0;"))
        #expect(!out.contains("\u{9B}"))
        #expect(b.text.hasPrefix("evil·]0;pwned··2J text"))
        // Wide characters take two cells and are cut whole.
        var w = ScreenBuffer(width: 5, height: 1)
        w.put("請求書です", x: 0, y: 0)
        #expect(w.text == "請求")
        #expect(ScreenBuffer.truncate("Papeterie Lumière SARL", 10) == "Papeterie…")
    }

    @Test func tinyTerminalsGetASentenceNotACrash() {
        let b = ReviewView.render(Sample.item(), width: 30, height: 5)
        #expect(b.text.contains("at least 40×10"))
    }
}

public import Foundation
public import QuireCore

/// The review screen's state. `handle(_:)` is the whole keyboard behaviour as a function of
/// (state, key) → (state, effects); the effects (claim, approve, ...) are carried out by
/// `ReviewApp` against the review service, which reports back through `loaded`, `listed` and
/// `failed`. Nothing here does I/O, so every key can be tested without a terminal.
public struct ReviewState: Sendable, Equatable {
    public enum Screen: Sendable, Equatable { case queue, item }

    /// What the keyboard is doing on top of the screen.
    public enum Mode: Sendable, Equatable {
        case normal
        case help
        /// Editing the selected field's value.
        case edit(String)
        /// Picking a reject reason (the highlighted one).
        case reject(Int)
        /// Typing the note a rejection with this reason needs (OTHER) or may have.
        case rejectNote(String, String)
        /// Escalating: the queue's name, then the comment.
        case escalateQueue(String)
        case escalateComment(String, String)
        /// Picking the document type (the highlighted one).
        case documentType(Int)
        /// `/`: filtering the queue list, or jumping to a field on the item screen.
        case filter(String)
        /// `:`: a command line.
        case command(String)
    }

    /// Work for the driver.
    public enum Effect: Sendable, Equatable {
        case refresh
        case claim(ItemID?)
        case approve(ItemID, version: Int, corrections: [String: JSONValue], documentType: String?, total: JSONValue?, fourEyesAbove: Double?, original: [String: JSONValue])
        case reject(ItemID, version: Int, reason: String, note: String?)
        case skip(ItemID)
        case escalate(ItemID, version: Int, queue: String, comment: String)
        case release(ItemID, note: String)
        case switchQueue(String?)
        case quit
    }

    public var reviewer: String
    public var queue: String?
    public var screen: Screen = .queue
    public var mode: Mode = .normal
    public var rows: [QueueRow] = []
    public var selectedRow = 0
    public var filter = ""
    public var detail: ItemDetail?
    public var selectedField = 0
    /// The reviewer's corrections so far (field → value; null: not on the document).
    public var corrections: [String: JSONValue] = [:]
    /// Fields the reviewer looked at and confirmed with Enter.
    public var confirmed: Set<String> = []
    public var documentType: String?
    /// Earlier (corrections, document type), for `u`.
    public var undoStack: [Snapshot] = []
    public var message: String?
    public var messageIsError = false
    /// When the current item was opened (handle time).
    public var openedAt: Date?
    /// The clock the screen shows SLA countdowns against (set by the driver every tick).
    public var now: Date
    /// Checks typed values beyond their type (the service's validator).
    public var validator: FieldValidator?
    /// The zone lease times are shown in (the reviewer's own).
    public var timeZone = TimeZone.current

    /// What the item screen's page pane shows: the text laid out from word boxes, the page's picture, or both.
    public enum PageView: String, Sendable, Equatable, CaseIterable { case text, picture, both }
    public var pageView: PageView = .text
    /// The picture's zoom (1, 2, 4, 8: the whole page, a half, ...) and how far it is moved, in quarters of what it shows.
    public var zoom = 1
    /// Which of the bot's evidence pictures the pane shows instead of the document (`v`); nil: the document.
    public var evidenceShown: Int?
    public var panX = 0
    public var panY = 0
    /// A page chosen with `[` `]` (nil: the selected field's page).
    public var pageChosen: Int?
    /// How pictures are drawn (symbols, sixel, kitty), in colour or not (NO_COLOR), and whether the driver can draw them at all.
    public var graphics: PictureRequest.Mode = .symbols
    public var pictureColor = true
    public var picturesAvailable = false
    /// The picture last drawn and the request it answers; the error when it could not be drawn.
    public var picture: PagePicture?
    public var pictureRequest: PictureRequest?
    public var pictureError: String?

    public struct Snapshot: Sendable, Equatable {
        var corrections: [String: JSONValue]
        var confirmed: Set<String>
        var documentType: String?
    }

    public init(reviewer: String, queue: String? = nil, now: Date = Date()) {
        self.reviewer = reviewer
        self.queue = queue
        self.now = now
    }

    // MARK: Results of effects

    public mutating func listed(_ rows: [QueueRow]) {
        self.rows = rows.sorted(by: QueueRow.byRisk(now: now))
        selectedRow = min(selectedRow, max(0, visibleRows.count - 1))
    }

    public mutating func loaded(_ detail: ItemDetail, at time: Date) {
        self.detail = detail
        screen = .item
        mode = .normal
        corrections = [:]
        confirmed = []
        documentType = nil
        undoStack = []
        openedAt = time
        pageChosen = nil; zoom = 1; panX = 0; panY = 0; evidenceShown = nil
        picture = nil; pictureRequest = nil; pictureError = nil
        selectedField = detail.fields.firstIndex(where: \.needsAttention) ?? 0
        say("claimed \(detail.review.item.rawValue) until \(clock(detail.review.leaseUntil)); A approve · R reject · ? help")
    }

    /// Back to the queue after a decision, skip or release.
    public mutating func closed(_ note: String) {
        detail = nil
        screen = .queue
        mode = .normal
        corrections = [:]
        confirmed = []
        documentType = nil
        undoStack = []
        openedAt = nil
        say(note)
    }

    public mutating func failed(_ text: String) {
        message = text
        messageIsError = true
    }

    mutating func say(_ text: String) {
        message = text
        messageIsError = false
    }

    func clock(_ d: Date?) -> String {
        guard let d else { return "-" }
        let f = DateFormatter()
        f.timeZone = timeZone
        f.dateFormat = "HH:mm"
        return f.string(from: d)
    }

    // MARK: Derived

    /// Queue rows after the `/` filter (name, type, vendor, queue or item id contain it).
    public var visibleRows: [QueueRow] {
        let f = filter.lowercased()
        guard !f.isEmpty else { return rows }
        return rows.filter { r in
            [r.name, r.documentType ?? "", r.vendor ?? "", r.review.queue, r.review.item.rawValue].contains { $0.lowercased().contains(f) }
        }
    }

    /// The field's value as the reviewer left it.
    public func value(of field: FieldView) -> JSONValue { corrections[field.name] ?? field.value }

    public var selected: FieldView? {
        guard let d = detail, d.fields.indices.contains(selectedField) else { return nil }
        return d.fields[selectedField]
    }

    /// The error of the value being typed, checked as it is typed (nil: acceptable).
    public var editProblem: String? {
        guard case .edit(let text) = mode, let f = selected else { return nil }
        do {
            let v = try ReviewService.check(field: f.name, value: Self.typed(text, field: f.name))
            return v == .null ? nil : validator?.check(f.name, v)
        } catch let e as QuireError { return e.message } catch { return "\(error)" }
    }

    /// Typed text as a value: amounts become numbers, empty is "not on the document".
    static func typed(_ text: String, field: String) -> JSONValue {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return .null }
        if ReviewService.amountFields.contains(field), let n = Double(t.replacingOccurrences(of: ",", with: ".")), n.isFinite { return .number(n) }
        return .string(t)
    }

    // MARK: Keys

    /// Applies one key. Lower case moves and works on fields; upper case acts on the whole document.
    public mutating func handle(_ key: Key) -> [Effect] {
        if case .ctrl("c") = key { return quit() }
        switch mode {
        case .help:
            mode = .normal
            return []
        case .edit(let text): return editKey(key, text)
        case .reject(let i): return rejectKey(key, i)
        case .rejectNote(let reason, let text): return rejectNoteKey(key, reason, text)
        case .escalateQueue(let text): return line(key, text, set: { .escalateQueue($0) }) { s, q in
            guard !q.isEmpty else { s.failed("type the queue to escalate to, e.g. finance"); return [] }
            s.mode = .escalateComment(q, "")
            return []
        }
        case .escalateComment(let q, let text): return line(key, text, set: { .escalateComment(q, $0) }) { s, comment in
            guard let d = s.detail else { return [] }
            guard !comment.isEmpty else { s.failed("say why it goes to \(q): a comment is required"); return [] }
            s.mode = .normal
            return [.escalate(d.review.item, version: d.review.version, queue: q, comment: comment)]
        }
        case .documentType(let i): return documentTypeKey(key, i)
        case .filter(let text): return line(key, text, set: { .filter($0) }) { s, f in
            s.mode = .normal
            if s.screen == .queue {
                s.filter = f
                s.selectedRow = 0
                s.say(f.isEmpty ? "filter cleared" : "\(s.visibleRows.count) of \(s.rows.count) match '\(f)'")
            } else if let d = s.detail {
                // The exact name first, then a name that starts with it, then one that contains it.
                let q = f.lowercased()
                if let i = d.fields.firstIndex(where: { $0.name == q }) ?? d.fields.firstIndex(where: { $0.name.hasPrefix(q) }) ?? d.fields.firstIndex(where: { $0.name.contains(q) }) {
                    s.selectedField = i
                } else { s.failed("no field matches '\(f)'") }
            }
            return []
        }
        case .command(let text): return line(key, text, set: { .command($0) }) { s, c in
            s.mode = .normal
            return s.command(c)
        }
        case .normal:
            if key == .char("?") { mode = .help; return [] }
            if key == .char("/") { mode = .filter(screen == .queue ? filter : ""); return [] }
            if key == .char(":") { mode = .command(""); return [] }
            guard screen == .item else { return queueKey(key) }
            let field = selectedField
            let effects = itemKey(key)
            // Another field: the pane goes to its page and centres on its words again.
            if selectedField != field { pageChosen = nil; panX = 0; panY = 0 }
            return effects
        }
    }

    mutating func quit() -> [Effect] {
        if let d = detail { return [.skip(d.review.item), .quit] }
        return [.quit]
    }

    mutating func queueKey(_ key: Key) -> [Effect] {
        let count = visibleRows.count
        switch key {
        case .char("j"), .down: selectedRow = min(selectedRow + 1, max(0, count - 1))
        case .char("k"), .up: selectedRow = max(selectedRow - 1, 0)
        case .char("g"), .home: selectedRow = 0
        case .char("G"), .end: selectedRow = max(0, count - 1)
        case .pageDown: selectedRow = min(selectedRow + 10, max(0, count - 1))
        case .pageUp: selectedRow = max(selectedRow - 10, 0)
        case .enter:
            guard visibleRows.indices.contains(selectedRow) else { failed("the queue is empty; r refreshes"); return [] }
            return [.claim(visibleRows[selectedRow].review.item)]
        case .char("c"): return [.claim(nil)]
        case .char("r"): return [.refresh]
        case .char("q"): return quit()
        case .escape: if !filter.isEmpty { filter = ""; say("filter cleared") }
        default: break
        }
        return []
    }

    mutating func remember() {
        undoStack.append(Snapshot(corrections: corrections, confirmed: confirmed, documentType: documentType))
    }

    mutating func itemKey(_ key: Key) -> [Effect] {
        guard let d = detail else { screen = .queue; return [] }
        let n = d.fields.count
        switch key {
        case .char("j"), .down: selectedField = min(selectedField + 1, max(0, n - 1))
        case .char("k"), .up: selectedField = max(selectedField - 1, 0)
        case .tab: if n > 0 { selectedField = (selectedField + 1) % n }
        case .backTab: if n > 0 { selectedField = (selectedField + n - 1) % n }
        case .char("n"), .char("N"):
            let forward = key == .char("n")
            let order = (1...max(1, n)).map { forward ? (selectedField + $0) % max(1, n) : (selectedField - $0 + n * 2) % max(1, n) }
            if let i = order.first(where: { d.fields.indices.contains($0) && d.fields[$0].needsAttention && !confirmed.contains(d.fields[$0].name) && corrections[d.fields[$0].name] == nil }) {
                selectedField = i
            } else { say("no field needs attention any more: A approves") }
        case .char("e"):
            guard let f = selected else { return [] }
            mode = .edit(FieldView.display(value(of: f), field: f.name))
        case .enter:
            guard let f = selected else { return [] }
            remember()
            confirmed.insert(f.name)
            if n > 0 { selectedField = min(selectedField + 1, n - 1) }
        case .char(let c) where c.isNumber && c != "0":
            guard let f = selected, let i = c.wholeNumberValue, f.candidates.indices.contains(i - 1) else { failed("no candidate \(c) for this field"); return [] }
            do {
                let v = try ReviewService.check(field: f.name, value: f.candidates[i - 1].value)
                remember()
                corrections[f.name] = v
                say("\(f.name) = \(FieldView.display(v, field: f.name)) (candidate \(i))")
            } catch let e as QuireError { failed(e.message) } catch { failed("\(error)") }
        case .char("x"):
            guard let f = selected else { return [] }
            remember()
            corrections[f.name] = .null
            say("\(f.name): not on the document")
        case .char("u"):
            guard let last = undoStack.popLast() else { failed("nothing to undo"); return [] }
            corrections = last.corrections
            confirmed = last.confirmed
            documentType = last.documentType
            say("undone")
        case .char("A"):
            let type = documentType
            return [.approve(d.review.item, version: d.review.version, corrections: corrections, documentType: type,
                             total: d.extractedTotal, fourEyesAbove: d.policy.fourEyesAbove, original: d.original)]
        case .char("R"): mode = .reject(0)
        case .char("S"): return [.skip(d.review.item)]
        case .char("E"): mode = .escalateQueue("")
        case .char("T"): mode = .documentType(max(0, d.policy.documentTypes.firstIndex(of: documentType ?? d.documentType ?? "") ?? 0))
        case .char("q"), .escape: return [.skip(d.review.item)]
        case .char("p"):
            guard picturesAvailable else { failed("no page pictures here: the text is all this screen can show"); return [] }
            let all = PageView.allCases
            pageView = all[(all.firstIndex(of: pageView)! + 1) % all.count]
            say("page: \(pageView.rawValue)")
        case .char("v"):
            let pictures = evidencePictures
            guard picturesAvailable, !pictures.isEmpty else { failed("no pictures of evidence: only a bot's question has them"); return [] }
            let next = evidenceShown.map { $0 + 1 } ?? 0
            evidenceShown = next < pictures.count ? next : nil
            zoom = 1; panX = 0; panY = 0
            if pageView == .text { pageView = .picture }
            say(evidenceShown.map { "evidence \($0 + 1)/\(pictures.count): \(pictures[$0].name); v again: \($0 + 1 < pictures.count ? "the next" : "the document")" } ?? "the document")
        case .char("+"), .char("="):
            guard pageView != .text else { say("p shows the picture; + and - zoom it"); return [] }
            zoom = min(8, zoom * 2)
        case .char("-"):
            guard pageView != .text else { say("p shows the picture; + and - zoom it"); return [] }
            zoom = max(1, zoom / 2)
            if zoom == 1 { panX = 0; panY = 0 }
        case .char("0"): zoom = 1; panX = 0; panY = 0
        case .char("H"): panX = max(-64, panX - 1)
        case .char("L"): panX = min(64, panX + 1)
        case .char("K"): panY = max(-64, panY - 1)
        case .char("J"): panY = min(64, panY + 1)
        case .char("["), .char("]"):
            let numbers = d.pages.map(\.number)
            let pages = max(numbers.max() ?? 1, picture?.pages ?? 1)
            let now = shownPage
            let next = key == .char("]") ? min(pages, now + 1) : max(1, now - 1)
            if next == now { say(key == .char("]") ? "this is the last page" : "this is the first page") }
            pageChosen = next
            panX = 0; panY = 0
        default: break
        }
        return []
    }

    /// The page the pane shows: one chosen with `[` `]`, else the selected field's, else the first.
    public var shownPage: Int {
        if let p = pageChosen { return p }
        let f = selected
        return f?.page ?? f?.boxes.first?.page ?? detail?.pages.first?.number ?? 1
    }

    /// The pictures a bot left with its question (screenshots), which `v` shows in the page pane.
    public var evidencePictures: [BotDispatch.Evidence] {
        (detail?.review.botQuestion?.evidence ?? []).filter { $0.pictureKind != nil }
    }

    /// What the page picture in a pane of `columns` × `rows` cells needs drawn: the shown page at the zoom,
    /// centred on the selected field's words (outlined) when they are on it. nil when no picture is shown.
    public func pictureNeeded(columns: Int, rows: Int) -> PictureRequest? {
        guard picturesAvailable, pageView != .text, detail != nil, columns >= 4, rows >= 2 else { return nil }
        if let i = evidenceShown, evidencePictures.indices.contains(i) {
            return PictureRequest(page: 1, columns: columns, rows: rows, mode: graphics, color: pictureColor, zoom: zoom,
                                  panX: panX, panY: panY, evidence: evidencePictures[i].sha256)
        }
        let page = shownPage
        let boxes = (selected?.boxes ?? []).filter { $0.page == page }
        // (A request outlines at most 64 boxes: a field of many words, a table's lines, shows its first 64.)
        let outline = boxes.prefix(64).map { PictureRequest.Rect(x0: $0.x0, y0: $0.y0, x1: $0.x1, y1: $0.y1) }
        let focus = boxes.isEmpty ? nil : PictureRequest.Point(x: (boxes.map(\.x0).min()! + boxes.map(\.x1).max()!) / 2,
                                                               y: (boxes.map(\.y0).min()! + boxes.map(\.y1).max()!) / 2)
        return PictureRequest(page: page, columns: columns, rows: rows, mode: graphics, color: pictureColor, zoom: zoom, focus: focus,
                              panX: panX, panY: panY, outline: outline)
    }

    /// The driver drew (or could not draw) the picture for `request`.
    public mutating func pictured(_ request: PictureRequest, _ result: Result<PagePicture, QuireError>) {
        pictureRequest = request
        switch result {
        case .success(let p): picture = p; pictureError = nil
        case .failure(let e): picture = nil; pictureError = e.message
        }
    }

    mutating func editKey(_ key: Key, _ text: String) -> [Effect] {
        switch key {
        case .escape: mode = .normal; say("edit cancelled")
        case .enter:
            guard let f = selected else { mode = .normal; return [] }
            if let problem = editProblem { failed(problem); return [] }
            do {
                let v = try ReviewService.check(field: f.name, value: Self.typed(text, field: f.name))
                remember()
                if v != f.value { corrections[f.name] = v } else { corrections[f.name] = nil }
                confirmed.insert(f.name)
                mode = .normal
                say("\(f.name) = \(v == .null ? "(not on the document)" : FieldView.display(v, field: f.name))")
                if let d = detail, !d.fields.isEmpty { selectedField = min(selectedField + 1, d.fields.count - 1) }
            } catch let e as QuireError { failed(e.message) } catch { failed("\(error)") }
        default:
            if let t = Self.edited(text, key) { mode = .edit(t) }
        }
        return []
    }

    /// Line editing shared by every prompt: typing, Backspace, Ctrl-U clears, Ctrl-W drops a word.
    static func edited(_ text: String, _ key: Key) -> String? {
        switch key {
        case .char(let c): return text + String(c)
        case .backspace: return String(text.dropLast())
        case .ctrl("u"): return ""
        case .ctrl("w"):
            var t = text
            while t.last == " " { t.removeLast() }
            while let l = t.last, l != " " { t.removeLast() }
            return t
        default: return nil
        }
    }

    mutating func line(_ key: Key, _ text: String, set: (String) -> Mode, done: (inout ReviewState, String) -> [Effect]) -> [Effect] {
        switch key {
        case .escape: mode = .normal; return []
        case .enter: return done(&self, text.trimmingCharacters(in: .whitespaces))
        default:
            if let t = Self.edited(text, key) { mode = set(t) }
            return []
        }
    }

    mutating func rejectKey(_ key: Key, _ i: Int) -> [Effect] {
        guard let d = detail else { mode = .normal; return [] }
        let reasons = d.policy.rejectReasons
        // Then a note: required with OTHER, optional otherwise (Enter with none rejects).
        func pick(_ k: Int) -> [Effect] {
            mode = .rejectNote(reasons[k], "")
            return []
        }
        switch key {
        case .escape, .char("q"): mode = .normal
        case .char("j"), .down: mode = .reject(min(i + 1, reasons.count - 1))
        case .char("k"), .up: mode = .reject(max(i - 1, 0))
        case .enter: return pick(i)
        case .char(let c) where c.isNumber && c != "0":
            if let k = c.wholeNumberValue, reasons.indices.contains(k - 1) { return pick(k - 1) }
        default: break
        }
        return []
    }

    mutating func rejectNoteKey(_ key: Key, _ reason: String, _ text: String) -> [Effect] {
        line(key, text, set: { .rejectNote(reason, $0) }) { s, note in
            guard let d = s.detail else { return [] }
            if reason == "OTHER", note.isEmpty { s.failed("OTHER needs a note that says why"); return [] }
            s.mode = .normal
            return [.reject(d.review.item, version: d.review.version, reason: reason, note: note.isEmpty ? nil : note)]
        }
    }

    mutating func documentTypeKey(_ key: Key, _ i: Int) -> [Effect] {
        guard let d = detail else { mode = .normal; return [] }
        let types = d.policy.documentTypes
        switch key {
        case .escape: mode = .normal
        case .char("j"), .down: mode = .documentType(min(i + 1, types.count - 1))
        case .char("k"), .up: mode = .documentType(max(i - 1, 0))
        case .enter:
            remember()
            documentType = types[i] == d.documentType ? nil : types[i]
            mode = .normal
            say("document type: \(types[i])")
        default: break
        }
        return []
    }

    /// `:` commands: q, claim [ITEM], queue [NAME], release ITEM NOTE, refresh.
    mutating func command(_ c: String) -> [Effect] {
        let parts = c.split(separator: " ", maxSplits: 2).map(String.init)
        switch parts.first ?? "" {
        case "q", "quit": return quit()
        case "r", "refresh": return [.refresh]
        case "claim": return [.claim(parts.count > 1 ? ItemID(parts[1]) : nil)]
        case "queue":
            queue = parts.count > 1 ? parts[1] : nil
            return [.switchQueue(queue)]
        case "release":
            guard parts.count == 3 else { failed("usage: :release ITEM NOTE (a supervisor takes a claim away)"); return [] }
            return [.release(ItemID(parts[1]), note: parts[2])]
        default:
            failed("unknown command '\(c)'; try :claim, :queue NAME, :release ITEM NOTE, :refresh, :q")
            return []
        }
    }
}

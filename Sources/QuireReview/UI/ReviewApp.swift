import Foundation
import Synchronization
public import QuireCore

/// `quire review`: the terminal loop. A reader thread turns terminal input into keys (reads block,
/// so they stay off the cooperative pool); the loop applies each key to the state, carries out the
/// effects against the review service, keeps the claim's lease alive, refreshes the queue, and
/// redraws the difference. Resizes are noticed within 100 ms and redraw the whole screen.
public struct ReviewApp: Sendable {
    /// Where the queue is: this home's store, or a server's API.
    public var backend: any ReviewBackend
    public var reviewer: String
    public var queue: String?
    /// False with NO_COLOR (glyphs and bold stay).
    public var color: Bool
    public var heartbeatEvery: Double = 60
    public var refreshEvery: Double = 5
    /// Draws a page picture of an item's document (in a worker process: the appliance's `pagePicture`);
    /// nil: the page pane shows text only.
    public var picture: (@Sendable (ItemID, PictureRequest) async throws -> PagePicture)?
    /// Symbols (anywhere), sixel or kitty graphics.
    public var graphics: PictureRequest.Mode = .symbols

    public init(service: ReviewService, data: ReviewData, reviewer: String, queue: String?, color: Bool) {
        self.init(backend: LocalReviewBackend(service: service, data: data), reviewer: reviewer, queue: queue, color: color)
    }

    public init(backend: any ReviewBackend, reviewer: String, queue: String?, color: Bool) {
        self.backend = backend
        self.reviewer = reviewer
        self.queue = queue
        self.color = color
    }

    enum Event: Sendable {
        case keys([Key])
        case tick
    }

    final class Running: Sendable {
        private let value = Mutex(true)
        var isOn: Bool { value.withLock { $0 } }
        func stop() { value.withLock { $0 = false } }
    }

    public func run(terminal: Terminal) async throws {
        try terminal.enterRawMode()
        defer { terminal.restore() }
        let running = Running()
        defer { running.stop() }
        let (events, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .unbounded)
        let reader = Thread {
            while running.isOn {
                guard let bytes = terminal.read() else { break }
                continuation.yield(bytes.isEmpty ? .tick : .keys(Key.parse(bytes)))
            }
            continuation.finish()
        }
        reader.start()

        var state = ReviewState(reviewer: reviewer, queue: queue)
        state.validator = backend.validator
        state.picturesAvailable = picture != nil
        state.graphics = graphics
        state.pictureColor = color
        var graphic: PictureRequest? = nil
        var last: ScreenBuffer? = nil
        var lastSize = terminal.size
        var lastRefresh = Date(), lastBeat = Date()
        await refresh(&state)
        draw(&state, &last, &graphic, terminal)
        for await event in events {
            let now = Date()
            switch event {
            case .tick:
                let size = terminal.size
                if size != lastSize { last = nil; lastSize = size }
                if state.screen == .queue, state.mode == .normal, now.timeIntervalSince(lastRefresh) > refreshEvery {
                    await refresh(&state)
                    lastRefresh = now
                }
                if let d = state.detail, now.timeIntervalSince(lastBeat) > heartbeatEvery {
                    lastBeat = now
                    do { try await backend.heartbeat(d.review.item, reviewer: reviewer) } catch { state.failed("\(message(error)) — your changes were not saved") }
                }
            case .keys(let keys):
                for key in keys {
                    for effect in state.handle(key) {
                        if effect == .quit { return }
                        await perform(effect, &state)
                        if state.detail != nil { lastBeat = Date() }
                    }
                }
            }
            draw(&state, &last, &graphic, terminal)
            // The page picture the screen now needs, drawn by a worker; the screen says "drawing the page…" meanwhile.
            if await picturePage(&state, size: terminal.size) { draw(&state, &last, &graphic, terminal) }
        }
    }

    /// Asks for the page picture the item screen needs when it is not the one held; true when the state changed.
    func picturePage(_ state: inout ReviewState, size: (columns: Int, rows: Int)) async -> Bool {
        guard let picture, let d = state.detail, let area = ReviewView.pictureArea(state, width: size.columns, height: size.rows),
              let want = state.pictureNeeded(columns: area.columns, rows: area.rows), want != state.pictureRequest else { return false }
        do {
            state.pictured(want, .success(try await picture(d.review.item, want)))
        } catch {
            state.pictured(want, .failure(error as? QuireError ?? QuireError(.internal, "\(error)")))
        }
        return true
    }

    /// Draws the difference to the last frame; a sixel or kitty picture is written over its blank cells
    /// after a full repaint whenever it changes or goes (a repaint clears the old one's pixels).
    func draw(_ state: inout ReviewState, _ last: inout ScreenBuffer?, _ graphic: inout PictureRequest?, _ terminal: Terminal) {
        state.now = Date()
        let size = terminal.size
        let frame = ReviewView.render(state, width: size.columns, height: size.rows)
        let area = ReviewView.pictureArea(state, width: size.columns, height: size.rows)
        let sequence = state.picture?.sequence
        let shown = area != nil && sequence != nil ? state.pictureRequest : nil
        if shown != graphic {
            if graphic != nil, graphics == .kitty { terminal.write("\u{1B}_Ga=d\u{1B}\\") }
            last = nil
        }
        // A full repaint (a new picture, a resize) clears the screen's pixels too: the picture is written again.
        let repainted = last == nil || last?.width != frame.width || last?.height != frame.height
        if frame != last { terminal.write(Renderer.diff(from: last, to: frame, color: color)) }
        if repainted, let area, let sequence { terminal.write("\u{1B}[\(area.y + 1);\(area.x + 1)H" + sequence) }
        graphic = shown
        last = frame
    }

    func message(_ error: any Error) -> String { (error as? QuireError)?.message ?? "\(error)" }

    func refresh(_ state: inout ReviewState) async {
        do { state.listed(try await backend.rows(queue: state.queue)) } catch { state.failed("cannot read the queue: \(message(error))") }
    }

    func perform(_ effect: ReviewState.Effect, _ state: inout ReviewState) async {
        do {
            switch effect {
            case .refresh:
                await refresh(&state)
                state.say("\(state.rows.count) in the queue")
            case .switchQueue(let q):
                state.queue = q
                await refresh(&state)
                state.say("queue: \(q ?? "all")")
            case .claim(let id):
                guard let detail = try await backend.claim(reviewer: reviewer, queue: id == nil ? state.queue : nil, item: id) else {
                    await refresh(&state)
                    state.failed(id.map { "\($0) is held by someone else or decided; the list is refreshed" } ?? "nothing to claim in \(state.queue ?? "any queue")")
                    return
                }
                state.loaded(detail, at: Date())
            case .approve(let id, let version, let corrections, let type, let total, let limit, let original):
                let decided = try await backend.approve(id, reviewer: reviewer, version: version, corrections: corrections, documentType: type,
                                                        total: total, fourEyesAbove: limit, original: original, started: state.openedAt)
                let changed = corrections.isEmpty ? "" : " with \(corrections.count) correction\(corrections.count == 1 ? "" : "s")"
                state.closed(decided ? "approved \(id.rawValue)\(changed)"
                                                 : "your approval of \(id.rawValue) is recorded; above \(ReviewView.amount(limit)) a second reviewer must approve too")
                await refresh(&state)
            case .reject(let id, let version, let reason, let note):
                try await backend.reject(id, reviewer: reviewer, version: version, reason: reason, note: note, started: state.openedAt)
                state.closed("rejected \(id.rawValue): \(reason)")
                await refresh(&state)
            case .skip(let id):
                do { try await backend.skip(id, reviewer: reviewer) } catch { state.closed("\(id.rawValue): \(message(error))"); await refresh(&state); return }
                state.closed("left \(id.rawValue) in the queue for someone else")
                await refresh(&state)
            case .escalate(let id, let version, let q, let comment):
                try await backend.escalate(id, reviewer: reviewer, version: version, to: q, comment: comment)
                state.closed("escalated \(id.rawValue) to \(q)")
                await refresh(&state)
            case .release(let id, let note):
                try await backend.release(id, by: reviewer, note: note)
                state.say("released \(id.rawValue)")
                await refresh(&state)
            case .quit:
                break
            }
        } catch {
            state.failed(message(error))
        }
    }
}

extension ReviewView {
    static func amount(_ limit: Double?) -> String { limit.map { String(format: "%.2f", $0) } ?? "the limit" }
}

/// How the page picture is drawn in the terminal `quire review` runs in, from its environment: kitty
/// graphics in kitty and WezTerm, sixel in terminals known to draw it (foot, mlterm, contour),
/// Unicode symbols everywhere else — always inside tmux or screen, which
/// pass neither protocol through by default, and over a plain SSH session to an unknown terminal.
public enum PictureGraphics {
    public static func detect(_ environment: [String: String]) -> PictureRequest.Mode {
        if environment["TMUX"] != nil || environment["STY"] != nil { return .symbols }
        let term = environment["TERM"] ?? "", program = environment["TERM_PROGRAM"] ?? ""
        if term == "xterm-kitty" || environment["KITTY_WINDOW_ID"] != nil || program == "WezTerm" { return .kitty }
        if ["foot", "mlterm", "contour"].contains(where: term.hasPrefix) { return .sixel }
        return .symbols
    }
}

import Foundation
import Synchronization
import QuireCore
#if canImport(Glibc)
import Glibc
#endif

/// The controlling terminal in raw mode: no line buffering, no echo, no signals from keys (Ctrl-C
/// arrives as a key and quits cleanly), reads that return after 100 ms with whatever came. The
/// alternate screen keeps the shell's scrollback intact; `restore()` puts everything back and runs
/// on every exit path of `quire review`.
public final class Terminal: Sendable {
    private let input: Int32
    private let output: Int32
    /// The settings to put back, and whether raw mode is on.
    private struct Mode { var saved = termios(); var raw = false }
    private let mode = Mutex(Mode())

    public init(input: Int32 = 0, output: Int32 = 1) throws {
        guard isatty(input) == 1, isatty(output) == 1 else {
            throw QuireError(.invalidArgument, "quire review needs a terminal; for scripts use 'quire review list', 'claim' or 'show' instead")
        }
        self.input = input
        self.output = output
    }

    /// Columns and rows now (80×24 when the terminal does not say).
    public var size: (columns: Int, rows: Int) {
        var w = winsize()
        if ioctl(output, UInt(TIOCGWINSZ), &w) == 0, w.ws_col > 0, w.ws_row > 0 { return (Int(w.ws_col), Int(w.ws_row)) }
        return (80, 24)
    }

    public func enterRawMode() throws {
        try mode.withLock { m in try enterRawMode(&m) }
    }

    private func enterRawMode(_ m: inout Mode) throws {
        guard !m.raw else { return }
        guard tcgetattr(input, &m.saved) == 0 else { throw QuireError(.io, "cannot read the terminal's settings (errno \(errno))") }
        var t = m.saved
        t.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INPCK | ISTRIP | IXON)
        t.c_oflag &= ~tcflag_t(OPOST)
        t.c_cflag |= tcflag_t(CS8)
        t.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | ISIG)
        withUnsafeMutableBytes(of: &t.c_cc) { cc in
            cc[Int(VMIN)] = 0
            cc[Int(VTIME)] = 1
        }
        guard tcsetattr(input, TCSAFLUSH, &t) == 0 else { throw QuireError(.io, "cannot switch the terminal to raw mode (errno \(errno))") }
        m.raw = true
        write("\u{1B}[?1049h\u{1B}[?25l\u{1B}[H\u{1B}[2J")
    }

    public func restore() {
        mode.withLock { m in
            guard m.raw else { return }
            write("\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l")
            _ = tcsetattr(input, TCSAFLUSH, &m.saved)
            m.raw = false
        }
    }

    public func write(_ s: String) {
        var bytes = Array(s.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { p in Glibc.write(output, p.baseAddress! + offset, p.count - offset) }
            if n < 0 { if errno == EINTR || errno == EAGAIN { continue }; return }
            offset += n
        }
    }

    /// Waits up to 100 ms for input; the bytes that came (none on a timeout). Blocking: call it
    /// from a dedicated thread, never from the cooperative pool.
    public func read() -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 1024)
        let n = buffer.withUnsafeMutableBytes { Glibc.read(input, $0.baseAddress, $0.count) }
        if n < 0 { return errno == EINTR || errno == EAGAIN ? [] : nil }
        return Array(buffer.prefix(n))
    }
}


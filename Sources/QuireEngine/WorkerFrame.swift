import Foundation
package import QuireCore
#if canImport(Glibc)
import Glibc
#endif

/// The worker protocol's framing: a 4-byte big-endian length, then that many bytes of JSON.
/// One request frame, one response frame.
package enum WorkerFrame {
    /// Frames larger than this are refused (the response of a 500-page PDF with every word fits).
    static let maxBytes = 256 << 20

    package static func write(_ value: JSONValue, to fd: Int32) throws {
        let body = Array(value.jsonString().utf8)
        var frame = [UInt8](repeating: 0, count: 4)
        let n = UInt32(body.count)
        frame[0] = UInt8(n >> 24); frame[1] = UInt8((n >> 16) & 0xFF); frame[2] = UInt8((n >> 8) & 0xFF); frame[3] = UInt8(n & 0xFF)
        frame += body
        var offset = 0
        while offset < frame.count {
            let w = frame.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if w < 0 {
                if errno == EINTR { continue }
                throw QuireError(.io, "worker pipe closed while writing (errno \(errno))")
            }
            offset += w
        }
    }

    /// Thrown by ``read(from:deadline:)`` when nothing arrived in time.
    package struct TimedOut: Error {}

    /// Reads one frame; nil at end of file (the other side closed or died). With a deadline
    /// (monotonic seconds) it throws ``TimedOut`` once the deadline passes.
    package static func read(from fd: Int32, deadline: Double? = nil) throws -> JSONValue? {
        guard let header = try readExactly(4, from: fd, deadline: deadline) else { return nil }
        let n = Int(header[0]) << 24 | Int(header[1]) << 16 | Int(header[2]) << 8 | Int(header[3])
        guard n <= maxBytes else { throw QuireError(.io, "worker frame of \(n) bytes is over the limit of \(maxBytes)") }
        guard let body = try readExactly(n, from: fd, deadline: deadline) else { return nil }
        return try JSONValue.parse(Data(body))
    }

    private static func readExactly(_ n: Int, from fd: Int32, deadline: Double?) throws -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: n)
        var got = 0
        while got < n {
            if let deadline {
                let left = deadline - Scheduler.monotonicNow()
                if left <= 0 { throw TimedOut() }
                var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let r = poll(&pfd, 1, Int32(min(Double(Int32.max), (left * 1000).rounded(.up))))
                if r == 0 { throw TimedOut() }
                if r < 0 && errno != EINTR { return nil }
                if r <= 0 { continue }
            }
            let r = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + got, n - got) }
            if r == 0 { return nil }
            if r < 0 {
                if errno == EINTR { continue }
                return nil
            }
            got += r
        }
        return buffer
    }
}

public import Foundation

/// A fresh folder under the system's temporary folder, removed by ``remove()``.
public struct TemporaryDirectory: Sendable {
    public let path: String

    public init(_ prefix: String = "quire-test") throws {
        let p = NSTemporaryDirectory() + "\(prefix)-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true)
        path = (p as NSString).standardizingPath
    }

    public func remove() { try? FileManager.default.removeItem(atPath: path) }

    public func file(_ name: String) -> String { path + "/" + name }

    @discardableResult
    public func write(_ name: String, _ contents: String) throws -> String {
        let p = file(name)
        try FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: URL(fileURLWithPath: p))
        return p
    }
}

/// Waits until `condition` holds, for at most `timeout` seconds; returns whether it held. For tests
/// that watch asynchronous work finish. The first checks come 20 ms apart and the pause grows to
/// a quarter of a second: many conditions run the real binary (`quire items list`), and a dozen tests each
/// starting one every 20 ms kept both cores of a CI machine busy with the checks instead of the work
/// they wait for. The default is the one patience every end-to-end wait uses: six minutes, because
/// `./install.sh test` runs many suites at once with OCR workers on a 2-core CI machine, where a
/// heartbeat can lapse and a job be run again. A condition that holds returns at once, so only a
/// failing test waits the whole time. Pass a shorter `timeout` only for things that need no
/// scheduling (a killed process ending, a socket opening).
public func eventually(timeout: Double = 360, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    var pause: UInt64 = 20_000_000
    while Date() < deadline {
        if try await condition() { return true }
        try? await Task.sleep(nanoseconds: pause)
        pause = min(pause * 3 / 2, 250_000_000)
    }
    return try await condition()
}

/// Small documents with the right magic bytes, for tests that need real file types.
public enum SampleFiles {
    /// A minimal but well-formed one-page PDF carrying `text` (unique text gives unique bytes).
    public static func pdf(_ text: String) -> Data {
        let stream = "BT /F1 12 Tf 72 720 Td (\(text)) Tj ET"
        var out = "%PDF-1.4\n"
        var offsets: [Int] = []
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(stream.utf8.count) >>\nstream\n\(stream)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        for (i, o) in objects.enumerated() {
            offsets.append(out.utf8.count)
            out += "\(i + 1) 0 obj\n\(o)\nendobj\n"
        }
        let xref = out.utf8.count
        out += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for o in offsets { out += String(format: "%010d 00000 n \n", o) }
        out += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(out.utf8)
    }

    /// A 1×1 PNG.
    public static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6,
                                  0, 0, 0, 0x1F, 0x15, 0xC4, 0x89, 0, 0, 0, 13, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0, 1, 0, 0, 5, 0, 1,
                                  0x0D, 0x0A, 0x2D, 0xB4, 0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])
}

public import Logging
public import Foundation
import Synchronization

/// A swift-log handler that writes one JSON object per line:
/// `{"ts":"…","level":"info","label":"quire.engine","msg":"…","item":"itm_…","stage":"identify",…}`.
/// Metadata keys become top-level fields, so `item` and `stage` are easy to filter with `jq`.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let sink: LogSink

    public init(label: String, level: Logger.Level = .info, sink: LogSink = .standardError) {
        self.label = label
        self.logLevel = level
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [String: Any] = [:]
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        for (k, v) in merged { fields[k] = Self.plain(v) }
        fields["ts"] = Self.timestamp()
        fields["level"] = event.level.rawValue
        fields["label"] = label
        fields["msg"] = event.message.description
        if event.level >= .error { fields["source"] = "\(event.file.split(separator: "/").last ?? ""):\(event.line)" }
        guard let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        sink.write(data + Data([0x0A]))
    }

    static func plain(_ v: Logger.Metadata.Value) -> Any {
        switch v {
        case .string(let s): return s
        case .stringConvertible(let c): return c.description
        case .array(let a): return a.map(plain)
        case .dictionary(let d): return d.mapValues(plain)
        }
    }

    static func timestamp() -> String {
        var tv = timeval()
        gettimeofday(&tv, nil)
        var t = time_t(tv.tv_sec)
        var tmv = tm()
        gmtime_r(&t, &tmv)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tmv.tm_year + 1900, tmv.tm_mon + 1, tmv.tm_mday,
                      tmv.tm_hour, tmv.tm_min, tmv.tm_sec, Int(tv.tv_usec / 1000))
    }
}

/// Where log lines go. Writes are serialised so lines never interleave.
public final class LogSink: Sendable {
    private let fd: Int32
    private let lock = Mutex(())

    public init(fileDescriptor: Int32) { self.fd = fileDescriptor }

    public static let standardError = LogSink(fileDescriptor: 2)
    public static let standardOutput = LogSink(fileDescriptor: 1)

    public func write(_ data: Data) {
        lock.withLock { _ in
            data.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if n <= 0 { break }
                    offset += n
                }
            }
        }
    }
}

/// Sets up logging once per process.
public enum LoggingSetup {
    public enum Format: String, Sendable, CaseIterable {
        /// JSON lines (the default for `quire serve`).
        case json
        /// Human-readable lines (swift-log's stream handler).
        case text
    }

    private static let done = Mutex(false)

    /// Bootstraps swift-log. Later calls are ignored (swift-log allows one bootstrap per process).
    public static func bootstrap(format: Format, level: Logger.Level, sink: LogSink = .standardError) {
        let first = done.withLock { d -> Bool in
            defer { d = true }
            return !d
        }
        guard first else { return }
        LoggingSystem.bootstrap { label in
            switch format {
            case .json:
                return JSONLogHandler(label: label, level: level, sink: sink)
            case .text:
                return TextLogHandler(label: label, level: level)
            }
        }
    }
}

/// swift-log's `StreamLogHandler` (the text format) with metadata kept as it is set and formatted only
/// when a line is written. `StreamLogHandler` formats all its metadata again each time a key is set,
/// and the scheduler sets four keys on every job's logger: 2 % of the CPU of running empty jobs in a
/// profile, for lines that are mostly never written.
public struct TextLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }
    public var metadataProvider: Logger.MetadataProvider? {
        get { inner.metadataProvider }
        set { inner.metadataProvider = newValue }
    }
    var inner: StreamLogHandler

    public init(label: String, level: Logger.Level = .info) {
        inner = StreamLogHandler.standardError(label: label)
        inner.logLevel = level
    }

    /// Writes to `stream` instead of standard error (tests).
    public init(label: String, level: Logger.Level = .info, stream: any TextOutputStream & Sendable) {
        inner = StreamLogHandler(label: label, stream: stream, metadataProvider: nil)
        inner.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var event = event
        if !metadata.isEmpty { event.metadata = metadata.merging(event.metadata ?? [:]) { _, explicit in explicit } }
        inner.log(event: event)
    }
}

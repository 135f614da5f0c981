import Logging
import QuireObservability
import Synchronization
import Testing

/// The text log format: the metadata set on a logger (as the scheduler sets a job's item, stage and job)
/// is written with each line, sorted, and a line's own metadata wins over it.
@Suite("Text log handler")
struct TextLogHandlerTests {
    final class Lines: TextOutputStream, Sendable {
        let text = Mutex("")
        func write(_ string: String) { text.withLock { $0 += string } }
    }

    struct Stream: TextOutputStream, Sendable {
        let lines: Lines
        func write(_ string: String) { lines.write(string) }
    }

    @Test func metadataSetOnTheLoggerIsWrittenWithEachLineAndALinesOwnWins() {
        let lines = Lines()
        var log = Logger(label: "quire.test") { label in TextLogHandler(label: label, level: .info, stream: Stream(lines: lines)) }
        log[metadataKey: "stage"] = "identify"
        log[metadataKey: "item"] = "itm_1"
        log.debug("not written: below the level")
        log.info("stage done", metadata: ["item": "itm_2", "ms": "3"])
        log.warning("plain")
        let written = lines.text.withLock { $0 }.split(separator: "\n").map(String.init)
        #expect(written.count == 2)
        #expect(written.first?.hasSuffix(" info quire.test: item=itm_2 ms=3 stage=identify [QuireEngineTests] stage done") == true, "\(written)")
        #expect(written.last?.hasSuffix(" warning quire.test: item=itm_1 stage=identify [QuireEngineTests] plain") == true, "\(written)")
    }
}

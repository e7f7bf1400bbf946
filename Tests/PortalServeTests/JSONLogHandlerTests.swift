import Configuration
import Foundation
import Logging
import PortalCache
import PortalServe
import PortalSupport
import Synchronization
import Testing

@testable import PortalApplication
@testable import PortalServe

@Suite("Structured logs")
struct JSONLogHandlerTests {
    private final class Lines: Sendable {
        let captured = Mutex<[[UInt8]]>([])
        var objects: [[String: Any]] {
            captured.withLock { $0 }.compactMap { try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] }
        }
    }

    private func logger(level: Logger.Level = .info) -> (Logger, Lines) {
        let lines = Lines()
        let sink = LineSink { data in lines.captured.withLock { $0.append(data) } }
        return (Logger(label: "portal-bff") { JSONLogHandler(label: $0, level: level, sink: sink) }, lines)
    }

    @Test func eachRecordIsOneJSONLineWithItsMetadataAsFields() throws {
        var (logger, lines) = logger()
        logger[metadataKey: "requestId"] = "req-1"
        logger.info(
            "request",
            metadata: [
                "status": .stringConvertible(200), "route": "/api/invoices", "tags": ["a", "b"],
                "odd": "quote \" backslash \\ newline \n tab \t bell \u{7} 日本",
                "nested": ["k": "v"], "ratio": .stringConvertible(1.5),
            ]
        )
        let raw = try #require(lines.captured.withLock { $0.first })
        #expect(raw.last == 0x0A)
        #expect(raw.dropLast().contains(0x0A) == false)
        let line = try #require(lines.objects.first)
        #expect(line["message"] as? String == "request")
        #expect(line["level"] as? String == "info")
        #expect(line["logger"] as? String == "portal-bff")
        #expect(line["requestId"] as? String == "req-1")
        #expect(line["status"] as? Int == 200)
        #expect(line["route"] as? String == "/api/invoices")
        #expect(line["tags"] as? [String] == ["a", "b"])
        #expect(line["odd"] as? String == "quote \" backslash \\ newline \n tab \t bell \u{7} 日本")
        #expect(line["nested"] as? [String: String] == ["k": "v"])
        #expect(line["ratio"] as? Double == 1.5)
        let time = try #require(line["time"] as? String)
        #expect(try Date(time, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)).timeIntervalSinceNow.magnitude < 60)
    }

    @Test func metadataNamedLikeAFixedFieldDoesNotReplaceIt() throws {
        let (logger, lines) = logger()
        logger.warning("real message", metadata: ["message": "from metadata", "level": "from metadata"])
        let line = try #require(lines.objects.first)
        #expect(line["message"] as? String == "real message")
        #expect(line["level"] as? String == "warning")
        #expect(line["metadata.message"] as? String == "from metadata")
    }

    @Test func recordsBelowTheLevelAreDropped() {
        let (logger, lines) = logger(level: .notice)
        logger.info("quiet")
        logger.error("loud")
        #expect(lines.objects.map { $0["message"] as? String } == ["loud"])
    }

    @Test func logSettingsNameTheKeyTheyRefuse() throws {
        let good = try LogSettings(config: ConfigReader(provider: InMemoryProvider(values: ["log.level": "debug", "log.format": "text"])))
        #expect(good.level == .debug)
        #expect(good.format == .text)
        let unset = ConfigReader(provider: InMemoryProvider(values: [:]))
        #expect(try LogSettings(config: unset, standardOutputIsTerminal: false).format == .json)
        #expect(try LogSettings(config: unset, standardOutputIsTerminal: true).format == .text)
        let json = ConfigReader(provider: InMemoryProvider(values: ["log.format": "json"]))
        #expect(try LogSettings(config: json, standardOutputIsTerminal: true).format == .json)
        #expect(throws: ConfigurationError.self) { try LogSettings(config: ConfigReader(provider: InMemoryProvider(values: ["log.level": "loud"]))) }
        do {
            _ = try LogSettings(config: ConfigReader(provider: InMemoryProvider(values: ["log.format": "xml"])))
            Issue.record("xml accepted")
        } catch {
            #expect(error.key == "log.format")
        }
    }
}

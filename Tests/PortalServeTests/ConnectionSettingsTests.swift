import Configuration
import PortalCache
import PortalServe
import PortalSupport
import Testing

@testable import PortalApplication
@testable import PortalServe

@Suite("Connection settings")
struct ConnectionSettingsTests {
    private static func reader(_ values: [AbsoluteConfigKey: ConfigValue] = [:]) -> ConfigReader {
        ConfigReader(provider: InMemoryProvider(values: values))
    }

    @Test func theDefaultCapLeavesDescriptorsForRedisUpstreamsAndFiles() throws {
        let settings = try ConnectionSettings(config: Self.reader(), openFiles: 1024)
        #expect(settings.limits.maxConnections == 1024 - 256)
        #expect(settings.limits.idleTimeout == .seconds(60))
        #expect(settings.limits.headerTimeout == .seconds(10))
    }

    @Test func aCapTheOpenFileLimitCannotCarryStopsStartUp() {
        #expect(throws: ConfigurationError.self) {
            try ConnectionSettings(config: Self.reader(["http.maxConnections": .init(.int(1000), isSecret: false)]), openFiles: 1024)
        }
    }

    @Test func anOpenFileLimitWithNoRoomForConnectionsStopsStartUp() {
        #expect(throws: ConfigurationError.self) { try ConnectionSettings(config: Self.reader(), openFiles: 100) }
    }

    @Test func timeoutsOutsideTheirRangesStopStartUp() {
        #expect(throws: ConfigurationError.self) {
            try ConnectionSettings(config: Self.reader(["http.idleTimeoutSeconds": .init(.int(0), isSecret: false)]), openFiles: 1024)
        }
        #expect(throws: ConfigurationError.self) {
            try ConnectionSettings(config: Self.reader(["http.headerTimeoutSeconds": .init(.int(-1), isSecret: false)]), openFiles: 1024)
        }
    }
}

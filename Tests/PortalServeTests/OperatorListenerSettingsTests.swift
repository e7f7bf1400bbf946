import Configuration
import PortalCache
import PortalServe
import PortalSupport
import Testing

@testable import PortalApplication
@testable import PortalServe

@Suite("Operator listener settings")
struct OperatorListenerSettingsTests {
    private static func reader(_ values: [AbsoluteConfigKey: ConfigValue]) -> ConfigReader {
        var all = values
        all["auth.hmacSecret"] = .init(.string("a-test-secret-of-at-least-32-characters"), isSecret: true)
        return ConfigReader(provider: InMemoryProvider(values: all))
    }

    @Test func theOperatorListenerIsOnLoopbackByDefault() throws {
        let settings = try ServerSettings(config: Self.reader(["http.host": .init(.string("0.0.0.0"), isSecret: false)]))
        #expect(settings.operatorHost == "127.0.0.1")
        #expect(settings.operatorPort == 9090)
    }

    @Test func theOperatorListenerMayNotTakeThePublicPort() {
        #expect(throws: ConfigurationError(key: "http.operator.port", problem: "must differ from http.port")) {
            try ServerSettings(
                config: Self.reader([
                    "http.port": .init(.int(8080), isSecret: false), "http.operator.port": .init(.int(8080), isSecret: false),
                ])
            )
        }
    }
}

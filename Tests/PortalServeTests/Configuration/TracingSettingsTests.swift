import Configuration
import PortalServe
import PortalSupport
import Testing

@Suite("Tracing settings")
struct TracingSettingsTests {
    private static func settings(_ values: [AbsoluteConfigKey: ConfigValue]) throws(ConfigurationError) -> TracingSettings {
        try TracingSettings(config: ConfigReader(provider: InMemoryProvider(values: values)))
    }

    @Test func exportIsOffUnlessAnEndpointIsConfigured() throws {
        let off = try Self.settings([:])
        #expect(off.otlpEndpoint == nil)
        #expect(off.serviceName == "portal-bff")
        #expect(off.sampleRatio == 1)
        let on = try Self.settings(["tracing.otlpEndpoint": .init(.string("http://collector:4317"), isSecret: false)])
        #expect(on.otlpEndpoint == "http://collector:4317")
    }

    @Test func anEndpointThatIsNotAnHTTPURLOrARatioOutsideZeroToOneIsRefused() {
        #expect(throws: ConfigurationError.self) {
            try Self.settings(["tracing.otlpEndpoint": .init(.string("collector:4317"), isSecret: false)])
        }
        #expect(throws: ConfigurationError(key: "tracing.sampleRatio", problem: "must be in 0...1, found 1.5")) {
            try Self.settings(["tracing.sampleRatio": .init(.double(1.5), isSecret: false)])
        }
    }
}

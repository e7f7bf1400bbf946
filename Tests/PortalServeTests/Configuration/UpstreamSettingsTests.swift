import Configuration
import PortalAPI
import PortalApplication
import PortalCache
import PortalSupport
import Testing

@testable import PortalServe

@Suite("Upstream settings")
struct UpstreamSettingsTests {
    private func settings(_ values: [AbsoluteConfigKey: ConfigValue]) throws -> UpstreamSettings {
        try UpstreamSettings(config: ConfigReader(provider: InMemoryProvider(values: values)))
    }

    private let whmcs: [AbsoluteConfigKey: ConfigValue] = [
        "whmcs.instances": .init(.stringArray(["default", "brand-b"]), isSecret: false),
        "whmcs.default.url": "https://billing.example.jp", "whmcs.default.identifier": "id-a", "whmcs.default.secret": "secret-a",
        "whmcs.brand-b.url": "https://billing.brand-b.example.jp", "whmcs.brand-b.identifier": "id-b", "whmcs.brand-b.secret": "secret-b",
    ]

    @Test func everyNamedWhmcsInstanceIsRead() throws {
        let settings = try settings(whmcs)
        #expect(settings.whmcs.map(\.name) == ["default", "brand-b"])
        #expect(settings.whmcs[1].baseURL.host == "billing.brand-b.example.jp")
        #expect(settings.whmcs[1].secret == "secret-b")
    }

    @Test func aMissingSecretIsNamedByItsKey() throws {
        var values = whmcs
        values["whmcs.brand-b.secret"] = nil
        let error = try #require(throws: ConfigurationError.self) { try settings(values) }
        #expect(error.key == "whmcs.brand-b.secret")
    }

    @Test func salesforceAndFreebitAreOptionalUntilConfigured() throws {
        let settings = try settings([:])
        #expect(settings.salesforce == nil)
        #expect(settings.freebit == nil)
        #expect(settings.whmcs.isEmpty)
    }

    @Test func salesforceTakesAnInlinePrivateKey() throws {
        let settings = try settings([
            "salesforce.clientId": "consumer-key", "salesforce.username": "integration@example.jp",
            "salesforce.privateKey": .init(.string("-----BEGIN PRIVATE KEY-----"), isSecret: true),
            "salesforce.loginUrl": "https://test.salesforce.com",
        ])
        let salesforce = try #require(settings.salesforce)
        #expect(salesforce.loginURL.absoluteString == "https://test.salesforce.com")
        #expect(salesforce.audience == "https://login.salesforce.com")
        #expect(salesforce.apiVersion == "v61.0")
    }

    @Test func anUnreadableKeyFileIsNamed() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try settings(["salesforce.clientId": "c", "salesforce.username": "u", "salesforce.privateKeyFile": "/nonexistent/key.pem"])
        }
        #expect(error.key == "salesforce.privateKeyFile")
    }

    @Test func resilienceSettingsArePerUpstreamAndBounded() throws {
        let settings = try settings(["upstream.whmcs.perMinute": 30, "upstream.freebit.timeoutSeconds": 3])
        #expect(settings.callerSettings(for: "whmcs").perMinute == 30)
        #expect(settings.callerSettings(for: "salesforce").perMinute == 100)
        #expect(settings.callerSettings(for: "freebit").timeout == .seconds(3))
        let error = try #require(throws: ConfigurationError.self) { try self.settings(["upstream.salesforce.burst": 0]) }
        #expect(error.key == "upstream.salesforce.burst")
    }

    @Test func eachCustomersShareDefaultsToAFifthOfTheBudgetAndCannotExceedIt() throws {
        let settings = try settings(["upstream.whmcs.sharePerMinute": 5, "upstream.whmcs.shareBurst": 2])
        #expect(settings.callerSettings(for: "whmcs").sharePerMinute == 5)
        #expect(settings.callerSettings(for: "whmcs").shareBurst == 2)
        #expect(settings.callerSettings(for: "salesforce").sharePerMinute == 20)
        #expect(settings.callerSettings(for: "salesforce").shareBurst == 10)
        #expect(settings.callerSettings(for: "salesforce").backgroundPerMinute == 50)
        #expect(settings.callerSettings(for: "salesforce").backgroundBurst == 10)
        let error = try #require(throws: ConfigurationError.self) {
            try self.settings(["upstream.freebit.perMinute": 50, "upstream.freebit.sharePerMinute": 51])
        }
        #expect(error.key == "upstream.freebit.sharePerMinute")
    }

    @Test func aUrlThatIsNotHttpIsRefused() throws {
        var values = whmcs
        values["whmcs.default.url"] = "ftp://billing.example.jp"
        let error = try #require(throws: ConfigurationError.self) { try settings(values) }
        #expect(error.key == "whmcs.default.url")
    }
}

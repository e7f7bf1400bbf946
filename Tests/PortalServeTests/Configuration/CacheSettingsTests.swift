import Configuration
import PortalCache
@testable import PortalServe
import PortalAPI
import PortalApplication
import PortalSupport
import Testing

@Suite("Cache settings")
struct CacheSettingsTests {
    private func settings(_ values: [AbsoluteConfigKey: ConfigValue]) throws -> CacheSettings {
        try CacheSettings(config: ConfigReader(provider: InMemoryProvider(values: values)))
    }

    @Test func defaultsFollowTheDesignTable() throws {
        let settings = try settings([:])
        let expected: [CacheSettings.Entity: Int] = [
            .invoices: 90, .invoice: 90, .subscriptions: 120, .paymentMethods: 300, .profile: 300, .orders: 60, .order: 60,
            .catalog: 600, .sim: 60, .simUsage: 300,
        ]
        for (entity, seconds) in expected {
            #expect(settings.policy(for: entity).freshFor == .seconds(seconds), "\(entity)")
        }
        #expect(settings.policy(for: .invoices).staleFor == .seconds(1800))
    }

    @Test func eachEntityIsConfiguredOnItsOwn() throws {
        let settings = try settings(["cache.invoices.freshSeconds": 30, "cache.invoices.staleSeconds": 0])
        #expect(settings.policy(for: .invoices) == CachePolicy(freshFor: .seconds(30), staleFor: .zero, loadTimeout: .seconds(5)))
        #expect(settings.policy(for: .invoice).freshFor == .seconds(90))
    }

    @Test(arguments: ["cache.catalog.freshSeconds", "cache.sim.loadTimeoutSeconds"])
    func aZeroOrNegativeDurationIsRefusedByKey(key: String) throws {
        let configKey = AbsoluteConfigKey(key.split(separator: ".").map(String.init))
        let error = try #require(throws: ConfigurationError.self) { try settings([configKey: -1]) }
        #expect(error.key == key)
    }

    @Test func theEntriesOfAGroupAreBoundedByDefaultAndTheBoundIsChecked() throws {
        #expect(try settings([:]).maximumEntriesPerGroup == 200)
        #expect(try settings(["cache.maxEntriesPerGroup": 50]).maximumEntriesPerGroup == 50)
        let error = try #require(throws: ConfigurationError.self) { try settings(["cache.maxEntriesPerGroup": 0]) }
        #expect(error.key == "cache.maxEntriesPerGroup")
    }
}

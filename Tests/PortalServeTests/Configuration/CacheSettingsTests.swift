import Configuration
import PortalAPI
import PortalApplication
import PortalCache
import PortalSupport
import Testing

@testable import PortalServe

@Suite("Cache settings")
struct CacheSettingsTests {
    private func settings(_ values: [AbsoluteConfigKey: ConfigValue]) throws -> CacheSettings {
        try CacheSettings(config: ConfigReader(provider: InMemoryProvider(values: values)))
    }

    @Test func defaultsFollowTheDesignTable() throws {
        let settings = try settings([:])
        let expected: [CacheSettings.Entity: Int] = [
            .invoices: 90, .invoice: 90, .subscriptions: 120, .paymentMethods: 300, .profile: 300, .orders: 60, .order: 60,
            .catalog: 600, .sim: 60, .simUsage: 300, .dashboard: 60, .tickets: 60, .ticket: 30,
        ]
        for entity in CacheSettings.Entity.allCases {
            let seconds = try #require(expected[entity], "the design table names \(entity)")
            #expect(
                settings.policy(for: entity) == CachePolicy(freshFor: .seconds(seconds), staleFor: .seconds(1800), loadTimeout: .seconds(5)),
                "\(entity)"
            )
        }
    }

    @Test func eachEntityIsConfiguredOnItsOwn() throws {
        let settings = try settings(["cache.invoices.freshSeconds": 30, "cache.invoices.staleSeconds": 0])
        #expect(settings.policy(for: .invoices) == CachePolicy(freshFor: .seconds(30), staleFor: .zero, loadTimeout: .seconds(5)))
        #expect(settings.policy(for: .invoice).freshFor == .seconds(90))
    }

    @Test(arguments: CacheSettings.Entity.allCases)
    func aZeroOrNegativeFreshTimeOrLoadTimeoutIsRefusedByKey(entity: CacheSettings.Entity) throws {
        for setting in ["freshSeconds", "loadTimeoutSeconds"] {
            for seconds in [0, -1] {
                let key = AbsoluteConfigKey(["cache", entity.rawValue, setting])
                let error = try #require(throws: ConfigurationError.self, "\(key) = \(seconds)") {
                    try settings([key: .init(.int(seconds), isSecret: false)])
                }
                #expect(error.key == "cache.\(entity.rawValue).\(setting)")
            }
        }
    }

    /// A stale limit of 0 means "never serve a stale copy", which is a choice; below 0 is not.
    @Test(arguments: CacheSettings.Entity.allCases)
    func aZeroStaleLimitIsAcceptedAndANegativeOneRefused(entity: CacheSettings.Entity) throws {
        let key = AbsoluteConfigKey(["cache", entity.rawValue, "staleSeconds"])
        #expect(try settings([key: 0]).policy(for: entity).staleFor == .zero)
        let error = try #require(throws: ConfigurationError.self) { try settings([key: -1]) }
        #expect(error.key == "cache.\(entity.rawValue).staleSeconds")
    }

    @Test(arguments: CacheSettings.Entity.allCases)
    func eachSettingOfAnEntityIsReadFromItsOwnKey(entity: CacheSettings.Entity) throws {
        let settings = try settings([
            AbsoluteConfigKey(["cache", entity.rawValue, "freshSeconds"]): 7, AbsoluteConfigKey(["cache", entity.rawValue, "staleSeconds"]): 11,
            AbsoluteConfigKey(["cache", entity.rawValue, "loadTimeoutSeconds"]): 3,
        ])
        #expect(settings.policy(for: entity) == CachePolicy(freshFor: .seconds(7), staleFor: .seconds(11), loadTimeout: .seconds(3)))
    }

    @Test func theEntriesOfAGroupAreBoundedByDefaultAndTheBoundIsChecked() throws {
        #expect(try settings([:]).maximumEntriesPerGroup == 200)
        #expect(try settings(["cache.maxEntriesPerGroup": 50]).maximumEntriesPerGroup == 50)
        let error = try #require(throws: ConfigurationError.self) { try settings(["cache.maxEntriesPerGroup": 0]) }
        #expect(error.key == "cache.maxEntriesPerGroup")
    }
}

import Configuration
import Domain
import Foundation
import PortalApplication
import PortalSupport
import Testing

@testable import PortalServe

@Suite("SIM plan settings")
struct SimPlanCatalogTests {
    private static let development = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("config/development.json").path

    private func catalog(_ values: [AbsoluteConfigKey: ConfigValue]) throws(ConfigurationError) -> SimPlanCatalog {
        try SimPlanCatalog(config: ConfigReader(provider: InMemoryProvider(values: values)))
    }

    private static func plan(_ code: String, family: String = "data", price: ConfigContent = .string("3800")) -> [AbsoluteConfigKey: ConfigValue] {
        [
            "freebit.plans": .init(.stringArray([code]), isSecret: false),
            AbsoluteConfigKey(["freebit", "plan", code, "name"]): .init(.string("データ"), isSecret: false),
            AbsoluteConfigKey(["freebit", "plan", code, "monthlyPrice"]): .init(price, isSecret: false),
            AbsoluteConfigKey(["freebit", "plan", code, "family"]): .init(.string(family), isSecret: false),
        ]
    }

    @Test func theDevelopmentFileOffersDataAndVoicePlansAndNamesThem() async throws {
        let reader = try await ConfigSources.reader(file: Self.development, overrides: [:])
        let catalog = try MappingSettings(config: reader).freebitPlans
        #expect(catalog.plans.map(\.code) == ["PSP3G", "PSP10G", "PSP20G", "PSV5G", "PSV20G"])
        #expect(Set(catalog.plans.map(\.family)) == [.data, .voice])
        #expect(catalog.plan("PSP3G")?.changesToday == true)
        #expect(catalog.plan("PSP10G")?.monthlyPrice == Money(minorUnits: 3800, currency: .jpy))
        #expect(catalog.names["PSP10G"] == "データ 10GB")
    }

    @Test func withoutConfigurationNoPlanIsOffered() throws {
        #expect(try catalog([:]).plans.isEmpty)
    }

    @Test func aWholeNumberPriceIsAccepted() throws {
        #expect(try catalog(Self.plan("PSP3G", price: .int(990))).plan("PSP3G")?.monthlyPrice == Money(minorUnits: 990, currency: .jpy))
    }

    @Test func anUnknownFamilyNamesItsKey() {
        #expect(throws: ConfigurationError.self) { try catalog(Self.plan("PSP3G", family: "fax")) }
        do {
            _ = try catalog(Self.plan("PSP3G", family: "fax"))
        } catch {
            #expect(error.key == "freebit.plan.PSP3G.family")
        }
    }

    @Test func aPriceBelowTheCurrencysMinorUnitIsRefused() {
        do {
            _ = try catalog(Self.plan("PSP3G", price: .string("990.5")))
            Issue.record("a fractional yen price was accepted")
        } catch {
            #expect(error.key == "freebit.plan.PSP3G.monthlyPrice")
        }
    }

    @Test func aCodeThatCannotBeAKeyIsRefused() {
        do {
            _ = try catalog(Self.plan("PS.P"))
            Issue.record("a code with a dot was accepted")
        } catch {
            #expect(error.key == "freebit.plans")
        }
    }
}

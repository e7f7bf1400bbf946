import Configuration
import Domain
import Foundation
import PortalAPI
import PortalApplication
import PortalCache
import PortalSupport
import Testing

@testable import PortalServe

@Suite("Mapping settings")
struct MappingSettingsTests {
    private func settings(_ values: [AbsoluteConfigKey: ConfigValue]) throws -> MappingSettings {
        try MappingSettings(config: ConfigReader(provider: InMemoryProvider(values: values)))
    }

    private static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test func withoutConfigurationTheDefaultsServeAJapaneseIsp() throws {
        let settings = try settings([:])
        #expect(settings.whmcsCurrency == .jpy)
        #expect(settings.whmcsTimeZone.identifier == "Asia/Tokyo")
        #expect(settings.simFields == SimFieldNames(iccid: "ICCID", account: "MSISDN"))
        #expect(settings.salesforce.defaultCountry == "JP")
        #expect(settings.salesforce.fields == SalesforceFieldNames())
    }

    @Test func theWhmcsContextCarriesTheInstance() throws {
        let context = try settings(["whmcs.defaultCurrency": "usd"]).whmcs(instance: "brand-b")
        #expect(context.instance == "brand-b")
        #expect(context.defaultCurrency.code == "USD")
    }

    @Test func orgStatusValuesExtendTheStandardTable() throws {
        let settings = try settings(["salesforce.orderStatuses": .init(.stringArray(["Awaiting SIM = processing"]), isSecret: false)])
        #expect(settings.salesforce.orderStatuses.status(for: "Awaiting SIM") == .processing)
        #expect(settings.salesforce.orderStatuses.status(for: "Activated") == .activated)
    }

    @Test(arguments: [
        ("whmcs.defaultCurrency", ConfigValue(.string("yen"), isSecret: false)),
        ("whmcs.timeZone", ConfigValue(.string("Mars/Olympus"), isSecret: false)),
        ("whmcs.simFields.iccid", ConfigValue(.string("  "), isSecret: false)),
        ("salesforce.orderStatuses", ConfigValue(.stringArray(["Awaiting SIM=shipped"]), isSecret: false)),
        ("salesforce.orderStatuses", ConfigValue(.stringArray(["no separator"]), isSecret: false)),
    ])
    func anUnusableValueStopsStartUpNamingItsKey(key: String, value: ConfigValue) throws {
        let configKey = AbsoluteConfigKey(key.split(separator: ".").map(String.init))
        let error = try #require(throws: ConfigurationError.self) { try settings([configKey: value]) }
        #expect(error.key == key)
    }

    @Test func theShippedConfigurationFileLoads() async throws {
        let file = Self.repositoryRoot.appendingPathComponent(ConfigSources.defaultFile).path
        let settings = try MappingSettings(config: try await ConfigSources.reader(file: file))
        #expect(settings.salesforce.orderStatuses.status(for: "Provisioning Requested") == .processing)
    }

    @Test func commandLineOverridesWinOverTheFile() async throws {
        let file = Self.repositoryRoot.appendingPathComponent(ConfigSources.defaultFile).path
        let reader = try await ConfigSources.reader(file: file, overrides: ["whmcs.defaultCurrency": "EUR"])
        #expect(try MappingSettings(config: reader).whmcsCurrency.code == "EUR")
    }

    @Test func aNamedFileThatIsMissingIsAnError() async {
        await #expect(throws: (any Error).self) { try await ConfigSources.reader(file: "/nonexistent/portal-bff.json") }
    }
}

@Suite("Mapping settings from the environment")
struct MappingSettingsEnvironmentTests {
    @Test func environmentVariablesUseUpperSnakeCaseNames() throws {
        let environment = EnvironmentVariablesProvider(environmentVariables: [
            "WHMCS_DEFAULT_CURRENCY": "USD", "WHMCS_SIM_FIELDS_ICCID": "SIM Card",
            "SALESFORCE_ORDER_STATUSES": "Awaiting SIM=processing,Shipped=provisioned",
        ])
        let settings = try MappingSettings(config: ConfigReader(provider: environment))
        #expect(settings.whmcsCurrency.code == "USD")
        #expect(settings.simFields.iccid == "SIM Card")
        #expect(settings.salesforce.orderStatuses.status(for: "Shipped") == .provisioned)
    }
}

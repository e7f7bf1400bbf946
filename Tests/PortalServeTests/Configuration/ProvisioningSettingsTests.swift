import Configuration
import PortalAPI
import PortalApplication
import PortalCache
import PortalSupport
import Testing

@testable import PortalServe

@Suite("Provisioning settings")
struct ProvisioningSettingsTests {
    private func settings(_ values: [AbsoluteConfigKey: ConfigValue]) throws(ConfigurationError) -> ProvisioningSettings {
        try ProvisioningSettings(config: ConfigReader(provider: InMemoryProvider(values: values)))
    }

    @Test func productsMapToWhmcsIdsOrToNothing() throws {
        let read = try settings(["provisioning.whmcsProducts": .init(.stringArray(["SIM-D-10G=12", " SIM-FEE = - "]), isSecret: false)])
        #expect(read.whmcsProducts["SIM-D-10G"] == .some(12))
        #expect(read.whmcsProducts["SIM-FEE"] == .some(nil))
        #expect(read.whmcsProducts["OTHER"] == nil)
        #expect(read.workers == 1)
        #expect(read.maxAttempts == 6)
    }

    @Test func aBadEntryOrNumberNamesItsKey() {
        for (values, key) in [
            (["provisioning.whmcsProducts": ConfigValue(.stringArray(["SIM-D-10G"]), isSecret: false)], "provisioning.whmcsProducts"),
            (["provisioning.whmcsProducts": ConfigValue(.stringArray(["SIM-D-10G=twelve"]), isSecret: false)], "provisioning.whmcsProducts"),
            (["provisioning.workers": ConfigValue(.int(-1), isSecret: false)], "provisioning.workers"),
            (["provisioning.maxAttempts": ConfigValue(.int(0), isSecret: false)], "provisioning.maxAttempts"),
        ] as [([AbsoluteConfigKey: ConfigValue], String)] {
            do {
                _ = try settings(values)
                Issue.record("accepted \(values)")
            } catch {
                #expect(error.key == key)
            }
        }
    }
}

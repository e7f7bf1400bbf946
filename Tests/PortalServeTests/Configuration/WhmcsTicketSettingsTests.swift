import Configuration
import Domain
import PortalSupport
import PortalWhmcs
import Testing

@testable import PortalServe

@Suite("WHMCS ticket settings")
struct WhmcsTicketSettingsTests {
    private func settings(_ values: [AbsoluteConfigKey: ConfigValue], instance: String = "brand-b") throws(ConfigurationError) -> WhmcsTicketSettings
    {
        try WhmcsTicketSettings(config: ConfigReader(provider: InMemoryProvider(values: values)), instance: instance)
    }

    @Test func withoutConfigurationTicketsGoToDepartmentOneAtMediumPriority() throws {
        #expect(try settings([:]) == WhmcsTicketSettings(departmentId: 1, priority: .medium))
    }

    @Test func eachInstanceHasItsOwnDepartmentAndPriority() throws {
        let values: [AbsoluteConfigKey: ConfigValue] = [
            "whmcs.brand-b.tickets.departmentId": ConfigValue(.int(4), isSecret: false),
            "whmcs.brand-b.tickets.priority": ConfigValue(.string("High"), isSecret: false),
        ]
        #expect(try settings(values) == WhmcsTicketSettings(departmentId: 4, priority: .high))
        #expect(try settings(values, instance: "default") == WhmcsTicketSettings())
    }

    @Test func anUnknownPriorityOrANonPositiveDepartmentNamesItsKey() throws {
        let priority = try #require(throws: ConfigurationError.self) {
            try settings(["whmcs.brand-b.tickets.priority": ConfigValue(.string("Urgent"), isSecret: false)])
        }
        #expect(priority.key == "whmcs.brand-b.tickets.priority")
        let department = try #require(throws: ConfigurationError.self) {
            try settings(["whmcs.brand-b.tickets.departmentId": ConfigValue(.int(0), isSecret: false)])
        }
        #expect(department.key == "whmcs.brand-b.tickets.departmentId")
    }
}

import Configuration
import Domain
import PortalSupport
import PortalWhmcs

extension WhmcsTicketSettings {
    /// Where the portal opens tickets in WHMCS instance `instance`:
    /// - `whmcs.N.tickets.departmentId` (1): the support department's id (Support → Departments in WHMCS);
    /// - `whmcs.N.tickets.priority` (`Medium`): `Low`, `Medium` or `High`.
    public init(config: ConfigReader, instance: String) throws(ConfigurationError) {
        let departmentKey = "whmcs.\(instance).tickets.departmentId"
        let departmentId = config.int(forKey: ConfigKey(departmentKey), default: 1)
        guard departmentId > 0 else { throw ConfigurationError(key: departmentKey, problem: "a WHMCS department id is a positive number") }
        let priorityKey = "whmcs.\(instance).tickets.priority"
        let text = config.string(forKey: ConfigKey(priorityKey), default: "Medium")
        let priority = TicketPriority(name: text.lowercased())
        if case .unknown = priority { throw ConfigurationError(key: priorityKey, problem: "one of Low, Medium, High, found \(text)") }
        self.init(departmentId: departmentId, priority: priority)
    }
}

import Domain

/// Where the portal opens tickets in one WHMCS instance: the department and the priority, from
/// configuration (never from the customer).
public struct WhmcsTicketSettings: Sendable, Hashable {
    public let departmentId: Int
    public let priority: TicketPriority

    public init(departmentId: Int = 1, priority: TicketPriority = .medium) {
        self.departmentId = departmentId
        self.priority = priority
    }

    /// WHMCS's spelling of the priority (`Low`, `Medium`, `High`).
    var whmcsPriority: String {
        switch priority {
        case .low: "Low"
        case .high: "High"
        case .medium, .unknown: "Medium"
        }
    }
}

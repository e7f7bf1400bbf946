/// How urgent a ticket is, as WHMCS names it.
public enum TicketPriority: ProviderEnum {
    case low, medium, high
    case unknown(String)

    public static let knownCases: [TicketPriority] = [.low, .medium, .high]

    public var name: String {
        switch self {
        case .low: "low"
        case .medium: "medium"
        case .high: "high"
        case .unknown: "unknown"
        }
    }
}

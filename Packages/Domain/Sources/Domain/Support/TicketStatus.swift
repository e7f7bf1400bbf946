/// A support ticket's state as WHMCS names it (its default statuses; custom ones map to `unknown`).
public enum TicketStatus: ProviderEnum {
    case open, answered, customerReply, onHold, inProgress, closed
    case unknown(String)

    public static let knownCases: [TicketStatus] = [.open, .answered, .customerReply, .onHold, .inProgress, .closed]

    public var name: String {
        switch self {
        case .open: "open"
        case .answered: "answered"
        case .customerReply: "customerReply"
        case .onHold: "onHold"
        case .inProgress: "inProgress"
        case .closed: "closed"
        case .unknown: "unknown"
        }
    }
}

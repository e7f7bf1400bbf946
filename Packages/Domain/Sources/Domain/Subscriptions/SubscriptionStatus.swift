public enum SubscriptionStatus: ProviderEnum {
    case pending, active, suspended, terminated, cancelled, fraud, completed
    case unknown(String)

    public static let knownCases: [SubscriptionStatus] = [.pending, .active, .suspended, .terminated, .cancelled, .fraud, .completed]

    public var name: String {
        switch self {
        case .pending: "pending"
        case .active: "active"
        case .suspended: "suspended"
        case .terminated: "terminated"
        case .cancelled: "cancelled"
        case .fraud: "fraud"
        case .completed: "completed"
        case .unknown: "unknown"
        }
    }
}

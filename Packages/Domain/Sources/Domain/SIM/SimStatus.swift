public enum SimStatus: ProviderEnum {
    case active, suspended, terminated, pending
    case unknown(String)

    public static let knownCases: [SimStatus] = [.active, .suspended, .terminated, .pending]

    /// Freebit state words beside the case names.
    static let aliases: [String: SimStatus] = [
        "suspend": .suspended, "stop": .suspended, "stopped": .suspended, "cancel": .terminated, "cancelled": .terminated,
        "delete": .terminated, "deleted": .terminated, "terminate": .terminated, "inactive": .pending, "preactive": .pending,
    ]

    public var name: String {
        switch self {
        case .active: "active"
        case .suspended: "suspended"
        case .terminated: "terminated"
        case .pending: "pending"
        case .unknown: "unknown"
        }
    }
}

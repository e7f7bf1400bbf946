public enum BillingCycle: ProviderEnum {
    case free, oneTime, monthly, quarterly, semiannually, annually, biennially, triennially
    case unknown(String)

    public static let knownCases: [BillingCycle] = [.free, .oneTime, .monthly, .quarterly, .semiannually, .annually, .biennially, .triennially]

    /// Spellings WHMCS and Salesforce picklists use beside the case names.
    static let aliases: [String: BillingCycle] = [
        "freeaccount": .free, "onetime": .oneTime, "semiannual": .semiannually, "annual": .annually,
        "yearly": .annually, "biennial": .biennially, "triennial": .triennially, "month": .monthly, "year": .annually,
    ]

    public var name: String {
        switch self {
        case .free: "free"
        case .oneTime: "oneTime"
        case .monthly: "monthly"
        case .quarterly: "quarterly"
        case .semiannually: "semiannually"
        case .annually: "annually"
        case .biennially: "biennially"
        case .triennially: "triennially"
        case .unknown: "unknown"
        }
    }
}

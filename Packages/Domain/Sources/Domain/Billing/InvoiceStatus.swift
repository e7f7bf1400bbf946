public enum InvoiceStatus: ProviderEnum {
    case draft, unpaid, paid, cancelled, refunded, collections, paymentPending, overdue
    case unknown(String)

    public static let knownCases: [InvoiceStatus] = [.draft, .unpaid, .paid, .cancelled, .refunded, .collections, .paymentPending, .overdue]

    public var name: String {
        switch self {
        case .draft: "draft"
        case .unpaid: "unpaid"
        case .paid: "paid"
        case .cancelled: "cancelled"
        case .refunded: "refunded"
        case .collections: "collections"
        case .paymentPending: "paymentPending"
        case .overdue: "overdue"
        case .unknown: "unknown"
        }
    }
}

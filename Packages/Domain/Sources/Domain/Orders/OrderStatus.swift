public enum OrderStatus: ProviderEnum {
    case draft, activated, processing, provisioned, cancelled
    case unknown(String)

    public static let knownCases: [OrderStatus] = [.draft, .activated, .processing, .provisioned, .cancelled]

    public var name: String {
        switch self {
        case .draft: "draft"
        case .activated: "activated"
        case .processing: "processing"
        case .provisioned: "provisioned"
        case .cancelled: "cancelled"
        case .unknown: "unknown"
        }
    }
}

/// Maps an org's Order `Status` picklist values to `OrderStatus`. The standard values are built in; an
/// org's custom values are added with `extended(with:)`. Lookups ignore case and spacing.
public struct OrderStatusTable: Sendable, Hashable {
    private var entries: [String: OrderStatus]

    public static let standard = OrderStatusTable(entries: [
        "draft": .draft, "activated": .activated, "processing": .processing, "inprogress": .processing,
        "provisioned": .provisioned, "completed": .provisioned, "cancelled": .cancelled, "canceled": .cancelled,
    ])

    private init(entries: [String: OrderStatus]) {
        self.entries = entries
    }

    /// This table plus `picklistValues` (picklist value → status), which win over built-in entries.
    public func extended(with picklistValues: [String: OrderStatus]) -> OrderStatusTable {
        var copy = self
        for (value, status) in picklistValues { copy.entries[OrderStatus.loose(value)] = status }
        return copy
    }

    public func status(for picklistValue: String) -> OrderStatus {
        entries[OrderStatus.loose(picklistValue)] ?? .unknown(picklistValue)
    }
}

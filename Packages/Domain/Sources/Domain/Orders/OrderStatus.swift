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
    /// The picklist value to write for a status, as the org spells it.
    private var spellings: [String: String]

    public static let standard = OrderStatusTable(
        entries: [
            "draft": .draft, "activated": .activated, "processing": .processing, "inprogress": .processing,
            "provisioned": .provisioned, "completed": .provisioned, "cancelled": .cancelled, "canceled": .cancelled,
        ],
        spellings: ["draft": "Draft", "activated": "Activated"]
    )

    private init(entries: [String: OrderStatus], spellings: [String: String]) {
        self.entries = entries
        self.spellings = spellings
    }

    /// This table plus `picklistValues` (picklist value → status), which win over built-in entries; the org's
    /// spelling becomes the value written for that status.
    public func extended(with picklistValues: [String: OrderStatus]) -> OrderStatusTable {
        var copy = self
        for (value, status) in picklistValues.sorted(by: { $0.key < $1.key }) {
            copy.entries[OrderStatus.loose(value)] = status
            copy.spellings[status.name] = value
        }
        return copy
    }

    /// The picklist value that means `status` in this org, if one is known.
    public func picklistValue(for status: OrderStatus) -> String? {
        spellings[status.name]
    }

    public func status(for picklistValue: String) -> OrderStatus {
        entries[OrderStatus.loose(picklistValue)] ?? .unknown(picklistValue)
    }
}

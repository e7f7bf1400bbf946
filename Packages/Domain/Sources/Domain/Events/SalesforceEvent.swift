/// A change Salesforce reported through its signed callout, reduced to what it changed.
public struct SalesforceEvent: Sendable, Hashable, Codable {
    public enum Change: Sendable, Hashable, Codable {
        case orderStatusChanged(accountId: SalesforceId, orderId: SalesforceId, status: OrderStatus?)
        /// The order is ready to be provisioned in WHMCS.
        case provisionRequested(accountId: SalesforceId, orderId: SalesforceId)
        /// A product or price changed; `category` nil means it may touch every category.
        case catalogChanged(category: String?)
        case unknown(name: String)
    }

    public var id: String
    public var name: String
    public var occurredAt: Instant
    public var change: Change

    public init(id: String, name: String, occurredAt: Instant, change: Change) {
        self.id = id
        self.name = name
        self.occurredAt = occurredAt
        self.change = change
    }
}

extension SalesforceEvent.Change {
    /// False for an event name the mapper does not know, which is acknowledged and otherwise ignored.
    public var isKnown: Bool {
        if case .unknown = self { false } else { true }
    }
}

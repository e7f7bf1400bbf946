/// Salesforce asks for an order to be provisioned: one `OrderProvisionRequested__e` Platform Event.
public struct OrderProvisionRequest: Sendable, Hashable, Codable {
    public var orderId: SalesforceId
    /// The publisher's key for deduplicating redelivered events; nil when it sent none.
    public var idempotencyKey: String?
    public var createdAt: Instant
    public var createdById: String?

    public init(orderId: SalesforceId, idempotencyKey: String?, createdAt: Instant, createdById: String?) {
        self.orderId = orderId
        self.idempotencyKey = idempotencyKey
        self.createdAt = createdAt
        self.createdById = createdById
    }
}

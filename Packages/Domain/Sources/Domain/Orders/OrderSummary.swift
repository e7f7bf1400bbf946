/// One order as listed.
public struct OrderSummary: Sendable, Hashable, Codable {
    public var id: SalesforceId
    public var number: String
    public var status: OrderStatus
    public var type: String?
    public var effectiveOn: LocalDate?
    public var totalAmount: Money?
    public var createdAt: Instant
    public var accountName: String?

    public init(
        id: SalesforceId,
        number: String,
        status: OrderStatus,
        type: String?,
        effectiveOn: LocalDate?,
        totalAmount: Money?,
        createdAt: Instant,
        accountName: String?
    ) {
        self.id = id
        self.number = number
        self.status = status
        self.type = type
        self.effectiveOn = effectiveOn
        self.totalAmount = totalAmount
        self.createdAt = createdAt
        self.accountName = accountName
    }
}

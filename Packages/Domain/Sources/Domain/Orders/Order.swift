/// An order with its items, encoded flat: the summary's fields beside `items`.
public struct Order: Sendable, Hashable, Codable, SummaryWithItems {
    public var summary: OrderSummary
    public var items: [OrderItem]

    public init(summary: OrderSummary, items: [OrderItem]) {
        self.summary = summary
        self.items = items
    }
}

public struct OrderItem: Sendable, Hashable, Codable {
    public var id: SalesforceId
    public var productId: SalesforceId
    public var productName: String
    public var sku: String?
    public var quantity: ExactDecimal
    public var unitPrice: Money
    public var totalPrice: Money
    /// The org's classification of the line (e.g. `Service`, `Activation`, `Equipment`), when it has one.
    public var itemClass: String?

    public init(
        id: SalesforceId,
        productId: SalesforceId,
        productName: String,
        sku: String?,
        quantity: ExactDecimal,
        unitPrice: Money,
        totalPrice: Money,
        itemClass: String?
    ) {
        self.id = id
        self.productId = productId
        self.productName = productName
        self.sku = sku
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.totalPrice = totalPrice
        self.itemClass = itemClass
    }
}

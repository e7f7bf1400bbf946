import Domain

/// One line of an order to create, priced from the catalog.
public struct SalesforceOrderLine: Sendable, Hashable, Codable {
    public let pricebookEntryId: SalesforceId
    public let quantity: Int
    public let unitPrice: Money

    public init(pricebookEntryId: SalesforceId, quantity: Int, unitPrice: Money) {
        self.pricebookEntryId = pricebookEntryId
        self.quantity = quantity
        self.unitPrice = unitPrice
    }
}

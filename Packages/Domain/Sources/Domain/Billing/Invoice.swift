/// An invoice with its line items, encoded flat: the summary's fields beside `items`.
public struct Invoice: Sendable, Hashable, Codable, SummaryWithItems {
    public var summary: InvoiceSummary
    public var items: [InvoiceItem]

    public init(summary: InvoiceSummary, items: [InvoiceItem]) {
        self.summary = summary
        self.items = items
    }
}

public struct InvoiceItem: Sendable, Hashable, Codable {
    public var id: Int
    /// WHMCS's item type, e.g. `Hosting`, `Domain`, `Upgrade`, or empty for a manual line.
    public var type: String
    public var description: String
    public var amount: Money
    public var taxed: Bool
    /// The subscription this line bills, when it bills one.
    public var serviceId: Int?

    public init(id: Int, type: String, description: String, amount: Money, taxed: Bool, serviceId: Int?) {
        self.id = id
        self.type = type
        self.description = description
        self.amount = amount
        self.taxed = taxed
        self.serviceId = serviceId
    }
}

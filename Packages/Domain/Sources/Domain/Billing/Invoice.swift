/// An invoice with its line items.
public struct Invoice: Sendable, Hashable, Codable {
    public var summary: InvoiceSummary
    public var items: [InvoiceItem]

    public init(summary: InvoiceSummary, items: [InvoiceItem]) {
        self.summary = summary
        self.items = items
    }

    private enum CodingKeys: String, CodingKey {
        case items
    }

    /// Encoded flat: the summary's fields beside `items`.
    public init(from decoder: any Decoder) throws {
        summary = try InvoiceSummary(from: decoder)
        items = try decoder.container(keyedBy: CodingKeys.self).decode([InvoiceItem].self, forKey: .items)
    }

    public func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
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

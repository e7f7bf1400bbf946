/// A summary with its items (an invoice, an order), encoded flat: the summary's fields beside `items`.
protocol SummaryWithItems: Codable {
    associatedtype Summary: Codable
    associatedtype Item: Codable

    var summary: Summary { get }
    var items: [Item] { get }
    init(summary: Summary, items: [Item])
}

private enum ItemsCodingKey: String, CodingKey {
    case items
}

extension SummaryWithItems {
    public init(from decoder: any Decoder) throws {
        let items = try decoder.container(keyedBy: ItemsCodingKey.self).decode([Item].self, forKey: .items)
        self.init(summary: try Summary(from: decoder), items: items)
    }

    public func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        var container = encoder.container(keyedBy: ItemsCodingKey.self)
        try container.encode(items, forKey: .items)
    }
}

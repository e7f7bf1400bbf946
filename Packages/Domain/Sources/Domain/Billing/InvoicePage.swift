/// One page of a customer's invoices; `total` counts all pages.
public struct InvoicePage: Sendable, Hashable, Codable {
    public var items: [InvoiceSummary]
    public var page: Int
    public var pageSize: Int
    public var total: Int

    public init(items: [InvoiceSummary], page: Int, pageSize: Int, total: Int) {
        self.items = items
        self.page = page
        self.pageSize = pageSize
        self.total = total
    }
}

/// One page of a customer's tickets; `total` counts all pages.
public struct TicketPage: Sendable, Hashable, Codable {
    public var items: [TicketSummary]
    public var page: Int
    public var pageSize: Int
    public var total: Int

    public init(items: [TicketSummary], page: Int, pageSize: Int, total: Int) {
        self.items = items
        self.page = page
        self.pageSize = pageSize
        self.total = total
    }
}

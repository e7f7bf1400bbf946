import Domain

/// One screen from every system at once; a section whose system failed is left out (nil) and named in
/// `meta.unavailable`.
public struct Dashboard: Encodable, Sendable {
    public struct Counts: Encodable, Sendable {
        public let unpaidInvoices: Int?
        public let activeSubscriptions: Int?
        public let orders: Int?
    }

    public struct Meta: Encodable, Sendable {
        public let unavailable: [String]
    }

    public let nextUnpaidInvoice: InvoiceSummary?
    public let counts: Counts
    public let activeSubscriptions: [Subscription]?
    public let recentOrders: [OrderSummary]?
    public let simUsage: SimUsage?
    public let meta: Meta
}

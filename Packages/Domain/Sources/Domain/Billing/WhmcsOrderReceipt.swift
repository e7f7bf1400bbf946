/// What WHMCS created for an order (AddOrder): the order, its services, and the invoice when one was raised.
public struct WhmcsOrderReceipt: Sendable, Hashable, Codable {
    public var orderId: Int
    public var serviceIds: [Int]
    public var invoiceId: Int?

    public init(orderId: Int, serviceIds: [Int], invoiceId: Int?) {
        self.orderId = orderId
        self.serviceIds = serviceIds
        self.invoiceId = invoiceId
    }
}

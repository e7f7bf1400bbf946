import Domain
import PortalUpstream

/// One WHMCS instance as the rest of the BFF sees it: a client's invoices, subscriptions, profile and pay
/// methods, orders (AddOrder, then AcceptOrder) and support tickets. Its connection and entity services stay inside.
public struct WhmcsOrchestrator: Sendable {
    let connection: WhmcsConnection
    /// Where its tickets are opened.
    let ticketSettings: WhmcsTicketSettings

    public init(
        instance: WhmcsInstance,
        context: WhmcsMappingContext,
        caller: UpstreamCaller,
        tickets: WhmcsTicketSettings = WhmcsTicketSettings()
    ) {
        connection = WhmcsConnection(instance: instance, context: context, caller: caller)
        ticketSettings = tickets
    }

    /// The instance's name (`default`, `brand-b`, …).
    public var name: String { connection.instance.name }
    public var health: UpstreamHealth { connection.caller.health }

    public func invoicePage(clientId: Int, page: Int, pageSize: Int, status: InvoiceStatus? = nil) async throws(UpstreamError) -> InvoicePage {
        try await invoices.page(clientId: clientId, page: page, pageSize: pageSize, status: status)
    }

    /// The invoice with its items if it is the client's; another client's is not found.
    public func invoice(id: Int, clientId: Int) async throws(UpstreamError) -> Invoice {
        try await invoices.invoice(id: id, clientId: clientId)
    }

    /// The client an invoice belongs to.
    public func owner(ofInvoice id: Int) async throws(UpstreamError) -> Int {
        try await invoices.owner(ofInvoice: id)
    }

    public func subscriptions(clientId: Int) async throws(UpstreamError) -> [Subscription] {
        try await WhmcsSubscriptionService(connection: connection).subscriptions(clientId: clientId)
    }

    /// The subscription if it is the client's; another client's is not found.
    public func subscription(id: Int, clientId: Int) async throws(UpstreamError) -> Subscription {
        try await WhmcsSubscriptionService(connection: connection).subscription(id: id, clientId: clientId)
    }

    public func client(clientId: Int) async throws(UpstreamError) -> WhmcsClient {
        try await clients.client(clientId: clientId)
    }

    public func paymentMethods(clientId: Int) async throws(UpstreamError) -> [PaymentMethod] {
        try await clients.paymentMethods(clientId: clientId)
    }

    /// AddOrder: the order, its services and invoice. Not retried after a network error (WHMCS might have
    /// created it); the caller records the receipt before accepting, so a resumed job never adds twice.
    public func addOrder(clientId: Int, lines: [WhmcsOrderLine], paymentMethod: String) async throws(UpstreamError) -> WhmcsOrderReceipt {
        try await orders.addOrder(clientId: clientId, lines: lines, paymentMethod: paymentMethod)
    }

    /// AcceptOrder: activates a pending order.
    public func acceptOrder(_ orderId: Int) async throws(UpstreamError) {
        try await orders.acceptOrder(orderId)
    }

    private var invoices: WhmcsInvoiceService { WhmcsInvoiceService(connection: connection) }
    private var clients: WhmcsClientService { WhmcsClientService(connection: connection) }
    private var orders: WhmcsOrderService { WhmcsOrderService(connection: connection) }
}

import Domain
import PortalUpstream

/// Orders in WHMCS: AddOrder creates the order, its services and invoice; AcceptOrder activates it.
struct WhmcsOrderService: Sendable {
    private let connection: WhmcsConnection

    init(connection: WhmcsConnection) {
        self.connection = connection
    }

    /// Places an order for the client. Not retried after a network error: WHMCS might have created it.
    func addOrder(clientId: Int, lines: [WhmcsOrderLine], paymentMethod: String) async throws(UpstreamError) -> WhmcsOrderReceipt {
        guard !lines.isEmpty else {
            throw .rejected(system: connection.system, cause: .invalidRequest, detail: "AddOrder: an order has at least one product")
        }
        var parameters = [("clientid", String(clientId)), ("paymentmethod", paymentMethod), ("noemail", "true")]
        for (index, line) in lines.enumerated() {
            parameters.append(("pid[\(index)]", String(line.productId)))
            parameters.append(("billingcycle[\(index)]", line.billingCycle))
        }
        let raw = try await connection.call("AddOrder", parameters, idempotent: false)
        return try connection.map(raw, action: "AddOrder") { raw throws(MappingError) in try Providers.Whmcs.orderReceipt(from: raw) }
    }

    /// Accepts (activates) a pending order. Accepting twice is refused by WHMCS, so it is safe to retry.
    func acceptOrder(_ orderId: Int) async throws(UpstreamError) {
        _ = try await connection.call("AcceptOrder", [("orderid", String(orderId)), ("autosetup", "true"), ("sendemail", "false")])
    }
}

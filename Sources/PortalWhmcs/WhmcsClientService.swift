import Domain
import PortalUpstream

/// A customer's billing contact and saved payment methods from WHMCS.
struct WhmcsClientService: Sendable {
    private let connection: WhmcsConnection

    init(connection: WhmcsConnection) {
        self.connection = connection
    }

    func client(clientId: Int) async throws(UpstreamError) -> WhmcsClient {
        let raw = try await connection.call("GetClientsDetails", [("clientid", String(clientId)), ("stats", "false")])
        let context = connection.context
        return try connection.map(raw, action: "GetClientsDetails") { raw throws(MappingError) in
            try Providers.Whmcs.client(from: raw, context: context)
        }
    }

    func paymentMethods(clientId: Int) async throws(UpstreamError) -> [PaymentMethod] {
        let raw = try await connection.call("GetPayMethods", [("clientid", String(clientId))])
        return try connection.map(raw, action: "GetPayMethods") { raw throws(MappingError) in try Providers.Whmcs.paymentMethods(from: raw) }
    }
}

import PortalWhmcs

/// The upstream connections the routes use.
public struct Upstreams: Sendable {
    /// One connection per WHMCS instance, by instance name.
    public let whmcs: [String: WhmcsConnection]

    public init(whmcs: [WhmcsConnection]) {
        self.whmcs = Dictionary(whmcs.map { ($0.instance.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The connection of the customer's WHMCS instance; a token naming an unknown instance finds nothing.
    func whmcs(for customer: Customer) throws(APIError) -> (connection: WhmcsConnection, clientId: Int) {
        guard let clientId = customer.whmcsClientId, let connection = whmcs[customer.whmcsInstance] else {
            throw .notFound("Billing account")
        }
        return (connection, clientId)
    }
}

import Domain
import PortalFreebit
import PortalUpstream
import PortalSalesforce
import PortalWhmcs

/// The upstream connections and services the routes use. Salesforce and Freebit are optional: a deployment
/// without them answers their routes with 404.
public struct Upstreams: Sendable {
    /// One connection per WHMCS instance, by instance name.
    public let whmcs: [String: WhmcsConnection]
    public let salesforce: SalesforceServices?
    public let freebit: FreebitSimService?

    public init(whmcs: [WhmcsConnection], salesforce: SalesforceServices? = nil, freebit: FreebitSimService? = nil) {
        self.whmcs = Dictionary(whmcs.map { ($0.instance.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.salesforce = salesforce
        self.freebit = freebit
    }

    /// The connection of the customer's WHMCS instance; a token naming an unknown instance finds nothing.
    func whmcs(for customer: Customer) throws(APIError) -> (connection: WhmcsConnection, clientId: Int) {
        guard let clientId = customer.whmcsClientId, let connection = whmcs[customer.whmcsInstance] else {
            throw .notFound("Billing account")
        }
        return (connection, clientId)
    }

    /// Salesforce and the customer's account there.
    func salesforce(for customer: Customer) throws(APIError) -> (services: SalesforceServices, accountId: SalesforceId) {
        guard let services = salesforce, let accountId = customer.salesforceAccountId else { throw .notFound("Customer account") }
        return (services, accountId)
    }

    /// Every upstream's caller, for readiness.
    var callers: [UpstreamCaller] {
        whmcs.values.sorted { $0.system < $1.system }.map(\.caller) + [salesforce?.connection.caller, freebit?.connection.caller].compactMap { $0 }
    }

    func requireFreebit() throws(APIError) -> FreebitSimService {
        guard let freebit else { throw .notFound("SIM") }
        return freebit
    }
}

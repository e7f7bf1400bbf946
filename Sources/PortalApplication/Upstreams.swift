import Domain
import PortalFreebit
import PortalSalesforce
import PortalUpstream
import PortalWhmcs

/// The providers the application services work with, each through its orchestrator. Salesforce and
/// Freebit are optional: a deployment without them answers their routes with not found.
public struct Upstreams: Sendable {
    /// One orchestrator per WHMCS instance, by instance name.
    let whmcs: [String: WhmcsOrchestrator]
    let salesforce: SalesforceOrchestrator?
    let freebit: FreebitOrchestrator?

    public init(whmcs: [WhmcsOrchestrator], salesforce: SalesforceOrchestrator? = nil, freebit: FreebitOrchestrator? = nil) {
        self.whmcs = Dictionary(whmcs.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.salesforce = salesforce
        self.freebit = freebit
    }

    /// The customer's WHMCS client; a token naming an unknown instance finds nothing.
    func billingAccount(of customer: Customer) throws(ServiceError) -> BillingAccount {
        guard let clientId = customer.whmcsClientId, let whmcs = whmcs[customer.whmcsInstance] else { throw .notFound("Billing account") }
        return BillingAccount(whmcs: whmcs, instance: customer.whmcsInstance, clientId: clientId)
    }

    /// Salesforce and the customer's account there.
    func salesforceAccount(of customer: Customer) throws(ServiceError) -> (salesforce: SalesforceOrchestrator, accountId: SalesforceId) {
        guard let salesforce, let accountId = customer.salesforceAccountId else { throw .notFound("Customer account") }
        return (salesforce, accountId)
    }

    func requireFreebit() throws(ServiceError) -> FreebitOrchestrator {
        guard let freebit else { throw .notFound("SIM") }
        return freebit
    }

    /// Every upstream's health, WHMCS instances first by name.
    var health: [UpstreamHealth] {
        whmcs.values.map(\.health).sorted { $0.system < $1.system } + [salesforce?.health, freebit?.health].compactMap { $0 }
    }
}

/// A customer's client in one WHMCS instance.
public struct BillingAccount: Sendable {
    let whmcs: WhmcsOrchestrator
    public let instance: String
    public let clientId: Int
}

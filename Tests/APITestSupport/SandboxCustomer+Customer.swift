import PortalApplication
import PortalSandbox

extension SandboxCustomer {
    /// The customer a portal token for this seeded customer names.
    public var portalCustomer: Customer {
        Customer(userId: customerId, whmcsClientId: whmcsClientId, whmcsInstance: whmcsInstance, salesforceAccountId: salesforceAccountId)
    }
}

import Domain
import PortalCache

extension ProfileService {
    /// The change of the caller's contact details, to be run once per idempotency key; it drops the
    /// caller's cached profile.
    public func changeContact(_ change: ContactChange, for customer: Customer) throws(ServiceError) -> ContactChangeWrite {
        let billing = try? upstreams.billingAccount(of: customer)
        let salesforce = (try? upstreams.salesforceAccount(of: customer)).map {
            SalesforceAccountLink(orchestrator: $0.salesforce, accountId: $0.accountId)
        }
        guard billing != nil || salesforce != nil else { throw .notFound("Profile") }
        let (group, cache) = (try group(of: customer), cache)
        return ContactChangeWrite(change: change, billing: billing, salesforce: salesforce, sync: sync) {
            try? await cache.invalidate([group])
        }
    }
}

import Domain
import PortalCache

/// Places orders for the caller's Salesforce account (`OrderPlacement`); provisioning follows when
/// Salesforce marks an order ready.
public struct OrderPlacementService: Sendable {
    let upstreams: Upstreams
    let invalidation: InvalidationPolicy
    let cache: CacheService
    let clock: ApplicationClock

    /// The caller's Salesforce account, which orders are placed for; not found without one.
    public func account(of customer: Customer) throws(ServiceError) -> SalesforceId {
        try upstreams.salesforceAccount(of: customer).accountId
    }

    /// The write that places `request` for the caller, to be run once per idempotency key.
    public func placement(of request: PlaceOrderRequest, for customer: Customer) throws(ServiceError) -> OrderPlacement {
        let (salesforce, accountId) = try upstreams.salesforceAccount(of: customer)
        let (cache, invalidation) = (cache, invalidation)
        return OrderPlacement(request: request, salesforce: salesforce, accountId: accountId, clock: clock) {
            if let groups = try? await invalidation.orderGroups(of: accountId) { try? await cache.invalidate(groups) }
        }
    }
}

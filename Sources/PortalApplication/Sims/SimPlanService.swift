import Domain
import Foundation
import PortalCache
import PortalFreebit
import PortalUpstream

/// The plans the SIM of one of the caller's subscriptions may change to, and the change itself. The
/// subscription is looked up first, so another customer's SIM is not found and Freebit is never asked.
public struct SimPlanService: Sendable {
    let upstreams: Upstreams
    let cache: CacheService
    let clock: ApplicationClock
    let catalog: SimPlanCatalog

    /// Today's date in Japan.
    public func today() -> LocalDate { clock.today() }

    public func options(_ account: BillingAccount, serviceId: Int) async throws(ServiceError) -> SimPlanOptions {
        let details = try await SubscriptionSimService(upstreams: upstreams, cache: cache, clock: clock).details(account, serviceId: serviceId)
        return SimPlanOptions(details: details, catalog: catalog, defaultEffectiveOn: PlanChangeRequest.firstOfNextMonth(after: clock.today()))
    }

    /// The request in `body`, checked against the configured plans.
    public func parse(_ body: Data, today: LocalDate) throws(ServiceError) -> PlanChangeRequest {
        try PlanChangeRequest.parse(body, today: today, catalog: catalog)
    }

    /// The change of `request` for the SIM of the caller's subscription, to be run once per idempotency
    /// key; it drops the SIM's cached entries.
    public func change(
        _ request: PlanChangeRequest,
        today: LocalDate,
        serviceId: Int,
        for customer: Customer
    ) throws(ServiceError) -> SimPlanChangeWrite {
        let freebit = try upstreams.requireFreebit()
        let billing = try upstreams.billingAccount(of: customer)
        let cache = cache
        return SimPlanChangeWrite(serviceId: serviceId, request: request, catalog: catalog, today: today, freebit: freebit, billing: billing) {
            if let group = CacheGroups.whmcs(instance: billing.instance, clientId: billing.clientId, .sim) { try? await cache.invalidate([group]) }
        }
    }
}

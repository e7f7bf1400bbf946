import Domain
import PortalCache
import PortalUpstream

/// The dashboard's fan-out: the sections load in parallel, so a cold dashboard takes about as long as its
/// slowest system; a section whose system fails is left out and named (and such a dashboard is not
/// complete, so not cached); when nothing at all loads, the failure is shown.
public struct DashboardService: Sendable {
    let upstreams: Upstreams
    let relations: CacheRelations
    let clock: ApplicationClock

    public func dashboard(of customer: Customer) async throws(ServiceError) -> Assembled<Dashboard> {
        let whmcs = try upstreams.billingAccount(of: customer)
        let salesforce = try? upstreams.salesforceAccount(of: customer)
        let freebit = upstreams.freebit
        if let salesforce, let relation = CacheGroups.dashboards(ofAccount: salesforce.accountId) {
            // So that an order change of the account drops this client's dashboard too.
            await relations.record(CacheGroups.whmcsTag(instance: whmcs.instance, clientId: whmcs.clientId), in: relation)
        }
        async let unpaid = Result { () async throws(UpstreamError) in
            try await whmcs.whmcs.invoicePage(clientId: whmcs.clientId, page: 1, pageSize: 100, status: .unpaid)
        }
        async let subscriptions = Result { () async throws(UpstreamError) in
            try await whmcs.whmcs.subscriptions(clientId: whmcs.clientId).filter { $0.status == .active }
        }
        async let orders = Result { () async throws(UpstreamError) -> [OrderSummary]? in
            guard let salesforce else { return nil }
            return try await salesforce.salesforce.orders(accountId: salesforce.accountId, limit: 5)
        }
        let (unpaidResult, subscriptionsResult, ordersResult) = await (unpaid, subscriptions, orders)
        let active = try? subscriptionsResult.get()
        let today = clock.today()
        let usageResult = await Result { () async throws(UpstreamError) -> SimUsage? in
            guard let freebit, let account = active?.lazy.compactMap(\.sim?.account).first else { return nil }
            return try await freebit.usage(account: account, from: today.adding(days: -6) ?? today, to: today)
        }
        let sections = [
            ("invoices", unpaidResult.succeeded), ("subscriptions", subscriptionsResult.succeeded), ("orders", ordersResult.succeeded),
            ("simUsage", usageResult.succeeded),
        ]
        let unavailable = sections.filter { !$0.1 }.map(\.0)
        let nothingLoaded = !unpaidResult.succeeded && !subscriptionsResult.succeeded && (salesforce == nil || !ordersResult.succeeded)
        if nothingLoaded, case .failure(let error) = unpaidResult { throw ServiceError(error, notFound: "Dashboard") }
        let page = try? unpaidResult.get()
        let recent = (try? ordersResult.get()) ?? nil
        let dashboard = Dashboard(
            nextUnpaidInvoice: page?.items.min { $0.dueOn < $1.dueOn },
            counts: .init(unpaidInvoices: page?.total, activeSubscriptions: active?.count, orders: recent?.count),
            activeSubscriptions: active,
            recentOrders: recent,
            simUsage: (try? usageResult.get()) ?? nil,
            meta: .init(unavailable: unavailable)
        )
        return Assembled(dashboard, complete: unavailable.isEmpty)
    }
}

import Domain
import Hummingbird
import PortalCache
import PortalConfig
import PortalFreebit
import PortalSalesforce
import PortalUpstream
import PortalWhmcs

/// `GET /api/dashboard`: one screen from every system at once. The sections load in parallel, so a cold
/// dashboard takes about as long as its slowest system; a section whose system fails is left out and named
/// in `meta.unavailable` while the rest is shown (and such a dashboard is not cached).
struct DashboardController {
    let route: CachedRoute
    let policies: CacheSettings
    let upstreams: Upstreams

    struct Dashboard: Encodable, Sendable {
        struct Counts: Encodable, Sendable {
            let unpaidInvoices: Int?
            let activeSubscriptions: Int?
            let orders: Int?
        }

        struct Meta: Encodable, Sendable {
            let unavailable: [String]
        }

        let nextUnpaidInvoice: InvoiceSummary?
        let counts: Counts
        let activeSubscriptions: [Subscription]?
        let recentOrders: [OrderSummary]?
        let simUsage: SimUsage?
        let meta: Meta
    }

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.get("dashboard", use: dashboard)
    }

    @Sendable func dashboard(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let customer = try context.requireCustomer()
        let whmcs = try upstreams.whmcs(for: customer)
        let salesforce = try? upstreams.salesforce(for: customer)
        let freebit = upstreams.freebit
        let key = CacheKey(group: try CachedRoute.whmcsGroup(customer, clientId: whmcs.clientId, .dashboard), field: customer.userId)
        return try await route.respond(to: request, key: key, policy: policies.policy(for: .dashboard), notFound: "Dashboard") {
            () async throws(UpstreamError) -> CachedRoute.Loaded<Dashboard> in
            if let salesforce, let relation = CacheGroups.dashboards(ofAccount: salesforce.accountId) {
                await route.cache.relations.record(CacheGroups.whmcsTag(instance: customer.whmcsInstance, clientId: whmcs.clientId), in: relation)
            }
            async let unpaid = Self.result { () async throws(UpstreamError) in
                try await WhmcsInvoiceService(connection: whmcs.connection).page(clientId: whmcs.clientId, page: 1, pageSize: 100, status: .unpaid)
            }
            async let subscriptions = Self.result { () async throws(UpstreamError) in
                try await WhmcsSubscriptionService(connection: whmcs.connection).subscriptions(clientId: whmcs.clientId).filter { $0.status == .active }
            }
            async let orders = Self.result { () async throws(UpstreamError) -> [OrderSummary]? in
                guard let salesforce else { return nil }
                return try await salesforce.services.orders(accountId: salesforce.accountId, limit: 5)
            }
            let (unpaidResult, subscriptionsResult, ordersResult) = await (unpaid, subscriptions, orders)
            let active = try? subscriptionsResult.get()
            let usageResult = await Self.result { () async throws(UpstreamError) -> SimUsage? in
                guard let freebit, let account = active?.lazy.compactMap(\.sim?.account).first else { return nil }
                let today = JapanDate.today()
                return try await freebit.usage(account: account, from: today.adding(days: -6) ?? today, to: today)
            }
            var unavailable: [String] = []
            for (name, failed) in [
                ("invoices", unpaidResult.failed), ("subscriptions", subscriptionsResult.failed), ("orders", ordersResult.failed),
                ("simUsage", usageResult.failed),
            ] where failed {
                unavailable.append(name)
            }
            let nothingLoaded = unpaidResult.failed && subscriptionsResult.failed && (salesforce == nil || ordersResult.failed)
            if nothingLoaded, case .failure(let error) = unpaidResult { throw error }
            let page = try? unpaidResult.get()
            let recent = (try? ordersResult.get()) ?? nil
            let dashboard = Dashboard(
                nextUnpaidInvoice: page?.items.min { $0.dueOn < $1.dueOn },
                counts: .init(unpaidInvoices: page?.total, activeSubscriptions: active?.count, orders: recent?.count),
                activeSubscriptions: active, recentOrders: recent, simUsage: (try? usageResult.get()) ?? nil,
                meta: .init(unavailable: unavailable))
            return CachedRoute.Loaded(value: dashboard, complete: unavailable.isEmpty)
        }
    }

    private static func result<Value>(_ work: () async throws(UpstreamError) -> Value) async -> Result<Value, UpstreamError> {
        do {
            return .success(try await work())
        } catch {
            return .failure(error)
        }
    }
}

extension Result {
    fileprivate var failed: Bool {
        if case .failure = self { true } else { false }
    }
}

import Domain
import Hummingbird
import PortalApplication
import PortalCache

/// `GET /api/dashboard`: one screen from every system at once (`DashboardService`), cached with the
/// caller's WHMCS client; a dashboard with a section missing is shown, not cached.
struct DashboardController {
    let route: CachedRoute
    let policies: CacheSettings
    let billing: BillingService
    let dashboards: DashboardService

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.get("dashboard", use: dashboard)
    }

    @Sendable func dashboard(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let customer = try context.requireCustomer()
        let (billing, dashboards) = (billing, dashboards)
        let account = try shown { () throws(ServiceError) in try billing.account(of: customer) }
        let key = CacheKey(group: try CachedRoute.whmcsGroup(account, .dashboard), field: customer.userId)
        return try await route.respond(to: request, key: key, policy: policies.policy(for: .dashboard)) { () async throws(ServiceError) in
            try await dashboards.dashboard(of: customer)
        }
    }
}

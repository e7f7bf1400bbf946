import Domain
import Hummingbird
import PortalCache
import PortalConfig
import PortalSalesforce
import PortalUpstream

/// `GET /api/orders` and `GET /api/orders/{id}`, cached per Salesforce account in group `orders`.
struct OrdersController {
    let route: CachedRoute
    let policies: CacheSettings
    let upstreams: Upstreams

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.get("orders", use: orders)
        group.get("orders/:id", use: order)
    }

    @Sendable func orders(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (services, accountId) = try upstreams.salesforce(for: try context.requireCustomer())
        let key = CacheKey(group: try Self.ordersGroup(accountId), field: "all")
        return try await route.respond(to: request, key: key, policy: policies.policy(for: .orders), notFound: "Orders") { () async throws(UpstreamError) in
            let items = try await services.orders(accountId: accountId)
            return ListBody.whole(items)
        }
    }

    @Sendable func order(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (services, accountId) = try upstreams.salesforce(for: try context.requireCustomer())
        guard let text = context.parameters.get("id"), let id = SalesforceId(text) else {
            throw APIError.validation(["id": "must be a 15- or 18-character Salesforce id"])
        }
        let key = CacheKey(group: try Self.ordersGroup(accountId), field: "id=\(id.value)")
        return try await route.respond(to: request, key: key, policy: policies.policy(for: .order), notFound: "Order") { () async throws(UpstreamError) in
            try await services.order(id, accountId: accountId)
        }
    }

    static func ordersGroup(_ accountId: SalesforceId) throws(APIError) -> CacheGroup {
        guard let group = CacheGroups.orders(accountId: accountId) else { throw .internalError }
        return group
    }
}

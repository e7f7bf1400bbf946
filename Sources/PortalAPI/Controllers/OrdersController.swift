import Domain
import Hummingbird
import PortalApplication
import PortalCache

/// `GET /api/orders` and `GET /api/orders/{id}`, cached per Salesforce account in group `orders`.
struct OrdersController {
    let route: CachedRoute
    let policies: CacheSettings
    let orders: OrderService

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.get("orders", use: list)
        group.get("orders/:id", use: order)
    }

    @Sendable func list(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let customer = try context.requireCustomer()
        let orders = orders
        let accountId = try shown { () throws(ServiceError) in try orders.account(of: customer) }
        let key = CacheKey(group: try Self.ordersGroup(accountId), field: "all")
        return try await route.respond(to: request, key: key, policy: policies.policy(for: .orders)) { () async throws(ServiceError) in
            ListBody.whole(try await orders.orders(of: customer))
        }
    }

    @Sendable func order(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let customer = try context.requireCustomer()
        let orders = orders
        let accountId = try shown { () throws(ServiceError) in try orders.account(of: customer) }
        guard let text = context.parameters.get("id"), let id = SalesforceId(text) else {
            throw APIError.validation(["id": "must be a 15- or 18-character Salesforce id"])
        }
        let key = CacheKey(group: try Self.ordersGroup(accountId), field: "id=\(id.value)")
        return try await route.respond(to: request, key: key, policy: policies.policy(for: .order)) { () async throws(ServiceError) in
            try await orders.order(id, of: customer)
        }
    }

    static func ordersGroup(_ accountId: SalesforceId) throws(APIError) -> CacheGroup {
        guard let group = CacheGroups.orders(accountId: accountId) else { throw .internalError }
        return group
    }
}

import Domain
import Hummingbird
import PortalCache
import PortalConfig
import PortalUpstream
import PortalWhmcs

/// `GET /api/subscriptions[?status=]`, `GET /api/subscriptions/{id}` and `GET /api/payment-methods`, cached in
/// the caller's WHMCS client groups `subscriptions` and `paymethods`.
struct BillingAccountController {
    let route: CachedRoute
    let policies: CacheSettings
    let upstreams: Upstreams

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.get("subscriptions", use: subscriptions)
        group.get("subscriptions/:id", use: subscription)
        group.get("payment-methods", use: paymentMethods)
    }

    /// The caller's subscriptions as a list body, optionally of one status.
    @Sendable func subscriptions(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let customer = try context.requireCustomer()
        var status: SubscriptionStatus?
        if let text = request.uri.queryParameters.get("status") {
            status = SubscriptionStatus.knownCases.first { $0.name == text }
            guard status != nil else {
                throw APIError.validation(["status": "must be one of " + SubscriptionStatus.knownCases.map(\.name).joined(separator: ", ")])
            }
        }
        let filter = status
        let (connection, clientId) = try upstreams.whmcs(for: customer)
        let key = CacheKey(group: try CachedRoute.whmcsGroup(customer, clientId: clientId, .subscriptions), field: "status=\(filter?.name ?? "")")
        return try await route.respond(to: request, key: key, policy: policies.policy(for: .subscriptions), notFound: "Subscriptions") { () async throws(UpstreamError) in
            let all = try await WhmcsSubscriptionService(connection: connection).subscriptions(clientId: clientId)
            let items = filter.map { wanted in all.filter { $0.status == wanted } } ?? all
            return ListBody.whole(items)
        }
    }

    @Sendable func subscription(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let customer = try context.requireCustomer()
        let id = try context.positiveId("id")
        let (connection, clientId) = try upstreams.whmcs(for: customer)
        let key = CacheKey(group: try CachedRoute.whmcsGroup(customer, clientId: clientId, .subscriptions), field: "id=\(id)")
        return try await route.respond(to: request, key: key, policy: policies.policy(for: .subscriptions), notFound: "Subscription") { () async throws(UpstreamError) in
            try await WhmcsSubscriptionService(connection: connection).subscription(id: id, clientId: clientId)
        }
    }

    @Sendable func paymentMethods(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let customer = try context.requireCustomer()
        let (connection, clientId) = try upstreams.whmcs(for: customer)
        let key = CacheKey(group: try CachedRoute.whmcsGroup(customer, clientId: clientId, .paymethods), field: "all")
        return try await route.respond(to: request, key: key, policy: policies.policy(for: .paymentMethods), notFound: "Payment methods") { () async throws(UpstreamError) in
            let items = try await WhmcsClientService(connection: connection).paymentMethods(clientId: clientId)
            return ListBody.whole(items)
        }
    }
}

/// The portal's list shape: `{"items": [...], "page": 1, "pageSize": 25, "total": 57}`.
struct ListBody<Item: Encodable & Sendable>: Encodable, Sendable {
    let items: [Item]
    let page: Int
    let pageSize: Int
    let total: Int

    /// A list the upstream returns whole: one page holding every item.
    static func whole(_ items: [Item]) -> ListBody {
        ListBody(items: items, page: 1, pageSize: max(items.count, 1), total: items.count)
    }
}

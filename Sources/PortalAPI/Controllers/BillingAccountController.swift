import Domain
import Hummingbird
import PortalApplication
import PortalCache

/// `GET /api/subscriptions[?status=]`, `GET /api/subscriptions/{id}` and `GET /api/payment-methods`, cached in
/// the caller's WHMCS client groups `subscriptions` and `paymethods`.
struct BillingAccountController {
    let route: CachedRoute
    let policies: CacheSettings
    let billing: BillingService

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
        let (filter, billing) = (status, billing)
        let account = try shown { () throws(ServiceError) in try billing.account(of: customer) }
        let key = CacheKey(group: try CachedRoute.whmcsGroup(account, .subscriptions), field: "status=\(filter?.name ?? "")")
        return try await route.respond(to: request, key: key, policy: policies.policy(for: .subscriptions)) { () async throws(ServiceError) in
            ListBody.whole(try await billing.subscriptions(account, status: filter))
        }
    }

    @Sendable func subscription(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let customer = try context.requireCustomer()
        let id = try context.positiveId("id")
        let billing = billing
        let account = try shown { () throws(ServiceError) in try billing.account(of: customer) }
        let key = CacheKey(group: try CachedRoute.whmcsGroup(account, .subscriptions), field: "id=\(id)")
        return try await route.respond(to: request, key: key, policy: policies.policy(for: .subscriptions)) { () async throws(ServiceError) in
            try await billing.subscription(account, id: id)
        }
    }

    @Sendable func paymentMethods(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let customer = try context.requireCustomer()
        let billing = billing
        let account = try shown { () throws(ServiceError) in try billing.account(of: customer) }
        let key = CacheKey(group: try CachedRoute.whmcsGroup(account, .paymethods), field: "all")
        return try await route.respond(to: request, key: key, policy: policies.policy(for: .paymentMethods)) { () async throws(ServiceError) in
            ListBody.whole(try await billing.paymentMethods(account))
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

import Domain
import Foundation
import Hummingbird
import PortalApplication
import PortalCache

/// `GET /api/subscriptions/{id}/sim` and `…/sim/usage?from=&to=`: the SIM of one of the caller's
/// subscriptions at Freebit (`SubscriptionSimService`), cached in the caller's WHMCS client group `sim`.
struct SimController {
    let route: CachedRoute
    let policies: CacheSettings
    let sims: SubscriptionSimService

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.get("subscriptions/:id/sim", use: details)
        group.get("subscriptions/:id/sim/usage", use: usage)
    }

    @Sendable func details(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (account, serviceId) = try resolve(context)
        let sims = sims
        let key = CacheKey(group: try CachedRoute.whmcsGroup(account, .sim), field: "service=\(serviceId)")
        return try await route.respond(to: request, key: key, policy: policies.policy(for: .sim)) { () async throws(ServiceError) in
            try await sims.details(account, serviceId: serviceId)
        }
    }

    @Sendable func usage(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (account, serviceId) = try resolve(context)
        let query = request.uri.queryParameters
        var problems: [String: String] = [:]
        let to = Self.date(query.get("to"), field: "to", problems: &problems)
        let from = Self.date(query.get("from"), field: "from", problems: &problems)
        guard problems.isEmpty else { throw APIError.validation(problems) }
        let sims = sims
        let window = try shown { () throws(ServiceError) in try sims.window(from: from, to: to) }
        let key = CacheKey(
            group: try CachedRoute.whmcsGroup(account, .sim),
            field: "usage=\(serviceId)&from=\(window.lowerBound)&to=\(window.upperBound)"
        )
        return try await route.respond(to: request, key: key, policy: policies.policy(for: .simUsage)) { () async throws(ServiceError) in
            try await sims.usage(account, serviceId: serviceId, window: window)
        }
    }

    private func resolve(_ context: PortalRequestContext) throws(APIError) -> (BillingAccount, Int) {
        let customer = try context.requireCustomer()
        let serviceId = try context.positiveId("id")
        let sims = sims
        return (try shown { () throws(ServiceError) in try sims.account(of: customer) }, serviceId)
    }

    /// A `YYYY-MM-DD` query parameter, nil when absent; a malformed one is a problem named by field.
    static func date(_ text: String?, field: String, problems: inout [String: String]) -> LocalDate? {
        guard let text else { return nil }
        guard text.utf8.count == 10, let date = LocalDate(text) else {
            problems[field] = "must be a date YYYY-MM-DD"
            return nil
        }
        return date
    }
}

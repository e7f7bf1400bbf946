import Domain
import Foundation
import Hummingbird
import PortalCache
import PortalConfig
import PortalFreebit
import PortalUpstream
import PortalWhmcs

/// `GET /api/subscriptions/{id}/sim` and `…/sim/usage?from=&to=`: the SIM of one of the caller's
/// subscriptions at Freebit. The subscription is looked up first, so another customer's SIM is not found.
struct SimController {
    let route: CachedRoute
    let policies: CacheSettings
    let upstreams: Upstreams

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.get("subscriptions/:id/sim", use: details)
        group.get("subscriptions/:id/sim/usage", use: usage)
    }

    @Sendable func details(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (freebit, whmcs, customer, serviceId) = try resolve(context)
        let key = CacheKey(group: try CachedRoute.whmcsGroup(customer, clientId: whmcs.clientId, .sim), field: "service=\(serviceId)")
        return try await route.respond(to: request, key: key, policy: policies.policy(for: .sim), notFound: "SIM") { () async throws(UpstreamError) in
            try await freebit.details(account: try await Self.account(of: serviceId, whmcs))
        }
    }

    @Sendable func usage(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (freebit, whmcs, customer, serviceId) = try resolve(context)
        let query = request.uri.queryParameters
        let today = JapanDate.today()
        var problems: [String: String] = [:]
        let to = Self.date(query.get("to"), default: today, field: "to", problems: &problems)
        let from = Self.date(query.get("from"), default: to.adding(days: -6) ?? to, field: "from", problems: &problems)
        if problems.isEmpty, from > to { problems["from"] = "must not be after to" }
        guard problems.isEmpty else { throw APIError.validation(problems) }
        let key = CacheKey(group: try CachedRoute.whmcsGroup(customer, clientId: whmcs.clientId, .sim), field: "usage=\(serviceId)&from=\(from)&to=\(to)")
        return try await route.respond(to: request, key: key, policy: policies.policy(for: .simUsage), notFound: "SIM") { () async throws(UpstreamError) in
            try await freebit.usage(account: try await Self.account(of: serviceId, whmcs), from: from, to: to)
        }
    }

    private func resolve(_ context: PortalRequestContext) throws(APIError) -> (FreebitSimService, (connection: WhmcsConnection, clientId: Int), Customer, Int) {
        let customer = try context.requireCustomer()
        let serviceId = try context.positiveId("id")
        return (try upstreams.requireFreebit(), try upstreams.whmcs(for: customer), customer, serviceId)
    }

    /// The line number of the caller's subscription; not found when it is not theirs or has no SIM.
    static func account(of serviceId: Int, _ whmcs: (connection: WhmcsConnection, clientId: Int)) async throws(UpstreamError) -> String {
        let subscription = try await WhmcsSubscriptionService(connection: whmcs.connection).subscription(id: serviceId, clientId: whmcs.clientId)
        guard let account = subscription.sim?.account else { throw .notFound(system: "whmcs", cause: .noSuchRecord, detail: "service \(serviceId) has no SIM") }
        return account
    }

    static func date(_ text: String?, default fallback: LocalDate, field: String, problems: inout [String: String]) -> LocalDate {
        guard let text else { return fallback }
        guard text.utf8.count == 10, let date = LocalDate(text) else {
            problems[field] = "must be a date YYYY-MM-DD"
            return fallback
        }
        return date
    }
}

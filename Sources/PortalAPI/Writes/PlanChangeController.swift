import Domain
import Foundation
import Hummingbird
import PortalApplication
import PortalCache

/// `GET /api/subscriptions/{id}/sim/plans`: the plans the SIM of the caller's subscription may change to,
/// cached in the caller's WHMCS client group `sim`; `POST …/sim/plan-change` with
/// `{"planCode": "PSP20G", "effectiveOn": "2027-01-01"?}`: changes the plan (`SimPlanChangeWrite`), once
/// per `Idempotency-Key`, and drops the SIM's cached entries.
struct PlanChangeController {
    let route: CachedRoute
    let policies: CacheSettings
    let sims: SubscriptionSimService
    let plans: SimPlanService
    let writes: IdempotentWrite

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.get("subscriptions/:id/sim/plans", use: options)
        group.post("subscriptions/:id/sim/plan-change", use: change)
    }

    @Sendable func options(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let customer = try context.requireCustomer()
        let serviceId = try context.positiveId("id")
        let (sims, plans) = (sims, plans)
        let account = try shown { () throws(ServiceError) in try sims.account(of: customer) }
        let key = CacheKey(group: try CachedRoute.whmcsGroup(account, .sim), field: "plans=\(serviceId)&from=\(plans.today())")
        return try await route.respond(to: request, key: key, policy: policies.policy(for: .sim)) { () async throws(ServiceError) in
            try await plans.options(account, serviceId: serviceId)
        }
    }

    @Sendable func change(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let customer = try context.requireCustomer()
        let serviceId = try context.positiveId("id")
        let (sims, plans) = (sims, plans)
        _ = try shown { () throws(ServiceError) in try sims.account(of: customer) }
        let body = Data(buffer: try await request.body.collect(upTo: context.maxUploadSize))
        let today = plans.today()
        let parsed = try shown { () throws(ServiceError) in try plans.parse(body, today: today) }
        let write = try shown { () throws(ServiceError) in try plans.change(parsed, today: today, serviceId: serviceId, for: customer) }
        let response = try await writes.respond(
            to: request,
            context: context,
            scope: "plan-change:\(serviceId)",
            customer: customer,
            fingerprinting: parsed,
            write: write,
            status: .ok
        )
        context.logger.info(
            "SIM plan change answered",
            metadata: [
                "service": .stringConvertible(serviceId), "plan": .string(parsed.planCode), "effectiveOn": .stringConvertible(parsed.effectiveOn),
            ]
        )
        return response
    }
}

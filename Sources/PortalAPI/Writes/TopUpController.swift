import Domain
import Foundation
import Hummingbird
import PortalApplication

/// `POST /api/subscriptions/{id}/sim/top-up` with `{"megabytes": 1000, "expiresOn": "2026-12-31"?}`: adds
/// data quota to the SIM of the caller's subscription (`SimTopUpWrite`), once per `Idempotency-Key` (even
/// when Freebit's answer is lost), and drops the SIM's cached details and usage.
struct TopUpController {
    let sims: SubscriptionSimService
    let writes: IdempotentWrite

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.post("subscriptions/:id/sim/top-up", use: topUp)
    }

    @Sendable func topUp(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let customer = try context.requireCustomer()
        let serviceId = try context.positiveId("id")
        let sims = sims
        _ = try shown { () throws(ServiceError) in try sims.account(of: customer) }
        let body = Data(buffer: try await request.body.collect(upTo: context.maxUploadSize))
        let parsed = try shown { () throws(ServiceError) in try TopUpRequest.parse(body, today: sims.today()) }
        let write = try shown { () throws(ServiceError) in try sims.topUp(parsed, serviceId: serviceId, for: customer) }
        let response = try await writes.respond(
            to: request,
            context: context,
            scope: "top-up:\(serviceId)",
            customer: customer,
            fingerprinting: parsed,
            write: write,
            status: .ok
        )
        context.logger.info(
            "SIM top-up answered",
            metadata: ["service": .stringConvertible(serviceId), "megabytes": .stringConvertible(parsed.megabytes)]
        )
        return response
    }
}

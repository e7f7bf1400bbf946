import Domain
import Foundation
import Hummingbird
import PortalApplication

/// `POST /api/orders`: places an order for the caller's Salesforce account (`OrderPlacement`: products and
/// prices from the catalog), once per `Idempotency-Key` (even when Salesforce's answer is lost); answers
/// 201 with the order.
struct OrderPlacementController {
    let placement: OrderPlacementService
    let writes: IdempotentWrite

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.post("orders", use: place)
    }

    @Sendable func place(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let customer = try context.requireCustomer()
        let placement = placement
        _ = try shown { () throws(ServiceError) in try placement.account(of: customer) }
        let body = Data(buffer: try await request.body.collect(upTo: context.maxUploadSize))
        let parsed = try shown { () throws(ServiceError) in try PlaceOrderRequest.parse(body) }
        let write = try shown { () throws(ServiceError) in try placement.placement(of: parsed, for: customer) }
        let response = try await writes.respond(
            to: request,
            context: context,
            scope: "order",
            customer: customer,
            fingerprinting: parsed,
            write: write,
            status: .created
        )
        context.logger.info(
            "order answered",
            metadata: ["status": .stringConvertible(response.status.code), "items": .stringConvertible(parsed.items.count)]
        )
        return response
    }
}

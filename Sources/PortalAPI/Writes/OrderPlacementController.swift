import Domain
import Foundation
import Hummingbird
import PortalCache
import PortalConfig
import PortalSalesforce
import PortalUpstream

/// `POST /api/orders`: places an order for the caller's Salesforce account with products and prices from
/// the cached catalog, once per `Idempotency-Key` (even when Salesforce's answer is lost: `OrderWrite`);
/// answers 201 with the order. Provisioning follows when
/// Salesforce marks the order ready.
struct OrderPlacementController {
    let route: CachedRoute
    let policies: CacheSettings
    let upstreams: Upstreams
    let writes: IdempotentWrite
    let invalidations: WebhookInvalidations

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.post("orders", use: place)
    }

    @Sendable func place(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let customer = try context.requireCustomer()
        let (services, accountId) = try upstreams.salesforce(for: customer)
        let parsed = try PlaceOrderRequest.parse(Data(buffer: try await request.body.collect(upTo: context.maxUploadSize)))
        let catalog = try CachedCatalog(route: route, policies: policies, upstreams: upstreams)
        let (cache, invalidations) = (route.cache, invalidations)
        let invalidate: @Sendable () async -> Void = {
            if let groups = try? await invalidations.orderGroups(of: accountId) { try? await cache.invalidate(groups) }
        }
        let write = OrderWrite(request: parsed, services: services, accountId: accountId, catalog: catalog, invalidate: invalidate)
        let response = try await writes.respond(to: request, context: context, scope: "order", customer: customer, fingerprinting: parsed, write: write)
        context.logger.info("order answered", metadata: ["status": .stringConvertible(response.status.code), "items": .stringConvertible(parsed.items.count)])
        return response
    }

    /// Each requested item with its catalog price; an item the catalog does not sell as asked is named.
    static func priced(_ request: PlaceOrderRequest, from products: [SalesforceId: CatalogProduct]) throws(APIError) -> [SalesforceServices.OrderLine] {
        var lines: [SalesforceServices.OrderLine] = []
        var problems: [String: String] = [:]
        for (index, item) in request.items.enumerated() {
            guard let product = products[item.productId] else {
                problems["items[\(index)].productId"] = "is not in the catalog"
                continue
            }
            let prices = item.billingCycle.map { cycle in product.prices.filter { $0.billingCycle == cycle } } ?? product.prices
            switch prices.count {
            case 1:
                lines.append(.init(pricebookEntryId: prices[0].pricebookEntryId, quantity: item.quantity, unitPrice: prices[0].unitPrice))
            case 0:
                problems["items[\(index)].billingCycle"] = "this product is not sold \(item.billingCycle?.name ?? "")"
            default:
                let cycles = prices.compactMap { $0.billingCycle?.name }.joined(separator: ", ")
                problems["items[\(index)].billingCycle"] = "is required: this product is sold \(cycles)"
            }
        }
        guard problems.isEmpty else { throw .validation(problems) }
        return lines
    }
}

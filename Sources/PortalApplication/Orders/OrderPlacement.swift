import Domain
import Foundation
import PortalSalesforce
import PortalUpstream

/// One order placement: the Order and its items created together (all or nothing) with products and
/// prices from the catalog, never from the caller, carrying the write's reference in the Order's unique
/// external-id field, so that an order whose answer was lost is found by it and Salesforce itself refuses
/// a second one.
public struct OrderPlacement: ReconcilableWrite {
    public struct Plan: Codable, Sendable {
        let reference: String
        let accountId: SalesforceId
        let lines: [SalesforceOrderLine]
        let effectiveOn: LocalDate
    }

    let request: PlaceOrderRequest
    let salesforce: SalesforceOrchestrator
    let accountId: SalesforceId
    let clock: ApplicationClock
    /// Drops the account's cached orders and dashboards.
    let invalidate: @Sendable () async -> Void

    public func plan(reference: String, claim: @Sendable (String) async throws -> Void) async throws -> Plan {
        let salesforce = salesforce
        let products = try await ServiceError.showing(notFound: "Catalog") { () async throws(UpstreamError) in try await salesforce.everyProduct() }
        let byId = Dictionary(products.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return Plan(reference: reference, accountId: accountId, lines: try Self.priced(request, from: byId), effectiveOn: clock.today())
    }

    public func perform(_ plan: Plan) async throws(WriteFailure) -> Order {
        let orderId: SalesforceId
        do {
            orderId = try await salesforce.createOrder(
                accountId: plan.accountId,
                lines: plan.lines,
                effectiveOn: plan.effectiveOn,
                idempotencyKey: plan.reference
            )
        } catch {
            // A refusal may be Salesforce's unique external id: an earlier attempt of this write created it.
            guard case .rejected = error, let existing = try? await salesforce.orderId(idempotencyKey: plan.reference, accountId: plan.accountId)
            else {
                throw WriteFailure(error, notFound: "Order")
            }
            orderId = existing
        }
        do {
            return try await answer(orderId, plan)
        } catch {
            throw .outcomeUnknown(detail: "order \(orderId.value) created, not read back: \(error)")
        }
    }

    public func reconcile(_ plan: Plan) async throws(ServiceError) -> Reconciliation<Order> {
        let salesforce = salesforce
        let found = try await ServiceError.showing(notFound: "Order") { () async throws(UpstreamError) in
            try await salesforce.orderId(idempotencyKey: plan.reference, accountId: plan.accountId)
        }
        guard let orderId = found else { return .notApplied }
        return .applied(try await ServiceError.showing(notFound: "Order") { () async throws(UpstreamError) in try await answer(orderId, plan) })
    }

    private func answer(_ orderId: SalesforceId, _ plan: Plan) async throws(UpstreamError) -> Order {
        let order = try await salesforce.order(orderId, accountId: plan.accountId)
        await invalidate()
        return order
    }

    /// Each requested item with its catalog price; an item the catalog does not sell as asked is named.
    static func priced(_ request: PlaceOrderRequest, from products: [SalesforceId: CatalogProduct]) throws(ServiceError) -> [SalesforceOrderLine] {
        var lines: [SalesforceOrderLine] = []
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
        guard problems.isEmpty else { throw .invalid(problems) }
        return lines
    }
}

import Domain
import Foundation
import PortalSalesforce
import PortalUpstream

/// One order placement: the Order and its items created together (all or nothing), carrying the write's
/// reference in the Order's unique external-id field, so that an order whose answer was lost is found by
/// it and Salesforce itself refuses a second one.
struct OrderWrite: ReconcilableWrite {
    struct Plan: Codable, Sendable {
        let reference: String
        let accountId: SalesforceId
        let lines: [SalesforceServices.OrderLine]
        let effectiveOn: LocalDate
    }

    let request: PlaceOrderRequest
    let services: SalesforceServices
    let accountId: SalesforceId
    let catalog: CachedCatalog
    /// Drops the account's cached orders and dashboards.
    let invalidate: @Sendable () async -> Void

    func plan(reference: String, claim: @Sendable (String) async throws -> Void) async throws -> Plan {
        let lines = try OrderPlacementController.priced(request, from: try await catalog.productsById())
        return Plan(reference: reference, accountId: accountId, lines: lines, effectiveOn: JapanDate.today())
    }

    func perform(_ plan: Plan) async throws(WriteFailure) -> WriteAnswer {
        let orderId: SalesforceId
        do {
            orderId = try await services.createOrder(accountId: plan.accountId, lines: plan.lines, effectiveOn: plan.effectiveOn, idempotencyKey: plan.reference)
        } catch {
            // A refusal may be Salesforce's unique external id: an earlier attempt of this write created it.
            guard case .rejected = error, let existing = try? await services.orderId(idempotencyKey: plan.reference, accountId: plan.accountId) else {
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

    func reconcile(_ plan: Plan) async throws(UpstreamError) -> Reconciliation {
        guard let orderId = try await services.orderId(idempotencyKey: plan.reference, accountId: plan.accountId) else { return .notApplied }
        return .applied(try await answer(orderId, plan))
    }

    private func answer(_ orderId: SalesforceId, _ plan: Plan) async throws(UpstreamError) -> WriteAnswer {
        let order = try await services.order(orderId, accountId: plan.accountId)
        await invalidate()
        do {
            return WriteAnswer(status: .created, body: try JSONBody.encode(order))
        } catch {
            throw .invalidResponse(system: services.connection.system, cause: .malformedAnswer, detail: "order \(orderId.value) cannot be encoded")
        }
    }
}

import Domain
import Foundation
import PortalUpstream

/// Orders and their items: reading, creating with items in one request, and provisioning's reads and write-back.
struct SalesforceOrderService: Sendable {
    let connection: SalesforceConnection
    let context: SalesforceMappingContext
    let pricebookId: SalesforceId

    /// The account's orders, newest first (at most `limit`).
    func orders(accountId: SalesforceId, limit: Int = 200) async throws(UpstreamError) -> [OrderSummary] {
        let pages = try await connection.query(
            try connection.statement(SalesforceQueries.orders(accountId: accountId, limit: limit)),
            action: "query Order"
        )
        let context = context
        var orders: [OrderSummary] = []
        for page in pages {
            orders += try connection.map(page, action: "query Order") { raw throws(MappingError) in
                try Providers.Salesforce.orders(from: raw, context: context)
            }.records
        }
        return orders
    }

    /// The account's order with its items; another account's order is not found.
    func order(_ id: SalesforceId, accountId: SalesforceId) async throws(UpstreamError) -> Order {
        let context = context
        let query = SalesforceQueries.order(id, accountId: accountId, fields: context.fields)
        return try await connection.record(query, action: "query Order items", missing: "no such order for this account") {
            raw throws(MappingError) in
            try Providers.Salesforce.orderDetails(from: raw, context: context)
        }
    }

    /// Creates a draft Order for the account on the catalog's pricebook together with its items, in one
    /// all-or-nothing request, and returns its id. `idempotencyKey` goes into the order's unique external-id
    /// field, so that `orderId(idempotencyKey:accountId:)` finds the order when the answer is lost and
    /// Salesforce refuses a second order with the same key. Not retried after a network error.
    func createOrder(
        accountId: SalesforceId,
        lines: [SalesforceOrderLine],
        effectiveOn: LocalDate,
        idempotencyKey: String
    ) async throws(UpstreamError) -> SalesforceId {
        var items: [[String: any Sendable]] = []
        for (index, line) in lines.enumerated() {
            guard let price = Decimal(string: line.unitPrice.amount) else {
                throw .rejected(system: connection.system, cause: .invalidRequest, detail: "create tree Order: unit price is not a number")
            }
            items.append([
                "attributes": ["type": "OrderItem", "referenceId": "item\(index + 1)"], "PricebookEntryId": line.pricebookEntryId.value,
                "Quantity": line.quantity, "UnitPrice": price,
            ])
        }
        let order: [String: any Sendable] = [
            "attributes": ["type": "Order", "referenceId": "order"], "AccountId": accountId.value, "Status": "Draft",
            "EffectiveDate": effectiveOn.description, "Pricebook2Id": pricebookId.value, context.fields.orderIdempotencyKey: idempotencyKey,
            "OrderItems": ["records": items],
        ]
        guard let id = try await connection.createTree("Order", records: [order])["order"] else {
            throw .invalidResponse(system: connection.system, cause: .malformedAnswer, detail: "create tree Order: no id for the order")
        }
        return id
    }

    /// The account's order created with `idempotencyKey`, if there is one.
    func orderId(idempotencyKey: String, accountId: SalesforceId) async throws(UpstreamError) -> SalesforceId? {
        let query = try connection.statement(SalesforceQueries.order(idempotencyKey: idempotencyKey, accountId: accountId, fields: context.fields))
        let pages = try await connection.query(query, action: "query Order by key")
        return try connection.map(pages[0], action: "query Order by key") { raw throws(MappingError) in try Providers.Salesforce.recordId(in: raw) }
    }

    /// An order as provisioning needs it; not found when there is no such order.
    func provisioningOrder(_ id: SalesforceId) async throws(UpstreamError) -> ProvisioningOrder {
        let context = context
        let query = SalesforceQueries.provisioningOrder(id, fields: context.fields)
        return try await connection.record(query, action: "query Order provisioning", missing: "no such order") { raw throws(MappingError) in
            try Providers.Salesforce.provisioningOrder(from: raw, context: context)
        }
    }

    /// Marks an order provisioned: the org's picklist value for `status`, and the WHMCS order it became.
    func markProvisioned(_ id: SalesforceId, whmcsOrderId: Int) async throws(UpstreamError) {
        guard let picklistValue = context.orderStatuses.picklistValue(for: .provisioned) else {
            throw .rejected(
                system: connection.system,
                cause: .invalidRequest,
                detail: "update Order: no picklist value is configured for provisioned"
            )
        }
        try await connection.update("Order", id: id, ["Status": picklistValue, context.fields.orderWhmcsOrderId: String(whmcsOrderId)])
    }
}

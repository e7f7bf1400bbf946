import Foundation
import Domain
import PortalUpstream

/// Accounts, orders and the catalog from Salesforce, mapped by the Domain mappers.
public struct SalesforceServices: Sendable {
    public let connection: SalesforceConnection
    private let context: SalesforceMappingContext
    private let pricebookId: SalesforceId

    public init(connection: SalesforceConnection, context: SalesforceMappingContext, pricebookId: SalesforceId) {
        self.connection = connection
        self.context = context
        self.pricebookId = pricebookId
    }

    public func account(_ id: SalesforceId) async throws(UpstreamError) -> SalesforceAccount {
        let pages = try await connection.query(try statement(SalesforceQueries.account(id, fields: context.fields)), action: "query Account")
        let context = context
        guard let account = try connection.map(pages[0], action: "query Account", { raw throws(MappingError) in
            try Providers.Salesforce.account(from: raw, context: context)
        }) else { throw .notFound(system: connection.system, cause: .noSuchRecord, detail: "query Account: no such account") }
        return account
    }

    /// The account's orders, newest first (at most `limit`).
    public func orders(accountId: SalesforceId, limit: Int = 200) async throws(UpstreamError) -> [OrderSummary] {
        let pages = try await connection.query(try statement(SalesforceQueries.orders(accountId: accountId, limit: limit)), action: "query Order")
        let context = context
        var orders: [OrderSummary] = []
        for page in pages {
            orders += try connection.map(page, action: "query Order") { raw throws(MappingError) in try Providers.Salesforce.orders(from: raw, context: context) }.records
        }
        return orders
    }

    /// The account's order with its items; another account's order is not found.
    public func order(_ id: SalesforceId, accountId: SalesforceId) async throws(UpstreamError) -> Order {
        let query = try statement(SalesforceQueries.order(id, accountId: accountId, fields: context.fields))
        let pages = try await connection.query(query, action: "query Order items")
        let context = context
        guard let order = try connection.map(pages[0], action: "query Order items", { raw throws(MappingError) in
            try Providers.Salesforce.orderDetails(from: raw, context: context)
        }) else { throw .notFound(system: connection.system, cause: .noSuchRecord, detail: "query Order items: no such order for this account") }
        return order
    }

    /// Active products of a catalog category with their prices.
    public func catalog(category: String) async throws(UpstreamError) -> [CatalogProduct] {
        let query = try statement(SalesforceQueries.catalog(category: category, pricebookId: pricebookId, fields: context.fields))
        let pages = try await connection.query(query, action: "query Product2")
        let context = context
        var products: [CatalogProduct] = []
        for page in pages {
            products += try connection.map(page, action: "query Product2") { raw throws(MappingError) in try Providers.Salesforce.products(from: raw, context: context) }.records
        }
        return products
    }

    /// The catalog categories that have active products, sorted.
    public func categories() async throws(UpstreamError) -> [String] {
        let query = try statement(SalesforceQueries.catalog(category: nil, pricebookId: pricebookId, fields: context.fields))
        let pages = try await connection.query(query, action: "query Product2 categories")
        let context = context
        var categories = Set<String>()
        for page in pages {
            let products = try connection.map(page, action: "query Product2 categories") { raw throws(MappingError) in
                try Providers.Salesforce.products(from: raw, context: context)
            }
            categories.formUnion(products.records.map(\.category))
        }
        return categories.sorted()
    }

    private func statement(_ query: SOQLQuery?) throws(UpstreamError) -> SOQLQuery {
        guard let query else { throw .rejected(system: connection.system, cause: .invalidRequest, detail: "a configured field name is not a SOQL identifier") }
        return query
    }
}

extension SalesforceServices {
    /// One line of an order to create, priced from the catalog.
    public struct OrderLine: Sendable, Hashable, Codable {
        public let pricebookEntryId: SalesforceId
        public let quantity: Int
        public let unitPrice: Money

        public init(pricebookEntryId: SalesforceId, quantity: Int, unitPrice: Money) {
            self.pricebookEntryId = pricebookEntryId
            self.quantity = quantity
            self.unitPrice = unitPrice
        }
    }

    /// Creates a draft Order for the account on the catalog's pricebook together with its items, in one
    /// all-or-nothing request, and returns its id. `idempotencyKey` goes into the order's unique external-id
    /// field, so that `orderId(idempotencyKey:accountId:)` finds the order when the answer is lost and
    /// Salesforce refuses a second order with the same key. Not retried after a network error.
    public func createOrder(
        accountId: SalesforceId, lines: [OrderLine], effectiveOn: LocalDate, idempotencyKey: String
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
    public func orderId(idempotencyKey: String, accountId: SalesforceId) async throws(UpstreamError) -> SalesforceId? {
        let query = try statement(SalesforceQueries.order(idempotencyKey: idempotencyKey, accountId: accountId, fields: context.fields))
        let pages = try await connection.query(query, action: "query Order by key")
        return try connection.map(pages[0], action: "query Order by key") { raw throws(MappingError) in try Providers.Salesforce.recordId(in: raw) }
    }

    /// An order as provisioning needs it; not found when there is no such order.
    public func provisioningOrder(_ id: SalesforceId) async throws(UpstreamError) -> ProvisioningOrder {
        let pages = try await connection.query(try statement(SalesforceQueries.provisioningOrder(id, fields: context.fields)), action: "query Order provisioning")
        let context = context
        guard let order = try connection.map(pages[0], action: "query Order provisioning", { raw throws(MappingError) in
            try Providers.Salesforce.provisioningOrder(from: raw, context: context)
        }) else { throw .notFound(system: connection.system, cause: .noSuchRecord, detail: "query Order provisioning: no such order") }
        return order
    }

    /// Marks an order provisioned: the org's picklist value for `status`, and the WHMCS order it became.
    public func markProvisioned(_ id: SalesforceId, whmcsOrderId: Int) async throws(UpstreamError) {
        guard let picklistValue = context.orderStatuses.picklistValue(for: .provisioned) else {
            throw .rejected(system: connection.system, cause: .invalidRequest, detail: "update Order: no picklist value is configured for provisioned")
        }
        try await connection.update("Order", id: id, ["Status": picklistValue, context.fields.orderWhmcsOrderId: String(whmcsOrderId)])
    }
}

import Domain
import PortalUpstream

/// Salesforce as the rest of the BFF sees it: accounts, orders with their items, the catalog, order
/// creation with its items in one all-or-nothing request, and provisioning's read and write-back. Its
/// connection (JWT bearer session, envelopes) and entity services stay inside.
public struct SalesforceOrchestrator: Sendable {
    /// The connection the services share; its session also signs the Pub/Sub subscriber in.
    let connection: SalesforceConnection
    private let accounts: SalesforceAccountService
    private let orders: SalesforceOrderService
    private let catalog: SalesforceCatalogService

    /// `tokenLifetime` is the org's session timeout; `pricebookId` the pricebook orders and prices use.
    public init(
        credentials: SalesforceCredentials,
        caller: UpstreamCaller,
        context: SalesforceMappingContext,
        pricebookId: SalesforceId,
        tokenLifetime: Duration = .seconds(7200)
    ) {
        let connection = SalesforceConnection(credentials: credentials, caller: caller, tokenLifetime: tokenLifetime)
        self.connection = connection
        accounts = SalesforceAccountService(connection: connection, context: context)
        orders = SalesforceOrderService(connection: connection, context: context, pricebookId: pricebookId)
        catalog = SalesforceCatalogService(connection: connection, context: context, pricebookId: pricebookId)
    }

    public var health: UpstreamHealth { connection.caller.health }

    public func account(_ id: SalesforceId) async throws(UpstreamError) -> SalesforceAccount {
        try await accounts.account(id)
    }

    /// Writes a contact change to the Account (fields from the mapping context); safe to repeat.
    public func updateContact(_ id: SalesforceId, _ change: ContactChange) async throws(UpstreamError) {
        try await accounts.updateContact(id, change)
    }

    /// The account's orders, newest first (at most `limit`).
    public func orders(accountId: SalesforceId, limit: Int = 200) async throws(UpstreamError) -> [OrderSummary] {
        try await orders.orders(accountId: accountId, limit: limit)
    }

    /// The account's order with its items; another account's order is not found.
    public func order(_ id: SalesforceId, accountId: SalesforceId) async throws(UpstreamError) -> Order {
        try await orders.order(id, accountId: accountId)
    }

    /// The catalog categories that have active products, sorted.
    public func categories() async throws(UpstreamError) -> [String] {
        try await catalog.categories()
    }

    /// Active products of a category with their prices.
    public func products(category: String) async throws(UpstreamError) -> [CatalogProduct] {
        try await catalog.products(category: category)
    }

    /// Every active product with its prices, for pricing an order from the source of truth.
    public func everyProduct() async throws(UpstreamError) -> [CatalogProduct] {
        try await catalog.products(category: nil)
    }

    /// A draft Order with its items, created all or nothing, carrying `idempotencyKey` in its unique
    /// external-id field. Not retried after a network error.
    public func createOrder(
        accountId: SalesforceId,
        lines: [SalesforceOrderLine],
        effectiveOn: LocalDate,
        idempotencyKey: String
    ) async throws(UpstreamError) -> SalesforceId {
        try await orders.createOrder(accountId: accountId, lines: lines, effectiveOn: effectiveOn, idempotencyKey: idempotencyKey)
    }

    /// The account's order created with `idempotencyKey`, if there is one.
    public func orderId(idempotencyKey: String, accountId: SalesforceId) async throws(UpstreamError) -> SalesforceId? {
        try await orders.orderId(idempotencyKey: idempotencyKey, accountId: accountId)
    }

    public func provisioningOrder(_ id: SalesforceId) async throws(UpstreamError) -> ProvisioningOrder {
        try await orders.provisioningOrder(id)
    }

    public func markProvisioned(_ id: SalesforceId, whmcsOrderId: Int) async throws(UpstreamError) {
        try await orders.markProvisioned(id, whmcsOrderId: whmcsOrderId)
    }
}

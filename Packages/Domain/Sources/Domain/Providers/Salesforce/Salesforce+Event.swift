extension Providers.Salesforce {
    /// Maps a signed Salesforce change notification. Known names: `OrderStatusChanged` (data: `accountId`,
    /// `orderId`, `status`), `OrderProvisionRequested` (data: `accountId`, `orderId`), and `ProductChanged` /
    /// `PricebookChanged` / `PricebookEntryChanged` (data:
    /// optional `category`; without it every category is affected).
    public static func event(from raw: RawJSON, context: SalesforceMappingContext) throws(MappingError) -> SalesforceEvent {
        let envelope = try EventEnvelope(raw)
        let data = envelope.data
        let change: SalesforceEvent.Change
        switch envelope.name {
        case "OrderStatusChanged":
            change = .orderStatusChanged(
                accountId: try data.salesforceId("accountId"),
                orderId: try data.salesforceId("orderId"),
                status: try data.trimmedText("status").map(context.orderStatuses.status(for:))
            )
        case "OrderProvisionRequested":
            change = .provisionRequested(accountId: try data.salesforceId("accountId"), orderId: try data.salesforceId("orderId"))
        case "ProductChanged", "PricebookChanged", "PricebookEntryChanged":
            change = .catalogChanged(category: try data.trimmedText("category"))
        default:
            change = .unknown(name: envelope.name)
        }
        return SalesforceEvent(id: envelope.id, name: envelope.name, occurredAt: envelope.occurredAt, change: change)
    }
}

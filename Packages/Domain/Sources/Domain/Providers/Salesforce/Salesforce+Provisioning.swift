extension Providers.Salesforce {
    /// Maps the query result of one Order for provisioning: its account's WHMCS client and instance fields,
    /// its WHMCS order id once provisioned, and per item the product code, the price's billing cycle and
    /// the quantity. Nil when the query found no Order.
    public static func provisioningOrder(from raw: RawJSON, context: SalesforceMappingContext) throws(MappingError) -> ProvisioningOrder? {
        let root = try ObjectReader(raw)
        let rows = try root.list("records")
        guard let row = rows.first else { return nil }
        guard rows.count == 1 else { throw root.failure("records", .outOfRange, "expected one Order, found \(rows.count)") }
        let fields = context.fields
        let account = try row.object("Account")
        guard let clientId = try account.optionalId(fields.accountWhmcsClientId) else {
            throw account.failure(fields.accountWhmcsClientId, .missing, "the account has no WHMCS client")
        }
        let whmcsOrderId: Int?
        if let text = try row.trimmedText(fields.orderWhmcsOrderId) {
            guard let id = Int(text), id > 0 else {
                throw row.failure(fields.orderWhmcsOrderId, .invalidValue, "a WHMCS order id is a positive whole number")
            }
            whmcsOrderId = id
        } else {
            whmcsOrderId = nil
        }
        var lines: [ProvisioningOrder.Line] = []
        if let subquery = try row.optionalObject("OrderItems") {
            lines = try records(subquery) { item throws(MappingError) in try provisioningLine(item, context: context) }.records
        }
        guard !lines.isEmpty else { throw row.failure("OrderItems", .missing, "an order to provision has items") }
        return ProvisioningOrder(
            orderId: try row.salesforceId("Id"),
            accountId: try row.salesforceId("AccountId"),
            status: context.orderStatuses.status(for: try row.text("Status")),
            whmcsInstance: try account.trimmedText(fields.accountWhmcsInstance),
            whmcsClientId: clientId,
            whmcsOrderId: whmcsOrderId,
            lines: lines
        )
    }

    private static func provisioningLine(_ item: ObjectReader, context: SalesforceMappingContext) throws(MappingError) -> ProvisioningOrder.Line {
        guard let code = try item.object("Product2").trimmedText("ProductCode") else {
            throw item.failure("Product2", .missing, "an item to provision names its product code")
        }
        let cycleText = try item.optionalObject("PricebookEntry")?.trimmedText(context.fields.priceBillingCycle)
        let quantity = try item.decimal("Quantity")
        guard let whole = quantity.scaledInteger(scale: 0), (1...1000).contains(whole) else {
            throw item.failure("Quantity", .outOfRange, "a quantity to provision is a whole number from 1 to 1000, found \(quantity)")
        }
        return ProvisioningOrder.Line(
            productCode: code,
            billingCycle: cycleText.map { BillingCycle(providerText: $0, aliases: BillingCycle.aliases) } ?? .oneTime,
            quantity: Int(whole)
        )
    }
}

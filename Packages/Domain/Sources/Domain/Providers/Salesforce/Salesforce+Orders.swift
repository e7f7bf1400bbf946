extension Providers.Salesforce {
    /// Maps an Order query result (one page) to order summaries.
    public static func orders(from raw: RawJSON, context: SalesforceMappingContext) throws(MappingError) -> SalesforceRecords<OrderSummary> {
        try records(raw) { row throws(MappingError) in try orderSummary(row, context: context) }
    }

    /// Maps the query result of one Order with its items, or nil when the query found no Order.
    ///
    /// Items come from `items` (an OrderItem query result) when given, else from the Order's `OrderItems`
    /// subquery, which Salesforce sends as `null` when the order has no items.
    public static func orderDetails(
        from raw: RawJSON,
        items: RawJSON? = nil,
        context: SalesforceMappingContext
    ) throws(MappingError) -> Order? {
        let root = try ObjectReader(raw)
        let rows = try root.list("records")
        guard let row = rows.first else { return nil }
        guard rows.count == 1 else { throw root.failure("records", .outOfRange, "expected one Order, found \(rows.count)") }
        let summary = try orderSummary(row, context: context)
        let itemCurrency = try currency(row, context: context)
        let map = { (item: ObjectReader) throws(MappingError) -> OrderItem in
            try orderItem(item, currency: itemCurrency, context: context)
        }
        let orderItems: [OrderItem]
        if let items {
            orderItems = try records(items, path: FieldPath.root.appending("items"), map: map).records
        } else if let subquery = try row.optionalObject("OrderItems") {
            orderItems = try records(subquery, map: map).records
        } else {
            orderItems = []
        }
        return Order(summary: summary, items: orderItems)
    }

    static func orderSummary(_ row: ObjectReader, context: SalesforceMappingContext) throws(MappingError) -> OrderSummary {
        let currency = try currency(row, context: context)
        return OrderSummary(
            id: try row.salesforceId("Id"),
            number: try row.text("OrderNumber"),
            status: context.orderStatuses.status(for: try row.text("Status")),
            type: try row.trimmedText("Type"),
            effectiveOn: try row.optionalDate("EffectiveDate"),
            totalAmount: try row.optionalMoney("TotalAmount", currency: currency),
            createdAt: try row.instant("CreatedDate"),
            accountName: try row.optionalObject("Account")?.trimmedText("Name")
        )
    }

    static func orderItem(
        _ row: ObjectReader,
        currency orderCurrency: CurrencyCode,
        context: SalesforceMappingContext
    ) throws(MappingError) -> OrderItem {
        let currency = try row.currency("CurrencyIsoCode") ?? orderCurrency
        let product = try row.optionalObject("Product2")
        var productId = try row.optionalSalesforceId("Product2Id")
        if productId == nil { productId = try product?.optionalSalesforceId("Id") }
        guard let productId else {
            throw row.failure("Product2Id", .missing, "an order item names its product")
        }
        guard let product else { throw row.failure("Product2", .missing, "an order item carries its product's name") }
        let quantity = try row.decimal("Quantity")
        guard quantity.coefficient > 0 else { throw row.failure("Quantity", .outOfRange, "a quantity is positive, found \(quantity)") }
        return OrderItem(
            id: try row.salesforceId("Id"),
            productId: productId,
            productName: try product.text("Name"),
            sku: try product.trimmedText("ProductCode"),
            quantity: quantity,
            unitPrice: try row.money("UnitPrice", currency: currency),
            totalPrice: try row.money("TotalPrice", currency: currency),
            itemClass: try row.trimmedText(context.fields.orderItemClass)
        )
    }
}

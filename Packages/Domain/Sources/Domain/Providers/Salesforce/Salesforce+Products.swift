extension Providers.Salesforce {
    /// Maps a Product2 query result whose records carry a `PricebookEntries` subquery.
    public static func products(from raw: RawJSON, context: SalesforceMappingContext) throws(MappingError) -> SalesforceRecords<CatalogProduct> {
        try records(raw) { row throws(MappingError) in try product(row, context: context) }
    }

    static func product(_ row: ObjectReader, context: SalesforceMappingContext) throws(MappingError) -> CatalogProduct {
        let family = try row.trimmedText("Family")
        guard let category = try row.trimmedText(context.fields.productCategory) ?? family else {
            throw row.failure(context.fields.productCategory, .missing, "a product has a catalog category or a family")
        }
        var prices: [Price] = []
        if let entries = try row.optionalObject("PricebookEntries") {
            prices = try records(entries) { entry throws(MappingError) in try price(entry, context: context) }.records
        }
        return CatalogProduct(
            id: try row.salesforceId("Id"),
            name: try row.text("Name"),
            sku: try row.trimmedText("ProductCode"),
            family: family,
            category: category,
            description: try row.trimmedText("Description"),
            prices: prices
        )
    }

    static func price(_ entry: ObjectReader, context: SalesforceMappingContext) throws(MappingError) -> Price {
        Price(
            pricebookEntryId: try entry.salesforceId("Id"),
            unitPrice: try entry.money("UnitPrice", currency: try currency(entry, context: context)),
            billingCycle: try entry.trimmedText(context.fields.priceBillingCycle).map {
                BillingCycle(providerText: $0, aliases: BillingCycle.aliases)
            }
        )
    }
}

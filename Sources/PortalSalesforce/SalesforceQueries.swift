import Domain

/// The SOQL the entity services send, built only from validated names and literals.
enum SalesforceQueries {
    static let orderFields = [
        "Id", "OrderNumber", "Status", "Type", "EffectiveDate", "TotalAmount", "CurrencyIsoCode", "CreatedDate", "Account.Name",
    ]

    static func account(_ id: SalesforceId, fields: SalesforceFieldNames) -> SOQLQuery? {
        SOQLQuery(
            select: distinct([
                "Id", "Name", fields.accountEmail, fields.accountPhone, "Phone", "PersonMobilePhone", fields.accountStreet, fields.accountCity,
                fields.accountState, fields.accountPostalCode, "BillingCountry", fields.accountCountryCode,
            ]),
            from: "Account",
            where: [.equals("Id", .id(id))],
            limit: 1
        )
    }

    static func orders(accountId: SalesforceId, limit: Int) -> SOQLQuery? {
        SOQLQuery(
            select: orderFields,
            from: "Order",
            where: [.equals("AccountId", .id(accountId))],
            orderBy: ("CreatedDate", .descending),
            limit: limit
        )
    }

    /// One order of one account, with its items: someone else's order matches nothing.
    static func order(_ id: SalesforceId, accountId: SalesforceId, fields: SalesforceFieldNames) -> SOQLQuery? {
        guard
            let items = SOQLQuery(
                select: ["Id", "Product2Id", "Product2.Name", "Product2.ProductCode", "Quantity", "UnitPrice", "TotalPrice", fields.orderItemClass],
                from: "OrderItems"
            )
        else { return nil }
        return SOQLQuery(
            select: orderFields,
            subqueries: [items],
            from: "Order",
            where: [.equals("Id", .id(id)), .equals("AccountId", .id(accountId))],
            limit: 1
        )
    }

    /// The id of the account's order created with `idempotencyKey`.
    static func order(idempotencyKey: String, accountId: SalesforceId, fields: SalesforceFieldNames) -> SOQLQuery? {
        SOQLQuery(
            select: ["Id"],
            from: "Order",
            where: [.equals(fields.orderIdempotencyKey, .text(idempotencyKey)), .equals("AccountId", .id(accountId))],
            limit: 1
        )
    }

    /// Active products of a catalog category (every category when nil), with their active prices in the
    /// given pricebook.
    static func catalog(category: String?, pricebookId: SalesforceId, fields: SalesforceFieldNames) -> SOQLQuery? {
        guard
            let prices = SOQLQuery(
                select: ["Id", "UnitPrice", "CurrencyIsoCode", fields.priceBillingCycle],
                from: "PricebookEntries",
                where: [.equals("Pricebook2Id", .id(pricebookId)), .equals("IsActive", .boolean(true))]
            )
        else { return nil }
        return SOQLQuery(
            select: ["Id", "Name", "ProductCode", "Family", "Description", fields.productCategory],
            subqueries: [prices],
            from: "Product2",
            where: (category.map { [.equals(fields.productCategory, .text($0))] } ?? []) + [.equals("IsActive", .boolean(true))],
            orderBy: ("Name", .ascending)
        )
    }

    /// What provisioning reads of one order: the account's WHMCS ids, the WHMCS order id once written back,
    /// and each item's product code, billing cycle and quantity.
    static func provisioningOrder(_ id: SalesforceId, fields: SalesforceFieldNames) -> SOQLQuery? {
        guard
            let items = SOQLQuery(
                select: ["Id", "Quantity", "Product2.ProductCode", "PricebookEntry.\(fields.priceBillingCycle)"],
                from: "OrderItems"
            )
        else { return nil }
        return SOQLQuery(
            select: [
                "Id", "AccountId", "Status", fields.orderWhmcsOrderId, "Account.\(fields.accountWhmcsClientId)",
                "Account.\(fields.accountWhmcsInstance)",
            ],
            subqueries: [items],
            from: "Order",
            where: [.equals("Id", .id(id))],
            limit: 1
        )
    }

    /// The names in order, each once (configured field names may repeat standard ones).
    private static func distinct(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0.lowercased()).inserted }
    }
}

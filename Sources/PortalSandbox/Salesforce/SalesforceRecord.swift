import Domain
import Foundation

/// A stored record of one sObject type. Field names are the canonical API names.
struct SalesforceRecord: Sendable {
    let type: String
    let id: String
    var fields: [String: SalesforceValue]

    init(_ type: SObjectType, _ id: SalesforceId, _ fields: [String: SalesforceValue]) {
        self.type = type.name
        self.id = id.value
        self.fields = fields.merging(["Id": .text(id.value)]) { _, id in id }
    }

    subscript(field: String) -> SalesforceValue { fields[field] ?? .null }
}

extension SObjectField {
    /// The value as Salesforce writes it in JSON: numbers as doubles (`3800.0`, large totals `1.0816E4`),
    /// dates `YYYY-MM-DD`, empty fields `null`.
    func json(_ value: SalesforceValue) -> JSONValue {
        switch value {
        case .null: .null
        case .text(let text): .string(text)
        case .boolean(let flag): .bool(flag)
        case .date(let date): .string(date.description)
        case .dateTime(let text): .string(text)
        case .number(let number): .number(scientific && abs(number) >= 1000 ? Self.scientific(number) : Self.plain(number))
        }
    }

    /// `3800.0`, `2.5`: a double's text without an exponent.
    static func plain(_ number: Decimal) -> String {
        let text = "\(number)"
        return text.contains(".") ? text : text + ".0"
    }

    /// `1.0816E4`, `3.8E3`: one digit before the point.
    static func scientific(_ number: Decimal) -> String {
        let text = "\(abs(number))"
        let sign = number < 0 ? "-" : ""
        let integral = text.prefix { $0 != "." }
        let fraction = text.drop { $0 != "." }.dropFirst()
        var digits = Substring(integral + fraction)
        while digits.last == "0", digits.count > 1 { digits = digits.dropLast() }
        let rest = digits.dropFirst()
        return "\(sign)\(digits.prefix(1)).\(rest.isEmpty ? "0" : rest)E\(integral.count - 1)"
    }
}

extension SandboxSeed {
    /// The seed as Salesforce records, by object name.
    var salesforceRecords: [String: [SalesforceRecord]] {
        let pricebook = SandboxSeed.standardPricebookId
        let accounts = customers.map { customer in
            SalesforceRecord(
                SalesforceSchema.account,
                customer.salesforceAccountId,
                [
                    "Name": .text(customer.name), "PersonEmail": .text(customer.email), "Phone": .text(customer.phone),
                    "BillingStreet": .text(customer.street), "BillingCity": .text(customer.city), "BillingState": .text(customer.prefecture),
                    "BillingPostalCode": .text(customer.postcode), "BillingCountry": .text("Japan"), "BillingCountryCode": .text("JP"),
                    "WHMCS_Client_Id__c": .number(Decimal(customer.whmcsClientId)), "WHMCS_Instance__c": .text(customer.whmcsInstance),
                ]
            )
        }
        let products = self.products.map { product in
            SalesforceRecord(
                SalesforceSchema.product,
                product.id,
                [
                    "Name": .text(product.name), "ProductCode": .text(product.code), "Family": .text(product.family),
                    "Description": .text(product.description), "IsActive": .boolean(true), "Portal_Category__c": .text(product.category),
                ]
            )
        }
        let entries = self.products.flatMap { product in
            product.prices.map { price in
                SalesforceRecord(
                    SalesforceSchema.pricebookEntry,
                    price.id,
                    [
                        "Product2Id": .text(product.id.value), "Pricebook2Id": .text(pricebook.value), "UnitPrice": .number(Decimal(price.unitPrice)),
                        "IsActive": .boolean(true), "CurrencyIsoCode": .text("JPY"), "Billing_Cycle__c": .text(price.billingCycle),
                    ]
                )
            }
        }
        let orders = self.orders.map { order in
            SalesforceRecord(
                SalesforceSchema.order,
                order.id,
                [
                    "AccountId": .text(order.accountId.value), "OrderNumber": .text(order.number), "Status": .text(order.status),
                    "Type": .text(order.type), "EffectiveDate": .date(order.effectiveDate), "TotalAmount": .number(Decimal(order.totalAmount)),
                    "CreatedDate": .dateTime(order.createdDate), "CurrencyIsoCode": .text("JPY"), "Pricebook2Id": .text(pricebook.value),
                ]
            )
        }
        let items = self.orders.flatMap { order in
            order.items.map { item in
                SalesforceRecord(
                    SalesforceSchema.orderItem,
                    item.id,
                    [
                        "OrderId": .text(order.id.value), "Product2Id": .text(item.product.id.value),
                        "PricebookEntryId": .text(item.product.prices[0].id.value), "Quantity": .number(Decimal(item.quantity)),
                        "UnitPrice": .number(Decimal(item.unitPrice)), "TotalPrice": .number(Decimal(item.unitPrice * item.quantity)),
                        "Item_Class__c": .text(item.itemClass), "CurrencyIsoCode": .text("JPY"),
                    ]
                )
            }
        }
        let standard = SalesforceRecord(
            SalesforceSchema.pricebook,
            pricebook,
            [
                "Name": .text("Standard Price Book"), "IsActive": .boolean(true), "IsStandard": .boolean(true),
            ]
        )
        return ["Account": accounts, "Order": orders, "OrderItem": items, "Product2": products, "PricebookEntry": entries, "Pricebook2": [standard]]
    }
}

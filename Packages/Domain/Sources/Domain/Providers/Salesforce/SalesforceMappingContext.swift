/// What Salesforce mappers need to know that a Salesforce payload does not say.
public struct SalesforceMappingContext: Sendable {
    /// The currency of amounts in orgs without multi-currency (no `CurrencyIsoCode` field).
    public var defaultCurrency: CurrencyCode
    /// The country of an address that names none.
    public var defaultCountry: String
    public var orderStatuses: OrderStatusTable
    public var fields: SalesforceFieldNames

    public init(
        defaultCurrency: CurrencyCode = .jpy,
        defaultCountry: String = "JP",
        orderStatuses: OrderStatusTable = .standard,
        fields: SalesforceFieldNames = SalesforceFieldNames()
    ) {
        self.defaultCurrency = defaultCurrency
        self.defaultCountry = defaultCountry
        self.orderStatuses = orderStatuses
        self.fields = fields
    }
}

/// The org-specific (custom) fields the mappers read. Standard fields are fixed.
public struct SalesforceFieldNames: Sendable, Hashable {
    /// Product2 field holding the portal's catalog category; `Family` is used when it is empty.
    public var productCategory: String
    /// PricebookEntry field holding the billing cycle of a price.
    public var priceBillingCycle: String
    /// OrderItem field classifying the line.
    public var orderItemClass: String
    /// Account field holding the customer's email (`PersonEmail` on person accounts).
    public var accountEmail: String
    /// Account fields naming the customer's WHMCS client and WHMCS instance (brand).
    public var accountWhmcsClientId: String
    public var accountWhmcsInstance: String
    /// Order field that receives the WHMCS order an order was provisioned as.
    public var orderWhmcsOrderId: String
    /// Order text field (unique, external id) holding the digest of the portal request that created the
    /// order, so that a write whose answer was lost can be found again.
    public var orderIdempotencyKey: String
    /// Account fields holding the contact details the portal reads and a customer may change: phone, and
    /// the billing address's street (line 1, a line break, line 2), city, state (prefecture), postal code
    /// and ISO country code.
    public var accountPhone: String
    public var accountStreet: String
    public var accountCity: String
    public var accountState: String
    public var accountPostalCode: String
    public var accountCountryCode: String

    public init(
        productCategory: String = "Portal_Category__c",
        priceBillingCycle: String = "Billing_Cycle__c",
        orderItemClass: String = "Item_Class__c",
        accountEmail: String = "PersonEmail",
        accountWhmcsClientId: String = "WHMCS_Client_Id__c",
        accountWhmcsInstance: String = "WHMCS_Instance__c",
        orderWhmcsOrderId: String = "WHMCS_Order_Id__c",
        orderIdempotencyKey: String = "Portal_Idempotency_Key__c",
        accountPhone: String = "Phone",
        accountStreet: String = "BillingStreet",
        accountCity: String = "BillingCity",
        accountState: String = "BillingState",
        accountPostalCode: String = "BillingPostalCode",
        accountCountryCode: String = "BillingCountryCode"
    ) {
        self.productCategory = productCategory
        self.priceBillingCycle = priceBillingCycle
        self.orderItemClass = orderItemClass
        self.accountEmail = accountEmail
        self.accountWhmcsClientId = accountWhmcsClientId
        self.accountWhmcsInstance = accountWhmcsInstance
        self.orderWhmcsOrderId = orderWhmcsOrderId
        self.orderIdempotencyKey = orderIdempotencyKey
        self.accountPhone = accountPhone
        self.accountStreet = accountStreet
        self.accountCity = accountCity
        self.accountState = accountState
        self.accountPostalCode = accountPostalCode
        self.accountCountryCode = accountCountryCode
    }

    /// The Account fields a contact change writes, by their values (`null` clears line 2's part of the
    /// street only by leaving it out of the joined text).
    public func accountFields(for change: ContactChange) -> [(field: String, value: String)] {
        var fields: [(String, String)] = []
        if let email = change.email { fields.append((accountEmail, email)) }
        if let phone = change.phone { fields.append((accountPhone, phone)) }
        if let address = change.address {
            let street = [address.line1, address.line2].compactMap { $0 }.joined(separator: "\n")
            fields += [
                (accountStreet, street), (accountCity, address.city ?? ""), (accountState, address.prefecture ?? ""),
                (accountPostalCode, address.postcode ?? ""), (accountCountryCode, address.country),
            ]
        }
        return fields
    }
}

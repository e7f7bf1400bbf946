/// The customer as the portal shows them, merged from Salesforce and WHMCS by `CustomerProfile.merged`.
public struct CustomerProfile: Sendable, Hashable, Codable {
    /// The portal user id (the token's `sub`).
    public var customerId: String
    public var salesforceAccountId: SalesforceId?
    public var whmcsClientId: Int?
    public var name: String
    public var companyName: String?
    public var email: String
    public var phone: String?
    public var address: Address?

    public init(
        customerId: String,
        salesforceAccountId: SalesforceId?,
        whmcsClientId: Int?,
        name: String,
        companyName: String?,
        email: String,
        phone: String?,
        address: Address?
    ) {
        self.customerId = customerId
        self.salesforceAccountId = salesforceAccountId
        self.whmcsClientId = whmcsClientId
        self.name = name
        self.companyName = companyName
        self.email = email
        self.phone = phone
        self.address = address
    }
}

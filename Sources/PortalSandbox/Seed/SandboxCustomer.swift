import Domain

/// A seeded customer with its ids in every system, as `portal-bff sandbox customers` lists them.
public struct SandboxCustomer: Sendable, Encodable, Equatable {
    public let customerId: String
    public let whmcsInstance: String
    public let whmcsClientId: Int
    public let salesforceAccountId: SalesforceId
    public let name: String
    let familyName: String
    let givenName: String
    let email: String
    let phone: String
    let postcode: String
    let prefecture: String
    let city: String
    let street: String

    private enum CodingKeys: String, CodingKey {
        case customerId, whmcsInstance, whmcsClientId, salesforceAccountId, name
    }

    init(
        customerId: String,
        whmcsInstance: String,
        whmcsClientId: Int,
        salesforceAccountId: SalesforceId,
        familyName: String,
        givenName: String,
        email: String,
        phone: String,
        postcode: String,
        prefecture: String,
        city: String,
        street: String
    ) {
        self.customerId = customerId
        self.whmcsInstance = whmcsInstance
        self.whmcsClientId = whmcsClientId
        self.salesforceAccountId = salesforceAccountId
        self.name = "\(familyName) \(givenName)"
        self.familyName = familyName
        self.givenName = givenName
        self.email = email
        self.phone = phone
        self.postcode = postcode
        self.prefecture = prefecture
        self.city = city
        self.street = street
    }
}

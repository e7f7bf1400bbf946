/// The Salesforce half of a customer profile: the CRM's view of who the customer is.
public struct SalesforceAccount: Sendable, Hashable, Codable {
    public var id: SalesforceId
    public var name: String
    public var email: String?
    public var phone: String?
    public var address: Address?

    public init(id: SalesforceId, name: String, email: String?, phone: String?, address: Address?) {
        self.id = id
        self.name = name
        self.email = email
        self.phone = phone
        self.address = address
    }
}

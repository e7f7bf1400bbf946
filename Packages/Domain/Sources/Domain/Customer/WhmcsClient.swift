/// The WHMCS half of a customer profile: the billing system's contact details.
public struct WhmcsClient: Sendable, Hashable, Codable {
    public var clientId: Int
    public var name: String
    public var companyName: String?
    public var email: String
    public var phone: String?
    public var address: Address?
    /// The client's billing currency, when WHMCS reports it.
    public var currency: CurrencyCode?

    public init(clientId: Int, name: String, companyName: String?, email: String, phone: String?, address: Address?, currency: CurrencyCode?) {
        self.clientId = clientId
        self.name = name
        self.companyName = companyName
        self.email = email
        self.phone = phone
        self.address = address
        self.currency = currency
    }
}

/// A customer's change to their contact details: only what they send changes. Its values are valid by
/// construction (`ContactRules`).
public struct ContactChange: Sendable, Hashable, Codable {
    public var email: String?
    public var phone: String?
    public var address: Address?

    public init(email: String?, phone: String?, address: Address?) {
        self.email = email
        self.phone = phone
        self.address = address
    }

    public var isEmpty: Bool { email == nil && phone == nil && address == nil }

    /// The change applied to contact details as they are.
    public func applied(to current: ContactDetails) -> ContactDetails {
        ContactDetails(email: email ?? current.email, phone: phone ?? current.phone, address: address ?? current.address)
    }
}

/// The contact details the portal lets a customer change, as one system holds them.
public struct ContactDetails: Sendable, Hashable, Codable {
    public var email: String?
    public var phone: String?
    public var address: Address?

    public init(email: String?, phone: String?, address: Address?) {
        self.email = email
        self.phone = phone
        self.address = address
    }

    public init(_ client: WhmcsClient) {
        self.init(email: client.email, phone: client.phone, address: client.address)
    }

    public init(_ account: SalesforceAccount) {
        self.init(email: account.email, phone: account.phone, address: account.address)
    }

    /// Whether these details already show every value `change` sets (email compared without case, phone
    /// numbers by their digits: a billing system may format them).
    public func shows(_ change: ContactChange) -> Bool {
        if let email = change.email, email.lowercased() != self.email?.lowercased() { return false }
        if let phone = change.phone, phone.filter(\.isNumber) != self.phone?.filter(\.isNumber) { return false }
        if let address = change.address, address != self.address { return false }
        return true
    }
}

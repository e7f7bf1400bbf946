/// A saved payment method, masked: only what a customer needs to recognise it.
public struct PaymentMethod: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case card, bankAccount, remoteCard, other
    }

    public var id: Int
    public var type: Kind
    public var description: String
    public var lastFour: String?
    /// Card expiry as `MM/YY`.
    public var expiry: String?
    public var isDefault: Bool

    public init(id: Int, type: Kind, description: String, lastFour: String?, expiry: String?, isDefault: Bool) {
        self.id = id
        self.type = type
        self.description = description
        self.lastFour = lastFour
        self.expiry = expiry
        self.isDefault = isDefault
    }
}

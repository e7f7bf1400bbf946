/// A one-time link that signs the customer into WHMCS and opens one invoice to pay it. The link is a
/// credential: it is never cached or logged, and it prints as `PaymentSession(redacted)`.
public struct PaymentSession: Sendable, Hashable, Codable, CustomStringConvertible, CustomDebugStringConvertible {
    /// How long WHMCS's single sign-on tokens live.
    public static let lifetimeSeconds = 60

    public var url: String
    public var expiresAt: Instant

    public init(url: String, expiresAt: Instant) {
        self.url = url
        self.expiresAt = expiresAt
    }

    public var description: String { "PaymentSession(redacted, expiresAt: \(expiresAt))" }
    public var debugDescription: String { description }
}

import Foundation

extension Providers.Whmcs {
    /// Maps a CreateSsoToken answer (`{"result":"success","access_token":…,"redirect_url":…}`) to a payment
    /// session that expires `lifetimeSeconds` after `issuedAt`.
    public static func paymentSession(
        from raw: RawJSON,
        issuedAt: Instant,
        lifetimeSeconds: Int = PaymentSession.lifetimeSeconds
    ) throws(MappingError) -> PaymentSession {
        let root = try ObjectReader(raw)
        guard let text = try root.trimmedText("redirect_url") else { throw root.failure("redirect_url", .missing, "a single sign-on link") }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["https", "http"].contains(scheme), url.host?.isEmpty == false
        else {
            throw root.failure("redirect_url", .invalidValue, "not an absolute http(s) URL")
        }
        guard let expiresAt = Instant(millisecondsSinceEpoch: issuedAt.millisecondsSinceEpoch + Int64(lifetimeSeconds) * 1000) else {
            throw root.failure("redirect_url", .outOfRange, "the expiry is not representable")
        }
        return PaymentSession(url: text, expiresAt: expiresAt)
    }
}

import Domain
import PortalUpstream

/// What a client changes themselves in WHMCS: their contact details (UpdateClient) and a single sign-on
/// link to pay an invoice (CreateSsoToken).
struct WhmcsSelfService: Sendable {
    let connection: WhmcsConnection

    /// Sets the contact fields `change` holds a value for and leaves the rest. Not retried after a network
    /// error: the caller reads the client to tell whether it took effect.
    func updateContact(clientId: Int, _ change: ContactChange) async throws(UpstreamError) {
        var fields = [("clientid", String(clientId))]
        if let email = change.email { fields.append(("email", email)) }
        if let phone = change.phone { fields.append(("phonenumber", phone)) }
        if let address = change.address {
            fields += [
                ("address1", address.line1 ?? ""), ("address2", address.line2 ?? ""), ("city", address.city ?? ""),
                ("state", address.prefecture ?? ""), ("postcode", address.postcode ?? ""), ("country", address.country),
            ]
        }
        _ = try await connection.call("UpdateClient", fields, idempotent: false)
    }

    /// A link that signs the client in and opens the invoice. Each call makes a new token, which expires
    /// unused after 60 seconds, so a repeat is harmless.
    func paymentSession(clientId: Int, invoiceId: Int, issuedAt: Instant) async throws(UpstreamError) -> PaymentSession {
        let raw = try await connection.call(
            "CreateSsoToken",
            [("client_id", String(clientId)), ("destination", "sso:custom_redirect"), ("sso_redirect_path", "viewinvoice.php?id=\(invoiceId)")],
            idempotent: true
        )
        return try connection.map(raw, action: "CreateSsoToken") { raw throws(MappingError) in
            try Providers.Whmcs.paymentSession(from: raw, issuedAt: issuedAt)
        }
    }
}

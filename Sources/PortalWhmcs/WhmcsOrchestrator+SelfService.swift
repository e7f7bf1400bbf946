import Domain
import PortalUpstream

extension WhmcsOrchestrator {
    /// UpdateClient with the fields `change` sets. WHMCS refuses an email another client has
    /// (`.rejected` with cause `.duplicateValue(field: "email")`).
    public func updateContact(clientId: Int, _ change: ContactChange) async throws(UpstreamError) {
        try await WhmcsSelfService(connection: connection).updateContact(clientId: clientId, change)
    }

    /// CreateSsoToken for `viewinvoice.php?id=invoiceId`: a one-time link, valid 60 seconds from `issuedAt`.
    public func paymentSession(clientId: Int, invoiceId: Int, issuedAt: Instant) async throws(UpstreamError) -> PaymentSession {
        try await WhmcsSelfService(connection: connection).paymentSession(clientId: clientId, invoiceId: invoiceId, issuedAt: issuedAt)
    }
}

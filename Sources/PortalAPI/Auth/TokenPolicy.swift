import Foundation

/// What the claims of a correctly signed token must satisfy: not expired, not before its `nbf` or `iat`
/// (with a small leeway for clock skew), no longer-lived than the maximum, and from the configured
/// issuer for the configured audience.
struct TokenPolicy: Sendable {
    let issuer: String?
    let audience: String?
    let maxLifetime: TimeInterval
    let leeway: TimeInterval

    init(settings: AuthSettings) {
        issuer = settings.issuer
        audience = settings.audience
        maxLifetime = TimeInterval(settings.maxLifetimeSeconds)
        leeway = TimeInterval(settings.leewaySeconds)
    }

    func check(_ claims: CustomerClaims, now: Date) throws(TokenRejection) {
        guard now < claims.exp.value else { throw .expired }
        if let notBefore = claims.nbf?.value, notBefore > now.addingTimeInterval(leeway) { throw .notYetValid }
        if let issuedAt = claims.iat?.value, issuedAt > now.addingTimeInterval(leeway) { throw .issuedInTheFuture }
        let start = claims.iat?.value ?? now
        guard claims.exp.value.timeIntervalSince(start) <= maxLifetime else { throw .lifetimeTooLong }
        if let issuer, claims.iss?.value != issuer { throw .wrongIssuer }
        if let audience, !(claims.aud?.value.contains(audience) ?? false) { throw .wrongAudience }
    }
}

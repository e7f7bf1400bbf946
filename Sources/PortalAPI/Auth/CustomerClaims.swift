import JWTKit

/// The claims of a portal access token issued by the login service. `TokenPolicy` checks the registered
/// ones against the configuration; `verify(using:)` only repeats the expiry check for jwt-kit's own use.
struct CustomerClaims: JWTPayload {
    let sub: SubjectClaim
    let exp: ExpirationClaim
    var nbf: NotBeforeClaim? = nil
    var iat: IssuedAtClaim? = nil
    var iss: IssuerClaim? = nil
    var aud: AudienceClaim? = nil
    let whmcs_client_id: Int?
    let whmcs_instance: String?
    let sf_account_id: String?

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }
}

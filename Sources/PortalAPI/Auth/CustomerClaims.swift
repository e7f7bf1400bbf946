import JWTKit

/// The claims of a portal access token issued by the login service.
struct CustomerClaims: JWTPayload {
    let sub: SubjectClaim
    let exp: ExpirationClaim
    let whmcs_client_id: Int?
    let whmcs_instance: String?
    let sf_account_id: String?

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }
}

/// Why a bearer token was refused. The caller only ever sees 401 `UNAUTHENTICATED`; the cause is for
/// logs and tests.
enum TokenRejection: Error, Equatable, Sendable {
    /// Not three base64url parts, or a header or payload that is not the expected JSON.
    case malformed
    /// The header's `alg` is not one the configuration allows (`none`, HS256 when only public keys are set, …).
    case algorithmNotAllowed
    /// The header names `crit` extensions, none of which are understood.
    case unsupportedCriticalHeader
    /// No configured key of that algorithm (and `kid`) verifies the signature.
    case badSignature
    case expired
    /// `nbf` is later than now plus the leeway.
    case notYetValid
    /// `iat` is later than now plus the leeway.
    case issuedInTheFuture
    /// `exp` is further than the maximum lifetime from `iat` (or from now, without `iat`).
    case lifetimeTooLong
    case wrongIssuer
    case wrongAudience
    /// The claims are signed but unusable: empty `sub`, a non-positive WHMCS client id, a bad Salesforce id.
    case invalidClaims
}

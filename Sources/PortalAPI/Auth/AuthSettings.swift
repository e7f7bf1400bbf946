import Foundation

/// How portal access tokens are verified, read once from configuration.
///
/// Keys: `auth.hmacSecret` (the login service's HS256 secret, at least 32 characters; `AUTH_HMAC_SECRET`),
/// `auth.publicKeysFile` (the login service's public keys: a PEM file of `PUBLIC KEY` blocks, RSA or P-256,
/// or a JWKS JSON file), at least one of the two; `auth.algorithms` (the `alg` values accepted, from `HS256`,
/// `RS256`, `ES256`; default: those of the configured keys), `auth.issuer` and `auth.audience` (when set,
/// `iss` must be it and `aud` must name it), `auth.maxLifetimeSeconds` (86400): the longest a token may be
/// valid from its `iat` (or from now, without one), and `auth.leewaySeconds` (60): the clock skew allowed on
/// `nbf` and `iat`.
public struct AuthSettings: Sendable, Equatable {
    public static let supportedAlgorithms = ["HS256", "RS256", "ES256"]

    public let hmacSecret: String?
    /// The text of `auth.publicKeysFile` (PEM or JWKS), read at start-up.
    public let publicKeys: String?
    /// The configured `auth.algorithms`; nil means those of the configured keys.
    public let algorithms: [String]?
    public let issuer: String?
    public let audience: String?
    public let maxLifetimeSeconds: Int
    public let leewaySeconds: Int

    public init(
        hmacSecret: String? = nil,
        publicKeys: String? = nil,
        algorithms: [String]? = nil,
        issuer: String? = nil,
        audience: String? = nil,
        maxLifetimeSeconds: Int = 86_400,
        leewaySeconds: Int = 60
    ) {
        self.hmacSecret = hmacSecret
        self.publicKeys = publicKeys
        self.algorithms = algorithms
        self.issuer = issuer
        self.audience = audience
        self.maxLifetimeSeconds = maxLifetimeSeconds
        self.leewaySeconds = leewaySeconds
    }
}

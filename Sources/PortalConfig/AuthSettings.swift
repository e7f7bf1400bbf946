import Configuration
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
        hmacSecret: String? = nil, publicKeys: String? = nil, algorithms: [String]? = nil, issuer: String? = nil, audience: String? = nil,
        maxLifetimeSeconds: Int = 86_400, leewaySeconds: Int = 60
    ) {
        self.hmacSecret = hmacSecret
        self.publicKeys = publicKeys
        self.algorithms = algorithms
        self.issuer = issuer
        self.audience = audience
        self.maxLifetimeSeconds = maxLifetimeSeconds
        self.leewaySeconds = leewaySeconds
    }

    public init(config: ConfigReader) throws(ConfigurationError) {
        let secret = config.string(forKey: "auth.hmacSecret", isSecret: true)
        if let secret, secret.utf8.count < 32 { throw .init(key: "auth.hmacSecret", problem: "must be at least 32 characters") }
        hmacSecret = secret
        if let path = config.string(forKey: "auth.publicKeysFile") {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw .init(key: "auth.publicKeysFile", problem: "cannot read \(path)")
            }
            publicKeys = text
        } else {
            publicKeys = nil
        }
        guard hmacSecret != nil || publicKeys != nil else {
            throw .init(
                key: "auth.hmacSecret", problem: "is required (at least 32 characters) unless auth.publicKeysFile names the login service's public keys")
        }
        let algorithms = config.stringArray(forKey: "auth.algorithms")
        if let algorithms {
            guard !algorithms.isEmpty else { throw .init(key: "auth.algorithms", problem: "must name at least one algorithm") }
            if let unknown = algorithms.first(where: { !Self.supportedAlgorithms.contains($0) }) {
                throw .init(key: "auth.algorithms", problem: "\(unknown) is not one of \(Self.supportedAlgorithms.joined(separator: ", "))")
            }
        }
        self.algorithms = algorithms
        issuer = config.string(forKey: "auth.issuer").flatMap { $0.isEmpty ? nil : $0 }
        audience = config.string(forKey: "auth.audience").flatMap { $0.isEmpty ? nil : $0 }
        maxLifetimeSeconds = config.int(forKey: "auth.maxLifetimeSeconds", default: 86_400)
        guard (60...(7 * 86_400)).contains(maxLifetimeSeconds) else { throw .init(key: "auth.maxLifetimeSeconds", problem: "must be 60...604800") }
        leewaySeconds = config.int(forKey: "auth.leewaySeconds", default: 60)
        guard (0...300).contains(leewaySeconds) else { throw .init(key: "auth.leewaySeconds", problem: "must be 0...300") }
    }
}

import Domain
import Foundation
import JWTKit
import Logging
import PortalApplication
import PortalSupport

/// Verifies portal access tokens and turns their claims into a `Customer`: the header's `alg` must be one
/// the configuration allows and a configured key of exactly that algorithm (HS256 secret, RS256/ES256
/// public key) must verify the signature; then `TokenPolicy` checks the claims. Any problem is the same
/// `APIError.unauthenticated`: the caller learns nothing more.
public struct TokenVerifier: Sendable {
    private let keys: TokenKeys
    private let policy: TokenPolicy
    private let settings: AuthSettings
    private let defaultInstance: String
    private let now: @Sendable () -> Date
    private let verified = VerifiedTokens()
    private let parser = DefaultJWTParser()

    /// Fails, naming the configuration key, when the configured keys cannot verify tokens.
    public init(
        settings: AuthSettings,
        defaultInstance: String = "default",
        now: @escaping @Sendable () -> Date = { Date() }
    )
        async throws(ConfigurationError)
    {
        keys = try await TokenKeys(settings: settings)
        policy = TokenPolicy(settings: settings)
        self.settings = settings
        self.defaultInstance = defaultInstance
        self.now = now
    }

    /// HS256 with `hmacSecret` and the default policy, as tests use it.
    public init(hmacSecret: String, defaultInstance: String = "default") async throws(ConfigurationError) {
        try await self.init(settings: AuthSettings(hmacSecret: hmacSecret), defaultInstance: defaultInstance)
    }

    /// The customer `token` names; why it was refused goes to `logger` at debug level only, since any
    /// caller can make refusals.
    public func customer(fromBearer token: String, logger: Logger? = nil) async throws(APIError) -> Customer {
        if let customer = verified.customer(for: token, now: now()) { return customer }
        do {
            let (claims, customer) = try verifiedCustomer(token)
            verified.remember(token, as: customer, until: claims.exp.value)
            return customer
        } catch {
            logger?.debug("access token refused", metadata: ["reason": .string("\(error)")])
            throw .unauthenticated
        }
    }

    /// The claims and customer of `token`, or why it is refused.
    func verifiedCustomer(_ token: String) throws(TokenRejection) -> (CustomerClaims, Customer) {
        let header = try TokenHeader(token: token)
        guard !header.hasCriticalExtensions else { throw .unsupportedCriticalHeader }
        let candidates = keys.candidates(algorithm: header.algorithm, keyId: header.keyId)
        guard !candidates.isEmpty else { throw keys.algorithms.contains(header.algorithm) ? .badSignature : .algorithmNotAllowed }
        guard candidates.contains(where: { (try? $0.algorithm.verify(header.signature, signs: header.signingInput)) == true }) else {
            throw .badSignature
        }
        let claims: CustomerClaims
        do {
            claims = try parser.parse(Data(token.utf8), as: CustomerClaims.self).payload
        } catch {
            throw .malformed
        }
        try policy.check(claims, now: now())
        let accountId: SalesforceId?
        if let text = claims.sf_account_id {
            guard let id = SalesforceId(text) else { throw .invalidClaims }
            accountId = id
        } else {
            accountId = nil
        }
        guard !claims.sub.value.isEmpty, claims.whmcs_client_id.map({ $0 > 0 }) ?? true else { throw .invalidClaims }
        let customer = Customer(
            userId: claims.sub.value,
            whmcsClientId: claims.whmcs_client_id,
            whmcsInstance: claims.whmcs_instance ?? defaultInstance,
            salesforceAccountId: accountId
        )
        return (claims, customer)
    }

    /// An HS256 token for a customer, with the configured issuer and audience: for the developer `token`
    /// command and tests. Fails without `auth.hmacSecret`.
    public func token(for customer: Customer, expiresIn seconds: Int) async throws -> String {
        guard let secret = settings.hmacSecret else { throw ConfigurationError(key: "auth.hmacSecret", problem: "is required to mint tokens") }
        let issued = now()
        let claims = CustomerClaims(
            sub: SubjectClaim(value: customer.userId),
            exp: ExpirationClaim(value: issued.addingTimeInterval(Double(seconds))),
            iat: IssuedAtClaim(value: issued),
            iss: settings.issuer.map { IssuerClaim(value: $0) },
            aud: settings.audience.map { AudienceClaim(value: [$0]) },
            whmcs_client_id: customer.whmcsClientId,
            whmcs_instance: customer.whmcsInstance,
            sf_account_id: customer.salesforceAccountId?.value
        )
        let signer = JWTKeyCollection()
        await signer.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        return try await signer.sign(claims)
    }
}

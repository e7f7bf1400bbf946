import CryptoExtras
import Foundation
import JWTKit
import Synchronization

/// Salesforce's OAuth 2.0 JWT bearer flow as the sandbox's connected app sees it: one RSA key pair made when
/// the simulator is, assertions checked like Salesforce checks them, and access tokens that expire.
final class SalesforceTokens: Sendable {
    /// Why an assertion was refused: the `error` and `error_description` of the token endpoint's answer.
    struct Refusal: Error, Equatable {
        let error: String
        let description: String

        static func invalidGrant(_ description: String) -> Refusal { Refusal(error: "invalid_grant", description: description) }
    }

    /// The claims Salesforce reads; optional so that a missing one is refused by name.
    private struct Assertion: JWTPayload {
        var iss: IssuerClaim?
        var sub: SubjectClaim?
        var aud: AudienceClaim?
        var exp: ExpirationClaim?

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    static let grantType = "urn:ietf:params:oauth:grant-type:jwt-bearer"
    /// Salesforce refuses assertions whose `exp` is further ahead than this.
    static let maximumAssertionLifetime: TimeInterval = 300

    let privateKeyPEM: String
    private let publicKey: JWTKit.Insecure.RSA.PublicKey
    private let clientId: String
    private let username: String
    private let audience: String
    private let state: Mutex<(tokens: [String: ContinuousClock.Instant], lifetime: Duration)>

    /// Made once per process: an RSA 2048 key costs about 0.15 s of CPU, and tests start hundreds of sandboxes.
    private static let sharedKey = makeKey()

    private static func makeKey() -> JWTKit.Insecure.RSA.PrivateKey {
        do {
            return try JWTKit.Insecure.RSA.PrivateKey(backing: _RSA.Signing.PrivateKey(keySize: .bits2048))
        } catch {
            preconditionFailure("cannot make the sandbox's RSA key: \(error)")
        }
    }

    init(clientId: String, username: String, audience: String, key: Sandbox.ConnectedAppKey) {
        let privateKey =
            switch key {
            case .sharedInProcess: Self.sharedKey
            case .fresh: Self.makeKey()
            }
        privateKeyPEM = privateKey.pemRepresentation
        publicKey = privateKey.publicKey
        self.clientId = clientId
        self.username = username
        self.audience = audience
        state = Mutex(([:], .seconds(2 * 3600)))
    }

    var lifetime: Duration {
        get { state.withLock { $0.lifetime } }
        set { state.withLock { $0.lifetime = newValue } }
    }

    /// Checks a signed assertion and issues an access token for it.
    func grant(assertion: String) async throws(Refusal) -> String {
        guard Self.algorithm(of: assertion) == "RS256" else { throw .invalidGrant("invalid assertion") }
        let claims: Assertion
        do {
            claims = try await JWTKeyCollection().add(rsa: publicKey, digestAlgorithm: .sha256).verify(assertion, as: Assertion.self)
        } catch {
            throw .invalidGrant("invalid assertion")
        }
        guard claims.iss?.value == clientId else { throw .invalidGrant("client identifier invalid") }
        guard claims.aud?.value.contains(audience) == true else { throw .invalidGrant("audience is invalid") }
        guard claims.sub?.value == username else { throw .invalidGrant("user hasn't approved this consumer") }
        guard let expiry = claims.exp?.value else { throw .invalidGrant("invalid assertion: no expiration (exp)") }
        guard expiry > Date() else { throw .invalidGrant("expired assertion") }
        guard expiry.timeIntervalSinceNow <= Self.maximumAssertionLifetime else {
            throw .invalidGrant("assertion expiration (exp) is too far in the future")
        }
        return issue()
    }

    private func issue() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._")
        let token = "00D5g000000SBOX!" + String((0..<96).map { _ in alphabet.randomElement()! })
        state.withLock { state in
            let now = ContinuousClock.now
            state.tokens = state.tokens.filter { $0.value > now }
            state.tokens[token] = now + state.lifetime
        }
        return token
    }

    /// Whether `Authorization` carries a live token (`Bearer …`, or Salesforce's older `OAuth …`).
    func isAuthorized(_ authorization: String?) -> Bool {
        guard let authorization else { return false }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, ["bearer", "oauth"].contains(parts[0].lowercased()) else { return false }
        return isLive(String(parts[1]).trimmingCharacters(in: .whitespaces))
    }

    /// Whether `token` is an access token this endpoint issued that has not expired.
    func isLive(_ token: String) -> Bool {
        state.withLock { $0.tokens[token].map { ContinuousClock.now < $0 } ?? false }
    }

    /// Ends every access token now.
    func expireAll() {
        state.withLock { $0.tokens.removeAll() }
    }

    /// The `alg` of a compact JWS header, or nil when it cannot be read.
    private static func algorithm(of token: String) -> String? {
        guard let header = token.split(separator: ".", omittingEmptySubsequences: false).first else { return nil }
        var base64 = header.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return object["alg"] as? String
    }
}

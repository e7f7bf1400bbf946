import APITestSupport
import Crypto
import CryptoExtras
import Foundation
import JWTKit
import PortalCache
import PortalServe
import PortalSupport
import Testing

@testable import PortalAPI
@testable import PortalApplication

@Suite("Access tokens")
struct TokenVerifierTests {
    /// Keys made for this run only: the login service's, as the BFF is configured with their public halves.
    static let rsa = try! Insecure.RSA.PrivateKey(backing: _RSA.Signing.PrivateKey(keySize: .bits2048))
    static let p256 = ES256PrivateKey()
    static let secret = "test-only-hmac-secret-0123456789abcdef"

    private let now = Date(timeIntervalSince1970: 1_800_000_000)

    private func verifier(_ settings: AuthSettings) async throws -> TokenVerifier {
        let now = now
        return try await TokenVerifier(settings: settings, now: { now })
    }

    private func claims(
        exp: TimeInterval = 600,
        nbf: TimeInterval? = nil,
        iat: TimeInterval? = 0,
        iss: String? = nil,
        aud: [String]? = nil
    ) -> CustomerClaims {
        CustomerClaims(
            sub: SubjectClaim(value: "cust-001"),
            exp: ExpirationClaim(value: now + exp),
            nbf: nbf.map { NotBeforeClaim(value: now + $0) },
            iat: iat.map { IssuedAtClaim(value: now + $0) },
            iss: iss.map { IssuerClaim(value: $0) },
            aud: aud.map { AudienceClaim(value: $0) },
            whmcs_client_id: 1001,
            whmcs_instance: nil,
            sf_account_id: nil
        )
    }

    /// `claims` signed by the login service with `key`, the header naming `kid` (none when nil) and, when
    /// given, another `alg`.
    private func token(_ claims: CustomerClaims, _ key: SigningKey, kid: String? = nil, headerAlg: String? = nil) async throws -> String {
        let keys = JWTKeyCollection()
        let id = kid.map { JWKIdentifier(string: $0) }
        switch key {
        case .hmac(let secret): await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256, kid: id)
        case .rsa: await keys.add(rsa: Self.rsa, digestAlgorithm: .sha256, kid: id)
        case .p256: await keys.add(ecdsa: Self.p256, kid: id)
        }
        var header = JWTHeader()
        if let headerAlg { header.alg = headerAlg }
        return try await keys.sign(claims, kid: id, header: header)
    }

    enum SigningKey {
        case hmac(String)
        case rsa
        case p256
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    private func refusal(_ verifier: TokenVerifier, _ token: String) -> TokenRejection? {
        do {
            _ = try verifier.verifiedCustomer(token)
            return nil
        } catch {
            return error
        }
    }

    private var rsaPEM: String { Self.rsa.publicKey.pemRepresentation }
    private var p256PEM: String { Self.p256.publicKey.pemRepresentation }

    // MARK: Claims

    @Test func aTokenNotValidYetIsRefusedButASmallClockSkewIsTolerated() async throws {
        let verifier = try await verifier(AuthSettings(hmacSecret: Self.secret, leewaySeconds: 60))
        #expect(refusal(verifier, try await token(claims(nbf: 120), .hmac(Self.secret))) == .notYetValid)
        #expect(refusal(verifier, try await token(claims(nbf: 30), .hmac(Self.secret))) == nil)
        #expect(refusal(verifier, try await token(claims(iat: 120), .hmac(Self.secret))) == .issuedInTheFuture)
        #expect(refusal(verifier, try await token(claims(exp: -1), .hmac(Self.secret))) == .expired)
    }

    @Test func aTokenLivingLongerThanTheMaximumIsRefused() async throws {
        let verifier = try await verifier(AuthSettings(hmacSecret: Self.secret, maxLifetimeSeconds: 3600))
        #expect(refusal(verifier, try await token(claims(exp: 3600, iat: 0), .hmac(Self.secret))) == nil)
        #expect(refusal(verifier, try await token(claims(exp: 30 * 86_400, iat: 0), .hmac(Self.secret))) == .lifetimeTooLong)
        #expect(refusal(verifier, try await token(claims(exp: 1_800, iat: -3_000), .hmac(Self.secret))) == .lifetimeTooLong)
        #expect(refusal(verifier, try await token(claims(exp: 7_200, iat: nil), .hmac(Self.secret))) == .lifetimeTooLong)
    }

    @Test func theIssuerAndAudienceMustBeTheConfiguredOnes() async throws {
        let verifier = try await verifier(AuthSettings(hmacSecret: Self.secret, issuer: "https://login.example.jp", audience: "portal-bff"))
        let good = claims(iss: "https://login.example.jp", aud: ["another-service", "portal-bff"])
        #expect(refusal(verifier, try await token(good, .hmac(Self.secret))) == nil)
        #expect(refusal(verifier, try await token(claims(iss: "https://evil.example", aud: ["portal-bff"]), .hmac(Self.secret))) == .wrongIssuer)
        #expect(refusal(verifier, try await token(claims(aud: ["portal-bff"]), .hmac(Self.secret))) == .wrongIssuer)
        #expect(
            refusal(verifier, try await token(claims(iss: "https://login.example.jp", aud: ["another-service"]), .hmac(Self.secret)))
                == .wrongAudience
        )
        #expect(refusal(verifier, try await token(claims(iss: "https://login.example.jp"), .hmac(Self.secret))) == .wrongAudience)
        let open = try await self.verifier(AuthSettings(hmacSecret: Self.secret))
        #expect(refusal(open, try await token(claims(), .hmac(Self.secret))) == nil)
    }

    @Test func aMintedTokenCarriesTheConfiguredIssuerAndAudience() async throws {
        let settings = AuthSettings(hmacSecret: Self.secret, issuer: "https://login.example.jp", audience: "portal-bff", maxLifetimeSeconds: 3600)
        let verifier = try await TokenVerifier(settings: settings)
        let customer = Customer(userId: "cust-003", whmcsClientId: 1003, whmcsInstance: "default", salesforceAccountId: nil)
        #expect(try await verifier.customer(fromBearer: try await verifier.token(for: customer, expiresIn: 600)) == customer)
    }

    // MARK: The header's alg

    @Test func theHeadersAlgMustBeAnAllowedAlgorithmOfTheKeyThatVerifies() async throws {
        let verifier = try await verifier(AuthSettings(hmacSecret: Self.secret))
        #expect(refusal(verifier, try await token(claims(), .hmac(Self.secret))) == nil)
        #expect(refusal(verifier, try await token(claims(), .hmac(Self.secret), headerAlg: "HS512")) == .algorithmNotAllowed)
        #expect(refusal(verifier, try await token(claims(), .hmac(Self.secret), headerAlg: "none")) == .algorithmNotAllowed)
        let unsecured = try await token(claims(), .hmac(Self.secret), headerAlg: "none").split(separator: ".").prefix(2).joined(separator: ".") + "."
        #expect(refusal(verifier, unsecured) == .algorithmNotAllowed)
    }

    @Test func withOnlyPublicKeysAnHS256TokenSignedWithThePublicKeyIsRefused() async throws {
        let verifier = try await verifier(AuthSettings(publicKeys: rsaPEM))
        #expect(refusal(verifier, try await token(claims(), .rsa)) == nil)
        #expect(refusal(verifier, try await token(claims(), .hmac(rsaPEM))) == .algorithmNotAllowed)
    }

    @Test func theConfiguredAlgorithmsNarrowWhatTheKeysCouldVerify() async throws {
        let verifier = try await verifier(AuthSettings(hmacSecret: Self.secret, publicKeys: rsaPEM + "\n" + p256PEM, algorithms: ["ES256"]))
        #expect(refusal(verifier, try await token(claims(), .p256)) == nil)
        #expect(refusal(verifier, try await token(claims(), .rsa)) == .algorithmNotAllowed)
        #expect(refusal(verifier, try await token(claims(), .hmac(Self.secret))) == .algorithmNotAllowed)
    }

    // MARK: RS256 and ES256 public keys

    @Test func rs256AndES256TokensVerifyWithPEMPublicKeys() async throws {
        let verifier = try await verifier(AuthSettings(publicKeys: rsaPEM + "\n" + p256PEM))
        #expect(refusal(verifier, try await token(claims(), .rsa)) == nil)
        #expect(refusal(verifier, try await token(claims(), .p256)) == nil)
        let other = try await self.verifier(AuthSettings(publicKeys: p256PEM))
        #expect(refusal(other, try await token(claims(), .rsa)) == .algorithmNotAllowed)
        let forged = try await token(claims(), .p256).split(separator: ".").prefix(2).joined(separator: ".") + "." + Self.base64URL(Data(count: 64))
        #expect(refusal(verifier, forged) == .badSignature)
    }

    @Test func rs256AndES256TokensVerifyWithAJWKSPickingTheKeyByKid() async throws {
        let (modulus, exponent) = try Self.rsa.publicKey.getKeyPrimitives()
        let point = try #require(Self.p256.publicKey.parameters)
        let jwks = """
            {"keys":[
              {"kty":"RSA","kid":"login-rsa-1","use":"sig","alg":"RS256","n":"\(Self.base64URL(modulus))","e":"\(Self.base64URL(exponent))"},
              {"kty":"EC","kid":"login-ec-1","use":"sig","crv":"P-256","x":"\(point.x)","y":"\(point.y)"}
            ]}
            """
        let verifier = try await verifier(AuthSettings(publicKeys: jwks))
        #expect(refusal(verifier, try await token(claims(), .rsa, kid: "login-rsa-1")) == nil)
        #expect(refusal(verifier, try await token(claims(), .p256, kid: "login-ec-1")) == nil)
        #expect(refusal(verifier, try await token(claims(), .p256, kid: "login-rsa-1")) == .badSignature)
        #expect(refusal(verifier, try await token(claims(), .rsa, kid: "login-rsa-2")) == .badSignature)
        #expect(refusal(verifier, try await token(claims(), .rsa)) == nil)
    }

    @Test func unusableKeysOrAnAlgorithmWithoutAKeyStopStartUp() async throws {
        await #expect(throws: ConfigurationError(key: "auth.algorithms", problem: "RS256 is allowed but no configured key verifies it")) {
            _ = try await TokenVerifier(settings: AuthSettings(hmacSecret: Self.secret, algorithms: ["HS256", "RS256"]))
        }
        await #expect(throws: ConfigurationError.self) { _ = try await TokenVerifier(settings: AuthSettings(publicKeys: "not a key")) }
        await #expect(throws: ConfigurationError.self) { _ = try await TokenVerifier(settings: AuthSettings(publicKeys: #"{"keys":[]}"#)) }
        let p384 = ES384PrivateKey().publicKey.pemRepresentation
        await #expect(throws: ConfigurationError.self) { _ = try await TokenVerifier(settings: AuthSettings(publicKeys: p384)) }
    }
}

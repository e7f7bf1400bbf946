import Domain
import Foundation
import JWTKit

/// Verifies portal access tokens (HS256 with the configured secret) and turns their claims into a
/// `Customer`. Any problem is the same `APIError.unauthenticated`: the caller learns nothing more.
public struct TokenVerifier: Sendable {
    private let keys: JWTKeyCollection
    private let defaultInstance: String
    private let verified = VerifiedTokens()

    public init(hmacSecret: String, defaultInstance: String = "default") async {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: hmacSecret), digestAlgorithm: .sha256)
        self.keys = keys
        self.defaultInstance = defaultInstance
    }

    public func customer(fromBearer token: String) async throws(APIError) -> Customer {
        if let customer = verified.customer(for: token) { return customer }
        let claims: CustomerClaims
        do {
            claims = try await keys.verify(token, as: CustomerClaims.self)
        } catch {
            throw .unauthenticated
        }
        let accountId: SalesforceId?
        if let text = claims.sf_account_id {
            guard let id = SalesforceId(text) else { throw .unauthenticated }
            accountId = id
        } else {
            accountId = nil
        }
        guard !claims.sub.value.isEmpty, claims.whmcs_client_id.map({ $0 > 0 }) ?? true else { throw .unauthenticated }
        let customer = Customer(
            userId: claims.sub.value, whmcsClientId: claims.whmcs_client_id, whmcsInstance: claims.whmcs_instance ?? defaultInstance,
            salesforceAccountId: accountId)
        verified.remember(token, as: customer, until: claims.exp.value)
        return customer
    }

    /// A token for a customer, signed with the same secret: for the developer `token` command and tests.
    public func token(for customer: Customer, expiresIn seconds: Int) async throws -> String {
        let claims = CustomerClaims(
            sub: SubjectClaim(value: customer.userId), exp: ExpirationClaim(value: .now.addingTimeInterval(Double(seconds))),
            whmcs_client_id: customer.whmcsClientId, whmcs_instance: customer.whmcsInstance, sf_account_id: customer.salesforceAccountId?.value)
        return try await keys.sign(claims)
    }
}

import Domain
import Foundation
import JWTKit
import PortalUpstream

/// An access token, the instance it is for and the org it belongs to.
struct SalesforceToken: Sendable, Equatable {
    let accessToken: String
    let instanceURL: URL
    /// The org id: the second-to-last path segment of the token response's identity URL
    /// (`…/id/{orgId}/{userId}`); the Pub/Sub API's `tenantid`. Nil when the answer had no `id`.
    let organizationId: String?
    let obtainedAt: ContinuousClock.Instant

    init(accessToken: String, instanceURL: URL, organizationId: String? = nil, obtainedAt: ContinuousClock.Instant) {
        self.accessToken = accessToken
        self.instanceURL = instanceURL
        self.organizationId = organizationId
        self.obtainedAt = obtainedAt
    }

    /// The org id in an identity URL `https://login.salesforce.com/id/{orgId}/{userId}`.
    static func organizationId(identityURL: String) -> String? {
        guard let url = URL(string: identityURL) else { return nil }
        let segments = url.pathComponents.filter { $0 != "/" }
        guard segments.count >= 2, !segments[segments.count - 2].isEmpty else { return nil }
        return segments[segments.count - 2]
    }
}

/// Obtains access tokens with a signed JWT assertion and keeps the current one until it is near its
/// lifetime or Salesforce refuses it. Concurrent callers share one token request.
actor SalesforceSession {
    private struct AssertionClaims: JWTPayload {
        let iss: IssuerClaim
        let sub: SubjectClaim
        let aud: AudienceClaim
        let exp: ExpirationClaim

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    private let credentials: SalesforceCredentials
    private let caller: UpstreamCaller
    private let lifetime: Duration
    /// How old a token is, and when a sign-in assertion expires, are read from these clocks.
    private let now: @Sendable () -> ContinuousClock.Instant
    private let wallClock: @Sendable () -> Date
    private var current: SalesforceToken?
    private var pending: Task<SalesforceToken, any Error>?

    init(
        credentials: SalesforceCredentials,
        caller: UpstreamCaller,
        lifetime: Duration,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now },
        wallClock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.credentials = credentials
        self.caller = caller
        self.lifetime = lifetime
        self.now = now
        self.wallClock = wallClock
    }

    /// The current token, or a new one when there is none, it is within 5 minutes of `lifetime`, or
    /// `replacing` is the token Salesforce just refused.
    func token(replacing refused: SalesforceToken? = nil) async throws(UpstreamError) -> SalesforceToken {
        if let current, current != refused, now() - current.obtainedAt < lifetime - .seconds(300) { return current }
        if let pending { return try await Self.value(of: pending, system: caller.system) }
        let task = Task { try await self.requestToken() }
        pending = task
        defer { pending = nil }
        let token = try await Self.value(of: task, system: caller.system)
        current = token
        return token
    }

    private static func value(of task: Task<SalesforceToken, any Error>, system: String) async throws(UpstreamError) -> SalesforceToken {
        do {
            return try await task.value
        } catch let error as UpstreamError {
            throw error
        } catch {
            throw .unavailable(system: system, cause: .cancelled, detail: "token request interrupted")
        }
    }

    private func requestToken() async throws(UpstreamError) -> SalesforceToken {
        let system = caller.system
        let assertion = try await signedAssertion()
        let url = credentials.loginURL.appendingPathComponent("services/oauth2/token")
        let request = UpstreamRequest.form(url, fields: [("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", assertion)])
        let response = try await caller.call(request, action: "token", idempotent: true) { response in
            switch response.status {
            case 200..<300: .accept
            case 400, 401, 403:
                .fail(
                    .authenticationFailed(system: system, cause: .credentialsRefused, detail: "token: HTTP \(response.status)"),
                    countsAgainstHealth: true
                )
            case 429: .rateLimited(retryAfter: response.retryAfter)
            default:
                .fail(
                    .unavailable(system: system, cause: .status(response.status), detail: "token: HTTP \(response.status)"),
                    countsAgainstHealth: response.status >= 500
                )
            }
        }
        guard case .object(let fields)? = try? RawJSON.parse(response.body),
            case .string(let accessToken)? = fields["access_token"], !accessToken.isEmpty,
            case .string(let instance)? = fields["instance_url"], let instanceURL = URL(string: instance), instanceURL.scheme != nil
        else { throw .invalidResponse(system: system, cause: .malformedAnswer, detail: "token: no access_token/instance_url") }
        var organizationId: String?
        if case .string(let identity)? = fields["id"] { organizationId = SalesforceToken.organizationId(identityURL: identity) }
        return SalesforceToken(accessToken: accessToken, instanceURL: instanceURL, organizationId: organizationId, obtainedAt: now())
    }

    private func signedAssertion() async throws(UpstreamError) -> String {
        do {
            let keys = JWTKeyCollection()
            await keys.add(rsa: try Insecure.RSA.PrivateKey(pem: credentials.privateKeyPEM), digestAlgorithm: .sha256)
            let claims = AssertionClaims(
                iss: IssuerClaim(value: credentials.clientId),
                sub: SubjectClaim(value: credentials.username),
                aud: AudienceClaim(value: [credentials.audience]),
                exp: ExpirationClaim(value: wallClock().addingTimeInterval(180))
            )
            return try await keys.sign(claims)
        } catch {
            throw .authenticationFailed(
                system: caller.system,
                cause: .credentialsUnusable,
                detail: "token: the private key cannot sign (\(type(of: error)))"
            )
        }
    }
}

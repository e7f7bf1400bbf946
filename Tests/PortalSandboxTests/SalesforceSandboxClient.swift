import Domain
import Foundation
import JWTKit
import PortalSandbox
import PortalUpstream
import TestSupport

/// A bare HTTP client of the sandbox's Salesforce simulator: signs assertions with jwt-kit and sends
/// requests over loopback, so the tests see the wire format itself.
struct SalesforceSandboxClient {
    struct Claims: JWTPayload {
        var iss: IssuerClaim
        var sub: SubjectClaim
        var aud: AudienceClaim
        var exp: ExpirationClaim

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    let sandbox: Sandbox
    let running: RunningSandbox
    let transport = URLSessionTransport()

    static func start(_ sandbox: Sandbox = Sandbox()) async throws -> SalesforceSandboxClient {
        SalesforceSandboxClient(sandbox: sandbox, running: try await sandbox.start())
    }

    func stop() async {
        await running.stop()
    }

    /// Starts a client as `start` does, runs `body` with it and stops it before returning, whether the body
    /// returned or threw.
    @discardableResult
    static func withRunning<Result>(_ sandbox: Sandbox = Sandbox(), _ body: (SalesforceSandboxClient) async throws -> Result) async throws -> Result {
        try await withTeardown(try await start(sandbox), stop: { await $0.stop() }, body)
    }

    /// The instance URL, `http://127.0.0.1:PORT/salesforce`.
    var instanceURL: URL { running.baseURLs.salesforce }

    static func validClaims(expiringIn seconds: TimeInterval = 180) -> Claims {
        Claims(
            iss: IssuerClaim(value: Sandbox.salesforceClientId),
            sub: SubjectClaim(value: Sandbox.salesforceUsername),
            aud: AudienceClaim(value: [Sandbox.salesforceAudience]),
            exp: ExpirationClaim(value: Date().addingTimeInterval(seconds))
        )
    }

    /// An RS256 assertion signed with `privateKeyPEM` (the sandbox's connected-app key by default).
    func assertion(_ claims: Claims = validClaims(), privateKeyPEM: String? = nil) async throws -> String {
        let key = try Insecure.RSA.PrivateKey(pem: privateKeyPEM ?? sandbox.connectedAppPrivateKeyPEM)
        return try await JWTKeyCollection().add(rsa: key, digestAlgorithm: .sha256).sign(claims)
    }

    func requestToken(assertion: String, grantType: String = "urn:ietf:params:oauth:grant-type:jwt-bearer") async throws -> UpstreamResponse {
        try await transport.send(
            .form(
                instanceURL.appendingPathComponent("services/oauth2/token"),
                fields: [("grant_type", grantType), ("assertion", assertion)]
            )
        )
    }

    /// A fresh access token.
    func token() async throws -> String {
        let response = try await requestToken(assertion: try await assertion())
        guard case .string(let token)? = try RawJSON.parse(response.body)["access_token"] else { throw UnexpectedAnswer(response: response) }
        return token
    }

    func query(_ soql: String, token: String) async throws -> UpstreamResponse {
        try await get("/services/data/v61.0/query?q=\(FormEncoding.escape(soql))", token: token)
    }

    /// GET of a path under the instance URL, as `nextRecordsUrl` names one.
    func get(_ path: String, token: String?) async throws -> UpstreamResponse {
        try await send("GET", path, token: token)
    }

    func send(_ method: String, _ path: String, token: String?, json: String? = nil) async throws -> UpstreamResponse {
        var headers = ["Accept": "application/json"]
        if let token { headers["Authorization"] = "Bearer \(token)" }
        if json != nil { headers["Content-Type"] = "application/json" }
        return try await transport.send(
            UpstreamRequest(
                method: method,
                url: URL(string: instanceURL.absoluteString + path)!,
                headers: headers,
                body: json.map { Data($0.utf8) }
            )
        )
    }
}

struct UnexpectedAnswer: Error {
    let response: UpstreamResponse
}

extension UpstreamResponse {
    var json: RawJSON {
        get throws { try RawJSON.parse(body) }
    }

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The first `errorCode` of a Salesforce error array.
    var errorCode: String? {
        guard case .string(let code)? = try? RawJSON.parse(body)[0]?["errorCode"] else { return nil }
        return code
    }
}

extension RawJSON {
    subscript(key: String) -> RawJSON? {
        guard case .object(let fields) = self else { return nil }
        return fields[key]
    }

    subscript(index: Int) -> RawJSON? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    var records: [RawJSON] {
        guard case .array(let records)? = self["records"] else { return [] }
        return records
    }

    var text: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }

    var keys: Set<String> {
        guard case .object(let fields) = self else { return [] }
        return Set(fields.keys)
    }
}

import Domain
import Foundation
import JWTKit
import PortalSandbox
import Testing

@Suite("Salesforce simulator: JWT bearer token endpoint and sessions")
struct SalesforceTokenTests {
    @Test func aCorrectlySignedAssertionGetsAToken() async throws {
        try await SalesforceSandboxClient.withRunning { client in
            let response = try await client.requestToken(assertion: try await client.assertion())
            #expect(response.status == 200)
            let body = try response.json
            #expect(body["token_type"] == .string("Bearer"))
            #expect(body["scope"] == .string("api"))
            #expect(body["instance_url"] == .string(client.instanceURL.absoluteString))
            #expect(body["id"]?.text?.hasPrefix("https://login.salesforce.com/id/00D") == true)
            let token = try #require(body["access_token"]?.text)
            #expect(try await client.query("SELECT Id FROM Product2", token: token).status == 200)
        }
    }

    enum Tampering: String, CaseIterable {
        case otherKey, issuer, subject, audience, expired, expiresTooLate
    }

    @Test(arguments: Tampering.allCases)
    func aWrongAssertionIsRefused(_ tampering: Tampering) async throws {
        try await SalesforceSandboxClient.withRunning { client in
            var claims = SalesforceSandboxClient.validClaims()
            var key: String?
            switch tampering {
            case .otherKey: key = Sandbox(connectedAppKey: .fresh).connectedAppPrivateKeyPEM
            case .issuer: claims.iss = "someone-else"
            case .subject: claims.sub = "admin@portal-sandbox.example"
            case .audience: claims.aud = AudienceClaim(value: ["https://test.salesforce.com"])
            case .expired: claims.exp = ExpirationClaim(value: Date().addingTimeInterval(-10))
            case .expiresTooLate: claims.exp = ExpirationClaim(value: Date().addingTimeInterval(3600))
            }
            let response = try await client.requestToken(assertion: try await client.assertion(claims, privateKeyPEM: key))
            #expect(response.status == 400)
            let body = try response.json
            #expect(body["error"] == .string("invalid_grant"))
            #expect(body["error_description"]?.text?.isEmpty == false)
            #expect(body["access_token"] == nil)
        }
    }

    @Test func anotherGrantTypeIsUnsupported() async throws {
        try await SalesforceSandboxClient.withRunning { client in
            let response = try await client.requestToken(assertion: try await client.assertion(), grantType: "password")
            #expect(response.status == 400)
            #expect(try response.json["error"] == .string("unsupported_grant_type"))
        }
    }

    @Test func aGarbledAssertionIsRefused() async throws {
        try await SalesforceSandboxClient.withRunning { client in
            let response = try await client.requestToken(assertion: "not.a.jwt")
            #expect(response.status == 400)
            #expect(try response.json["error"] == .string("invalid_grant"))
        }
    }

    @Test func expiredAccessTokensAreAnInvalidSession() async throws {
        try await SalesforceSandboxClient.withRunning { client in
            let token = try await client.token()
            #expect(try await client.query("SELECT Id FROM Account", token: token).status == 200)
            client.sandbox.expireSalesforceAccessTokens()
            let refused = try await client.query("SELECT Id FROM Account", token: token)
            #expect(refused.status == 401)
            #expect(refused.errorCode == "INVALID_SESSION_ID")
            #expect(try Providers.Salesforce.failure(in: refused.json)?.code == .invalidSession)
            #expect(try refused.json[0]?["message"] == .string("Session expired or invalid"))
            #expect(try await client.query("SELECT Id FROM Account", token: try await client.token()).status == 200)
        }
    }

    @Test func aQueryWithoutOrWithAnUnknownTokenIsAnInvalidSession() async throws {
        try await SalesforceSandboxClient.withRunning { client async throws in
            #expect(try await client.get("/services/data/v61.0/query?q=SELECT+Id+FROM+Account", token: nil).errorCode == "INVALID_SESSION_ID")
            #expect(try await client.query("SELECT Id FROM Account", token: "00Dmadeup!token").status == 401)
        }
    }

    @Test func tokensLiveForTheirLifetime() async throws {
        try await SalesforceSandboxClient.withRunning { client in
            client.sandbox.salesforceAccessTokenLifetime = .seconds(3)
            let token = try await client.token()
            #expect(try await client.query("SELECT Id FROM Account", token: token).status == 200)
            try await Task.sleep(for: .milliseconds(3300))
            #expect(try await client.query("SELECT Id FROM Account", token: token).status == 401)
        }
    }

    @Test func theRateLimitKnobAnswersLikeSalesforce() async throws {
        try await SalesforceSandboxClient.withRunning { client in
            let token = try await client.token()
            client.sandbox.salesforceKnobs.settings.rateLimitBurst = 1
            let limited = try await client.query("SELECT Id FROM Account", token: token)
            #expect(limited.status == 403)
            #expect(limited.errorCode == "REQUEST_LIMIT_EXCEEDED")
            #expect(try limited.json[0]?["message"] == .string("TotalRequests Limit exceeded."))
            #expect(try Providers.Salesforce.failure(in: limited.json)?.code == .requestLimitExceeded)
            #expect(try await client.query("SELECT Id FROM Account", token: token).status == 200)
            #expect(client.sandbox.salesforceKnobs.calls("salesforce.query") == 2)
            #expect(client.sandbox.salesforceKnobs.calls("salesforce.token") == 1)
        }
    }

    @Test func theServerErrorKnobAnswers500() async throws {
        try await SalesforceSandboxClient.withRunning { client in
            let token = try await client.token()
            client.sandbox.salesforceKnobs.settings.errorRate = 1
            #expect(try await client.query("SELECT Id FROM Account", token: token).status == 500)
        }
    }
}

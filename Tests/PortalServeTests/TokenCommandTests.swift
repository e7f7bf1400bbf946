import Foundation
import PortalAPI
import PortalCache
import PortalServe
import PortalSupport
import TestSupport
import Testing

@testable import PortalApplication
@testable import PortalServe

@Suite("portal-bff token")
struct TokenCommandTests {
    private let secret = "a-test-secret-that-is-long-enough-0123"

    @Test func aDevelopmentConfigurationMintsATokenTheAPIAccepts() async throws {
        let file = try temporaryConfigFile(#"{"environment":"development","auth":{"hmacSecret":"\#(secret)"}}"#)
        let command = try TokenCommand.parse(["--customer", "cust-002", "--config", file])
        let token = try await command.mint()
        let customer = try await TokenVerifier(hmacSecret: secret).customer(fromBearer: token)
        #expect(customer.userId == "cust-002")
        #expect(customer.whmcsClientId == 1002)
        #expect(customer.salesforceAccountId != nil)
    }

    @Test func theTokenCarriesTheConfiguredIssuerAndAudienceAndNeverOutlivesTheMaximum() async throws {
        let file = try temporaryConfigFile(
            #"{"environment":"development","auth":{"hmacSecret":"\#(secret)","issuer":"https://login.example.jp","audience":"portal-bff","maxLifetimeSeconds":900}}"#
        )
        let token = try await TokenCommand.parse(["--customer", "cust-002", "--config", file, "--ttl", "900"]).mint()
        let settings = AuthSettings(hmacSecret: secret, issuer: "https://login.example.jp", audience: "portal-bff", maxLifetimeSeconds: 900)
        #expect(try await TokenVerifier(settings: settings).customer(fromBearer: token).userId == "cust-002")
        await #expect(throws: (any Error).self) { try await TokenCommand.parse(["--customer", "cust-002", "--config", file, "--ttl", "901"]).mint() }
    }

    @Test func anyOtherEnvironmentIsRefused() async throws {
        let file = try temporaryConfigFile(#"{"environment":"production","auth":{"hmacSecret":"\#(secret)"}}"#)
        let command = try TokenCommand.parse(["--customer", "cust-002", "--config", file])
        await #expect(throws: (any Error).self) { try await command.mint() }
    }

    @Test func anUnknownCustomerIsRefused() async throws {
        let file = try temporaryConfigFile(#"{"environment":"development","auth":{"hmacSecret":"\#(secret)"}}"#)
        await #expect(throws: (any Error).self) { try await TokenCommand.parse(["--customer", "cust-999", "--config", file]).mint() }
    }

    @Test func aShortSecretIsAConfigurationError() async throws {
        let file = try temporaryConfigFile(#"{"environment":"development","auth":{"hmacSecret":"short"}}"#)
        await #expect(throws: (any Error).self) { try await TokenCommand.parse(["--customer", "cust-001", "--config", file]).mint() }
    }
}

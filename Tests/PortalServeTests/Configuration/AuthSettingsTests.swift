import Configuration
import Foundation
import PortalAPI
import PortalApplication
import PortalCache
import PortalSupport
import Testing

@testable import PortalServe

@Suite("Auth settings")
struct AuthSettingsTests {
    private let secret = "a-test-secret-that-is-long-enough-0123"

    private func settings(_ values: [AbsoluteConfigKey: ConfigValue]) throws(ConfigurationError) -> AuthSettings {
        try AuthSettings(config: ConfigReader(provider: InMemoryProvider(values: values)))
    }

    @Test func theSecretAloneIsEnoughAndTheDefaultsAreSafe() throws {
        let read = try settings(["auth.hmacSecret": .init(.string(secret), isSecret: true)])
        #expect(read.hmacSecret == secret)
        #expect(read.publicKeys == nil)
        #expect(read.algorithms == nil)
        #expect(read.issuer == nil && read.audience == nil)
        #expect(read.maxLifetimeSeconds == 86_400)
        #expect(read.leewaySeconds == 60)
    }

    @Test func publicKeysAloneAreEnoughAndAreReadFromTheirFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString).pem")
        try Data("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n".utf8).write(to: file)
        let read = try settings([
            "auth.publicKeysFile": .init(.string(file.path), isSecret: false),
            "auth.algorithms": .init(.stringArray(["RS256"]), isSecret: false),
            "auth.issuer": .init(.string("https://login.example.jp"), isSecret: false),
            "auth.audience": .init(.string("portal-bff"), isSecret: false),
        ])
        #expect(read.hmacSecret == nil)
        #expect(read.publicKeys?.hasPrefix("-----BEGIN PUBLIC KEY-----") == true)
        #expect(read.algorithms == ["RS256"])
        #expect(read.issuer == "https://login.example.jp")
        #expect(read.audience == "portal-bff")
    }

    @Test func neitherKeyAnUnreadableFileOrAnUnknownAlgorithmNamesTheKey() {
        #expect(
            throws: ConfigurationError(
                key: "auth.hmacSecret",
                problem: "is required (at least 32 characters) unless auth.publicKeysFile names the login service's public keys"
            )
        ) { try settings([:]) }
        #expect(throws: ConfigurationError(key: "auth.hmacSecret", problem: "must be at least 32 characters")) {
            try settings(["auth.hmacSecret": .init(.string("short"), isSecret: true)])
        }
        #expect(throws: ConfigurationError(key: "auth.publicKeysFile", problem: "cannot read /nonexistent/keys.pem")) {
            try settings(["auth.publicKeysFile": .init(.string("/nonexistent/keys.pem"), isSecret: false)])
        }
        #expect(throws: ConfigurationError(key: "auth.algorithms", problem: "none is not one of HS256, RS256, ES256")) {
            try settings([
                "auth.hmacSecret": .init(.string(secret), isSecret: true),
                "auth.algorithms": .init(.stringArray(["HS256", "none"]), isSecret: false),
            ])
        }
        #expect(throws: ConfigurationError(key: "auth.maxLifetimeSeconds", problem: "must be 60...604800")) {
            try settings(["auth.hmacSecret": .init(.string(secret), isSecret: true), "auth.maxLifetimeSeconds": .init(.int(0), isSecret: false)])
        }
    }
}

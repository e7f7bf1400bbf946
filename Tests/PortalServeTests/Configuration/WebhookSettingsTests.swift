import Configuration
import PortalAPI
import PortalApplication
import PortalCache
import PortalSupport
import Testing

@testable import PortalServe

@Suite("Webhook settings")
struct WebhookSettingsTests {
    private func settings(_ values: [AbsoluteConfigKey: ConfigValue]) throws(ConfigurationError) -> WebhookSettings {
        try WebhookSettings(config: ConfigReader(provider: InMemoryProvider(values: values)))
    }

    @Test func everyInstanceHasItsSecretsAndSalesforceIsOptional() throws {
        let read = try settings([
            "whmcs.instances": .init(.stringArray(["default", "brand-b"]), isSecret: false),
            "webhooks.whmcs.default.secrets": .init(.stringArray(["the-new-default-secret-123", "the-old-default-secret-123"]), isSecret: true),
            "webhooks.whmcs.brand-b.secrets": .init(.stringArray(["the-brand-b-secret-123456"]), isSecret: true),
        ])
        #expect(read.whmcsSecrets["default"]?.map(\.key) == [Array("the-new-default-secret-123".utf8), Array("the-old-default-secret-123".utf8)])
        #expect(read.whmcsSecrets["brand-b"]?.map(\.key) == [Array("the-brand-b-secret-123456".utf8)])
        #expect(read.salesforceSecrets == [])
        #expect(read.toleranceSeconds == 300)
    }

    @Test func anInstanceWithoutSecretsOrWithAShortOneNamesTheKey() {
        #expect(
            throws: ConfigurationError(
                key: "webhooks.whmcs.brand-b.secrets",
                problem: "is required: the secrets this instance's webhooks are signed with"
            )
        ) {
            try settings(["whmcs.instances": .init(.stringArray(["brand-b"]), isSecret: false)])
        }
        #expect(
            throws: ConfigurationError(
                key: "webhooks.salesforce.secrets",
                problem: "each secret must be at least 24 characters (a whsec_ secret: 24 bytes once decoded)"
            )
        ) {
            try settings(["webhooks.salesforce.secrets": .init(.stringArray(["short"]), isSecret: true)])
        }
    }

    @Test func aWhsecSecretIsDecodedAndOneThatIsNotBase64StopsStartUp() throws {
        let read = try settings([
            "webhooks.salesforce.secrets": .init(
                .stringArray(["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "a-plain-secret-of-24-chars"]),
                isSecret: true
            )
        ])
        #expect(read.salesforceSecrets.map(\.key.count) == [24, 26])
        #expect(
            throws: ConfigurationError(
                key: "webhooks.salesforce.secrets",
                problem: "a secret starting with whsec_ must continue in base64 (the Standard Webhooks form)"
            )
        ) {
            try settings(["webhooks.salesforce.secrets": .init(.stringArray(["whsec_!!not-base64-but-long-enough!!"]), isSecret: true)])
        }
    }
}

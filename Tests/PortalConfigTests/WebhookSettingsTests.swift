import Configuration
import PortalConfig
import Testing

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
        #expect(read.whmcsSecrets["default"] == ["the-new-default-secret-123", "the-old-default-secret-123"])
        #expect(read.whmcsSecrets["brand-b"] == ["the-brand-b-secret-123456"])
        #expect(read.salesforceSecrets == [])
        #expect(read.toleranceSeconds == 300)
    }

    @Test func anInstanceWithoutSecretsOrWithAShortOneNamesTheKey() {
        #expect(throws: ConfigurationError(key: "webhooks.whmcs.brand-b.secrets", problem: "is required: the secrets this instance's webhooks are signed with")) {
            try settings(["whmcs.instances": .init(.stringArray(["brand-b"]), isSecret: false)])
        }
        #expect(throws: ConfigurationError(key: "webhooks.salesforce.secrets", problem: "each secret must be at least 24 characters")) {
            try settings(["webhooks.salesforce.secrets": .init(.stringArray(["short"]), isSecret: true)])
        }
    }
}

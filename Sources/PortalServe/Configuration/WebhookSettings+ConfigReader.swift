import Configuration
import PortalAPI
import PortalSupport

extension WebhookSettings {
    public init(config: ConfigReader) throws(ConfigurationError) {
        var whmcs: [String: [WebhookSecret]] = [:]
        for name in config.stringArray(forKey: "whmcs.instances", default: []) {
            let key = "webhooks.whmcs.\(name).secrets"
            whmcs[name] = try Self.secrets(config, key, required: true)
        }
        let salesforce = try Self.secrets(config, "webhooks.salesforce.secrets", required: false)
        let tolerance = config.int(forKey: "webhooks.toleranceSeconds", default: 300)
        guard (1...3600).contains(tolerance) else { throw .init(key: "webhooks.toleranceSeconds", problem: "must be 1...3600") }
        self.init(whmcsSecrets: whmcs, salesforceSecrets: salesforce, toleranceSeconds: tolerance)
    }

    private static func secrets(_ config: ConfigReader, _ key: String, required: Bool) throws(ConfigurationError) -> [WebhookSecret] {
        let texts = config.stringArray(forKey: ConfigKey(key), isSecret: true, default: []).filter { !$0.isEmpty }
        if required, texts.isEmpty { throw .init(key: key, problem: "is required: the secrets this instance's webhooks are signed with") }
        var secrets: [WebhookSecret] = []
        for text in texts {
            do throws(WebhookSecret.Invalid) {
                secrets.append(try WebhookSecret(text))
            } catch {
                switch error {
                case .notBase64:
                    throw .init(key: key, problem: "a secret starting with whsec_ must continue in base64 (the Standard Webhooks form)")
                case .tooShort:
                    throw .init(key: key, problem: "each secret must be at least 24 characters (a whsec_ secret: 24 bytes once decoded)")
                }
            }
        }
        return secrets
    }
}

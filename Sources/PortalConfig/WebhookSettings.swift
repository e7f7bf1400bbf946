import Configuration

/// Who may send webhooks, read once from configuration.
///
/// Keys: `whmcs.instances` (the WHMCS instance names; each gets `POST /webhooks/whmcs/N`), per instance
/// `webhooks.whmcs.N.secrets` (the accepted signing secrets, comma-separated in the environment:
/// `WEBHOOKS_WHMCS_DEFAULT_SECRETS=new,old`), `webhooks.salesforce.secrets` (without it the Salesforce
/// endpoint is off), and `webhooks.toleranceSeconds` (300): how far a signature's timestamp may be from now.
/// Each secret is `whsec_<base64>` (Standard Webhooks: the key is the decoded bytes) or a plain string (its
/// bytes), at least 24 bytes of key either way.
public struct WebhookSettings: Sendable, Equatable {
    /// Accepted secrets by WHMCS instance name; the first of each list is the one to sign with.
    public let whmcsSecrets: [String: [WebhookSecret]]
    public let salesforceSecrets: [WebhookSecret]
    public let toleranceSeconds: Int

    public init(config: ConfigReader) throws(ConfigurationError) {
        var whmcs: [String: [WebhookSecret]] = [:]
        for name in config.stringArray(forKey: "whmcs.instances", default: []) {
            let key = "webhooks.whmcs.\(name).secrets"
            whmcs[name] = try Self.secrets(config, key, required: true)
        }
        whmcsSecrets = whmcs
        salesforceSecrets = try Self.secrets(config, "webhooks.salesforce.secrets", required: false)
        toleranceSeconds = config.int(forKey: "webhooks.toleranceSeconds", default: 300)
        guard (1...3600).contains(toleranceSeconds) else { throw .init(key: "webhooks.toleranceSeconds", problem: "must be 1...3600") }
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

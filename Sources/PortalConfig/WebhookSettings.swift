import Configuration

/// Who may send webhooks, read once from configuration.
///
/// Keys: `whmcs.instances` (the WHMCS instance names; each gets `POST /webhooks/whmcs/N`), per instance
/// `webhooks.whmcs.N.secrets` (the accepted signing secrets, comma-separated in the environment:
/// `WEBHOOKS_WHMCS_DEFAULT_SECRETS=new,old`), `webhooks.salesforce.secrets` (without it the Salesforce
/// endpoint is off), and `webhooks.toleranceSeconds` (300): how far a signature's timestamp may be from now.
public struct WebhookSettings: Sendable, Equatable {
    /// Accepted secrets by WHMCS instance name; the first of each list is the one to sign with.
    public let whmcsSecrets: [String: [String]]
    public let salesforceSecrets: [String]
    public let toleranceSeconds: Int

    public init(config: ConfigReader) throws(ConfigurationError) {
        var whmcs: [String: [String]] = [:]
        for name in config.stringArray(forKey: "whmcs.instances", default: []) {
            let key = "webhooks.whmcs.\(name).secrets"
            whmcs[name] = try Self.secrets(config, key, required: true)
        }
        whmcsSecrets = whmcs
        salesforceSecrets = try Self.secrets(config, "webhooks.salesforce.secrets", required: false)
        toleranceSeconds = config.int(forKey: "webhooks.toleranceSeconds", default: 300)
        guard (1...3600).contains(toleranceSeconds) else { throw .init(key: "webhooks.toleranceSeconds", problem: "must be 1...3600") }
    }

    private static func secrets(_ config: ConfigReader, _ key: String, required: Bool) throws(ConfigurationError) -> [String] {
        let secrets = config.stringArray(forKey: ConfigKey(key), isSecret: true, default: []).filter { !$0.isEmpty }
        if required, secrets.isEmpty { throw .init(key: key, problem: "is required: the secrets this instance's webhooks are signed with") }
        guard secrets.allSatisfy({ $0.utf8.count >= 24 }) else { throw .init(key: key, problem: "each secret must be at least 24 characters") }
        return secrets
    }
}

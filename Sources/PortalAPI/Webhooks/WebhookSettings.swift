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

    public init(whmcsSecrets: [String: [WebhookSecret]], salesforceSecrets: [WebhookSecret], toleranceSeconds: Int = 300) {
        self.whmcsSecrets = whmcsSecrets
        self.salesforceSecrets = salesforceSecrets
        self.toleranceSeconds = toleranceSeconds
    }
}

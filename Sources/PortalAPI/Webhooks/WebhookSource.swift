/// Who sent a webhook: one WHMCS instance, or Salesforce.
enum WebhookSource: Hashable, Sendable, CustomStringConvertible {
    case whmcs(instance: String)
    case salesforce

    /// The `source` label of the webhook metrics: the system, not the instance (a closed set).
    var metricLabel: String {
        switch self {
        case .whmcs: "whmcs"
        case .salesforce: "salesforce"
        }
    }

    /// What a delivery's receipt is recorded under: event ids are unique per sender, so per instance.
    var receiptKey: String {
        switch self {
        case .whmcs(let instance): "whmcs:\(instance)"
        case .salesforce: "salesforce"
        }
    }

    var description: String { receiptKey }
}

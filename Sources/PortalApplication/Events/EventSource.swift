/// Who sent an event: one WHMCS instance, or Salesforce.
public enum EventSource: Sendable, Hashable {
    case whmcs(instance: String)
    case salesforce

    /// The system, for metric labels (instances are not labels: there may be many).
    public var system: String {
        switch self {
        case .whmcs: "whmcs"
        case .salesforce: "salesforce"
        }
    }

    /// The source as delivery receipts and logs name it: `whmcs:INSTANCE` or `salesforce`.
    public var name: String {
        switch self {
        case .whmcs(let instance): "whmcs:\(instance)"
        case .salesforce: "salesforce"
        }
    }
}

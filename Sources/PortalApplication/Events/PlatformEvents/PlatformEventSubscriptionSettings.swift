import Domain

/// How the fleet shares the Salesforce Pub/Sub subscription: one instance holds a Redis lease of
/// `leaseLifetime`, renews it every `renewInterval`, and the others try to take it every `standbyInterval`.
/// A holder that dies is replaced within `leaseLifetime + standbyInterval`.
public struct PlatformEventSubscriptionSettings: Sendable {
    public var leaseLifetime: Duration
    public var renewInterval: Duration
    public var standbyInterval: Duration
    /// The event fields that name the order and the idempotency key.
    public var fields: PlatformEventFields

    public init(
        leaseLifetime: Duration = .seconds(5),
        renewInterval: Duration = .milliseconds(1500),
        standbyInterval: Duration = .seconds(1),
        fields: PlatformEventFields = PlatformEventFields()
    ) {
        self.leaseLifetime = leaseLifetime
        self.renewInterval = renewInterval
        self.standbyInterval = standbyInterval
        self.fields = fields
    }
}

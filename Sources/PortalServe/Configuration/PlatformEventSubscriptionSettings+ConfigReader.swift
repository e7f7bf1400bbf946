import Configuration
import Domain
import PortalApplication
import PortalSupport

extension PlatformEventSubscriptionSettings {
    /// Keys: `salesforce.pubsub.leaseMilliseconds` (5000): how long the subscriber lease lasts without renewal,
    /// so a dead subscriber is replaced within about that; `salesforce.pubsub.leaseRenewMilliseconds` (1500);
    /// `salesforce.pubsub.standbyMilliseconds` (1000): how often a standby tries to take the lease;
    /// `salesforce.pubsub.fields.orderId` (`orderId__c`), `salesforce.pubsub.fields.idempotencyKey` (`idemKey__c`):
    /// the event fields that name the order to provision and the key that makes a repeat do nothing.
    init(config: ConfigReader) throws(ConfigurationError) {
        let lease = try Self.milliseconds(config, "salesforce.pubsub.leaseMilliseconds", 5000, 500...300_000)
        let renew = try Self.milliseconds(config, "salesforce.pubsub.leaseRenewMilliseconds", 1500, 100...100_000)
        guard renew * 2 <= lease else {
            throw .init(key: "salesforce.pubsub.leaseRenewMilliseconds", problem: "must be at most half of salesforce.pubsub.leaseMilliseconds")
        }
        let standby = try Self.milliseconds(config, "salesforce.pubsub.standbyMilliseconds", 1000, 50...60_000)
        let defaults = PlatformEventFields()
        let fields = PlatformEventFields(
            orderIdField: try Self.field(config, "salesforce.pubsub.fields.orderId", defaults.orderIdField),
            idempotencyKeyField: try Self.field(config, "salesforce.pubsub.fields.idempotencyKey", defaults.idempotencyKeyField)
        )
        self.init(
            leaseLifetime: .milliseconds(lease),
            renewInterval: .milliseconds(renew),
            standbyInterval: .milliseconds(standby),
            fields: fields
        )
    }

    private static func milliseconds(
        _ config: ConfigReader,
        _ key: String,
        _ fallback: Int,
        _ range: ClosedRange<Int>
    ) throws(ConfigurationError) -> Int {
        let value = config.int(forKey: ConfigKey(key), default: fallback)
        guard range.contains(value) else { throw .init(key: key, problem: "must be in \(range), found \(value)") }
        return value
    }

    private static func field(_ config: ConfigReader, _ key: String, _ fallback: String) throws(ConfigurationError) -> String {
        let name = config.string(forKey: ConfigKey(key), default: fallback)
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw .init(key: key, problem: "must be an Avro field name (letters, digits, _), found \(name)")
        }
        return name
    }
}

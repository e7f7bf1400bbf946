import Configuration
import PortalSalesforce
import PortalSupport

/// Whether and how `serve` subscribes to Salesforce Platform Events over the Pub/Sub API.
///
/// Keys: `salesforce.pubsub.enabled` (false), `salesforce.pubsub.host` (`api.pubsub.salesforce.com`),
/// `salesforce.pubsub.port` (443), `salesforce.pubsub.tls` (true), `salesforce.pubsub.topics`
/// (`/event/OrderProvisionRequested__e`), `salesforce.pubsub.batchSize` (100, Salesforce's cap),
/// `salesforce.pubsub.watchdogSeconds` (300): silence after which a stream is re-subscribed,
/// `salesforce.pubsub.keepaliveSeconds` (60): HTTP/2 PING interval, `salesforce.pubsub.backoffBaseMilliseconds`
/// (1000) and `salesforce.pubsub.backoffMaxSeconds` (60): reconnect delays, `salesforce.pubsub.replayFallback`
/// (`earliest` or `latest`): where to resume when Salesforce refuses the stored replay id,
/// `salesforce.pubsub.redisNamespace` (`pubsub`): the hash tag of the lease, replay ids and records.
struct PubSubConfiguration: Sendable {
    let enabled: Bool
    let settings: SalesforcePubSubSettings
    let redisNamespace: String

    init(config: ConfigReader) throws(ConfigurationError) {
        enabled = config.bool(forKey: "salesforce.pubsub.enabled", default: false)
        let defaults = SalesforcePubSubSettings()
        let port = config.int(forKey: "salesforce.pubsub.port", default: defaults.port)
        guard (1...65535).contains(port) else { throw .init(key: "salesforce.pubsub.port", problem: "must be 1...65535, found \(port)") }
        let topics = config.stringArray(forKey: "salesforce.pubsub.topics", default: defaults.topics)
        guard !topics.isEmpty else { throw .init(key: "salesforce.pubsub.topics", problem: "name at least one topic") }
        for topic in topics where !Self.isTopicName(topic) {
            throw .init(key: "salesforce.pubsub.topics", problem: "\(topic) is not a topic name like /event/Name__e")
        }
        let batchSize = config.int(forKey: "salesforce.pubsub.batchSize", default: defaults.batchSize)
        guard (1...100).contains(batchSize) else { throw .init(key: "salesforce.pubsub.batchSize", problem: "must be 1...100, found \(batchSize)") }
        let fallbackName = config.string(forKey: "salesforce.pubsub.replayFallback", default: defaults.replayFallback.rawValue)
        guard let fallback = ReplayFallback(rawValue: fallbackName) else {
            throw .init(key: "salesforce.pubsub.replayFallback", problem: "must be earliest or latest, found \(fallbackName)")
        }
        redisNamespace = config.string(forKey: "salesforce.pubsub.redisNamespace", default: "pubsub")
        guard !redisNamespace.isEmpty, !redisNamespace.contains(where: { "{}".contains($0) || $0.isWhitespace }) else {
            throw .init(key: "salesforce.pubsub.redisNamespace", problem: "must be a non-empty name without braces or spaces")
        }
        settings = SalesforcePubSubSettings(
            host: config.string(forKey: "salesforce.pubsub.host", default: defaults.host),
            port: port,
            tls: config.bool(forKey: "salesforce.pubsub.tls", default: defaults.tls),
            topics: topics,
            batchSize: batchSize,
            watchdog: .seconds(try Self.positive(config, "salesforce.pubsub.watchdogSeconds", 300)),
            keepaliveInterval: .seconds(try Self.positive(config, "salesforce.pubsub.keepaliveSeconds", 60)),
            backoffBase: .milliseconds(try Self.positive(config, "salesforce.pubsub.backoffBaseMilliseconds", 1000)),
            backoffMax: .seconds(try Self.positive(config, "salesforce.pubsub.backoffMaxSeconds", 60)),
            replayFallback: fallback
        )
    }

    /// `/event/Name` or `/data/Name` (change data capture), the forms the Pub/Sub API subscribes to.
    private static func isTopicName(_ topic: String) -> Bool {
        let parts = topic.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0].isEmpty && ["event", "data"].contains(parts[1]) && !parts[2].isEmpty
            && parts[2].allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    private static func positive(_ config: ConfigReader, _ key: String, _ fallback: Int) throws(ConfigurationError) -> Int {
        let value = config.int(forKey: ConfigKey(key), default: fallback)
        guard value > 0 else { throw .init(key: key, problem: "must be positive, found \(value)") }
        return value
    }
}

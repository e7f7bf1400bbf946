import PortalRedis

/// The Redis-backed stores beside the cache, over one Redis client.
public struct RedisStores: Sendable {
    public let receipts: WebhookReceipts
    public let provisioning: ProvisioningQueue
    public let idempotency: IdempotencyStore
    public let health: CacheHealth
    public let subscriberLease: SubscriberLease
    public let replayIds: ReplayIdStore
    public let platformEvents: PlatformEventRecords

    /// `pubSubNamespace` names the Salesforce Pub/Sub subscriber's keys (its lease, replay ids, records).
    public init(redis: RedisClient, pubSubNamespace: String = "pubsub") {
        receipts = WebhookReceipts(redis: redis)
        provisioning = ProvisioningQueue(redis: redis)
        idempotency = IdempotencyStore(redis: redis)
        health = CacheHealth(redis: redis)
        subscriberLease = SubscriberLease(redis: redis, namespace: pubSubNamespace)
        replayIds = ReplayIdStore(redis: redis, namespace: pubSubNamespace)
        platformEvents = PlatformEventRecords(redis: redis, namespace: pubSubNamespace)
    }
}

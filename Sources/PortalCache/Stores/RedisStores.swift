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
    public let contactSync: ContactSyncQueue

    /// `pubSubNamespace` names the Salesforce Pub/Sub subscriber's keys (its lease, replay ids, records).
    /// `contactSyncNamespace` names the contact synchronisation queue's keys.
    public init(redis: RedisClient, pubSubNamespace: String = "pubsub", contactSyncNamespace: String = "contact-sync") {
        receipts = WebhookReceipts(redis: redis)
        provisioning = ProvisioningQueue(redis: redis)
        idempotency = IdempotencyStore(redis: redis)
        health = CacheHealth(redis: redis)
        subscriberLease = SubscriberLease(redis: redis, namespace: pubSubNamespace)
        replayIds = ReplayIdStore(redis: redis, namespace: pubSubNamespace)
        platformEvents = PlatformEventRecords(redis: redis, namespace: pubSubNamespace)
        contactSync = ContactSyncQueue(redis: redis, namespace: contactSyncNamespace)
    }
}

import PortalRedis

/// The Redis-backed stores beside the cache, over one Redis client.
public struct RedisStores: Sendable {
    public let receipts: WebhookReceipts
    public let provisioning: ProvisioningQueue
    public let idempotency: IdempotencyStore
    public let health: CacheHealth

    public init(redis: RedisClient) {
        receipts = WebhookReceipts(redis: redis)
        provisioning = ProvisioningQueue(redis: redis)
        idempotency = IdempotencyStore(redis: redis)
        health = CacheHealth(redis: redis)
    }
}

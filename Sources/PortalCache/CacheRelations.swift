import PortalRedis

/// Small sets, kept by the cache's store, that tell an invalidation where related entries live when the
/// event that triggers it does not say: which WHMCS clients' dashboards show a Salesforce account's orders,
/// which catalog categories are cached. Members are written before the entries they point to are loaded, and outlive them.
public struct CacheRelations: Sendable {
    /// How long a relation is kept after it was last written: longer than any entry's stale limit.
    static let lifetimeSeconds = 30 * 86_400

    private let store: any CacheStore

    public init(store: any CacheStore) {
        self.store = store
    }

    /// Relations kept in Redis.
    public init(redis: RedisClient) {
        self.init(store: RedisCacheStore(redis: redis))
    }

    /// A named set under a customer's (or the catalog's) hash tag, e.g. `pb:{sf:001…}:rel:dashboards`.
    public struct Relation: Hashable, Sendable {
        public let key: String

        public init?(tag: String, name: String) {
            guard let group = CacheGroup(tag: tag, name: name) else { return nil }
            key = "pb:{\(group.tag)}:rel:\(group.name)"
        }
    }

    /// Adds `member` (best effort: when the store is down nothing is cached either, so nothing is lost).
    public func record(_ member: String, in relation: Relation) async {
        try? await store.record(member, in: relation)
    }

    public func members(of relation: Relation) async throws(CacheStoreError) -> [String] {
        try await store.members(of: relation)
    }
}

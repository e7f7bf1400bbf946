import PortalRedis

/// Where the cache keeps its entries, the groups' epochs and the relations: Redis in production
/// (`RedisCacheStore`), process memory where no Redis is wanted (`InMemoryCacheStore`). `CacheService` holds
/// the read-through rules above it; a store only keeps what it is told, atomically per group.
public protocol CacheStore: Sendable {
    /// The entry stored for `key`; nil when there is none or what is there is not an entry of this format.
    func entry(for key: CacheKey) async throws(CacheStoreError) -> CacheEntry?

    /// The entry for `key`, read so that Redis tracks the key for a near cache, and the generation of the
    /// invalidation connection it is tracked into (nil when it is not tracked).
    func trackedEntry(for key: CacheKey) async throws(CacheStoreError) -> (entry: CacheEntry?, trackedInto: UInt64?)

    /// The group's epoch, moved by every invalidation; "0" for a group never invalidated (or long ago).
    func epoch(of group: CacheGroup) async throws(CacheStoreError) -> String

    /// Stores `entries` in `group` only while its epoch is still `epoch`, then drops the group's entries
    /// whose stale limit is at or before `now`, then the ones closest to their stale limit while the group
    /// holds more than `maximumEntries`. The group itself lives as long as its longest stale limit. False
    /// when the epoch had moved and nothing was stored.
    func store(
        _ entries: [(field: String, entry: CacheEntry)],
        in group: CacheGroup,
        ifEpochIs epoch: String,
        now: Int64,
        maximumEntries: Int
    ) async throws(CacheStoreError) -> Bool

    /// Drops every entry of each group, stale ones included, and moves each group's epoch.
    func invalidate(_ groups: Set<CacheGroup>) async throws(CacheStoreError)

    /// Adds `member` to `relation`, which lives `CacheRelations.lifetimeSeconds` past its last write.
    func record(_ member: String, in relation: CacheRelations.Relation) async throws(CacheStoreError)

    func members(of relation: CacheRelations.Relation) async throws(CacheStoreError) -> [String]
}

extension CacheStore {
    /// A store with no tracking reads as usual, untracked.
    public func trackedEntry(for key: CacheKey) async throws(CacheStoreError) -> (entry: CacheEntry?, trackedInto: UInt64?) {
        (try await entry(for: key), nil)
    }
}

/// Why a cache store could not answer. Callers treat it as "the cache is not available right now": the
/// read goes to the source.
public enum CacheStoreError: Error, Equatable, Sendable {
    /// Redis failed or answered what the command does not promise.
    case redis(RedisError)
}

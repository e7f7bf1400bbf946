import Foundation
import PortalRedis
import PortalSupport
import Tracing

/// The read-through cache every route reads through. Bodies are stored as they are served (the domain
/// value's final JSON) in a `CacheStore` (Redis in production: one hash per group, so a hit is one HGET
/// and dropping a group costs the same whatever else Redis holds).
///
/// A group holds at most `maximumEntriesPerGroup` entries, and each entry expires on its own at its stale
/// limit, so no customer input grows the store without bound.
///
/// With a `NearCache` a hit can come from this process's memory (`near-cache.md`); every invalidation then
/// waits out the near caches' freshness lease before it returns.
///
/// Store trouble never fails a read: the body is loaded from the source instead (`bypass`). A source that
/// fails or is too slow is answered with a stale copy while one is within its stale limit.
public final class CacheService: Sendable {
    /// The default bound on a group's entries.
    public static let defaultMaximumEntriesPerGroup = 200

    private let store: any CacheStore
    private let near: NearCache?
    private let metrics: CacheMetrics
    private let maximumEntriesPerGroup: Int
    private let now: @Sendable () -> Int64
    private let coalescer = LoadCoalescer()

    /// `now` is the wall clock in milliseconds since 1970, shared by every instance through the stored
    /// entries; a store with a clock of its own (`InMemoryCacheStore`) should be given the same one.
    public init(
        store: any CacheStore,
        near: NearCache? = nil,
        metrics: CacheMetrics = CacheMetrics(),
        maximumEntriesPerGroup: Int = CacheService.defaultMaximumEntriesPerGroup,
        now: @escaping @Sendable () -> Int64 = CacheService.wallClock
    ) {
        self.store = store
        self.near = near
        self.metrics = metrics
        self.maximumEntriesPerGroup = max(1, maximumEntriesPerGroup)
        self.now = now
    }

    /// The cache in Redis (`RedisCacheStore`), with `near` in front when `redis` reports its invalidations to it.
    public convenience init(
        redis: RedisClient,
        near: NearCache? = nil,
        metrics: CacheMetrics = CacheMetrics(),
        maximumEntriesPerGroup: Int = CacheService.defaultMaximumEntriesPerGroup,
        now: @escaping @Sendable () -> Int64 = CacheService.wallClock
    ) {
        self.init(store: RedisCacheStore(redis: redis), near: near, metrics: metrics, maximumEntriesPerGroup: maximumEntriesPerGroup, now: now)
    }

    /// The near cache in front of the store, when there is one (for readiness).
    public var nearCache: NearCache? { near }

    /// Relations kept beside the entries, in the same store.
    public var relations: CacheRelations { CacheRelations(store: store) }

    public static let wallClock: @Sendable () -> Int64 = { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    /// A body a load produced, and whether it may be cached: a degraded answer (one part of it missing)
    /// is served but not kept. `alongside` are further entries of the same group the load learnt (e.g. the
    /// total of a listing, by field), stored with it and with the same lifetime.
    public struct Loaded: Sendable {
        public let body: Data
        public let storable: Bool
        public let alongside: [String: Data]

        public init(body: Data, storable: Bool = true, alongside: [String: Data] = [:]) {
            self.body = body
            self.storable = storable
            self.alongside = alongside
        }
    }

    /// The cached body for `key`, or the body `load` produces (stored for next time).
    public func value(
        for key: CacheKey,
        policy: CachePolicy,
        load: @escaping @Sendable () async throws -> Data
    ) async throws -> CachedValue {
        try await value(for: key, policy: policy, loading: { Loaded(body: try await load()) })
    }

    /// The cached body for `key`, or the body `loading` produces, stored for next time when it is storable.
    public func value(
        for key: CacheKey,
        policy: CachePolicy,
        loading load: @escaping @Sendable () async throws -> Loaded
    ) async throws -> CachedValue {
        let stored: CacheEntry?
        let source: CachedValue.Source
        let span = startSpan("cache lookup \(key.group.name)", context: ServiceContext.current ?? .topLevel, ofKind: .internal)
        span.attributes["cache.group"] = key.group.name
        do {
            (stored, source) = try await read(key)
        } catch {
            span.attributes["cache.outcome"] = "bypass"
            span.recordError(error)
            span.end()
            metrics.bypasses.increment()
            return try await coalescer.run(key, onJoin: metrics.coalescedWaits.increment) {
                CachedValue(body: try await load().body, status: .bypass)
            }
        }
        let now = now()
        span.attributes["cache.source"] = source == .memory ? "memory" : "redis"
        span.attributes["cache.outcome"] = stored.map { now < $0.freshUntil ? "hit" : "expired" } ?? "absent"
        span.end()
        if let stored, now < stored.freshUntil {
            metrics.hits.increment()
            return CachedValue(
                body: stored.body,
                status: .hit(freshFor: .milliseconds(stored.freshUntil - now), from: source),
                entityTag: stored.entityTag
            )
        }
        metrics.misses.increment()
        let stale = stored.flatMap { now < $0.staleUntil ? $0 : nil }
        return try await coalescer.run(key, onJoin: metrics.coalescedWaits.increment) {
            try await self.refresh(key, policy: policy, stale: stale, load: load)
        }
    }

    /// The body of `key` while it is fresh; nil when it is not cached, past its fresh time, or the store is
    /// in trouble. For loads that can answer from what the group already knows.
    public func fresh(_ key: CacheKey) async -> Data? {
        guard let entry = try? await read(key).entry, now() < entry.freshUntil else { return nil }
        return entry.body
    }

    /// Drops every entry of the groups, stale copies included, before returning. Loads already running
    /// for them will not store their results.
    public func invalidate(_ groups: [CacheGroup]) async throws(CacheStoreError) {
        let unique = Set(groups)
        guard !unique.isEmpty else { return }
        coalescer.forget(unique)
        try await store.invalidate(unique)
        coalescer.forget(unique)
        metrics.invalidations.increment(by: unique.count)
        guard let near else { return }
        near.drop(unique)
        // Past this wait, every near cache answering from memory has seen a PONG for a PING sent after the
        // invalidation above, so it has applied it (a cancelled caller is not answered, so it need not wait).
        try? await Task.sleep(for: near.settings.invalidationWait)
    }

    /// The stored entry: from the near cache while it holds it, else from the store (a tracked read that
    /// fills the near cache when nothing invalidates the key meanwhile).
    private func read(_ key: CacheKey) async throws(CacheStoreError) -> (entry: CacheEntry?, from: CachedValue.Source) {
        guard let near else { return (try await timed { () async throws(CacheStoreError) in try await store.entry(for: key) }, .redis) }
        let wallClock = now()
        if case .hit(let entry) = near.lookup(key, wallClock: wallClock) { return (entry, .memory) }
        guard let ticket = near.beginFill(key) else {
            return (try await timed { () async throws(CacheStoreError) in try await store.entry(for: key) }, .redis)
        }
        do {
            let (entry, generation) = try await timed { () async throws(CacheStoreError) in try await store.trackedEntry(for: key) }
            near.finishFill(ticket, entry: entry.flatMap { wallClock < $0.freshUntil ? $0 : nil }, trackedInto: generation)
            return (entry, .redis)
        } catch {
            near.abandonFill(ticket)
            throw error
        }
    }

    private func timed<Value>(_ read: () async throws(CacheStoreError) -> Value) async throws(CacheStoreError) -> Value {
        let started = ContinuousClock.now
        let value = try await read()
        metrics.redisLatency.record(duration: ContinuousClock.now - started)
        return value
    }

    private func refresh(
        _ key: CacheKey,
        policy: CachePolicy,
        stale: CacheEntry?,
        load: @escaping @Sendable () async throws -> Loaded
    ) async throws -> CachedValue {
        let epoch = try? await store.epoch(of: key.group)
        let loaded: Loaded
        do {
            loaded = try await stale == nil ? load() : withDeadline(policy.loadTimeout, timeoutError: { CacheLoadTimedOut() }, load)
        } catch {
            guard let stale else { throw error }
            metrics.staleServes.increment()
            return CachedValue(body: stale.body, status: .stale)
        }
        guard loaded.storable else { return CachedValue(body: loaded.body, status: .miss(stored: false)) }
        guard let epoch else {
            metrics.bypasses.increment()
            return CachedValue(body: loaded.body, status: .miss(stored: false))
        }
        let (stored, entityTag) = await store(loaded, for: key, policy: policy, epoch: epoch)
        return CachedValue(body: loaded.body, status: .miss(stored: stored), entityTag: entityTag)
    }

    /// Whether it was stored, and the body's entity tag (computed for the stored entry).
    private func store(_ loaded: Loaded, for key: CacheKey, policy: CachePolicy, epoch: String) async -> (Bool, String) {
        let now = now()
        let freshUntil = now + policy.freshFor.milliseconds
        let staleUntil = freshUntil + policy.staleFor.milliseconds
        let entries = ([(key.field, loaded.body)] + loaded.alongside.sorted(by: { $0.key < $1.key })).map { field, body in
            (field: field, entry: CacheEntry(body: body, freshUntil: freshUntil, staleUntil: staleUntil))
        }
        let entityTag = entries[0].entry.entityTag
        do {
            return (try await store.store(entries, in: key.group, ifEpochIs: epoch, now: now, maximumEntries: maximumEntriesPerGroup), entityTag)
        } catch {
            metrics.bypasses.increment()
            return (false, entityTag)
        }
    }
}

/// The load ran past its time while a stale copy could be served instead.
public struct CacheLoadTimedOut: Error {}

extension Duration {
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}

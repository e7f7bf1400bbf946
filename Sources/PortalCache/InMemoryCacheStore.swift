import Synchronization

/// The cache's entries in process memory, with the semantics of `RedisCacheStore`: epochs that every
/// invalidation moves and that are forgotten after a day, groups bounded and expired by their entries' stale
/// limits (dropped in the same order), relations that live a month past their last write. Time is the
/// injected clock's, so tests can move it. For one process only: nothing is shared with other instances.
public final class InMemoryCacheStore: CacheStore {
    fileprivate struct Group {
        var entries: [String: CacheEntry] = [:]
        var expiresAt: Int64 = 0
    }

    fileprivate struct Expiring<Value> {
        var value: Value
        var expiresAt: Int64
    }

    fileprivate struct State {
        var groups: [CacheGroup: Group] = [:]
        var epochs: [CacheGroup: Expiring<Int64>] = [:]
        var relations: [String: Expiring<Set<String>>] = [:]
    }

    private let state = Mutex(State())
    private let now: @Sendable () -> Int64

    /// `now` is the wall clock in milliseconds since 1970, as `CacheService` reads it.
    public init(now: @escaping @Sendable () -> Int64 = CacheService.wallClock) {
        self.now = now
    }

    public func entry(for key: CacheKey) async throws(CacheStoreError) -> CacheEntry? {
        let now = now()
        return state.withLock { state in state.liveGroup(key.group, at: now)?.entries[key.field] }
    }

    public func epoch(of group: CacheGroup) async throws(CacheStoreError) -> String {
        let now = now()
        return state.withLock { state in String(state.liveEpoch(group, at: now)) }
    }

    public func store(
        _ entries: [(field: String, entry: CacheEntry)],
        in group: CacheGroup,
        ifEpochIs epoch: String,
        now: Int64,
        maximumEntries: Int
    ) async throws(CacheStoreError) -> Bool {
        let clock = self.now()
        return state.withLock { state in
            guard String(state.liveEpoch(group, at: clock)) == epoch else { return false }
            var stored = state.liveGroup(group, at: clock) ?? Group()
            for (field, entry) in entries { stored.entries[field] = entry }
            stored.entries = stored.entries.filter { $0.value.staleUntil > now }
            let over = stored.entries.count - maximumEntries
            if over > 0 {
                for field in Self.byStaleLimit(stored.entries).prefix(over) { stored.entries[field] = nil }
            }
            guard let longest = stored.entries.values.map(\.staleUntil).max() else {
                state.groups[group] = nil
                return true
            }
            stored.expiresAt = clock + max(1, longest - now)
            state.groups[group] = stored
            return true
        }
    }

    public func invalidate(_ groups: Set<CacheGroup>) async throws(CacheStoreError) {
        let now = now()
        state.withLock { state in
            for group in groups {
                state.groups[group] = nil
                let next = state.liveEpoch(group, at: now) + 1
                state.epochs[group] = Expiring(value: next, expiresAt: now + Int64(RedisCacheStore.epochLifetimeMilliseconds))
            }
        }
    }

    public func record(_ member: String, in relation: CacheRelations.Relation) async throws(CacheStoreError) {
        let now = now()
        state.withLock { state in
            var members = state.liveRelation(relation.key, at: now) ?? []
            members.insert(member)
            state.relations[relation.key] = Expiring(value: members, expiresAt: now + Int64(CacheRelations.lifetimeSeconds) * 1000)
        }
    }

    public func members(of relation: CacheRelations.Relation) async throws(CacheStoreError) -> [String] {
        let now = now()
        return state.withLock { state in (state.liveRelation(relation.key, at: now) ?? []).sorted() }
    }

    /// The fields `group` holds now, in the order they would be dropped (closest to their stale limit
    /// first); empty when the group has expired or was never stored. For checks and diagnostics.
    public func fields(of group: CacheGroup) -> [String] {
        let now = now()
        return state.withLock { state in state.liveGroup(group, at: now).map { Self.byStaleLimit($0.entries) } ?? [] }
    }

    /// When `group` expires as a whole (milliseconds since 1970); nil when it holds nothing.
    public func expiry(of group: CacheGroup) -> Int64? {
        let now = now()
        return state.withLock { state in state.liveGroup(group, at: now)?.expiresAt }
    }

    /// Fields by stale limit, then by their bytes: the order of a Redis sorted set.
    private static func byStaleLimit(_ entries: [String: CacheEntry]) -> [String] {
        entries.sorted { left, right in
            left.value.staleUntil != right.value.staleUntil
                ? left.value.staleUntil < right.value.staleUntil : Array(left.key.utf8).lexicographicallyPrecedes(Array(right.key.utf8))
        }.map(\.key)
    }
}

extension InMemoryCacheStore.State {
    /// The group unless it has expired (then it is forgotten).
    fileprivate mutating func liveGroup(_ group: CacheGroup, at now: Int64) -> InMemoryCacheStore.Group? {
        guard let stored = groups[group] else { return nil }
        guard now < stored.expiresAt else {
            groups[group] = nil
            return nil
        }
        return stored
    }

    fileprivate mutating func liveEpoch(_ group: CacheGroup, at now: Int64) -> Int64 {
        guard let epoch = epochs[group] else { return 0 }
        guard now < epoch.expiresAt else {
            epochs[group] = nil
            return 0
        }
        return epoch.value
    }

    fileprivate mutating func liveRelation(_ key: String, at now: Int64) -> Set<String>? {
        guard let relation = relations[key] else { return nil }
        guard now < relation.expiresAt else {
            relations[key] = nil
            return nil
        }
        return relation.value
    }
}

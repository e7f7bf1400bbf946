import PortalRedis

/// The cache's entries in Redis: one hash per group (a hit is one HGET), a sorted set of the group's stale
/// limits that bounds and expires it, and an epoch counter; the writes are the Lua scripts of
/// `CacheScripts`, so each is atomic and touches one hash tag (Redis Cluster ready).
public struct RedisCacheStore: CacheStore {
    /// How long an invalidation's epoch is remembered: longer than any load can take.
    static let epochLifetimeMilliseconds = 86_400_000

    private let redis: RedisClient

    public init(redis: RedisClient) {
        self.redis = redis
    }

    public func entry(for key: CacheKey) async throws(CacheStoreError) -> CacheEntry? {
        try Self.entry(from: try await send(Self.read(key)))
    }

    public func trackedEntry(for key: CacheKey) async throws(CacheStoreError) -> (entry: CacheEntry?, trackedInto: UInt64?) {
        let reply: TrackedReply
        do {
            reply = try await redis.trackedRead(Self.read(key))
        } catch {
            throw .redis(error)
        }
        return (try Self.entry(from: reply.value), reply.generation)
    }

    private static func read(_ key: CacheKey) -> RedisCommand {
        RedisCommand("HGET", RedisArgument(key.group.entriesKey), RedisArgument(key.field))
    }

    private static func entry(from reply: RedisValue) throws(CacheStoreError) -> CacheEntry? {
        switch reply {
        case .null: return nil
        case .bytes(let bytes): return CacheEntry(stored: bytes)
        default: throw .redis(.unexpectedReply("HGET answered \(reply)"))
        }
    }

    public func epoch(of group: CacheGroup) async throws(CacheStoreError) -> String {
        try await send(RedisCommand("GET", RedisArgument(group.epochKey))).string ?? "0"
    }

    public func store(
        _ entries: [(field: String, entry: CacheEntry)],
        in group: CacheGroup,
        ifEpochIs epoch: String,
        now: Int64,
        maximumEntries: Int
    ) async throws(CacheStoreError) -> Bool {
        var arguments = [RedisArgument(epoch), RedisArgument(now), RedisArgument(maximumEntries)]
        for (field, entry) in entries {
            arguments += [RedisArgument(field), RedisArgument(entry.stored), RedisArgument(entry.staleUntil)]
        }
        let keys = [RedisArgument(group.entriesKey), RedisArgument(group.epochKey), RedisArgument(group.expiriesKey)]
        return try await send(.evaluate(CacheScripts.storeIfCurrent, keys: keys, arguments: arguments)).integer == 1
    }

    public func invalidate(_ groups: Set<CacheGroup>) async throws(CacheStoreError) {
        let commands = groups.map { group in
            RedisCommand.evaluate(
                CacheScripts.invalidate,
                keys: [RedisArgument(group.entriesKey), RedisArgument(group.epochKey), RedisArgument(group.expiriesKey)],
                arguments: [RedisArgument(Self.epochLifetimeMilliseconds)]
            )
        }
        let replies: [RedisValue]
        do {
            // On a Sentinel-managed primary, acknowledged only once a replica has it: an invalidation lost
            // in a failover would bring back what the webhook's 200 said was gone.
            replies = try await redis.pipelineReplicated(commands)
        } catch {
            throw .redis(error)
        }
        for reply in replies {
            if case .error(let message) = reply { throw .redis(.server(reply: message)) }
        }
    }

    public func record(_ member: String, in relation: CacheRelations.Relation) async throws(CacheStoreError) {
        do {
            _ = try await redis.pipeline([
                RedisCommand("SADD", RedisArgument(relation.key), RedisArgument(member)),
                RedisCommand("EXPIRE", RedisArgument(relation.key), RedisArgument(CacheRelations.lifetimeSeconds)),
            ])
        } catch {
            throw .redis(error)
        }
    }

    public func members(of relation: CacheRelations.Relation) async throws(CacheStoreError) -> [String] {
        let reply = try await send(RedisCommand("SMEMBERS", RedisArgument(relation.key)))
        guard case .array(let items) = reply else { throw .redis(.unexpectedReply("SMEMBERS answered \(reply)")) }
        return items.compactMap { item in
            if case .bytes(let bytes) = item { String(decoding: bytes, as: UTF8.self) } else { nil }
        }
    }

    private func send(_ command: RedisCommand) async throws(CacheStoreError) -> RedisValue {
        do {
            return try await redis.send(command)
        } catch {
            throw .redis(error)
        }
    }
}

import PortalRedis

/// The Lua scripts that make a write and an invalidation atomic. Each touches the keys of one group, which
/// share a hash tag, so they run on Redis Cluster too.
public enum CacheScripts {
    /// KEYS: entries, epoch, expiries. ARGV: expected epoch, now (ms), most entries, then one triple per
    /// entry: field, entry, stale limit (ms since 1970).
    ///
    /// Stores the entries only if no invalidation happened since the load began (the epoch is unchanged).
    /// The expiries sorted set holds each field's stale limit: entries past it are dropped, then the ones
    /// closest to it while the group holds more than its most, and both keys live exactly as long as the
    /// longest stale limit left, so a group no one stores to expires on its own.
    public static let storeIfCurrent = RedisScript(
        """
        local epoch = redis.call('GET', KEYS[2]) or '0'
        if epoch ~= ARGV[1] then return 0 end
        if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('DEL', KEYS[3]) end
        for i = 4, #ARGV, 3 do
            redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
            redis.call('ZADD', KEYS[3], ARGV[i + 2], ARGV[i])
        end
        local function drop(fields)
            for i = 1, #fields, 500 do
                redis.call('HDEL', KEYS[1], unpack(fields, i, math.min(i + 499, #fields)))
                redis.call('ZREM', KEYS[3], unpack(fields, i, math.min(i + 499, #fields)))
            end
        end
        drop(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', ARGV[2]))
        local over = redis.call('ZCARD', KEYS[3]) - tonumber(ARGV[3])
        if over > 0 then drop(redis.call('ZRANGE', KEYS[3], 0, over - 1)) end
        local last = redis.call('ZRANGE', KEYS[3], -1, -1, 'WITHSCORES')
        if last[2] == nil then
            redis.call('DEL', KEYS[1], KEYS[3])
            return 1
        end
        local ttl = math.max(1, tonumber(last[2]) - tonumber(ARGV[2]))
        redis.call('PEXPIRE', KEYS[1], ttl)
        redis.call('PEXPIRE', KEYS[3], ttl)
        return 1
        """
    )

    /// KEYS: entries, epoch, expiries. ARGV: epoch TTL (ms). Drops every entry of the group, stale ones
    /// included, and moves the epoch so loads that began before now do not store what they fetched.
    public static let invalidate = RedisScript(
        """
        redis.call('DEL', KEYS[1], KEYS[3])
        redis.call('INCR', KEYS[2])
        redis.call('PEXPIRE', KEYS[2], ARGV[1])
        return 1
        """
    )
}

import PortalRedis

/// The Lua scripts that keep an idempotency key's record in the hands of whoever holds its lock. The lock
/// and the record share a hash tag, so they run on Redis Cluster too.
enum IdempotencyScripts {
    /// KEYS: lock, record. ARGV: token, record, record TTL (s). Writes the record only while the lock is ours.
    static let storeIfLocked = RedisScript(
        """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
        return 1
        """
    )

    /// KEYS: lock, record. ARGV: token. Deletes the record while the lock is ours, then the lock.
    static let releaseRecord = RedisScript(
        """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        redis.call('DEL', KEYS[2])
        redis.call('DEL', KEYS[1])
        return 1
        """
    )

    /// KEYS: a lock. ARGV: token. Deletes the lock only if it is still ours (another may hold it by now).
    static let unlock = RedisScript(
        """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        return redis.call('DEL', KEYS[1])
        """
    )

    /// KEYS: a resource lock. ARGV: expected holder, new holder, TTL (s). Hands the lock over from a holder
    /// that is done with it.
    static let handOver = RedisScript(
        """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
        return 1
        """
    )
}

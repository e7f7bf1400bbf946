/// The Lua scripts that make a write and an invalidation atomic. Each touches the two keys of one group,
/// which share a hash tag, so they run on Redis Cluster too.
enum CacheScripts {
    /// KEYS: entries, epoch. ARGV: expected epoch, field, entry, entries TTL (ms).
    /// Stores the entry only if no invalidation happened since the load began (the epoch is unchanged), and
    /// keeps the group alive at least as long as this entry may be served.
    static let storeIfCurrent = """
        local epoch = redis.call('GET', KEYS[2]) or '0'
        if epoch ~= ARGV[1] then return 0 end
        redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
        if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[4]) then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
        return 1
        """

    /// KEYS: entries, epoch. ARGV: epoch TTL (ms). Drops every entry of the group, stale ones included, and
    /// moves the epoch so loads that began before now do not store what they fetched.
    static let invalidate = """
        redis.call('DEL', KEYS[1])
        redis.call('INCR', KEYS[2])
        redis.call('PEXPIRE', KEYS[2], ARGV[1])
        return 1
        """
}

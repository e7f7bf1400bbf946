extension RedisCommand {
    /// The keys the command names, by where each command keeps them: all arguments (`DEL`, `EXISTS`,
    /// `MGET`…), the declared keys of a script, the streams of `XREADGROUP`/`XREAD`, the key after the
    /// subcommand of `XGROUP`/`XINFO`, none for server commands (`PING`, `WAIT`, `CLIENT`…), and otherwise
    /// the first argument, where Redis's other data commands keep their one key.
    public var keys: [[UInt8]] {
        let name = arguments.first.map { String(decoding: $0, as: UTF8.self).uppercased() } ?? ""
        let rest = arguments.dropFirst()
        switch name {
        case _ where Self.keyless.contains(name):
            return []
        case "DEL", "UNLINK", "EXISTS", "MGET", "TOUCH", "WATCH":
            return Array(rest)
        case "EVAL", "EVALSHA", "EVAL_RO", "EVALSHA_RO", "FCALL", "FCALL_RO":
            guard rest.count >= 2, let count = Int(String(decoding: rest[rest.startIndex + 1], as: UTF8.self)), count >= 0 else { return [] }
            return Array(rest.dropFirst(2).prefix(count))
        case "XREADGROUP", "XREAD":
            guard let streams = rest.firstIndex(where: { String(decoding: $0, as: UTF8.self).uppercased() == "STREAMS" }) else { return [] }
            let named = rest[(streams + 1)...]
            return Array(named.prefix(named.count / 2))
        case "XGROUP", "XINFO", "OBJECT", "MEMORY":
            return rest.count >= 2 ? [rest[rest.startIndex + 1]] : []
        case "BLPOP", "BRPOP", "BZPOPMIN", "BZPOPMAX":
            return Array(rest.dropLast())
        default:
            return rest.first.map { [$0] } ?? []
        }
    }

    /// The hash slot of the command's first key, where a cluster client sends it; nil for a command without
    /// keys. A command whose keys lie in several slots goes there too, and Redis refuses it (`CROSSSLOT`).
    var hashSlot: Int? { keys.first.map { HashSlot.of($0) } }

    private static let keyless: Set<String> = [
        "PING", "ECHO", "WAIT", "CLIENT", "INFO", "ROLE", "CLUSTER", "ASKING", "READONLY", "READWRITE", "SCRIPT", "CONFIG",
        "FLUSHDB", "FLUSHALL", "DBSIZE", "AUTH", "SELECT", "HELLO", "SUBSCRIBE", "UNSUBSCRIBE", "PUBLISH", "SENTINEL", "TIME",
        "COMMAND", "FUNCTION", "SLOWLOG", "LATENCY", "DEBUG", "MULTI", "EXEC", "DISCARD", "KEYS", "SCAN", "RANDOMKEY",
    ]
}

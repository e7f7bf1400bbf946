import PortalRedis

extension ProvisioningQueue {
    static let untaggedPrefix = "pb:provisioning:"

    /// What moving a queue written under the untagged names found.
    public struct UntaggedKeys: Sendable, Equatable {
        /// Keys now under their tagged name.
        public var moved = 0
        /// Keys left behind because their tagged name is taken (an instance of the version before the tag
        /// kept writing after the move; stop it and start one of these again).
        public var leftBehind = 0

        public init(moved: Int = 0, leftBehind: Int = 0) {
            self.moved = moved
            self.leftBehind = leftBehind
        }
    }

    /// Moves the keys a BFF before the `{provisioning}` tag wrote (`pb:provisioning:…`) to their tagged
    /// names, each with `RENAMENX`, which keeps a stream's consumer group and pending entries: job records,
    /// locks and idempotency keys first, the jobs stream last, so no worker reads a moved entry before its
    /// record. Nothing to do (one `EXISTS`) when the untagged stream is not there, and always on a cluster,
    /// which never held the untagged names. Instances that run it at once each move what the other has not.
    public func moveUntaggedKeys() async throws(RedisError) -> UntaggedKeys {
        var result = UntaggedKeys()
        if case .cluster = redis.configuration.url.topology { return result }
        let oldStream = Self.untaggedPrefix + "jobs"
        guard try await redis.send(RedisCommand("EXISTS", RedisArgument(oldStream))) == .integer(1) else { return result }
        var cursor = "0"
        repeat {
            let reply = try await redis.send(
                RedisCommand("SCAN", RedisArgument(cursor), "MATCH", RedisArgument(Self.untaggedPrefix + "*"), "COUNT", "1000")
            )
            guard case .array(let parts) = reply, parts.count == 2, let next = parts[0].string, case .array(let names) = parts[1] else {
                throw .unexpectedReply("SCAN answered \(reply)")
            }
            cursor = next
            let keys = names.compactMap(\.string).filter { $0 != oldStream }
            try await rename(keys, into: &result)
        } while cursor != "0"
        try await rename([oldStream], into: &result)
        return result
    }

    private func rename(_ keys: [String], into result: inout UntaggedKeys) async throws(RedisError) {
        let replies = try await redis.pipelineReplicated(
            keys.map { key in RedisCommand("RENAMENX", RedisArgument(key), RedisArgument(Self.keyPrefix + key.dropFirst(Self.untaggedPrefix.count))) }
        )
        for reply in replies {
            switch reply {
            case .integer(1): result.moved += 1
            case .integer(0): result.leftBehind += 1
            default: break  // `no such key`: another instance moved it first.
            }
        }
    }
}

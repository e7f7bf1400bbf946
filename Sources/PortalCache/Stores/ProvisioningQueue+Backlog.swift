import Foundation
import PortalRedis

extension ProvisioningQueue {
    /// What an operator watches of the queue: the jobs that wait, how long the oldest has waited, and how
    /// many were dead-lettered.
    public struct Backlog: Sendable, Equatable {
        /// Entries no worker has taken yet, plus those taken and not acknowledged.
        public var waiting: Int
        /// Since when the oldest of those has waited (its entry id's time), or nil when none waits.
        public var oldestSince: Date?
        /// Entries on the dead-letter stream.
        public var deadLetters: Int

        public init(waiting: Int, oldestSince: Date?, deadLetters: Int) {
            self.waiting = waiting
            self.oldestSince = oldestSince
            self.deadLetters = deadLetters
        }
    }

    /// The workers' consumer group as `XINFO GROUPS` describes it (`last-delivered-id`, `lag`…); nil while
    /// the stream or the group is not there.
    func groupInfo() async throws(RedisError) -> [String: RedisValue]? {
        let groups: RedisValue
        do {
            groups = try await redis.send(RedisCommand("XINFO", "GROUPS", RedisArgument(Self.stream)))
        } catch .server(code: .err, _) {
            return nil
        }
        return Self.fields(ofGroup: Self.group, in: groups)
    }

    /// Reads the backlog from the stream's consumer group (`XINFO GROUPS`, `XPENDING`, `XRANGE` after the
    /// group's last delivered id) and the dead-letter stream's length.
    public func backlog() async throws(RedisError) -> Backlog {
        let deadLetters = Int(try await redis.send(RedisCommand("XLEN", RedisArgument(Self.deadLetters))).integer ?? 0)
        guard let group = try await groupInfo(), let lastDelivered = group["last-delivered-id"]?.string else {
            return Backlog(waiting: 0, oldestSince: nil, deadLetters: deadLetters)
        }
        let pending = try await redis.send(RedisCommand("XPENDING", RedisArgument(Self.stream), RedisArgument(Self.group)))
        var waiting = 0
        var oldest: [String] = []
        if case .array(let summary) = pending, summary.count >= 2, let count = summary[0].integer, count > 0, let first = summary[1].string {
            waiting += Int(count)
            oldest.append(first)
        }
        let undelivered = try await redis.send(
            RedisCommand("XRANGE", RedisArgument(Self.stream), RedisArgument("(" + lastDelivered), "+", "COUNT", "1")
        )
        if case .array(let entries) = undelivered, case .array(let entry)? = entries.first, let id = entry.first?.string {
            oldest.append(id)
            waiting += Int(group["lag"]?.integer ?? 1)
        }
        let since = oldest.compactMap(StreamEntry.time(ofId:)).min()
        return Backlog(waiting: waiting, oldestSince: since, deadLetters: deadLetters)
    }

    static func fields(ofGroup name: String, in groups: RedisValue) -> [String: RedisValue]? {
        guard case .array(let all) = groups else { return nil }
        for case .array(let flat) in all {
            var fields: [String: RedisValue] = [:]
            for index in stride(from: 0, to: flat.count - 1, by: 2) {
                if let key = flat[index].string { fields[key] = flat[index + 1] }
            }
            if fields["name"]?.string == name { return fields }
        }
        return nil
    }
}

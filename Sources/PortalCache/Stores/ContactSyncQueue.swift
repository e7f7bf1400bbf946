import Foundation
import PortalRedis

/// Customers whose contact details Salesforce must be brought in line with WHMCS (which changed first),
/// because Salesforce could not be written when the customer changed them. One job per customer: a
/// second change before the job ran only makes it due now again (the job reads WHMCS when it runs, so it
/// always carries the newest details). Each enqueue raises the job's generation; a job is finished only
/// if no enqueue came after the run began, so a change that lands mid-run is synchronised again.
///
/// Keys share the hash tag `{contact-sync}`: `cs:{contact-sync}:due` (job → due time, ms),
/// `cs:{contact-sync}:job:ID` (the job's fields) and `cs:{contact-sync}:dead` (jobs given up on → when).
public struct ContactSyncQueue: Sendable {
    public struct Job: Sendable, Equatable, Codable {
        public let instance: String
        public let clientId: Int
        public let accountId: String

        public init(instance: String, clientId: Int, accountId: String) {
            self.instance = instance
            self.clientId = clientId
            self.accountId = accountId
        }

        public var id: String { "\(instance):\(clientId):\(accountId)" }
    }

    /// A job taken to run: `generation` is what `finish` compares, `attempts` the runs before this one.
    public struct Claimed: Sendable, Equatable {
        public let job: Job
        public let generation: Int
        public let attempts: Int
    }

    public struct Counts: Sendable, Equatable {
        public let pending: Int
        public let dead: Int

        public init(pending: Int, dead: Int) {
            self.pending = pending
            self.dead = dead
        }
    }

    private let redis: RedisClient
    private let prefix: String

    /// `namespace` keeps tests that share one Redis apart.
    public init(redis: RedisClient, namespace: String = "contact-sync") {
        self.redis = redis
        self.prefix = "cs:{\(namespace)}:"
    }

    private var due: String { prefix + "due" }
    private var dead: String { prefix + "dead" }
    private func jobKey(_ id: String) -> String { prefix + "job:" + id }

    /// Records that `job` must run, due at `now`.
    public func enqueue(_ job: Job, now: Date = Date()) async throws(RedisError) {
        let data = String(decoding: try Self.encode(job), as: UTF8.self)
        _ = try await redis.send(
            RedisCommand.evaluate(
                Self.enqueueScript,
                keys: [RedisArgument(due), RedisArgument(jobKey(job.id)), RedisArgument(dead)],
                arguments: [RedisArgument(job.id), RedisArgument(data), RedisArgument(Self.milliseconds(now))]
            )
        )
    }

    /// Takes up to `limit` due jobs, each hidden from other takers for `lease` (it runs again after that if
    /// its taker died).
    public func claim(limit: Int, lease: Duration, now: Date = Date()) async throws(RedisError) -> [Claimed] {
        let reply = try await redis.send(
            RedisCommand.evaluate(
                Self.claimScript,
                keys: [RedisArgument(due)],
                arguments: [
                    RedisArgument(prefix + "job:"), RedisArgument(Self.milliseconds(now)), RedisArgument(Self.milliseconds(now) + lease.milliseconds),
                    RedisArgument(limit),
                ]
            )
        )
        guard case .array(let items) = reply else { return [] }
        var claimed: [Claimed] = []
        var index = 0
        while index + 2 < items.count {
            defer { index += 3 }
            guard let data = items[index].string, let job = try? JSONDecoder().decode(Job.self, from: Data(data.utf8)) else { continue }
            claimed.append(
                Claimed(job: job, generation: Int(items[index + 1].string ?? "") ?? 0, attempts: Int(items[index + 2].string ?? "") ?? 0)
            )
        }
        return claimed
    }

    /// Ends the job if no enqueue came after it was claimed; true when it ended.
    @discardableResult
    public func finish(_ claimed: Claimed) async throws(RedisError) -> Bool {
        let reply = try await redis.send(
            RedisCommand.evaluate(
                Self.finishScript,
                keys: [RedisArgument(due), RedisArgument(jobKey(claimed.job.id))],
                arguments: [RedisArgument(claimed.job.id), RedisArgument(claimed.generation)]
            )
        )
        return reply == .integer(1)
    }

    /// Runs the job again `after` from now, one attempt more.
    public func retry(_ claimed: Claimed, after delay: Duration, now: Date = Date()) async throws(RedisError) {
        _ = try await redis.pipeline([
            RedisCommand("HINCRBY", RedisArgument(jobKey(claimed.job.id)), "attempts", 1),
            RedisCommand("ZADD", RedisArgument(due), "XX", RedisArgument(Self.milliseconds(now) + delay.milliseconds), RedisArgument(claimed.job.id)),
        ])
    }

    /// Gives up on the job: it leaves the due set for the dead set (its fields stay for an operator).
    public func bury(_ claimed: Claimed, reason: String, now: Date = Date()) async throws(RedisError) {
        _ = try await redis.pipeline([
            RedisCommand("HSET", RedisArgument(jobKey(claimed.job.id)), "reason", RedisArgument(reason)),
            RedisCommand("ZREM", RedisArgument(due), RedisArgument(claimed.job.id)),
            RedisCommand("ZADD", RedisArgument(dead), RedisArgument(Self.milliseconds(now)), RedisArgument(claimed.job.id)),
        ])
    }

    /// Whether a job for this customer is waiting or running.
    public func isPending(_ job: Job) async throws(RedisError) -> Bool {
        try await redis.send(RedisCommand("ZSCORE", RedisArgument(due), RedisArgument(job.id))) != .null
    }

    public func counts() async throws(RedisError) -> Counts {
        let replies = try await redis.pipeline([RedisCommand("ZCARD", RedisArgument(due)), RedisCommand("ZCARD", RedisArgument(dead))])
        return Counts(pending: Int(replies.first?.integer ?? 0), dead: Int(replies.last?.integer ?? 0))
    }

    private static func encode(_ job: Job) throws(RedisError) -> Data {
        do {
            return try JSONEncoder().encode(job)
        } catch {
            throw .unexpectedReply("contact sync job cannot be encoded")
        }
    }

    private static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    /// A new change revives a buried job: its fields are fresh and it is due now.
    private static let enqueueScript = RedisScript(
        """
        redis.call('HSET', KEYS[2], 'job', ARGV[2])
        redis.call('HINCRBY', KEYS[2], 'generation', 1)
        redis.call('HDEL', KEYS[2], 'reason')
        redis.call('ZREM', KEYS[3], ARGV[1])
        redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
        return 1
        """
    )

    private static let claimScript = RedisScript(
        """
        local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'LIMIT', 0, tonumber(ARGV[4]))
        local out = {}
        for _, id in ipairs(ids) do
            redis.call('ZADD', KEYS[1], ARGV[3], id)
            local fields = redis.call('HMGET', ARGV[1] .. id, 'job', 'generation', 'attempts')
            if fields[1] then
                table.insert(out, fields[1])
                table.insert(out, fields[2] or '0')
                table.insert(out, fields[3] or '0')
            else
                redis.call('ZREM', KEYS[1], id)
            end
        end
        return out
        """
    )

    private static let finishScript = RedisScript(
        """
        if redis.call('HGET', KEYS[2], 'generation') ~= ARGV[2] then return 0 end
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('DEL', KEYS[2])
        return 1
        """
    )
}

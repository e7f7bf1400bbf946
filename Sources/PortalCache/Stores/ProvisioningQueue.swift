import Foundation
import PortalRedis

/// The provisioning jobs: a Redis Stream read by one consumer group of BFF workers across the fleet, one
/// job record per Salesforce order (its steps, so a crash resumes where it stopped), and a dead-letter
/// stream for jobs that cannot succeed. Every key carries the hash tag `{provisioning}`, so the scripts
/// that queue, dead-letter, retry and discard a job (record, lock, streams) touch one slot of a Redis
/// Cluster: the whole queue lives on one master, which its volume (one entry per order) allows.
public struct ProvisioningQueue: Sendable {
    static let keyPrefix = "pb:{provisioning}:"
    public static let stream = keyPrefix + "jobs"
    public static let deadLetters = keyPrefix + "dead"
    public static let group = "provisioners"

    /// Where a job stands. `adding` means AddOrder was sent and its answer not yet recorded; `failed` that
    /// it was dead-lettered, `discarded` that an operator gave it up (both keep the step reached).
    public enum State: String, Sendable, Codable {
        case queued, adding, added, accepted, done, failed, discarded

        /// Whether no worker runs the job any more.
        public var isFinal: Bool { self == .done || self == .failed || self == .discarded }
    }

    public struct Job: Sendable, Equatable, Encodable {
        public var state: State
        public var accountId: String
        public var whmcsOrderId: Int?
        public var attempts: Int
        public var nextAttemptAt: Int64
        public var lastError: String?
        /// For a `failed` or `discarded` job, the step it had reached when it stopped (nil when unknown,
        /// for jobs stopped before this was recorded).
        public var stoppedInState: State?
        /// The stream entry that last queued it.
        public var messageId: String?
    }

    public struct Delivery: Sendable, Equatable {
        public let messageId: String
        public let orderId: String
    }

    let redis: RedisClient

    public init(redis: RedisClient) {
        self.redis = redis
    }

    /// Moves a queue kept under the untagged names (`moveUntaggedKeys`), then creates the stream and its
    /// consumer group if they are not there yet.
    @discardableResult
    public func prepare() async throws(RedisError) -> UntaggedKeys {
        let untagged = try await moveUntaggedKeys()
        do {
            try await redis.send(RedisCommand("XGROUP", "CREATE", RedisArgument(Self.stream), RedisArgument(Self.group), "0", "MKSTREAM"))
        } catch .server(code: .busyGroup, _) {}
        return untagged
    }

    /// How long an idempotency key is remembered: beyond the 72 hours for which Salesforce replays events.
    public static let idempotencyKeySeconds = 8 * 86_400

    /// Queues the order once: a second request for an order already queued, running or done, or one
    /// carrying an `idempotencyKey` already seen, does nothing. True when it was queued now. On a
    /// Sentinel-managed primary it returns once a replica has the job (`notReplicated` otherwise); a repeat
    /// still writes (it counts itself on the record), so its acknowledgement covers the first one's job too.
    @discardableResult
    public func enqueue(orderId: String, accountId: String?, idempotencyKey: String? = nil) async throws(RedisError) -> Bool {
        let reply = try await redis.sendReplicated(
            RedisCommand.evaluate(
                Self.enqueueScript,
                keys: [RedisArgument(Self.jobKey(orderId)), RedisArgument(Self.stream)]
                    + (idempotencyKey.map { [RedisArgument(Self.idempotencyKey($0))] } ?? []),
                arguments: [RedisArgument(orderId), RedisArgument(accountId ?? ""), RedisArgument(Self.idempotencyKeySeconds)]
            )
        )
        return reply == .integer(1)
    }

    private static let enqueueScript = RedisScript(
        """
        if KEYS[3] and redis.call('EXISTS', KEYS[3]) == 1 then
          redis.call('EXPIRE', KEYS[3], ARGV[3])
          return 0
        end
        if redis.call('HSETNX', KEYS[1], 'state', 'queued') == 0 then
          redis.call('HINCRBY', KEYS[1], 'repeats', 1)
          return 0
        end
        redis.call('HSET', KEYS[1], 'accountId', ARGV[2], 'attempts', 0, 'nextAttemptAt', 0)
        if KEYS[3] then redis.call('SET', KEYS[3], ARGV[1], 'EX', ARGV[3]) end
        redis.call('HSET', KEYS[1], 'messageId', redis.call('XADD', KEYS[2], '*', 'orderId', ARGV[1]))
        return 1
        """
    )

    /// The next new job for `consumer`, if any.
    public func next(consumer: String) async throws(RedisError) -> Delivery? {
        let reply = try await redis.send(
            RedisCommand(
                "XREADGROUP",
                "GROUP",
                RedisArgument(Self.group),
                RedisArgument(consumer),
                "COUNT",
                "1",
                "STREAMS",
                RedisArgument(Self.stream),
                ">"
            )
        )
        guard case .array(let streams) = reply, case .array(let stream)? = streams.first, stream.count == 2, case .array(let entries) = stream[1]
        else {
            return nil
        }
        return entries.compactMap(Self.delivery).first
    }

    /// Jobs another worker has held for `idle` without acknowledging (it died, or is retrying), now `consumer`'s.
    public func claimAbandoned(consumer: String, idle: Duration) async throws(RedisError) -> [Delivery] {
        let reply = try await redis.send(
            RedisCommand(
                "XAUTOCLAIM",
                RedisArgument(Self.stream),
                RedisArgument(Self.group),
                RedisArgument(consumer),
                RedisArgument(idle.milliseconds),
                "0-0",
                "COUNT",
                "10"
            )
        )
        guard case .array(let parts) = reply, parts.count >= 2, case .array(let entries) = parts[1] else { return [] }
        return entries.compactMap(Self.delivery)
    }

    public func acknowledge(_ delivery: Delivery) async throws(RedisError) {
        try await redis.send(RedisCommand("XACK", RedisArgument(Self.stream), RedisArgument(Self.group), RedisArgument(delivery.messageId)))
    }

    public func job(_ orderId: String) async throws(RedisError) -> Job? {
        guard case .array(let flat) = try await redis.send(RedisCommand("HGETALL", RedisArgument(Self.jobKey(orderId)))), !flat.isEmpty else {
            return nil
        }
        return Self.job(from: Self.fields(flat))
    }

    static func job(from fields: [String: String]) -> Job? {
        guard let state = fields["state"].flatMap(State.init) else { return nil }
        return Job(
            state: state,
            accountId: fields["accountId"] ?? "",
            whmcsOrderId: fields["whmcsOrderId"].flatMap { Int($0) },
            attempts: fields["attempts"].flatMap { Int($0) } ?? 0,
            nextAttemptAt: fields["nextAttemptAt"].flatMap { Int64($0) } ?? 0,
            lastError: fields["lastError"],
            stoppedInState: fields["stoppedInState"].flatMap(State.init),
            messageId: fields["messageId"]
        )
    }

    /// Records fields of the job (its step, the WHMCS order, attempts), on a Sentinel-managed primary only
    /// once a replica has them: a step lost on a failover would have the job do it again.
    public func record(_ orderId: String, _ fields: [String: String]) async throws(RedisError) {
        var arguments = [RedisArgument(Self.jobKey(orderId))]
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            arguments += [RedisArgument(key), RedisArgument(value)]
        }
        try await redis.sendReplicated(RedisCommand("HSET", arguments))
    }

    /// Parks a job that cannot succeed: state `failed` (the step it reached kept as `stoppedInState`), its
    /// reason on the dead-letter stream, acknowledged.
    public func deadLetter(_ delivery: Delivery, reason: String, at time: Date) async throws(RedisError) {
        try await redis.send(
            RedisCommand.evaluate(
                Self.deadLetterScript,
                keys: [RedisArgument(Self.jobKey(delivery.orderId)), RedisArgument(Self.deadLetters), RedisArgument(Self.stream)],
                arguments: [
                    RedisArgument(delivery.orderId), RedisArgument(reason), RedisArgument(Int64(time.timeIntervalSince1970)),
                    RedisArgument(Self.group), RedisArgument(delivery.messageId),
                ]
            )
        )
    }

    private static let deadLetterScript = RedisScript(
        """
        local state = redis.call('HGET', KEYS[1], 'state') or 'queued'
        if state ~= 'failed' and state ~= 'discarded' then redis.call('HSET', KEYS[1], 'stoppedInState', state) end
        redis.call('HSET', KEYS[1], 'state', 'failed', 'lastError', ARGV[2])
        redis.call('XADD', KEYS[2], '*', 'orderId', ARGV[1], 'reason', ARGV[2], 'at', ARGV[3], 'step', state)
        redis.call('XACK', KEYS[3], ARGV[4], ARGV[5])
        return 1
        """
    )

    /// Takes the order's lock so only one worker runs a job at a time, even when one was claimed from a
    /// slow (not dead) worker. The lock expires on its own if its holder dies.
    public func lock(_ orderId: String, holder: String, for duration: Duration) async throws(RedisError) -> Bool {
        let reply = try await redis.send(
            RedisCommand(
                "SET",
                RedisArgument(Self.lockKey(orderId)),
                RedisArgument(holder),
                "NX",
                "PX",
                RedisArgument(Int(duration.components.seconds * 1000))
            )
        )
        return reply != .null
    }

    public func unlock(_ orderId: String, holder: String) async {
        _ = try? await redis.send(
            RedisCommand.evaluate(IdempotencyScripts.unlock, keys: [RedisArgument(Self.lockKey(orderId))], arguments: [RedisArgument(holder)])
        )
    }

    static func jobKey(_ orderId: String) -> String { keyPrefix + "job:\(orderId)" }
    static func lockKey(_ orderId: String) -> String { keyPrefix + "lock:\(orderId)" }
    private static func idempotencyKey(_ key: String) -> String { keyPrefix + "idem:\(key)" }

    static func delivery(_ entry: RedisValue) -> Delivery? {
        guard case .array(let pair) = entry, pair.count == 2, let id = pair[0].string, case .array(let flat) = pair[1],
            let orderId = fields(flat)["orderId"]
        else { return nil }
        return Delivery(messageId: id, orderId: orderId)
    }

    /// A reply of alternating names and values (HGETALL, a stream entry's fields) as a dictionary.
    static func fields(_ flat: [RedisValue]) -> [String: String] {
        var fields: [String: String] = [:]
        for index in stride(from: 0, to: flat.count - 1, by: 2) {
            if let key = flat[index].string, let value = flat[index + 1].string { fields[key] = value }
        }
        return fields
    }
}

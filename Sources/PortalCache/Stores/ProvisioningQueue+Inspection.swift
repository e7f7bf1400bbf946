import Foundation
import PortalRedis

extension ProvisioningQueue {
    public static let audit = keyPrefix + "audit"

    /// A job on the stream that no worker has finished: taken by `consumer` (and not acknowledged) or not
    /// taken yet (`consumer` nil).
    public struct WaitingJob: Sendable, Equatable, Encodable {
        public var orderId: String
        public var messageId: String
        public var queuedAt: Date?
        public var consumer: String?
        public var idleMilliseconds: Int64?
        public var deliveries: Int
        /// The job's record; nil when the stream names an order without one.
        public var job: Job?
    }

    /// An entry of the dead-letter stream, with what became of its job since.
    public struct DeadLetteredJob: Sendable, Equatable, Encodable {
        public var entryId: String
        public var orderId: String
        public var reason: String
        public var at: Date?
        /// The step the job had reached (absent on entries older than this field).
        public var step: State?
        public var job: Job?
    }

    /// What an operator did to a job, as kept on the audit stream.
    public struct AuditEntry: Sendable, Equatable, Encodable {
        public var entryId: String
        public var action: String
        public var orderId: String
        public var fromState: String
        public var toState: String?
        public var reason: String
        public var by: String
        public var at: Date?
    }

    /// Everything known of one order's job.
    public struct JobDetails: Sendable, Equatable, Encodable {
        public var orderId: String
        public var job: Job
        /// The worker running it now, and for how much longer its lock holds.
        public var lockHolder: String?
        public var lockExpiresInMilliseconds: Int64?
        /// Its stream entry when a worker has taken it and not acknowledged it.
        public var pending: WaitingJob?
        public var deadLetters: [DeadLetteredJob]
        public var audit: [AuditEntry]
    }

    /// The jobs waiting on the stream, oldest first: those taken and not acknowledged (`XPENDING`), then
    /// those not taken yet (after the group's last delivered id), at most `limit` of each.
    public func waitingJobs(limit: Int) async throws(RedisError) -> [WaitingJob] {
        guard let lastDelivered = try await groupInfo()?["last-delivered-id"]?.string else { return [] }
        let replies = try await redis.pipeline([
            RedisCommand("XPENDING", RedisArgument(Self.stream), RedisArgument(Self.group), "-", "+", RedisArgument(limit)),
            RedisCommand("XRANGE", RedisArgument(Self.stream), RedisArgument("(" + lastDelivered), "+", "COUNT", RedisArgument(limit)),
        ])
        var waiting = Self.pendingJobs(replies[0])
        let entries = try await redis.pipeline(
            waiting.map { RedisCommand("XRANGE", RedisArgument(Self.stream), RedisArgument($0.messageId), RedisArgument($0.messageId)) }
        )
        for (index, reply) in zip(waiting.indices, entries) { waiting[index].orderId = StreamEntry.entries(of: reply).first?.fields["orderId"] ?? "" }
        let pendingIds = Set(waiting.map(\.messageId))
        for entry in StreamEntry.entries(of: replies[1]) where !pendingIds.contains(entry.id) {
            guard let orderId = entry.fields["orderId"] else { continue }
            waiting.append(WaitingJob(orderId: orderId, messageId: entry.id, queuedAt: entry.time, deliveries: 0))
        }
        let jobs = try await jobs(of: waiting.map(\.orderId))
        for index in waiting.indices { waiting[index].job = jobs[index] }
        return waiting
    }

    /// The newest `limit` dead-lettered jobs, newest first.
    public func deadLetteredJobs(limit: Int) async throws(RedisError) -> [DeadLetteredJob] {
        var letters = try await StreamEntry.newest(limit, of: Self.deadLetters, redis: redis).compactMap(Self.deadLetter)
        let jobs = try await jobs(of: letters.map(\.orderId))
        for index in letters.indices { letters[index].job = jobs[index] }
        return letters
    }

    /// The order's job, its lock, its pending delivery, its dead letters and what operators did to it; nil
    /// when there is no job for the order.
    public func details(of orderId: String) async throws(RedisError) -> JobDetails? {
        guard let job = try await job(orderId) else { return nil }
        let lock = try await redis.pipeline([
            RedisCommand("GET", RedisArgument(Self.lockKey(orderId))), RedisCommand("PTTL", RedisArgument(Self.lockKey(orderId))),
        ])
        var pending: WaitingJob?
        if let messageId = job.messageId {
            let reply = try await redis.send(
                RedisCommand(
                    "XPENDING",
                    RedisArgument(Self.stream),
                    RedisArgument(Self.group),
                    RedisArgument(messageId),
                    RedisArgument(messageId),
                    "1"
                )
            )
            pending = Self.pendingJobs(reply).first
            pending?.orderId = orderId
        }
        let letters = try await StreamEntry.matching("orderId", orderId, in: Self.deadLetters, redis: redis).compactMap(Self.deadLetter)
        let audit = try await auditEntries(of: orderId)
        return JobDetails(
            orderId: orderId,
            job: job,
            lockHolder: lock[0].string,
            lockExpiresInMilliseconds: lock[0].string == nil ? nil : lock[1].integer,
            pending: pending,
            deadLetters: letters,
            audit: audit
        )
    }

    /// What operators did to the order's job, newest first.
    public func auditEntries(of orderId: String) async throws(RedisError) -> [AuditEntry] {
        try await StreamEntry.matching("orderId", orderId, in: Self.audit, redis: redis).compactMap { entry in
            guard let action = entry.fields["action"] else { return nil }
            return AuditEntry(
                entryId: entry.id,
                action: action,
                orderId: orderId,
                fromState: entry.fields["fromState"] ?? "",
                toState: entry.fields["toState"],
                reason: entry.fields["reason"] ?? "",
                by: entry.fields["by"] ?? "",
                at: entry.recordedAt
            )
        }
    }

    private func jobs(of orderIds: [String]) async throws(RedisError) -> [Job?] {
        let replies = try await redis.pipeline(orderIds.map { RedisCommand("HGETALL", RedisArgument(Self.jobKey($0))) })
        return replies.map { reply in
            guard case .array(let flat) = reply else { return nil }
            return Self.job(from: Self.fields(flat))
        }
    }

    /// The entries of an extended `XPENDING` reply: id, consumer, idle milliseconds, deliveries. That reply
    /// has no order id; callers read it from the stream.
    private static func pendingJobs(_ reply: RedisValue) -> [WaitingJob] {
        guard case .array(let rows) = reply else { return [] }
        return rows.compactMap { row in
            guard case .array(let columns) = row, columns.count == 4, let id = columns[0].string else { return nil }
            return WaitingJob(
                orderId: "",
                messageId: id,
                queuedAt: StreamEntry.time(ofId: id),
                consumer: columns[1].string,
                idleMilliseconds: columns[2].integer,
                deliveries: Int(columns[3].integer ?? 0)
            )
        }
    }

    private static func deadLetter(_ entry: StreamEntry) -> DeadLetteredJob? {
        guard let orderId = entry.fields["orderId"] else { return nil }
        return DeadLetteredJob(
            entryId: entry.id,
            orderId: orderId,
            reason: entry.fields["reason"] ?? "",
            at: entry.recordedAt,
            step: entry.fields["step"].flatMap(State.init)
        )
    }
}

import Foundation
import PortalRedis

/// Idempotency keys of write requests, in Redis for a day. Each key has a record (`IdempotencyRecord`)
/// and a lock: only the request holding the lock acts on the key (does the write, reconciles it, records
/// its answer or releases the key). A repeat of a finished request gets its answer again, one with a
/// different request is a conflict, and one that arrives while another holds the lock waits for it.
/// A lock outlives its holder by at most `leaseDuration`, longer than any write may take.
public struct IdempotencyStore: Sendable {
    public enum Claim: Sendable, Equatable {
        /// The key is yours: the lease's record says how far an earlier request got.
        case acquired(Lease)
        /// Done before: answer this again.
        case replay(status: Int, body: Data)
        /// The key was used for a different request.
        case conflict
        /// Another request still holds the key after the wait limit.
        case inProgress
    }

    /// What taking another key (to settle its write) found.
    public enum Takeover: Sendable, Equatable {
        case acquired(Lease)
        /// Someone else holds it.
        case busy
        /// There is no record (any more): nothing to settle.
        case missing
    }

    /// A held key lock and the key's record as it stands.
    public struct Lease: Sendable, Equatable {
        public let name: String
        fileprivate let token: String
        public fileprivate(set) var record: IdempotencyRecord
    }

    /// Whether a resource (e.g. a SIM) is free for a write.
    public enum ResourceClaim: Sendable, Equatable {
        case acquired
        /// The key name of the write that holds it.
        case heldBy(String)
    }

    private let redis: RedisClient
    private let lifetimeSeconds: Int
    private let waitLimit: Duration
    private let leaseDuration: Duration

    public init(redis: RedisClient, lifetimeSeconds: Int = 86_400, waitLimit: Duration = .seconds(15), leaseDuration: Duration = .seconds(120)) {
        self.redis = redis
        self.lifetimeSeconds = lifetimeSeconds
        self.waitLimit = waitLimit
        self.leaseDuration = leaseDuration
    }

    /// The same store with records that live `seconds` (for answers that must not outlive what they hand
    /// out, such as a one-time payment link).
    public func keepingRecords(forSeconds seconds: Int) -> IdempotencyStore {
        IdempotencyStore(redis: redis, lifetimeSeconds: seconds, waitLimit: waitLimit, leaseDuration: leaseDuration)
    }

    /// `name` names the key unambiguously (scope, subject and key, encoded by the caller); `fingerprint`
    /// is a digest of the request.
    public func claim(_ name: String, fingerprint: String) async throws(RedisError) -> Claim {
        let deadline = ContinuousClock.now + waitLimit
        while true {
            if let record = try await read(name) {
                guard record.fingerprint == fingerprint else { return .conflict }
                if record.state == .done, let status = record.status, let body = record.body { return .replay(status: status, body: body) }
            }
            if let token = try await lock(name) {
                let lease: Lease
                if let record = try await read(name) {
                    lease = Lease(name: name, token: token, record: record)
                    guard record.fingerprint == fingerprint, record.state != .done else {
                        await unlock(lease)
                        continue
                    }
                } else {
                    lease = Lease(name: name, token: token, record: IdempotencyRecord(fingerprint: fingerprint))
                    guard try await store(lease) else { continue }
                }
                return .acquired(lease)
            }
            guard ContinuousClock.now < deadline else { return .inProgress }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Takes the key `name` of another request, to settle a write whose outcome it left unknown.
    public func take(_ name: String) async throws(RedisError) -> Takeover {
        guard let token = try await lock(name) else { return .busy }
        guard let record = try await read(name) else {
            await unlock(Lease(name: name, token: token, record: IdempotencyRecord(fingerprint: "")))
            return .missing
        }
        return .acquired(Lease(name: name, token: token, record: record))
    }

    /// Records, before the write is sent, what reconciliation will need; false when the lock was lost
    /// (the write must not be sent then).
    public func sending(_ lease: inout Lease, plan: Data, resource: String?, at time: Date) async throws(RedisError) -> Bool {
        lease.record.state = .sending
        lease.record.plan = plan
        lease.record.resource = resource
        lease.record.sentAt = time.timeIntervalSince1970
        return try await store(lease)
    }

    /// Starts the key's write over, the earlier attempt having proved not to take effect; the resource
    /// stays held.
    public func restart(_ lease: Lease) async throws(RedisError) -> Lease {
        var fresh = lease
        fresh.record = IdempotencyRecord(fingerprint: lease.record.fingerprint)
        fresh.record.resource = lease.record.resource
        _ = try await store(fresh)
        return fresh
    }

    /// Records the answer for repeats of the request and gives up the key and its resource.
    public func complete(_ lease: Lease, status: Int, body: Data) async throws(RedisError) {
        var done = lease
        done.record.state = .done
        done.record.status = status
        done.record.body = body
        done.record.plan = nil
        _ = try await store(done)
        if let resource = lease.record.resource { await release(resource: resource, holder: lease.name) }
        await unlock(lease)
    }

    /// Forgets a key whose request certainly did nothing, so that a retry may do it, and frees its resource.
    public func release(_ lease: Lease) async {
        if let resource = lease.record.resource { await release(resource: resource, holder: lease.name) }
        _ = try? await redis.send(
            RedisCommand.evaluate(
                IdempotencyScripts.releaseRecord,
                keys: [RedisArgument(lockKey(lease.name)), RedisArgument(recordKey(lease.name))],
                arguments: [RedisArgument(lease.token)]
            )
        )
    }

    /// Lets go of the key, its record as it stands (a write of unknown outcome stays unknown).
    public func unlock(_ lease: Lease) async {
        _ = try? await redis.send(
            RedisCommand.evaluate(IdempotencyScripts.unlock, keys: [RedisArgument(lockKey(lease.name))], arguments: [RedisArgument(lease.token)])
        )
    }

    /// Makes the write of key `holder` the only one on `resource` until it is settled (`complete` or
    /// `release`); tells who holds it when another write does.
    public func acquire(resource: String, holder: String) async throws(RedisError) -> ResourceClaim {
        let set = try await redis.send(
            RedisCommand(
                "SET",
                RedisArgument(resourceKey(resource)),
                RedisArgument(holder),
                "NX",
                "EX",
                RedisArgument(lifetimeSeconds)
            )
        )
        if set != .null { return .acquired }
        guard case .bytes(let current) = try await redis.send(RedisCommand("GET", RedisArgument(resourceKey(resource)))) else {
            return try await acquire(resource: resource, holder: holder)
        }
        let name = String(decoding: current, as: UTF8.self)
        return name == holder ? .acquired : .heldBy(name)
    }

    /// Hands `resource` from a holder whose write is settled (or gone) to `holder`; false when it moved meanwhile.
    public func handOver(resource: String, from previous: String, to holder: String) async throws(RedisError) -> Bool {
        let moved = try await redis.send(
            RedisCommand.evaluate(
                IdempotencyScripts.handOver,
                keys: [RedisArgument(resourceKey(resource))],
                arguments: [RedisArgument(previous), RedisArgument(holder), RedisArgument(lifetimeSeconds)]
            )
        )
        return moved == .integer(1)
    }

    /// Frees `resource` if the write of key `holder` still holds it.
    public func release(resource: String, holder: String) async {
        _ = try? await redis.send(
            RedisCommand.evaluate(IdempotencyScripts.unlock, keys: [RedisArgument(resourceKey(resource))], arguments: [RedisArgument(holder)])
        )
    }

    private func lock(_ name: String) async throws(RedisError) -> String? {
        let token = UUID().uuidString
        let set = try await redis.send(
            RedisCommand(
                "SET",
                RedisArgument(lockKey(name)),
                RedisArgument(token),
                "NX",
                "PX",
                RedisArgument(Int(leaseDuration / .milliseconds(1)))
            )
        )
        return set == .null ? nil : token
    }

    private func read(_ name: String) async throws(RedisError) -> IdempotencyRecord? {
        guard case .bytes(let stored) = try await redis.send(RedisCommand("GET", RedisArgument(recordKey(name)))) else { return nil }
        guard let record = try? JSONDecoder().decode(IdempotencyRecord.self, from: Data(stored)) else {
            throw .unexpectedReply("idempotency record is unreadable")
        }
        return record
    }

    /// Writes the lease's record while its lock is held.
    private func store(_ lease: Lease) async throws(RedisError) -> Bool {
        guard let data = try? JSONEncoder().encode(lease.record) else { throw .unexpectedReply("idempotency record cannot be encoded") }
        // Replicated before the write goes upstream: a record lost on a failover would let a retry send it again.
        let stored = try await redis.sendReplicated(
            RedisCommand.evaluate(
                IdempotencyScripts.storeIfLocked,
                keys: [RedisArgument(lockKey(lease.name)), RedisArgument(recordKey(lease.name))],
                arguments: [RedisArgument(lease.token), RedisArgument(Array(data)), RedisArgument(lifetimeSeconds)]
            )
        )
        return stored == .integer(1)
    }

    /// The key's record and lock share a hash tag: one Redis Cluster slot.
    private func recordKey(_ name: String) -> String { "pb:{idempotency:\(name)}" }
    private func lockKey(_ name: String) -> String { "pb:{idempotency:\(name)}:lock" }
    private func resourceKey(_ resource: String) -> String { "pb:{\(resource)}:writer" }
}

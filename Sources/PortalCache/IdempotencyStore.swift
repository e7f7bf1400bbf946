import Foundation
import PortalRedis

/// Idempotency keys of write requests, in Redis for a day: the first request with a key does the work and
/// records its answer; a repeat with the same request gets that answer again, one with a different request
/// is a conflict, and one that arrives while the first is still working waits for its answer.
public struct IdempotencyStore: Sendable {
    public enum Claim: Sendable, Equatable {
        /// First time: do the work, then `complete` (or `abandon` if nothing was done).
        case proceed
        /// Done before: answer this again.
        case replay(status: Int, body: Data)
        /// The key was used for a different request.
        case conflict
        /// The first request is still working after the wait limit.
        case inProgress
    }

    private struct Record: Codable {
        let fingerprint: String
        var status: Int?
        var body: Data?
    }

    private let redis: RedisClient
    private let lifetimeSeconds: Int
    private let waitLimit: Duration

    public init(redis: RedisClient, lifetimeSeconds: Int = 86_400, waitLimit: Duration = .seconds(15)) {
        self.redis = redis
        self.lifetimeSeconds = lifetimeSeconds
        self.waitLimit = waitLimit
    }

    /// `key` names the key's scope and owner too (`order:cust-001:KEY`); `fingerprint` is a digest of the request.
    public func claim(_ key: String, fingerprint: String) async throws(RedisError) -> Claim {
        let deadline = ContinuousClock.now + waitLimit
        while true {
            let pending = try encoded(Record(fingerprint: fingerprint))
            let set = try await redis.send(
                RedisCommand("SET", RedisArgument(redisKey(key)), RedisArgument(pending), "NX", "EX", RedisArgument(lifetimeSeconds)))
            if set != .null { return .proceed }
            guard case .bytes(let stored) = try await redis.send(RedisCommand("GET", RedisArgument(redisKey(key)))) else { continue }
            guard let record = try? JSONDecoder().decode(Record.self, from: Data(stored)) else { throw .unexpectedReply("idempotency record is unreadable") }
            guard record.fingerprint == fingerprint else { return .conflict }
            if let status = record.status, let body = record.body { return .replay(status: status, body: body) }
            guard ContinuousClock.now < deadline else { return .inProgress }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Records the answer for repeats of the request.
    public func complete(_ key: String, fingerprint: String, status: Int, body: Data) async throws(RedisError) {
        let done = try encoded(Record(fingerprint: fingerprint, status: status, body: body))
        try await redis.send(RedisCommand("SET", RedisArgument(redisKey(key)), RedisArgument(done), "EX", RedisArgument(lifetimeSeconds)))
    }

    /// Forgets a key whose request did nothing, so that a retry may do it.
    public func abandon(_ key: String) async {
        _ = try? await redis.send(RedisCommand("DEL", RedisArgument(redisKey(key))))
    }

    private func redisKey(_ key: String) -> String { "pb:idempotency:\(key)" }

    private func encoded(_ record: Record) throws(RedisError) -> [UInt8] {
        guard let data = try? JSONEncoder().encode(record) else { throw .unexpectedReply("idempotency record cannot be encoded") }
        return Array(data)
    }
}

import Foundation
import PortalRedis
import TestSupport
import Testing

@Suite("Redis scripts by SHA-1", .enabled(if: TestRedis.isAvailable, "needs redis-server (make test installs it)"))
struct RedisScriptTests {
    static let increment = RedisScript("return redis.call('INCRBY', KEYS[1], ARGV[1])")

    @Test func theSHA1IsTheOneRedisComputesForTheText() async throws {
        let client = try TestRedis.client()
        let loaded = try await client.send(RedisCommand("SCRIPT", "LOAD", RedisArgument(Self.increment.source)))
        #expect(loaded.bytes == Self.increment.sha1)
    }

    @Test func aScriptRunsOnceAfterRedisForgotItsScriptsAndIsThenSentBySHA1Again() async throws {
        let server = try OwnRedisServer()
        try await server.start()
        let client = RedisClient(configuration: RedisConfiguration(url: try RedisURL(server.url), poolSize: 1))
        try await withTeardown(client, stop: { await $0.shutdown() }) { client in
            let key = RedisArgument("counter")
            #expect(try await client.send(.evaluate(Self.increment, keys: [key], arguments: [2])) == .integer(2))
            #expect(try await client.send(.evaluate(Self.increment, keys: [key], arguments: [3])) == .integer(5))
            try await client.send(RedisCommand("SCRIPT", "FLUSH"))
            #expect(try await client.send(.evaluate(Self.increment, keys: [key], arguments: [4])) == .integer(9))
            #expect(try await client.send(.evaluate(Self.increment, keys: [key], arguments: [1])) == .integer(10))
            let stats = try await client.send(RedisCommand("INFO", "commandstats")).string ?? ""
            // EVAL twice (first use, after the flush), EVALSHA three times (one refused with NOSCRIPT).
            #expect(stats.contains("cmdstat_eval:calls=2,"))
            #expect(stats.contains("cmdstat_evalsha:calls=3,") || stats.contains("cmdstat_evalsha:calls=2,"))
        }
        try await server.stop()
    }
}

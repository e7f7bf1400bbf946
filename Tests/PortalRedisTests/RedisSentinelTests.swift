import Foundation
import PortalRedis
import TestSupport
import Testing

/// A client of `redis+sentinel://` against a real Sentinel set (one master, one replica, three sentinels):
/// it finds the master through the sentinels and follows a failover without being restarted.
@Suite("Redis over Sentinel", .serialized, .enabled(if: TestRedis.isAvailable, "needs redis-server (make test installs it)"))
struct RedisSentinelTests {
    private func withSentinels(_ body: (SentinelSet, RedisClient) async throws -> Void) async throws {
        let set = try SentinelSet()
        try await set.start()
        let client = RedisClient(
            configuration: RedisConfiguration(
                url: try RedisURL(set.url(database: 2)),
                poolSize: 2,
                initialBackoff: .milliseconds(50),
                maximumBackoff: .milliseconds(200)
            )
        )
        try await withTeardown(
            (set, client),
            stop: { parts in
                await parts.1.shutdown()
                await parts.0.stop()
            }
        ) { parts in try await body(parts.0, parts.1) }
    }

    /// The port of the server the client's connection is on.
    private func connectedPort(_ client: RedisClient) async throws -> Int? {
        guard case .array(let pair) = try await client.send(RedisCommand("CONFIG", "GET", "port")), pair.count == 2 else { return nil }
        return pair[1].string.flatMap { Int($0) }
    }

    /// Writes `key` until a write succeeds (every attempt's failure is the failover's), at most 20 s.
    private func writeUntilAccepted(_ client: RedisClient, _ key: String) async throws -> Duration {
        let started = ContinuousClock.now
        while ContinuousClock.now - started < .seconds(20) {
            if (try? await client.send(RedisCommand("SET", RedisArgument(key), "after"))) == .status("OK") { return ContinuousClock.now - started }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw NotReady(what: "a write after the failover")
    }

    @Test func theClientFindsTheMasterThroughTheSentinelsAndWritesThere() async throws {
        try await withSentinels { (sentinels: SentinelSet, client: RedisClient) async throws in
            #expect(try await client.send(RedisCommand("SET", "sentinel:key", "v")) == .status("OK"))
            #expect(try await connectedPort(client) == sentinels.master.port)
            #expect(try await client.send(RedisCommand("CLIENT", "INFO")).string?.contains("db=2") == true)
        }
    }

    @Test func aKilledMasterIsReplacedByThePromotedReplicaWithoutARestart() async throws {
        try await withSentinels { (sentinels: SentinelSet, client: RedisClient) async throws in
            #expect(try await client.send(RedisCommand("SET", "sentinel:key", "before")) == .status("OK"))
            try await sentinels.master.stop()
            let waited = try await writeUntilAccepted(client, "sentinel:key")
            #expect(try await connectedPort(client) == sentinels.replica.port)
            #expect(try await sentinels.masterPort() == sentinels.replica.port)
            #expect(waited < .seconds(20))
            try await Task.sleep(for: .milliseconds(600))
            #expect(client.topologyDescription.contains("sentinel master portal at 127.0.0.1:\(sentinels.replica.port)"))
            #expect(client.masterSwitches >= 1, "the move to the promoted replica is counted")
        }
    }

    @Test func aMasterDemotedWhileUpIsLeftForTheNewOne() async throws {
        try await withSentinels { (sentinels: SentinelSet, client: RedisClient) async throws in
            #expect(try await connectedPort(client) == sentinels.master.port)
            try await sentinels.failOver()
            for _ in 0..<200 where try await sentinels.masterPort() != sentinels.replica.port { try await Task.sleep(for: .milliseconds(50)) }
            // The watcher asks the sentinels every 500 ms.
            try await Task.sleep(for: .milliseconds(1200))
            _ = try await writeUntilAccepted(client, "sentinel:key")
            #expect(try await connectedPort(client) == sentinels.replica.port)
        }
    }

    @Test func aReplicatedWriteReturnsOnceTheReplicaHasItAndFailsWhenNoneAcknowledges() async throws {
        try await withSentinels { (sentinels: SentinelSet, client: RedisClient) async throws in
            #expect(try await client.sendReplicated(RedisCommand("SET", "sentinel:job", "queued")) == .status("OK"))
            let replica = RedisClient(configuration: RedisConfiguration(url: try RedisURL(sentinels.replica.url(database: 2)), poolSize: 1))
            let copied = try await withTeardown(replica, stop: { await $0.shutdown() }) { replica in
                try await replica.send(RedisCommand("GET", "sentinel:job")).string
            }
            #expect(copied == "queued", "WAIT 1 returned, so the replica has it")

            sentinels.replica.pause()
            await #expect(throws: RedisError.notReplicated) {
                try await client.sendReplicated(RedisCommand("SET", "sentinel:job", "again"))
            }
            #expect(try await client.send(RedisCommand("GET", "sentinel:job")).string == "again", "the master applied it all the same")
        }
    }

    @Test func aReplicatedWriteToOneServerIsAPlainWrite() async throws {
        try await OwnRedisServer.withClient { (redis: RedisClient, _: String) async throws in
            #expect(try await redis.sendReplicated(RedisCommand("SET", "standalone:job", "queued")) == .status("OK"))
        }
    }

    @Test(arguments: [
        "redis+sentinel://127.0.0.1:26379", "redis+sentinel:///portal", "redis+sentinel://host/portal", "redis+sentinel://h:1/portal/x",
    ])
    func malformedSentinelURLsAreRefused(text: String) {
        #expect {
            try RedisURL(text)
        } throws: { error in
            if case .invalidURL = error as? RedisError { true } else { false }
        }
    }

    @Test func aSentinelURLNamesTheSentinelsTheMasterAndTheDatabase() throws {
        let url = try RedisURL("redis+sentinel://:s%40cret@10.0.0.1:26379,10.0.0.2:26380/portal/4")
        let sentinels = [RedisEndpoint(host: "10.0.0.1", port: 26379), RedisEndpoint(host: "10.0.0.2", port: 26380)]
        #expect(url.topology == .sentinel(masterName: "portal", sentinels: sentinels))
        #expect(url.database == 4)
        #expect(url.password == "s@cret")
        #expect(url.description == "redis+sentinel://:***@10.0.0.1:26379,10.0.0.2:26380/portal/4")
    }
}
